//! `GET /api/v1/public/notice?programme_id=`.

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use accolade_app::actions::public::NoticeItem;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiQuery;
use accolade_http::pagination::Items;
use accolade_http::reply;
use accolade_http::state::AppState;

/// Which programme's list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Only this programme.
    pub programme_id: Option<Uuid>,
}

/// The recommended list under public notice: full name, position, work unit, proposed
/// award — nothing more.
#[utoipa::path(get, operation_id = "listPublicNotice", path = "/api/v1/public/notice", tag = "public", params(Query),
    responses((status = 200, description = "The nominations under public notice", body = Items<NoticeItem>)))]
pub async fn notice(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let items = s.node.public().notice(q.programme_id);
    Ok(reply::ok(Items { items }))
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::schema_check::Checker;

    fn item(full: bool) -> NoticeItem {
        NoticeItem {
            nomination_id: Uuid::from_u128(1),
            programme_id: Uuid::from_u128(2),
            full_name: if full { "Lê Thị Hoa" } else { "[erased]" }.to_owned(),
            position: full.then(|| "Kỹ sư trưởng".to_owned()),
            organisation: if full {
                "Công ty Điện lực"
            } else {
                "[erased]"
            }
            .to_owned(),
            erased: !full,
            category_code: "KT".to_owned(),
            award_title: "Giải nhì".to_owned(),
            notice_ends_on: full.then_some(date!(2026 - 10 - 15)),
        }
    }

    #[test]
    fn the_notice_list_is_what_the_document_says() {
        let mut c = Checker::new();
        c.answer(
            "listPublicNotice",
            &Items {
                items: vec![item(true), item(false)],
            },
        );
        c.answer("listPublicNotice", &Items::<NoticeItem> { items: vec![] });
        c.every_property_served();
    }
}
