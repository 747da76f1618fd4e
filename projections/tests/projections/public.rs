//! The public read models (honour list, award pages, leaderboard, public notice), on logs the
//! domain really produces.

use accolade_domain::ProgrammeCommand;
use accolade_events::*;
use accolade_projections::*;

use super::support::*;

fn names(items: &[HonourItem]) -> Vec<&str> {
    items.iter().map(|i| i.full_name.as_str()).collect()
}

fn q(s: &str) -> HonourFilter {
    HonourFilter {
        q: Some(s.into()),
        ..HonourFilter::default()
    }
}

#[test]
fn honour_list_search_ignores_diacritics_case_and_word_order() {
    let w = World::full_cycle(true);
    let (p, keys) = (fold(&w.records()), &*w.vault);
    let all = p.honours(&HonourFilter::default(), keys);
    // Within one decision, the order the decision conferred them (names are sealed: no
    // longer part of the order).
    assert_eq!(names(&all), ["Nguyễn Văn Đức", "Lê Quốc Đạt"]);
    for query in [
        "nguyen van duc",
        "duc nguyen",
        "NGUYỄN VĂN ĐỨC",
        "đức",
        "Đuc",
        "van nguyen",
        "nguyễn duc",
    ] {
        assert_eq!(
            names(&p.honours(&q(query), keys)),
            ["Nguyễn Văn Đức"],
            "query {query:?}"
        );
    }
    assert_eq!(
        names(&p.honours(&q("dat"), keys)),
        ["Lê Quốc Đạt"],
        "đ/Đ folds to d"
    );
    assert!(p.honours(&q("tran thi"), keys).is_empty(), "not awarded");
    assert!(p.honours(&q("nguyen van dat"), keys).is_empty());
    let item = &all[0];
    assert_eq!(
        (item.agency_id, item.agency_name.as_str()),
        (A1, "Bộ Khoa học và Công nghệ")
    );
    assert_eq!(
        (item.year, item.status, item.decision_no.as_str()),
        (2026, AwardStatus::Awarded, "123/QĐ-BKHCN")
    );
}

#[test]
fn honour_list_filters() {
    let w = World::full_cycle(true);
    let (p, keys) = (fold(&w.records()), &*w.vault);
    let f = |f: HonourFilter| p.honours(&f, keys).len();
    assert_eq!(
        f(HonourFilter {
            province: Some("ha noi".into()),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        f(HonourFilter {
            province: Some("Huế".into()),
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        f(HonourFilter {
            agency_id: Some(A1),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        f(HonourFilter {
            agency_id: Some(A2),
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        f(HonourFilter {
            year: Some(2026),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        f(HonourFilter {
            year: Some(2025),
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        f(HonourFilter {
            programme_id: Some(PROGRAMME),
            category_code: Some("C".into()),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        f(HonourFilter {
            category_code: Some("X".into()),
            ..Default::default()
        }),
        0
    );
}

#[test]
fn nothing_is_public_before_the_move_to_published() {
    let w = World::full_cycle(true);
    let (records, keys) = (w.records(), &*w.vault);
    let p = fold(&records[..records.len() - 1]);
    assert!(p.honours(&HonourFilter::default(), keys).is_empty());
    assert!(p.leaderboard(None).is_empty());
    let award = p.catalog().nominations[&nom(1)].award_id.unwrap();
    assert!(p.award(award, keys).is_none());
}

#[test]
fn award_page_shows_revocation_and_verification_record() {
    let mut w = World::full_cycle(true);
    let award = w.state.nominations[&nom(1)].award_id.unwrap();
    let records = w.records();
    let conferring = records
        .iter()
        .find(|r| r.event_type == "AwardConferred" && r.payload.get().contains(&award.to_string()))
        .unwrap();
    let page = fold(&records).award(award, &*w.vault).unwrap();
    assert_eq!(page.item.status, AwardStatus::Awarded);
    assert_eq!(
        page.verification,
        Verification {
            event_id: conferring.event_id,
            position: conferring.position,
            hash: conferring.hash
        }
    );
    assert_eq!(page.signer.as_deref(), Some("Bộ trưởng"));
    assert_eq!(page.citation, "Vì đóng góp xuất sắc");
    // Models that opened the list's cards before the revocation is folded into them.
    let mut live = fold(&w.records());
    let vault = w.vault.clone();
    let status = |p: &accolade_projections::Projections| {
        p.honours(&HonourFilter::default(), &*vault)
            .into_iter()
            .find(|i| i.award_id == award)
            .map(|i| i.status)
    };
    assert_eq!(status(&live), Some(AwardStatus::Awarded));

    w.run(
        &authority(),
        ProgrammeCommand::RevokeAward {
            award_id: award,
            ground: RevocationGround::FalseDossier,
            decision_no: "9/QĐ".into(),
            decided_on: time::macros::date!(2026 - 09 - 01),
            note: None,
        },
    );
    for r in w.records() {
        live.apply(&r);
    }
    assert_eq!(
        status(&live),
        Some(AwardStatus::Revoked),
        "an opened card follows the revocation"
    );
    let p = fold(&w.records());
    let page = p.award(award, &*w.vault).unwrap();
    assert_eq!(page.item.status, AwardStatus::Revoked);
    let r = page.revocation.unwrap();
    assert_eq!(
        (r.ground, r.decided_on),
        (
            RevocationGround::FalseDossier,
            time::macros::date!(2026 - 09 - 01)
        )
    );
    assert_eq!(
        p.honours(&HonourFilter::default(), &*w.vault).len(),
        2,
        "nothing is deleted"
    );
    assert_eq!(
        p.leaderboard(None)[0].points,
        10,
        "a revoked award no longer counts"
    );
}

#[test]
fn public_models_carry_no_personal_data() {
    let w = World::full_cycle(true);
    let p = fold(&w.records());
    let keys = &*w.vault;
    let public = serde_json::to_string(&(
        p.honours(&HonourFilter::default(), keys),
        p.leaderboard(None),
        p.award(w.state.nominations[&nom(1)].award_id.unwrap(), keys),
        p.notice(None, keys),
    ))
    .unwrap();
    for secret in ["@", "1979", "0912345678", "Phản Ánh", "Phố Huế"] {
        assert!(!public.contains(secret), "{secret} leaked: {public}");
    }
}

#[test]
fn leaderboard_per_year_and_all_time() {
    let p = fold(&World::full_cycle(true).records());
    let board = p.leaderboard(Some(2026));
    assert_eq!(board.len(), 1);
    assert_eq!(
        (
            board[0].rank,
            board[0].agency_id,
            board[0].awards,
            board[0].points
        ),
        (1, A1, 2, 20)
    );
    assert_eq!(p.leaderboard(None), board);
    assert!(p.leaderboard(Some(2025)).is_empty());
}

#[test]
fn notice_list_shows_only_the_allowed_fields() {
    let mut w = World::full_cycle(true);
    // Stop where public notice began (before the objection).
    let at = w
        .log
        .iter()
        .position(|l| l.event_type == "ObjectionFiled")
        .unwrap();
    w.log.truncate(at);
    let p = fold(&w.records());
    let list = p.notice(Some(PROGRAMME), &*w.vault);
    let names: Vec<&str> = list.iter().map(|n| n.full_name.as_str()).collect();
    // By category, then the order they were drafted (names are sealed: not part of the order).
    assert_eq!(names, ["Nguyễn Văn Đức", "Lê Quốc Đạt"]);
    assert_eq!(list[0].position.as_deref(), Some("Phóng viên"));
    assert_eq!(list[0].award_title, "Bằng khen");
    let json = serde_json::to_string(&list).unwrap();
    assert!(!json.contains('@') && !json.contains("1979"), "{json}");
    let w = World::full_cycle(true);
    assert!(
        fold(&w.records()).notice(None, &*w.vault).is_empty(),
        "over once decided"
    );
}
