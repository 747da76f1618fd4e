//! `GET /honours/{award_id}`: an award's permanent page — citation, decision, status (a
//! revoked award shows its ground and date) and the verification record anyone can check
//! against the log. The authority also finds the revocation form here.

use accolade_app::actions::public::{AwardPage, AwardView};
use accolade_events::Role;
use askama::Template;
use axum::extract::{Path, State};
use uuid::Uuid;

use crate::ctx::Ctx;
use crate::render::{self, OrPage, PageResult, error_page, html};
use accolade_http::error::ApiError;
use accolade_http::state::AppState;

#[derive(Template)]
#[template(path = "award.html")]
struct Page<'a> {
    c: &'a Ctx,
    a: AwardPage,
    decided_on: String,
    revoked_on: String,
    hash: String,
    programme: String,
    may_revoke: bool,
    grounds: [&'static str; 4],
}

/// The award page.
pub async fn page(ctx: Ctx, State(s): State<AppState>, Path(id): Path<String>) -> PageResult {
    let not_found = || error_page(&ctx, &ApiError::not_found("award"));
    let id: Uuid = id.parse().map_err(|_| not_found())?;
    let AwardView {
        page: mut a,
        programme,
    } = s.node.public().award_view(id).or_page(&ctx)?;
    a.item = super::honours::localised(&ctx, a.item);
    let revoked_on = a
        .revocation
        .as_ref()
        .map(|r| render::date(&ctx, r.decided_on))
        .unwrap_or_default();
    let tpl = Page {
        c: &ctx,
        decided_on: render::date(&ctx, a.item.decided_on),
        revoked_on,
        hash: a.verification.hash.to_string(),
        programme,
        may_revoke: ctx.is(&[Role::Authority]) && a.revocation.is_none(),
        grounds: [
            "fraudulent_claim",
            "false_dossier",
            "unlawful_review",
            "later_violation",
        ],
        a,
    };
    Ok(html(&ctx, &tpl))
}
