//! `GET|POST /work/nominations/{id}/edit`: a clerk or head amends a draft (or a nomination
//! returned for correction). The form carries the version it was read at; the save asks the
//! app's `amend` action against it (as the API's `If-Match` does), so if someone saved in between, nothing is overwritten: the form
//! comes back with what was typed and a message saying the nomination changed meanwhile.

use accolade_events::{Evidence, NominationStatus, Nominee};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use uuid::Uuid;

use super::form::Errors;
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

/// The form field an app error names (`nominee.email` -> `email`).
fn form_field(api: &str) -> &'static str {
    let f = api.trim_start_matches("nominee.");
    match f {
        "full_name" => "full_name",
        "position" => "position",
        "organisation" => "organisation",
        "province" => "province",
        "email" => "email",
        "birth_year" => "birth_year",
        "citation" => "citation",
        "achievements" => "achievements",
        e if e.starts_with("evidence") && e.ends_with(".url") => "evidence_url",
        e if e.starts_with("evidence") => "evidence_title",
        _ => "form",
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

/// The form, filled with the nomination as it is now.
pub async fn form(ctx: Ctx, State(s): State<AppState>, Path(id): Path<Uuid>) -> PageResult {
    let r = amendable(&ctx, &s, id).await?;
    let n = &r.nomination;
    let first = n.evidence.first();
    let f = Form {
        csrf: String::new(),
        version: n.version.to_string(),
        full_name: n.nominee.full_name.clone(),
        position: n.nominee.position.clone().unwrap_or_default(),
        organisation: n.nominee.organisation.clone(),
        province: n.nominee.province.clone().unwrap_or_default(),
        email: n.nominee.email.clone().unwrap_or_default(),
        birth_year: n
            .nominee
            .birth_year
            .map(|y| y.to_string())
            .unwrap_or_default(),
        citation: n.citation.clone(),
        achievements: n.achievements.clone(),
        evidence_title: first.map(|e| e.title.clone()).unwrap_or_default(),
        evidence_url: first.map(|e| e.url.clone()).unwrap_or_default(),
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
    for (field, value) in [
        ("full_name", &f.full_name),
        ("organisation", &f.organisation),
        ("citation", &f.citation),
        ("achievements", &f.achievements),
    ] {
        e.required(&ctx, field, value);
    }
    let birth_year = match f.birth_year.trim() {
        "" => None,
        y => match y.parse::<i32>() {
            Ok(y) => Some(y),
            Err(_) => {
                e.set("birth_year", ctx.t("form.year"));
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
        e.set(field, ctx.t("form.required"));
    }
    let Ok(version) = f.version.trim().parse::<u64>() else {
        return Err(error_page(
            &ctx,
            &ApiError::bad_request(ctx.t("edit.no_version").to_owned()),
        ));
    };
    let mut stale = None;
    if e.is_empty() {
        let opt = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        // The first evidence is the one on the form; the rest stay as they are.
        let mut evidence: Vec<Evidence> = opt(&f.evidence_url)
            .map(|url| Evidence {
                title: f.evidence_title.trim().to_owned(),
                url,
            })
            .into_iter()
            .collect();
        evidence.extend(n.evidence.iter().skip(1).cloned());
        let patch = NominationPatch {
            nominee: Some(Nominee {
                kind: n.nominee.kind,
                full_name: f.full_name.trim().to_owned(),
                position: opt(&f.position),
                organisation: f.organisation.trim().to_owned(),
                province: opt(&f.province),
                email: opt(&f.email),
                birth_year,
            }),
            citation: Some(f.citation.trim().to_owned()),
            achievements: Some(f.achievements.trim().to_owned()),
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
    #[test]
    fn api_fields_map_to_form_fields() {
        assert_eq!(super::form_field("nominee.email"), "email");
        assert_eq!(super::form_field("evidence[0].url"), "evidence_url");
        assert_eq!(super::form_field("person_id"), "form");
    }
}
