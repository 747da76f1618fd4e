//! `GET|POST /work/programmes/{id}/nominations/new`: a clerk or head drafts a nomination.
//!
//! Validation is shown beside each field: required fields are checked here first (all at
//! once, in the user's language), then the domain's own `Invalid { field, message }` (via
//! the API's 422) lands on the field it names. The form carries an idempotency key, so a
//! double click or a re-post drafts one nomination, not two.

use std::collections::BTreeMap;

use accolade_events::{Category, Evidence, NomineeKind, Phase};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use uuid::Uuid;

use super::form::Errors;
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
    full_name: String,
    position: String,
    organisation: String,
    province: String,
    email: String,
    birth_year: String,
    citation: String,
    achievements: String,
    evidence_title: String,
    evidence_url: String,
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
    errors: BTreeMap<String, String>,
}

impl Page<'_> {
    fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field).map(String::as_str)
    }
}

/// The form's fields an error may name.
const FIELDS: &[&str] = &[
    "category_code",
    "full_name",
    "position",
    "organisation",
    "province",
    "email",
    "birth_year",
    "citation",
    "achievements",
];

/// The form field an app error names (`nominee.full_name` -> `full_name`).
fn form_field(api_field: &str) -> &'static str {
    let f = api_field.trim_start_matches("nominee.");
    if f.starts_with("evidence") {
        if f.ends_with(".url") {
            "evidence_url"
        } else {
            "evidence_title"
        }
    } else {
        FIELDS.iter().find(|k| **k == f).copied().unwrap_or("form")
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
        errors: BTreeMap::new(),
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
    let required = ctx.t("form.required").to_owned();
    let mut errors = BTreeMap::new();
    for (field, value) in [
        ("category_code", &f.category_code),
        ("full_name", &f.full_name),
        ("organisation", &f.organisation),
        ("citation", &f.citation),
        ("achievements", &f.achievements),
    ] {
        if value.trim().is_empty() {
            errors.insert(field.to_owned(), required.clone());
        }
    }
    let birth_year = match f.birth_year.trim() {
        "" => None,
        y => match y.parse::<i32>() {
            Ok(y) => Some(y),
            Err(_) => {
                errors.insert("birth_year".into(), ctx.t("form.year").to_owned());
                None
            }
        },
    };
    if f.evidence_title.trim().is_empty() != f.evidence_url.trim().is_empty() {
        let field = if f.evidence_url.trim().is_empty() {
            "evidence_url"
        } else {
            "evidence_title"
        };
        errors.insert(field.into(), required.clone());
    }
    let kind = categories
        .iter()
        .find(|c| c.code == f.category_code)
        .map_or(NomineeKind::Individual, |c| c.nominee_kind);
    if errors.is_empty() {
        let opt = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let input = NewNomination {
            category_code: f.category_code.clone(),
            nominee: accolade_events::Nominee {
                kind,
                full_name: f.full_name.trim().to_owned(),
                position: opt(&f.position),
                organisation: f.organisation.trim().to_owned(),
                province: opt(&f.province),
                email: opt(&f.email),
                birth_year,
            },
            citation: f.citation.trim().to_owned(),
            achievements: f.achievements.trim().to_owned(),
            evidence: opt(&f.evidence_url)
                .map(|url| Evidence {
                    title: f.evidence_title.trim().to_owned(),
                    url,
                })
                .into_iter()
                .collect(),
        };
        let ask = Ask::by(caller(&ctx).0).keyed(Some(format!("page-form:{}", f.key)));
        match s.node.nominations().draft(&ask, pid, input).await {
            Ok(done) => {
                return Ok(see_other(
                    &ctx,
                    &format!("/work/nominations/{}?done=drafted", done.id),
                ));
            }
            Err(e) => {
                let mut form = Errors::default();
                form.from_app(&ctx, e, form_field)
                    .map_err(|e| error_page(&ctx, &e))?;
                errors.extend(form.0);
            }
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
        assert_eq!(super::form_field("nominee.full_name"), "full_name");
        assert_eq!(super::form_field("evidence[0].url"), "evidence_url");
        assert_eq!(super::form_field("citation"), "citation");
    }
}
