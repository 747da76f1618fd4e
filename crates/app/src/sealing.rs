//! The seal step of a command: between `decide` and the append, every personal field of the
//! events is sealed under its person's key (docs/personal-data.md). The keys are made durable
//! first, so no event is ever stored sealed under a key a crash could take back.
//!
//! Two halves, so a group of commands (`combine`) makes every key it needs durable in one
//! call (one fsync of the key store) between them: [`prepare`] encodes the events and names
//! the keys, [`App::finish_seal`] seals with keys already durable.

use std::fmt::Debug;

use accolade_store::{EventStore, NewEvent};
use uuid::Uuid;

use crate::app::{App, Run};
use crate::error::AppError;
use crate::people::{KeysError, People};
use crate::stored::{Stored, envelope};

/// A command's events encoded, and the person keys their sealing needs.
pub(crate) struct Prepared {
    encoded: Vec<(&'static str, u32, serde_json::Value)>,
    /// The keys to make durable before [`App::finish_seal`].
    pub(crate) keys: Vec<Uuid>,
}

/// Encodes `events` and lists the keys that sealing them needs.
pub(crate) fn prepare<A: Stored>(events: &[A::Event]) -> Result<Prepared, AppError>
where
    A::Command: Clone + Debug + Send + Sync,
    A::Event: Clone + Debug + Send + Sync,
{
    let mut encoded = Vec::with_capacity(events.len());
    let mut keys = Vec::new();
    for ev in events {
        let (event_type, version, payload) = A::encode(ev)?;
        People::keys_needed(event_type, &payload, &mut keys);
        encoded.push((event_type, version, payload));
    }
    Ok(Prepared { encoded, keys })
}

impl<S: EventStore> App<S> {
    /// Seals the prepared events (their keys already durable) and builds their envelopes.
    /// Returns the envelopes and the events as stored, sealed: what the stream cache folds
    /// and the caller sees, so no plaintext outlives the command.
    pub(crate) fn finish_seal<A: Stored>(
        &self,
        run: &Run<'_>,
        events: &[A::Event],
        prepared: Prepared,
        correlation_id: Uuid,
        command_id: Uuid,
    ) -> Result<(Vec<NewEvent>, Vec<A::Event>), AppError>
    where
        A::Command: Clone + Debug + Send + Sync,
        A::Event: Clone + Debug + Send + Sync,
    {
        let mut batch = Vec::with_capacity(events.len());
        let mut sealed = Vec::with_capacity(events.len());
        for (i, (ev, (event_type, version, mut payload))) in
            events.iter().zip(prepared.encoded).enumerate()
        {
            let id = run
                .keyed
                .map_or_else(Uuid::now_v7, |k| k.event_id(run.part, i));
            self.inner
                .people
                .seal(id, event_type, &mut payload)
                .map_err(|e| AppError::Encode(e.to_string()))?;
            batch.push(envelope::<A>(
                ev,
                (event_type, version, &payload),
                id,
                run.actor,
                correlation_id,
                command_id,
            )?);
            sealed.push(
                A::from_payload(event_type, version, payload)
                    .map_err(|e| AppError::Encode(e.to_string()))?,
            );
        }
        Ok((batch, sealed))
    }
}

/// A key store failure as the app reports it: an erased person is the domain's conflict.
pub(crate) fn keys_error(e: KeysError) -> AppError {
    match e {
        KeysError::Erased(id) => AppError::Domain(accolade_domain::DomainError::conflict(
            accolade_domain::Clash::PersonErased,
            format!("person {id} was erased"),
        )),
        KeysError::Store(message) => AppError::Keys(message),
    }
}
