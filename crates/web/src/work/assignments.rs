//! `GET /work/assignments`: a panel member's nominations to review (never one they are
//! recused from — the read model's `Viewer::Member` leaves those out).

use accolade_projections::QueueFilter;
use askama::Template;
use axum::extract::{Query, State};

use super::nominations::Row;
use super::signed_in;
use crate::ctx::Ctx;
use crate::render::{self, PageResult, html};
use accolade_http::authz;
use accolade_http::state::AppState;

#[derive(Template)]
#[template(path = "work/assignments.html")]
struct Page<'a> {
    c: &'a Ctx,
    rows: Vec<Row>,
    done: String,
}

/// `?done=`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Done {
    done: String,
}

/// The assignments.
pub async fn page(ctx: Ctx, State(s): State<AppState>, Query(d): Query<Done>) -> PageResult {
    let user = signed_in(&ctx)?;
    let viewer = authz::viewer(&user.actor);
    let items = s.read(|p| p.nominations(viewer, &QueueFilter::default()));
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
