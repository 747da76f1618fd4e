//! `GET /api/v1/verify`.

use accolade_app::actions::Ask;
use accolade_store::VerifyReport;
use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use utoipa::ToSchema;

use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::reply;
use accolade_http::state::AppState;

/// What walking the hash chain found.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChainVerification {
    /// True when every record re-hashed to its stored hash and named its predecessor's.
    pub ok: bool,
    /// Records checked (up to the first bad one).
    pub events: u64,
    /// The hash of the last good record (64 zeros for an empty log), lowercase hex.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub head_hash: String,
    /// The position of the first record that does not match; `null` when `ok`.
    pub first_bad_position: Option<u64>,
    /// What is wrong with that record; `null` when `ok`.
    pub problem: Option<String>,
}

impl From<VerifyReport> for ChainVerification {
    fn from(r: VerifyReport) -> Self {
        ChainVerification {
            ok: r.ok,
            events: r.events,
            head_hash: r.head_hash.to_hex(),
            first_bad_position: r.first_bad_position,
            problem: r.problem,
        }
    }
}

/// Walks the hash chain (the online equivalent of `accolade verify`).
#[utoipa::path(get, operation_id = "verifyLog", path = "/api/v1/verify", tag = "audit",
    responses((status = 200, description = "What walking the chain found", body = ChainVerification)), security(("bearer" = [])))]
pub async fn verify(State(s): State<AppState>, caller: Caller) -> ApiResult<Response> {
    let r = s.node.audit().verify(&Ask::by(caller.0)).await?;
    Ok(reply::ok(ChainVerification::from(r)))
}

#[cfg(test)]
mod tests {
    use accolade_store::{EventStore, ExpectedVersion, Hash, MemoryStore, Metadata, NewEvent};
    use serde_json::json;

    use super::*;
    use crate::schema_check::Checker;

    /// A store's own report of a sound log (empty and not), and a broken log's.
    #[tokio::test]
    async fn the_verification_is_what_the_document_says() {
        let mut c = Checker::new();
        let store = MemoryStore::new();
        let empty = store.verify().await.unwrap();
        c.answer("verifyLog", &ChainVerification::from(empty));
        let event = NewEvent::json("Greeted", 1, &json!({"to": "world"}), Metadata::default());
        store
            .append("greeting-1", ExpectedVersion::NoStream, vec![event])
            .await
            .unwrap();
        let sound = store.verify().await.unwrap();
        assert!(sound.ok);
        c.answer("verifyLog", &ChainVerification::from(sound));
        let broken = VerifyReport {
            ok: false,
            events: 1,
            head_hash: Hash::of(b"the last good record"),
            first_bad_position: Some(1),
            problem: Some("hash mismatch".to_owned()),
        };
        c.answer("verifyLog", &ChainVerification::from(broken));
        c.every_property_served();
    }
}
