//! `POST /work/nominations/{id}/score`, `/ballot` and `/conflict`: a panel member's work on
//! an assigned nomination.

use std::collections::BTreeMap;

use accolade_events::Choice;
use axum::extract::{Path, State};
use axum::response::Response;
use uuid::Uuid;

use super::agency_actions::ReasonForm;
use super::{after_action, caller};
use crate::render::{Posted, error_page};
use accolade_app::actions::Ask;
use accolade_app::actions::review::{Conflict, Scores};
use accolade_http::error::ApiError;
use accolade_http::state::AppState;

/// Scores: one `score.<criterion>` field per criterion, and a comment.
pub async fn score(
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Posted(ctx, f): Posted<BTreeMap<String, String>>,
) -> Response {
    let mut scores = BTreeMap::new();
    for (k, v) in &f {
        if let Some(key) = k.strip_prefix("score.") {
            match v.trim().parse::<u32>() {
                Ok(n) => {
                    scores.insert(key.to_owned(), n);
                }
                Err(_) => {
                    let msg = format!("{}: {}", key, ctx.t("review.score_number"));
                    return error_page(&ctx, &ApiError::invalid(key, msg));
                }
            }
        }
    }
    let comment = f
        .get("comment")
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    let input = Scores { scores, comment };
    let r = s
        .node
        .review()
        .score(&Ask::by(caller(&ctx).0), id, input)
        .await;
    after_action(&ctx, r, &format!("/work/nominations/{id}"), "scored")
}

/// Casts a ballot.
pub async fn ballot(
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Posted(ctx, f): Posted<BTreeMap<String, String>>,
) -> Response {
    let choice = match f.get("choice").map(String::as_str) {
        Some("approve") => Choice::Approve,
        Some("reject") => Choice::Reject,
        Some("abstain") => Choice::Abstain,
        _ => {
            return error_page(
                &ctx,
                &ApiError::invalid("choice", ctx.t("review.choose").to_owned()),
            );
        }
    };
    // No idempotency key: a re-posted secret ballot is refused like any second ballot,
    // whatever its choice, so the answer never tells what was sealed.
    let r = s
        .node
        .review()
        .ballot(&Ask::by(caller(&ctx).0), id, choice)
        .await;
    after_action(&ctx, r, &format!("/work/nominations/{id}"), "voted")
}

/// Declares a conflict: the member is recused at once, so the answer leads to the
/// assignments rather than back to a dossier they may no longer read.
pub async fn conflict(
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Posted(ctx, f): Posted<ReasonForm>,
) -> Response {
    let input = Conflict {
        reason: f.reason,
        member_id: None,
    };
    let r = s
        .node
        .review()
        .declare_conflict(&Ask::by(caller(&ctx).0), id, input)
        .await
        .map(|r| r.done);
    after_action(&ctx, r, "/work/assignments", "conflict")
}
