//! `GET /honours`: the honour list with diacritic-blind search, filters and pages. Every
//! filter is a query parameter, so any view of the list is a permalink.

use accolade_events::Phase;
use accolade_projections::{HonourFilter, HonourItem};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use uuid::Uuid;

use crate::ctx::Ctx;
use crate::render::{self, encode, html};
use accolade_http::state::AppState;

/// Rows per page.
pub const PAGE_SIZE: usize = 20;

/// The list's query. Every field is text so an empty select (`?year=`) means "any" rather
/// than a rejected request.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// Name search.
    pub q: String,
    /// Programme id.
    pub programme_id: String,
    /// Year.
    pub year: String,
    /// Category code.
    pub category_code: String,
    /// Agency id.
    pub agency_id: String,
    /// Province.
    pub province: String,
    /// 1-based page.
    pub page: String,
}

fn some(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

impl ListQuery {
    /// The projection's filter.
    pub fn filter(&self) -> HonourFilter {
        HonourFilter {
            programme_id: some(&self.programme_id).and_then(|s| s.parse().ok()),
            year: some(&self.year).and_then(|s| s.parse().ok()),
            category_code: some(&self.category_code),
            agency_id: some(&self.agency_id).and_then(|s| s.parse().ok()),
            province: some(&self.province),
            q: some(&self.q),
        }
    }

    /// The query string without the page (for page links and downloads).
    pub fn params(&self) -> String {
        [
            ("q", &self.q),
            ("programme_id", &self.programme_id),
            ("year", &self.year),
            ("category_code", &self.category_code),
            ("agency_id", &self.agency_id),
            ("province", &self.province),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v.trim())))
        .collect::<Vec<_>>()
        .join("&")
    }
}

/// A select option.
#[derive(Debug)]
pub struct Opt {
    /// Value.
    pub value: String,
    /// Label.
    pub label: String,
    /// Selected.
    pub selected: bool,
}

/// One row, formatted.
#[derive(Debug)]
pub struct Row {
    /// The item.
    pub item: HonourItem,
    /// Decision date, formatted.
    pub decided_on: String,
    /// Revoked.
    pub revoked: bool,
}

#[derive(Template)]
#[template(path = "honours.html")]
struct Page<'a> {
    c: &'a Ctx,
    q: &'a ListQuery,
    rows: Vec<Row>,
    total: usize,
    page: usize,
    pages: usize,
    params: String,
    programmes: Vec<Opt>,
    years: Vec<Opt>,
    categories: Vec<Opt>,
    agencies: Vec<Opt>,
    provinces: Vec<String>,
}

/// Rows of the honour list, formatted for `ctx`.
pub fn rows(ctx: &Ctx, items: Vec<HonourItem>) -> Vec<Row> {
    items
        .into_iter()
        .map(|item| Row {
            decided_on: render::date(ctx, item.decided_on),
            revoked: matches!(item.status, accolade_projections::AwardStatus::Revoked),
            item,
        })
        .collect()
}

/// The honour list.
pub async fn page(ctx: Ctx, State(s): State<AppState>, Query(q): Query<ListQuery>) -> Response {
    let filter = q.filter();
    let (items, programmes, categories, agencies, provinces, years) = s.read(|p| {
        let c = p.catalog();
        let published: Vec<(Uuid, String, i32)> = c
            .programmes
            .iter()
            .filter(|(_, p)| p.phase >= Phase::Published)
            .map(|(id, p)| (*id, p.title.clone(), p.year))
            .collect();
        let mut cats: Vec<(String, String)> = c
            .programmes
            .values()
            .filter(|p| p.phase >= Phase::Published)
            .flat_map(|p| {
                p.categories
                    .values()
                    .map(|k| (k.code.clone(), k.title.clone()))
            })
            .collect();
        cats.sort();
        cats.dedup_by(|a, b| a.0 == b.0);
        let all = p.honours(&HonourFilter::default());
        let mut provinces: Vec<String> = all.iter().filter_map(|h| h.province.clone()).collect();
        provinces.sort();
        provinces.dedup();
        let mut agencies: Vec<(Uuid, String)> = all
            .iter()
            .map(|h| (h.agency_id, h.agency_name.clone()))
            .collect();
        agencies.sort_by(|a, b| a.1.cmp(&b.1));
        agencies.dedup();
        let mut years: Vec<i32> = all.iter().map(|h| h.year).collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        (
            p.honours(&filter),
            published,
            cats,
            agencies,
            provinces,
            years,
        )
    });
    let total = items.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = q.page.parse::<usize>().unwrap_or(1).clamp(1, pages);
    let shown: Vec<HonourItem> = items
        .into_iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .collect();
    let opt = |value: String, label: String, current: &str| Opt {
        selected: value == current.trim(),
        value,
        label,
    };
    let tpl = Page {
        c: &ctx,
        q: &q,
        rows: rows(&ctx, shown),
        total,
        page,
        pages,
        params: q.params(),
        programmes: programmes
            .into_iter()
            .map(|(id, t, _)| opt(id.to_string(), t, &q.programme_id))
            .collect(),
        years: years
            .into_iter()
            .map(|y| opt(y.to_string(), y.to_string(), &q.year))
            .collect(),
        categories: categories
            .into_iter()
            .map(|(code, t)| opt(code, t, &q.category_code))
            .collect(),
        agencies: agencies
            .into_iter()
            .map(|(id, n)| opt(id.to_string(), n, &q.agency_id))
            .collect(),
        provinces,
    };
    html(&ctx, &tpl)
}
