//! The public honour list and award pages.
//!
//! An award enters at `AwardConferred` and never leaves: a revocation changes its status and
//! shows ground and date (DOMAIN.md: nothing is deleted). Awards are shown only once their
//! programme has moved to `published` (the public indexes take a programme's awards in at
//! that move, `index`). Items carry only what may be published: name, position, work unit,
//! province, award and decision — never contacts, birth years or anything about objectors.
//!
//! A page costs the same whatever the list's size: the list is kept in its public order
//! (`order`: year, decision date, conferral position — not the name, which is sealed), a page
//! walks the most selective index from its cursor and stops after `limit` matches (`query`),
//! and only the page's items are opened.
//!
//! Personal data: an award keeps its public record as the conferring event sealed it
//! (`AwardConferred.holder`, under the person's public-record key) and the views open it at
//! query time, so an erasure that takes the public record shows the award as erased (the
//! award itself, its decision and verification record stay: they are public acts). The
//! province, a filter of the list, is the nominee's own field, opened from the nomination; it
//! goes with the person's key. Name search and the province filter use an index kept in
//! memory only, filled through the querying Unseal (`names`).

mod index;
mod json;
mod names;
mod order;
mod postings;
mod query;

pub use order::{BadCursor, HonourCursor, HonourKey};
pub use query::{HonourJsonPage, HonourPage};

use std::collections::BTreeMap;

use accolade_events::{
    AwardConferred, AwardRevoked, Personal, Phase, PublicHolder, RevocationGround, Unseal,
};
use accolade_store::Hash;
use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use crate::catalog::{Catalog, ProgrammeInfo};
use crate::envelope::Envelope;
use crate::people::ERASED;
use index::{Indexed, Indexes};
use json::ItemJson;
use names::{Entry, Inner, NameIndex, Opened, Shown};

/// Awards by id, their ordered indexes, and the in-memory name index.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Honours {
    awards: BTreeMap<Uuid, Award>,
    /// Award ids in conferral order: what the name index catches up with.
    conferred: Vec<Uuid>,
    index: Indexes,
    /// Never saved (personal data): rebuilt lazily in memory.
    #[serde(skip)]
    names: NameIndex,
}

/// Whether an award stands: `awarded`, or `revoked` (still listed, with ground and date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AwardStatus {
    /// Conferred and standing.
    Awarded,
    /// Revoked (still listed, with ground and date).
    Revoked,
}

/// Where anyone can check an award against the log: the conferring event's record, found in
/// `GET /api/v1/events` (or an export) by its position, re-hashes to `hash`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Verification {
    /// The id of the event that conferred the award (`AwardConferred`).
    pub event_id: Uuid,
    /// That event's position in the log.
    pub position: u64,
    /// That record's SHA-256 in the hash chain, as lowercase hex.
    #[serde(with = "hash_serde")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[0-9a-f]{64}$"))]
    pub hash: Hash,
}

/// `Hash` as hex text in human-readable formats (the API, as the store spells it) and as 32
/// raw bytes in binary ones (snapshots): the store's own `Deserialize` borrows a `&str`, which
/// a decoder reading from a file cannot lend.
mod hash_serde {
    use accolade_store::Hash;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(h: &Hash, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            h.serialize(s)
        } else {
            h.0.serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Hash, D::Error> {
        if d.is_human_readable() {
            Hash::deserialize(d)
        } else {
            <[u8; 32]>::deserialize(d).map(Hash)
        }
    }
}

/// A revocation as the honour list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevocationInfo {
    /// The statutory ground on which the award was revoked.
    pub ground: RevocationGround,
    /// The number of the revoking decision.
    pub decision_no: String,
    /// The date of the revoking decision.
    #[serde(with = "accolade_events::dates::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub decided_on: Date,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Award {
    nomination_id: Uuid,
    programme_id: Uuid,
    category_code: String,
    award_title: String,
    agency_id: Uuid,
    /// The programme's year.
    year: i32,
    /// The holder's pseudonymous person id.
    person_id: Uuid,
    /// The public record (name, position, work unit), sealed as the event brought it.
    #[serde(with = "crate::people::personal")]
    holder: Personal<PublicHolder>,
    citation: String,
    decision_no: String,
    #[serde(with = "accolade_events::dates::iso_date")]
    decided_on: Date,
    revocation: Option<RevocationInfo>,
    verification: Verification,
}

/// Filters of `GET /api/v1/public/honours`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HonourFilter {
    /// Only this programme.
    pub programme_id: Option<Uuid>,
    /// Only this year.
    pub year: Option<i32>,
    /// Only this category code.
    pub category_code: Option<String>,
    /// Only this nominating agency.
    pub agency_id: Option<Uuid>,
    /// Only nominees of this province (compared folded: "Ha Noi" finds "Hà Nội").
    pub province: Option<String>,
    /// Name search (diacritics, case and word order ignored).
    pub q: Option<String>,
}

/// An honour-list item; field names as API.md.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HonourItem {
    /// The award's permanent id (its page: `GET /api/v1/public/awards/{id}`).
    pub award_id: Uuid,
    /// The nomination the award was conferred for.
    pub nomination_id: Uuid,
    /// The holder's full name, from the award's public record (`[erased]` when erased).
    pub full_name: String,
    /// The holder's job title, if given.
    pub position: Option<String>,
    /// The holder's work unit (`[erased]` when erased).
    pub organisation: String,
    /// The nominee's province (from the nomination; `null` once the person is erased).
    pub province: Option<String>,
    /// The holder's public record was erased: the name, position, work unit and province say
    /// nothing about them.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub erased: bool,
    /// The agency that nominated the holder.
    pub agency_id: Uuid,
    /// The nominating agency's name as it reads now.
    pub agency_name: String,
    /// The code of the award's category in its programme (a filter of the list).
    pub category_code: String,
    /// The award's title (the category's award).
    pub award_title: String,
    /// The programme (edition) whose decision conferred the award.
    pub programme_id: Uuid,
    /// The programme's year.
    pub year: i32,
    /// Whether the award stands or was revoked.
    pub status: AwardStatus,
    /// The number of the conferring decision.
    pub decision_no: String,
    /// The date of the conferring decision.
    #[serde(with = "accolade_events::dates::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub decided_on: Date,
}

/// An award page: the honour-list item's fields plus citation, signer, revocation and
/// verification record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AwardPage {
    /// The list item.
    #[serde(flatten)]
    pub item: HonourItem,
    /// The nomination's citation as it stood at the decision.
    pub citation: String,
    /// Who signed the conferring decision, when recorded.
    pub signer: Option<String>,
    /// The revocation, when the award was revoked (`null` while it stands).
    pub revocation: Option<RevocationInfo>,
    /// Event id, position and hash of the conferring event.
    pub verification: Verification,
}

impl Award {
    fn key(&self) -> HonourKey {
        HonourKey::new(self.year, self.decided_on, self.verification.position)
    }

    fn indexed(&self, id: Uuid) -> Indexed<'_> {
        Indexed {
            id,
            key: self.key(),
            programme: self.programme_id,
            agency: self.agency_id,
            category: &self.category_code,
        }
    }
}

impl Honours {
    /// Records a conferral (called after the catalog has applied it).
    pub fn conferred(&mut self, env: &Envelope<'_>, e: &AwardConferred, catalog: &Catalog) {
        let Some(n) = catalog.nominations.get(&e.nomination_id) else {
            return;
        };
        if self.awards.contains_key(&e.award_id) {
            return;
        }
        let year = catalog
            .programmes
            .get(&n.programme_id)
            .map_or(0, |p| p.year);
        let award = Award {
            nomination_id: e.nomination_id,
            programme_id: n.programme_id,
            category_code: e.category_code.clone(),
            award_title: e.award_title.clone(),
            agency_id: n.agency_id,
            year,
            person_id: e.person_id,
            holder: e.holder.clone(),
            citation: n.citation.clone(),
            decision_no: e.decision_no.clone(),
            decided_on: e.decided_on,
            revocation: None,
            verification: Verification {
                event_id: env.event_id,
                position: env.position,
                hash: env.hash,
            },
        };
        self.index.add(award.indexed(e.award_id));
        self.conferred.push(e.award_id);
        self.awards.insert(e.award_id, award);
    }

    /// A programme's phase moved (after the catalog applied it): at `published` its awards
    /// enter the public indexes.
    pub fn phase_moved(&mut self, programme_id: Uuid, catalog: &Catalog) {
        let published = catalog
            .programmes
            .get(&programme_id)
            .is_some_and(|p| p.phase >= Phase::Published);
        let awards = &self.awards;
        self.index.phase_moved(programme_id, published, |id| {
            awards.get(&id).map(|a| a.indexed(id))
        });
    }

    /// A person was erased: the in-memory name index opens their awards again.
    pub fn person_erased(&mut self, person_id: Uuid) {
        self.names.mark_stale(person_id);
    }

    /// What the name index keeps of an award, opened through `unseal`.
    fn opened(&self, id: Uuid, catalog: &Catalog, unseal: &dyn Unseal) -> Option<Opened> {
        let a = self.awards.get(&id)?;
        Some(Opened {
            key: a.key(),
            programme: a.programme_id,
            agency: a.agency_id,
            category: a.category_code.clone(),
            person: a.person_id,
            shown: Shown {
                nomination: a.nomination_id,
                award_title: a.award_title.clone(),
                decision_no: a.decision_no.clone(),
                decided_on: a.decided_on,
                revoked: a.revocation.is_some(),
            },
            holder: Self::holder(a, catalog, unseal),
            province: Self::province(a, catalog, unseal),
        })
    }

    /// Runs `f` over the opened cards, caught up with every conferral (what it has not seen
    /// yet is opened through `unseal` first, once).
    fn cards<R>(&self, catalog: &Catalog, unseal: &dyn Unseal, f: impl FnOnce(&Inner) -> R) -> R {
        let open = |id| self.opened(id, catalog, unseal);
        self.names.with(&self.conferred, &open, f)
    }

    /// Records a revocation.
    pub fn revoked(&mut self, e: &AwardRevoked) {
        self.names.mark_revoked(&e.award_id);
        if let Some(a) = self.awards.get_mut(&e.award_id) {
            a.revocation = Some(RevocationInfo {
                ground: e.ground,
                decision_no: e.decision_no.clone(),
                decided_on: e.decided_on,
            });
        }
    }

    /// Number of awards folded (published or not).
    pub fn len(&self) -> usize {
        self.awards.len()
    }

    /// Published awards on the list.
    pub fn published_len(&self) -> usize {
        self.index.all.0.len()
    }

    fn published<'a>(&self, catalog: &'a Catalog, a: &Award) -> Option<&'a ProgrammeInfo> {
        catalog
            .programmes
            .get(&a.programme_id)
            .filter(|p| p.phase >= Phase::Published)
    }

    /// The award's holder as a view shows them: the public record, opened.
    fn holder(a: &Award, catalog: &Catalog, unseal: &dyn Unseal) -> Option<PublicHolder> {
        catalog.open_public_record(a.person_id, &a.holder, unseal)
    }

    /// The nominee's province, opened from the nomination (the public record has none).
    fn province(a: &Award, catalog: &Catalog, unseal: &dyn Unseal) -> Option<String> {
        let n = catalog.nominations.get(&a.nomination_id)?;
        catalog.open(n.person_id, &n.nominee, unseal)?.province
    }

    /// Runs `f` over the cards of these awards (no award is looked up: at national size each
    /// lookup is a walk down a tree of 100,000). A caught-up index has every card; one missing
    /// is opened for this answer alone.
    fn each_card(
        &self,
        ids: impl Iterator<Item = Uuid>,
        inner: &Inner,
        catalog: &Catalog,
        unseal: &dyn Unseal,
        mut f: impl FnMut(Uuid, &Entry),
    ) {
        for id in ids {
            match inner.entry(&id) {
                Some(e) => f(id, e),
                None => {
                    if let Some(o) = self.opened(id, catalog, unseal) {
                        let (_, e) = Entry::of(o);
                        f(id, &e);
                    }
                }
            }
        }
    }

    /// The items of these awards, from their cards alone.
    fn items(
        &self,
        ids: impl ExactSizeIterator<Item = Uuid>,
        inner: &Inner,
        catalog: &Catalog,
        unseal: &dyn Unseal,
    ) -> Vec<HonourItem> {
        // Sized at once: an item is a few hundred bytes, and a growing page moved them all.
        let mut out = Vec::with_capacity(ids.len());
        self.each_card(ids, inner, catalog, unseal, |id, e| {
            out.push(Self::card_item(id, e, catalog));
        });
        out
    }

    /// The items of these awards as a JSON array, from their cards' serialised items.
    fn items_json(
        &self,
        ids: impl ExactSizeIterator<Item = Uuid>,
        inner: &Inner,
        catalog: &Catalog,
        unseal: &dyn Unseal,
    ) -> String {
        // An item is about 700 bytes of JSON: one allocation for most pages.
        let mut out = String::with_capacity(2 + ids.len() * 768);
        out.push('[');
        self.each_card(ids, inner, catalog, unseal, |id, e| {
            if out.len() > 1 {
                out.push(',');
            }
            let agency = catalog
                .agencies
                .get(&e.agency)
                .map_or("", |a| a.name.as_str());
            let json = e
                .json
                .get_or_init(|| ItemJson::of(&Self::card_item_named(id, e, String::new())));
            match json {
                Some(j) => j.write(agency, &mut out),
                None => out.push_str("null"),
            }
        });
        out.push(']');
        out
    }

    /// A list item from an award's card (the agency's name as the catalog has it now).
    fn card_item(award_id: Uuid, e: &Entry, catalog: &Catalog) -> HonourItem {
        Self::card_item_named(award_id, e, catalog.agency_name(e.agency))
    }

    fn card_item_named(award_id: Uuid, e: &Entry, agency_name: String) -> HonourItem {
        let (full_name, position, organisation) = match &e.holder {
            Some(h) => (
                h.full_name.clone(),
                h.position.clone(),
                h.organisation.clone(),
            ),
            None => (ERASED.to_owned(), None, ERASED.to_owned()),
        };
        HonourItem {
            award_id,
            nomination_id: e.shown.nomination,
            full_name,
            position,
            organisation,
            province: e.province.as_ref().map(|(spelt, _)| spelt.clone()),
            erased: e.holder.is_none(),
            agency_id: e.agency,
            agency_name,
            category_code: e.category.clone(),
            award_title: e.shown.award_title.clone(),
            programme_id: e.programme,
            year: e.key.year,
            status: if e.shown.revoked {
                AwardStatus::Revoked
            } else {
                AwardStatus::Awarded
            },
            decision_no: e.shown.decision_no.clone(),
            decided_on: e.shown.decided_on,
        }
    }

    /// A published award's page; `None` for an unknown or not yet published award.
    pub fn page(
        &self,
        award_id: Uuid,
        catalog: &Catalog,
        unseal: &dyn Unseal,
    ) -> Option<AwardPage> {
        let a = self.awards.get(&award_id)?;
        let p = self.published(catalog, a)?;
        let item = self.cards(catalog, unseal, |inner| {
            self.items(std::iter::once(award_id), inner, catalog, unseal)
                .pop()
        })?;
        Some(AwardPage {
            item,
            citation: a.citation.clone(),
            signer: p.decision.as_ref().map(|d| d.signer.clone()),
            revocation: a.revocation.clone(),
            verification: a.verification.clone(),
        })
    }
}
