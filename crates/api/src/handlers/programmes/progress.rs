//! `GET /api/v1/programmes/{id}/progress`.

use accolade_app::actions::Ask;
use accolade_app::actions::setup::programmes::ProgressReport;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiPath;
use accolade_http::reply;
use accolade_http::state::AppState;

/// Who has scored and voted on what (a panel chair, the secretariat). Under a secret rule it
/// shows that a member voted, never how.
#[utoipa::path(get, operation_id = "getProgress", path = "/api/v1/programmes/{id}/progress", tag = "review",
    params(("id" = Uuid, Path, description = "Programme id")),
    responses((status = 200, description = "Totals per member, work per nomination, re-run rounds", body = ProgressReport), (status = 403, description = "Not a chair")),
    security(("bearer" = [])))]
pub async fn progress(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let report = s.node.setup().progress(&Ask::by(caller.0), id).await?;
    Ok(reply::ok(report))
}

#[cfg(test)]
mod tests {
    use accolade_events::Choice;
    use accolade_projections::{MemberProgress, NominationProgress, ReviewerWork, RoundRerunView};

    use super::*;
    use crate::schema_check::Checker;

    #[test]
    fn the_progress_report_is_what_the_document_says() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let report = ProgressReport {
            members: vec![MemberProgress {
                member_id: a,
                assigned: 2,
                scored: 2,
                voted: 1,
            }],
            nominations: vec![NominationProgress {
                nomination_id: Uuid::from_u128(10),
                category_code: "CN".to_owned(),
                reviewers: vec![
                    // An open ballot shows the choice; a secret one, or no vote yet, does not.
                    ReviewerWork {
                        member_id: a,
                        scored: true,
                        voted: true,
                        choice: Some(Choice::Approve),
                    },
                    ReviewerWork {
                        member_id: b,
                        scored: false,
                        voted: false,
                        choice: None,
                    },
                ],
            }],
            reruns: vec![RoundRerunView {
                category_code: "KT".to_owned(),
                reason: "the round keys were lost".to_owned(),
                nomination_ids: vec![Uuid::from_u128(11)],
            }],
        };
        let mut c = Checker::new();
        c.answer("getProgress", &report);
        c.answer(
            "getProgress",
            &ProgressReport {
                members: vec![],
                nominations: vec![],
                reruns: vec![],
            },
        );
        c.every_property_served();
    }
}
