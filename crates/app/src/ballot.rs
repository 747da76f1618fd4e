//! Secret ballots: what the app does around the programme's vote commands.
//!
//! The order that keeps the sealed box and the log consistent (docs/app.md):
//!
//! 1. **Cast** (member or absentee, first time): `decide` checks eligibility and returns the
//!    participation event; the app *seals the choice first* (durable in the vault), *then*
//!    appends the participation; only then is the cast acknowledged. A crash between the two
//!    leaves a sealed slot with no participation. That slot is never counted, because closing
//!    opens exactly one slot per *recorded participant*; and a retry by the member overwrites
//!    it (the slot is per member and nomination), so it never becomes a second ballot.
//! 2. **Re-cast** (the member already took part): nothing is written; the app opens the
//!    member's slot and tells the domain whether the new choice matches (`recast_matches`):
//!    the same choice is harmless, a different one is refused.
//! 3. **Close**: for each nomination the round counts, one slot per recorded participant is
//!    opened; a participant without a slot (a lost vault) stops the close with
//!    `BallotsMissing` rather than count a wrong tally. The choices are shuffled with the OS
//!    random source, passed to `CloseRound`, appended as one anonymous batch, and then the
//!    round (key and slots) is destroyed.
//!
//! A re-run vote (`VoteRerun`) needs nothing here: it clears the participations, so the old
//! slots are no longer opened, and members who vote again overwrite their own slot.
//!
//! All of this runs under the programme stream's lock, so within the process a cast and a
//! close of the same programme never interleave.

use std::collections::BTreeMap;
use std::sync::Arc;

use accolade_domain::Programme;
use accolade_events::Choice;
use rand_core::{OsRng, RngCore};
use uuid::Uuid;

use crate::error::AppError;
use crate::vault::{RoundId, SealedRound, Vault, VaultError};

/// Runs a vault operation off the async executor (file I/O and fsync block).
pub(crate) async fn blocking<T: Send + 'static>(
    vault: &Arc<dyn Vault>,
    f: impl FnOnce(&dyn Vault) -> Result<T, VaultError> + Send + 'static,
) -> Result<T, AppError> {
    let vault = vault.clone();
    tokio::task::spawn_blocking(move || f(vault.as_ref()))
        .await
        .map_err(|e| VaultError::Io(std::io::Error::other(e.to_string())))?
        .map_err(AppError::from)
}

/// The round a nomination is voted in, if the nomination exists.
pub(crate) fn round_of(state: &Programme, programme_id: Uuid, nomination: Uuid) -> Option<RoundId> {
    let n = state.nominations.get(&nomination)?;
    Some(RoundId::new(programme_id, n.category_code.clone()))
}

/// For a member who already took part in a secret vote: whether `choice` is the one sealed.
/// `None` when the question does not arise (first ballot, open vote, unknown nomination).
pub(crate) async fn recast_matches(
    vault: &Arc<dyn Vault>,
    state: &Programme,
    programme_id: Uuid,
    nomination: Uuid,
    member: Uuid,
    choice: Choice,
) -> Result<Option<bool>, AppError> {
    let took_part = state
        .nominations
        .get(&nomination)
        .is_some_and(|n| n.participants.contains_key(&member));
    if !took_part || state.is_secret(nomination) != Some(true) {
        return Ok(None);
    }
    let Some(round) = round_of(state, programme_id, nomination) else {
        return Ok(None);
    };
    let sealed = blocking(vault, move |v| {
        v.read(&round)?
            .map(|r| r.open(member, nomination))
            .transpose()
    })
    .await?;
    Ok(Some(sealed.flatten() == Some(choice)))
}

/// Seals `choice` for `member` on `nomination`; durable when this returns.
pub(crate) async fn seal(
    vault: &Arc<dyn Vault>,
    round: RoundId,
    member: Uuid,
    nomination: Uuid,
    choice: Choice,
) -> Result<(), AppError> {
    blocking(vault, move |v| {
        v.update(&round, &mut |r| r.seal(member, nomination, choice))
    })
    .await
}

/// The shuffled choices of every nomination the next close of `round` counts: one per
/// recorded participant.
pub(crate) async fn open_round(
    vault: &Arc<dyn Vault>,
    state: &Programme,
    round: &RoundId,
) -> Result<BTreeMap<Uuid, Vec<Choice>>, AppError> {
    let r = round.clone();
    let sealed: Option<SealedRound> = blocking(vault, move |v| v.read(&r)).await?;
    let mut opened = BTreeMap::new();
    for id in state.pending_votes(&round.category_code) {
        let Some(n) = state.nominations.get(&id) else {
            continue;
        };
        let mut choices = Vec::with_capacity(n.participants.len());
        let mut missing = 0;
        for member in n.participants.keys() {
            let choice = match &sealed {
                Some(s) => s.open(*member, id)?,
                None => None,
            };
            match choice {
                Some(c) => choices.push(c),
                None => missing += 1,
            }
        }
        if missing > 0 {
            return Err(AppError::BallotsMissing {
                nomination_id: id,
                missing,
            });
        }
        shuffle(&mut choices)?;
        if !choices.is_empty() {
            opened.insert(id, choices);
        }
    }
    Ok(opened)
}

/// A uniform random index below `n` (rejection sampling: no modulo bias).
fn below(n: usize) -> Result<usize, VaultError> {
    let n = u64::try_from(n).unwrap_or(u64::MAX).max(1);
    let zone = u64::MAX - (u64::MAX % n);
    loop {
        let mut b = [0u8; 8];
        OsRng
            .try_fill_bytes(&mut b)
            .map_err(|e| VaultError::Random(e.to_string()))?;
        let x = u64::from_le_bytes(b);
        if x < zone {
            return Ok(usize::try_from(x % n).unwrap_or(0));
        }
    }
}

/// Fisher–Yates with the OS random source: the opened order says nothing about the order of
/// participation (the participants are walked in id order above).
fn shuffle<T>(items: &mut [T]) -> Result<(), VaultError> {
    for i in (1..items.len()).rev() {
        let j = below(i + 1)?;
        items.swap(i, j);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shuffle_keeps_the_multiset_and_moves_things() {
        let original: Vec<u32> = (0..50).collect();
        let mut v = original.clone();
        shuffle(&mut v).unwrap();
        let mut sorted = v.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, original);
        assert_ne!(v, original, "50! orders; identity is vanishingly unlikely");
        assert!((0..1000).all(|_| below(3).unwrap() < 3));
    }
}
