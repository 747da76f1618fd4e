//! Extractors that reject with [`ApiError`], so every bad input becomes problem+json.
//!
//! axum's own extractors answer rejections in plain text; these wrap them (or replace them)
//! and classify: not JSON -> 415, too large -> 413, malformed JSON -> 400, JSON of the wrong
//! shape (wrong type, unknown enum value, unknown field, bad UUID) -> 422 with the field's
//! path in `errors`, a bad path id or query -> 400.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::header::{self, HeaderMap};
use axum::http::request::Parts;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;

/// A JSON body (`Content-Type: application/json`).
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

fn is_json(headers: &HeaderMap) -> bool {
    let Some(ct) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mime = ct
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

/// Parses JSON bytes into `T`: malformed JSON is 400; the wrong shape (a wrong type, an
/// unknown enum value, a bad UUID or date, a missing field) is 422 naming the field; a field
/// `T` does not have, at any depth, is 422 too. Unknown fields are found by comparing the
/// input's keys with `T` serialised again, so request types may reuse the domain's own
/// structs (which do not deny unknown fields themselves) and still reject them consistently.
pub fn parse_json<T: DeserializeOwned + Serialize>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut input: Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::bad_request(format!("malformed JSON: {e}")))?;
    integral_floats_as_integers(&mut input);
    let value: T = serde_path_to_error::deserialize(&input).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let field = if path == "." { "body".to_owned() } else { path };
        ApiError::invalid(field, strip_position(&inner.to_string()))
    })?;
    let again = serde_json::to_value(&value).map_err(|e| ApiError::internal(&e))?;
    if let Some((field, message)) = unknown_field(&input, &again, "") {
        return Err(ApiError::invalid(field, message));
    }
    Ok(value)
}

/// JSON has one kind of number: `3.0` is the integer 3 to JSON Schema (whose `integer` is
/// "a number with no fractional part"), and so to `/openapi.json`, and clients written in
/// languages with one number type send it so. serde reads `3.0` as a float that no integer
/// field takes, so such numbers become integers before the body is read. Floats with a
/// fraction, and integral ones beyond `i64`/`u64`, stay as they are.
fn integral_floats_as_integers(v: &mut Value) {
    match v {
        Value::Number(n) if n.is_f64() => {
            let Some(f) = n.as_f64() else { return };
            // Outside these bounds `as` would saturate to a different integer.
            if f.fract() != 0.0
                || !(-9_223_372_036_854_775_808.0..18_446_744_073_709_551_616.0).contains(&f)
            {
                return;
            }
            #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
            let as_int = if f < 0.0 {
                let i = f as i64;
                (i as f64 == f).then(|| Value::from(i))
            } else {
                let u = f as u64;
                (u as f64 == f).then(|| Value::from(u))
            };
            if let Some(i) = as_int {
                *v = i;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_as_integers),
        Value::Object(map) => map.values_mut().for_each(integral_floats_as_integers),
        _ => {}
    }
}

/// The path of the first key of `input` that `known` lacks (or of an array where `known` has
/// an object), and what is wrong with it.
fn unknown_field(input: &Value, known: &Value, at: &str) -> Option<(String, &'static str)> {
    let join = |k: &str| {
        if at.is_empty() {
            k.to_owned()
        } else {
            format!("{at}.{k}")
        }
    };
    match (input, known) {
        (Value::Object(i), Value::Object(k)) => i.iter().find_map(|(key, v)| match k.get(key) {
            None => Some((join(key), "unknown field")),
            Some(kv) => unknown_field(v, kv, &join(key)),
        }),
        // serde reads a struct from an array of its fields in order too; the document (and
        // every client) says an object, so an array where `T` writes an object is refused.
        (Value::Array(_), Value::Object(_)) => Some((
            if at.is_empty() { "body" } else { at }.to_owned(),
            "must be an object",
        )),
        (Value::Array(i), Value::Array(k)) => i
            .iter()
            .zip(k)
            .enumerate()
            .find_map(|(n, (iv, kv))| unknown_field(iv, kv, &format!("{at}[{n}]"))),
        _ => None,
    }
}

/// serde_json appends " at line 1 column 17"; the field path says more.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

impl<S: Send + Sync, T: DeserializeOwned + Serialize> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(ApiError::unsupported_media_type("application/json"));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rej| {
            if rej.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::too_large()
            } else {
                ApiError::bad_request("the request body could not be read")
            }
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// A raw body of any content type, size-limited (imports).
#[derive(Debug, Clone)]
pub struct RawBody {
    /// The `Content-Type`'s media type, lower case.
    pub media_type: String,
    /// The body as received, not decoded; at most `body_limit` bytes (a larger one is 413).
    pub bytes: Bytes,
}

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let media_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let bytes = Bytes::from_request(req, state).await.map_err(|rej| {
            if rej.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::too_large()
            } else {
                ApiError::bad_request("the request body could not be read")
            }
        })?;
        Ok(RawBody { media_type, bytes })
    }
}

/// Path parameters; a malformed one (e.g. not a UUID) is 400.
#[derive(Debug, Clone)]
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| ApiPath(p.0))
            .map_err(|_| ApiError::bad_request("invalid path parameter (ids are UUIDs)"))
    }
}

/// Query parameters; an unknown or malformed one is 400.
#[derive(Debug, Clone)]
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or_default();
        serde_urlencoded_parse(q).map(ApiQuery)
    }
}

fn serde_urlencoded_parse<T: DeserializeOwned>(q: &str) -> Result<T, ApiError> {
    axum::extract::Query::<T>::try_from_uri(
        &format!("/?{q}")
            .parse()
            .map_err(|_| ApiError::bad_request("invalid query string"))?,
    )
    .map(|x| x.0)
    .map_err(|e| ApiError::bad_request(format!("invalid query: {}", e.body_text())))
}

/// `If-Match: "<version>"` (optional). `*` matches any version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IfMatch(pub Option<u64>);

impl IfMatch {
    /// What this parser accepts, as a JSON Schema pattern (for `/openapi.json`): `*`, or an
    /// ETag of a version, weak or strong (`"3"`, `W/"3"`). Nineteen digits always fit a u64.
    pub const PATTERN: &'static str = r#"^(\*|(W/)?"[0-9]{1,19}")$"#;

    /// 412 unless the header is absent, `*`, or names `current`.
    pub fn check(self, current: u64) -> Result<(), ApiError> {
        match self.0 {
            Some(v) if v != current => Err(ApiError::precondition_failed(current)),
            _ => Ok(()),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(v) = parts.headers.get(header::IF_MATCH) else {
            return Ok(IfMatch(None));
        };
        let s = v
            .to_str()
            .map_err(|_| ApiError::bad_request("invalid If-Match"))?
            .trim();
        if s == "*" {
            return Ok(IfMatch(None));
        }
        let s = s.strip_prefix("W/").unwrap_or(s);
        s.strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .and_then(|s| s.parse::<u64>().ok())
            .map(|v| IfMatch(Some(v)))
            .ok_or_else(|| ApiError::bad_request("If-Match must be an ETag such as \"3\""))
    }
}

/// `Idempotency-Key` (optional): printable ASCII, at most 200 bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IdempotencyKey(pub Option<String>);

impl IdempotencyKey {
    /// What this parser accepts, as a JSON Schema pattern (for `/openapi.json`): 1 to 200
    /// printable ASCII characters (`MAX_KEY_LEN`), not starting or ending with a space (HTTP
    /// trims a header value's spaces).
    pub const PATTERN: &'static str = r"^[\x21-\x7E]([\x20-\x7E]{0,198}[\x21-\x7E])?$";
}

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(v) = parts.headers.get("idempotency-key") else {
            return Ok(IdempotencyKey(None));
        };
        let s = v
            .to_str()
            .map_err(|_| ApiError::bad_request("invalid Idempotency-Key"))?;
        if s.is_empty() || s.len() > accolade_app::MAX_KEY_LEN {
            return Err(ApiError::bad_request(
                "Idempotency-Key must be 1 to 200 printable characters",
            ));
        }
        Ok(IdempotencyKey(Some(s.to_owned())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_integral_float_is_an_integer() {
        let t: T = parse_json(br#"{"a": 4429.0, "inner": {"b": 1e3}}"#).expect("integral");
        assert_eq!((t.a, t.inner.map(|i| i.b)), (4429, Some(1000)));
        for bad in [&br#"{"a": 1.5}"#[..], br#"{"a": -1.0}"#, br#"{"a": 1e20}"#] {
            let e = parse_json::<T>(bad).expect_err("not a u32");
            assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        }
        let mut big = serde_json::json!([1.8446744073709552e19, -0.0, 2.5]);
        integral_floats_as_integers(&mut big);
        assert_eq!(big, serde_json::json!([1.8446744073709552e19, 0, 2.5]));
    }

    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    struct T {
        a: u32,
        #[serde(default)]
        inner: Option<Inner>,
    }

    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    struct Inner {
        b: u32,
    }

    #[test]
    fn classifies_json_errors() {
        assert_eq!(
            parse_json::<T>(b"{").unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
        let e = parse_json::<T>(br#"{"a":"x"}"#).unwrap_err();
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(e.errors.contains_key("a"), "{e:?}");
        let e = parse_json::<T>(br#"{"a":1,"b":2}"#).unwrap_err();
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        let e = parse_json::<T>(br#"{"a":1,"inner":{"b":2,"c":3}}"#).unwrap_err();
        assert!(e.errors.contains_key("inner.c"), "{e:?}");
        // serde would read a struct from an array of its fields.
        let e = parse_json::<T>(br#"{"a":1,"inner":[2]}"#).unwrap_err();
        assert_eq!(
            e.errors.get("inner").map(Vec::as_slice),
            Some(&["must be an object".to_owned()][..]),
            "{e:?}"
        );
        assert_eq!(
            parse_json::<T>(b"[1]").unwrap_err().status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            parse_json::<T>(br#"{"a":1} x"#).unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
    }
}
