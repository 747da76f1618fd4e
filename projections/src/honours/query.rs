//! Pages of the honour list: walk the most selective index from the cursor, test the other
//! filters on each candidate's card, stop after `limit` matches (and one more, to know whether
//! a next page exists). Cards are the in-memory opened records (`names`): once the index has
//! caught up with the conferrals, a page opens no sealed value.

use std::collections::BTreeMap;
use std::ops::Bound;

use accolade_events::Unseal;
use uuid::Uuid;

use super::names::{Entry, Inner, Postings};
use super::order::{HonourCursor, HonourKey};
use super::postings::{self, Union};
use super::{HonourFilter, HonourItem, Honours};
use crate::catalog::Catalog;
use crate::search::{NameQuery, fold};

/// A page of the honour list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HonourPage {
    /// The page's items, in public order.
    pub items: Vec<HonourItem>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<HonourCursor>,
    /// How many items the whole filtered list holds, when that is an index's size (no
    /// filter, or one of programme, year, agency, category); `None` otherwise.
    pub total: Option<usize>,
}

/// A page of the honour list with its items as one JSON array (the API's answer): each item
/// is its card's serialised JSON (`json`), spliced, not serialised again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HonourJsonPage {
    /// The page's items, in public order: a JSON array, as `serde_json` writes a
    /// `Vec<HonourItem>`.
    pub items: String,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<HonourCursor>,
}

type Index = BTreeMap<HonourKey, Uuid>;

/// At most this many pair lookups for a query (short prefixes match many index tokens; the
/// single word's postings serve those).
const PAIR_LOOKUPS: usize = 64;

/// Whether walking a name token's postings beats walking the other source (`other` awards):
/// a union of few lists is merged lazily and stops with the page; one of many is collected
/// and sorted first, which costs its whole size.
fn name_source_pays(p: &Postings<'_>, other: usize) -> bool {
    if p.lists.len() <= postings::MERGE_AT_MOST {
        p.size < other
    } else {
        p.size.saturating_mul(8) <= other
    }
}

/// The walk's outcome: the matching ids and whether one more matched.
type Found = (Vec<(HonourKey, Uuid)>, bool);

/// Where a walk starts and stops: after the cursor, and within the year when the filter
/// has one (a year's awards are contiguous in every index, the year leading the order).
fn bounds(
    cursor: Option<&HonourCursor>,
    year: Option<i32>,
) -> (Bound<HonourKey>, Bound<HonourKey>) {
    let first = year.map(|y| HonourKey {
        year: y,
        day: i32::MIN,
        position: 0,
    });
    let last = year.map(|y| HonourKey {
        year: y,
        day: i32::MAX,
        position: u64::MAX,
    });
    let lower = match (cursor, first) {
        (Some(c), Some(f)) if c.key < f => Bound::Included(f),
        (Some(c), _) => Bound::Excluded(c.key),
        (None, Some(f)) => Bound::Included(f),
        (None, None) => Bound::Unbounded,
    };
    let upper = last.map_or(Bound::Unbounded, Bound::Included);
    // A cursor past the year's end leaves nothing: an empty range, not a panic.
    match (&lower, &upper) {
        (Bound::Excluded(l), Bound::Included(u)) if l >= u => {
            (Bound::Excluded(*u), Bound::Included(*u))
        }
        _ => (lower, upper),
    }
}

fn walk(
    it: impl Iterator<Item = (HonourKey, Uuid)>,
    limit: usize,
    fits: impl Fn(&HonourKey, &Uuid) -> bool,
) -> Found {
    let mut out = Vec::with_capacity(limit.min(64));
    for (k, id) in it {
        if fits(&k, &id) {
            if out.len() == limit {
                return (out, true);
            }
            out.push((k, id));
        }
    }
    (out, false)
}

/// An index walked from a bound, as owned pairs.
fn from(
    index: &Index,
    bound: (Bound<HonourKey>, Bound<HonourKey>),
) -> impl Iterator<Item = (HonourKey, Uuid)> + '_ {
    index.range(bound).map(|(k, v)| (*k, *v))
}

impl Honours {
    /// The structured filters' indexes to walk; `None` when one of them selects nothing.
    /// The year's own index is left out when another filter has one: every walk is bounded
    /// by the year (it leads the order), and any index so bounded holds only that year's
    /// awards, so it is never larger than the year's index, and it is exact.
    fn structured(&self, f: &HonourFilter) -> Option<Vec<&Index>> {
        let ix = &self.index;
        let mut out = Vec::new();
        if let Some(p) = f.programme_id {
            if !ix.published.contains(&p) {
                return None;
            }
            out.push(&ix.by_programme.get(&p)?.0);
        }
        if let Some(g) = f.agency_id {
            out.push(&ix.by_agency.get(&g)?.0);
        }
        if let Some(c) = &f.category_code {
            out.push(&ix.by_category.get(c)?.0);
        }
        if let Some(y) = f.year {
            let year = &ix.by_year.get(&y)?.0;
            if out.is_empty() {
                out.push(year);
            }
        }
        Some(out)
    }

    /// Whether a card fits the structured filters (of a published programme).
    fn fits(&self, f: &HonourFilter, e: &Entry) -> bool {
        self.index.published.contains(&e.programme)
            && f.programme_id.is_none_or(|p| p == e.programme)
            && f.year.is_none_or(|y| y == e.key.year)
            && f.agency_id.is_none_or(|g| g == e.agency)
            && f.category_code.as_deref().is_none_or(|c| c == e.category)
    }

    /// One page of the published list matching `f`, after `cursor`, at most `limit` items.
    pub fn list_page(
        &self,
        f: &HonourFilter,
        cursor: Option<&HonourCursor>,
        limit: usize,
        catalog: &Catalog,
        unseal: &dyn Unseal,
    ) -> HonourPage {
        let (items, next, total) =
            self.page_with(f, cursor, limit, catalog, unseal, |inner, ids| {
                self.items(ids, inner, catalog, unseal)
            });
        HonourPage { items, next, total }
    }

    /// [`Self::list_page`] with its items as a JSON array.
    pub fn list_page_json(
        &self,
        f: &HonourFilter,
        cursor: Option<&HonourCursor>,
        limit: usize,
        catalog: &Catalog,
        unseal: &dyn Unseal,
    ) -> HonourJsonPage {
        let (items, next, _) = self.page_with(f, cursor, limit, catalog, unseal, |inner, ids| {
            self.items_json(ids, inner, catalog, unseal)
        });
        HonourJsonPage { items, next }
    }

    /// The page's walk, its items made by `make` from the found ids, the next page's cursor
    /// and the total when it is free.
    fn page_with<T>(
        &self,
        f: &HonourFilter,
        cursor: Option<&HonourCursor>,
        limit: usize,
        catalog: &Catalog,
        unseal: &dyn Unseal,
        make: impl FnOnce(&Inner, std::vec::IntoIter<Uuid>) -> T,
    ) -> (T, Option<HonourCursor>, Option<usize>) {
        let limit = limit.max(1);
        let Some(mut indexes) = self.structured(f) else {
            return self.cards(catalog, unseal, |inner| {
                (make(inner, Vec::new().into_iter()), None, Some(0))
            });
        };
        let structured = indexes.len();
        // How many filters of the four were given (a total is free for one alone).
        let given = [
            f.programme_id.is_some(),
            f.year.is_some(),
            f.agency_id.is_some(),
            f.category_code.is_some(),
        ]
        .into_iter()
        .filter(|g| *g)
        .count();
        if indexes.is_empty() {
            indexes.push(&self.index.all.0);
        }
        let best = indexes
            .iter()
            .copied()
            .min_by_key(|i| i.len())
            .unwrap_or(&self.index.all.0);
        let query = f.q.as_deref().and_then(NameQuery::parse);
        let province = f.province.as_deref().map(fold);
        let personal = query.is_some() || province.is_some();
        self.cards(catalog, unseal, |inner| {
            let (found, more) = self.walk_cards(
                f,
                best,
                structured,
                query.as_ref(),
                province.as_deref(),
                inner,
                cursor,
                limit,
            );
            let total = (!personal && given <= 1).then_some(best.len());
            let next = more
                .then(|| found.last().map(|(k, _)| HonourCursor::after(*k, f)))
                .flatten();
            let ids: Vec<Uuid> = found.into_iter().map(|(_, id)| id).collect();
            (make(inner, ids.into_iter()), next, total)
        })
    }

    /// The walk: from the smallest of the structured indexes, the province's awards and the
    /// rarest query tokens' postings, testing each candidate's card.
    #[allow(clippy::too_many_arguments)]
    fn walk_cards(
        &self,
        f: &HonourFilter,
        best: &Index,
        structured: usize,
        query: Option<&NameQuery>,
        province: Option<&str>,
        inner: &Inner,
        cursor: Option<&HonourCursor>,
        limit: usize,
    ) -> Found {
        let bound = bounds(cursor, f.year);
        if query.is_none() && province.is_none() && structured <= 1 {
            // `best` is then the whole list or one public index (a programme's only once
            // published), bounded by the year if one is asked: every award in it is public
            // and fits.
            return walk(from(best, bound), limit, |_, _| true);
        }
        // The card test, exact: one hash lookup and the card's fields.
        let card = |id: &Uuid| {
            inner.entry(id).is_some_and(|e| {
                self.fits(f, e)
                    && query.is_none_or(|q| e.name_matches(q))
                    && province.is_none_or(|p| e.province_is(p))
            })
        };
        let empty = Index::new();
        let by_province = province.map(|p| inner.provinces.get(p).unwrap_or(&empty));
        let province_size = by_province.map_or(usize::MAX, BTreeMap::len);
        let postings = query.map(|q| inner.postings(q)).unwrap_or_default();
        // Two words or more: the awards whose names have the two rarest (a pair's postings
        // are far shorter than either word's); else the one word's postings.
        let pair = match postings.as_slice() {
            [a, b, ..] => inner.pairs(a, b, PAIR_LOOKUPS),
            _ => None,
        };
        if let Some(source) = pair.as_ref().or(postings.first())
            && source.size < province_size
            && name_source_pays(source, best.len())
        {
            // Walking names, most candidates of a longer query or of a province fail their
            // card. Before the card, a candidate must be in the lists of the rarest and the
            // third word's pairs, and in the province's list: lookups in small sorted lists,
            // where a card is a lookup in a map of every award and then its strings.
            let third = match (&pair, postings.as_slice()) {
                (Some(_), [a, _, c, ..]) => inner.pairs(a, c, PAIR_LOOKUPS),
                _ => None,
            };
            let fits = |k: &HonourKey, id: &Uuid| {
                third
                    .as_ref()
                    .is_none_or(|t| t.lists.iter().any(|l| l.get(k) == Some(id)))
                    && by_province.is_none_or(|p| p.get(k) == Some(id))
                    && card(id)
            };
            return walk(Union::new(&source.lists, bound), limit, fits);
        }
        match by_province {
            Some(p) if province_size < best.len() => walk(from(p, bound), limit, |_, id| card(id)),
            _ => walk(from(best, bound), limit, |_, id| card(id)),
        }
    }

    /// The whole published list matching `f`, in public order (page by page).
    pub fn list(
        &self,
        f: &HonourFilter,
        catalog: &Catalog,
        unseal: &dyn Unseal,
    ) -> Vec<HonourItem> {
        let mut out = Vec::new();
        let mut cursor = None;
        loop {
            let page = self.list_page(f, cursor.as_ref(), 500, catalog, unseal);
            out.extend(page.items);
            match page.next {
                Some(c) => cursor = Some(c),
                None => return out,
            }
        }
    }

    /// The latest decisions first (the feed, the home page): at most `n` published awards.
    pub fn latest(&self, n: usize, catalog: &Catalog, unseal: &dyn Unseal) -> Vec<HonourItem> {
        self.cards(catalog, unseal, |inner| {
            self.items(
                self.index.by_decision.values().rev().take(n).copied(),
                inner,
                catalog,
                unseal,
            )
        })
    }

    /// Years with published awards, newest first.
    pub fn years(&self) -> Vec<i32> {
        self.index.by_year.keys().rev().copied().collect()
    }

    /// Agencies with a published award.
    pub fn agencies(&self) -> Vec<Uuid> {
        self.index.by_agency.keys().copied().collect()
    }

    /// Provinces (as spelt) of published awards' nominees, sorted.
    pub fn provinces(&self, catalog: &Catalog, unseal: &dyn Unseal) -> Vec<String> {
        self.cards(catalog, unseal, |inner| {
            inner.spellings(|p| self.index.published.contains(p))
        })
    }
}
