//! Agencies: ministries, provinces, press agencies, universities, enterprises (admin setup).

pub mod create;
pub mod list;
pub mod show;
pub mod update;

use accolade_domain::Agency;
use accolade_events::AgencyKind;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A new agency.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewAgency {
    /// Full name.
    pub name: String,
    /// Short unique code.
    pub code: String,
    /// ministry | province | press | university | enterprise | other
    #[schema(value_type = String, example = "press")]
    pub kind: AgencyKind,
    /// Province.
    #[serde(default)]
    pub province: Option<String>,
    /// The parent agency.
    #[serde(default)]
    pub parent_id: Option<Uuid>,
    /// Office contact e-mail.
    #[serde(default)]
    pub email: Option<String>,
}

/// Changes to an agency (absent fields stay).
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct AgencyPatch {
    /// Full name.
    #[serde(default)]
    pub name: Option<String>,
    /// Kind.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub kind: Option<AgencyKind>,
    /// Province.
    #[serde(default)]
    pub province: Option<String>,
    /// Parent.
    #[serde(default)]
    pub parent_id: Option<Uuid>,
    /// Office e-mail.
    #[serde(default)]
    pub email: Option<String>,
}

/// An agency.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgencyView {
    /// Id.
    pub id: Uuid,
    /// Stream version (the `ETag`).
    pub version: u64,
    /// Name.
    pub name: String,
    /// Code.
    pub code: String,
    /// Kind.
    #[schema(value_type = String)]
    pub kind: AgencyKind,
    /// Province.
    pub province: Option<String>,
    /// Parent.
    pub parent_id: Option<Uuid>,
    /// Office e-mail.
    pub email: Option<String>,
}

impl AgencyView {
    /// The view of an agency's state.
    pub fn of(id: Uuid, a: &Agency, version: u64) -> Option<Self> {
        let c = a.current.as_ref()?;
        Some(AgencyView {
            id,
            version,
            name: c.name.clone(),
            code: c.code.clone(),
            kind: c.kind,
            province: c.province.clone(),
            parent_id: c.parent_id,
            email: c.email.clone(),
        })
    }
}
