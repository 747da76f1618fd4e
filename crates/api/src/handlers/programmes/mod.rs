//! Programmes: one edition of an award, its phases, and the panel views of its review.

pub mod close_round;
pub mod create;
pub mod decision;
pub mod list;
pub mod phase;
pub mod progress;
pub mod ranking;
pub mod rerun_round;
pub mod show;
pub mod tally;
pub mod update;

use accolade_domain::Programme;
use accolade_events::{Category, Phase, Schedule};
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::ToSchema;
use uuid::Uuid;

/// The JSON of [`Schedule`] (which lives in the events crate, without a schema): the last day
/// of each phase, `YYYY-MM-DD`; an absent one is moved by hand. Documentation only.
#[derive(Debug, ToSchema)]
#[schema(as = Schedule)]
#[allow(dead_code)] // never built: it describes `Schedule` in the OpenAPI document
pub struct ScheduleDoc {
    nominating: Option<Date>,
    screening: Option<Date>,
    reviewing: Option<Date>,
    voting: Option<Date>,
    public_notice: Option<Date>,
}

/// A new programme.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewProgramme {
    /// What the edition is called.
    #[schema(extensions(("x-rule" = json!("name"))))]
    pub title: String,
    /// Year of the edition.
    #[schema(extensions(("x-rule" = json!("year"))))]
    pub year: i32,
    /// A longer text for the programme's page.
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("text_or_null"))))]
    pub description: Option<String>,
    /// Working days of public notice (default 10; 0 lets notice end at once).
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("notice_days_or_null"))))]
    pub notice_working_days: Option<u32>,
    /// The date each phase ends: `{nominating, screening, reviewing, voting, public_notice}`.
    #[serde(default)]
    #[schema(value_type = Option<ScheduleDoc>)]
    pub schedule: Option<Schedule>,
    /// Dates skipped when counting working days.
    #[serde(default, with = "accolade_events::dates::iso_date_vec::option")]
    #[schema(value_type = Option<Vec<Date>>)]
    pub holidays: Option<Vec<Date>>,
}

/// Changes to a programme (absent fields stay).
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct ProgrammePatch {
    /// A new title.
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("name_or_null"))))]
    pub title: Option<String>,
    /// A new description.
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("text_or_null"))))]
    pub description: Option<String>,
    /// Working days of public notice (before public notice begins).
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("notice_days_or_null"))))]
    pub notice_working_days: Option<u32>,
    /// The date each phase ends (replaces the whole schedule).
    #[serde(default)]
    #[schema(value_type = Option<ScheduleDoc>)]
    pub schedule: Option<Schedule>,
    /// Dates skipped when counting working days (replaces the list).
    #[serde(default, with = "accolade_events::dates::iso_date_vec::option")]
    #[schema(value_type = Option<Vec<Date>>)]
    pub holidays: Option<Vec<Date>>,
}

/// A panel as shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct PanelView {
    /// The panel's id (`/api/v1/panels/{id}`).
    pub id: Uuid,
    /// What the panel is called.
    pub name: String,
    /// The categories it reviews.
    pub category_codes: Vec<String>,
    /// Its members' user ids.
    pub member_ids: Vec<Uuid>,
    /// The chair, one of the members.
    pub chair_id: Uuid,
    /// Reviewers per nomination (`null`: all members).
    pub reviewers_per_nomination: Option<u32>,
}

/// A programme as the show and every write answer give it: settings, schedule, categories,
/// panels, and what still keeps it in its phase.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeView {
    /// The programme's id.
    pub id: Uuid,
    /// Stream version (the `ETag`).
    pub version: u64,
    /// What the edition is called.
    pub title: String,
    /// The year of the edition.
    pub year: i32,
    /// A longer text for the programme's page.
    pub description: Option<String>,
    /// Current phase.
    #[schema(value_type = String, extensions(("x-rule" = json!("phase"))))]
    pub phase: Phase,
    /// Working days of public notice.
    pub notice_working_days: u32,
    /// The date each phase ends.
    #[schema(value_type = ScheduleDoc)]
    pub schedule: Schedule,
    /// Dates skipped when counting working days.
    #[serde(with = "accolade_events::dates::iso_date_vec::option")]
    #[schema(value_type = Vec<Date>)]
    pub holidays: Option<Vec<Date>>,
    /// Its categories, by code.
    #[schema(value_type = Vec<accolade_http::schema::CategoryDoc>)]
    pub categories: Vec<Category>,
    /// Its review panels.
    pub panels: Vec<PanelView>,
    /// Last day of the list's public notice, once it began.
    #[serde(with = "accolade_events::dates::iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub notice_ends_on: Option<Date>,
    /// Why the phase cannot be left today, if it cannot.
    pub unfinished_work: Option<String>,
}

impl ProgrammeView {
    /// The view of a programme's state; `today` for the phase gate.
    pub fn of(id: Uuid, p: &Programme, version: u64, today: Date) -> Self {
        ProgrammeView {
            id,
            version,
            title: p.title.clone(),
            year: p.year,
            description: p.description.clone(),
            phase: p.phase,
            notice_working_days: p.notice_working_days,
            schedule: p.schedule.clone(),
            holidays: Some(p.holidays.iter().copied().collect()),
            categories: p.categories.values().cloned().collect(),
            panels: p
                .panels
                .values()
                .map(|x| PanelView {
                    id: x.id,
                    name: x.name.clone(),
                    category_codes: x.category_codes.clone(),
                    member_ids: x.members.iter().map(|m| m.user_id).collect(),
                    chair_id: x.chair_id,
                    reviewers_per_nomination: x.reviewers_per_nomination,
                })
                .collect(),
            notice_ends_on: p.notice.map(|n| n.ends_on),
            unfinished_work: p.unfinished_work(today),
        }
    }
}

/// The programme as `ask` may read it, with `ETag` (the answer of every write to it).
pub async fn respond(
    s: &accolade_http::state::AppState,
    ask: &accolade_app::actions::Ask,
    id: Uuid,
) -> accolade_http::error::ApiResult<axum::response::Response> {
    let p = s.node.setup().programme(ask, id).await?;
    let today = s.app.now().date();
    Ok(accolade_http::reply::versioned(
        p.version,
        ProgrammeView::of(id, &p.value, p.version, today),
    ))
}

impl From<NewProgramme> for accolade_app::actions::setup::programmes::NewProgramme {
    fn from(b: NewProgramme) -> Self {
        Self {
            title: b.title,
            year: b.year,
            description: b.description,
            notice_working_days: b.notice_working_days,
            schedule: b.schedule,
            holidays: b.holidays,
        }
    }
}
