//! Success answers: JSON with an `ETag` for versioned resources, 201 with `Location`.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// 200 with JSON.
pub fn ok<T: Serialize>(body: T) -> Response {
    Json(body).into_response()
}

/// 200 with JSON already serialised.
pub fn ok_text(body: String) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// 200 with JSON and `ETag: "<version>"`.
pub fn versioned<T: Serialize>(version: u64, body: T) -> Response {
    with_etag(Json(body).into_response(), version)
}

/// 201 with JSON, `Location` and `ETag`.
pub fn created<T: Serialize>(location: &str, version: u64, body: T) -> Response {
    let mut res = (StatusCode::CREATED, Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    with_etag(res, version)
}

fn with_etag(mut res: Response, version: u64) -> Response {
    if let Ok(v) = HeaderValue::from_str(&format!("\"{version}\"")) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res
}
