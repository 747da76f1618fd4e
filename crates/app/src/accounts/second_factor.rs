//! TOTP two-factor sign-in (issue 10 item 11): enrolment, confirmation, removal, and the
//! check after the password.
//!
//! Enrolment is two calls: the first makes a secret and ten recovery codes (shown once;
//! only their SHA-256 is kept) and stores them unconfirmed; the second confirms with a first
//! valid code, and from then on sign-in asks for a code. A code is accepted for its step
//! (±1 step of 30 s) only if that step is later than the last one used, so a code cannot be
//! replayed; a recovery code works once. Secrets and codes are never logged.

use time::OffsetDateTime;
use uuid::Uuid;

use super::credentials::Totp;
use super::tokens::token_key;
use super::{Auth, PasswordError, SignInError, digest, lock, totp};

/// What enrolling shows the user, once.
#[derive(Debug, Clone)]
pub struct Enrolment {
    /// The secret, base32 (to type into an app).
    pub secret: String,
    /// The `otpauth://` URI (for a QR code).
    pub otpauth_uri: String,
    /// Single-use recovery codes.
    pub recovery_codes: Vec<String>,
}

/// Why a TOTP action was refused.
#[derive(Debug, thiserror::Error)]
pub enum TotpError {
    /// Two-factor sign-in is already on (remove it first to enrol a new device).
    #[error("two-factor sign-in is already on; remove it first to enrol another device")]
    AlreadyOn,
    /// No enrolment to confirm, or nothing to remove.
    #[error("two-factor sign-in is not on for this account")]
    NotOn,
    /// The code is wrong, expired or already used.
    #[error("the code is wrong, expired or already used")]
    WrongCode,
    /// The credentials file could not be written.
    #[error(transparent)]
    Io(#[from] PasswordError),
}

/// A recovery code is kept like every other secret token of the file: by its key.
fn recovery_hash(code: &str) -> String {
    token_key(&totp::normalise_recovery(code))
}

fn unix_now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

impl Auth {
    /// Whether `user_id` signs in with a code.
    pub fn totp_on(&self, user_id: Uuid) -> bool {
        lock(&self.file)
            .totp
            .get(&user_id)
            .is_some_and(|t| t.confirmed)
    }

    /// Starts (or restarts) an enrolment: a new secret and recovery codes, unconfirmed.
    pub fn begin_totp(&self, user_id: Uuid, account: &str) -> Result<Enrolment, TotpError> {
        if self.totp_on(user_id) {
            return Err(TotpError::AlreadyOn);
        }
        let secret = totp::new_secret();
        let codes: Vec<String> = (0..totp::RECOVERY_CODES)
            .map(|_| totp::new_recovery_code())
            .collect();
        let entry = Totp {
            secret: hex::encode(&secret),
            confirmed: false,
            recovery: codes.iter().map(|c| recovery_hash(c)).collect(),
            last_step: i64::MIN,
        };
        self.update(|f| {
            f.totp.insert(user_id, entry);
        })?;
        Ok(Enrolment {
            secret: totp::base32(&secret),
            otpauth_uri: totp::otpauth_uri(&secret, account, "Accolade"),
            recovery_codes: codes,
        })
    }

    /// Confirms an enrolment with a first valid code.
    pub fn confirm_totp(&self, user_id: Uuid, code: &str) -> Result<(), TotpError> {
        let pending = lock(&self.file).totp.get(&user_id).cloned();
        match pending {
            None => Err(TotpError::NotOn),
            Some(t) if t.confirmed => Err(TotpError::AlreadyOn),
            Some(t) => {
                let secret = hex::decode(&t.secret).map_err(|_| TotpError::NotOn)?;
                let step = totp::matching_step(&secret, code, unix_now())
                    .filter(|s| *s > t.last_step)
                    .ok_or(TotpError::WrongCode)?;
                self.update(|f| {
                    if let Some(t) = f.totp.get_mut(&user_id) {
                        t.confirmed = true;
                        t.last_step = step;
                    }
                })?;
                Ok(())
            }
        }
    }

    /// Turns two-factor sign-in off, given a valid code (a TOTP or a recovery code): a stolen
    /// session alone cannot remove it.
    pub fn remove_totp(&self, user_id: Uuid, code: &str) -> Result<(), TotpError> {
        if !self.totp_on(user_id) {
            return Err(TotpError::NotOn);
        }
        if !self.use_code(user_id, code)? {
            return Err(TotpError::WrongCode);
        }
        self.update(|f| {
            f.totp.remove(&user_id);
        })?;
        Ok(())
    }

    /// Whether `code` is a valid, unused TOTP or recovery code of `user_id`; uses it up.
    fn use_code(&self, user_id: Uuid, code: &str) -> Result<bool, PasswordError> {
        let Some(t) = lock(&self.file).totp.get(&user_id).cloned() else {
            return Ok(false);
        };
        let secret = hex::decode(&t.secret).unwrap_or_default();
        if let Some(step) =
            totp::matching_step(&secret, code, unix_now()).filter(|s| *s > t.last_step)
        {
            self.update(|f| {
                if let Some(t) = f.totp.get_mut(&user_id) {
                    t.last_step = step;
                }
            })?;
            return Ok(true);
        }
        let hash = recovery_hash(code);
        if totp::normalise_recovery(code).len() == 16 && t.recovery.contains(&hash) {
            self.update(|f| {
                if let Some(t) = f.totp.get_mut(&user_id) {
                    t.recovery.retain(|h| *h != hash);
                }
            })?;
            return Ok(true);
        }
        Ok(false)
    }

    /// The step after the password: `Ok(true)` for a session good only for enrolling (the
    /// role requires TOTP and the user has none), `Ok(false)` for a full one.
    pub(super) fn second_factor(
        &self,
        user_id: Uuid,
        code: Option<&str>,
        required: bool,
    ) -> Result<bool, SignInError> {
        if !self.totp_on(user_id) {
            return Ok(required);
        }
        match code.filter(|c| !c.trim().is_empty()) {
            None => Err(SignInError::TotpNeeded),
            Some(c) => match self.use_code(user_id, c) {
                Ok(true) => Ok(false),
                Ok(false) => Err(SignInError::TotpWrong),
                Err(e) => {
                    tracing::error!(error = %e, "could not record a used TOTP code");
                    Err(SignInError::TotpWrong)
                }
            },
        }
    }

    /// Makes an enrol-only session a full one (after the user confirmed their enrolment,
    /// which proved the second factor).
    pub fn upgrade(&self, token: &str) {
        if let Some(s) = lock(&self.sessions).get_mut(&digest(token)) {
            s.enrol_only = false;
        }
    }
}
