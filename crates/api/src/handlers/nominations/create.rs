//! `POST /api/v1/programmes/{id}/nominations`.

use accolade_app::Command;
use accolade_domain::{NominationContent, ProgrammeCommand};
use accolade_events::{Evidence, Nominee};
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::NominationView;
use accolade_http::authz::{Caller, may};
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey};
use accolade_http::reply;
use accolade_http::state::AppState;

/// A new nomination.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewNomination {
    /// The category.
    pub category_code: String,
    /// `{kind, full_name, position?, organisation, province?, email?, birth_year?}`
    #[schema(value_type = Object)]
    pub nominee: Nominee,
    /// Citation.
    pub citation: String,
    /// Achievements.
    pub achievements: String,
    /// `[{title, url}]`
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    pub evidence: Vec<Evidence>,
}

/// Drafts a nomination for the caller's agency (clerk or head, `nominating`) -> 201
/// `{id, version, status: "draft", ...}`.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/nominations", tag = "nominations",
    request_body = NewNomination,
    params(("id" = Uuid, Path, description = "Programme id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe")),
    responses((status = 201, description = "Drafted", body = NominationView),
        (status = 409, description = "Not in nominating"), (status = 422, description = "Invalid")),
    security(("bearer" = [])))]
pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    ApiPath(pid): ApiPath<Uuid>,
    ApiJson(b): ApiJson<NewNomination>,
) -> ApiResult<Response> {
    let actor = caller.require(may::DRAFT)?;
    let id = s.new_id(&actor, &key, "nomination");
    let cmd = ProgrammeCommand::DraftNomination {
        nomination_id: id,
        category_code: b.category_code,
        content: NominationContent {
            // A pseudonymous id for the nominee; matching a nominee across nominations is
            // the duplicate check's job (by name and birth year or organisation).
            person_id: s.new_id(&actor, &key, "nominee"),
            nominee: b.nominee,
            citation: b.citation,
            achievements: b.achievements,
            evidence: b.evidence,
        },
    };
    s.execute(
        &actor,
        Command::programme(pid, cmd),
        &key,
        caller.request_id,
    )
    .await?;
    let p = s.app.programme(pid).await?;
    let n = p
        .nominations
        .get(&id)
        .ok_or_else(|| ApiError::not_found("nomination"))?;
    Ok(reply::created(
        &format!("/api/v1/nominations/{id}"),
        u64::from(n.version),
        NominationView::of(p.audience(&actor, id), pid, n),
    ))
}
