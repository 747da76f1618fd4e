//! `POST /work/erasures` (the secretariat): erases a person's data — an objector's, a user's,
//! or a nomination's nominee — through `node.persons().erase`, the same action as
//! `POST /api/v1/erasures`. The form sits on the objections page, the users page and the
//! nomination page; it names a `person_id` or a `nomination_id`, a required reason, and the
//! page to go back to, where a banner says it is done and the person shows as erased.
//!
//! The reason is required by the action too; a blank one is refused here first, on the error
//! page in the reader's language (the form sits on three different pages, and its textarea is
//! `required`, so a browser asks before posting anyway).

use accolade_app::actions::Ask;
use accolade_app::actions::persons::Erasure;
use axum::extract::State;
use serde::Deserialize;
use uuid::Uuid;

use super::{caller, signed_in};
use crate::render::{PageResult, Posted, csrf_form, error_page, see_other};
use accolade_http::error::ApiError;
use accolade_http::state::AppState;

/// What the form posts: one of the two ids, the reason, and where to go back to.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Form {
    csrf: String,
    person_id: String,
    nomination_id: String,
    reason: String,
    back: String,
}
csrf_form!(Form);

/// An id as posted: blank is none, anything else must be a UUID.
fn id(v: &str) -> Result<Option<Uuid>, ()> {
    match v.trim() {
        "" => Ok(None),
        v => v.parse().map(Some).map_err(|_| ()),
    }
}

/// Where to go back to: a local `/work/...` path, else the objections page; `done=erased`
/// added for the banner (and the fragment kept at the end, where a browser reads it).
fn back_to(back: &str) -> String {
    let back = if crate::redirect::local(back) == back && back.starts_with("/work/") {
        back
    } else {
        "/work/objections"
    };
    let (path, fragment) = back.split_once('#').unwrap_or((back, ""));
    let sep = if path.contains('?') { '&' } else { '?' };
    let fragment = if fragment.is_empty() {
        String::new()
    } else {
        format!("#{fragment}")
    };
    format!("{path}{sep}done=erased{fragment}")
}

/// Erases, then back to the page it was asked from.
pub async fn erase(State(s): State<AppState>, Posted(ctx, f): Posted<Form>) -> PageResult {
    signed_in(&ctx)?;
    let invalid = |key: &str| error_page(&ctx, &ApiError::unprocessable(ctx.t(key).to_owned()));
    let (Ok(person_id), Ok(nomination_id)) = (id(&f.person_id), id(&f.nomination_id)) else {
        return Err(invalid("erase.bad_id"));
    };
    if f.reason.trim().is_empty() {
        return Err(invalid("erase.reason_required"));
    }
    let ask = Ask::by(caller(&ctx).0);
    let erasure = Erasure {
        person_id,
        nomination_id,
        reason: f.reason.trim().to_owned(),
    };
    match s.node.persons().erase(&ask, erasure).await {
        Ok(_) => Ok(see_other(&ctx, &back_to(&f.back))),
        Err(e) => Err(error_page(&ctx, &e.into())),
    }
}

#[cfg(test)]
mod tests {
    use super::{back_to, id};

    #[test]
    fn goes_back_to_a_work_page_with_the_banner() {
        assert_eq!(
            back_to("/work/objections#objection-1"),
            "/work/objections?done=erased#objection-1"
        );
        assert_eq!(back_to("/work/users"), "/work/users?done=erased");
        assert_eq!(
            back_to("/work/objections?status=open"),
            "/work/objections?status=open&done=erased"
        );
        // Another site, or a public page: the objections page.
        assert_eq!(back_to("//evil.example"), "/work/objections?done=erased");
        assert_eq!(back_to("/honours"), "/work/objections?done=erased");
        assert_eq!(back_to(""), "/work/objections?done=erased");
    }

    #[test]
    fn ids_are_blank_or_uuids() {
        assert_eq!(id(" "), Ok(None));
        assert!(id("not-an-id").is_err());
        let u = uuid::Uuid::nil();
        assert_eq!(id(&u.to_string()), Ok(Some(u)));
    }
}
