//! Account pages reached from a mail (issue 10 item 11): asking for a password reset, setting
//! a new password with a reset link, and setting the first password with an invitation. Each
//! form carries the CSRF token; the rules are the app's account actions, shared with the
//! API, not repeated.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::ctx::Ctx;
use super::render::{Posted, csrf_form, html, html_status};
use accolade_app::accounts::PasswordError;
use accolade_http::state::AppState;

/// The reset request form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EmailForm {
    csrf: String,
    email: String,
}

/// The new-password form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    csrf: String,
    password: String,
}
csrf_form!(EmailForm, PasswordForm);

#[derive(Template)]
#[template(path = "account.html")]
struct Page<'a> {
    c: &'a Ctx,
    title: &'a str,
    intro: &'a str,
    action: String,
    ask_email: bool,
    message: Option<&'a str>,
    error: Option<&'a str>,
}

fn page(ctx: &Ctx, status: StatusCode, p: &Page<'_>) -> Response {
    if status == StatusCode::OK {
        html(ctx, p)
    } else {
        html_status(ctx, status, p)
    }
}

/// `GET /password-reset`.
pub async fn ask_form(ctx: Ctx) -> Response {
    let p = Page {
        c: &ctx,
        title: ctx.t("reset.title"),
        intro: ctx.t("reset.ask"),
        action: "/password-reset".into(),
        ask_email: true,
        message: None,
        error: None,
    };
    page(&ctx, StatusCode::OK, &p)
}

/// `POST /password-reset`: the same answer whatever the address.
pub async fn ask(State(s): State<AppState>, Posted(ctx, f): Posted<EmailForm>) -> Response {
    (s.node.accounts()).request_reset(f.email, s.invitations.clone());
    let p = Page {
        c: &ctx,
        title: ctx.t("reset.title"),
        intro: ctx.t("reset.ask"),
        action: "/password-reset".into(),
        ask_email: true,
        message: Some(ctx.t("reset.sent")),
        error: None,
    };
    page(&ctx, StatusCode::ACCEPTED, &p)
}

/// The address a token's form posts to: `/invitations/{token}` or `/password-resets/{token}`.
fn token_action(token: &str, invitation: bool) -> String {
    let base = if invitation {
        "/invitations"
    } else {
        "/password-resets"
    };
    format!("{base}/{}", super::render::encode(token))
}

/// `GET /password-resets/{token}` and `GET /invitations/{token}`: the new-password form.
fn password_form(ctx: &Ctx, token: &str, invitation: bool) -> Response {
    let action = token_action(token, invitation);
    let title = if invitation {
        ctx.t("invite.title")
    } else {
        ctx.t("reset.title")
    };
    let p = Page {
        c: ctx,
        title,
        intro: "",
        action,
        ask_email: false,
        message: None,
        error: None,
    };
    page(ctx, StatusCode::OK, &p)
}

/// `GET /password-resets/{token}`.
pub async fn reset_form(ctx: Ctx, Path(token): Path<String>) -> Response {
    password_form(&ctx, &token, false)
}

/// `GET /invitations/{token}`.
pub async fn invitation_form(ctx: Ctx, Path(token): Path<String>) -> Response {
    password_form(&ctx, &token, true)
}

fn outcome(
    ctx: &Ctx,
    token: &str,
    invitation: bool,
    result: Result<uuid::Uuid, PasswordError>,
) -> Response {
    let action = token_action(token, invitation);
    let title = if invitation {
        ctx.t("invite.title")
    } else {
        ctx.t("reset.title")
    };
    let (status, message, error) = match result {
        Ok(_) => (StatusCode::OK, Some(ctx.t("reset.done")), None),
        Err(PasswordError::TooShort) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some(ctx.t("reset.short")),
        ),
        Err(PasswordError::NoInvitation) => {
            (StatusCode::NOT_FOUND, None, Some(ctx.t("invite.gone")))
        }
        Err(PasswordError::NoReset) => (StatusCode::NOT_FOUND, None, Some(ctx.t("reset.gone"))),
        Err(PasswordError::Io(e)) => {
            tracing::error!(error = %e, "credentials file not written");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                None,
                Some(ctx.t("reset.gone")),
            )
        }
    };
    let p = Page {
        c: ctx,
        title,
        intro: "",
        action,
        ask_email: false,
        message,
        error,
    };
    page(ctx, status, &p)
}

/// `POST /password-resets/{token}`.
pub async fn reset(
    State(s): State<AppState>,
    Path(token): Path<String>,
    Posted(ctx, f): Posted<PasswordForm>,
) -> Response {
    let r = s.node.accounts().reset_password(&token, f.password).await;
    outcome(&ctx, &token, false, r)
}

/// `POST /invitations/{token}`.
pub async fn accept(
    State(s): State<AppState>,
    Path(token): Path<String>,
    Posted(ctx, f): Posted<PasswordForm>,
) -> Response {
    let r = s
        .node
        .accounts()
        .accept_invitation(&token, f.password)
        .await;
    outcome(&ctx, &token, true, r)
}
