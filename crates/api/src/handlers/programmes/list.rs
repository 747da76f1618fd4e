//! `GET /api/v1/programmes`.

use accolade_app::actions::Ask;
use accolade_events::Phase;
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
    /// Only this year.
    pub year: Option<i32>,
    /// Page size (default 50, max 500).
    pub limit: Option<usize>,
    /// From `next_cursor`.
    pub cursor: Option<String>,
}

/// A programme in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeItem {
    /// The programme's id.
    id: Uuid,
    /// Its title.
    title: String,
    /// The award year.
    year: i32,
    /// Where it is in the award cycle.
    #[schema(value_type = String, extensions(("x-rule" = json!("phase"))))]
    phase: Phase,
    /// Its categories' codes.
    categories: Vec<String>,
}

/// Every programme (any signed-in user), by id.
#[utoipa::path(get, operation_id = "listProgrammes", path = "/api/v1/programmes", tag = "setup", params(Query),
    responses((status = 200, description = "A page of programmes", body = accolade_http::pagination::Paged<ProgrammeItem>)), security(("bearer" = [])))]
pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0);
    let all = s.node.setup().programmes(&ask, q.year)?;
    let page = Page::new(q.limit, q.cursor.as_deref())?;
    let items: Vec<ProgrammeItem> = all
        .into_iter()
        .map(|x| ProgrammeItem {
            id: x.id,
            title: x.title,
            year: x.year,
            phase: x.phase,
            categories: x.categories,
        })
        .collect();
    Ok(reply::ok(page.of(items)))
}
