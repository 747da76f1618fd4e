//! `POST /work/nominations/{id}/submit` and `/withdraw`: the agency head endorses or
//! withdraws a nomination (the app's `submit` and `withdraw` actions, as for the API).

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;
use uuid::Uuid;

use super::{after_action, caller};
use crate::render::{Posted, csrf_form};
use accolade_app::actions::Ask;
use accolade_http::state::AppState;

/// A form with an optional reason.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReasonForm {
    /// The form's anti-forgery token.
    pub csrf: String,
    /// The reason typed, recorded in the nomination's history.
    pub reason: String,
}
csrf_form!(ReasonForm);

/// Submits (head).
pub async fn submit(
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Posted(ctx, _): Posted<ReasonForm>,
) -> Response {
    let ask = Ask::by(caller(&ctx).0);
    let r = s.node.nominations().submit(&ask, id).await;
    after_action(&ctx, r, &format!("/work/nominations/{id}"), "submitted")
}

/// Withdraws with a reason (head).
pub async fn withdraw(
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Posted(ctx, f): Posted<ReasonForm>,
) -> Response {
    let ask = Ask::by(caller(&ctx).0);
    let r = s.node.nominations().withdraw(&ask, id, f.reason).await;
    after_action(&ctx, r, &format!("/work/nominations/{id}"), "withdrawn")
}
