//! The public pages: search without diacritics, the English switch, leaderboard and feed,
//! an objection on the public-notice page.

use fantoccini::Locator;

use crate::browser::harness::Harness;
use crate::browser::seed::Data;

pub async fn search_finds_without_diacritics(h: &Harness) {
    h.goto("/").await;
    assert!(h.text("main").await.contains("Vinh danh"));
    assert_eq!(
        h.browser
            .find(Locator::Css("html"))
            .await
            .unwrap()
            .attr("lang")
            .await
            .unwrap()
            .as_deref(),
        Some("vi"),
        "Vietnamese by default"
    );
    h.shot("home").await;
    h.console_clean("home").await;

    h.fill("#home-q", "nguyen van duc").await;
    h.submit(".search-big button").await;
    let table = h.text("#honours").await;
    assert!(table.contains("Nguyễn Văn Đức"), "{table}");
    assert!(h.text("#result-count").await.contains('1'));
    h.shot("honours-search").await;
    h.console_clean("search").await;

    // The permalink of the award page, with its verification record.
    h.submit("#honours tbody a").await;
    h.expect("#award-name", "Nguyễn Văn Đức").await;
    let body = h.body().await;
    assert!(
        body.contains("Hồ sơ xác minh") && body.contains("Mã băm"),
        "{body}"
    );
    h.shot("award").await;
    h.console_clean("award").await;

    // The whole list and a revoked award (the demo revokes one).
    h.goto("/honours").await;
    h.shot("honours").await;
    let revoked = h
        .browser
        .find_all(Locator::Css("tr.revoked a"))
        .await
        .unwrap();
    assert!(!revoked.is_empty(), "the demo's revoked award is listed");
    revoked[0].click().await.unwrap();
    h.browser
        .wait()
        .for_element(Locator::Css("#award-status"))
        .await
        .unwrap();
    let status = h.text("#award-status").await;
    assert!(
        status.contains("Đã thu hồi") && status.contains("Hồ sơ không đúng sự thật"),
        "{status}"
    );
    h.shot("award-revoked").await;
    h.console_clean("revoked award").await;
}

pub async fn english_switch(h: &Harness) {
    h.goto("/honours?q=nguyen+van+duc").await;
    h.submit("a.lang").await;
    let lang = h
        .browser
        .find(Locator::Css("html"))
        .await
        .unwrap()
        .attr("lang")
        .await
        .unwrap();
    assert_eq!(lang.as_deref(), Some("en"));
    h.expect("h1", "Honour list").await;
    assert!(
        h.text("#honours").await.contains("Nguyễn Văn Đức"),
        "the search survives the switch"
    );
    // The choice sticks (cookie) on the next page.
    h.goto("/leaderboard").await;
    h.expect("h1", "Agency leaderboard").await;
    h.shot("leaderboard-en").await;
    h.console_clean("english").await;
    // And back.
    h.submit("a.lang").await;
    h.expect("h1", "Bảng xếp hạng").await;
    h.console_clean("vietnamese again").await;
}

pub async fn leaderboard_and_feed(h: &Harness) {
    h.goto("/leaderboard").await;
    let svg = h.browser.find(Locator::Css(".chart svg")).await.unwrap();
    assert_eq!(svg.attr("role").await.unwrap().as_deref(), Some("img"));
    let bars = h
        .browser
        .find_all(Locator::Css(".chart rect"))
        .await
        .unwrap();
    assert!(!bars.is_empty());
    h.shot("leaderboard").await;
    h.console_clean("leaderboard").await;

    let feed = h.http.get(h.url("/honours.atom")).send().await.unwrap();
    assert!(
        feed.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let text = feed.text().await.unwrap();
    assert!(text.contains("<feed") && text.contains("Nguyễn Văn Đức"));
}

pub async fn objection_on_the_notice_page(h: &Harness, d: &Data) {
    h.goto("/notice").await;
    assert!(h.body().await.contains("Lê Thị Góp Ý"));
    h.shot("notice").await;
    h.console_clean("notice").await;
    h.goto(&format!("/notice/{}/objection", d.notice_nomination))
        .await;
    // Empty: each required field says so.
    h.submit("form.stack button[type=submit]").await;
    h.expect("#form-errors", "Vui lòng sửa").await;
    h.expect("#full_name-error", "Vui lòng nhập").await;
    h.expect("#phone-error", "Vui lòng nhập").await;
    h.shot("objection-errors").await;
    h.console_clean_except("objection errors", &["status of 422"])
        .await;
    h.fill("#full_name", "Trần Văn Phản").await;
    h.fill("#phone", "0901234567").await;
    h.fill("#address", "Số 1 Tràng Tiền, Hà Nội").await;
    h.fill("#text", "Thành tích này đã được khen thưởng năm trước.")
        .await;
    h.submit("form.stack button[type=submit]").await;
    h.expect("#objection-filed", "Đã nhận ý kiến").await;
    h.shot("objection-filed").await;
    h.console_clean("objection filed").await;
    // The objector stays private: not on any public page.
    h.goto("/notice").await;
    assert!(!h.body().await.contains("Trần Văn Phản"));
    let open = h.server.state.read(|p| p.catalog().nominations.len());
    assert!(open > 0);
}
