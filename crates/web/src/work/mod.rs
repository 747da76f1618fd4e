//! The signed-in pages: one file per page or per small group of actions on one resource.
//!
//! Reads come from the read models (and the app's programme state for a dossier); writes
//! call the JSON API's own handler functions in-process — the same authorization, commands
//! and read-your-writes — so the pages can never allow what the API refuses.

pub mod agency_actions;
pub mod assignments;
pub mod audit;
pub mod dashboard;
pub mod erasures;
pub mod form;
pub mod history;
pub mod nomination;
pub mod nomination_edit;
pub mod nomination_new;
pub mod nominations;
pub mod nominee_form;
pub mod notifications;
pub mod objections;
pub mod programme;
pub mod programme_actions;
pub mod programmes;
pub mod review_actions;
pub mod revoke;
pub mod screening_actions;
pub mod setup;
pub mod tally;
pub mod users;

use accolade_events::Role;
use axum::response::Response;

use crate::ctx::{Ctx, SignedIn};
use crate::render::{error_page, see_other};
use accolade_http::authz::Caller;
use accolade_http::error::{ApiError, ApiResult};

/// Clerks and heads (agency work).
pub const DRAFTERS: &[Role] = &[Role::Clerk, Role::Head];
/// Panel members.
pub const MEMBERS: &[Role] = &[Role::Member];
/// The conferring authority's users: they see nominations that reached the decision.
pub const AUTHORITY: &[Role] = &[Role::Authority];

/// The signed-in user, or the redirect to the sign-in page.
pub fn signed_in(ctx: &Ctx) -> Result<&SignedIn, Response> {
    ctx.user
        .as_ref()
        .ok_or_else(|| error_page(ctx, &ApiError::unauthorized("sign in")))
}

/// The API caller a page's user is (for calling the API's handlers in-process).
pub fn caller(ctx: &Ctx) -> Caller {
    Caller(accolade_app::Caller {
        actor: ctx.user.as_ref().map(|u| u.actor.clone()),
        token: None,
        request_id: None,
    })
}

/// After an app action: on success back to `to` with `?done=<what>` (a localized banner), on
/// failure the error page with the app's reason.
pub fn after_action(
    ctx: &Ctx,
    result: Result<accolade_app::actions::Done, accolade_app::AppError>,
    to: &str,
    what: &str,
) -> Response {
    after(
        ctx,
        result.map(|_| Response::default()).map_err(Into::into),
        to,
        what,
    )
}

/// After an action: on success back to `to` with `?done=<what>` (a localized banner), on
/// failure the error page with the API's reason.
pub fn after(ctx: &Ctx, result: ApiResult<Response>, to: &str, what: &str) -> Response {
    match result {
        Ok(_) => {
            let sep = if to.contains('?') { '&' } else { '?' };
            see_other(ctx, &format!("{to}{sep}done={what}"))
        }
        Err(e) => error_page(ctx, &e),
    }
}

/// A nominee's name for a page: opened, or the erased marker in the page's language.
pub fn nominee_name(
    ctx: &Ctx,
    s: &accolade_http::state::AppState,
    nominee: &accolade_events::Personal<accolade_events::Nominee>,
) -> String {
    nominee
        .open(s.node.unseal())
        .map_or_else(|| ctx.t("person.erased").to_owned(), |n| n.full_name)
}

/// What a page shows of an erased nominee: the marker where the name and work unit were.
pub fn erased_nominee(ctx: &Ctx) -> accolade_events::Nominee {
    accolade_events::Nominee {
        kind: accolade_events::NomineeKind::Individual,
        full_name: ctx.t("person.erased").to_owned(),
        position: None,
        organisation: ctx.t("person.erased").to_owned(),
        province: None,
        email: None,
        birth_year: None,
        national_id: None,
    }
}
