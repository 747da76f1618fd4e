//! `GET /work/programmes`: every programme with its phase; the secretariat creates one here.

use accolade_app::actions::Ask;
use accolade_events::Phase;
use askama::Template;
use axum::extract::State;

use super::{caller, signed_in};
use crate::ctx::Ctx;
use crate::render::{OrPage, PageResult, html};
use accolade_http::state::AppState;

#[derive(Template)]
#[template(path = "work/programmes.html")]
struct Page<'a> {
    c: &'a Ctx,
    items: Vec<(uuid::Uuid, String, i32, Phase)>,
}

/// Every programme with its phase, newest id last (any signed-in user).
pub async fn page(ctx: Ctx, State(s): State<AppState>) -> PageResult {
    signed_in(&ctx)?;
    let ask = Ask::by(caller(&ctx).0);
    let items = (s.node.setup().programmes(&ask, None))
        .or_page(&ctx)?
        .into_iter()
        .map(|p| (p.id, p.title, p.year, p.phase))
        .collect();
    Ok(html(&ctx, &Page { c: &ctx, items }))
}
