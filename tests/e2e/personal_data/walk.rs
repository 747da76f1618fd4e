//! Everything a role can read: every GET route of the API, every page and feed, the raw
//! log — and where a person's data shows in it.

use reqwest::Method;
use uuid::Uuid;

use super::support::{Cycle, X, Y, Z};
use crate::api::support::TestApp;

/// Every GET route of the API (from its OpenAPI document) with the cycle's ids, and every
/// page and feed, as the holder of `token` (anonymous when `None`): `(path, status, body)`.
pub async fn walk(t: &TestApp, c: &Cycle, token: Option<&str>) -> Vec<(String, u16, String)> {
    let doc = t.call(Method::GET, "/openapi.json", None, None).await.body;
    let id_of = |collection: &str| -> String {
        match collection {
            "agencies" => c.a1.to_string(),
            "users" => c.user_ids[0].to_string(),
            "programmes" => c.pid.to_string(),
            "nominations" => c.n_z.to_string(),
            "awards" => c.award.map(|a| a.to_string()).unwrap_or_default(),
            "objections" => c.objection.map(|o| o.to_string()).unwrap_or_default(),
            "rounds" => "IND".to_owned(),
            "categories" => "IND".to_owned(),
            _ => Uuid::nil().to_string(),
        }
    };
    let mut paths = Vec::new();
    for (template, item) in doc["paths"].as_object().unwrap() {
        if item.get("get").is_none() || matches!(template.as_str(), "/openapi.json" | "/metrics") {
            continue;
        }
        let mut path = String::new();
        let mut last = "";
        for seg in template.split('/').filter(|s| !s.is_empty()) {
            path.push('/');
            if seg.starts_with('{') {
                path.push_str(&id_of(last));
            } else {
                path.push_str(seg);
                last = seg;
            }
        }
        let params = &item["get"]["parameters"];
        let wants = |name: &str| {
            params
                .as_array()
                .into_iter()
                .flatten()
                .any(|p| p["in"] == "query" && p["name"] == name)
        };
        let mut query = Vec::new();
        if wants("programme_id") {
            query.push(format!("programme_id={}", c.pid));
        }
        if wants("category_code") {
            query.push("category_code=IND".to_owned());
        }
        if wants("limit") {
            query.push("limit=500".to_owned());
        }
        if !query.is_empty() {
            path = format!("{path}?{}", query.join("&"));
        }
        paths.push(path);
        // The same nomination-scoped routes for X too.
        if template.contains("/nominations/{") {
            paths.push(
                paths
                    .last()
                    .unwrap()
                    .replace(&c.n_z.to_string(), &c.n_x.to_string()),
            );
        }
    }
    // The public searches, by the people's own names.
    for who in [&X, &Z, &Y] {
        let q = accolade_domain::rules::names::fold(who.name).replace(' ', "%20");
        paths.push(format!("/api/v1/public/honours?q={q}"));
        paths.push(format!("/honours?q={q}"));
    }
    let award = c.award.map(|a| a.to_string()).unwrap_or_default();
    let pid = c.pid;
    for page in [
        "/".to_owned(),
        "/honours".to_owned(),
        "/honours?lang=en".to_owned(),
        format!("/honours/{award}"),
        "/honours.atom".to_owned(),
        "/honours.csv".to_owned(),
        "/honours.json".to_owned(),
        "/leaderboard".to_owned(),
        format!("/notice?programme_id={pid}"),
        "/notice".to_owned(),
        "/work".to_owned(),
        "/work/nominations".to_owned(),
        format!("/work/nominations?programme_id={pid}"),
        format!("/work/nominations/{}", c.n_x),
        format!("/work/nominations/{}", c.n_z),
        format!("/work/nominations/{}/history", c.n_x),
        format!("/work/nominations/{}/history", c.n_z),
        "/work/objections".to_owned(),
        format!("/work/objections?programme_id={pid}"),
        "/work/audit".to_owned(),
        "/work/notifications".to_owned(),
        "/work/assignments".to_owned(),
        "/work/programmes".to_owned(),
        format!("/work/programmes/{pid}"),
        format!("/work/programmes/{pid}/tally"),
    ] {
        paths.push(page);
    }
    let mut out = Vec::new();
    for path in paths {
        let mut r = t.request(Method::GET, &path, None);
        if let Some(tok) = token {
            r = r
                .bearer_auth(tok)
                .header("cookie", format!("accolade_session={tok}"));
        }
        let res = r.send().await.unwrap();
        let status = res.status().as_u16();
        out.push((path, status, res.text().await.unwrap()));
    }
    out.extend(events(t, token).await);
    out
}

/// Every page of `/api/v1/events` (raw records: ciphertext, by design).
async fn events(t: &TestApp, token: Option<&str>) -> Vec<(String, u16, String)> {
    let mut out = Vec::new();
    let mut after = String::new();
    loop {
        let path = format!("/api/v1/events?limit=500{after}");
        let res = t.call(Method::GET, &path, token, None).await;
        let next = res.body["next_cursor"].as_str().map(str::to_owned);
        out.push((path, res.status.as_u16(), res.body.to_string()));
        match next {
            Some(n) if res.status.is_success() => after = format!("&cursor={n}"),
            _ => return out,
        }
    }
}

/// The places where one of `values` shows in `pages`.
pub fn shown(pages: &[(String, u16, String)], values: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for (path, status, body) in pages {
        // A search page repeats what was searched for (in its search box): that is the
        // asker's own text, not the server's data.
        let body = match path.split_once("?q=") {
            Some((_, q)) => body.replace(&q.replace("%20", " "), ""),
            None => body.clone(),
        };
        for v in values {
            for s in crate::personal_data::bytes::spellings(v) {
                let s = String::from_utf8(s).unwrap();
                if body.contains(&s) || body.contains(&html_escaped(&s)) {
                    out.push(format!("{v:?} ({s:?}) on {path} ({status})"));
                }
            }
        }
    }
    out
}

/// HTML escapes what pages escape (apostrophes and ampersands).
fn html_escaped(s: &str) -> String {
    s.replace('&', "&amp;").replace('\'', "&#39;")
}
