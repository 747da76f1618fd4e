//! The table of contents of the pages: every route of the HTML interface, over the same app
//! and read models as the JSON API. Not in the OpenAPI document. Every POST here passes
//! tower-http's CsrfLayer (Origin/Sec-Fetch-Site) and then the form's own token
//! ([`crate::render::Posted`]).

use crate::{account, assets, public, session, work};
use accolade_http::AppState;
use accolade_http::cache::{self, CacheLayer, Part};
use axum::Router;

/// The cache layer of a public page: keyed by the language the page resolves.
fn page(part: Part) -> CacheLayer {
    CacheLayer::page(part, crate::ctx::cache_language)
}

/// Every page route (without middleware; `accolade_http::middleware::wrap` adds it).
pub fn routes() -> Router<AppState> {
    use axum::routing::{get, post};

    Router::new()
        // Public: kept by what they show (docs/caching.md); the downloads compressed as
        // they stream
        .route("/", get(public::home::page).layer(page(Part::Home)))
        .route(
            "/honours",
            get(public::honours::page).layer(page(Part::Honours)),
        )
        .route(
            "/honours.csv",
            get(public::downloads::csv).layer(cache::compressed()),
        )
        .route(
            "/honours.json",
            get(public::downloads::json).layer(cache::compressed()),
        )
        .route(
            "/honours.atom",
            get(public::feed::feed).layer(page(Part::Honours)),
        )
        .route(
            "/honours/{award_id}",
            get(public::award::page).layer(page(Part::Award)),
        )
        .route(
            "/leaderboard",
            get(public::leaderboard::page).layer(page(Part::Leaderboard)),
        )
        .route(
            "/notice",
            get(public::notice::page).layer(page(Part::Notice)),
        )
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
        .route("/work/erasures", post(work::erasures::erase))
        .route("/work/users", get(work::users::page))
        .route("/work/audit", get(work::audit::page))
        .route("/work/notifications", get(work::notifications::page))
        .layer(tower_http::csrf::CsrfLayer::new())
}
