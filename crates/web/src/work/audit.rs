//! `GET /work/audit?stream=&nomination_id=`: the audit trail of any entity (secretariat) —
//! who did what when, with each change before and after (`node.audit().trail`, as the API).

use accolade_app::actions::Ask;
use accolade_app::actions::audit::TrailQuery;
use askama::Template;
use axum::extract::{Query, State};
use serde::Deserialize;

use super::caller;
use super::history::{Entry, entries};
use crate::ctx::Ctx;
use crate::render::{OrPage, PageResult, html};
use accolade_http::state::AppState;

/// Entries shown.
const LIMIT: usize = 200;

/// The filters, as typed (empty: any).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Filters {
    stream: String,
    nomination_id: String,
}

#[derive(Template)]
#[template(path = "work/audit.html")]
struct Page<'a> {
    c: &'a Ctx,
    f: Filters,
    entries: Vec<Entry>,
}

/// The audit trail (the secretariat's: the action refuses anyone else).
pub async fn page(ctx: Ctx, State(s): State<AppState>, Query(f): Query<Filters>) -> PageResult {
    let query = TrailQuery {
        stream: Some(f.stream.trim().to_owned()).filter(|s| !s.is_empty()),
        nomination_id: f.nomination_id.trim().parse().ok(),
        limit: LIMIT,
        ..TrailQuery::default()
    };
    let mut items = s
        .node
        .audit()
        .trail(&Ask::by(caller(&ctx).0), query)
        .or_page(&ctx)?
        .items;
    // Newest first on this page: the secretariat looks for what just happened.
    items.reverse();
    let entries = entries(&ctx, &s, items).await;
    Ok(html(
        &ctx,
        &Page {
            c: &ctx,
            f,
            entries,
        },
    ))
}
