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
    /// The agency's full name.
    #[schema(extensions(("x-rule" = json!("name"))))]
    pub name: String,
    /// A short code, unique among agencies.
    #[schema(extensions(("x-rule" = json!("name"))))]
    pub code: String,
    /// ministry | province | press | university | enterprise | other
    #[schema(value_type = String, extensions(("x-rule" = json!("agency_kind"))), example = "press")]
    pub kind: AgencyKind,
    /// The province it is in, if one.
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("short_or_null"))))]
    pub province: Option<String>,
    /// The parent agency.
    #[serde(default)]
    pub parent_id: Option<Uuid>,
    /// Office contact e-mail.
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("email_or_null"))))]
    pub email: Option<String>,
}

/// Changes to an agency (absent fields stay).
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct AgencyPatch {
    /// A new full name.
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("name_or_null"))))]
    pub name: Option<String>,
    /// What sort of body it is now.
    #[serde(default)]
    #[schema(value_type = Option<String>, extensions(("x-rule" = json!("agency_kind_or_null"))))]
    pub kind: Option<AgencyKind>,
    /// Its province.
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("short_or_null"))))]
    pub province: Option<String>,
    /// Its parent agency.
    #[serde(default)]
    pub parent_id: Option<Uuid>,
    /// Office e-mail.
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("email_or_null"))))]
    pub email: Option<String>,
}

/// A registered agency as the create, show and update answers give it; `version` goes in
/// `If-Match` to change it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgencyView {
    /// The agency's id.
    pub id: Uuid,
    /// Stream version (the `ETag`).
    pub version: u64,
    /// Its full name.
    pub name: String,
    /// Its short unique code.
    pub code: String,
    /// ministry | province | press | university | enterprise | other
    #[schema(value_type = String, extensions(("x-rule" = json!("agency_kind"))))]
    pub kind: AgencyKind,
    /// The province it is in, if one.
    pub province: Option<String>,
    /// Its parent agency, if any.
    pub parent_id: Option<Uuid>,
    /// Office e-mail.
    pub email: Option<String>,
}

impl From<NewAgency> for accolade_app::actions::setup::directory::NewAgency {
    fn from(b: NewAgency) -> Self {
        Self {
            name: b.name,
            code: b.code,
            kind: b.kind,
            province: b.province,
            parent_id: b.parent_id,
            email: b.email,
        }
    }
}

impl AgencyView {
    /// The agency as `ask` may read it.
    pub async fn read(
        s: &accolade_http::state::AppState,
        ask: &accolade_app::actions::Ask,
        id: Uuid,
    ) -> accolade_http::error::ApiResult<Self> {
        let a = s.node.setup().agency(ask, id).await?;
        Self::of(id, &a.value, a.version)
            .ok_or_else(|| accolade_http::error::ApiError::not_found("agency"))
    }

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
