//! `POST /api/v1/programmes/{id}/nominations`.

use accolade_app::actions::Ask;
use accolade_events::{Evidence, Nominee};
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::NominationView;
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey};
use accolade_http::reply;
use accolade_http::state::AppState;

/// A new nomination.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewNomination {
    /// The code of its category in the programme.
    #[schema(extensions(("x-rule" = json!("name"))))]
    pub category_code: String,
    /// `{kind, full_name, position?, organisation, province?, email?, birth_year?,
    /// national_id?}`
    #[schema(value_type = accolade_http::schema::NomineeDoc)]
    pub nominee: Nominee,
    /// The person the nominee is: one of `GET /api/v1/persons/candidates`. Without it the
    /// nominee is a new person (people are never merged automatically).
    #[serde(default)]
    pub person_id: Option<Uuid>,
    /// Why, in a sentence or two (shown on the honour list if conferred).
    #[schema(extensions(("x-rule" = json!("citation"))))]
    pub citation: String,
    /// What the nominee achieved, at length (for the panel).
    #[schema(extensions(("x-rule" = json!("achievements"))))]
    pub achievements: String,
    /// `[{title, url}]`
    #[serde(default)]
    #[schema(value_type = Vec<accolade_http::schema::EvidenceDoc>)]
    pub evidence: Vec<Evidence>,
}

/// Drafts a nomination for the caller's agency (clerk or head, `nominating`) -> 201
/// `{id, version, status: "draft", ...}`.
#[utoipa::path(post, operation_id = "createNomination", path = "/api/v1/programmes/{id}/nominations", tag = "nominations",
    request_body = NewNomination,
    params(("id" = Uuid, Path, description = "Programme id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe")),
    responses((status = 201, description = "Drafted", body = NominationView,
        headers(("Location" = String, description = "Where to read it"))),
        (status = 409, description = "Not in nominating"), (status = 422, description = "Invalid")),
    security(("bearer" = [])))]
pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    ApiPath(pid): ApiPath<Uuid>,
    ApiJson(b): ApiJson<NewNomination>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0).keyed(key.0);
    let done = s.node.nominations().draft(&ask, pid, b.into()).await?;
    let read = s.node.nominations().show(&ask, done.id).await?;
    Ok(reply::created(
        &format!("/api/v1/nominations/{}", done.id),
        done.version,
        NominationView::from(&read),
    ))
}

impl From<NewNomination> for accolade_app::actions::nominations::NewNomination {
    fn from(b: NewNomination) -> Self {
        Self {
            category_code: b.category_code,
            nominee: b.nominee,
            person_id: b.person_id,
            citation: b.citation,
            achievements: b.achievements,
            evidence: b.evidence,
        }
    }
}
