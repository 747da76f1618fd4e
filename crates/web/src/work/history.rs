//! `GET /work/nominations/{id}/history`: every action on a nomination, oldest first — who,
//! when (Vietnam time), the status before and after, and each changed field before and after
//! (the audit read model). Shown to whoever may see the nomination itself, each event only
//! as far as their role may (the app's `audit_trail` action decides, with the same filter as
//! the API's history).

use accolade_app::read::{Actor, AuditItem};
use askama::Template;
use axum::extract::{Path, State};
use uuid::Uuid;

use super::{caller, signed_in};
use crate::ctx::Ctx;
use crate::render::{self, OrPage, PageResult, html};
use accolade_app::actions::Ask;
use accolade_http::state::AppState;

/// An audit entry, formatted for the reader.
#[derive(Debug)]
pub struct Entry {
    /// The entry as the audit read model holds it.
    pub item: AuditItem,
    /// When it was recorded, in the reader's format (Vietnam time).
    pub at: String,
    /// Who acted, by name where known.
    pub who: String,
}

#[derive(Template)]
#[template(path = "work/history.html")]
struct Page<'a> {
    c: &'a Ctx,
    id: Uuid,
    title: String,
    entries: Vec<Entry>,
}

/// The name of an audit actor.
pub async fn who(ctx: &Ctx, s: &AppState, a: &Actor) -> String {
    match a {
        Actor::User(id) => s.node.setup().name_of(*id).await,
        Actor::Anonymous => ctx.t("history.anonymous").to_owned(),
        Actor::System => ctx.t("history.system").to_owned(),
        Actor::Other(o) => o.clone(),
    }
}

/// Formats audit items.
pub async fn entries(ctx: &Ctx, s: &AppState, items: Vec<AuditItem>) -> Vec<Entry> {
    let mut out = Vec::with_capacity(items.len());
    for mut item in items {
        // An amendment whose nominee was since erased names them by the English constant.
        for ch in item.changes.iter_mut().filter(|ch| ch.field == "nominee") {
            ch.before = ch.before.take().map(|n| crate::people::name(ctx.lang, n));
            ch.after = ch.after.take().map(|n| crate::people::name(ctx.lang, n));
        }
        out.push(Entry {
            at: render::datetime(ctx, item.recorded_at),
            who: who(ctx, s, &item.actor).await,
            item,
        });
    }
    out
}

/// The history page.
pub async fn page(ctx: Ctx, State(s): State<AppState>, Path(id): Path<Uuid>) -> PageResult {
    signed_in(&ctx)?;
    let ask = Ask::by(caller(&ctx).0);
    let nominations = s.node.nominations();
    let title = nominations
        .show(&ask, id)
        .await
        .or_page(&ctx)?
        .nominee
        .map_or_else(|| ctx.t("person.erased").to_owned(), |n| n.full_name);
    let items = nominations.audit_trail(&ask, id).await.or_page(&ctx)?;
    let entries = entries(&ctx, &s, items).await;
    Ok(html(
        &ctx,
        &Page {
            c: &ctx,
            id,
            title,
            entries,
        },
    ))
}
