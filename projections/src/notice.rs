//! The public-notice list: the recommended nominations of programmes in public notice, with
//! exactly what DOMAIN.md allows — full name, position, work unit, proposed award — and the
//! last day objections are counted for. Never contacts, birth dates or objectors.
//!
//! A nomination is on the list exactly while its programme is in `public_notice` and it is
//! `recommended` (an upheld objection or a withdrawal takes it off; a promoted reserve comes on
//! with its own period). The recommended nominations are kept per programme, in the list's
//! order, as their status changes fold ([`Notice::status_changed`]); the phase is checked at
//! query time (a handful of programmes). So the list costs what it shows, and its length costs
//! nothing.
//!
//! Order: by programme, category, then nomination id (UUID v7: the order they were drafted).
//! The nominee's name is no longer part of the order: it is sealed (issue 12), so ordering by
//! it would open every nominee per request.
//!
//! Before the decision there is no public record yet: the list shows the nominee's own fields,
//! opened through the caller's Unseal; an erased nominee shows as erased.

use std::collections::{BTreeMap, BTreeSet};

use accolade_events::{NominationStatus, Phase, Unseal};
use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use crate::catalog::Catalog;

/// A public-notice item: a recommended nomination, shown with no more than DOMAIN.md allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeItem {
    /// The nomination (objections are filed against it).
    pub nomination_id: Uuid,
    /// The programme whose notice lists it.
    pub programme_id: Uuid,
    /// The nominee's full name (`[erased]` when erased).
    pub full_name: String,
    /// The nominee's job title, if given.
    pub position: Option<String>,
    /// The nominee's work unit (`[erased]` when erased).
    pub organisation: String,
    /// The nominee was erased: the name, position and work unit say nothing about them.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub erased: bool,
    /// The code of the nomination's category in its programme.
    pub category_code: String,
    /// The proposed award (the category's award title).
    pub award_title: String,
    /// The last day of the notice period (objections are filed until then), when known.
    #[serde(default, with = "accolade_events::dates::iso_date::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub notice_ends_on: Option<Date>,
}

/// Recommended nominations per programme, by (category, nomination id).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    recommended: BTreeMap<Uuid, BTreeSet<(String, Uuid)>>,
}

impl Notice {
    /// A nomination's status changed (after the catalog applied it): it enters the list's
    /// index when it became `recommended` and leaves it otherwise.
    pub fn status_changed(&mut self, catalog: &Catalog, nomination_id: Uuid) {
        let Some(n) = catalog.nominations.get(&nomination_id) else {
            return;
        };
        let entry = (n.category_code.clone(), nomination_id);
        if n.status == NominationStatus::Recommended {
            self.recommended
                .entry(n.programme_id)
                .or_default()
                .insert(entry);
        } else if let Some(set) = self.recommended.get_mut(&n.programme_id) {
            set.remove(&entry);
            if set.is_empty() {
                self.recommended.remove(&n.programme_id);
            }
        }
    }

    /// The programmes in public notice (of `programme_id` only, when given) with their
    /// recommended nominations.
    fn shown<'a>(
        &'a self,
        catalog: &'a Catalog,
        programme_id: Option<Uuid>,
    ) -> impl Iterator<Item = (&'a Uuid, &'a BTreeSet<(String, Uuid)>)> + 'a {
        self.recommended.iter().filter(move |(pid, _)| {
            programme_id.is_none_or(|x| x == **pid)
                && catalog
                    .programmes
                    .get(pid)
                    .is_some_and(|p| p.phase == Phase::PublicNotice)
        })
    }

    /// How many nominations are on the list (nothing opened).
    pub fn len(&self, catalog: &Catalog) -> usize {
        self.shown(catalog, None).map(|(_, s)| s.len()).sum()
    }

    /// The list, optionally of one programme, in its order; nominees opened through `unseal`.
    pub fn list(
        &self,
        catalog: &Catalog,
        programme_id: Option<Uuid>,
        unseal: &dyn Unseal,
    ) -> Vec<NoticeItem> {
        self.shown(catalog, programme_id)
            .flat_map(|(_, set)| set.iter())
            .filter_map(|(_, id)| item(catalog, *id, unseal))
            .collect()
    }

    /// One nomination on the list; `None` when it is not on it.
    pub fn get(
        &self,
        catalog: &Catalog,
        nomination_id: Uuid,
        unseal: &dyn Unseal,
    ) -> Option<NoticeItem> {
        let n = catalog.nominations.get(&nomination_id)?;
        let on = self
            .shown(catalog, Some(n.programme_id))
            .any(|(_, set)| set.contains(&(n.category_code.clone(), nomination_id)));
        on.then(|| item(catalog, nomination_id, unseal)).flatten()
    }
}

fn item(catalog: &Catalog, id: Uuid, unseal: &dyn Unseal) -> Option<NoticeItem> {
    let n = catalog.nominations.get(&id)?;
    let p = catalog.programmes.get(&n.programme_id)?;
    let nominee = n.public_nominee(catalog, unseal);
    Some(NoticeItem {
        nomination_id: id,
        programme_id: n.programme_id,
        full_name: nominee.full_name,
        position: nominee.position,
        organisation: nominee.organisation,
        erased: nominee.erased,
        category_code: n.category_code.clone(),
        award_title: p
            .categories
            .get(&n.category_code)
            .map(|c| c.award_title.clone())
            .unwrap_or_default(),
        notice_ends_on: n.notice_ends_on.or(p.notice_ends_on),
    })
}
