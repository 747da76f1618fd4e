//! Accounts: signing in and out, the signed-in user, two-factor enrolment, and the mailed
//! links (an invitation's first password, a password reset). The passwords, tokens and
//! sessions themselves are [`crate::accounts::Auth`]'s; these actions add who may ask and
//! what the directory says (an account is its user's, and a deactivated user signs in no
//! one).

use std::sync::Arc;

use accolade_events::Role;
use accolade_store::EventStore;
use time::OffsetDateTime;
use uuid::Uuid;

use super::Ask;
use super::setup::directory::UserRecord;
use crate::accounts::second_factor::{Enrolment, TotpError};
use crate::accounts::{InvitationSink, PasswordError, SignInError, TokenKind};
use crate::{AppError, Node};

/// The account actions of a [`Node`].
#[derive(Debug)]
pub struct Accounts<'a, S: EventStore> {
    node: &'a Node<S>,
}

impl<S: EventStore> Node<S> {
    /// Sign-in, sign-out, the signed-in user, TOTP, invitations and password resets.
    pub fn accounts(&self) -> Accounts<'_, S> {
        Accounts { node: self }
    }
}

/// Why an account action was refused.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The app refused (not signed in, not allowed, not found, invalid...).
    #[error(transparent)]
    App(#[from] AppError),
    /// The sign-in failed.
    #[error("sign-in refused: {0:?}")]
    SignIn(SignInError),
    /// A password could not be set, or a token was unknown.
    #[error(transparent)]
    Password(#[from] PasswordError),
    /// A two-factor enrolment step was refused.
    #[error(transparent)]
    Totp(#[from] TotpError),
    /// The user is deactivated (no invitation for them).
    #[error("the user is deactivated")]
    Deactivated,
    /// The user has a password already (an invitation is not the way; a reset is).
    #[error("the user has set a password already; they can ask for a password reset")]
    HasPassword,
}

impl From<SignInError> for AccountError {
    fn from(e: SignInError) -> Self {
        AccountError::SignIn(e)
    }
}

/// Credentials, as typed at sign-in.
#[derive(Debug, Clone)]
pub struct SignIn {
    /// The account's e-mail.
    pub email: String,
    /// In clear, as typed; checked against the stored hash. A wrong e-mail and a wrong
    /// password fail alike.
    pub password: String,
    /// A TOTP code or a recovery code, when the account has two-factor sign-in.
    pub totp: Option<String>,
    /// Where the attempt comes from (failed sign-ins are limited per address).
    pub address: String,
}

/// A new session.
#[derive(Debug, Clone)]
pub struct Session {
    /// The bearer token (or cookie value).
    pub token: String,
    /// When it stops working.
    pub expires_at: OffsetDateTime,
    /// Who signed in.
    pub user: UserRecord,
    /// False when the token is good only for enrolling in TOTP: the user's role requires it
    /// and they have none yet.
    pub full: bool,
}

/// A signed-in user whose session may be one good only for enrolling in TOTP.
#[derive(Debug, Clone)]
pub struct Enroller {
    /// Whose session `token` is: an active user (a deactivated one is refused).
    pub user_id: Uuid,
    /// Their session's token (made full once enrolment is confirmed).
    pub token: String,
}

impl<S: EventStore> Accounts<'_, S> {
    /// Signs in: the password, then the second factor; the roles in `totp_roles` must have
    /// one (without, the session is good only for enrolling). Failures are limited per
    /// address and per account; a wrong e-mail, a wrong password and a deactivated account
    /// are the same refusal.
    pub async fn sign_in(
        &self,
        creds: SignIn,
        totp_roles: &[Role],
    ) -> Result<Session, AccountError> {
        let app = self.node.app();
        let auth = self.node.auth();
        let account = app.people().email_key(&creds.email);
        let user = app.directory().await?.user_by_email_key(&account);
        let required = match user {
            Some(u) => app
                .actor_for(u)
                .await
                .ok()
                .and_then(|a| a.role())
                .is_some_and(|r| totp_roles.contains(&r)),
            None => false,
        };
        let (token, expires_at, user_id) = auth
            .sign_in(
                user,
                &account,
                &creds.address,
                creds.password,
                creds.totp.as_deref(),
                required,
            )
            .await?;
        if app.actor_for(user_id).await.is_err() {
            // A deactivated account: the password was right, but it signs in no one.
            auth.revoke(&token);
            return Err(SignInError::BadCredentials.into());
        }
        let (found, version) = app.user_versioned(user_id).await?;
        let full = auth.resolve(&token).is_some();
        Ok(Session {
            token,
            expires_at,
            user: UserRecord::new(user_id, found, version, true, self.node.unseal()),
            full,
        })
    }

    /// Signs out: revokes the session the ask was made with.
    pub fn sign_out(&self, ask: &Ask) -> Result<(), AppError> {
        ask.caller.signed_in()?;
        if let Some(t) = &ask.caller.token {
            self.node.auth().revoke(t);
        }
        Ok(())
    }

    /// Ends a session by its token (a page's cookie), signed in or not.
    pub fn end(&self, token: &str) {
        self.node.auth().revoke(token);
    }

    /// The signed-in user.
    pub async fn me(&self, ask: &Ask) -> Result<UserRecord, AppError> {
        let actor = ask.caller.signed_in()?;
        let id = actor
            .user_id()
            .ok_or_else(|| AppError::not_found("user", "me"))?;
        let (user, version) = self.node.app().user_versioned(id).await?;
        Ok(UserRecord::new(
            id,
            user,
            version,
            self.node.auth().has_password(id),
            self.node.unseal(),
        ))
    }

    /// Who holds `token`, with a full session or one good only for enrolling in TOTP.
    pub async fn enroller(&self, token: &str) -> Result<Enroller, AppError> {
        let bad =
            || AppError::Unauthenticated("sign in first: Authorization: Bearer <token>".into());
        let (user_id, _) = self.node.auth().resolve_any(token).ok_or_else(bad)?;
        self.node
            .app()
            .actor_for(user_id)
            .await
            .map_err(|_| bad())?;
        Ok(Enroller {
            user_id,
            token: token.to_owned(),
        })
    }

    /// Starts a TOTP enrolment: a new secret and recovery codes, shown once; not yet asked
    /// for at sign-in.
    pub async fn begin_totp(&self, who: &Enroller) -> Result<Enrolment, AccountError> {
        let (user, _) = self.node.app().user_versioned(who.user_id).await?;
        let account = user
            .current
            .as_ref()
            .and_then(|c| c.contact.open(self.node.app().people().as_ref()))
            .map(|c| c.email)
            .unwrap_or_default();
        Ok(self.node.auth().begin_totp(who.user_id, &account)?)
    }

    /// Confirms the enrolment with a first valid code: from now on sign-in needs a code, and
    /// a session good only for enrolling becomes a full one.
    pub fn confirm_totp(&self, who: &Enroller, code: &str) -> Result<(), AccountError> {
        let auth = self.node.auth();
        auth.confirm_totp(who.user_id, code)?;
        auth.upgrade(&who.token);
        Ok(())
    }

    /// Turns TOTP off; needs a valid code (TOTP or recovery), so a stolen session alone cannot
    /// turn it off.
    pub fn remove_totp(&self, who: &Enroller, code: &str) -> Result<(), AccountError> {
        Ok(self.node.auth().remove_totp(who.user_id, code)?)
    }

    /// Uses an invitation (once): sets the first password.
    pub async fn accept_invitation(
        &self,
        token: &str,
        password: String,
    ) -> Result<Uuid, PasswordError> {
        self.node.auth().accept(token, password).await
    }

    /// Uses a reset link (once): sets the password and signs out every session of the user.
    pub async fn reset_password(
        &self,
        token: &str,
        password: String,
    ) -> Result<Uuid, PasswordError> {
        self.node.auth().reset_password(token, password).await
    }
}

impl<S: EventStore> Accounts<'_, S>
where
    Node<S>: Clone + Send + Sync + 'static,
{
    /// Starts a password reset for `email` in the background and returns at once: the
    /// lookup, the token and the credentials file's fsync run after the answer, so neither
    /// it nor its timing tells whether the address is an account's. An active account gets
    /// a fresh single-use token (replacing an earlier one) through `mail`.
    pub fn request_reset(&self, email: String, mail: Arc<dyn InvitationSink>) {
        let node = self.node.clone();
        tokio::spawn(async move {
            let Ok(dir) = node.app().directory().await else {
                return;
            };
            let key = node.app().people().email_key(&email);
            let Some(user_id) = dir.user_by_email_key(&key) else {
                return;
            };
            if node.app().actor_for(user_id).await.is_err() {
                return; // deactivated: no mail
            }
            if let Err(e) = node
                .auth()
                .send_token(mail.as_ref(), user_id, TokenKind::PasswordReset)
            {
                tracing::error!(%user_id, error = %e, "password reset not recorded");
            }
        });
    }
}
