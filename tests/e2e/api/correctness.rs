//! Issue 10's correctness items over HTTP: dates and instants in every route's JSON and in
//! `/openapi.json` (item 12), and `If-Match` under concurrency (item 14).

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::api::support::*;

/// The ids a walk substitutes for path parameters, by the collection the parameter follows
/// (`/api/v1/programmes/{id}` -> "programmes").
pub type Ids = BTreeMap<&'static str, String>;

/// A key holding a calendar date.
fn is_date_key(key: &str) -> bool {
    key.ends_with("_on") || matches!(key, "deadline" | "effective_from" | "holidays")
}

/// A key holding an instant.
fn is_instant_key(key: &str) -> bool {
    key.ends_with("_at") || matches!(key, "window_start" | "window_end")
}

fn is_iso_date(s: &str) -> bool {
    let f = time::macros::format_description!("[year]-[month]-[day]");
    s.len() == 10 && time::Date::parse(s, &f).is_ok()
}

/// `time`'s default serde shapes: `Date` as `[year, ordinal]`, `OffsetDateTime` as nine
/// integers starting with the year.
fn looks_like_time_tuple(items: &[Value]) -> bool {
    let ints: Vec<i64> = items.iter().filter_map(Value::as_i64).collect();
    if ints.len() != items.len() {
        return false;
    }
    match ints[..] {
        [y, ordinal] => (1900..=2200).contains(&y) && (1..=366).contains(&ordinal),
        [y, ordinal, ..] if ints.len() >= 6 => {
            (1900..=2200).contains(&y) && (1..=366).contains(&ordinal)
        }
        _ => false,
    }
}

/// Every place in `v` where a date or an instant is not ISO text; counts the good ones.
fn bad_times(v: &Value, at: &str, key: &str, seen: &mut usize, bad: &mut Vec<String>) {
    match v {
        Value::Array(items) => {
            if looks_like_time_tuple(items) {
                bad.push(format!("{at}: a time tuple {v}"));
                return;
            }
            for (i, x) in items.iter().enumerate() {
                bad_times(x, &format!("{at}[{i}]"), key, seen, bad);
            }
        }
        Value::Object(map) => {
            for (k, x) in map {
                bad_times(x, &format!("{at}.{k}"), k, seen, bad);
            }
        }
        Value::String(s) if is_date_key(key) => {
            *seen += 1;
            if !is_iso_date(s) {
                bad.push(format!("{at}: {s:?} is not YYYY-MM-DD"));
            }
        }
        Value::String(s) if is_instant_key(key) => {
            *seen += 1;
            match time::OffsetDateTime::parse(s, &Rfc3339) {
                Ok(t) if t.offset().is_utc() => {}
                Ok(_) => bad.push(format!("{at}: {s:?} is not in UTC")),
                Err(_) => bad.push(format!("{at}: {s:?} is not RFC 3339")),
            }
        }
        Value::Number(_) if is_date_key(key) || is_instant_key(key) => {
            bad.push(format!(
                "{at}: a number {v} where a date or instant belongs"
            ));
        }
        _ => {}
    }
}

/// Issue 10 item 12: calls every GET route of `/openapi.json` as `token`, path parameters
/// filled from `ids` and every declared `programme_id` / `category_code` query parameter
/// filled in, and fails on any date tuple, any date not `YYYY-MM-DD` and any instant not
/// RFC 3339 in UTC. Returns the routes that answered 200 with JSON, and the number of dates and
/// instants seen in them.
pub async fn walk_every_get(t: &TestApp, token: &str, ids: &Ids) -> (Vec<String>, usize) {
    let doc = t.call(Method::GET, "/openapi.json", None, None).await.body;
    let mut answered = Vec::new();
    let mut seen = 0;
    let mut bad = Vec::new();
    for (template, item) in doc["paths"].as_object().unwrap() {
        let Some(get) = item.get("get") else { continue };
        if matches!(template.as_str(), "/openapi.json" | "/metrics") {
            continue;
        }
        let mut path = String::new();
        let mut last = "";
        for seg in template.split('/').filter(|s| !s.is_empty()) {
            path.push('/');
            if seg.starts_with('{') {
                let Some(id) = ids.get(last) else {
                    panic!("no id for {last} in {template}");
                };
                path.push_str(id);
            } else {
                path.push_str(seg);
                last = seg;
            }
        }
        let mut query = Vec::new();
        for p in get["parameters"].as_array().into_iter().flatten() {
            if p["in"] != "query" {
                continue;
            }
            match p["name"].as_str() {
                Some("programme_id") => query.push(format!("programme_id={}", ids["programmes"])),
                Some("category_code") => query.push("category_code=IND".to_owned()),
                _ => {}
            }
        }
        if !query.is_empty() {
            path = format!("{path}?{}", query.join("&"));
        }
        let res = t.call(Method::GET, &path, Some(token), None).await;
        if res.status.as_u16() != 200 || !res.content_type().contains("json") {
            continue;
        }
        bad_times(&res.body, &path, "", &mut seen, &mut bad);
        answered.push(template.clone());
    }
    assert!(
        bad.is_empty(),
        "dates and instants not ISO:\n{}",
        bad.join("\n")
    );
    (answered, seen)
}

/// Issue 10 item 12: every date and instant property of every schema in `/openapi.json`
/// declares `format: date` / `format: date-time`.
#[tokio::test]
async fn openapi_declares_the_format_of_every_date_and_instant() {
    let t = TestApp::start().await;
    let doc = t.call(Method::GET, "/openapi.json", None, None).await.body;
    fn formats(schema: &Value, out: &mut Vec<String>) {
        match schema {
            Value::Object(m) => {
                if let Some(f) = m.get("format").and_then(Value::as_str) {
                    out.push(f.to_owned());
                }
                for k in ["items", "oneOf", "anyOf", "allOf"] {
                    if let Some(x) = m.get(k) {
                        formats(x, out);
                    }
                }
            }
            Value::Array(xs) => xs.iter().for_each(|x| formats(x, out)),
            _ => {}
        }
    }
    fn walk(v: &Value, at: &str, checked: &mut usize, bad: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(props) = m.get("properties").and_then(Value::as_object) {
                    for (name, schema) in props {
                        let want = if is_date_key(name) {
                            "date"
                        } else if is_instant_key(name) {
                            "date-time"
                        } else {
                            continue;
                        };
                        *checked += 1;
                        let mut found = Vec::new();
                        formats(schema, &mut found);
                        if !found.iter().any(|f| f == want) {
                            bad.push(format!("{at}.{name}: format {want} missing in {schema}"));
                        }
                    }
                }
                for (k, x) in m {
                    walk(x, &format!("{at}.{k}"), checked, bad);
                }
            }
            Value::Array(xs) => xs
                .iter()
                .enumerate()
                .for_each(|(i, x)| walk(x, &format!("{at}[{i}]"), checked, bad)),
            _ => {}
        }
    }
    let (mut checked, mut bad) = (0, Vec::new());
    walk(&doc, "", &mut checked, &mut bad);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    // The schemas do have dates and instants: a doc without them would pass vacuously.
    assert!(checked >= 6, "only {checked} date/instant properties found");
    // A schedule's phases are dates without a date-like name.
    let schedule = &doc["components"]["schemas"]["Schedule"]["properties"];
    for phase in [
        "nominating",
        "screening",
        "reviewing",
        "voting",
        "public_notice",
    ] {
        let mut found = Vec::new();
        formats(&schedule[phase], &mut found);
        assert!(
            found.iter().any(|f| f == "date"),
            "schedule.{phase}: {schedule}"
        );
    }
}

/// Issue 10 item 14: two PATCHes made against the same `If-Match` at the same time: exactly
/// one is applied, the other answers 412 — for a nomination (its content version, checked
/// in the domain) and a programme (its stream version, checked by the app under the stream
/// lock). Many rounds, so the race is met; checked outside the lock, both often succeed.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_patches_with_the_same_if_match_apply_once() {
    let t = TestApp::start().await;
    let admin = t.admin().await;
    let a1 = t.agency(&admin, "Đài Truyền hình Việt Nam", "VTV").await;
    let (_, clerk) = t.user(&admin, "clerk@vtv.vn", "clerk", Some(a1)).await;
    let (_, prog) = t
        .programme(&admin, json!({"title": "Giải thưởng 2026", "year": 2026}))
        .await;
    let cat = category("IND", ninety_percent(), 2, Some(2));
    t.add_category(&admin, &prog, cat).await;
    t.move_to(&admin, &prog, "nominating").await;
    let n = t.nominate(&clerk, &prog, nomination("Nguyễn Văn An")).await;
    let nom = format!("/api/v1/nominations/{n}");

    let race = |path: String, token: String, field: &'static str| {
        let t = &t;
        async move {
            let mut outcomes: BTreeMap<(u16, u16), u32> = BTreeMap::new();
            for round in 0..25 {
                let etag = t.get(&path, &token).await.etag();
                let patch = |who: &str| {
                    t.request(Method::PATCH, &path, Some(&token))
                        .header("If-Match", &etag)
                        .json(&json!({ field: format!("{who} {round}") }))
                };
                let (a, b) = tokio::join!(
                    TestApp::send(patch("first")),
                    TestApp::send(patch("second"))
                );
                let mut pair = [a.status.as_u16(), b.status.as_u16()];
                pair.sort_unstable();
                *outcomes.entry((pair[0], pair[1])).or_default() += 1;
            }
            assert_eq!(
                outcomes,
                BTreeMap::from([((200, 412), 25)]),
                "{path}: (statuses) -> rounds"
            );
        }
    };
    race(nom, clerk, "citation").await;
    race(prog, admin, "title").await;
    t.server.stop().await.unwrap();
}

/// Ids for [`walk_every_get`].
pub fn ids(pairs: &[(&'static str, Uuid)]) -> Ids {
    pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
}
