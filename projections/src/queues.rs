//! Nomination queues per role: the internal lists of `GET /api/v1/nominations` and
//! `GET /api/v1/assignments`.
//!
//! Visibility is the domain's own read rule (`accolade_domain::Viewer::sees`, the function
//! `Programme::visible_to` applies), so the read side never shows what the write side would
//! refuse to act on: an agency's clerk and head see only their agency's nominations (drafts
//! included — and never another agency's); a member sees only what they are assigned to and
//! not recused from; the authority sees the dossiers that reached it (recommended and what
//! followed, from public notice on); the secretariat sees everything. A view over the catalog.

use accolade_domain::Dossier;
pub use accolade_domain::Viewer;
use accolade_events::{NominationStatus, Role, Unseal};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::catalog::{Catalog, NominationInfo};

impl Dossier for NominationInfo {
    fn agency_id(&self) -> Uuid {
        self.agency_id
    }
    fn status(&self) -> NominationStatus {
        self.status
    }
    fn is_eligible_reviewer(&self, member: Uuid) -> bool {
        NominationInfo::is_eligible_reviewer(self, member)
    }
}

/// The viewer a user is, from the catalog's record of them (a deactivated or unknown user,
/// or a clerk with no agency, is nobody).
pub fn viewer_of_user(catalog: &Catalog, user_id: Uuid) -> Viewer {
    match catalog.users.get(&user_id) {
        Some(u) if u.active => match (u.role, u.agency_id) {
            (Role::Admin, _) => Viewer::Admin,
            (Role::Clerk | Role::Head, Some(a)) => Viewer::Agency(a),
            (Role::Member, _) => Viewer::Member(user_id),
            (Role::Authority, _) => Viewer::Authority,
            _ => Viewer::Nobody,
        },
        _ => Viewer::Nobody,
    }
}

/// Whether `viewer` may see `n` at all: the domain's rule, with the programme's phase.
pub fn sees(catalog: &Catalog, viewer: Viewer, n: &NominationInfo) -> bool {
    catalog
        .programmes
        .get(&n.programme_id)
        .is_some_and(|p| viewer.sees(p.phase, n))
}

/// Whether `viewer` may see `n` in a panel's progress and tally: the secretariat every
/// nomination; a member only those of the categories of a panel they chair, never one they
/// are recused from; anyone else nothing. (Who may call progress and tally at all is checked
/// before: a chair or the secretariat.)
pub fn sees_panel_work(catalog: &Catalog, viewer: Viewer, n: &NominationInfo) -> bool {
    match viewer {
        Viewer::Admin => true,
        Viewer::Member(m) => {
            !n.is_recused(m)
                && catalog.programmes.get(&n.programme_id).is_some_and(|p| {
                    p.panels.values().any(|panel| {
                        panel.chair_id == m && panel.category_codes.contains(&n.category_code)
                    })
                })
        }
        Viewer::Agency(_) | Viewer::Authority | Viewer::Nobody => false,
    }
}

/// Filters of the nomination list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFilter {
    /// Only this programme.
    pub programme_id: Option<Uuid>,
    /// Only this status.
    pub status: Option<NominationStatus>,
    /// Only this category.
    pub category_code: Option<String>,
}

/// A nomination in a list: the nominee's public fields only (the dossier is the nomination's
/// own read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItem {
    /// The nomination's id.
    pub id: Uuid,
    /// Content version (1 = as drafted).
    pub version: u32,
    /// The programme it belongs to.
    pub programme_id: Uuid,
    /// The code of its category in that programme.
    pub category_code: String,
    /// Nominating agency.
    pub agency_id: Uuid,
    /// Nominee's name ([`crate::ERASED`] when erased).
    pub full_name: String,
    /// Nominee's work unit ([`crate::ERASED`] when erased).
    pub organisation: String,
    /// The nominee was erased: the fields above say nothing about them.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub erased: bool,
    /// Where it stands; `?status=` filters on it.
    pub status: NominationStatus,
    /// First submission.
    #[serde(default, with = "accolade_events::dates::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub submitted_at: Option<OffsetDateTime>,
}

/// The nominations `viewer` may see, matching `f`, in id order (UUID v7: creation order);
/// nominees opened through `unseal`.
pub fn queue(
    catalog: &Catalog,
    viewer: Viewer,
    f: &QueueFilter,
    unseal: &dyn Unseal,
) -> Vec<QueueItem> {
    catalog
        .nominations
        .iter()
        .filter(|(_, n)| f.programme_id.is_none_or(|p| p == n.programme_id))
        .filter(|(_, n)| f.status.is_none_or(|s| s == n.status))
        .filter(|(_, n)| {
            f.category_code
                .as_deref()
                .is_none_or(|c| c == n.category_code)
        })
        .filter(|(_, n)| sees(catalog, viewer, n))
        .map(|(id, n)| {
            let nominee = n.public_nominee(catalog, unseal);
            QueueItem {
                id: *id,
                version: n.version,
                programme_id: n.programme_id,
                category_code: n.category_code.clone(),
                agency_id: n.agency_id,
                full_name: nominee.full_name,
                organisation: nominee.organisation,
                erased: nominee.erased,
                status: n.status,
                submitted_at: n.submitted_at,
            }
        })
        .collect()
}
