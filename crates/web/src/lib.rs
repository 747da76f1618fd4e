//! The HTML pages: server-rendered (askama) over the same app and read models as the JSON
//! API — never over HTTP to ourselves — in Vietnamese (default) and English.
//!
//! - [`ctx`]: language, cookie session and CSRF token of a request.
//! - [`render`]: templates to responses, error pages, dates in Vietnam time, the
//!   CSRF-checked form extractor [`render::Posted`].
//! - [`i18n`]: UI strings from `i18n/{vi,en}.toml`.
//! - [`redirect`]: the only places `?next=` may send the browser (local paths).
//! - [`public`]: the public pages (honour list, award, leaderboard, notice and objection,
//!   feed, downloads); [`work`]: the signed-in pages, one file per page or action.
//!
//! Every page works without JavaScript; every form posts with a CSRF token and answers with
//! a redirect (303) or the form again with field-level messages. Templates escape all text;
//! user-written text is also wrapped in `<bdi>` so a right-to-left override in a name cannot
//! reorder the text around it.

// Page handlers fail with the rendered error page itself (a `Response`, 128 bytes): it is
// made once, on the cold path, and boxing it would only add an allocation.
#![allow(clippy::result_large_err)]

pub mod account;
pub mod assets;
pub mod ctx;
pub mod errors;
pub mod i18n;
pub mod people;
pub mod public;
pub mod redirect;
pub mod render;
pub mod router;
pub mod session;
pub mod work;

pub use router::routes;
