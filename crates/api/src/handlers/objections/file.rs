//! `POST /api/v1/public/nominations/{id}/objections`.

use accolade_app::actions::Ask;
use accolade_app::actions::objections;
use accolade_events::Objector;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use accolade_http::authz::MaybeSignedIn;
use accolade_http::client::ClientAddr;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey};
use accolade_http::state::AppState;

/// An objection, as filed by a member of the public.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewObjection {
    /// The objector's full name (kept private).
    #[schema(extensions(("x-rule" = json!("name"))))]
    pub full_name: String,
    /// Phone (kept private).
    #[schema(extensions(("x-rule" = json!("name"))))]
    pub phone: String,
    /// Address (kept private).
    #[schema(extensions(("x-rule" = json!("name"))))]
    pub address: String,
    /// What the objector objects to, and why.
    #[schema(extensions(("x-rule" = json!("text"))))]
    pub text: String,
    /// To hear the outcome (optional, kept private).
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("email_or_null"))))]
    pub email: Option<String>,
}

impl From<NewObjection> for objections::NewObjection {
    fn from(b: NewObjection) -> Self {
        Self {
            objector: Objector {
                full_name: b.full_name,
                phone: b.phone,
                address: b.address,
                email: b.email,
            },
            text: b.text,
        }
    }
}
/// An objection filed: only its id (the objector hears nothing more through the API).
#[derive(Debug, Serialize, ToSchema)]
pub struct Filed {
    /// The objection's id.
    pub id: Uuid,
}

/// Files an objection against a nomination on the public-notice list (anyone, no sign-in).
#[utoipa::path(post, operation_id = "fileObjection", path = "/api/v1/public/nominations/{id}/objections", tag = "public",
    request_body = NewObjection,
    params(("id" = Uuid, Path, description = "Nomination id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe")),
    responses((status = 201, description = "Filed", body = Filed), (status = 404, description = "Not on the list"),
        (status = 409, description = "Not in public notice"),
        (status = 429, description = "Too many objections from this address (`Retry-After`)")))]
pub async fn file(
    State(s): State<AppState>,
    MaybeSignedIn(caller): MaybeSignedIn,
    client: ClientAddr,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<NewObjection>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0).keyed(key.0);
    // Counted per client address, never per nomination (see `accolade_http::limits`).
    let objections = s.node.objections();
    let done = s
        .limits
        .objection(&client, objections.file(&ask, id, b.into()))
        .await?;
    Ok((StatusCode::CREATED, axum::Json(Filed { id: done.id })).into_response())
}
