//! Turning a template, a redirect or an error into a response, and the few formats every page
//! shares (dates in Vietnam time, the CSRF-checked form extractor).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Form, FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use time::{Date, OffsetDateTime, UtcOffset};

use super::ctx::Ctx;
use accolade_http::error::ApiError;
use accolade_http::state::AppState;

/// Vietnam's offset (no daylight saving).
pub const VIETNAM: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

/// The result of a page handler: a page, or an error page (already rendered).
pub type PageResult = Result<Response, Response>;

fn with_cookies(ctx: &Ctx, mut res: Response) -> Response {
    for c in &ctx.set_cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// Renders `tpl` as an HTML page with `status`.
pub fn html_status<T: Template>(ctx: &Ctx, status: StatusCode, tpl: &T) -> Response {
    match tpl.render() {
        Ok(body) => {
            let mut res = (status, body).into_response();
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            // Pages depend on the cookie session and the language: never share them.
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res.headers_mut().insert(
                header::VARY,
                HeaderValue::from_static("Cookie, Accept-Language"),
            );
            with_cookies(ctx, res)
        }
        Err(e) => ApiError::internal(&e).into_response(),
    }
}

/// Renders `tpl` as a 200 HTML page.
pub fn html<T: Template>(ctx: &Ctx, tpl: &T) -> Response {
    html_status(ctx, StatusCode::OK, tpl)
}

/// A 303 to `to` (after a POST: the browser GETs the result, so a reload never re-posts).
pub fn see_other(ctx: &Ctx, to: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    with_cookies(ctx, res)
}

/// The error page.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    c: &'a Ctx,
    status: u16,
    title: &'a str,
    detail: &'a str,
}

/// An API error as a page: 401 leads to the sign-in page, the rest is an error page in the
/// user's language: the app's refusal translated by its code, else the API's detail (which
/// never holds personal data).
pub fn error_page(ctx: &Ctx, e: &ApiError) -> Response {
    if e.status == StatusCode::UNAUTHORIZED {
        let next = if ctx.query.is_empty() {
            ctx.path.clone()
        } else {
            format!("{}?{}", ctx.path, ctx.query)
        };
        let to = format!("/signin?next={}", encode(&next));
        return see_other(ctx, &to);
    }
    let title = match e.status.as_u16() {
        403 => ctx.t("error.forbidden"),
        404 => ctx.t("error.not_found"),
        409 => ctx.t("error.conflict"),
        422 => ctx.t("error.invalid"),
        429 => ctx.t("error.too_many"),
        s if s >= 500 => ctx.t("error.internal"),
        _ => ctx.t("error.bad_request"),
    };
    // The app's refusal in the reader's language, by its code; the API's (English) detail
    // when the code has no words here or its words need values this error no longer carries.
    let translated = e
        .code
        .and_then(|code| ctx.lang.get(&format!("error_code.{code}")))
        .filter(|words| !words.contains('{'));
    let page = ErrorPage {
        c: ctx,
        status: e.status.as_u16(),
        title,
        detail: translated.unwrap_or(&e.detail),
    };
    html_status(ctx, e.status, &page)
}

/// `?` on an `ApiResult` inside a page handler.
pub trait OrPage<T> {
    /// The value, or the error page.
    fn or_page(self, ctx: &Ctx) -> Result<T, Response>;
}

impl<T, E: Into<ApiError>> OrPage<T> for Result<T, E> {
    fn or_page(self, ctx: &Ctx) -> Result<T, Response> {
        self.map_err(|e| error_page(ctx, &e.into()))
    }
}

/// Percent-encodes a query value.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An instant in Vietnam time: `25/11/2026 14:05` (vi) or `2026-11-25 14:05` (en), with the
/// offset stated once in the footer.
pub fn datetime(ctx: &Ctx, t: OffsetDateTime) -> String {
    let t = t.to_offset(VIETNAM);
    match ctx.lang {
        super::i18n::Lang::Vi => format!(
            "{:02}/{:02}/{} {:02}:{:02}",
            t.day(),
            u8::from(t.month()),
            t.year(),
            t.hour(),
            t.minute()
        ),
        super::i18n::Lang::En => format!(
            "{}-{:02}-{:02} {:02}:{:02}",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute()
        ),
    }
}

/// A calendar date: `25/11/2026` (vi) or `2026-11-25` (en).
pub fn date(ctx: &Ctx, d: Date) -> String {
    match ctx.lang {
        super::i18n::Lang::Vi => format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year()),
        super::i18n::Lang::En => format!("{}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()),
    }
}

/// A posted form that carries its CSRF token in a `csrf` field.
pub trait CsrfField {
    /// The posted token.
    fn csrf(&self) -> &str;
}

impl CsrfField for BTreeMap<String, String> {
    fn csrf(&self) -> &str {
        self.get("csrf").map_or("", String::as_str)
    }
}

/// A form, accepted only when its CSRF token matches the cookie (403 otherwise). Fields a
/// form struct does not name are ignored; a body that is not a form is a 400 page.
#[derive(Debug)]
pub struct Posted<T>(pub Ctx, pub T);

impl<T> FromRequest<AppState> for Posted<T>
where
    T: DeserializeOwned + CsrfField + Send,
{
    type Rejection = Response;

    async fn from_request(req: Request, s: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let Ok(ctx) =
            <Ctx as axum::extract::FromRequestParts<AppState>>::from_request_parts(&mut parts, s)
                .await;
        let req = Request::from_parts(parts, body);
        let Form(t) = Form::<T>::from_request(req, s)
            .await
            .map_err(|e| error_page(&ctx, &ApiError::bad_request(e.body_text())))?;
        if !ctx.csrf_ok(t.csrf()) {
            return Err(error_page(
                &ctx,
                &ApiError::forbidden(ctx.t("error.csrf").to_owned()),
            ));
        }
        Ok(Posted(ctx, t))
    }
}

/// Implements [`CsrfField`] for form structs with a `csrf: String` field.
macro_rules! csrf_form {
    ($($ty:ty),* $(,)?) => {
        $(impl $crate::render::CsrfField for $ty {
            fn csrf(&self) -> &str {
                &self.csrf
            }
        })*
    };
}
pub(crate) use csrf_form;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_query_values() {
        assert_eq!(encode("/work?a=b c"), "/work%3Fa%3Db%20c");
        assert_eq!(encode("Đ"), "%C4%90");
    }
}
