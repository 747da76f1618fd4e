//! Review panels (councils): members, chair, the categories they review.

pub mod assign;
pub mod create;
pub mod update;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A new panel.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewPanel {
    /// What the panel is called.
    #[schema(extensions(("x-rule" = json!("name"))))]
    pub name: String,
    /// Categories it reviews.
    #[schema(schema_with = accolade_http::schema::category_codes)]
    pub category_codes: Vec<String>,
    /// Members (users with the `member` role); their affiliations come from their accounts.
    #[schema(schema_with = accolade_http::schema::member_ids)]
    pub member_ids: Vec<Uuid>,
    /// The chair, one of the members.
    pub chair_id: Uuid,
    /// Reviewers drawn per nomination (default: every member reviews every nomination).
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("reviewers_or_null"))))]
    pub reviewers_per_nomination: Option<u32>,
}

/// Changes to a panel (absent fields stay).
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct PanelPatch {
    /// A new name.
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("name_or_null"))))]
    pub name: Option<String>,
    /// The categories it reviews instead.
    #[serde(default)]
    #[schema(schema_with = accolade_http::schema::category_codes_or_null)]
    pub category_codes: Option<Vec<String>>,
    /// Its members instead.
    #[serde(default)]
    #[schema(schema_with = accolade_http::schema::member_ids_or_null)]
    pub member_ids: Option<Vec<Uuid>>,
    /// Another chair, one of the members.
    #[serde(default)]
    pub chair_id: Option<Uuid>,
    /// Reviewers drawn per nomination.
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("reviewers_or_null"))))]
    pub reviewers_per_nomination: Option<u32>,
}

impl From<NewPanel> for accolade_app::actions::setup::panels::NewPanel {
    fn from(b: NewPanel) -> Self {
        Self {
            name: b.name,
            category_codes: b.category_codes,
            member_ids: b.member_ids,
            chair_id: b.chair_id,
            reviewers_per_nomination: b.reviewers_per_nomination,
        }
    }
}

impl From<PanelPatch> for accolade_app::actions::setup::panels::PanelChanges {
    fn from(b: PanelPatch) -> Self {
        Self {
            name: b.name,
            category_codes: b.category_codes,
            member_ids: b.member_ids,
            chair_id: b.chair_id,
            reviewers_per_nomination: b.reviewers_per_nomination,
        }
    }
}
