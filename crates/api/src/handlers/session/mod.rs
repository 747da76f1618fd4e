//! Sign-in and sign-out with bearer tokens, the signed-in user, and the account refusals as
//! the API words them.

pub mod create;
pub mod delete;
pub mod me;
pub mod totp;

use accolade_app::accounts::second_factor::TotpError;
use accolade_app::accounts::{PasswordError, SignInError};
use accolade_app::actions::accounts::AccountError;
use accolade_http::error::ApiError;
use axum::http::StatusCode;

/// An account action's refusal as problem+json. A wrong e-mail, a wrong password and a
/// deactivated account are the same 401.
pub fn refused(e: AccountError) -> ApiError {
    match e {
        AccountError::App(e) => e.into(),
        AccountError::SignIn(SignInError::BadCredentials) => {
            ApiError::unauthorized("wrong e-mail or password")
        }
        AccountError::SignIn(SignInError::Limited(secs)) => ApiError::too_many(secs),
        AccountError::SignIn(SignInError::TotpNeeded) => ApiError::unauthorized(
            "this account signs in with a second factor: send `totp`, a 6-digit code from the authenticator app or a recovery code",
        ),
        AccountError::SignIn(SignInError::TotpWrong) => {
            ApiError::unauthorized("the two-factor code is wrong, expired or already used")
        }
        AccountError::Password(PasswordError::NoInvitation) => ApiError::not_found("invitation"),
        AccountError::Password(e @ PasswordError::NoReset) => {
            ApiError::new(StatusCode::NOT_FOUND, e.to_string())
        }
        AccountError::Password(e @ PasswordError::TooShort) => {
            ApiError::invalid("password", e.to_string())
        }
        AccountError::Password(e @ PasswordError::Io(_)) => ApiError::internal(&e),
        AccountError::Totp(e @ (TotpError::AlreadyOn | TotpError::NotOn)) => {
            ApiError::conflict(e.to_string())
        }
        AccountError::Totp(e @ TotpError::WrongCode) => ApiError::invalid("code", e.to_string()),
        AccountError::Totp(TotpError::Io(e)) => ApiError::internal(&e),
        e @ (AccountError::Deactivated | AccountError::HasPassword) => {
            ApiError::conflict(e.to_string())
        }
    }
}
