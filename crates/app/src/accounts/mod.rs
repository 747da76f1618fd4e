//! Sign-in: passwords (Argon2id), bearer tokens, invitations, and the failed-sign-in limiter.
//!
//! - **Passwords** are hashed with Argon2id (`password-auth`, PHC strings) on a blocking
//!   thread: a hash costs tens of milliseconds of CPU and must not stall the async workers.
//!   Hashes live in [`credentials`], a file beside the log, not in the log (see there why).
//! - **Tokens** are 32 random bytes, base64url; the server keeps only their SHA-256, with an
//!   expiry, in memory. A restart signs everyone out, which is acceptable for an admin tool
//!   and means a stolen copy of the data directory holds no live token.
//! - **Invitations**: a user created without a password gets a random token (kept hashed in
//!   the credentials file, with an expiry); `POST /api/v1/invitations/{token}` sets the
//!   password. The token goes into the invitation e-mail only, never into a log.
//! - **Unknown e-mails** are verified against a dummy hash, so a sign-in takes as long for
//!   an account that does not exist as for a wrong password.
//! - **Password resets and owed mails** ([`tokens`]): reset tokens are kept like
//!   invitations (hashed, expiring, single-use); the file records whether each token's mail
//!   went out, and an unsent one gets a fresh token at startup.
//! - **TOTP** ([`second_factor`], [`totp`]): checked after the password, as a separate step.

pub mod credentials;
pub mod first_admin;
pub mod second_factor;
pub mod tokens;
pub mod totp;

/// What the sign-in rules are tuned by (the server's configuration supplies it).
#[derive(Debug, Clone)]
pub struct AccountsConfig {
    /// The window, in seconds, in which failed sign-ins are counted.
    pub signin_window_secs: u64,
    /// How long a bearer token (a signed-in session) lives, in seconds.
    pub token_ttl_secs: u64,
    /// How long an invitation token lives, in seconds.
    pub invitation_ttl_secs: u64,
    /// How long a password-reset token lives, in seconds.
    pub password_reset_ttl_secs: u64,
    /// Failed sign-ins allowed per account within the window.
    pub signin_failures_per_account: u32,
    /// Failed sign-ins allowed per client address within the window.
    pub signin_failures_per_address: u32,
}

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

pub use accolade_events::TokenKind;
pub use first_admin::{FirstAdminError, register_first_admin};

use crate::limiter::Limiter;
use credentials::{CredentialFile, CredentialStore, Invitation};

/// Where invitation and reset tokens go: the e-mail sends them. The token must reach the
/// person only, so the default sink logs that a mail is owed, never the token; tests install
/// a sink that keeps it.
pub trait InvitationSink: Send + Sync + std::fmt::Debug + 'static {
    /// A user needs a mail of `kind` with `token`.
    fn token_owed(&self, user_id: Uuid, kind: TokenKind, token: &str);
}

/// The default sink: logs that a mail is owed.
#[derive(Debug, Clone, Copy, Default)]
pub struct LogInvitations;

impl InvitationSink for LogInvitations {
    fn token_owed(&self, user_id: Uuid, kind: TokenKind, _token: &str) {
        tracing::info!(%user_id, ?kind, "a token e-mail is owed (sent by the notifier)");
    }
}

/// Shortest password accepted.
pub const MIN_PASSWORD_LEN: usize = 10;

#[derive(Debug, Clone, Copy)]
struct Session {
    user_id: Uuid,
    expires: Instant,
    /// A user whose role requires TOTP but who has none: good only for enrolling.
    enrol_only: bool,
}

/// Why a sign-in failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInError {
    /// Wrong e-mail or password (the two are not told apart).
    BadCredentials,
    /// Too many failures; retry after this many seconds.
    Limited(u64),
    /// The password was right, but the account has TOTP and no code was sent.
    TotpNeeded,
    /// The password was right, but the TOTP or recovery code was not.
    TotpWrong,
}

/// Why setting a password failed.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    /// Too short.
    #[error("a password needs at least {MIN_PASSWORD_LEN} characters")]
    TooShort,
    /// Unknown or expired invitation.
    #[error("the invitation is unknown or has expired")]
    NoInvitation,
    /// Unknown, used or expired reset token.
    #[error("this password-reset link is unknown, already used or expired: ask for a new one")]
    NoReset,
    /// The credentials file could not be written.
    #[error("the credentials file could not be written: {0}")]
    Io(#[from] std::io::Error),
}

/// Sign-in state of one server process.
#[derive(Debug)]
pub struct Auth {
    store: CredentialStore,
    file: Mutex<CredentialFile>,
    sessions: Mutex<HashMap<[u8; 32], Session>>,
    limiter: Mutex<Limiter>,
    token_ttl: Duration,
    invitation_ttl: Duration,
    reset_ttl: Duration,
    max_per_account: u32,
    max_per_address: u32,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| password_auth::generate_hash("accolade-timing-equaliser"))
}

impl Auth {
    /// Loads the credentials file of `store`.
    pub fn open(store: CredentialStore, config: &AccountsConfig) -> std::io::Result<Self> {
        let file = store.load()?;
        Ok(Self {
            store,
            file: Mutex::new(file),
            sessions: Mutex::new(HashMap::new()),
            limiter: Mutex::new(Limiter::new(Duration::from_secs(config.signin_window_secs))),
            token_ttl: Duration::from_secs(config.token_ttl_secs),
            invitation_ttl: Duration::from_secs(config.invitation_ttl_secs),
            reset_ttl: Duration::from_secs(config.password_reset_ttl_secs),
            max_per_account: config.signin_failures_per_account,
            max_per_address: config.signin_failures_per_address,
        })
    }

    /// Checks a password for `user` (`None`: no such account), then its second factor (a
    /// `totp` code when it has one; with `totp_required` and none, the token is good only for
    /// enrolling), and issues a token. Failures, of either step, are counted per `address`
    /// and per `account` (the normalised e-mail).
    pub async fn sign_in(
        &self,
        user: Option<Uuid>,
        account: &str,
        address: &str,
        password: String,
        totp: Option<&str>,
        totp_required: bool,
    ) -> Result<(String, OffsetDateTime, Uuid), SignInError> {
        // The slot is reserved before the password is checked, so parallel guesses are
        // counted before any of them is verified (issue 10 item 7); a success gives it back.
        let (addr_key, account_key) = (format!("addr:{address}"), format!("account:{account}"));
        let limits = [
            (addr_key.as_str(), self.max_per_address),
            (account_key.as_str(), self.max_per_account),
        ];
        let slot = lock(&self.limiter)
            .reserve(&limits, Instant::now())
            .map_err(|l| SignInError::Limited(l.retry_after_secs()))?;
        let hash = user.and_then(|u| lock(&self.file).passwords.get(&u).cloned());
        let ok = {
            let known = hash.is_some();
            let hash = hash.unwrap_or_else(|| dummy_hash().to_owned());
            let verified = tokio::task::spawn_blocking(move || {
                password_auth::verify_password(password, &hash).is_ok()
            })
            .await
            .unwrap_or(false);
            known && verified
        };
        let second = match (ok, user) {
            (true, Some(u)) => self.second_factor(u, totp, totp_required).map(|e| (u, e)),
            _ => Err(SignInError::BadCredentials),
        };
        match second {
            Ok((u, enrol_only)) => {
                lock(&self.limiter).release(slot);
                let (token, expires_at) = self.issue_scoped(u, enrol_only);
                Ok((token, expires_at, u))
            }
            // The reserved slot stays: it is this failure's count (a wrong password or a
            // wrong second factor alike).
            Err(e) => Err(e),
        }
    }

    /// A new token for `user`.
    pub fn issue(&self, user_id: Uuid) -> (String, OffsetDateTime) {
        self.issue_scoped(user_id, false)
    }

    fn issue_scoped(&self, user_id: Uuid, enrol_only: bool) -> (String, OffsetDateTime) {
        let token = random_token();
        let session = Session {
            user_id,
            expires: Instant::now() + self.token_ttl,
            enrol_only,
        };
        let mut sessions = lock(&self.sessions);
        let now = Instant::now();
        sessions.retain(|_, s| s.expires > now);
        sessions.insert(digest(&token), session);
        let expires_at = OffsetDateTime::now_utc() + self.token_ttl;
        (token, expires_at)
    }

    /// The user a live token belongs to (a full session; see [`Auth::resolve_any`]).
    pub fn resolve(&self, token: &str) -> Option<Uuid> {
        self.resolve_any(token)
            .and_then(|(u, enrol_only)| (!enrol_only).then_some(u))
    }

    /// The user a live token belongs to, and whether it is good only for enrolling TOTP.
    pub fn resolve_any(&self, token: &str) -> Option<(Uuid, bool)> {
        let sessions = lock(&self.sessions);
        sessions
            .get(&digest(token))
            .filter(|s| s.expires > Instant::now())
            .map(|s| (s.user_id, s.enrol_only))
    }

    /// Revokes one token.
    pub fn revoke(&self, token: &str) {
        lock(&self.sessions).remove(&digest(token));
    }

    /// Revokes every token of a user (deactivation).
    pub fn revoke_user(&self, user_id: Uuid) {
        lock(&self.sessions).retain(|_, s| s.user_id != user_id);
    }

    /// Whether a user has a password.
    pub fn has_password(&self, user_id: Uuid) -> bool {
        lock(&self.file).passwords.contains_key(&user_id)
    }

    /// Sets a user's password (hashing on a blocking thread) and saves the file.
    pub async fn set_password(&self, user_id: Uuid, password: String) -> Result<(), PasswordError> {
        if password.chars().count() < MIN_PASSWORD_LEN {
            return Err(PasswordError::TooShort);
        }
        let hash = tokio::task::spawn_blocking(move || password_auth::generate_hash(password))
            .await
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        self.update(|f| {
            f.passwords.insert(user_id, hash);
        })
    }

    /// A new invitation for `user`; returns the token (for the e-mail only).
    pub fn invite(&self, user_id: Uuid) -> Result<String, PasswordError> {
        let token = random_token();
        let ttl = i64::try_from(self.invitation_ttl.as_secs()).unwrap_or(i64::MAX / 2);
        let invitation = Invitation {
            user_id,
            expires_at: OffsetDateTime::now_utc().unix_timestamp() + ttl,
            sent: false,
        };
        self.update(|f| {
            f.invitations.retain(|_, i| i.user_id != user_id);
            f.invitations
                .insert(hex::encode(digest(&token)), invitation);
        })?;
        Ok(token)
    }

    /// Uses an invitation: sets the password and forgets the invitation.
    pub async fn accept(&self, token: &str, password: String) -> Result<Uuid, PasswordError> {
        if password.chars().count() < MIN_PASSWORD_LEN {
            return Err(PasswordError::TooShort);
        }
        let key = hex::encode(digest(token));
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let user_id = lock(&self.file)
            .invitations
            .get(&key)
            .filter(|i| i.expires_at > now)
            .map(|i| i.user_id)
            .ok_or(PasswordError::NoInvitation)?;
        self.set_password(user_id, password).await?;
        self.update(|f| {
            f.invitations.remove(&key);
        })?;
        Ok(user_id)
    }

    /// Applies a change to the file and saves it; the in-memory copy changes only once the
    /// save succeeded.
    fn update(&self, change: impl FnOnce(&mut CredentialFile)) -> Result<(), PasswordError> {
        let mut file = lock(&self.file);
        let mut next = file.clone();
        change(&mut next);
        self.store.save(&next)?;
        *file = next;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth() -> Auth {
        let c = AccountsConfig {
            signin_window_secs: 900,
            token_ttl_secs: 3600,
            invitation_ttl_secs: 3600,
            password_reset_ttl_secs: 3600,
            signin_failures_per_account: 2,
            signin_failures_per_address: 20,
        };
        Auth::open(CredentialStore::in_memory(), &c).unwrap()
    }

    /// `u` signs in with `password` (account "x", address "ip", no code).
    async fn sign_in(
        a: &Auth,
        u: Uuid,
        password: &str,
    ) -> Result<(String, OffsetDateTime, Uuid), SignInError> {
        a.sign_in(Some(u), "x", "ip", password.into(), None, false)
            .await
    }

    #[tokio::test]
    async fn sign_in_tokens_and_the_limit() {
        let a = auth();
        let u = Uuid::now_v7();
        a.set_password(u, "correct horse battery".into())
            .await
            .unwrap();
        let (token, _, who) = sign_in(&a, u, "correct horse battery").await.unwrap();
        assert_eq!((who, a.resolve(&token)), (u, Some(u)));
        a.revoke(&token);
        assert_eq!(a.resolve(&token), None);
        for _ in 0..2 {
            let e = sign_in(&a, u, "wrong password!").await;
            assert_eq!(e.unwrap_err(), SignInError::BadCredentials);
        }
        let e = sign_in(&a, u, "correct horse battery").await;
        assert!(matches!(e, Err(SignInError::Limited(_))));
    }

    #[tokio::test]
    async fn invitations_set_a_password_once() {
        let a = auth();
        let u = Uuid::now_v7();
        let t = a.invite(u).unwrap();
        assert!(matches!(
            a.accept(&t, "short".into()).await,
            Err(PasswordError::TooShort)
        ));
        assert_eq!(a.accept(&t, "long enough pass".into()).await.unwrap(), u);
        assert!(a.has_password(u));
        assert!(matches!(
            a.accept(&t, "long enough pass".into()).await,
            Err(PasswordError::NoInvitation)
        ));
    }
}
