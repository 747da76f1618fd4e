//! `POST /work/awards/{id}/revocation`: the authority revokes an award on a statutory
//! ground (the form is on the award's public page, shown to the authority only).

use accolade_app::actions::Ask;
use accolade_app::actions::awards::Revocation;
use accolade_events::RevocationGround;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;
use uuid::Uuid;

use super::programme_actions::parse_date;
use super::{after_action, caller};
use crate::render::{Posted, csrf_form, error_page};
use accolade_http::error::ApiError;
use accolade_http::state::AppState;

/// The revocation form, as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Form {
    csrf: String,
    ground: String,
    decision_no: String,
    decided_on: String,
    note: String,
}
csrf_form!(Form);

/// Revokes, then back to the award's page (or the error page with the app's refusal).
pub async fn revoke(
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Posted(ctx, f): Posted<Form>,
) -> Response {
    let Ok(ground) = serde_json::from_value::<RevocationGround>(f.ground.into()) else {
        return error_page(&ctx, &ApiError::invalid("ground", "unknown ground"));
    };
    let Some(decided_on) = parse_date(&f.decided_on) else {
        return error_page(
            &ctx,
            &ApiError::invalid("decided_on", ctx.t("form.date").to_owned()),
        );
    };
    let input = Revocation {
        ground,
        decision_no: f.decision_no,
        decided_on,
        note: Some(f.note.trim().to_owned()).filter(|n| !n.is_empty()),
    };
    let ask = Ask::by(caller(&ctx).0);
    let r = s.node.awards().revoke(&ask, id, input).await;
    after_action(
        &ctx,
        r.map(|r| r.done),
        &format!("/honours/{id}"),
        "revoked",
    )
}
