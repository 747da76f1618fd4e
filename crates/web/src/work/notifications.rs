//! `GET /work/notifications`: the notification log (secretariat), read from the same read
//! model as `GET /api/v1/notifications` (the outbox), through `node.audit()`: every mail
//! owed, its template, recipient and causing event.

use accolade_app::actions::Ask;
use accolade_app::actions::audit::Mail;
use askama::Template;
use axum::extract::State;

use super::caller;
use crate::ctx::Ctx;
use crate::render::{OrPage, PageResult, html};
use accolade_http::state::AppState;

/// Mails shown (newest first).
const LIMIT: usize = 500;

/// A mail, formatted.
#[derive(Debug)]
pub struct Line {
    /// The mail as the outbox owes it.
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

/// The recipient as text (the reference's fields, space-separated): never an address.
fn recipient(mail: &Mail) -> String {
    serde_json::to_value(mail.recipient)
        .map(|v| match v {
            serde_json::Value::Object(o) => o
                .values()
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
                .collect::<Vec<_>>()
                .join(" "),
            other => other.as_str().unwrap_or_default().to_owned(),
        })
        .unwrap_or_default()
}

/// The log (the secretariat's: the action refuses anyone else).
pub async fn page(ctx: Ctx, State(s): State<AppState>) -> PageResult {
    let mails = s
        .node
        .audit()
        .mails(&Ask::by(caller(&ctx).0), LIMIT)
        .or_page(&ctx)?;
    let lines = mails
        .into_iter()
        .map(|mail| Line {
            template: mail.template.key(),
            recipient: recipient(&mail),
            mail,
        })
        .collect();
    Ok(html(&ctx, &Page { c: &ctx, lines }))
}
