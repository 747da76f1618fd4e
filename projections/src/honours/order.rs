//! The honour list's public order and its keyset cursors.
//!
//! Order: newest year first, then decision date (oldest first), then the order the decision
//! conferred them (the conferring event's log position). The holder's name is no longer part
//! of the order: names are sealed (issue 12), so an order by name could only be computed by
//! opening every name per request, or kept by holding names in the clear in the read model
//! and its snapshot. The log position is public, unique per award and the same on every node.
//!
//! A [`HonourCursor`] is the last shown item's key plus a tag of the filter it walked, as
//! opaque base64url text: the next page starts strictly after that key, so awards conferred
//! between two requests neither repeat an item nor skip one that was already listed (a new
//! award shows up on a later page when it sorts after the cursor, else on a fresh first page).

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::Date;
use uuid::Uuid;

use super::HonourFilter;
use crate::search::{NameQuery, fold};

/// An award's place in the public order (no personal data: year, decision date, position).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HonourKey {
    /// The programme's year (newest first).
    pub year: i32,
    /// The decision date as a Julian day (oldest first within a year).
    pub day: i32,
    /// The conferring event's log position (the order the decision conferred them).
    pub position: u64,
}

impl HonourKey {
    /// The key of an award of `year` decided on `decided_on`, conferred at `position`.
    pub fn new(year: i32, decided_on: Date, position: u64) -> Self {
        HonourKey {
            year,
            day: decided_on.to_julian_day(),
            position,
        }
    }
}

impl Ord for HonourKey {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .year
            .cmp(&self.year)
            .then(self.day.cmp(&other.day))
            .then(self.position.cmp(&other.position))
    }
}

impl PartialOrd for HonourKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Award ids in public order. Serialised as a list of pairs (a map with struct keys is not
/// JSON), which is also how bincode would write it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ordered(pub BTreeMap<HonourKey, Uuid>);

impl Serialize for Ordered {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter())
    }
}

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V(PhantomData<Ordered>);
        impl<'de> Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of (key, award id) pairs")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Ordered, A::Error> {
                let mut m = BTreeMap::new();
                while let Some((k, v)) = seq.next_element::<(HonourKey, Uuid)>()? {
                    m.insert(k, v);
                }
                Ok(Ordered(m))
            }
        }
        d.deserialize_seq(V(PhantomData))
    }
}

/// A cursor this list did not issue: not ours, damaged, or from another filter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid cursor")]
pub struct BadCursor;

/// A keyset position in the honour list: after this key, for this filter. Opaque to clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HonourCursor {
    /// The last item shown.
    pub key: HonourKey,
    tag: u64,
}

const PREFIX: &str = "h1";

impl HonourCursor {
    /// The cursor after `key` in the list filtered by `f`.
    pub fn after(key: HonourKey, f: &HonourFilter) -> Self {
        HonourCursor {
            key,
            tag: filter_tag(f),
        }
    }

    /// The text a client passes back.
    pub fn encode(&self) -> String {
        let k = self.key;
        URL_SAFE_NO_PAD.encode(format!(
            "{PREFIX}.{}.{}.{}.{:016x}",
            k.year, k.day, k.position, self.tag
        ))
    }

    /// Reads a cursor back; [`BadCursor`] for text this list did not issue for `f`.
    pub fn decode(text: &str, f: &HonourFilter) -> Result<Self, BadCursor> {
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| BadCursor)?;
        let s = String::from_utf8(bytes).map_err(|_| BadCursor)?;
        let mut parts = s.split('.');
        if parts.next() != Some(PREFIX) {
            return Err(BadCursor);
        }
        let mut next = || parts.next().ok_or(BadCursor);
        let year = next()?.parse().map_err(|_| BadCursor)?;
        let day = next()?.parse().map_err(|_| BadCursor)?;
        let position = next()?.parse().map_err(|_| BadCursor)?;
        let tag = u64::from_str_radix(next()?, 16).map_err(|_| BadCursor)?;
        if parts.next().is_some() || tag != filter_tag(f) {
            return Err(BadCursor);
        }
        Ok(HonourCursor {
            key: HonourKey {
                year,
                day,
                position,
            },
            tag,
        })
    }
}

/// FNV-1a of the filter as the list reads it (province folded, the query's folded tokens), so
/// "Ha Noi" and "Hà Nội" share cursors and any other filter's cursor is refused. Stable on
/// every node and across restarts (no random seed).
fn filter_tag(f: &HonourFilter) -> u64 {
    let q =
        f.q.as_deref()
            .and_then(NameQuery::parse)
            .map(|q| q.tokens().join(" "))
            .unwrap_or_default();
    let text = format!(
        "p={:?}|y={:?}|c={:?}|a={:?}|v={:?}|q={q}",
        f.programme_id,
        f.year,
        f.category_code,
        f.agency_id,
        f.province.as_deref().map(fold)
    );
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_newest_year_then_decision_then_position() {
        let d = |day| Date::from_julian_day(2_460_000 + day).unwrap();
        let mut keys = [
            HonourKey::new(2024, d(1), 9),
            HonourKey::new(2025, d(5), 3),
            HonourKey::new(2025, d(2), 7),
            HonourKey::new(2025, d(2), 4),
        ];
        keys.sort();
        let positions: Vec<u64> = keys.iter().map(|k| k.position).collect();
        assert_eq!(positions, vec![4, 7, 3, 9]);
    }

    #[test]
    fn cursors_round_trip_and_are_bound_to_their_filter() {
        let f = HonourFilter {
            province: Some("Hà Nội".into()),
            ..HonourFilter::default()
        };
        let c = HonourCursor::after(HonourKey::new(2025, Date::MIN, 12), &f);
        let same = HonourFilter {
            province: Some("ha noi".into()),
            ..HonourFilter::default()
        };
        assert_eq!(HonourCursor::decode(&c.encode(), &same), Ok(c));
        assert_eq!(
            HonourCursor::decode(&c.encode(), &HonourFilter::default()),
            Err(BadCursor)
        );
        for junk in ["", "nonsense", "aDE", &URL_SAFE_NO_PAD.encode("h1.1.2.3")] {
            assert_eq!(HonourCursor::decode(junk, &f), Err(BadCursor), "{junk}");
        }
    }
}
