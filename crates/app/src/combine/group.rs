//! One group of commands on one stream: decided in turn on one evolving state, sealed, and
//! appended as one batch against the version the decisions were made on.
//!
//! - A command refused (by the domain, its `If-Match`, or its plan) is answered alone and
//!   leaves no events; the ones after it are decided as if it had not been sent.
//! - Answers are given only once the batch is durable: a refusal may rest on an earlier
//!   command's events, which must be in the log before the refusal is final.
//! - A version conflict (another process appended) decides the whole group again on the
//!   reloaded state, up to `max_attempts`, with a random pause between attempts.
//! - A command whose `before_append` or encoding fails is answered with that error as it is
//!   decided, before its events join the state. One whose sealing fails (a person erased, the
//!   key store down) is answered with that error and the rest are decided again without it
//!   (its events were in the state they saw).
//! - A store error that names no command (an event id reused, a batch refused) sends every
//!   command of a group of several back to the lane to run alone, so only the one at fault
//!   is failed by it. The same key twice in one group: the second waits for the next group,
//!   where it finds the first's result (`replay_keyed`).

use std::collections::HashSet;
use std::fmt::Debug;
use std::sync::atomic::Ordering;

use accolade_domain::Context;
use accolade_store::{AppendOutcome, EventStore, ExpectedVersion, NewEvent, StoreError};
use uuid::Uuid;

use super::Job;
use crate::app::{App, backoff, check_version};
use crate::command::Executed;
use crate::error::AppError;
use crate::people::KeysError;
use crate::sealing::{Prepared, keys_error, prepare};
use crate::stored::{Cached, Stored};

/// What became of one command in an attempt.
enum Outcome<A: Stored>
where
    A::Command: Clone + Debug + Send + Sync,
    A::Event: Clone + Debug + Send + Sync,
{
    /// Answered without events (refused, replayed, or nothing to do).
    Answer(Result<Executed, AppError>),
    /// Decided: its events, encoded for sealing.
    Events {
        events: Vec<A::Event>,
        prepared: Prepared,
    },
    /// Its key is already used by an earlier command of this group: the next group.
    Later,
}

/// A decided command's sealed events and envelopes.
struct Sealed<A: Stored>
where
    A::Command: Clone + Debug + Send + Sync,
    A::Event: Clone + Debug + Send + Sync,
{
    batch: Vec<NewEvent>,
    events: Vec<A::Event>,
}

impl<S: EventStore> App<S> {
    /// Decides, seals and appends `jobs` as one group; answers each. Returns the jobs to put
    /// back at the head of the lane (a later group, or one by one).
    pub(super) async fn commit_group<A: Stored>(
        &self,
        stream: &str,
        mut jobs: Vec<Job<A>>,
    ) -> Vec<Job<A>>
    where
        A::Command: Clone + Debug + Send + Sync,
        A::Event: Clone + Debug + Send + Sync,
    {
        let mut conflicts = 0;
        loop {
            let cached = match self.load::<A>(stream).await {
                Ok(c) => c,
                Err(e) => return answer_all(jobs, e),
            };
            let outcomes = self.decide_all(stream, &mut jobs, &cached).await;
            let sealed = match self.seal_all(&mut jobs, outcomes).await {
                Ok(s) => s,
                // A command failed to seal or prepare and was answered: the rest again.
                Err(rest) => {
                    jobs = rest;
                    continue;
                }
            };
            let (answers, decided, later): (Vec<_>, Vec<_>, Vec<_>) = sealed;
            let batch: Vec<NewEvent> = decided
                .iter()
                .flat_map(|(_, s)| s.batch.iter().cloned())
                .collect();
            if batch.is_empty() {
                finish(answers);
                return later;
            }
            let expected = cached
                .version
                .map_or(ExpectedVersion::NoStream, ExpectedVersion::Exact);
            let several = answers.len() + decided.len() > 1;
            match self.inner.store.append(stream, expected, batch).await {
                Ok(outcome) => {
                    self.committed(stream, &cached, outcome, answers, decided)
                        .await;
                    return later;
                }
                Err(StoreError::VersionConflict { .. })
                    if conflicts + 1 < self.inner.max_attempts =>
                {
                    conflicts += 1;
                    self.inner.retries.fetch_add(1, Ordering::Relaxed);
                    tracing::debug!(
                        stream,
                        conflicts,
                        "version conflict; deciding the group again"
                    );
                    tokio::time::sleep(backoff(conflicts)).await;
                    jobs = regroup(answers, decided, later);
                }
                Err(StoreError::VersionConflict { .. }) => {
                    let e = AppError::Contention {
                        stream: stream.to_owned(),
                        attempts: self.inner.max_attempts,
                    };
                    return answer_all(regroup(answers, decided, later), e);
                }
                Err(_) if several => {
                    let mut back = regroup(answers, decided, later);
                    for job in &mut back {
                        job.alone = true;
                    }
                    return back;
                }
                Err(e) => {
                    let jobs = regroup(answers, decided, later);
                    let keyed = jobs.first().and_then(|j| j.keyed.as_ref());
                    let err = match (&e, keyed) {
                        (
                            StoreError::EventIdReused { .. } | StoreError::PartialRetry { .. },
                            Some(k),
                        ) => AppError::IdempotencyKeyReused {
                            key: k.key().to_owned(),
                        },
                        _ => AppError::from(e),
                    };
                    return answer_all(jobs, err);
                }
            }
        }
    }

    /// Decides each job in turn on the evolving state. A decided job's `before_append` runs
    /// at once, on the state it was decided on (the secret-ballot plan seals its choice into
    /// the vault there, one job after another: a group never has two writers of one round's
    /// box), and its events are encoded for sealing; a job failing either is answered with
    /// that error and leaves no events, so the jobs after it never see them.
    async fn decide_all<A: Stored>(
        &self,
        stream: &str,
        jobs: &mut [Job<A>],
        cached: &Cached<A>,
    ) -> Vec<Outcome<A>>
    where
        A::Command: Clone + Debug + Send + Sync,
        A::Event: Clone + Debug + Send + Sync,
    {
        let mut state = cached.state.clone();
        let mut version = cached.version;
        let mut keys_taken = HashSet::new();
        let mut out = Vec::with_capacity(jobs.len());
        for job in jobs.iter_mut() {
            if let Some(k) = &job.keyed
                && !keys_taken.insert(k.event_id(job.part, 0))
            {
                out.push(Outcome::Later);
                continue;
            }
            let events = match self.decide_one(stream, job, &state, version).await {
                Ok(events) => events,
                Err(answer) => {
                    out.push(Outcome::Answer(answer));
                    continue;
                }
            };
            if events.is_empty() {
                out.push(Outcome::Answer(Ok(Executed {
                    stream_id: stream.to_owned(),
                    version,
                    positions: None,
                    event_ids: vec![],
                    events: vec![],
                    command_id: job.command_id,
                    replayed: false,
                })));
                continue;
            }
            let prepared = match job.plan.before_append(&state, &events).await {
                Ok(()) => prepare::<A>(&events),
                Err(e) => Err(e),
            };
            let prepared = match prepared {
                Ok(p) => p,
                Err(e) => {
                    out.push(Outcome::Answer(Err(e)));
                    continue;
                }
            };
            for ev in &events {
                state.evolve(ev);
            }
            let first = version.map_or(0, |v| v + 1);
            version = Some(first + events.len() as u64 - 1);
            out.push(Outcome::Events { events, prepared });
        }
        out
    }

    /// One job's events (`Err`: its answer without events).
    async fn decide_one<A: Stored>(
        &self,
        stream: &str,
        job: &mut Job<A>,
        state: &A,
        version: Option<u64>,
    ) -> Result<Vec<A::Event>, Result<Executed, AppError>>
    where
        A::Command: Clone + Debug + Send + Sync,
        A::Event: Clone + Debug + Send + Sync,
    {
        if let Some(keyed) = &job.keyed {
            match self.replay_keyed::<A>(stream, keyed, job.part).await {
                Ok(Some(done)) => return Err(Ok(done)),
                Ok(None) => {}
                Err(e) => return Err(Err(e)),
            }
        }
        check_version(job.expected_version, version).map_err(Err)?;
        let command = job.plan.command(state).await.map_err(Err)?;
        let ctx = Context::new(job.actor.clone(), self.now());
        state
            .decide(&command, &ctx)
            .map_err(|e| Err(AppError::from(e)))
    }

    /// Seals every decided job's events, their keys made durable with one call to the key
    /// store. `Err`: a job could not be sealed and was answered; the others, to decide again
    /// (they were decided on a state holding its events).
    #[allow(clippy::type_complexity)]
    async fn seal_all<A: Stored>(
        &self,
        jobs: &mut Vec<Job<A>>,
        outcomes: Vec<Outcome<A>>,
    ) -> Result<
        (
            Vec<(Job<A>, Result<Executed, AppError>)>,
            Vec<(Job<A>, Sealed<A>)>,
            Vec<Job<A>>,
        ),
        Vec<Job<A>>,
    >
    where
        A::Command: Clone + Debug + Send + Sync,
        A::Event: Clone + Debug + Send + Sync,
    {
        let keys: Vec<Uuid> = outcomes
            .iter()
            .filter_map(|o| match o {
                Outcome::Events { prepared, .. } => Some(prepared.keys.iter().copied()),
                _ => None,
            })
            .flatten()
            .collect();
        if let Err(e) = self.inner.people.ensure(&keys).await {
            return Err(drop_unsealable(std::mem::take(jobs), &outcomes, &e));
        }
        let mut answers = Vec::new();
        let mut decided = Vec::new();
        let mut later = Vec::new();
        let mut failed = None;
        for (job, outcome) in std::mem::take(jobs).into_iter().zip(outcomes) {
            match outcome {
                Outcome::Answer(a) => answers.push((job, a)),
                Outcome::Later => later.push(job),
                Outcome::Events { events, prepared } if failed.is_none() => {
                    let run = job.run();
                    let (correlation, command) = (job.correlation_id, job.command_id);
                    match self.finish_seal::<A>(&run, &events, prepared, correlation, command) {
                        Ok((batch, events)) => decided.push((job, Sealed { batch, events })),
                        Err(e) => failed = Some((job, e)),
                    }
                }
                Outcome::Events { .. } => later.push(job),
            }
        }
        if let Some((job, e)) = failed {
            let _ = job.reply.send(Err(e));
            return Err(regroup(answers, decided, later));
        }
        Ok((answers, decided, later))
    }

    /// The batch is durable: advance the cache, run each plan's `after_append`, answer.
    async fn committed<A: Stored>(
        &self,
        stream: &str,
        cached: &Cached<A>,
        outcome: AppendOutcome,
        answers: Vec<(Job<A>, Result<Executed, AppError>)>,
        decided: Vec<(Job<A>, Sealed<A>)>,
    ) where
        A::Command: Clone + Debug + Send + Sync,
        A::Event: Clone + Debug + Send + Sync,
    {
        let total: u64 = decided.iter().map(|(_, s)| s.batch.len() as u64).sum();
        // One append's events have consecutive positions; if a store ever said otherwise,
        // each command is given the whole batch's span (a reader waits a little longer).
        let consecutive = outcome.last_position.checked_sub(outcome.first_position)
            == Some(total.saturating_sub(1));
        let first_version = cached.version.map_or(0, |v| v + 1);
        if !outcome.replayed {
            let mut next = cached.clone();
            let mut ids = Vec::new();
            let mut v = first_version;
            for (_, s) in &decided {
                for (ev, env) in s.events.iter().zip(&s.batch) {
                    next.state.evolve(ev);
                    ids.push((env.event_id, v));
                    v += 1;
                }
            }
            next.version = Some(outcome.stream_version);
            A::cache(&self.inner.caches).advance(stream, next, ids);
        }
        let mut offset = 0u64;
        for (mut job, s) in decided {
            let n = s.batch.len() as u64;
            let positions = if consecutive {
                let first = outcome.first_position + offset;
                (first, first + n - 1)
            } else {
                (outcome.first_position, outcome.last_position)
            };
            let version = if outcome.replayed {
                outcome.stream_version
            } else {
                first_version + offset + n - 1
            };
            offset += n;
            job.plan.after_append(&s.events).await;
            let executed = Executed {
                stream_id: stream.to_owned(),
                version: Some(version),
                positions: Some(positions),
                event_ids: s.batch.iter().map(|e| e.event_id).collect(),
                events: s.events.into_iter().map(A::any).collect(),
                command_id: job.command_id,
                replayed: outcome.replayed,
            };
            let _ = job.reply.send(Ok(executed));
        }
        finish(answers);
    }
}

/// After a failed `ensure`: answers the jobs whose keys were refused (an erased person), or
/// every decided job if the key store itself failed; returns the rest, to decide again.
fn drop_unsealable<A: Stored>(
    jobs: Vec<Job<A>>,
    outcomes: &[Outcome<A>],
    e: &KeysError,
) -> Vec<Job<A>>
where
    A::Command: Clone + Debug + Send + Sync,
    A::Event: Clone + Debug + Send + Sync,
{
    let mut rest = Vec::new();
    for (job, outcome) in jobs.into_iter().zip(outcomes) {
        let culprit = match (e, outcome) {
            (KeysError::Erased(id), Outcome::Events { prepared, .. }) => prepared.keys.contains(id),
            (KeysError::Store(_), Outcome::Events { .. }) => true,
            _ => false,
        };
        if culprit {
            let err = keys_error(match e {
                KeysError::Erased(id) => KeysError::Erased(*id),
                KeysError::Store(m) => KeysError::Store(m.clone()),
            });
            let _ = job.reply.send(Err(err));
        } else {
            rest.push(job);
        }
    }
    rest
}

/// Sends each answer to its caller (one who stopped waiting is not an error).
fn finish<A: Stored>(answers: Vec<(Job<A>, Result<Executed, AppError>)>)
where
    A::Command: Clone + Debug + Send + Sync,
    A::Event: Clone + Debug + Send + Sync,
{
    for (job, answer) in answers {
        let _ = job.reply.send(answer);
    }
}

/// Every job of the group again, in their original order.
fn regroup<A: Stored>(
    answers: Vec<(Job<A>, Result<Executed, AppError>)>,
    decided: Vec<(Job<A>, Sealed<A>)>,
    later: Vec<Job<A>>,
) -> Vec<Job<A>>
where
    A::Command: Clone + Debug + Send + Sync,
    A::Event: Clone + Debug + Send + Sync,
{
    let mut jobs: Vec<(u64, Job<A>)> = answers
        .into_iter()
        .map(|(j, _)| j)
        .chain(decided.into_iter().map(|(j, _)| j))
        .chain(later)
        .map(|j| (j.seq, j))
        .collect();
    jobs.sort_by_key(|(seq, _)| *seq);
    jobs.into_iter().map(|(_, j)| j).collect()
}

/// Answers every job with one error: the first gets it, the others a copy.
fn answer_all<A: Stored>(jobs: Vec<Job<A>>, e: AppError) -> Vec<Job<A>>
where
    A::Command: Clone + Debug + Send + Sync,
    A::Event: Clone + Debug + Send + Sync,
{
    let mut jobs = jobs.into_iter();
    let Some(first) = jobs.next() else {
        return vec![];
    };
    for job in jobs {
        let _ = job.reply.send(Err(copy_error(&e)));
    }
    let _ = first.reply.send(Err(e));
    vec![]
}

/// An error for each of several callers: the same kind where it can be rebuilt, otherwise
/// its message as a store failure.
fn copy_error(e: &AppError) -> AppError {
    match e {
        AppError::Contention { stream, attempts } => AppError::Contention {
            stream: stream.clone(),
            attempts: *attempts,
        },
        AppError::Keys(m) => AppError::Keys(m.clone()),
        other => AppError::Store(StoreError::Io(std::io::Error::other(other.to_string()))),
    }
}
