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
    let overview = s.node.public().overview();
    let (mut all, under_notice, agencies) =
        (overview.honours, overview.under_notice, overview.agencies);
    let total = all.len();
    // The list is newest year first; within it, the latest decisions last.
    all.sort_by(|a, b| b.year.cmp(&a.year).then(b.decided_on.cmp(&a.decided_on)));
    all.truncate(6);
    let tpl = Page {
        c: &ctx,
        latest: rows(&ctx, all),
        total,
        agencies,
        under_notice,
    };
    html(&ctx, &tpl)
}
