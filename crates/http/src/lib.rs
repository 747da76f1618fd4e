//! What Accolade's two HTTP front ends share: the JSON API (`accolade-api`) and the pages
//! (`accolade-web`) are both thin adapters over the app's actions, and both need these.
//!
//! - [`state`]: the [`AppState`] every handler gets — the app's [`accolade_app::Node`] (writes,
//!   reads, sign-in state), the configuration, the metrics handle.
//! - [`caller`]: who is calling, from a bearer token (the pages resolve the session cookie to
//!   the same [`accolade_app::Caller`]); who may do what is decided in the app
//!   ([`accolade_app::authz`], re-exported as [`authz`]).
//! - [`error`]: every error as RFC 9457 problem+json, mapped from the app's errors in one place.
//! - [`extract`]: JSON bodies, paths, `Idempotency-Key`, `If-Match`, with problem+json
//!   rejections; [`pagination`], [`reply`]: cursors and the shapes of success answers.
//! - [`client`]: the client's address (the socket, or a trusted proxy's `X-Forwarded-For`);
//!   [`limits`]: the objection limit per address.
//! - [`middleware`]: request ids, JSON logs without personal data, metrics, security headers,
//!   timeout, body limit.
//! - [`cache`]: the public answers kept by what they show, `ETag`/304, `Cache-Control`,
//!   gzip and brotli; [`memo`]: parts of pages kept while what they show is unchanged.
//! - [`config`]: the server's settings (file, environment, flags).

pub mod cache;
pub mod caller;
pub mod client;
pub mod config;
pub mod error;
pub mod extract;
pub mod limits;
pub mod memo;
pub mod middleware;
pub mod pagination;
pub mod reply;
pub mod schema;
pub mod state;

/// Who may do what: the app's rules, and the extractor that finds the caller.
pub mod authz {
    pub use accolade_app::authz::{
        chair_or_secretariat, may, panel_of_category, see_nomination, see_programme, viewer,
    };

    pub use crate::caller::{Caller, MaybeSignedIn};
}

pub use config::{Config, Overrides};
pub use error::{ApiError, ApiResult};
pub use state::AppState;
