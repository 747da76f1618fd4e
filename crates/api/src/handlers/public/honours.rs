//! `GET /api/v1/public/honours`.

use accolade_app::actions::public::{HonourCursor, HonourFilter, HonourItem};
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use accolade_http::error::ApiResult;
use accolade_http::extract::ApiQuery;
use accolade_http::pagination::{Paged, keyset};
use accolade_http::reply;
use accolade_http::state::AppState;

/// Filters and page.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Only this programme.
    pub programme_id: Option<Uuid>,
    /// Only this year.
    pub year: Option<i32>,
    /// Only this category.
    pub category_code: Option<String>,
    /// Only this nominating agency.
    pub agency_id: Option<Uuid>,
    /// Only nominees of this province ("Ha Noi" finds "Hà Nội").
    pub province: Option<String>,
    /// Name search ignoring diacritics ("Nguyen Van Duc" finds "Nguyễn Văn Đức").
    pub q: Option<String>,
    /// Page size (default 50, max 500).
    pub limit: Option<usize>,
    /// From `next_cursor`.
    pub cursor: Option<String>,
}

/// The public honour list of published programmes, revoked awards included and marked; newest
/// year first, then decision date, then the order the decision conferred them. A page costs
/// the same wherever it is in the list; `cursor` is a keyset position (400 when it is not one
/// this list issued for these filters).
#[utoipa::path(get, operation_id = "listHonours", path = "/api/v1/public/honours", tag = "public", params(Query),
    responses((status = 200, description = "A page of the honour list", body = Paged<HonourItem>)))]
pub async fn honours(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let filter = HonourFilter {
        programme_id: q.programme_id,
        year: q.year,
        category_code: q.category_code,
        agency_id: q.agency_id,
        province: q.province,
        q: q.q,
    };
    let (limit, cursor) = keyset(q.limit, q.cursor.as_deref(), |c| {
        HonourCursor::decode(c, &filter)
    })?;
    let page = s
        .node
        .public()
        .honours_page_json(&filter, cursor.as_ref(), limit);
    let next = page.next.map(|c| c.encode());
    Ok(reply::ok_text(Paged::json_text(
        &page.items,
        next.as_deref(),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handlers::public::award::tests::item;
    use crate::schema_check::Checker;

    /// The page is spliced from the cards' JSON text; the document describes the text.
    #[test]
    fn a_page_of_the_honour_list_is_what_the_document_says() {
        let mut c = Checker::new();
        for (items, next) in [(vec![item(true), item(false)], Some("c")), (vec![], None)] {
            let array = serde_json::to_string(&items).unwrap();
            let text = Paged::json_text(&array, next);
            c.json("listHonours", &serde_json::from_str(&text).unwrap());
        }
        c.every_property_served();
    }
}
