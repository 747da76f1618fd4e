//! `POST /api/v1/public/nominations/{id}/objections`.

use accolade_app::Command;
use accolade_domain::{FileObjection, ProgrammeCommand};
use accolade_events::Objector;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::handlers::nominations::locate;
use accolade_http::authz::Caller;
use accolade_http::client::ClientAddr;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey};
use accolade_http::state::AppState;

/// An objection.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewObjection {
    /// The objector's full name (kept private).
    pub full_name: String,
    /// Phone (kept private).
    pub phone: String,
    /// Address (kept private).
    pub address: String,
    /// The objection.
    pub text: String,
    /// To hear the outcome (optional, kept private).
    #[serde(default)]
    pub email: Option<String>,
}

/// Files an objection against a nomination on the public-notice list (anyone, no sign-in).
#[utoipa::path(post, path = "/api/v1/public/nominations/{id}/objections", tag = "public",
    request_body = NewObjection,
    params(("id" = Uuid, Path, description = "Nomination id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe")),
    responses((status = 201, description = "{id}"), (status = 404, description = "Not on the list"),
        (status = 409, description = "Not in public notice"),
        (status = 429, description = "Too many objections from this address (`Retry-After`)")))]
pub async fn file(
    State(s): State<AppState>,
    caller: Caller,
    client: ClientAddr,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<NewObjection>,
) -> ApiResult<Response> {
    // Signed in or not, an objection is the public's: the log records no actor for it.
    let actor = accolade_app::Actor::Public;
    let pid = locate(&s, id)?;
    let objection_id = s.new_id(&actor, &key, "objection");
    let cmd = ProgrammeCommand::FileObjection(FileObjection {
        objection_id,
        nomination_id: id,
        objector_person_id: s.new_id(&actor, &key, "objector"),
        objector: Objector {
            full_name: b.full_name,
            phone: b.phone,
            address: b.address,
            email: b.email,
        },
        text: b.text,
    });
    // Counted per client address, never per nomination (see `accolade_http::limits`).
    let filing = s.execute(
        &actor,
        Command::programme(pid, cmd),
        &key,
        caller.request_id,
    );
    s.limits.objection(&client, filing).await?;
    Ok((StatusCode::CREATED, axum::Json(json!({"id": objection_id}))).into_response())
}
