//! `GET /work/audit?stream=&nomination_id=`: the audit trail of any entity (secretariat) —
//! who did what when, with each change before and after.

use accolade_projections::AuditFilter;
use askama::Template;
use axum::extract::{Query, State};
use serde::Deserialize;

use super::history::{Entry, entries};
use super::signed_in;
use crate::ctx::Ctx;
use crate::render::{PageResult, error_page, html};
use accolade_http::authz::may;
use accolade_http::error::ApiError;
use accolade_http::state::AppState;

/// Entries shown.
const LIMIT: usize = 200;

/// Filters.
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

/// The audit trail.
pub async fn page(ctx: Ctx, State(s): State<AppState>, Query(f): Query<Filters>) -> PageResult {
    signed_in(&ctx)?;
    if !ctx.is(may::SECRETARIAT) {
        return Err(error_page(
            &ctx,
            &ApiError::forbidden(ctx.t("error.role").to_owned()),
        ));
    }
    let filter = AuditFilter {
        stream: Some(f.stream.trim().to_owned()).filter(|s| !s.is_empty()),
        nomination_id: f.nomination_id.trim().parse().ok(),
        limit: LIMIT,
        ..AuditFilter::default()
    };
    let mut items = s.read(|p| p.audit(&filter));
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
