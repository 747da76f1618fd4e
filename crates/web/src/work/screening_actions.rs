//! `POST /work/nominations/{id}/screening` and `/return`: the secretariat screens a
//! submitted nomination (eligible or not, with a reason) or returns it for correction.

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;
use uuid::Uuid;

use super::agency_actions::ReasonForm;
use super::{after_action, caller};
use crate::render::{Posted, csrf_form};
use accolade_app::actions::Ask;
use accolade_app::actions::nominations::Screening;
use accolade_http::state::AppState;

/// The screening form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ScreenForm {
    csrf: String,
    /// `eligible` or `ineligible`.
    outcome: String,
    reason: String,
}
csrf_form!(ScreenForm);

/// Screens (admin).
pub async fn screen(
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Posted(ctx, f): Posted<ScreenForm>,
) -> Response {
    let input = Screening {
        eligible: f.outcome == "eligible",
        reason: f.reason,
    };
    let ask = Ask::by(caller(&ctx).0);
    let r = s.node.nominations().screen(&ask, id, input).await;
    after_action(&ctx, r, "/work/nominations?status=submitted", "screened")
}

/// Returns for correction (admin).
pub async fn return_(
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Posted(ctx, f): Posted<ReasonForm>,
) -> Response {
    let ask = Ask::by(caller(&ctx).0);
    let r = s.node.nominations().send_back(&ask, id, f.reason).await;
    after_action(&ctx, r, "/work/nominations?status=submitted", "returned")
}
