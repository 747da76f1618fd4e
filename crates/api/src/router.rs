//! The table of contents: every route of the API, grouped as in API.md.
//!
//! Routes are registered through utoipa-axum's `routes!`, so the router and the OpenAPI
//! document come from the same list and cannot drift: a handler without its
//! `#[utoipa::path]` does not compile into the router. The authorization matrix test walks
//! this document to find every route.

use std::sync::OnceLock;

use axum::Router;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use utoipa_swagger_ui::SwaggerUi;

use crate::handlers::*;
use accolade_http::AppState;
use accolade_http::cache::{CacheLayer, Part};

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
        .merge(cached(routes!(public::notice::notice), Part::Notice))
        .routes(routes!(objections::file::file))
        .routes(routes!(objections::list::list))
        .routes(routes!(objections::resolve::resolve))
        .routes(routes!(objections::dismiss::dismiss))
        .routes(routes!(programmes::decision::decision))
        .routes(routes!(awards::revoke::revoke))
        // Public read
        .merge(cached(routes!(public::honours::honours), Part::Honours))
        .merge(cached(routes!(public::award::award), Part::Award))
        .merge(cached(
            routes!(public::leaderboard::leaderboard),
            Part::Leaderboard,
        ))
        // Audit and data
        .routes(routes!(audit::trail::trail))
        .routes(routes!(audit::events::events))
        .routes(routes!(audit::verify::verify))
        .routes(routes!(audit::notifications::notifications))
        .routes(routes!(audit::erasures::erase))
        // People
        .routes(routes!(persons::candidates::candidates))
}

/// A public route kept by what it shows (docs/caching.md). Its cache answers 304 to an
/// anonymous `GET` whose `If-None-Match` names the current answer, so its operation lists 304.
fn cached(
    route: utoipa_axum::router::UtoipaMethodRouter<AppState>,
    part: Part,
) -> OpenApiRouter<AppState> {
    let mut router = OpenApiRouter::new()
        .routes(route)
        .layer(CacheLayer::api(part));
    for item in router.get_openapi_mut().paths.paths.values_mut() {
        if let Some(op) = item.get.as_mut() {
            let not_modified = ResponseBuilder::new()
                .description("Not modified: `If-None-Match` names the current answer (anonymous)");
            op.responses
                .responses
                .entry("304".to_owned())
                .or_insert_with(|| RefOr::T(not_modified.build()));
        }
    }
    router
}

/// The OpenAPI 3.1 document of every route.
pub fn openapi() -> &'static utoipa::openapi::OpenApi {
    static DOC: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = api().into_openapi();
        crate::rules::apply(&mut doc);
        crate::problems::document(&mut doc);
        crate::handlers::audit::erasures::Erasure::state_exactly_one(&mut doc);
        crate::strict::close_request_bodies(&mut doc);
        crate::strict::constrain_parameters(&mut doc);
        crate::versions::declare_etags(&mut doc);
        doc
    })
}

/// The routes (without middleware; `accolade_http::middleware::wrap` adds it), plus `/docs`
/// (Swagger UI, served from the binary: no CDN) reading `/openapi.json`.
pub fn routes() -> Router<AppState> {
    let (router, _) = api().split_for_parts();
    let docs: Router<AppState> = SwaggerUi::new("/docs")
        .config(utoipa_swagger_ui::Config::from("/openapi.json"))
        .into();
    router.merge(docs)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    /// OpenAPI requires each operation's id to be unique, and generated clients name their
    /// methods and types by it: two `create`s would give one the other's types.
    #[test]
    fn every_operation_has_its_own_id() {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (path, item) in &super::openapi().paths.paths {
            let ops = [&item.get, &item.post, &item.put, &item.patch, &item.delete];
            for op in ops.into_iter().flatten() {
                let id = op.operation_id.clone().unwrap_or_default();
                assert!(!id.is_empty(), "an operation of {path} has no operationId");
                let here = format!("{id} at {path}");
                if let Some(other) = seen.insert(id, here.clone()) {
                    panic!("{here} and {other} share an operationId");
                }
            }
        }
        assert!(seen.len() > 60, "{} operations", seen.len());
    }
}
