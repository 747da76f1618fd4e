//! `GET /notice`: the recommended list under public notice — full name, position, work unit,
//! proposed award, nothing more — each with a link to its objection form.

use accolade_app::actions::public::NoticeItem;
use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::ctx::Ctx;
use crate::render::{self, html};
use accolade_http::state::AppState;

/// A programme under notice with its list.
#[derive(Debug)]
pub struct Group {
    /// The programme's title.
    pub title: String,
    /// Last day of the notice period, formatted.
    pub ends_on: String,
    /// The nominations on notice, by category then name.
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
    let groups = s
        .node
        .public()
        .notice_by_programme()
        .into_iter()
        .map(|g| Group {
            ends_on: g
                .items
                .first()
                .and_then(|i| i.notice_ends_on)
                .map(|d| render::date(&ctx, d))
                .unwrap_or_default(),
            title: g.title,
            // An erased nominee shows the page's own marker, not the model's neutral one.
            items: g
                .items
                .into_iter()
                .map(|mut i| {
                    if i.erased {
                        i.full_name = ctx.t("person.erased").to_owned();
                        i.organisation = ctx.t("person.erased").to_owned();
                    }
                    i
                })
                .collect(),
        })
        .collect();
    html(&ctx, &Page { c: &ctx, groups })
}
