//! `GET|POST /work/programmes/new`: the secretariat creates a programme (in `setup`).

use askama::Template;
use axum::extract::State;
use serde::Deserialize;

use super::{admin_only, again, ask};
use crate::ctx::Ctx;
use crate::render::{PageResult, Posted, csrf_form, error_page, html, see_other};
use crate::work::form::Errors;
use accolade_app::actions::setup::programmes::NewProgramme;
use accolade_http::state::AppState;

/// The programme form.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct ProgrammeForm {
    csrf: String,
    key: String,
    title: String,
    year: String,
    description: String,
    notice_working_days: String,
}
csrf_form!(ProgrammeForm);

impl Default for ProgrammeForm {
    fn default() -> Self {
        Self {
            csrf: String::new(),
            key: String::new(),
            title: String::new(),
            year: String::new(),
            description: String::new(),
            notice_working_days: "10".into(),
        }
    }
}

#[derive(Template)]
#[template(path = "work/programme_new.html")]
struct ProgrammePage<'a> {
    c: &'a Ctx,
    f: ProgrammeForm,
    errors: Errors,
}

/// The empty programme form.
pub async fn programme_form(ctx: Ctx, State(s): State<AppState>) -> PageResult {
    admin_only(&ctx)?;
    let f = ProgrammeForm {
        key: s.app.new_id().to_string(),
        year: s.app.now().year().to_string(),
        ..ProgrammeForm::default()
    };
    let errors = Errors::default();
    Ok(html(&ctx, &ProgrammePage { c: &ctx, f, errors }))
}

/// The form field an app error names.
fn programme_field(field: &str) -> &'static str {
    match field {
        "year" => "year",
        "notice_working_days" => "notice_working_days",
        "description" => "description",
        _ => "title",
    }
}

/// Creates the programme (in `setup`) and leads to it.
pub async fn programme_create(
    State(s): State<AppState>,
    Posted(ctx, f): Posted<ProgrammeForm>,
) -> PageResult {
    admin_only(&ctx)?;
    let mut errors = Errors::default();
    errors.required(&ctx, "title", &f.title);
    let year = match f.year.trim().parse::<i32>() {
        Ok(y) if (1900..=2200).contains(&y) => y,
        _ => {
            errors.set("year", ctx.t("form.year"));
            0
        }
    };
    let days = errors.number(&ctx, "notice_working_days", &f.notice_working_days, 0);
    if errors.is_empty() {
        let input = NewProgramme {
            title: f.title.trim().to_owned(),
            year,
            description: Some(f.description.trim().to_owned()).filter(|d| !d.is_empty()),
            notice_working_days: Some(days),
            schedule: None,
            holidays: None,
        };
        match s
            .node
            .setup()
            .create_programme(&ask(&ctx, &f.key), input)
            .await
        {
            Ok(done) => {
                return Ok(see_other(
                    &ctx,
                    &format!("/work/programmes/{}?done=created", done.id),
                ));
            }
            Err(e) => errors
                .from_app(&ctx, e, programme_field)
                .map_err(|e| error_page(&ctx, &e))?,
        }
    }
    again(&ctx, &ProgrammePage { c: &ctx, f, errors })
}
