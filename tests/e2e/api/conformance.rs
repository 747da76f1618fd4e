//! Every answer the API tests receive is checked against the API's own OpenAPI document
//! (`accolade_api::openapi()`), so a document that lies about a status, a header or a body
//! fails a test rather than a client.
//!
//! [`check_answer`], which `TestApp::send` calls on every answer, finds the operation the
//! request hit and checks the status is listed, a declared `ETag` is there, the media type is
//! one the document gives, and the JSON body passes its schema ([`schema::Checker`]). A 2xx
//! JSON body the document gives no schema for fails too: every such answer has one.
//!
//! With `ACCOLADE_CONFORMANCE_LOG=FILE`, each checked answer appends `operationId status
//! checked|encoded|unchecked|nobody` to FILE, and the document is written beside it
//! (`FILE.openapi.json`); `ops/fuzz/lib/conformance_summary.py FILE` then tells which
//! documented 2xx bodies the tests exercised and checked.

mod schema;

use std::io::Write;
use std::sync::{Mutex, OnceLock};

use reqwest::header::{CONTENT_ENCODING, CONTENT_TYPE, HeaderMap};
use reqwest::{Method, StatusCode};
use serde_json::{Map, Value};

use schema::Checker;

/// The API's document, serialised once, with its path templates.
#[derive(Debug)]
pub struct Document {
    checker: Checker,
    /// Each path template, split at `/` (None for a `{parameter}` segment).
    templates: Vec<(String, Vec<Option<String>>)>,
    /// Where `ACCOLADE_CONFORMANCE_LOG` asks for one line per checked answer.
    log: Option<Mutex<std::fs::File>>,
}

/// The API's document, loaded once (and written beside the log, if there is one).
pub fn document() -> &'static Document {
    static DOC: OnceLock<Document> = OnceLock::new();
    DOC.get_or_init(|| {
        let doc =
            serde_json::to_value(accolade_api::openapi()).expect("the OpenAPI document serialises");
        let log = std::env::var_os("ACCOLADE_CONFORMANCE_LOG").map(|file| {
            let mut beside = file.clone();
            beside.push(".openapi.json");
            std::fs::write(&beside, doc.to_string())
                .expect("the document beside the log is written");
            let log = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&file);
            Mutex::new(log.expect("the conformance log opens"))
        });
        Document::new(doc, log)
    })
}

/// Checks one answer against the API's document (see [`Document::check_answer`]).
pub fn check_answer(
    method: &Method,
    path: &str,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) {
    document().check_answer(method, path, status, headers, body);
}

impl Document {
    fn new(doc: Value, log: Option<Mutex<std::fs::File>>) -> Document {
        let paths = doc["paths"].as_object().expect("the document has paths");
        let templates = paths
            .keys()
            .map(|t| {
                let segments = t.split('/').map(|s| {
                    let param = s.starts_with('{') && s.ends_with('}');
                    (!param).then(|| s.to_owned())
                });
                (t.clone(), segments.collect())
            })
            .collect();
        Document {
            checker: Checker::new(doc),
            templates,
            log,
        }
    }

    /// The template `path` matches, a literal segment preferred over a parameter (so
    /// `/persons/candidates` is not `/persons/{id}`).
    fn template(&self, path: &str) -> Option<&str> {
        let segments: Vec<&str> = path.split('/').collect();
        self.templates
            .iter()
            .filter(|(_, t)| {
                t.len() == segments.len()
                    && t.iter().zip(&segments).all(|(t, s)| match t {
                        Some(literal) => literal == s,
                        None => !s.is_empty(),
                    })
            })
            .max_by_key(|(_, t)| t.iter().map(Option::is_some).collect::<Vec<_>>())
            .map(|(text, _)| text.as_str())
    }

    /// `value`, or what it names when it is a `$ref` (`#/components/responses/...`).
    fn resolve<'a>(&'a self, value: &'a Value) -> &'a Value {
        match value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            Some(target) => (self.checker.doc().pointer(target))
                .unwrap_or_else(|| panic!("the document's $ref #{target} names nothing")),
            None => value,
        }
    }

    /// Checks one answer against the operation `method path` of the document; panics, saying
    /// why, where the document does not describe it. Paths the document does not have (pages,
    /// `/docs`) and methods a path does not have are not checked.
    pub fn check_answer(
        &self,
        method: &Method,
        path: &str,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) {
        let Some(template) = self.template(path) else {
            return;
        };
        let Some(op) =
            self.checker.doc()["paths"][template].get(method.as_str().to_ascii_lowercase())
        else {
            return;
        };
        let operation = op["operationId"]
            .as_str()
            .map_or_else(|| format!("{method} {template}"), str::to_owned);
        let text = String::from_utf8_lossy(body);
        let what = format!("{method} {path} ({operation}) answered {status}");
        let empty = Map::new();
        let responses = op["responses"].as_object().unwrap_or(&empty);
        let range = format!("{}XX", status.as_u16() / 100);
        let Some(response) = [status.as_str(), &range, "default"]
            .iter()
            .find_map(|k| responses.get(*k))
        else {
            let listed: Vec<&String> = responses.keys().collect();
            panic!(
                "{what}, a status the document does not list (it lists {listed:?}); body: {text}"
            );
        };
        let response = self.resolve(response);
        for (name, header) in response["headers"].as_object().into_iter().flatten() {
            let required =
                name.eq_ignore_ascii_case("etag") || header["required"] == Value::Bool(true);
            assert!(
                !required || headers.contains_key(name.as_str()),
                "{what} without the header {name} the document declares; body: {text}"
            );
        }
        let media = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        let content = response["content"].as_object().unwrap_or(&empty);
        if !body.is_empty() && !content.is_empty() && !content.contains_key(&media) {
            let listed: Vec<&String> = content.keys().collect();
            panic!(
                "{what} as {media:?}, which the document does not list for it ({listed:?}); body: {text}"
            );
        }
        let json = media == "application/json" || media == "application/problem+json";
        let encoded = headers
            .get(CONTENT_ENCODING)
            .is_some_and(|e| e != "identity");
        let outcome = match content.get(&media).and_then(|c| c.get("schema")) {
            _ if !json || body.is_empty() => "nobody",
            // A compressed body is not read here (the tests that ask for one read it themselves).
            Some(_) if encoded => "encoded",
            Some(schema) => {
                let value: Value = serde_json::from_slice(body).unwrap_or_else(|e| {
                    panic!("{what} as {media} that does not parse ({e}): {text}")
                });
                if let Err(errors) = self.checker.check(schema, &value) {
                    let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
                    panic!(
                        "{what}, a body its schema refuses:\n  {}\nbody: {text}",
                        errors.join("\n  ")
                    );
                }
                "checked"
            }
            None if status.is_success() => {
                panic!("{what} with a {media} body the document gives no schema for: {text}")
            }
            None => "unchecked",
        };
        self.record(&operation, status, outcome);
    }

    fn record(&self, operation: &str, status: StatusCode, outcome: &str) {
        if let Some(log) = &self.log {
            let mut file = log.lock().expect("the conformance log's lock");
            let line = format!("{operation} {} {outcome}\n", status.as_u16());
            file.write_all(line.as_bytes())
                .expect("the conformance log is written");
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// Every schema of the real document, a property's or an item's too, uses only keywords
    /// the checker checks or knows to be annotations: a new keyword fails here at once, not on
    /// the first answer that reaches it.
    #[test]
    fn the_documents_schemas_use_only_keywords_the_checker_knows() {
        fn nested<'a>(schema: &'a Value, out: &mut Vec<&'a Value>) {
            out.push(schema);
            for (keyword, rule) in schema.as_object().into_iter().flatten() {
                match (keyword.as_str(), rule) {
                    ("properties", Value::Object(m)) => m.values().for_each(|s| nested(s, out)),
                    ("prefixItems" | "allOf" | "anyOf" | "oneOf", Value::Array(l)) => {
                        l.iter().for_each(|s| nested(s, out))
                    }
                    ("items" | "additionalProperties" | "propertyNames" | "not", _) => {
                        nested(rule, out)
                    }
                    _ => {}
                }
            }
        }
        fn under_schema<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
            match v {
                Value::Object(m) => m.iter().for_each(|(k, v)| match k.as_str() {
                    "schema" => nested(v, out),
                    _ => under_schema(v, out),
                }),
                Value::Array(l) => l.iter().for_each(|v| under_schema(v, out)),
                _ => {}
            }
        }
        let doc = document();
        let mut all = Vec::new();
        under_schema(&doc.checker.doc()["paths"], &mut all);
        let components = doc.checker.doc()["components"]["schemas"]
            .as_object()
            .unwrap();
        components.values().for_each(|s| nested(s, &mut all));
        assert!(all.len() > 300, "{} schemas", all.len());
        for schema in all {
            // Any value will do: an unknown keyword is reported whatever the value.
            let errors = doc
                .checker
                .check(schema, &Value::Null)
                .err()
                .unwrap_or_default();
            let unknown: Vec<&schema::Violation> =
                errors.iter().filter(|v| v.unsupported).collect();
            assert!(unknown.is_empty(), "{unknown:?} in {schema}");
        }
    }

    /// A document of one operation: `GET /agencies/{id}` answers 200 (an `Agency`, with
    /// `ETag`) or 404 (no schema).
    fn one_operation() -> Document {
        Document::new(
            json!({
                "paths": {"/agencies/{id}": {"get": {"operationId": "getAgency", "responses": {
                    "200": {"description": "", "headers": {"ETag": {"schema": {"type": "string"}}},
                            "content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/Agency"}}}},
                    "404": {"description": ""}}}}},
                "components": {"schemas": {"Agency": {"type": "object", "required": ["code"],
                    "properties": {"code": {"type": "string"},
                                   "kind": {"type": "string", "enum": ["press", "ministry"]}}}}}
            }),
            None,
        )
    }

    fn agency(kind: &str) -> Value {
        json!({"code": "VTV", "kind": kind})
    }

    fn answer(status: u16, etag: bool, media: &str, body: &Value) {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, media.parse().unwrap());
        if etag {
            headers.insert("etag", "\"3\"".parse().unwrap());
        }
        let status = StatusCode::from_u16(status).unwrap();
        let body = body.to_string();
        one_operation().check_answer(
            &Method::GET,
            "/agencies/7",
            status,
            &headers,
            body.as_bytes(),
        );
    }

    #[test]
    fn a_documented_answer_passes_and_other_paths_are_not_checked() {
        answer(
            200,
            true,
            "application/json; charset=utf-8",
            &agency("press"),
        );
        answer(
            404,
            false,
            "application/problem+json",
            &json!({"anything": 1}),
        );
        let doc = one_operation();
        let headers = HeaderMap::new();
        doc.check_answer(
            &Method::GET,
            "/docs/",
            StatusCode::IM_A_TEAPOT,
            &headers,
            b"",
        );
        doc.check_answer(
            &Method::PUT,
            "/agencies/7",
            StatusCode::IM_A_TEAPOT,
            &headers,
            b"",
        );
    }

    #[test]
    #[should_panic(
        expected = "GET /agencies/7 (getAgency) answered 409 Conflict, a status the \
                               document does not list (it lists [\"200\", \"404\"])"
    )]
    fn an_undocumented_status_panics() {
        answer(409, false, "application/problem+json", &json!({}));
    }

    #[test]
    #[should_panic(expected = "a body its schema refuses:\n  at \"/kind\": enum")]
    fn a_body_its_schema_refuses_panics() {
        answer(200, true, "application/json", &agency("army"));
    }

    #[test]
    #[should_panic(expected = "without the header ETag the document declares")]
    fn a_missing_etag_panics() {
        answer(200, false, "application/json", &agency("press"));
    }

    #[test]
    #[should_panic(expected = "as \"text/html\", which the document does not list for it")]
    fn an_undocumented_media_type_panics() {
        answer(200, true, "text/html", &json!("<p>"));
    }

    #[test]
    fn a_literal_path_is_preferred_to_a_template() {
        let doc = document();
        assert_eq!(
            doc.template("/api/v1/nominations/42"),
            Some("/api/v1/nominations/{id}")
        );
        assert_eq!(
            doc.template("/api/v1/persons/candidates"),
            Some("/api/v1/persons/candidates")
        );
        assert_eq!(doc.template("/api/v1/nominations/"), None);
        assert_eq!(doc.template("/docs/"), None);
    }
}
