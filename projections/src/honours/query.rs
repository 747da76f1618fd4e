//! Pages of the honour list: walk the most selective index from the cursor, test the other
//! filters per item, stop after `limit` matches (and one more, to know whether a next page
//! exists). Only the page's items are opened; the name and province filters read the
//! in-memory index (`names`), never the sealed values, once it has caught up.

use std::collections::BTreeMap;
use std::ops::Bound;

use accolade_events::Unseal;
use uuid::Uuid;

use super::names::Inner;
use super::order::{HonourCursor, HonourKey};
use super::{Award, HonourFilter, HonourItem, Honours};
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

type Index = BTreeMap<HonourKey, Uuid>;

/// The walk's outcome: the matching ids and whether one more matched.
type Found = (Vec<(HonourKey, Uuid)>, bool);

fn after(cursor: Option<&HonourCursor>) -> (Bound<HonourKey>, Bound<HonourKey>) {
    match cursor {
        Some(c) => (Bound::Excluded(c.key), Bound::Unbounded),
        None => (Bound::Unbounded, Bound::Unbounded),
    }
}

fn walk<'a>(
    it: impl Iterator<Item = (&'a HonourKey, &'a Uuid)>,
    limit: usize,
    fits: impl Fn(&Uuid) -> bool,
) -> Found {
    let mut out = Vec::with_capacity(limit.min(64));
    for (k, id) in it {
        if fits(id) {
            if out.len() == limit {
                return (out, true);
            }
            out.push((*k, *id));
        }
    }
    (out, false)
}

impl Honours {
    /// The structured filters' indexes; `None` when one of them selects nothing.
    fn structured(&self, f: &HonourFilter) -> Option<Vec<&Index>> {
        let ix = &self.index;
        let mut out = Vec::new();
        if let Some(p) = f.programme_id {
            if !ix.published.contains(&p) {
                return None;
            }
            out.push(&ix.by_programme.get(&p)?.0);
        }
        if let Some(y) = f.year {
            out.push(&ix.by_year.get(&y)?.0);
        }
        if let Some(g) = f.agency_id {
            out.push(&ix.by_agency.get(&g)?.0);
        }
        if let Some(c) = &f.category_code {
            out.push(&ix.by_category.get(c)?.0);
        }
        Some(out)
    }

    /// Whether a published award fits the structured filters.
    fn fits(&self, f: &HonourFilter, id: &Uuid) -> Option<&Award> {
        let a = self.awards.get(id)?;
        let ok = self.index.published.contains(&a.programme_id)
            && f.programme_id.is_none_or(|p| p == a.programme_id)
            && f.year.is_none_or(|y| y == a.year)
            && f.agency_id.is_none_or(|g| g == a.agency_id)
            && f.category_code
                .as_deref()
                .is_none_or(|c| c == a.category_code);
        ok.then_some(a)
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
        let limit = limit.max(1);
        let Some(mut indexes) = self.structured(f) else {
            return HonourPage {
                total: Some(0),
                ..HonourPage::default()
            };
        };
        let structured = indexes.len();
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
        let (found, more) = if query.is_none() && province.is_none() {
            walk(best.range(after(cursor)), limit, |id| {
                self.fits(f, id).is_some()
            })
        } else {
            let open = |id| self.opened(id, catalog, unseal);
            self.names.with(&self.conferred, &open, |inner| {
                self.walk_personal(
                    f,
                    best,
                    query.as_ref(),
                    province.as_deref(),
                    inner,
                    cursor,
                    limit,
                )
            })
        };
        let total =
            (query.is_none() && province.is_none() && structured <= 1).then_some(best.len());
        let next = more
            .then(|| found.last().map(|(k, _)| HonourCursor::after(*k, f)))
            .flatten();
        let items = found
            .into_iter()
            .filter_map(|(_, id)| {
                let a = self.awards.get(&id)?;
                Some(Self::item(id, a, a.year, catalog, unseal))
            })
            .collect();
        HonourPage { items, next, total }
    }

    /// The walk when a name or province filter is set: from the smallest of the structured
    /// index, the province's awards and the rarest query token's candidates.
    #[allow(clippy::too_many_arguments)]
    fn walk_personal(
        &self,
        f: &HonourFilter,
        best: &Index,
        query: Option<&NameQuery>,
        province: Option<&str>,
        inner: &Inner,
        cursor: Option<&HonourCursor>,
        limit: usize,
    ) -> Found {
        let fits = |id: &Uuid| {
            self.fits(f, id).is_some()
                && query.is_none_or(|q| inner.name_matches(id, q))
                && province.is_none_or(|p| inner.province_is(id, p))
        };
        let empty = Index::new();
        let by_province = province.map(|p| inner.provinces.get(p).unwrap_or(&empty));
        let candidates = query.map(|q| inner.candidates(q));
        let province_size = by_province.map_or(usize::MAX, BTreeMap::len);
        let name_size = candidates.as_ref().map_or(usize::MAX, |c| c.size);
        let lists = candidates.map(|c| c.lists).unwrap_or_default();
        if let [one] = lists.as_slice()
            && name_size < province_size
            && name_size < best.len()
        {
            return walk(one.range(after(cursor)), limit, fits);
        }
        // Several index tokens share the prefix ("ng"): merging their postings costs their
        // size, worth it only when they are few next to the other source; when they are many,
        // matches are dense there and walking the other source stops soon.
        if name_size < province_size && name_size.saturating_mul(8) <= best.len() {
            let mut merged: Vec<(HonourKey, Uuid)> = lists
                .iter()
                .flat_map(|l| l.range(after(cursor)).map(|(k, v)| (*k, *v)))
                .collect();
            merged.sort_unstable_by_key(|a| a.0);
            merged.dedup_by(|a, b| a.0 == b.0);
            return walk(merged.iter().map(|(k, v)| (k, v)), limit, fits);
        }
        match by_province {
            Some(p) if province_size < best.len() => walk(p.range(after(cursor)), limit, fits),
            _ => walk(best.range(after(cursor)), limit, fits),
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
        self.index
            .by_decision
            .values()
            .rev()
            .filter_map(|id| {
                let a = self.awards.get(id)?;
                Some(Self::item(*id, a, a.year, catalog, unseal))
            })
            .take(n)
            .collect()
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
        let open = |id| self.opened(id, catalog, unseal);
        self.names.with(&self.conferred, &open, |inner| {
            inner.spellings(|p| self.index.published.contains(p))
        })
    }
}
