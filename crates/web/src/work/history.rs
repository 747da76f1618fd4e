//! `GET /work/nominations/{id}/history`: every action on a nomination, oldest first — who,
//! when (Vietnam time), the status before and after, and each changed field before and after
//! (the audit read model). Shown to whoever may see the nomination itself, each event only
//! as far as their role may (the app's `nomination_history` decides, as for the API).

use std::collections::BTreeMap;

use accolade_projections::{Actor, AuditFilter, AuditItem};
use askama::Template;
use axum::extract::{Path, State};
use uuid::Uuid;

use super::signed_in;
use crate::ctx::Ctx;
use crate::render::{self, OrPage, PageResult, html};
use accolade_api::handlers::nominations::locate;
use accolade_http::authz;
use accolade_http::state::AppState;

/// An entry, formatted.
#[derive(Debug)]
pub struct Entry {
    /// The item.
    pub item: AuditItem,
    /// When.
    pub at: String,
    /// Who.
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
        Actor::User(id) => s
            .app
            .user(*id)
            .await
            .ok()
            .and_then(|u| u.current.map(|c| c.contact.full_name))
            .unwrap_or_else(|| id.to_string()),
        Actor::Anonymous => ctx.t("history.anonymous").to_owned(),
        Actor::System => ctx.t("history.system").to_owned(),
        Actor::Other(o) => o.clone(),
    }
}

/// Formats audit items.
pub async fn entries(ctx: &Ctx, s: &AppState, items: Vec<AuditItem>) -> Vec<Entry> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
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
    let user = signed_in(&ctx)?;
    let pid = locate(&s, id).or_page(&ctx)?;
    let p = s.app.programme(pid).await.or_page(&ctx)?;
    authz::see_nomination(&user.actor, &p, id).or_page(&ctx)?;
    let title = p
        .nominations
        .get(&id)
        .map(|n| n.nominee.full_name.clone())
        .unwrap_or_default();
    // Which events this reader may see, and whose actor: the app's history decides (the
    // same filter as the API's), the audit model adds status changes and changed fields.
    let shown: BTreeMap<u64, bool> = s
        .app
        .nomination_history(&user.actor, pid, id)
        .await
        .or_page(&ctx)?
        .into_iter()
        .map(|e| (e.position, e.actor.is_some()))
        .collect();
    let items = s
        .read(|r| {
            r.audit(&AuditFilter {
                nomination_id: Some(id),
                ..AuditFilter::default()
            })
        })
        .into_iter()
        .filter_map(|mut item| {
            let with_actor = *shown.get(&item.position)?;
            if !with_actor {
                item.actor = Actor::Anonymous;
            }
            Some(item)
        })
        .collect();
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
