//! `GET /api/v1/public/awards/{id}`.

use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use accolade_app::actions::public::AwardPage;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiPath;
use accolade_http::reply;
use accolade_http::state::AppState;

/// An award's permanent page: status, citation, decision, revocation, and the verification
/// record (event id, position, hash) anyone can check against the log.
#[utoipa::path(get, operation_id = "getPublicAward", path = "/api/v1/public/awards/{id}", tag = "public",
    params(("id" = Uuid, Path, description = "Award id")),
    responses((status = 200, description = "The award page", body = AwardPage), (status = 404, description = "Not found or not published")))]
pub async fn award(State(s): State<AppState>, ApiPath(id): ApiPath<Uuid>) -> ApiResult<Response> {
    Ok(reply::ok(s.node.public().award(id)?))
}

#[cfg(test)]
pub(crate) mod tests {
    use accolade_app::actions::public::{AwardStatus, HonourItem};
    use accolade_events::RevocationGround;
    use accolade_projections::{RevocationInfo, Verification};
    use accolade_store::Hash;
    use time::macros::date;

    use super::*;
    use crate::schema_check::Checker;

    /// An honour-list item: with every optional field set when `full`, else an erased holder's.
    pub(crate) fn item(full: bool) -> HonourItem {
        HonourItem {
            award_id: Uuid::from_u128(1),
            nomination_id: Uuid::from_u128(2),
            full_name: if full {
                "Nguyễn Văn Đức"
            } else {
                "[erased]"
            }
            .to_owned(),
            position: full.then(|| "Giám đốc".to_owned()),
            organisation: if full { "Viện Hàn lâm" } else { "[erased]" }.to_owned(),
            province: full.then(|| "Hà Nội".to_owned()),
            erased: !full,
            agency_id: Uuid::from_u128(3),
            agency_name: "Bộ Khoa học và Công nghệ".to_owned(),
            category_code: "CN".to_owned(),
            award_title: "Giải nhất".to_owned(),
            programme_id: Uuid::from_u128(4),
            year: 2026,
            status: if full {
                AwardStatus::Revoked
            } else {
                AwardStatus::Awarded
            },
            decision_no: "12/QĐ-TTg".to_owned(),
            decided_on: date!(2026 - 11 - 30),
        }
    }

    /// An award page: revoked, signed and named when `full`; standing and erased otherwise.
    pub(crate) fn page(full: bool) -> AwardPage {
        AwardPage {
            item: item(full),
            citation: "Cho những đóng góp xuất sắc".to_owned(),
            signer: full.then(|| "Thủ tướng".to_owned()),
            revocation: full.then(|| RevocationInfo {
                ground: RevocationGround::FalseDossier,
                decision_no: "3/QĐ-TTg".to_owned(),
                decided_on: date!(2027 - 02 - 01),
            }),
            verification: Verification {
                event_id: Uuid::from_u128(5),
                position: 42,
                hash: Hash::of(b"the conferring record"),
            },
        }
    }

    #[test]
    fn the_award_page_is_what_the_document_says() {
        let mut c = Checker::new();
        c.answer("getPublicAward", &page(true));
        c.answer("getPublicAward", &page(false));
        c.every_property_served();
    }
}
