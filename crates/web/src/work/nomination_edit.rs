//! `GET|POST /work/nominations/{id}/edit`: a clerk or head amends a draft (or a nomination
//! returned for correction). The form carries the version it was read at; the save asks the
//! app's `amend` action against it (as the API's `If-Match` does), so if someone saved in between, nothing is overwritten: the form
//! comes back with what was typed and a message saying the nomination changed meanwhile.

use accolade_events::{Evidence, NominationStatus};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use uuid::Uuid;

use super::form::Errors;
use super::nominee_form::{NomineeFields, form_field};
use super::{DRAFTERS, caller, signed_in};
use crate::ctx::Ctx;
use crate::render::{
    OrPage, PageResult, Posted, csrf_form, error_page, html, html_status, see_other,
};
use accolade_app::ErrorKind;
use accolade_app::actions::Ask;
use accolade_app::actions::nominations::{NominationPatch, NominationRead};
use accolade_http::error::ApiError;
use accolade_http::state::AppState;

/// What the form posts (text as typed; parsed here, judged by the action).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Form {
    csrf: String,
    version: String,
    #[serde(flatten)]
    nominee: NomineeFields,
}
csrf_form!(Form);

#[derive(Template)]
#[template(path = "work/nomination_edit.html")]
struct Page<'a> {
    c: &'a Ctx,
    id: Uuid,
    programme: String,
    category: String,
    f: Form,
    errors: Errors,
    /// Someone saved since this form was read: the version now.
    stale: Option<u32>,
}

impl Page<'_> {
    fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

/// The nomination as the user reads it, if they may amend it now (which form to offer is
/// the page's choice; the `amend` action decides again when the form is saved).
async fn amendable(ctx: &Ctx, s: &AppState, id: Uuid) -> Result<NominationRead, Response> {
    signed_in(ctx)?;
    if !ctx.is(DRAFTERS) {
        return Err(error_page(
            ctx,
            &ApiError::forbidden(ctx.t("error.role").to_owned()),
        ));
    }
    let ask = Ask::by(caller(ctx).0);
    let read = s.node.nominations().show(&ask, id).await.or_page(ctx)?;
    if !matches!(
        read.nomination.status,
        NominationStatus::Draft | NominationStatus::Returned
    ) {
        return Err(error_page(
            ctx,
            &ApiError::conflict(ctx.t("edit.not_amendable").to_owned()),
        ));
    }
    Ok(read)
}

fn page<'a>(
    ctx: &'a Ctx,
    r: &NominationRead,
    f: Form,
    errors: Errors,
    stale: Option<u32>,
) -> Page<'a> {
    let n = &r.nomination;
    Page {
        c: ctx,
        id: n.id,
        programme: r.programme_title.clone(),
        category: r.category.as_ref().map_or_else(
            || n.category_code.clone(),
            |k| format!("{} — {}", k.code, k.title),
        ),
        f,
        errors,
        stale,
    }
}

/// The nominee as the form shows it; an erased nominee cannot be amended (the app would
/// refuse it too), so the page says so instead.
fn opened<'r>(ctx: &Ctx, r: &'r NominationRead) -> Result<&'r accolade_events::Nominee, Response> {
    r.nominee.as_ref().ok_or_else(|| {
        let erased = accolade_app::AppError::Domain(accolade_domain::DomainError::conflict(
            accolade_domain::Clash::PersonErased,
            "the nominee's data was erased",
        ));
        error_page(ctx, &ApiError::from(erased))
    })
}

/// The form, filled with the nomination as it is now.
pub async fn form(ctx: Ctx, State(s): State<AppState>, Path(id): Path<Uuid>) -> PageResult {
    let r = amendable(&ctx, &s, id).await?;
    let n = &r.nomination;
    let nominee = opened(&ctx, &r)?;
    let f = Form {
        csrf: String::new(),
        version: n.version.to_string(),
        nominee: NomineeFields::filled(nominee, &n.citation, &n.achievements, &n.evidence),
    };
    Ok(html(&ctx, &page(&ctx, &r, f, Errors::default(), None)))
}

/// Saves the amendment at the version the form was read at.
pub async fn save(
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Posted(ctx, f): Posted<Form>,
) -> PageResult {
    let r = amendable(&ctx, &s, id).await?;
    let n = &r.nomination;
    let mut e = Errors::default();
    let kind = opened(&ctx, &r)?.kind;
    let parsed = f.nominee.parse(&ctx, kind, &mut e);
    let Ok(version) = f.version.trim().parse::<u64>() else {
        return Err(error_page(
            &ctx,
            &ApiError::bad_request(ctx.t("edit.no_version").to_owned()),
        ));
    };
    let mut stale = None;
    if let Some(p) = parsed {
        // The first evidence is the one on the form; the rest stay as they are.
        let mut evidence: Vec<Evidence> = p.evidence.into_iter().collect();
        evidence.extend(n.evidence.iter().skip(1).cloned());
        let patch = NominationPatch {
            nominee: Some(p.nominee),
            person_id: None,
            citation: Some(p.citation),
            achievements: Some(p.achievements),
            evidence: Some(evidence),
        };
        let ask = Ask::by(caller(&ctx).0).expecting(Some(version));
        match s.node.nominations().amend(&ask, id, patch).await {
            Ok(_) => {
                return Ok(see_other(
                    &ctx,
                    &format!("/work/nominations/{id}?done=amended"),
                ));
            }
            Err(err) if err.kind() == ErrorKind::Stale => {
                stale = Some(n.version);
            }
            Err(err) => e
                .from_app(&ctx, err, form_field)
                .map_err(|err| error_page(&ctx, &err))?,
        }
    }
    let status = if stale.is_some() {
        StatusCode::PRECONDITION_FAILED
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let tpl = page(&ctx, &r, f, e, stale);
    Ok(html_status(&ctx, status, &tpl))
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn posts_fill_the_nominee_fields() {
        use axum::extract::{Form, FromRequest};
        let body = "csrf=c&version=7&full_name=A&organisation=O&citation=C%0AD&achievements=x";
        let req = axum::http::Request::post("/")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(body))
            .unwrap();
        let Form(f) = Form::<super::Form>::from_request(req, &()).await.unwrap();
        assert_eq!((f.csrf.as_str(), f.version.as_str()), ("c", "7"));
        assert_eq!(f.nominee.full_name, "A");
        assert_eq!(f.nominee.organisation, "O");
        assert_eq!(f.nominee.citation, "C\nD");
        assert_eq!(f.nominee.evidence_title, "");
    }
}
