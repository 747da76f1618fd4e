//! Walking name postings in public order: the union of several lists (the index tokens one
//! query token prefixes, or the token pairs two query tokens prefix), each award once.
//!
//! A union of few lists is merged step by step, so a page stops as soon as it is full; one of
//! many (a short prefix) is collected and sorted. Each candidate is still tested on its card
//! (`NameQuery::matches`: one name token per query token): the postings only narrow.

use std::collections::BTreeMap;
use std::iter::Peekable;
use std::ops::Bound;

use uuid::Uuid;

use super::order::HonourKey;

type List = BTreeMap<HonourKey, Uuid>;
type Range<'a> = std::collections::btree_map::Range<'a, HonourKey, Uuid>;

/// Above this many lists a union is collected and sorted instead of merged step by step
/// (a step of the merge looks at every list's head).
pub(crate) const MERGE_AT_MOST: usize = 16;

/// The postings of the index tokens one query token prefixes, walked as one list in public
/// order from a bound, each award once.
pub(crate) struct Union<'a> {
    inner: UnionInner<'a>,
    last: Option<HonourKey>,
}

enum UnionInner<'a> {
    Merge(Vec<Peekable<Range<'a>>>),
    Sorted(std::vec::IntoIter<(HonourKey, Uuid)>),
}

impl<'a> Union<'a> {
    /// The union of `lists` from `from`.
    pub fn new(lists: &[&'a List], from: (Bound<HonourKey>, Bound<HonourKey>)) -> Self {
        let inner = if lists.len() <= MERGE_AT_MOST {
            UnionInner::Merge(lists.iter().map(|l| l.range(from).peekable()).collect())
        } else {
            let mut all: Vec<(HonourKey, Uuid)> = lists
                .iter()
                .flat_map(|l| l.range(from).map(|(k, v)| (*k, *v)))
                .collect();
            all.sort_unstable_by_key(|a| a.0);
            UnionInner::Sorted(all.into_iter())
        };
        Union { inner, last: None }
    }

    fn step(&mut self) -> Option<(HonourKey, Uuid)> {
        match &mut self.inner {
            UnionInner::Sorted(it) => it.next(),
            UnionInner::Merge(heads) => {
                let at = heads
                    .iter_mut()
                    .enumerate()
                    .filter_map(|(i, h)| h.peek().map(|(k, _)| (**k, i)))
                    .min()?
                    .1;
                heads
                    .get_mut(at)
                    .and_then(Iterator::next)
                    .map(|(k, v)| (*k, *v))
            }
        }
    }
}

impl Iterator for Union<'_> {
    type Item = (HonourKey, Uuid);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (k, v) = self.step()?;
            // A name with two tokens the query token prefixes is in two of the lists.
            if self.last != Some(k) {
                self.last = Some(k);
                return Some((k, v));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn key(p: u64) -> HonourKey {
        HonourKey::new(2026, date!(2026 - 01 - 02), p)
    }

    fn list(ps: &[u64]) -> List {
        ps.iter()
            .map(|p| (key(*p), Uuid::from_u128(u128::from(*p))))
            .collect()
    }

    fn positions(it: impl Iterator<Item = (HonourKey, Uuid)>) -> Vec<u128> {
        it.map(|(_, v)| v.as_u128()).collect()
    }

    const ALL: (Bound<HonourKey>, Bound<HonourKey>) = (Bound::Unbounded, Bound::Unbounded);

    #[test]
    fn a_union_is_ordered_and_has_each_award_once() {
        let (a, b, c) = (list(&[1, 4, 9]), list(&[2, 4, 7]), list(&[]));
        let u = Union::new(&[&a, &b, &c], ALL);
        assert_eq!(positions(u), vec![1, 2, 4, 7, 9], "public order, each once");
    }

    #[test]
    fn many_lists_are_sorted_alike() {
        let lists: Vec<List> = (0..40u64).map(|i| list(&[i, i + 1, 100 + i])).collect();
        let refs: Vec<&List> = lists.iter().collect();
        let sorted = positions(Union::new(&refs, ALL));
        let merged = positions(Union::new(&refs[..MERGE_AT_MOST], ALL));
        assert_eq!(sorted.len(), 81, "0..=40 and 100..140, each once");
        assert!(merged.iter().all(|p| sorted.contains(p)));
        assert!(sorted.windows(2).all(|w| w[0] < w[1]));
    }
}
