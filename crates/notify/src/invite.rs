//! Invitation mails: a user created without a password gets a link with a one-time token.
//!
//! The token must reach the invited person only, so it is never written anywhere — not in the
//! log, not in a spool file (a copy of the data directory must hold no live token): it waits
//! in memory until sent. What is recorded is that an invitation was sent (or failed), to the
//! user, under a message id derived from the user and the token's SHA-256. The price: a crash
//! before the send loses the invitation, and the admin invites again (the notification log
//! shows no `invitation` sent for the user).

use sha2::{Digest, Sha256};
use tokio::sync::mpsc;
use uuid::Uuid;

/// An invitation to send.
#[derive(Clone)]
pub struct Invitation {
    /// The invited user.
    pub user_id: Uuid,
    /// The token (secret).
    pub token: String,
    /// Days it stays valid (said in the mail).
    pub valid_days: u64,
    /// Derived from the user and the token's hash: a resend of the same invitation keeps it.
    pub message_id: Uuid,
}

impl std::fmt::Debug for Invitation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Invitation")
            .field("user_id", &self.user_id)
            .field("message_id", &self.message_id)
            .finish_non_exhaustive()
    }
}

/// Queues invitations for the worker; cheap to clone.
#[derive(Debug, Clone)]
pub struct Invitations {
    tx: mpsc::UnboundedSender<Invitation>,
}

impl Invitations {
    pub(crate) fn new(tx: mpsc::UnboundedSender<Invitation>) -> Self {
        Invitations { tx }
    }

    /// Owes `user_id` an invitation with `token`, valid for `valid_days`.
    pub fn owe(&self, user_id: Uuid, token: &str, valid_days: u64) {
        let hash = Sha256::digest(token.as_bytes());
        let mut name = [0u8; 16];
        name.copy_from_slice(&hash[..16]);
        let message_id = accolade_domain::derive_id(
            &format!("accolade/mail/invitation/{user_id}"),
            Uuid::from_bytes(name),
        );
        let inv = Invitation {
            user_id,
            token: token.to_owned(),
            valid_days,
            message_id,
        };
        if self.tx.send(inv).is_err() {
            tracing::warn!(%user_id, "the notifier is stopped; invitation not queued");
        }
    }
}
