//! `POST /api/v1/programmes/{id}/decision`: the authority confers the awards.

use accolade_app::actions::Ask;
use accolade_domain::Decline;
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::ToSchema;
use uuid::Uuid;

use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey};
use accolade_http::reply;
use accolade_http::state::AppState;

/// A recommended nomination the authority does not confer.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Declined {
    /// The nomination not conferred.
    pub nomination_id: Uuid,
    /// Why not (recorded with the decision).
    #[schema(extensions(("x-rule" = json!("text"))))]
    pub reason: String,
}

/// The authority's signed award decision, once per programme (in `deciding`): every
/// recommended nomination not in `declined` is conferred.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Decision {
    /// Decision number, e.g. "123/QĐ-BKHCN".
    #[schema(extensions(("x-rule" = json!("name"))))]
    pub decision_no: String,
    /// The date it was signed.
    #[serde(with = "accolade_events::dates::iso_date")]
    #[schema(value_type = String, format = Date, example = "2026-04-20")]
    pub decided_on: Date,
    /// Who signed.
    #[schema(extensions(("x-rule" = json!("name"))))]
    pub signer: String,
    /// Recommended nominations not conferred.
    #[serde(default)]
    pub declined: Vec<Declined>,
}

impl From<Decision> for accolade_app::actions::setup::programmes::Decision {
    fn from(b: Decision) -> Self {
        Self {
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
        }
    }
}

/// A decision recorded: the awards it conferred.
#[derive(Debug, Serialize, ToSchema)]
pub struct Decided {
    /// The programme.
    pub id: Uuid,
    /// Its version after the decision.
    pub version: Option<u64>,
    /// One award per nomination conferred, in the decision's order.
    pub awards: Vec<Conferred>,
}

/// An award the decision conferred.
#[derive(Debug, Serialize, ToSchema)]
pub struct Conferred {
    /// The award's id (its public page: `GET /api/v1/public/awards/{id}`).
    pub award_id: Uuid,
    /// The nomination it was conferred on.
    pub nomination_id: Uuid,
}

/// Confers every recommended nomination not declined (authority, `deciding`).
#[utoipa::path(post, operation_id = "recordDecision", path = "/api/v1/programmes/{id}/decision", tag = "decision", request_body = Decision,
    params(("id" = Uuid, Path, description = "Programme id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe")),
    responses((status = 200, description = "Decided", body = Decided),
        (status = 409, description = "Not in deciding, or decided already")),
    security(("bearer" = [])))]
pub async fn decision(
    State(s): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<Decision>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0).keyed(key.0);
    let decided = s.node.setup().decide(&ask, id, b.into()).await?;
    let awards = decided
        .awards
        .iter()
        .map(|&(award_id, nomination_id)| Conferred {
            award_id,
            nomination_id,
        })
        .collect();
    Ok(reply::ok(Decided {
        id,
        version: decided.done.executed.version,
        awards,
    }))
}
