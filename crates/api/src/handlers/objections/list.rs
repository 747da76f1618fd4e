//! `GET /api/v1/objections?programme_id=&status=`.

use accolade_app::actions::Ask;
use accolade_app::actions::objections::{ObjectionFilter, ObjectionStatus};
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiQuery;
use accolade_http::pagination::Page;
use accolade_http::reply;
use accolade_http::state::AppState;

/// Filters and page.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Only this programme.
    pub programme_id: Option<Uuid>,
    /// open | upheld | dismissed
    #[param(schema_with = accolade_http::schema::objection_status)]
    pub status: Option<ObjectionStatus>,
    /// Page size (default 50, max 500).
    pub limit: Option<usize>,
    /// From `next_cursor`.
    pub cursor: Option<String>,
}

/// One objection, without its objector's identity: only the objector's pseudonymous person
/// id, which is what an erasure (`POST /api/v1/erasures`) names.
#[derive(Debug, Serialize, ToSchema)]
pub struct ObjectionItem {
    /// The objection's id.
    id: Uuid,
    /// The programme whose public notice it was filed in.
    programme_id: Uuid,
    /// The nomination it objects to.
    nomination_id: Uuid,
    /// open | upheld | dismissed
    #[schema(value_type = String, extensions(("x-rule" = json!("objection_status"))))]
    status: ObjectionStatus,
    /// The objector's pseudonymous person id (what an erasure names).
    objector_person_id: Uuid,
    /// `true` once the objector's personal data was erased.
    objector_erased: bool,
}

/// Objections (admin), without the objectors' identities (their person ids only).
#[utoipa::path(get, operation_id = "listObjections", path = "/api/v1/objections", tag = "notice", params(Query),
    responses((status = 200, description = "A page of objections", body = accolade_http::pagination::Paged<ObjectionItem>)), security(("bearer" = [])))]
pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0);
    let filter = ObjectionFilter {
        programme_id: q.programme_id,
        status: q.status,
    };
    let list = s.node.objections().list(&ask, filter)?;
    let page = Page::new(q.limit, q.cursor.as_deref())?;
    let items = list
        .groups
        .into_iter()
        .flat_map(|g| {
            let programme_id = g.programme_id;
            g.objections.into_iter().map(move |o| ObjectionItem {
                id: o.id,
                programme_id,
                nomination_id: o.nomination_id,
                status: o.status,
                objector_person_id: o.objector_person_id,
                objector_erased: o.objector.is_none(),
            })
        })
        .collect();
    Ok(reply::ok(page.of(items)))
}
