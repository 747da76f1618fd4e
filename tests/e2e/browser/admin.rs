//! The secretariat's and agencies' remaining pages: resolving an objection (the objector is
//! shown to the secretariat only; an upheld nomination leaves the public notice), setting up
//! a programme, a category and a panel through the forms, a clerk amending a draft (and a
//! stale form refused with a clear message), and the tally with an absent member's written
//! vote. The objector is then erased through the erasure form (issue 12).

use fantoccini::Locator;

use crate::browser::harness::Harness;
use crate::browser::seed::{Data, PASSWORD};

const OBJECTOR: &str = "Trần Văn Phản";
const UNDER_NOTICE: &str = "Lê Thị Góp Ý";
const AMENDED: &str = "Hoàng Văn Sửa Đổi";

async fn count(h: &Harness, css: &str) -> usize {
    h.browser.find_all(Locator::Css(css)).await.unwrap().len()
}

pub async fn admin_resolves_an_objection(h: &Harness, d: &Data) {
    h.sign_in(&d.admin, &d.admin_password).await;
    h.goto("/work").await;
    h.submit("a[href='/work/objections']").await;
    let body = h.text("main").await;
    assert!(body.contains(UNDER_NOTICE), "{body}");
    assert!(
        body.contains(OBJECTOR),
        "the secretariat sees who objected: {body}"
    );
    assert!(body.contains("0901234567"), "and how to reach them");
    let article = h
        .browser
        .find(Locator::XPath(&format!(
            "//article[starts-with(@id, 'objection-')][contains(., '{OBJECTOR}')]"
        )))
        .await
        .unwrap();
    let oid = article
        .attr("id")
        .await
        .unwrap()
        .unwrap()
        .trim_start_matches("objection-")
        .to_owned();
    h.expect(&format!("#objection-{oid} .objection-status"), "Chưa xử lý")
        .await;
    // Neither outcome nor reason: a message beside each.
    h.submit(&format!("#resolve-{oid}")).await;
    h.expect(&format!("#outcome-{oid}-error"), "Chọn chấp nhận")
        .await;
    h.expect(&format!("#reason-{oid}-error"), "Vui lòng nhập")
        .await;
    h.shot("objections-errors").await;
    h.console_clean_except("objection resolution errors", &["status of 422"])
        .await;
    h.click(&format!("#uphold-{oid}")).await;
    h.fill(
        &format!("#reason-{oid}"),
        "Đã xác minh: thành tích trùng với đợt khen thưởng trước.",
    )
    .await;
    h.submit(&format!("#resolve-{oid}")).await;
    h.expect("#done", "Đã chấp nhận ý kiến phản ánh").await;
    h.expect(
        &format!("#objection-{oid} .objection-status"),
        "Đã chấp nhận",
    )
    .await;
    h.expect(
        &format!("#objection-{oid} .resolution-reason"),
        "Đã xác minh",
    )
    .await;
    assert_eq!(
        count(h, &format!("#resolve-{oid}")).await,
        0,
        "resolved once"
    );
    h.shot("objections-resolved").await;
    h.console_clean("objection upheld").await;

    // Issue 12: the objector asks to be erased. The form names their pseudonymous person id,
    // says what erasure does, and needs a reason; afterwards the page cannot show them.
    let person = h
        .text(&format!("#objection-{oid} .objector-person-id"))
        .await;
    h.click(&format!("#erase-open-{person}")).await;
    h.expect(
        &format!("#objection-{oid} .erase-form"),
        "Không thể hoàn tác",
    )
    .await;
    h.fill(
        &format!("#erase-reason-{person}"),
        "Người phản ánh yêu cầu xoá dữ liệu cá nhân",
    )
    .await;
    h.submit(&format!("#erase-{person}")).await;
    h.expect("#done", "Đã xoá dữ liệu cá nhân").await;
    let erased = h.text(&format!("#objection-{oid}")).await;
    assert!(
        !erased.contains(OBJECTOR) && !erased.contains("0901234567"),
        "{erased}"
    );
    assert!(erased.contains(&person), "the person id stays: {erased}");
    assert_eq!(
        count(h, &format!("#erase-{person}")).await,
        0,
        "erased once"
    );
    h.shot("objections-erased").await;
    h.console_clean("objector erased").await;
    h.sign_out().await;

    // The public notice no longer lists it, and never named the objector.
    h.goto("/notice").await;
    let notice = h.text("main").await;
    assert!(
        !notice.contains(UNDER_NOTICE),
        "upheld: off the list: {notice}"
    );
    assert!(!notice.contains(OBJECTOR));
    // Signed out, the objections page is not there to see.
    h.goto("/work/objections").await;
    assert!(!h.body().await.contains(OBJECTOR));
    h.console_clean("notice after upheld objection").await;
}

pub async fn admin_sets_up_a_programme(h: &Harness, d: &Data) {
    h.sign_in(&d.admin, &d.admin_password).await;
    h.goto("/work/programmes").await;
    h.submit("#new-programme").await;
    h.fill("#year", "năm nay").await;
    h.submit("#create-programme").await;
    h.expect("#form-errors", "Vui lòng sửa").await;
    h.expect("#title-error", "Vui lòng nhập").await;
    h.expect("#year-error", "năm").await;
    h.shot("programme-form-errors").await;
    h.console_clean_except("programme form errors", &["status of 422"])
        .await;
    h.fill("#title", "Giải thưởng lập bằng biểu mẫu").await;
    h.fill("#year", "2026").await;
    h.fill("#description", "Chương trình thử qua giao diện")
        .await;
    h.submit("#create-programme").await;
    h.expect("#done", "Đã tạo chương trình").await;
    h.expect("h1", "Giải thưởng lập bằng biểu mẫu").await;
    h.expect("#phase", "Thiết lập").await;
    let programme = h.browser.current_url().await.unwrap().path().to_owned();
    h.console_clean("programme created").await;

    // A category: bad criteria and an impossible threshold first.
    h.submit("#new-category").await;
    h.fill("#code", "KHCN").await;
    h.fill("#title", "Tập thể tiêu biểu").await;
    h.fill("#award_title", "Cờ thi đua").await;
    h.fill("#award_level", "ministry").await;
    h.fill(
        "#criteria",
        "impact | Tác động | 3 | 10\nimpact | Lặp | 1 | 5",
    )
    .await;
    h.fill("#threshold_num", "3").await;
    h.fill("#threshold_den", "2").await;
    h.submit("#add-category").await;
    h.expect("#criteria-error", "Dòng 2").await;
    h.shot("category-form-errors").await;
    h.console_clean_except("category form errors", &["status of 422"])
        .await;
    // The criteria read, the threshold is the domain's to refuse (beside its field).
    h.fill(
        "#criteria",
        "impact | Tác động | 3 | 10\nreach | Lan tỏa | 1 | 5",
    )
    .await;
    h.submit("#add-category").await;
    h.expect("#threshold_num-error", "").await;
    h.console_clean_except("category threshold refused", &["status of 422"])
        .await;
    h.fill("#threshold_num", "2").await;
    h.fill("#threshold_den", "3").await;
    h.click("#strict").await; // at least 2/3, not more than
    h.click("#denominator-cast").await;
    h.fill("#quorum_num", "1").await;
    h.fill("#quorum_den", "2").await;
    h.click("#absentee_written").await;
    h.fill("#max_awards", "3").await;
    h.fill("#max_per_agency", "1").await;
    h.fill("#legal_ref", "Nghị định 91/2017/NĐ-CP, Điều 12")
        .await;
    h.submit("#add-category").await;
    h.expect("#done", "Đã thêm hạng mục").await;
    let cats = h.text("#categories").await;
    assert!(
        cats.contains("KHCN") && cats.contains("≥ 2/3") && cats.contains("Nghị định 91/2017"),
        "{cats}"
    );
    h.console_clean("category added").await;
    let k = h
        .server
        .state
        .read(|p| {
            p.catalog()
                .programmes
                .values()
                .find(|x| x.title == "Giải thưởng lập bằng biểu mẫu")
                .and_then(|x| x.categories.get("KHCN").cloned())
        })
        .expect("the category is in the read model");
    assert_eq!(k.criteria.len(), 2);
    assert_eq!((k.voting.threshold.num, k.voting.threshold.den), (2, 3));
    assert!(!k.voting.threshold.strict && k.voting.absentee_written && k.voting.secret);
    assert_eq!(k.max_per_agency, Some(1));

    // A panel: nothing ticked first.
    h.submit("#new-panel").await;
    h.submit("#form-panel").await;
    h.expect("#name-error", "Vui lòng nhập").await;
    h.expect("#category-error", "hạng mục").await;
    h.expect("#member-error", "thành viên").await;
    h.console_clean_except("panel form errors", &["status of 422"])
        .await;
    h.fill("#name", "Hội đồng lập bằng biểu mẫu").await;
    h.click("#category-KHCN").await;
    for m in h
        .browser
        .find_all(Locator::Css("input[name^='member.']"))
        .await
        .unwrap()
    {
        m.click().await.unwrap();
    }
    h.browser
        .find(Locator::Css("#chair_id"))
        .await
        .unwrap()
        .select_by_index(1)
        .await
        .unwrap();
    h.fill("#reviewers_per_nomination", "2").await;
    h.shot("panel-form").await;
    h.submit("#form-panel").await;
    h.expect("#done", "Đã thành lập hội đồng").await;
    h.expect("#panels", "Hội đồng lập bằng biểu mẫu").await;
    h.shot("programme-set-up").await;
    h.console_clean("panel formed").await;
    assert!(programme.starts_with("/work/programmes/"));
    h.sign_out().await;
}

pub async fn clerk_amends_a_draft(h: &Harness, d: &Data) {
    h.sign_in(&d.clerk, PASSWORD).await;
    h.goto(&format!(
        "/work/programmes/{}/nominations/new",
        d.flow_programme
    ))
    .await;
    h.fill("#full_name", "Hoàng Văn Nháp").await;
    h.fill("#organisation", "Đài Phát thanh").await;
    h.fill("#citation", "Vì chương trình phát thanh khoa học")
        .await;
    h.fill("#achievements", "200 số phát sóng").await;
    h.submit("#save-draft").await;
    h.expect("#status", "Bản nháp").await;
    h.submit("#amend-link").await;
    // A required field emptied: the message beside it, the rest kept.
    h.fill("#full_name", "").await;
    h.submit("#save-amendment").await;
    h.expect("#full_name-error", "Vui lòng nhập").await;
    h.console_clean_except("amend errors", &["status of 422"])
        .await;
    h.fill("#full_name", AMENDED).await;
    h.fill(
        "#citation",
        "Vì chương trình phát thanh khoa học cho nông thôn",
    )
    .await;
    h.shot("amend-form").await;
    h.submit("#save-amendment").await;
    h.expect("#done", "Đã lưu thay đổi").await;
    h.expect("#nominee-name", AMENDED).await;
    assert!(h.text("main").await.contains("cho nông thôn"));
    h.console_clean("amended").await;

    // A form read before someone else's save: refused, with a clear message, nothing lost.
    h.submit("#amend-link").await;
    let version = h
        .browser
        .find(Locator::Css("input[name=version]"))
        .await
        .unwrap()
        .attr("value")
        .await
        .unwrap()
        .unwrap();
    let old: u32 = version.parse::<u32>().unwrap() - 1;
    h.browser
        .execute(
            "document.querySelector('input[name=version]').value = arguments[0];",
            vec![serde_json::json!(old.to_string())],
        )
        .await
        .unwrap();
    h.fill("#citation", "Bản sửa trên biểu mẫu cũ").await;
    h.submit("#save-amendment").await;
    h.expect("#stale", "Người khác đã sửa hồ sơ này").await;
    let kept = h
        .browser
        .find(Locator::Css("#citation"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(
        kept.as_deref(),
        Some("Bản sửa trên biểu mẫu cũ"),
        "typed text kept"
    );
    assert_eq!(count(h, "#save-amendment").await, 0, "no blind overwrite");
    h.shot("amend-stale").await;
    h.console_clean_except("stale amend", &["status of 412"])
        .await;
    h.submit("#reload").await;
    let current = h
        .browser
        .find(Locator::Css("#citation"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(
        current.as_deref(),
        Some("Vì chương trình phát thanh khoa học cho nông thôn"),
        "the stale save changed nothing"
    );
    h.console_clean("amend reloaded").await;
    h.sign_out().await;
}

/// After the member's ballot: the secretariat enters the chair's written vote, closes the
/// round by moving on, and reads the tally.
pub async fn admin_tally_and_absentee(h: &Harness, d: &Data) {
    h.sign_in(&d.admin, &d.admin_password).await;
    h.goto(&format!("/work/programmes/{}", d.flow_programme))
        .await;
    h.submit("#tally-link").await;
    h.expect("#no-tally", "Chưa có vòng").await;
    let form = h.browser.find(Locator::Css("form.absentee")).await.unwrap();
    let fid = form.attr("id").await.unwrap().unwrap();
    let nid = fid.trim_start_matches("absentee-").to_owned();
    h.submit(&format!("#absentee-submit-{nid}")).await;
    h.expect(&format!("#absentee-member-{nid}-error"), "Chọn thành viên")
        .await;
    h.console_clean_except("absentee errors", &["status of 422"])
        .await;
    h.browser
        .find(Locator::Css(&format!("#absentee-member-{nid}")))
        .await
        .unwrap()
        .select_by_index(1)
        .await
        .unwrap();
    h.click(&format!("#absentee-approve-{nid}")).await;
    h.submit(&format!("#absentee-submit-{nid}")).await;
    h.expect("#done", "Đã nhập phiếu").await;
    assert_eq!(count(h, "form.absentee").await, 0, "everyone has voted");
    h.console_clean("absentee entered").await;
    // Closing the round: on to public notice.
    h.goto(&format!("/work/programmes/{}", d.flow_programme))
        .await;
    h.submit("#move-phase").await;
    h.expect("#phase", "Công khai").await;
    h.submit("#tally-link").await;
    h.expect(&format!("#tally-{nid} .approve"), "2").await;
    h.expect(&format!("#tally-{nid}"), "đạt").await;
    h.shot("tally").await;
    h.console_clean("tally").await;
    h.sign_out().await;
}
