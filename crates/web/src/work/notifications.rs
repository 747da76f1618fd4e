//! `GET /work/notifications`: the notification log (secretariat), read from the same read
//! model as `GET /api/v1/notifications` (the outbox): every mail owed, its template,
//! recipient and causing event.

use accolade_projections::Mail;
use askama::Template;
use axum::extract::State;

use super::signed_in;
use crate::ctx::Ctx;
use crate::render::{PageResult, error_page, html};
use accolade_http::authz::may;
use accolade_http::error::ApiError;
use accolade_http::state::AppState;

/// Mails shown (newest first).
const LIMIT: usize = 500;

/// A mail, formatted.
#[derive(Debug)]
pub struct Line {
    /// The mail.
    pub mail: Mail,
    /// Its template's key.
    pub template: &'static str,
    /// The recipient, as text.
    pub recipient: String,
}

#[derive(Template)]
#[template(path = "work/notifications.html")]
struct Page<'a> {
    c: &'a Ctx,
    lines: Vec<Line>,
}

/// The log.
pub async fn page(ctx: Ctx, State(s): State<AppState>) -> PageResult {
    signed_in(&ctx)?;
    if !ctx.is(may::SECRETARIAT) {
        return Err(error_page(
            &ctx,
            &ApiError::forbidden(ctx.t("error.role").to_owned()),
        ));
    }
    let lines = s.read(|p| {
        p.outbox(None, 0)
            .iter()
            .rev()
            .take(LIMIT)
            .map(|m| Line {
                template: m.template.key(),
                recipient: serde_json::to_value(m.recipient)
                    .map(|v| match v {
                        serde_json::Value::Object(o) => o
                            .values()
                            .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
                            .collect::<Vec<_>>()
                            .join(" "),
                        other => other.as_str().unwrap_or_default().to_owned(),
                    })
                    .unwrap_or_default(),
                mail: m.clone(),
            })
            .collect()
    });
    Ok(html(&ctx, &Page { c: &ctx, lines }))
}
