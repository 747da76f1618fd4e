//! `GET|POST /signin`, `POST /signout`: the cookie session over the app's sign-in action (the
//! same Argon2id check, the same failed-sign-in limits per address and per account as the
//! API's).

use accolade_app::actions::accounts::{AccountError, SignIn};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::ctx::{Ctx, SESSION};
use super::redirect::local;
use super::render::{PageResult, Posted, csrf_form, error_page, html, html_status, see_other};
use accolade_app::accounts::SignInError;
use accolade_http::client::ClientAddr;
use accolade_http::state::AppState;

/// `?next=`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Next {
    next: String,
}

/// The sign-in form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Form {
    csrf: String,
    email: String,
    password: String,
    /// A TOTP or recovery code (accounts with two-factor sign-in).
    totp: String,
    next: String,
}
csrf_form!(Form);

/// The sign-out form (only the token).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Plain {
    csrf: String,
}
csrf_form!(Plain);

#[derive(Template)]
#[template(path = "signin.html")]
struct Page<'a> {
    c: &'a Ctx,
    email: &'a str,
    next: &'a str,
    error: Option<String>,
}

/// The sign-in page.
pub async fn form(ctx: Ctx, Query(n): Query<Next>) -> Response {
    let page = Page {
        c: &ctx,
        email: "",
        next: local(&n.next),
        error: None,
    };
    html(&ctx, &page)
}

/// Signs in: sets the session cookie and goes to `next`.
pub async fn sign_in(
    State(s): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Posted(mut ctx, f): Posted<Form>,
) -> PageResult {
    let creds = SignIn {
        email: f.email.clone(),
        password: f.password,
        totp: Some(f.totp),
        address: addr,
    };
    let accounts = s.node.accounts();
    let signed = accounts.sign_in(creds, &s.config.require_totp_roles).await;
    let (status, error) = match signed {
        Ok(session) if !session.full => {
            // A role that requires TOTP, and none yet: pages need a full session.
            accounts.end(&session.token);
            (StatusCode::UNAUTHORIZED, ctx.t("signin.enrol").to_owned())
        }
        Ok(session) => {
            let c = ctx.cookie(SESSION, &session.token, s.config.token_ttl_secs, true);
            ctx.set_cookies.push(c);
            return Ok(see_other(&ctx, local(&f.next)));
        }
        Err(AccountError::SignIn(SignInError::Limited(secs))) => (
            StatusCode::TOO_MANY_REQUESTS,
            ctx.t("signin.limited").replace("{secs}", &secs.to_string()),
        ),
        Err(AccountError::SignIn(SignInError::TotpNeeded)) => (
            StatusCode::UNAUTHORIZED,
            ctx.t("signin.totp_needed").to_owned(),
        ),
        Err(AccountError::SignIn(SignInError::TotpWrong)) => (
            StatusCode::UNAUTHORIZED,
            ctx.t("signin.totp_wrong").to_owned(),
        ),
        Err(AccountError::SignIn(SignInError::BadCredentials)) => {
            (StatusCode::UNAUTHORIZED, ctx.t("signin.wrong").to_owned())
        }
        Err(AccountError::App(e)) => return Err(error_page(&ctx, &e.into())),
        Err(e) => {
            tracing::error!(error = %e, "sign-in failed");
            (StatusCode::UNAUTHORIZED, ctx.t("signin.wrong").to_owned())
        }
    };
    let page = Page {
        c: &ctx,
        email: &f.email,
        next: local(&f.next),
        error: Some(error),
    };
    Ok(html_status(&ctx, status, &page))
}

/// Signs out: revokes the token on the server and clears the cookie.
pub async fn sign_out(State(s): State<AppState>, Posted(mut ctx, _): Posted<Plain>) -> Response {
    if let Some(u) = ctx.user.take() {
        s.node.accounts().end(&u.token);
        ctx.set_cookies.push(ctx.cookie(SESSION, "", 0, true));
    }
    see_other(&ctx, "/")
}
