//! `GET /api/v1/agencies`.

use accolade_app::actions::Ask;
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

/// Which page of the list (and, for programmes, which year).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Page size (default 50, max 500).
    pub limit: Option<usize>,
    /// From `next_cursor`.
    pub cursor: Option<String>,
}

/// An agency in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgencyItem {
    /// The agency's id.
    id: Uuid,
    /// Its name.
    name: String,
    /// Its short code.
    code: String,
    /// What kind of body it is.
    #[schema(value_type = String, extensions(("x-rule" = json!("agency_kind"))))]
    kind: accolade_events::AgencyKind,
    /// Its province, if any.
    province: Option<String>,
    /// Where its mail goes, if anywhere.
    email: Option<String>,
}

/// Every agency, by id (any signed-in user: agencies are not secret).
#[utoipa::path(get, operation_id = "listAgencies", path = "/api/v1/agencies", tag = "setup", params(Query),
    responses((status = 200, description = "A page of agencies", body = accolade_http::pagination::Paged<AgencyItem>)), security(("bearer" = [])))]
pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let all = s.node.setup().agencies(&Ask::by(caller.0))?;
    let page = Page::new(q.limit, q.cursor.as_deref())?;
    let items: Vec<AgencyItem> = all
        .into_iter()
        .map(|(id, a)| AgencyItem {
            id,
            name: a.name,
            code: a.code,
            kind: a.kind,
            province: a.province,
            email: a.email,
        })
        .collect();
    Ok(reply::ok(page.of(items)))
}
