//! `PATCH /api/v1/users/{id}`.

use accolade_app::actions::Ask;
use accolade_app::actions::setup::directory::UserChanges;
use accolade_domain::AmendUser;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::{UserPatch, UserView};
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IfMatch};
use accolade_http::reply;
use accolade_http::state::AppState;

/// Changes a user: the admin anything, a user their own name and locale. `{active: false}`
/// deactivates (and signs the user out everywhere).
#[utoipa::path(patch, operation_id = "updateUser", path = "/api/v1/users/{id}", tag = "setup", request_body = UserPatch,
    params(("id" = Uuid, Path, description = "User id"), ("If-Match" = Option<String>, Header, description = "ETag")),
    responses((status = 200, description = "Changed", body = UserView), (status = 412, description = "Version mismatch")),
    security(("bearer" = [])))]
pub async fn update(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    if_match: IfMatch,
    ApiJson(b): ApiJson<UserPatch>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0).expecting(if_match.0);
    let changes = UserChanges {
        amend: AmendUser {
            email: b.email,
            full_name: b.full_name,
            role: b.role,
            agency_id: b.agency_id,
            locale: b.locale,
            current_contact: None,
        },
        active: b.active,
    };
    s.node.setup().amend_user(&ask, id, changes).await?;
    let view = UserView::from(s.node.setup().user(&ask, id).await?);
    Ok(reply::versioned(view.version, view))
}
