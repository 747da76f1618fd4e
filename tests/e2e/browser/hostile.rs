//! Hostile input is text everywhere it appears (list, award page, agency list, feed, CSV,
//! JSON), and a cross-site form post is refused.

use accolade_store::EventStore;
use fantoccini::Locator;

use crate::browser::harness::Harness;
use crate::browser::seed::{Data, HOSTILE, HOSTILE_AGENCY};

pub async fn shown_as_text_everywhere(h: &Harness, d: &Data) {
    // Public list: the name is the link's text; no script ran (an alert would fail the next
    // WebDriver command), no element was injected.
    h.goto("/honours?q=doc").await;
    let link = h.text("#honours tbody th a").await;
    assert!(link.contains("<script>alert(1)</script>"), "{link}");
    assert!(link.contains("\"Nguyễn\"") && link.contains("'Tà'") && link.contains('\u{202E}'));
    let injected = h
        .browser
        .find_all(Locator::Css("#honours script, #honours img, #honours b"))
        .await
        .unwrap();
    assert!(injected.is_empty(), "no markup from data");
    h.shot("hostile-list").await;
    h.console_clean("hostile list").await;

    // Award page: name, agency, decision number.
    h.goto(&format!("/honours/{}", d.hostile_award)).await;
    assert!(
        h.text("#award-name")
            .await
            .contains("<script>alert(1)</script>")
    );
    let body = h.body().await;
    assert!(body.contains(HOSTILE_AGENCY), "{body}");
    assert!(body.contains("99/QĐ-<THỬ>"));
    assert!(
        h.browser
            .find_all(Locator::Css("main script, main img"))
            .await
            .unwrap()
            .is_empty()
    );
    h.shot("hostile-award").await;
    h.console_clean("hostile award").await;

    // Agency list (leaderboard table and SVG chart).
    h.goto("/leaderboard").await;
    assert!(h.text("#leaderboard").await.contains(HOSTILE_AGENCY));
    let labels = h
        .browser
        .find_all(Locator::Css(".chart text.label"))
        .await
        .unwrap();
    let mut found = false;
    for l in labels {
        found |= l.text().await.unwrap().contains("<img src=x");
    }
    assert!(found, "the chart's label is text");
    assert!(
        h.browser
            .find_all(Locator::Css("main img, main b"))
            .await
            .unwrap()
            .is_empty()
    );
    h.console_clean("hostile leaderboard").await;

    // Feed: escaped XML that parses back to the same text.
    let feed = h
        .http
        .get(h.url("/honours.atom"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!feed.contains("<script>"), "escaped in the feed");
    // askama writes `<` as `&#60;`; either spelling is the same XML text.
    let decoded = feed.replace("&#60;", "&lt;").replace("&#62;", "&gt;");
    assert!(
        decoded.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{feed}"
    );
    assert!(decoded.contains("&lt;img src=x"));

    // CSV: one quoted cell, quotes doubled.
    let csv = h
        .http
        .get(h.url("/honours.csv?q=doc"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let quoted = format!("\"{}\"", HOSTILE.replace('"', "\"\""));
    assert!(csv.contains(&quoted), "{csv}");
    // JSON: the same string after decoding.
    let json: serde_json::Value = h
        .http
        .get(h.url("/honours.json?q=doc"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["items"][0]["full_name"], HOSTILE);
}

pub async fn cross_site_posts_are_refused(h: &Harness, d: &Data) {
    let url = h.url(&format!("/notice/{}/objection", d.notice_nomination));
    let form = [
        ("full_name", "X"),
        ("phone", "1"),
        ("address", "A"),
        ("text", "T"),
        ("csrf", "forged"),
    ];
    let before = *h.server.state.app.store().durable_head().borrow();
    // A foreign Origin (what a browser sends for a cross-site form): refused by CsrfLayer.
    let res = h
        .http
        .post(&url)
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(encode(&form))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    // Same-origin but without the session's token (no cookie, forged field): refused.
    let res = h
        .http
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(encode(&form))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    let res = h
        .http
        .post(&url)
        .header("cookie", "accolade_csrf=right")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(encode(&form))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403, "token and cookie differ");
    // Sign-in and sign-out need the token too.
    let res = h
        .http
        .post(h.url("/signin"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(encode(&[("email", "a@b.c"), ("password", "x")]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    let after = *h.server.state.app.store().durable_head().borrow();
    assert_eq!(before, after, "nothing was appended");
    // The same form with the cookie's token passes (the lock is the token, not the client).
    let ok = [
        ("full_name", "X"),
        ("phone", "1"),
        ("address", "A"),
        ("text", "T"),
        ("csrf", "right"),
    ];
    let res = h
        .http
        .post(&url)
        .header("cookie", "accolade_csrf=right")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(encode(&ok))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
}

/// `application/x-www-form-urlencoded`.
fn encode(fields: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect::<String>()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}
