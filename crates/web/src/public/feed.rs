//! `GET /honours.atom`: the honour list as an Atom feed, newest decisions first. The
//! template is XML-escaped like the pages; the feed carries only the public fields.

use accolade_app::actions::public::{AwardStatus, HonourItem};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, Time};

use crate::i18n::Lang;
use crate::people::Marked;
use crate::render::VIETNAM;
use accolade_http::state::AppState;

/// Entries in the feed.
const ENTRIES: usize = 50;

/// One entry.
#[derive(Debug)]
pub struct Entry {
    /// The award as the honour list has it.
    pub item: HonourItem,
    /// The decision date as an RFC 3339 instant (midnight in Vietnam).
    pub updated: String,
    /// Whether it was revoked (the entry says so).
    pub revoked: bool,
}

#[derive(Template)]
#[template(path = "feed.xml")]
struct Feed {
    base: String,
    updated: String,
    entries: Vec<Entry>,
}

fn instant(d: time::Date) -> String {
    d.with_time(Time::MIDNIGHT)
        .assume_offset(VIETNAM)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// `GET /honours.atom`: the honour list as an Atom feed, newest awards first.
pub async fn feed(State(s): State<AppState>, headers: HeaderMap) -> Response {
    // Newest decisions first (then the latest conferred), from the read models' index.
    let mut items = s.node.public().latest(ENTRIES);
    // The feed is Vietnamese (`xml:lang="vi"`): its erased holders say so in Vietnamese.
    items.mark(Lang::Vi);
    let updated = items
        .first()
        .map(|i| instant(i.decided_on))
        .unwrap_or_else(|| {
            OffsetDateTime::UNIX_EPOCH
                .format(&Rfc3339)
                .unwrap_or_default()
        });
    let base = s
        .config
        .public_url
        .clone()
        .unwrap_or_else(|| {
            // Without a configured public URL, links follow the address the reader used.
            let host = headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .filter(|h| {
                    h.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b".:-[]".contains(&b))
                })
                .map_or_else(|| s.config.listen.to_string(), str::to_owned);
            format!("http://{host}")
        })
        .trim_end_matches('/')
        .to_owned();
    let entries = items
        .into_iter()
        .map(|item| Entry {
            updated: instant(item.decided_on),
            revoked: matches!(item.status, AwardStatus::Revoked),
            item,
        })
        .collect();
    match (Feed {
        base,
        updated,
        entries,
    })
    .render()
    {
        Ok(body) => {
            let mut res = body.into_response();
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/atom+xml; charset=utf-8"),
            );
            res
        }
        Err(e) => accolade_http::error::ApiError::internal(&e).into_response(),
    }
}
