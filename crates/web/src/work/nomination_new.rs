//! `GET|POST /work/programmes/{id}/nominations/new`: a clerk or head drafts a nomination.
//!
//! Validation is shown beside each field: required fields are checked here first (all at
//! once, in the user's language), then the domain's own `Invalid { field, message }` (via
//! the API's 422) lands on the field it names. The form carries an idempotency key, so a
//! double click or a re-post drafts one nomination, not two.
//!
//! One identity per person, without JavaScript: "Find existing people" (`find`) posts the
//! form and shows it again with the people the nominee may be (`node.persons().candidates`:
//! award history, conferred awards, this agency's own nominations) as radio buttons
//! (`person_id`), "a new person" checked by default. Saving with one chosen links it
//! (`NewNomination.person_id`); nothing is ever merged automatically, and a link the action
//! refuses comes back beside the list.

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
use accolade_app::actions::persons::{Candidate, CandidateQuery};
use accolade_http::error::ApiError;
use accolade_http::state::AppState;

/// What the form posts (text as typed; parsed here, judged by the action).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Form {
    csrf: String,
    key: String,
    category_code: String,
    /// Present when "Find existing people" was pressed.
    find: String,
    /// Present once the candidates were shown (they are shown again with the form).
    searched: String,
    /// The person chosen among the candidates (blank: a new person).
    person_id: String,
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
    /// The people the nominee may be, once asked for.
    candidates: Option<Vec<Candidate>>,
}

impl Page<'_> {
    fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    /// Whether `person` is the one chosen.
    fn chosen(&self, person: &Uuid) -> bool {
        self.f.person_id.trim() == person.to_string()
    }
}

/// The form field an app error names: the category, or a nominee field.
fn form_field(api: &str) -> &'static str {
    match api.trim_start_matches("nominee.") {
        "category_code" => "category_code",
        "person_id" => "person_id",
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
        candidates: None,
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
    let kind = categories
        .iter()
        .find(|c| c.code == f.category_code)
        .map_or(NomineeKind::Individual, |c| c.nominee_kind);
    let ask = Ask::by(caller(&ctx).0);
    if !f.find.is_empty() {
        // The first step: the same form again, with the candidates; nothing is saved.
        errors.required(&ctx, "full_name", &f.nominee.full_name);
        let candidates = if errors.is_empty() {
            Some(candidates(&s, &ask, &f, kind).await.or_page(&ctx)?)
        } else {
            None
        };
        let status = if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        let tpl = Page {
            c: &ctx,
            pid,
            programme,
            categories,
            f,
            errors,
            candidates,
        };
        return Ok(html_status(&ctx, status, &tpl));
    }
    errors.required(&ctx, "category_code", &f.category_code);
    let person_id = match f.person_id.trim() {
        "" => None,
        p => match p.parse::<Uuid>() {
            Ok(p) => Some(p),
            Err(_) => {
                errors.set("person_id", ctx.t("candidates.bad_choice"));
                None
            }
        },
    };
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
            person_id,
            citation,
            achievements,
            evidence: evidence.into_iter().collect(),
        };
        let keyed = ask.clone().keyed(Some(format!("page-form:{}", f.key)));
        match s.node.nominations().draft(&keyed, pid, input).await {
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
    // The candidates stay on the form they were shown on, so a refused choice can be changed.
    let candidates = if f.searched.is_empty() && person_id.is_none() {
        None
    } else {
        Some(candidates(&s, &ask, &f, kind).await.or_page(&ctx)?)
    };
    let tpl = Page {
        c: &ctx,
        pid,
        programme,
        categories,
        f,
        errors,
        candidates,
    };
    Ok(html_status(&ctx, StatusCode::UNPROCESSABLE_ENTITY, &tpl))
}

/// The people the nominee as typed may be.
async fn candidates(
    s: &AppState,
    ask: &Ask,
    f: &Form,
    kind: NomineeKind,
) -> Result<Vec<Candidate>, accolade_app::AppError> {
    let opt = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let query = CandidateQuery {
        kind: Some(kind),
        full_name: f.nominee.full_name.trim().to_owned(),
        // A birth year that is not a number narrows nothing (the save reports it).
        birth_year: f.nominee.birth_year.trim().parse().ok(),
        organisation: opt(&f.nominee.organisation),
        national_id: opt(&f.nominee.national_id),
    };
    s.node.persons().candidates(ask, query).await
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
