//! `GET /work/assignments`: a panel member's nominations to review (never one they are
//! recused from — the read model's `Viewer::Member` leaves those out).

use accolade_app::read::QueueFilter;
use askama::Template;
use axum::extract::{Query, State};

use super::nominations::Row;
use super::{caller, signed_in};
use crate::ctx::Ctx;
use crate::people::Marked;
use crate::render::{self, OrPage, PageResult, html};
use accolade_app::actions::Ask;
use accolade_http::state::AppState;

#[derive(Template)]
#[template(path = "work/assignments.html")]
struct Page<'a> {
    c: &'a Ctx,
    rows: Vec<Row>,
    done: String,
}

/// `?done=`: what was just done (a key of the `done.*` messages), for the banner.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Done {
    done: String,
}

/// `GET /work/assignments`: the nominations the signed-in member is to review.
pub async fn page(ctx: Ctx, State(s): State<AppState>, Query(d): Query<Done>) -> PageResult {
    signed_in(&ctx)?;
    // The reader's own list (`Viewer::Member` for a member, as the API's assignments): the
    // page has always shown any signed-in reader what they may see, so it asks `list`.
    let items = s
        .node
        .nominations()
        .list(&Ask::by(caller(&ctx).0), &QueueFilter::default())
        .or_page(&ctx)?;
    let mut items = items;
    items.mark(ctx.lang);
    let rows = items
        .into_iter()
        .map(|item| Row {
            submitted: item
                .submitted_at
                .map(|t| render::datetime(&ctx, t))
                .unwrap_or_default(),
            item,
        })
        .collect();
    Ok(html(
        &ctx,
        &Page {
            c: &ctx,
            rows,
            done: d.done,
        },
    ))
}
