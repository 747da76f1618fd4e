//! The table of contents: every route of the API, grouped as in API.md.
//!
//! Routes are registered through utoipa-axum's `routes!`, so the router and the OpenAPI
//! document come from the same list and cannot drift: a handler without its
//! `#[utoipa::path]` does not compile into the router. The authorization matrix test walks
//! this document to find every route.

use std::sync::OnceLock;

use axum::Router;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use utoipa_swagger_ui::SwaggerUi;

use crate::handlers::*;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Accolade API",
        description = "Nominations, review, vote, decision and public honour lists. Errors are \
                       RFC 9457 problem+json. See docs/api.md.",
    ),
    modifiers(&Bearer),
    tags(
        (name = "system"), (name = "session"), (name = "setup"), (name = "nominations"),
        (name = "review"), (name = "notice"), (name = "decision"), (name = "public"),
        (name = "audit"),
    )
)]
struct ApiDoc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every route, with its OpenAPI operation.
fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        // System
        .routes(routes!(system::healthz::healthz))
        .routes(routes!(system::readyz::readyz))
        .routes(routes!(system::metrics::metrics))
        .routes(routes!(system::openapi::openapi))
        // Session
        .routes(routes!(session::create::create, session::delete::delete))
        .routes(routes!(session::me::me))
        .routes(routes!(invitations::accept::accept))
        .routes(routes!(password_resets::request::request))
        .routes(routes!(password_resets::use_::use_))
        .routes(routes!(users::invitation::resend))
        .routes(routes!(session::totp::enrol, session::totp::remove))
        // Setup: agencies, users
        .routes(routes!(agencies::create::create, agencies::list::list))
        .routes(routes!(agencies::show::show, agencies::update::update))
        .routes(routes!(users::create::create, users::list::list))
        .routes(routes!(users::show::show, users::update::update))
        // Setup: programmes, categories, panels, phases, imports
        .routes(routes!(programmes::create::create, programmes::list::list))
        .routes(routes!(programmes::show::show, programmes::update::update))
        .routes(routes!(categories::create::create))
        .routes(routes!(categories::update::update))
        .routes(routes!(panels::create::create))
        .routes(routes!(panels::update::update))
        .routes(routes!(panels::assign::assign))
        .routes(routes!(programmes::phase::phase))
        .routes(routes!(imports::awards::import))
        // Nominations
        .routes(routes!(nominations::create::create))
        .routes(routes!(nominations::list::list))
        .routes(routes!(
            nominations::show::show,
            nominations::update::update
        ))
        .routes(routes!(nominations::submit::submit))
        .routes(routes!(nominations::withdraw::withdraw))
        .routes(routes!(nominations::screening::screening))
        .routes(routes!(nominations::return_::return_))
        .routes(routes!(nominations::promote::promote))
        .routes(routes!(nominations::history::history))
        // Review and vote
        .routes(routes!(assignments::list::list))
        .routes(routes!(nominations::conflict::conflict))
        .routes(routes!(nominations::score::score))
        .routes(routes!(nominations::ballot::ballot))
        .routes(routes!(nominations::absentee::absentee))
        .routes(routes!(programmes::close_round::close_round))
        .routes(routes!(programmes::rerun_round::rerun_round))
        .routes(routes!(programmes::ranking::ranking))
        .routes(routes!(programmes::progress::progress))
        .routes(routes!(programmes::tally::tally))
        // Public notice, decision, revocation
        .routes(routes!(public::notice::notice))
        .routes(routes!(objections::file::file))
        .routes(routes!(objections::list::list))
        .routes(routes!(objections::resolve::resolve))
        .routes(routes!(objections::dismiss::dismiss))
        .routes(routes!(programmes::decision::decision))
        .routes(routes!(awards::revoke::revoke))
        // Public read
        .routes(routes!(public::honours::honours))
        .routes(routes!(public::award::award))
        .routes(routes!(public::leaderboard::leaderboard))
        // Audit and data
        .routes(routes!(audit::trail::trail))
        .routes(routes!(audit::events::events))
        .routes(routes!(audit::verify::verify))
        .routes(routes!(audit::notifications::notifications))
        .routes(routes!(audit::erasures::erase))
}

/// The OpenAPI 3.1 document of every route.
pub fn openapi() -> &'static utoipa::openapi::OpenApi {
    static DOC: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOC.get_or_init(|| api().into_openapi())
}

// ---------------------------------------------------------------------------------------
// Pages: the HTML interface (crate::pages), over the same app and read models. Not in the
// OpenAPI document. Every POST here passes tower-http's CsrfLayer (Origin/Sec-Fetch-Site)
// and then the form's own token (`pages::render::Posted`).
// ---------------------------------------------------------------------------------------

/// Every page route.
fn pages() -> Router<AppState> {
    use axum::routing::{get, post};

    use crate::pages::{account, assets, public, session, work};
    Router::new()
        // Public
        .route("/", get(public::home::page))
        .route("/honours", get(public::honours::page))
        .route("/honours.csv", get(public::downloads::csv))
        .route("/honours.json", get(public::downloads::json))
        .route("/honours.atom", get(public::feed::feed))
        .route("/honours/{award_id}", get(public::award::page))
        .route("/leaderboard", get(public::leaderboard::page))
        .route("/notice", get(public::notice::page))
        .route(
            "/notice/{nomination_id}/objection",
            get(public::objection::form).post(public::objection::file),
        )
        .route("/static/accolade.css", get(assets::css))
        .route("/static/accolade.js", get(assets::js))
        // Session
        .route("/signin", get(session::form).post(session::sign_in))
        .route("/signout", post(session::sign_out))
        .route("/password-reset", get(account::ask_form).post(account::ask))
        .route(
            "/password-resets/{token}",
            get(account::reset_form).post(account::reset),
        )
        .route(
            "/invitations/{token}",
            get(account::invitation_form).post(account::accept),
        )
        // Signed in
        .route("/work", get(work::dashboard::page))
        .route("/work/nominations", get(work::nominations::page))
        .route(
            "/work/programmes/{id}/nominations/new",
            get(work::nomination_new::form).post(work::nomination_new::create_),
        )
        .route("/work/nominations/{id}", get(work::nomination::page))
        .route(
            "/work/nominations/{id}/edit",
            get(work::nomination_edit::form).post(work::nomination_edit::save),
        )
        .route(
            "/work/nominations/{id}/absentee",
            post(work::tally::absentee),
        )
        .route("/work/nominations/{id}/history", get(work::history::page))
        .route(
            "/work/nominations/{id}/submit",
            post(work::agency_actions::submit),
        )
        .route(
            "/work/nominations/{id}/withdraw",
            post(work::agency_actions::withdraw),
        )
        .route(
            "/work/nominations/{id}/screening",
            post(work::screening_actions::screen),
        )
        .route(
            "/work/nominations/{id}/return",
            post(work::screening_actions::return_),
        )
        .route(
            "/work/nominations/{id}/score",
            post(work::review_actions::score),
        )
        .route(
            "/work/nominations/{id}/ballot",
            post(work::review_actions::ballot),
        )
        .route(
            "/work/nominations/{id}/conflict",
            post(work::review_actions::conflict),
        )
        .route("/work/assignments", get(work::assignments::page))
        .route("/work/programmes", get(work::programmes::page))
        .route(
            "/work/programmes/new",
            get(work::setup::programme_form).post(work::setup::programme_create),
        )
        .route("/work/programmes/{id}", get(work::programme::page))
        .route(
            "/work/programmes/{id}/categories/new",
            get(work::setup::category_form).post(work::setup::category_create),
        )
        .route(
            "/work/programmes/{id}/panels/new",
            get(work::setup::panel_form).post(work::setup::panel_create),
        )
        .route("/work/programmes/{id}/tally", get(work::tally::page))
        .route("/work/objections", get(work::objections::page))
        .route(
            "/work/objections/{id}/resolution",
            post(work::objections::resolve),
        )
        .route(
            "/work/programmes/{id}/objections/dismissal",
            post(work::objections::dismiss),
        )
        .route(
            "/work/programmes/{id}/phase",
            post(work::programme_actions::move_phase),
        )
        .route(
            "/work/programmes/{id}/decision",
            post(work::programme_actions::decide),
        )
        .route("/work/awards/{id}/revocation", post(work::revoke::revoke))
        .route("/work/audit", get(work::audit::page))
        .route("/work/notifications", get(work::notifications::page))
        .layer(tower_http::csrf::CsrfLayer::new())
}

/// The routes (without middleware; `crate::middleware::wrap` adds it), plus `/docs`
/// (Swagger UI, served from the binary: no CDN) reading `/openapi.json`, plus the pages.
pub fn routes() -> Router<AppState> {
    let (router, _) = api().split_for_parts();
    let docs: Router<AppState> = SwaggerUi::new("/docs")
        .config(utoipa_swagger_ui::Config::from("/openapi.json"))
        .into();
    router.merge(docs).merge(pages())
}
