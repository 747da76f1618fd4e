//! The signed-in pages: a clerk drafts (with field-level validation) and the head submits;
//! the secretariat moves the phase and screens; a member scores and votes.

use fantoccini::Locator;

use crate::browser::harness::Harness;
use crate::browser::seed::{Data, PASSWORD};

const NOMINEE: &str = "Phạm Thị Trình Duyệt";

pub async fn clerk_drafts_and_head_submits(h: &Harness, d: &Data) {
    h.sign_in(&d.clerk, PASSWORD).await;
    h.console_clean("clerk signed in").await;
    h.goto("/work/nominations").await;
    h.shot("work-nominations").await;
    h.goto(&format!(
        "/work/programmes/{}/nominations/new",
        d.flow_programme
    ))
    .await;
    // Submitting it empty: a message beside each required field.
    h.submit("#save-draft").await;
    h.expect("#form-errors", "Vui lòng sửa").await;
    h.expect("#full_name-error", "Vui lòng nhập").await;
    h.expect("#citation-error", "Vui lòng nhập").await;
    h.fill("#full_name", NOMINEE).await;
    h.fill("#organisation", "Báo Khoa học").await;
    h.fill("#citation", "Vì loạt bài phổ biến khoa học").await;
    h.fill("#achievements", "Hơn 100 bài viết").await;
    // A domain rule, reported on its field in the reader's language (translated by the
    // refusal's code, issue 11 item 2): an e-mail that is not one.
    h.fill("#email", "not-an-email").await;
    h.submit("#save-draft").await;
    assert!(
        h.text("#email-error").await.contains("thư điện tử"),
        "the domain's refusal on the field, in Vietnamese"
    );
    assert!(
        h.text("#full_name").await.is_empty(),
        "inputs have no text node"
    );
    let kept = h
        .browser
        .find(Locator::Css("#full_name"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(
        kept.as_deref(),
        Some(NOMINEE),
        "the form keeps what was typed"
    );
    h.shot("nomination-form-errors").await;
    h.console_clean_except("nomination form errors", &["status of 422"])
        .await;
    h.fill("#email", "").await;
    // One identity per person (issue 12): "Find existing people" shows the form again with
    // the candidates; nobody is known by this name, so "a new person" stays chosen.
    h.fill("#national_id", "001190000123").await;
    h.submit("#find-people").await;
    h.expect("#candidates", "Một người mới").await;
    let new_person = h
        .browser
        .find(Locator::Css("#person-new"))
        .await
        .unwrap()
        .prop("checked")
        .await
        .unwrap();
    assert_eq!(
        new_person.as_deref(),
        Some("true"),
        "a new person by default"
    );
    h.shot("nomination-form-candidates").await;
    h.console_clean("candidates shown").await;
    h.submit("#save-draft").await;
    assert!(h.text("#nominee-name").await.contains(NOMINEE));
    h.expect("#status", "Bản nháp").await;
    assert!(
        h.browser
            .find_all(Locator::Css("#submit-nomination"))
            .await
            .unwrap()
            .is_empty(),
        "a clerk cannot submit"
    );
    let url = h.browser.current_url().await.unwrap();
    let path = url.path().to_owned();
    h.console_clean("draft saved").await;
    h.sign_out().await;

    h.sign_in(&d.head, PASSWORD).await;
    h.goto(&path).await;
    h.submit("#submit-nomination").await;
    h.expect("#status", "Đã trình").await;
    h.expect("#done", "Đã trình").await;
    h.shot("nomination-submitted").await;
    // Its history: drafted, then submitted, with who and the status change.
    h.goto(&format!("{path}/history")).await;
    let history = h.text("#history").await;
    assert!(
        history.contains("Bản nháp") && history.contains("Đã trình"),
        "{history}"
    );
    h.shot("nomination-history").await;
    h.console_clean("head submitted").await;
    h.sign_out().await;
}

pub async fn admin_screens(h: &Harness, d: &Data) {
    h.sign_in(&d.admin, &d.admin_password).await;
    h.goto(&format!("/work/programmes/{}", d.flow_programme))
        .await;
    h.submit("#move-phase").await;
    h.expect("#phase", "Thẩm định").await;
    h.goto("/work/nominations?status=submitted").await;
    h.shot("screening-queue").await;
    let href = h
        .browser
        .find(Locator::XPath(&format!(
            "//table[@id='nominations']//a[contains(., '{NOMINEE}')]"
        )))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    h.goto(&href).await;
    h.click("#outcome-eligible").await;
    h.fill("#screen-reason", "Đủ điều kiện theo quy chế").await;
    h.submit("#screen-submit").await;
    assert!(h.body().await.contains("Đã ghi kết quả thẩm định"));
    assert!(
        !h.text("#nominations").await.contains(NOMINEE),
        "left the queue"
    );
    // On to review: reviewers are assigned.
    h.goto(&format!("/work/programmes/{}", d.flow_programme))
        .await;
    h.submit("#move-phase").await;
    h.expect("#phase", "Chấm điểm").await;
    h.shot("programme").await;
    // The audit trail and the notification log.
    h.goto("/work/audit").await;
    h.expect("#history", "Đủ điều kiện").await;
    h.shot("audit").await;
    h.goto("/work/notifications").await;
    h.shot("notifications").await;
    h.console_clean("admin screening").await;
    h.sign_out().await;
}

pub async fn member_scores_and_votes(h: &Harness, d: &Data) {
    h.sign_in(&d.member, PASSWORD).await;
    h.goto("/work/assignments").await;
    h.shot("assignments").await;
    let href = h
        .browser
        .find(Locator::XPath(&format!(
            "//table[@id='assignments']//a[contains(., '{NOMINEE}')]"
        )))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    h.goto(&href).await;
    h.fill("#score-impact", "9").await;
    h.fill("#score-reach", "7").await;
    h.fill("#comment", "Rất thuyết phục").await;
    h.submit("#score-submit").await;
    h.expect("#done", "Đã lưu điểm").await;
    let impact = h
        .browser
        .find(Locator::Css("#score-impact"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(impact.as_deref(), Some("9"));
    h.shot("dossier-scored").await;
    let path = h.browser.current_url().await.unwrap().path().to_owned();
    h.console_clean("member scored").await;
    h.sign_out().await;

    // The secretariat opens the vote.
    h.sign_in(&d.admin, &d.admin_password).await;
    h.goto(&format!("/work/programmes/{}", d.flow_programme))
        .await;
    h.submit("#move-phase").await;
    h.expect("#phase", "Bỏ phiếu").await;
    h.sign_out().await;

    h.sign_in(&d.member, PASSWORD).await;
    h.goto(&path).await;
    h.click("#choice-approve").await;
    h.submit("#ballot-submit").await;
    h.expect("#done", "Đã ghi nhận phiếu bầu").await;
    h.expect("#voted", "đã bỏ phiếu").await;
    assert!(
        h.browser
            .find_all(Locator::Css("#ballot-submit"))
            .await
            .unwrap()
            .is_empty(),
        "one ballot"
    );
    h.shot("ballot-cast").await;
    h.console_clean("member voted").await;
    h.sign_out().await;
}
