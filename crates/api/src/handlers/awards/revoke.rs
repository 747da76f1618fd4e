//! `POST /api/v1/awards/{id}/revocation`.

use accolade_app::actions::Ask;
use accolade_app::actions::awards;
use accolade_app::actions::public::AwardPage;
use accolade_events::RevocationGround;
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::ToSchema;
use uuid::Uuid;

use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath};
use accolade_http::reply;
use accolade_http::state::AppState;

/// The revoking decision.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Revocation {
    /// fraudulent_claim | false_dossier | unlawful_review | later_violation
    #[schema(value_type = String, extensions(("x-rule" = json!("revocation_ground"))), example = "false_dossier")]
    pub ground: RevocationGround,
    /// The revoking decision's number.
    #[schema(extensions(("x-rule" = json!("name"))))]
    pub decision_no: String,
    /// The revoking decision's date: not before the decision that conferred the award
    /// (checked by the server, which answers 422 on `decided_on`).
    #[serde(with = "accolade_events::dates::iso_date")]
    #[schema(value_type = String, format = Date, example = "2026-09-01")]
    pub decided_on: Date,
    /// Anything the authority adds (shown with the revocation).
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("text_or_null"))))]
    pub note: Option<String>,
}

impl From<Revocation> for awards::Revocation {
    fn from(b: Revocation) -> Self {
        Self {
            ground: b.ground,
            decision_no: b.decision_no,
            decided_on: b.decided_on,
            note: b.note,
        }
    }
}

/// What revoking answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct Revoked {
    /// The revoked award's id.
    pub id: Uuid,
    /// The version of the award's programme stream after the revocation.
    pub version: u64,
    /// The award's page as it reads now, marked revoked; `null` while the award is not public
    /// (its programme not yet published).
    pub award: Option<AwardPage>,
}

/// Revokes an award on a statutory ground (authority). The honour list keeps it, marked
/// revoked with date and ground.
#[utoipa::path(post, operation_id = "revokeAward", path = "/api/v1/awards/{id}/revocation", tag = "decision",
    request_body = Revocation,
    params(("id" = Uuid, Path, description = "Award id")),
    responses((status = 200, description = "Revoked; the award page", body = Revoked), (status = 409, description = "Already revoked")),
    security(("bearer" = [])))]
pub async fn revoke(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<Revocation>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0);
    let r = s.node.awards().revoke(&ask, id, b.into()).await?;
    Ok(reply::ok(Revoked {
        id,
        version: r.done.version,
        award: r.award,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handlers::public::award::tests::page;
    use crate::schema_check::Checker;

    #[test]
    fn the_revocation_answer_is_what_the_document_says() {
        let mut c = Checker::new();
        for award in [Some(page(true)), None] {
            c.answer(
                "revokeAward",
                &Revoked {
                    id: Uuid::from_u128(1),
                    version: 12,
                    award,
                },
            );
        }
        c.every_property_served();
    }
}
