//! Review panels (councils): members, chair, the categories they review.

pub mod assign;
pub mod create;
pub mod update;

use accolade_events::PanelMember;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use accolade_http::error::{ApiError, ApiResult};
use accolade_http::state::AppState;

/// A new panel.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewPanel {
    /// Name.
    pub name: String,
    /// Categories it reviews.
    pub category_codes: Vec<String>,
    /// Members (users with the `member` role); their affiliations come from their accounts.
    pub member_ids: Vec<Uuid>,
    /// The chair, one of the members.
    pub chair_id: Uuid,
    /// Reviewers drawn per nomination (default: every member reviews every nomination).
    #[serde(default)]
    pub reviewers_per_nomination: Option<u32>,
}

/// Changes to a panel (absent fields stay).
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct PanelPatch {
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Categories.
    #[serde(default)]
    pub category_codes: Option<Vec<String>>,
    /// Members.
    #[serde(default)]
    pub member_ids: Option<Vec<Uuid>>,
    /// Chair.
    #[serde(default)]
    pub chair_id: Option<Uuid>,
    /// Reviewers per nomination.
    #[serde(default)]
    pub reviewers_per_nomination: Option<u32>,
}

fn members(ids: &[Uuid]) -> Vec<PanelMember> {
    ids.iter()
        .map(|id| PanelMember {
            user_id: *id,
            // Filled in by the app from the member's account.
            agency_id: None,
        })
        .collect()
}

/// The programme a panel belongs to.
pub fn programme_of(s: &AppState, panel: Uuid) -> ApiResult<Uuid> {
    s.read(|p| {
        p.catalog()
            .programmes
            .iter()
            .find(|(_, x)| x.panels.contains_key(&panel))
            .map(|(id, _)| *id)
    })
    .ok_or_else(|| ApiError::not_found("panel"))
}
