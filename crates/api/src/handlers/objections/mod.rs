//! Objections during public notice: filed by anyone, resolved by the secretariat.
//!
//! The objector's name, phone, address and e-mail go into the log (encrypted per person by
//! the app's personal-data layer once it lands) and nowhere else: no list here shows them.

pub mod dismiss;
pub mod file;
pub mod list;
pub mod resolve;

use uuid::Uuid;

use accolade_http::error::{ApiError, ApiResult};
use accolade_http::state::AppState;

/// The programme an objection belongs to.
pub async fn programme_of(s: &AppState, objection: Uuid) -> ApiResult<Uuid> {
    let ids: Vec<Uuid> = s.read(|p| p.catalog().programmes.keys().copied().collect());
    for pid in ids {
        if s.app
            .programme(pid)
            .await?
            .objections
            .contains_key(&objection)
        {
            return Ok(pid);
        }
    }
    Err(ApiError::not_found("objection"))
}
