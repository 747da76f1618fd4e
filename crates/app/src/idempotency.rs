//! Idempotency keys, kept durably by the log itself.
//!
//! The choice: rather than a table of keys beside the log (a second write that can be lost or
//! disagree with the log), a keyed command's event ids are *derived* from the key: event `i`
//! of the command gets `derive_uuid("accolade/event", [actor, key, part, i])`, and every event
//! names the command as its causation, `derive_uuid("accolade/command", [actor, key,
//! fingerprint])`, where the fingerprint hashes the command as the caller sent it
//! ([`accolade_events::ids::derive_uuid`]: SHA-256 over length-prefixed parts, as a UUID v8).
//!
//! - A retry with the same key finds its first event id in the stream (the cache indexes
//!   event ids) and returns the stored result, with `replayed: true`, without deciding again
//!   (deciding again would often fail: "programme already exists").
//! - The same key with a different command finds the event but a different causation:
//!   [`crate::AppError::IdempotencyKeyReused`]. Used on another stream, the derived ids collide
//!   in the store, which refuses them as reused ids: the same error.
//! - Two concurrent requests with one key: one appends, the other meets a version conflict,
//!   reloads, finds the first one's events and returns them.
//! - A crash before the append leaves nothing; the retry executes normally.
//!
//! Keys are scoped by actor, so one user can neither replay nor probe another's keys.
//! The fingerprint is the hash of the command's `Debug` text, which is stable within a
//! release; a retry across an upgrade that changed a command's shape is refused as a reuse,
//! the safe side.

use std::fmt::Debug;

use accolade_domain::Actor;
use accolade_events::ids::derive_uuid;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::AppError;

/// The longest key accepted.
pub const MAX_KEY_LEN: usize = 200;

/// A command's idempotency key, bound to its actor and command.
#[derive(Debug, Clone)]
pub(crate) struct Keyed {
    key: String,
    scope: String,
    command_id: Uuid,
}

fn scope(actor: &Actor) -> String {
    match actor {
        Actor::User { user_id, .. } => format!("user:{user_id}"),
        Actor::Public => "public".to_owned(),
        Actor::System => "system".to_owned(),
    }
}

impl Keyed {
    pub(crate) fn new(actor: &Actor, key: &str, command: &impl Debug) -> Result<Self, AppError> {
        if key.is_empty() || key.len() > MAX_KEY_LEN || key.chars().any(char::is_control) {
            return Err(AppError::invalid(
                "idempotency_key",
                format!("1 to {MAX_KEY_LEN} bytes, no control characters"),
            ));
        }
        let scope = scope(actor);
        let fingerprint = Sha256::digest(format!("{command:?}").as_bytes());
        let command_id = derive_uuid(
            "accolade/command",
            &[scope.as_bytes(), key.as_bytes(), &fingerprint],
        );
        Ok(Self {
            key: key.to_owned(),
            scope,
            command_id,
        })
    }

    /// The key as given.
    pub(crate) fn key(&self) -> &str {
        &self.key
    }

    /// The command id: the causation of every event the command appends.
    pub(crate) fn command_id(&self) -> Uuid {
        self.command_id
    }

    /// The id of event `index` of the command's append to `part` (`main` for the command's
    /// own stream, `directory` for a reservation made on its behalf).
    pub(crate) fn event_id(&self, part: &str, index: usize) -> Uuid {
        let index = u64::try_from(index).unwrap_or(u64::MAX).to_be_bytes();
        derive_uuid(
            "accolade/event",
            &[
                self.scope.as_bytes(),
                self.key.as_bytes(),
                part.as_bytes(),
                &index,
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use accolade_events::Role;

    use super::*;

    #[test]
    fn ids_depend_on_actor_key_and_command() {
        let a = Actor::user(Uuid::from_u128(1), Role::Admin, None);
        let b = Actor::user(Uuid::from_u128(2), Role::Admin, None);
        let k1 = Keyed::new(&a, "k", &"cmd").unwrap();
        assert_eq!(
            k1.event_id("main", 0),
            Keyed::new(&a, "k", &"other").unwrap().event_id("main", 0)
        );
        assert_ne!(
            k1.command_id(),
            Keyed::new(&a, "k", &"other").unwrap().command_id()
        );
        assert_ne!(
            k1.event_id("main", 0),
            Keyed::new(&b, "k", &"cmd").unwrap().event_id("main", 0)
        );
        assert_ne!(k1.event_id("main", 0), k1.event_id("main", 1));
        assert_ne!(k1.event_id("main", 0), k1.event_id("directory", 0));
        assert!(Keyed::new(&a, "", &"cmd").is_err());
        assert!(Keyed::new(&a, &"x".repeat(201), &"cmd").is_err());
    }

    /// The ids are in logs already (a retry finds its first result by them), so the
    /// derivation must not change: values computed apart from this code.
    #[test]
    fn ids_are_the_ones_already_in_logs() {
        let a = Actor::user(Uuid::from_u128(1), Role::Admin, None);
        let k = Keyed::new(&a, "k", &"cmd").unwrap();
        assert_eq!(
            k.command_id().to_string(),
            "0ecdb336-573a-86b1-9b99-1e49b7a56160"
        );
        assert_eq!(
            k.event_id("main", 0).to_string(),
            "7e264b58-8855-8a3c-8eeb-f1c2a3027bc2"
        );
    }
}
