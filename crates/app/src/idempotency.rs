//! Idempotency keys, kept durably by the log itself.
//!
//! The choice: rather than a table of keys beside the log (a second write that can be lost or
//! disagree with the log), a keyed command's event ids are *derived* from the key: event `i`
//! of the command gets `UUIDv8(SHA-256("accolade/event" ‖ actor ‖ key ‖ part ‖ i))`, and every
//! event names the command as its causation, `UUIDv8(SHA-256(actor ‖ key ‖ fingerprint))`,
//! where the fingerprint hashes the command as the caller sent it.
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

fn v8(parts: &[&[u8]]) -> Uuid {
    let mut h = Sha256::new();
    for p in parts {
        // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
        h.update(u64::try_from(p.len()).unwrap_or(u64::MAX).to_be_bytes());
        h.update(p);
    }
    let digest = h.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
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
        let command_id = v8(&[
            b"accolade/command",
            scope.as_bytes(),
            key.as_bytes(),
            &fingerprint,
        ]);
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
        v8(&[
            b"accolade/event",
            self.scope.as_bytes(),
            self.key.as_bytes(),
            part.as_bytes(),
            &index,
        ])
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
}
