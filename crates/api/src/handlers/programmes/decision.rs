//! `POST /api/v1/programmes/{id}/decision`: the authority confers the awards.

use accolade_app::Command;
use accolade_domain::{Decline, ProgrammeCommand};
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;
use utoipa::ToSchema;
use uuid::Uuid;

use accolade_http::authz::{Caller, may};
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey};
use accolade_http::reply;
use accolade_http::state::AppState;

/// A recommended nomination the authority does not confer.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Declined {
    /// The nomination.
    pub nomination_id: Uuid,
    /// Why.
    pub reason: String,
}

/// The decision.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Decision {
    /// Decision number, e.g. "123/QĐ-BKHCN".
    pub decision_no: String,
    /// Its date.
    #[serde(with = "accolade_events::dates::iso_date")]
    #[schema(value_type = String, format = Date, example = "2026-04-20")]
    pub decided_on: Date,
    /// Who signed.
    pub signer: String,
    /// Nominations not conferred.
    #[serde(default)]
    pub declined: Vec<Declined>,
}

/// Confers every recommended nomination not declined (authority, `deciding`).
#[utoipa::path(post, path = "/api/v1/programmes/{id}/decision", tag = "decision", request_body = Decision,
    params(("id" = Uuid, Path, description = "Programme id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe")),
    responses((status = 200, description = "{id, version, awards: [{award_id, nomination_id}]}"),
        (status = 409, description = "Not in deciding, or decided already")),
    security(("bearer" = [])))]
pub async fn decision(
    State(s): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<Decision>,
) -> ApiResult<Response> {
    let actor = caller.require(may::CONFER)?;
    let cmd = ProgrammeCommand::MakeDecision {
        decision_no: b.decision_no,
        decided_on: b.decided_on,
        signer: b.signer,
        declined: b
            .declined
            .into_iter()
            .map(|d| Decline {
                nomination_id: d.nomination_id,
                reason: d.reason,
            })
            .collect(),
    };
    let done = s
        .execute(&actor, Command::programme(id, cmd), &key, caller.request_id)
        .await?;
    let awards: Vec<_> = done
        .events
        .iter()
        .filter_map(|e| match e {
            accolade_events::AnyEvent::Programme(
                accolade_events::ProgrammeEvent::AwardConferred(a),
            ) => Some(json!({"award_id": a.award_id, "nomination_id": a.nomination_id})),
            _ => None,
        })
        .collect();
    Ok(reply::ok(
        json!({"id": id, "version": done.version, "awards": awards}),
    ))
}
