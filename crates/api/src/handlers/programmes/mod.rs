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
    /// Title.
    pub title: String,
    /// Year of the edition.
    pub year: i32,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Working days of public notice (default 10; 0 lets notice end at once).
    #[serde(default)]
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
    /// Title.
    #[serde(default)]
    pub title: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Working days of public notice (before public notice begins).
    #[serde(default)]
    pub notice_working_days: Option<u32>,
    /// Schedule.
    #[serde(default)]
    #[schema(value_type = Option<ScheduleDoc>)]
    pub schedule: Option<Schedule>,
    /// Holidays.
    #[serde(default, with = "accolade_events::dates::iso_date_vec::option")]
    #[schema(value_type = Option<Vec<Date>>)]
    pub holidays: Option<Vec<Date>>,
}

/// A panel as shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct PanelView {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Categories reviewed.
    pub category_codes: Vec<String>,
    /// Members.
    pub member_ids: Vec<Uuid>,
    /// Chair.
    pub chair_id: Uuid,
    /// Reviewers per nomination (`null`: all members).
    pub reviewers_per_nomination: Option<u32>,
}

/// A programme.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeView {
    /// Id.
    pub id: Uuid,
    /// Stream version (the `ETag`).
    pub version: u64,
    /// Title.
    pub title: String,
    /// Year.
    pub year: i32,
    /// Description.
    pub description: Option<String>,
    /// Current phase.
    #[schema(value_type = String)]
    pub phase: Phase,
    /// Working days of public notice.
    pub notice_working_days: u32,
    /// Schedule.
    #[schema(value_type = ScheduleDoc)]
    pub schedule: Schedule,
    /// Holidays.
    #[serde(with = "accolade_events::dates::iso_date_vec::option")]
    #[schema(value_type = Vec<Date>)]
    pub holidays: Option<Vec<Date>>,
    /// Categories.
    #[schema(value_type = Vec<Object>)]
    pub categories: Vec<Category>,
    /// Panels.
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

/// The programme view after a write, with `ETag`.
pub async fn respond(
    s: &accolade_http::state::AppState,
    id: Uuid,
) -> accolade_http::error::ApiResult<axum::response::Response> {
    let (p, version) = s.app.programme_versioned(id).await?;
    let today = s.app.now().date();
    Ok(accolade_http::reply::versioned(
        version,
        ProgrammeView::of(id, &p, version, today),
    ))
}
