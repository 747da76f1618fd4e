//! Password resets, re-sent invitations, and the token mails owed (issue 10 items 11, 15).
//!
//! A reset token is kept like an invitation: only its SHA-256, with an expiry
//! (`password_reset_ttl_secs`), in the credentials file; using it once sets the password,
//! forgets it and signs out every session of the user. Each token entry records whether its
//! mail went out: the notifier calls back when the SMTP server accepted it. A token whose
//! mail never went out (SMTP down, a crash before the send) is replaced at startup by a fresh
//! one and mailed again — the old token was never seen by anyone, so nothing is lost by
//! replacing it, and the new one is kept, like the first, only in the mail.

use std::sync::Arc;

use time::OffsetDateTime;
use uuid::Uuid;

use super::credentials::{CredentialFile, Invitation};
use super::{Auth, InvitationSink, MIN_PASSWORD_LEN, PasswordError, TokenKind, digest, lock};

/// The key of a token in the credentials file: its SHA-256, hex.
pub fn token_key(token: &str) -> String {
    hex::encode(digest(token))
}

fn entries(
    f: &mut CredentialFile,
    kind: TokenKind,
) -> &mut std::collections::BTreeMap<String, Invitation> {
    match kind {
        TokenKind::Invitation => &mut f.invitations,
        TokenKind::PasswordReset => &mut f.resets,
    }
}

fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

impl Auth {
    /// How long a token of `kind` stays valid, in seconds.
    pub fn ttl_secs(&self, kind: TokenKind) -> u64 {
        match kind {
            TokenKind::Invitation => self.invitation_ttl.as_secs(),
            TokenKind::PasswordReset => self.reset_ttl.as_secs(),
        }
    }

    /// A fresh token of `kind` for `user_id`, replacing any earlier one of that kind (so a
    /// re-sent invitation or a second reset request makes the first link useless); recorded
    /// as owed until its mail goes out. Returns the token (for the mail only).
    pub fn new_token(&self, user_id: Uuid, kind: TokenKind) -> Result<String, PasswordError> {
        let token = super::random_token();
        let ttl = i64::try_from(self.ttl_secs(kind)).unwrap_or(i64::MAX / 2);
        let entry = Invitation {
            user_id,
            expires_at: now().saturating_add(ttl),
            sent: false,
        };
        self.update(|f| {
            let map = entries(f, kind);
            map.retain(|_, i| i.user_id != user_id);
            map.insert(token_key(&token), entry);
        })?;
        Ok(token)
    }

    /// A fresh token of `kind` for `user_id`, handed to `sink` (the mail).
    pub fn send_token(
        &self,
        sink: &dyn InvitationSink,
        user_id: Uuid,
        kind: TokenKind,
    ) -> Result<(), PasswordError> {
        let token = self.new_token(user_id, kind)?;
        sink.token_owed(user_id, kind, &token);
        Ok(())
    }

    /// Records that the mail with the token of hash `key` went out (nothing if the token was
    /// used or replaced meanwhile).
    pub fn mark_sent(&self, kind: TokenKind, key: &str) {
        let result = self.update(|f| {
            if let Some(e) = entries(f, kind).get_mut(key) {
                e.sent = true;
            }
        });
        if let Err(e) = result {
            // The mail went out; at worst a restart sends a second one with a fresh token.
            tracing::warn!(error = %e, "could not record a token mail as sent");
        }
    }

    /// Replaces every token whose mail never went out by a fresh one and hands each to
    /// `sink` (startup). Returns how many.
    pub fn resend_owed(&self, sink: &dyn InvitationSink) -> Result<usize, PasswordError> {
        let owed: Vec<(Uuid, TokenKind)> = {
            let f = lock(&self.file);
            let unsent = |m: &std::collections::BTreeMap<String, Invitation>, k: TokenKind| {
                m.values()
                    .filter(|i| !i.sent)
                    .map(|i| (i.user_id, k))
                    .collect::<Vec<_>>()
            };
            let mut v = unsent(&f.invitations, TokenKind::Invitation);
            v.extend(unsent(&f.resets, TokenKind::PasswordReset));
            v
        };
        for (user_id, kind) in &owed {
            self.send_token(sink, *user_id, *kind)?;
            tracing::info!(%user_id, ?kind, "a token mail never sent gets a fresh token");
        }
        Ok(owed.len())
    }

    /// Uses a reset token: sets the password, forgets the token, and signs out every session
    /// of the user (whoever held one may be who the reset is meant to lock out).
    pub async fn reset_password(
        &self,
        token: &str,
        password: String,
    ) -> Result<Uuid, PasswordError> {
        if password.chars().count() < MIN_PASSWORD_LEN {
            return Err(PasswordError::TooShort);
        }
        let key = token_key(token);
        let user_id = lock(&self.file)
            .resets
            .get(&key)
            .filter(|i| i.expires_at > now())
            .map(|i| i.user_id)
            .ok_or(PasswordError::NoReset)?;
        self.set_password(user_id, password).await?;
        self.update(|f| {
            f.resets.remove(&key);
            // An invitation still open for the user is moot now.
            f.invitations.retain(|_, i| i.user_id != user_id);
        })?;
        self.revoke_user(user_id);
        Ok(user_id)
    }

    /// A closure the mail calls once sent (marks the token's entry sent).
    pub fn on_sent(self: &Arc<Self>, kind: TokenKind, token: &str) -> Arc<dyn Fn() + Send + Sync> {
        let auth = Arc::clone(self);
        let key = token_key(token);
        Arc::new(move || auth.mark_sent(kind, &key))
    }
}
