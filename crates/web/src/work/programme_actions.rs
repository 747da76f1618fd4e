//! `POST /work/programmes/{id}/phase` (the secretariat moves to the next phase; the action
//! also assigns reviewers and closes rounds on the way) and
//! `POST /work/programmes/{id}/decision` (the authority confers every recommended
//! nomination).

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;
use time::Date;
use time::macros::format_description;
use uuid::Uuid;

use super::{after_action, caller};
use crate::render::{Posted, csrf_form, error_page};
use accolade_app::actions::Ask;
use accolade_app::actions::setup::programmes::Decision;
use accolade_http::error::ApiError;
use accolade_http::state::AppState;

/// The phase form: the phase to move to.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PhaseForm {
    csrf: String,
    phase: String,
}
csrf_form!(PhaseForm);

/// The decision form (declining nominations is the API's alone).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    csrf: String,
    decision_no: String,
    decided_on: String,
    signer: String,
}
csrf_form!(DecisionForm);

/// Parses an HTML date input (`YYYY-MM-DD`).
pub fn parse_date(s: &str) -> Option<Date> {
    Date::parse(s.trim(), format_description!("[year]-[month]-[day]")).ok()
}

/// Moves the phase.
pub async fn move_phase(
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Posted(ctx, f): Posted<PhaseForm>,
) -> Response {
    let Ok(to) = serde_json::from_value(serde_json::Value::String(f.phase)) else {
        return error_page(&ctx, &ApiError::invalid("phase", "unknown phase"));
    };
    let ask = Ask::by(caller(&ctx).0);
    let r = s.node.setup().move_phase(&ask, id, to).await;
    after_action(&ctx, r, &format!("/work/programmes/{id}"), "phase")
}

/// Records the decision.
pub async fn decide(
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Posted(ctx, f): Posted<DecisionForm>,
) -> Response {
    let Some(decided_on) = parse_date(&f.decided_on) else {
        return error_page(
            &ctx,
            &ApiError::invalid("decided_on", ctx.t("form.date").to_owned()),
        );
    };
    let decision = Decision {
        decision_no: f.decision_no,
        decided_on,
        signer: f.signer,
        declined: vec![],
    };
    let ask = Ask::by(caller(&ctx).0);
    let r = s.node.setup().decide(&ask, id, decision).await;
    let to = format!("/work/programmes/{id}");
    after_action(&ctx, r.map(|d| d.done), &to, "decided")
}
