//! `GET /work`: the signed-in start page, with what the user's role works on.

use askama::Template;
use axum::response::Response;

use crate::ctx::Ctx;
use crate::render::{PageResult, error_page, html};
use accolade_http::error::ApiError;

#[derive(Template)]
#[template(path = "work/dashboard.html")]
struct Page<'a> {
    c: &'a Ctx,
}

/// `GET /work`, the default page after sign-in: links to the lists the user's role works
/// on (nominations, assignments, screening...); signed out, the 401 error page.
pub async fn page(ctx: Ctx) -> PageResult {
    if ctx.user.is_none() {
        return Err(error_page(&ctx, &ApiError::unauthorized("sign in")));
    }
    let r: Response = html(&ctx, &Page { c: &ctx });
    Ok(r)
}
