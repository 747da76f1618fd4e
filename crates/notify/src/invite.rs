//! Mails that carry a one-time token: invitations (set a first password) and password
//! resets.
//!
//! The token must reach the person only, so the notifier never writes it anywhere — not in
//! the log, not in a spool file (a copy of the data directory must hold no live token): it
//! waits in memory until sent. What makes such a mail durable is the server's credentials
//! file, which records that a mail is owed (with the token's hash only) until the
//! [`TokenMail::on_sent`] hook says it went out; after a restart the server issues a fresh
//! token for every mail still owed and queues it again. What the log records is that the
//! mail was sent (or failed), to the user, under a message id derived from the user and the
//! token's SHA-256.

use std::sync::Arc;

use accolade_projections::Template;
use tokio::sync::mpsc;
use uuid::Uuid;

pub use accolade_events::TokenKind;

/// The mail template a token of `kind` goes in.
pub fn template(kind: TokenKind) -> Template {
    match kind {
        TokenKind::Invitation => Template::Invitation,
        TokenKind::PasswordReset => Template::PasswordReset,
    }
}

/// Called once the mail was accepted by the SMTP server (the server marks it sent).
pub type OnSent = Arc<dyn Fn() + Send + Sync>;

/// A token mail to send.
#[derive(Clone)]
pub struct TokenMail {
    /// Who the mail is for; their address, name and language are looked up at send time
    /// (the mail itself carries no address).
    pub user_id: Uuid,
    /// Invitation or reset.
    pub kind: TokenKind,
    /// The token (secret).
    pub token: String,
    /// How long the link works, in seconds (said in the mail).
    pub valid_secs: u64,
    /// Derived from the user, the kind and the token's hash: a resend of the same token
    /// keeps the same id.
    pub message_id: Uuid,
    /// Told when the mail went out.
    pub on_sent: Option<OnSent>,
}

/// The name kept for the invitation mail.
pub type Invitation = TokenMail;

impl std::fmt::Debug for TokenMail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenMail")
            .field("user_id", &self.user_id)
            .field("kind", &self.kind)
            .field("message_id", &self.message_id)
            .finish_non_exhaustive()
    }
}

/// Queues token mails for the worker; cheap to clone.
#[derive(Debug, Clone)]
pub struct Invitations {
    tx: mpsc::UnboundedSender<TokenMail>,
}

impl Invitations {
    pub(crate) fn new(tx: mpsc::UnboundedSender<TokenMail>) -> Self {
        Invitations { tx }
    }

    /// Owes `user_id` an invitation with `token`, valid for `valid_days`.
    pub fn owe(&self, user_id: Uuid, token: &str, valid_days: u64) {
        self.owe_mail(
            user_id,
            TokenKind::Invitation,
            token,
            valid_days.saturating_mul(86_400),
            None,
        );
    }

    /// Owes `user_id` a mail of `kind` with `token`, valid for `valid_secs`; `on_sent` is
    /// called once it went out.
    pub fn owe_mail(
        &self,
        user_id: Uuid,
        kind: TokenKind,
        token: &str,
        valid_secs: u64,
        on_sent: Option<OnSent>,
    ) {
        // One message id per token, so a retried send is recognisably the same mail.
        let message_id = accolade_events::ids::derive_uuid(
            &format!("accolade/mail/{}/{user_id}", kind.as_str()),
            &[token.as_bytes()],
        );
        let mail = TokenMail {
            user_id,
            kind,
            token: token.to_owned(),
            valid_secs,
            message_id,
            on_sent,
        };
        if self.tx.send(mail).is_err() {
            tracing::warn!(%user_id, "the notifier is stopped; token mail not queued");
        }
    }
}
