//! Nomination queues per role: the internal lists of `GET /api/v1/nominations` and
//! `GET /api/v1/assignments`.
//!
//! Visibility mirrors the domain's `Programme::visible_to`, so the read side never shows what
//! the write side would refuse to act on: an agency's clerk and head see only their agency's
//! nominations (drafts included — and never another agency's); a member sees only what they
//! are assigned to and not recused from; the authority sees a programme's nominations from
//! public notice on; the secretariat sees everything. A view over the catalog.

use accolade_events::{NominationStatus, Phase, Role};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::catalog::{Catalog, NominationInfo};

/// Who is looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// The secretariat.
    Admin,
    /// A clerk or head of this agency.
    Agency(Uuid),
    /// A panel member.
    Member(Uuid),
    /// The conferring authority.
    Authority,
    /// Not signed in, or a deactivated or unknown user: sees no internal list.
    Nobody,
}

impl Viewer {
    /// The viewer a user is, from the catalog's record of them.
    pub fn of_user(catalog: &Catalog, user_id: Uuid) -> Viewer {
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

    /// Whether the viewer may see `n` at all.
    pub fn sees(&self, catalog: &Catalog, n: &NominationInfo) -> bool {
        match self {
            Viewer::Admin => true,
            Viewer::Agency(a) => n.agency_id == *a,
            Viewer::Member(m) => n.is_eligible_reviewer(*m),
            Viewer::Authority => catalog
                .programmes
                .get(&n.programme_id)
                .is_some_and(|p| p.phase >= Phase::PublicNotice),
            Viewer::Nobody => false,
        }
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

/// A queue item (internal: the nominee's public fields only; the dossier is the app's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    /// Id.
    pub id: Uuid,
    /// Content version (1 = as drafted).
    pub version: u32,
    /// Programme.
    pub programme_id: Uuid,
    /// Category.
    pub category_code: String,
    /// Nominating agency.
    pub agency_id: Uuid,
    /// Nominee's name.
    pub full_name: String,
    /// Nominee's work unit.
    pub organisation: String,
    /// Status.
    pub status: NominationStatus,
    /// First submission.
    #[serde(default, with = "accolade_events::dates::rfc3339::option")]
    pub submitted_at: Option<OffsetDateTime>,
}

/// The nominations `viewer` may see, matching `f`, in id order (UUID v7: creation order).
pub fn queue(catalog: &Catalog, viewer: Viewer, f: &QueueFilter) -> Vec<QueueItem> {
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
        .filter(|(_, n)| viewer.sees(catalog, n))
        .map(|(id, n)| QueueItem {
            id: *id,
            version: n.version,
            programme_id: n.programme_id,
            category_code: n.category_code.clone(),
            agency_id: n.agency_id,
            full_name: n.nominee.full_name.clone(),
            organisation: n.nominee.organisation.clone(),
            status: n.status,
            submitted_at: n.submitted_at,
        })
        .collect()
}
