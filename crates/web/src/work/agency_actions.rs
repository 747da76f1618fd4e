//! `POST /work/nominations/{id}/submit` and `/withdraw`: the agency head endorses or
//! withdraws a nomination (through the API's handlers, so the same rules apply).

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;
use uuid::Uuid;

use super::{after, caller};
use crate::render::{Posted, csrf_form};
use accolade_api::handlers::nominations::{Reason, submit, withdraw};
use accolade_http::extract::{ApiJson, ApiPath};
use accolade_http::state::AppState;

/// A form with an optional reason.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReasonForm {
    /// CSRF token.
    pub csrf: String,
    /// Why.
    pub reason: String,
}
csrf_form!(ReasonForm);

/// Submits (head).
pub async fn submit(
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Posted(ctx, _): Posted<ReasonForm>,
) -> Response {
    let r = submit::submit(State(s), caller(&ctx), ApiPath(id)).await;
    after(&ctx, r, &format!("/work/nominations/{id}"), "submitted")
}

/// Withdraws with a reason (head).
pub async fn withdraw(
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Posted(ctx, f): Posted<ReasonForm>,
) -> Response {
    let body = Reason { reason: f.reason };
    let r = withdraw::withdraw(State(s), caller(&ctx), ApiPath(id), ApiJson(body)).await;
    after(&ctx, r, &format!("/work/nominations/{id}"), "withdrawn")
}
