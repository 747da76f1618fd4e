//! `GET /notice`: the recommended list under public notice — full name, position, work unit,
//! proposed award, nothing more — each with a link to its objection form.

use accolade_projections::NoticeItem;
use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::ctx::Ctx;
use crate::render::{self, html};
use accolade_http::state::AppState;

/// A programme under notice with its list.
#[derive(Debug)]
pub struct Group {
    /// Programme title.
    pub title: String,
    /// Last day of the notice period, formatted.
    pub ends_on: String,
    /// The list.
    pub items: Vec<NoticeItem>,
}

#[derive(Template)]
#[template(path = "notice.html")]
struct Page<'a> {
    c: &'a Ctx,
    groups: Vec<Group>,
}

/// The public-notice list.
pub async fn page(ctx: Ctx, State(s): State<AppState>) -> Response {
    let (items, titles) = s.read(|p| {
        let titles: Vec<(uuid::Uuid, String)> = p
            .catalog()
            .programmes
            .iter()
            .map(|(id, pr)| (*id, pr.title.clone()))
            .collect();
        (p.notice(None), titles)
    });
    let mut groups: Vec<Group> = vec![];
    for (pid, title) in titles {
        let list: Vec<NoticeItem> = items
            .iter()
            .filter(|i| i.programme_id == pid)
            .cloned()
            .collect();
        if let Some(first) = list.first() {
            groups.push(Group {
                title,
                ends_on: first
                    .notice_ends_on
                    .map(|d| render::date(&ctx, d))
                    .unwrap_or_default(),
                items: list,
            });
        }
    }
    html(&ctx, &Page { c: &ctx, groups })
}
