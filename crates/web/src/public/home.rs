//! `GET /`: what Accolade is, a search box, the latest honours and what is under notice.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::honours::{Row, rows};
use crate::ctx::Ctx;
use crate::render::html;
use accolade_http::state::AppState;

#[derive(Template)]
#[template(path = "home.html")]
struct Page<'a> {
    c: &'a Ctx,
    latest: Vec<Row>,
    total: usize,
    agencies: usize,
    under_notice: usize,
}

/// The home page.
pub async fn page(ctx: Ctx, State(s): State<AppState>) -> Response {
    // The latest decisions first, from an index; the figures are counts the models keep.
    let o = s.node.public().overview();
    let tpl = Page {
        c: &ctx,
        latest: rows(&ctx, o.latest),
        total: o.total,
        agencies: o.agencies,
        under_notice: o.under_notice,
    };
    html(&ctx, &tpl)
}
