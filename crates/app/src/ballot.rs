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
//! 2. **Re-cast** (the member already took part): `decide` refuses it from the participation
//!    record alone, the same answer whatever the choice. The vault is not touched: nothing
//!    but a close ever opens a slot, so no answer, timing or log line depends on a sealed
//!    choice. A client's retry is made safe by `Idempotency-Key`, which replays the first
//!    answer.
//! 3. **Close**: for each nomination the round counts, one slot per recorded participant is
//!    opened; a participant without a slot (a lost vault) stops the close with
//!    `BallotsMissing`, which names the way out (a round re-run), rather than count a wrong
//!    tally. The choices are shuffled with the OS random source, passed to `CloseRound`,
//!    appended as one anonymous batch, and then the round (key and slots) is destroyed.
//! 4. **Rounds and their keys**: a round is a category's vote in one *generation*
//!    (`Programme::round_generation`: closes and re-runs so far). A close or a re-run starts
//!    the next generation, so a past round's file is never written again, and every past
//!    generation can be destroyed at any time without racing the live one: right after the
//!    append, and again by [`App::sweep_closed_rounds`] (at startup and periodically), so a
//!    crash or timeout between the append and the destroy cannot leave a key on disk.
//!
//! A re-run of one nomination's vote (`VoteRerun`) needs nothing here: it clears the
//! participations, so the old slots are no longer opened, and members who vote again
//! overwrite their own slot.
//!
//! Groups of one programme's commands follow each other (`combine`), a close or re-run is
//! always a group of its own, and the casts of a group seal one after another: within the
//! process a cast and a close of the same programme never interleave.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use accolade_domain::{Programme, stream};
use accolade_events::{Choice, ProgrammeEvent};
use accolade_store::EventStore;
use rand_core::{OsRng, RngCore};
use uuid::Uuid;

use crate::app::App;
use crate::error::AppError;
use crate::stored::Stored;
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

/// The current round of a category.
pub(crate) fn current_round(state: &Programme, programme_id: Uuid, code: &str) -> RoundId {
    RoundId::new(programme_id, code).at(state.round_generation(code))
}

/// The current round a nomination is voted in, if the nomination exists.
pub(crate) fn round_of(state: &Programme, programme_id: Uuid, nomination: Uuid) -> Option<RoundId> {
    let n = state.nominations.get(&nomination)?;
    Some(current_round(state, programme_id, &n.category_code))
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

/// Destroys every past round of a category, generations `from..to` (idempotent: destroying
/// an absent round does nothing). The live round (`to`) is never touched.
pub(crate) async fn destroy_past(
    vault: &Arc<dyn Vault>,
    programme_id: Uuid,
    code: &str,
    from: u32,
    to: u32,
) -> Result<(), AppError> {
    let code = code.to_owned();
    blocking(vault, move |v| {
        for g in from..to {
            v.destroy(&RoundId::new(programme_id, code.clone()).at(g))?;
        }
        Ok(())
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
                programme_id: round.programme_id,
                category_code: round.category_code.clone(),
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

/// Where the sweep of closed rounds has got to: the log position read up to, and per
/// programme and category the generations already destroyed.
#[derive(Debug, Default)]
pub(crate) struct Sweep {
    position: u64,
    destroyed: HashMap<(Uuid, String), u32>,
}

impl<S: EventStore> App<S> {
    /// Destroys the key and slots of every closed or re-run round, reading the log from
    /// where the last sweep stopped (from the start, at the first sweep after opening).
    /// Idempotent and safe while votes go on: only generations before a category's current
    /// one are touched, and those are never written again. Returns the number of categories
    /// whose past rounds were (again) destroyed. Run at startup and periodically, so a crash
    /// or a timeout between a close's append and its destroy cannot leave a key on disk.
    pub async fn sweep_closed_rounds(&self) -> Result<usize, AppError> {
        let mut sweep = self.inner.sweep.lock().await;
        let mut ended: Vec<(Uuid, String)> = Vec::new();
        loop {
            let page = self.store().read_all(sweep.position, 512).await?;
            let Some(last) = page.last() else { break };
            sweep.position = last.position + 1;
            for rec in &page {
                // Only the two events that end a round are decoded.
                if !matches!(rec.event_type.as_str(), "RoundClosed" | "RoundRerun") {
                    continue;
                }
                let Some(pid) = rec
                    .stream_id
                    .strip_prefix("programme-")
                    .and_then(|id| Uuid::parse_str(id).ok())
                else {
                    continue;
                };
                let code = match <Programme as Stored>::decode(rec)? {
                    ProgrammeEvent::RoundClosed(e) => e.category_code,
                    ProgrammeEvent::RoundRerun(e) => e.category_code,
                    _ => continue,
                };
                if !ended.contains(&(pid, code.clone())) {
                    ended.push((pid, code));
                }
            }
        }
        let mut count = 0;
        for (pid, code) in ended {
            let state = self.load::<Programme>(&stream::programme(pid)).await?.state;
            let to = state.round_generation(&code);
            let from = sweep
                .destroyed
                .get(&(pid, code.clone()))
                .copied()
                .unwrap_or(0);
            if from < to {
                destroy_past(self.vault(), pid, &code, from, to).await?;
                sweep.destroyed.insert((pid, code), to);
                count += 1;
            }
        }
        Ok(count)
    }
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
