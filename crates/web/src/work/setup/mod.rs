//! The secretariat's setup forms: a programme ([`programme`]), a category ([`category`]:
//! rubric, voting rule, quotas, prerequisite, legal basis) and a panel ([`panel`]: members,
//! chair, reviewers per nomination). Each parses what a person typed beside its field, in
//! the user's language, then calls the app's setup action, whose refusal lands on the field
//! it names (the rules — threshold, quorum, chair among the members — are the domain's
//! alone).

pub mod category;
pub mod panel;
pub mod programme;

pub use category::{category_create, category_form};
pub use panel::{panel_create, panel_form};
pub use programme::{programme_create, programme_form};

use accolade_app::actions::Ask;
use accolade_domain::Programme;
use accolade_events::Phase;
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use uuid::Uuid;

use super::{caller, signed_in};
use crate::ctx::Ctx;
use crate::render::{OrPage, PageResult, error_page, html_status};
use accolade_http::error::ApiError;
use accolade_http::state::AppState;

fn admin_only(ctx: &Ctx) -> Result<(), Response> {
    signed_in(ctx)?;
    if ctx.is_admin() {
        Ok(())
    } else {
        Err(error_page(
            ctx,
            &ApiError::forbidden(ctx.t("error.role").to_owned()),
        ))
    }
}

/// The form again with its messages (422).
fn again<T: Template>(ctx: &Ctx, tpl: &T) -> PageResult {
    Ok(html_status(ctx, StatusCode::UNPROCESSABLE_ENTITY, tpl))
}

/// The ask of a form post: its hidden key makes a double click or a re-post one action.
fn ask(ctx: &Ctx, key: &str) -> Ask {
    Ask::by(caller(ctx).0).keyed(Some(format!("page-form:{key}")))
}

/// The programme, while its phase is at most `until` (the form is offered no later).
async fn in_setup(ctx: &Ctx, s: &AppState, pid: Uuid, until: Phase) -> Result<Programme, Response> {
    admin_only(ctx)?;
    let read = Ask::by(caller(ctx).0);
    let p = s.node.setup().programme(&read, pid).await.or_page(ctx)?;
    if p.value.phase > until {
        return Err(error_page(
            ctx,
            &ApiError::conflict(ctx.t("setup.too_late").to_owned()),
        ));
    }
    Ok(p.value)
}
