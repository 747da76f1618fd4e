//! `GET|POST /work/programmes/{id}/nominations/new`: a clerk or head drafts a nomination.
//!
//! Validation is shown beside each field: required fields are checked here first (all at
//! once, in the user's language), then the domain's own `Invalid { field, message }` (via
//! the API's 422) lands on the field it names. The form carries an idempotency key, so a
//! double click or a re-post drafts one nomination, not two.

use accolade_events::{Category, NomineeKind, Phase};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use uuid::Uuid;

use super::form::Errors;
use super::nominee_form::{self, NomineeFields, Parsed};
use super::{DRAFTERS, caller, signed_in};
use crate::ctx::Ctx;
use crate::render::{
    OrPage, PageResult, Posted, csrf_form, error_page, html, html_status, see_other,
};
use accolade_app::actions::Ask;
use accolade_app::actions::nominations::NewNomination;
use accolade_http::error::ApiError;
use accolade_http::state::AppState;

/// What the form posts (text as typed; parsed here, judged by the action).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Form {
    csrf: String,
    key: String,
    category_code: String,
    #[serde(flatten)]
    nominee: NomineeFields,
}
csrf_form!(Form);

#[derive(Template)]
#[template(path = "work/nomination_new.html")]
struct Page<'a> {
    c: &'a Ctx,
    pid: Uuid,
    programme: String,
    categories: Vec<Category>,
    f: Form,
    errors: Errors,
}

impl Page<'_> {
    fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

/// The form field an app error names: the category, or a nominee field.
fn form_field(api: &str) -> &'static str {
    match api.trim_start_matches("nominee.") {
        "category_code" => "category_code",
        _ => nominee_form::form_field(api),
    }
}

async fn setup(
    ctx: &Ctx,
    s: &AppState,
    pid: Uuid,
) -> Result<(String, Vec<Category>), axum::response::Response> {
    if !ctx.is(DRAFTERS) {
        return Err(error_page(
            ctx,
            &ApiError::forbidden(ctx.t("error.role").to_owned()),
        ));
    }
    let p = s.app.programme(pid).await.or_page(ctx)?;
    if p.phase != Phase::Nominating {
        return Err(error_page(
            ctx,
            &ApiError::conflict(ctx.t("nominations.closed").to_owned()),
        ));
    }
    Ok((p.title.clone(), p.categories.values().cloned().collect()))
}

/// The empty form.
pub async fn form(ctx: Ctx, State(s): State<AppState>, Path(pid): Path<Uuid>) -> PageResult {
    signed_in(&ctx)?;
    let (programme, categories) = setup(&ctx, &s, pid).await?;
    let f = Form {
        key: s.app.new_id().to_string(),
        ..Form::default()
    };
    let tpl = Page {
        c: &ctx,
        pid,
        programme,
        categories,
        f,
        errors: Errors::default(),
    };
    Ok(html(&ctx, &tpl))
}

/// Drafts it, or shows the form again with a message beside each field at fault.
pub async fn create_(
    State(s): State<AppState>,
    Path(pid): Path<Uuid>,
    Posted(ctx, f): Posted<Form>,
) -> PageResult {
    signed_in(&ctx)?;
    let (programme, categories) = setup(&ctx, &s, pid).await?;
    let mut errors = Errors::default();
    errors.required(&ctx, "category_code", &f.category_code);
    let kind = categories
        .iter()
        .find(|c| c.code == f.category_code)
        .map_or(NomineeKind::Individual, |c| c.nominee_kind);
    if let Some(p) = f.nominee.parse(&ctx, kind, &mut errors) {
        let Parsed {
            nominee,
            citation,
            achievements,
            evidence,
        } = p;
        let input = NewNomination {
            category_code: f.category_code.clone(),
            nominee,
            person_id: None,
            citation,
            achievements,
            evidence: evidence.into_iter().collect(),
        };
        let ask = Ask::by(caller(&ctx).0).keyed(Some(format!("page-form:{}", f.key)));
        match s.node.nominations().draft(&ask, pid, input).await {
            Ok(done) => {
                return Ok(see_other(
                    &ctx,
                    &format!("/work/nominations/{}?done=drafted", done.id),
                ));
            }
            Err(e) => errors
                .from_app(&ctx, e, form_field)
                .map_err(|e| error_page(&ctx, &e))?,
        }
    }
    let tpl = Page {
        c: &ctx,
        pid,
        programme,
        categories,
        f,
        errors,
    };
    Ok(html_status(&ctx, StatusCode::UNPROCESSABLE_ENTITY, &tpl))
}

#[cfg(test)]
mod tests {
    #[test]
    fn api_fields_map_to_form_fields() {
        assert_eq!(super::form_field("category_code"), "category_code");
        assert_eq!(super::form_field("nominee.full_name"), "full_name");
        assert_eq!(super::form_field("evidence[0].url"), "evidence_url");
        assert_eq!(super::form_field("citation"), "citation");
    }

    #[tokio::test]
    async fn posts_fill_the_nominee_fields() {
        use axum::extract::{Form, FromRequest};
        let body = "csrf=c&key=k&category_code=A1&full_name=Nguy%E1%BB%85n+A&birth_year=19x\
                    &evidence_url=http%3A%2F%2Fu&other=1";
        let req = axum::http::Request::post("/")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(body))
            .unwrap();
        let Form(f) = Form::<super::Form>::from_request(req, &()).await.unwrap();
        assert_eq!((f.csrf.as_str(), f.key.as_str()), ("c", "k"));
        assert_eq!(f.category_code, "A1");
        assert_eq!(f.nominee.full_name, "Nguyễn A");
        assert_eq!(f.nominee.birth_year, "19x");
        assert_eq!(f.nominee.evidence_url, "http://u");
        assert_eq!(f.nominee.position, "");
    }
}
