//! The seal step of a command: between `decide` and the append, every personal field of the
//! events is sealed under its person's key (docs/personal-data.md). The keys are made durable
//! first, so no event is ever stored sealed under a key a crash could take back.

use std::fmt::Debug;

use accolade_store::{EventStore, NewEvent};
use uuid::Uuid;

use crate::app::{App, Run};
use crate::error::AppError;
use crate::people::{KeysError, People};
use crate::stored::{Stored, envelope};

impl<S: EventStore> App<S> {
    /// Encodes `events`, seals their personal fields (each person's key made durable first)
    /// and builds their envelopes. Returns the envelopes and the events as stored, sealed: what
    /// the stream cache folds and the caller sees, so no plaintext outlives the command.
    pub(crate) async fn seal_batch<A: Stored>(
        &self,
        run: &Run<'_>,
        events: &[A::Event],
        correlation_id: Uuid,
        command_id: Uuid,
    ) -> Result<(Vec<NewEvent>, Vec<A::Event>), AppError>
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
        self.inner.people.ensure(&keys).await.map_err(keys_error)?;
        let mut batch = Vec::with_capacity(events.len());
        let mut sealed = Vec::with_capacity(events.len());
        for (i, (ev, (event_type, version, mut payload))) in events.iter().zip(encoded).enumerate()
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
