//! `POST /work/nominations/{id}/screening` and `/return`: the secretariat screens a
//! submitted nomination (eligible or not, with a reason) or returns it for correction.

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;
use uuid::Uuid;

use super::agency_actions::ReasonForm;
use super::{after, caller};
use crate::render::{Posted, csrf_form};
use accolade_api::handlers::nominations::screening::Screening;
use accolade_api::handlers::nominations::{Reason, return_, screening};
use accolade_http::extract::{ApiJson, ApiPath};
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
    let body = Screening {
        eligible: f.outcome == "eligible",
        reason: f.reason,
    };
    let r = screening::screening(State(s), caller(&ctx), ApiPath(id), ApiJson(body)).await;
    after(&ctx, r, "/work/nominations?status=submitted", "screened")
}

/// Returns for correction (admin).
pub async fn return_(
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Posted(ctx, f): Posted<ReasonForm>,
) -> Response {
    let body = Reason { reason: f.reason };
    let r = return_::return_(State(s), caller(&ctx), ApiPath(id), ApiJson(body)).await;
    after(&ctx, r, "/work/nominations?status=submitted", "returned")
}
