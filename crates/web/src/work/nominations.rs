//! `GET /work/nominations`: the nominations the user may see (their agency's, their
//! assignments, all for the secretariat, the recommended list for the authority), filtered
//! by programme, status and category. With `?status=submitted` it is the screening queue.

use accolade_app::read::{QueueFilter, QueueItem};
use accolade_events::{NominationStatus, Phase};
use askama::Template;
use axum::extract::{Query, State};
use serde::Deserialize;
use uuid::Uuid;

use super::{DRAFTERS, caller, signed_in};
use crate::ctx::Ctx;
use crate::people::Marked;
use crate::render::{self, OrPage, PageResult, html};
use accolade_app::actions::Ask;
use accolade_http::state::AppState;

/// The list's filters, as the query string gives them (blank: no filter).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Filters {
    programme_id: String,
    status: String,
    category_code: String,
    done: String,
}

/// A row of the list.
#[derive(Debug)]
pub struct Row {
    /// The nomination as the list's read model holds it.
    pub item: QueueItem,
    /// When it was submitted, formatted for the reader.
    pub submitted: String,
}

#[derive(Template)]
#[template(path = "work/nominations.html")]
struct Page<'a> {
    c: &'a Ctx,
    rows: Vec<Row>,
    f: Filters,
    programmes: Vec<(Uuid, String)>,
    nominating: Vec<(Uuid, String)>,
    statuses: Vec<&'static str>,
    may_draft: bool,
}

const STATUSES: [NominationStatus; 13] = [
    NominationStatus::Draft,
    NominationStatus::Submitted,
    NominationStatus::Eligible,
    NominationStatus::Ineligible,
    NominationStatus::Returned,
    NominationStatus::Recommended,
    NominationStatus::Reserve,
    NominationStatus::NotRecommended,
    NominationStatus::ObjectionUpheld,
    NominationStatus::Awarded,
    NominationStatus::Declined,
    NominationStatus::Withdrawn,
    NominationStatus::Revoked,
];

/// `GET /work/nominations`: the nominations the signed-in user may see, filtered by programme and status.
pub async fn page(ctx: Ctx, State(s): State<AppState>, Query(f): Query<Filters>) -> PageResult {
    signed_in(&ctx)?;
    let filter = QueueFilter {
        programme_id: f.programme_id.parse().ok(),
        status: STATUSES.iter().copied().find(|st| st.as_str() == f.status),
        category_code: Some(f.category_code.trim().to_owned()).filter(|c| !c.is_empty()),
    };
    let items = s
        .node
        .nominations()
        .list(&Ask::by(caller(&ctx).0), &filter)
        .or_page(&ctx)?;
    // The programmes for the filter and the "new nomination" menu.
    let (programmes, nominating) = s.read(|p| {
        let c = p.catalog();
        let all: Vec<(Uuid, String)> = c
            .programmes
            .iter()
            .map(|(id, p)| (*id, p.title.clone()))
            .collect();
        let open: Vec<(Uuid, String)> = c
            .programmes
            .iter()
            .filter(|(_, p)| p.phase == Phase::Nominating)
            .map(|(id, p)| (*id, p.title.clone()))
            .collect();
        (all, open)
    });
    let mut items = items;
    items.mark(ctx.lang);
    let rows = items
        .into_iter()
        .map(|mut item| {
            // An erased nominee shows the page's own marker, not the model's neutral one.
            if item.erased {
                item.full_name = ctx.t("person.erased").to_owned();
                item.organisation = ctx.t("person.erased").to_owned();
            }
            item
        })
        .map(|item| Row {
            submitted: item
                .submitted_at
                .map(|t| render::datetime(&ctx, t))
                .unwrap_or_default(),
            item,
        })
        .collect();
    let tpl = Page {
        c: &ctx,
        rows,
        programmes,
        nominating,
        statuses: STATUSES.iter().map(|s| s.as_str()).collect(),
        may_draft: ctx.is(DRAFTERS),
        f,
    };
    Ok(html(&ctx, &tpl))
}
