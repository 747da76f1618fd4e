//! The public-notice list: the recommended nominations of programmes in public notice, with
//! exactly what DOMAIN.md allows — full name, position, work unit, proposed award — and the
//! last day objections are counted for. Never contacts, birth dates or objectors.
//!
//! A view over the catalog rather than a fold of its own: a nomination is on the list exactly
//! while its programme is in `public_notice` and it is `recommended` (an upheld objection or a
//! withdrawal takes it off; a promoted reserve comes on with its own period), and the catalog
//! already folds both.
//!
//! Before the decision there is no public record yet: the list shows the nominee's own fields,
//! opened through the caller's Unseal; an erased nominee shows as erased.

use accolade_events::{NominationStatus, Phase, Unseal};
use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use crate::catalog::Catalog;

/// A public-notice item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeItem {
    /// The nomination (objections are filed against it).
    pub nomination_id: Uuid,
    /// The programme whose notice lists it.
    pub programme_id: Uuid,
    /// Nominee's full name ([`crate::ERASED`] when erased).
    pub full_name: String,
    /// The nominee's job title, if given.
    pub position: Option<String>,
    /// Work unit ([`crate::ERASED`] when erased).
    pub organisation: String,
    /// The nominee was erased: the fields above say nothing about them.
    #[serde(default)]
    pub erased: bool,
    /// The code of its category in that programme.
    pub category_code: String,
    /// The proposed award.
    pub award_title: String,
    /// Last day of the notice period, when known.
    #[serde(default, with = "accolade_events::dates::iso_date::option")]
    pub notice_ends_on: Option<Date>,
}

/// The public-notice list, optionally of one programme, by category then name; nominees
/// opened through `unseal`.
pub fn notice_list(
    catalog: &Catalog,
    programme_id: Option<Uuid>,
    unseal: &dyn Unseal,
) -> Vec<NoticeItem> {
    let mut out = Vec::new();
    for (pid, p) in &catalog.programmes {
        if p.phase != Phase::PublicNotice || programme_id.is_some_and(|x| x != *pid) {
            continue;
        }
        for (id, n) in catalog
            .nominations
            .iter()
            .filter(|(_, n)| n.programme_id == *pid && n.status == NominationStatus::Recommended)
        {
            let nominee = n.public_nominee(catalog, unseal);
            out.push(NoticeItem {
                nomination_id: *id,
                programme_id: *pid,
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
            });
        }
    }
    out.sort_by(|a, b| {
        (
            &a.programme_id,
            &a.category_code,
            &a.full_name,
            &a.nomination_id,
        )
            .cmp(&(
                &b.programme_id,
                &b.category_code,
                &b.full_name,
                &b.nomination_id,
            ))
    });
    out
}
