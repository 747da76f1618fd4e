//! Assigning reviewers: N per nomination, load-balanced, reproducible from a recorded seed.
//!
//! The PRNG is our own splitmix64 (a dozen lines, public domain algorithm by Vigna) rather than
//! a crate's RNG, so that re-running a recorded draw years later cannot depend on a crate's
//! version changing its stream. The recorded result is what replay uses; the seed lets anyone
//! re-run the draw and check it.

use std::collections::BTreeMap;

use accolade_events::Assignment;
use uuid::Uuid;

/// splitmix64: tiny, fast, well-distributed for this purpose (not cryptographic).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0); the modulo bias is negligible for panel sizes.
    pub fn below(&mut self, n: usize) -> usize {
        let n64 = u64::try_from(n.max(1)).unwrap_or(u64::MAX);
        usize::try_from(self.next_u64() % n64).unwrap_or(0)
    }

    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// One nomination to assign and the members who may review it (not conflicted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// Slots are assigned in the order of this id, whatever the input order.
    pub nomination_id: Uuid,
    /// Members who may review it.
    pub candidates: Vec<Uuid>,
}

/// Assigns `per` reviewers to each slot (all candidates when fewer), preferring the least
/// loaded members; ties are broken by the seeded shuffle. Slots are taken in nomination-id
/// order, so the result depends only on the inputs and the seed.
pub fn assign(slots: &[Slot], per: u32, seed: u64) -> Vec<Assignment> {
    let mut rng = SplitMix64::new(seed);
    let mut load: BTreeMap<Uuid, u32> = BTreeMap::new();
    let mut ordered: Vec<&Slot> = slots.iter().collect();
    ordered.sort_by_key(|s| s.nomination_id);
    let per = usize::try_from(per).unwrap_or(usize::MAX);
    ordered
        .into_iter()
        .map(|slot| {
            let mut pool = slot.candidates.clone();
            pool.sort_unstable();
            pool.dedup();
            rng.shuffle(&mut pool);
            // Stable sort keeps the shuffled order among equally loaded members.
            pool.sort_by_key(|m| load.get(m).copied().unwrap_or(0));
            let mut chosen: Vec<Uuid> = pool.into_iter().take(per).collect();
            for m in &chosen {
                *load.entry(*m).or_default() += 1;
            }
            chosen.sort_unstable();
            Assignment {
                nomination_id: slot.nomination_id,
                member_ids: chosen,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_reference_values() {
        // First outputs for seed 0 from the reference implementation.
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn balanced_and_reproducible() {
        let members: Vec<Uuid> = (1..=6).map(Uuid::from_u128).collect();
        let slots: Vec<Slot> = (100..112)
            .map(|n| Slot {
                nomination_id: Uuid::from_u128(n),
                candidates: members.clone(),
            })
            .collect();
        let a = assign(&slots, 3, 42);
        assert_eq!(a, assign(&slots, 3, 42));
        let mut load: BTreeMap<Uuid, u32> = BTreeMap::new();
        for x in &a {
            assert_eq!(x.member_ids.len(), 3);
            for m in &x.member_ids {
                *load.entry(*m).or_default() += 1;
            }
        }
        // 12 × 3 = 36 reviews over 6 members: exactly 6 each.
        assert!(load.values().all(|l| *l == 6), "{load:?}");
    }
}
