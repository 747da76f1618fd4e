//! `GET|POST /signin`, `POST /signout`: the cookie session over the API's sign-in (the same
//! Argon2id check, the same failed-sign-in limits per address and per account).

use accolade_domain::rules::names::email_key;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::ctx::{Ctx, SESSION};
use super::redirect::local;
use super::render::{PageResult, Posted, csrf_form, html, html_status, see_other};
use accolade_api::handlers::session::create::totp_required;
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
    let user = s
        .app
        .directory()
        .await
        .map(|d| d.user_by_email(&f.email))
        .unwrap_or(None);
    let account = email_key(&f.email);
    let required = totp_required(&s, user).await;
    let code = Some(f.totp.as_str());
    let signed = (s.auth)
        .sign_in(user, &account, &addr, f.password, code, required)
        .await;
    let (status, error) = match signed {
        Ok((token, _, user_id)) if s.auth.resolve(&token).is_none() => {
            // A role that requires TOTP, and none yet: pages need a full session.
            s.auth.revoke(&token);
            let _ = user_id;
            (StatusCode::UNAUTHORIZED, ctx.t("signin.enrol").to_owned())
        }
        Ok((token, _, user_id)) => {
            if s.app.actor_for(user_id).await.is_ok() {
                let c = ctx.cookie(SESSION, &token, s.config.token_ttl_secs, true);
                ctx.set_cookies.push(c);
                return Ok(see_other(&ctx, local(&f.next)));
            }
            // A deactivated account: the password was right, but it signs in no one.
            s.auth.revoke(&token);
            (StatusCode::UNAUTHORIZED, ctx.t("signin.wrong").to_owned())
        }
        Err(SignInError::BadCredentials) => {
            (StatusCode::UNAUTHORIZED, ctx.t("signin.wrong").to_owned())
        }
        Err(SignInError::Limited(secs)) => (
            StatusCode::TOO_MANY_REQUESTS,
            ctx.t("signin.limited").replace("{secs}", &secs.to_string()),
        ),
        Err(SignInError::TotpNeeded) => (
            StatusCode::UNAUTHORIZED,
            ctx.t("signin.totp_needed").to_owned(),
        ),
        Err(SignInError::TotpWrong) => (
            StatusCode::UNAUTHORIZED,
            ctx.t("signin.totp_wrong").to_owned(),
        ),
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
        s.auth.revoke(&u.token);
        ctx.set_cookies.push(ctx.cookie(SESSION, "", 0, true));
    }
    see_other(&ctx, "/")
}
