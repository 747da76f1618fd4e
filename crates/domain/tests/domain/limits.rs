//! Caps on free text, bounds on a category's numbers, evidence links and batch dismissal
//! (issue 10 items 8, 9 and 16).

use accolade_domain::*;
use accolade_events::*;
use uuid::Uuid;

use crate::support::*;

/// A one-nomination programme in public notice, `nom(1)` recommended.
fn in_notice() -> World {
    let mut w = World::in_voting(open_rule(1, 2, false, Denominator::VotesCast), 1, 1, 1);
    w.vote(1, nom(1), Choice::Approve).unwrap();
    w.close_round();
    w.move_to(Phase::PublicNotice);
    w
}

fn objection(id: u128, text: String) -> ProgrammeCommand {
    ProgrammeCommand::FileObjection(FileObjection {
        objection_id: Uuid::from_u128(id),
        nomination_id: nom(1),
        objector_person_id: Uuid::from_u128(0xF000 + id),
        objector: Objector {
            full_name: "Trần Thị Bình".into(),
            phone: "0900000000".into(),
            address: "Hà Nội".into(),
            email: None,
        },
        text,
    })
}

fn field_of(e: &DomainError) -> &str {
    match e {
        DomainError::Invalid { field, .. } => field,
        other => panic!("expected a field error, got {other}"),
    }
}

/// Issue 10 item 8: an objection of 200,000 characters is refused with a field error naming
/// `text`, and nothing is appended; one of exactly 10,000 characters (multi-byte) is taken.
#[test]
fn a_200_000_character_objection_is_refused_and_nothing_is_appended() {
    let mut w = in_notice();
    let before = w.log.len();
    let e = w
        .try_run(&Actor::Public, objection(1, "x".repeat(200_000)))
        .unwrap_err();
    assert_eq!(field_of(&e), "text");
    assert_eq!(w.log.len(), before);
    assert!(w.state.objections.is_empty());
    // The cap counts characters: 10,000 Vietnamese letters are 20,000 bytes, and fit.
    w.run(&Actor::Public, objection(2, "Đ".repeat(limits::TEXT)));
    assert_eq!(w.log.len(), before + 1);
}

/// Issue 10 item 8: each of the objector's fields is capped at 200 characters.
#[test]
fn the_objectors_fields_are_capped() {
    let long = "a".repeat(limits::NAME + 1);
    for field in ["full_name", "phone", "address"] {
        let mut w = in_notice();
        let mut cmd = objection(1, "x".into());
        if let ProgrammeCommand::FileObjection(o) = &mut cmd {
            match field {
                "full_name" => o.objector.full_name.clone_from(&long),
                "phone" => o.objector.phone.clone_from(&long),
                _ => o.objector.address.clone_from(&long),
            }
        }
        let e = w.try_run(&Actor::Public, cmd).unwrap_err();
        assert_eq!(field_of(&e), field);
    }
}

/// Issue 10 items 8 and 9: every free-text field of a nomination is capped (names 200,
/// citation 5,000, achievements 50,000) and evidence links must be http(s) URLs, each refused
/// with the field's name.
#[test]
fn a_nominations_text_is_capped_and_its_links_are_web_urls() {
    type Edit = fn(&mut NominationContent);
    let cases: [(&str, Edit); 10] = [
        ("nominee.full_name", |c| {
            c.nominee.full_name = "a".repeat(201)
        }),
        ("nominee.position", |c| {
            c.nominee.position = Some("a".repeat(201))
        }),
        ("nominee.organisation", |c| {
            c.nominee.organisation = "a".repeat(201)
        }),
        ("nominee.province", |c| {
            c.nominee.province = Some("a".repeat(201))
        }),
        ("citation", |c| c.citation = "a".repeat(5_001)),
        ("achievements", |c| c.achievements = "a".repeat(50_001)),
        ("evidence[0].title", |c| {
            c.evidence[0].title = "a".repeat(201)
        }),
        ("evidence[0].url", |c| {
            c.evidence[0].url = "javascript:alert(1)".into()
        }),
        ("evidence[0].url", |c| {
            c.evidence[0].url = "data:text/html,x".into()
        }),
        ("evidence[0].url", |c| {
            c.evidence[0].url = "//evil.example/x".into()
        }),
    ];
    let mut w = World::programme(
        vec![category("C", ninety_percent(), 1, None)],
        1,
        |_| None,
        None,
    );
    w.move_to(Phase::Nominating);
    for (field, edit) in cases {
        let mut c = content("Nguyễn Văn A", 1);
        edit(&mut c);
        let e = w
            .try_run(
                &clerk(A1),
                ProgrammeCommand::DraftNomination {
                    nomination_id: nom(1),
                    category_code: "C".into(),
                    content: c,
                },
            )
            .unwrap_err();
        assert_eq!(field_of(&e), field);
    }
    // At the caps exactly, everything is taken.
    let mut c = content("Nguyễn Văn A", 1);
    c.citation = "ệ".repeat(limits::CITATION);
    c.achievements = "ệ".repeat(limits::ACHIEVEMENTS);
    c.nominee.full_name = "ệ".repeat(limits::NAME);
    w.draft_content(A1, nom(1), c);
    // Amending goes through the same rules.
    let mut c = content("Nguyễn Văn A", 1);
    c.evidence[0].url = "JavaScript:alert(1)".into();
    let e = w
        .try_run(
            &clerk(A1),
            ProgrammeCommand::AmendNomination {
                nomination_id: nom(1),
                content: c,
                expected_version: None,
            },
        )
        .unwrap_err();
    assert_eq!(field_of(&e), "evidence[0].url");
}

/// Issue 10 item 8: names and titles of the set-up and reasons of every action are capped.
#[test]
fn titles_names_and_reasons_are_capped() {
    let mut w = World::programme(vec![], 1, |_| None, None);
    let e = w
        .try_run(
            &admin(),
            ProgrammeCommand::Amend(ProgrammeAmended {
                title: Some("a".repeat(201)),
                ..Default::default()
            }),
        )
        .unwrap_err();
    assert_eq!(field_of(&e), "title");
    let mut c = category("C", ninety_percent(), 1, None);
    c.award_title = "a".repeat(201);
    let e = w
        .try_run(&admin(), ProgrammeCommand::AddCategory(c))
        .unwrap_err();
    assert_eq!(field_of(&e), "award_title");

    let mut w = in_notice();
    w.run(&Actor::Public, objection(1, "x".into()));
    let e = w
        .try_run(
            &admin(),
            ProgrammeCommand::ResolveObjection {
                objection_id: Uuid::from_u128(1),
                upheld: false,
                reason: "a".repeat(10_001),
            },
        )
        .unwrap_err();
    assert_eq!(field_of(&e), "reason");
}

/// The public notice's length is bounded, so its end date (a walk over the calendar) stays
/// small and no programme can be given a notice that never ends.
#[test]
fn the_notice_length_is_bounded() {
    let mut w = World::programme(vec![], 1, |_| None, None);
    let too_long = |days| {
        ProgrammeCommand::Amend(ProgrammeAmended {
            notice_working_days: Some(days),
            ..Default::default()
        })
    };
    let e = w.try_run(&admin(), too_long(u32::MAX)).unwrap_err();
    assert_eq!(field_of(&e), "notice_working_days");
    let e = w
        .try_run(&admin(), too_long(limits::NOTICE_DAYS + 1))
        .unwrap_err();
    assert_eq!(field_of(&e), "notice_working_days");
    w.run(&admin(), too_long(limits::NOTICE_DAYS));
}

fn criterion(key: &str, weight: u32, max: u32) -> Criterion {
    Criterion {
        key: key.into(),
        label: key.into(),
        weight,
        max,
    }
}

/// Issue 10 item 16: a category's weights, maxima, number of criteria, quotas, points and
/// ratios are bounded at setup, on add and on amend, each with its field.
#[test]
fn a_categorys_numbers_are_bounded() {
    type Edit = fn(&mut Category);
    let cases: [(&str, Edit); 9] = [
        ("criteria[0].weight", |c| c.criteria[0].weight = u32::MAX),
        ("criteria[1].max", |c| c.criteria[1].max = 1_001),
        ("criteria", |c| {
            c.criteria = (0..51)
                .map(|i| criterion(&format!("k{i}"), 1, 10))
                .collect();
        }),
        ("max_awards", |c| c.max_awards = 1_001),
        ("max_per_agency", |c| c.max_per_agency = Some(u32::MAX)),
        ("leaderboard_points", |c| c.leaderboard_points = u32::MAX),
        ("voting.threshold", |c| {
            c.voting.threshold = Threshold {
                num: u32::MAX - 1,
                den: u32::MAX,
                strict: false,
            };
        }),
        ("voting.quorum", |c| {
            c.voting.quorum = Some(Ratio { num: 1, den: 1_001 })
        }),
        ("prerequisite.consecutive_years", |c| {
            c.prerequisite = Some(Prerequisite {
                award_title: "X".into(),
                consecutive_years: 101,
            });
        }),
    ];
    let mut w = World::programme(
        vec![category("C", ninety_percent(), 1, None)],
        1,
        |_| None,
        None,
    );
    for (field, edit) in cases {
        let mut c = category("D", ninety_percent(), 1, None);
        edit(&mut c);
        let e = w
            .try_run(&admin(), ProgrammeCommand::AddCategory(c))
            .unwrap_err();
        assert_eq!(field_of(&e), field);
        let mut c = category("C", ninety_percent(), 1, None);
        edit(&mut c);
        let e = w
            .try_run(&admin(), ProgrammeCommand::AmendCategory(c))
            .unwrap_err();
        assert_eq!(field_of(&e), field);
    }
    // The bounds themselves are allowed.
    let mut c = category("D", ninety_percent(), limits::AWARDS, Some(limits::AWARDS));
    c.criteria = (0..limits::CRITERIA)
        .map(|i| criterion(&format!("k{i}"), limits::CRITERION, limits::CRITERION))
        .collect();
    c.leaderboard_points = limits::POINTS;
    w.run(&admin(), ProgrammeCommand::AddCategory(c));
}

/// Issue 10 item 16: a round whose sheets carry extreme weights and scores (recorded before
/// the bounds, so replayed from the log) closes without overflow: on main the weighted sum
/// overflowed `u64` and panicked in a debug build.
#[test]
fn extreme_recorded_weights_close_a_round_without_overflow() {
    let mut w = World::in_voting(open_rule(1, 2, false, Denominator::VotesCast), 1, 2, 1);
    // Rewrite history: the category as an old log could hold it, and sheets at its maxima.
    let mut cat = w.state.categories["C"].clone();
    cat.criteria = vec![
        criterion("impact", u32::MAX, u32::MAX),
        criterion("reach", u32::MAX, u32::MAX),
    ];
    let scores: std::collections::BTreeMap<String, u32> = [
        ("impact".to_owned(), u32::MAX),
        ("reach".to_owned(), u32::MAX),
    ]
    .into();
    let mut extra = vec![ProgrammeEvent::from(CategoryAmended { category: cat })];
    for i in 1..=2 {
        extra.push(ProgrammeEvent::from(ScoresRecorded {
            nomination_id: nom(1),
            member_id: m(i),
            scores: scores.clone(),
            comment: None,
            revision: 1,
        }));
    }
    for e in &extra {
        w.state.evolve(e);
    }
    w.vote(1, nom(1), Choice::Approve).unwrap();
    w.close_round();
    assert_eq!(w.status(nom(1)), NominationStatus::Recommended);
}

fn dismiss(ids: &[u128], reason: &str) -> ProgrammeCommand {
    ProgrammeCommand::DismissObjections {
        objection_ids: ids.iter().map(|i| Uuid::from_u128(*i)).collect(),
        reason: reason.into(),
    }
}

/// Issue 10 item 8: the secretariat dismisses a batch of abusive objections in one command,
/// all or nothing, one `ObjectionResolved` (not upheld) each with the same reason.
#[test]
fn a_batch_of_objections_is_dismissed_all_or_nothing() {
    let mut w = in_notice();
    for i in 1..=3 {
        w.run(&Actor::Public, objection(i, format!("spam {i}")));
    }
    let before = w.log.len();
    // Refused as a whole: one listed twice, one unknown, one already resolved, no reason,
    // none, not the secretariat.
    for (cmd, actor) in [
        (dismiss(&[1, 1], "spam"), admin()),
        (dismiss(&[1, 99], "spam"), admin()),
        (dismiss(&[1, 2], " "), admin()),
        (dismiss(&[], "spam"), admin()),
        (dismiss(&[1, 2], "spam"), member(1)),
        (dismiss(&[1, 2], "spam"), authority()),
    ] {
        assert!(w.try_run(&actor, cmd).is_err());
    }
    let too_many: Vec<u128> = (1..=(limits::BATCH as u128 + 1)).collect();
    assert_eq!(
        field_of(&w.try_run(&admin(), dismiss(&too_many, "spam")).unwrap_err()),
        "objection_ids"
    );
    assert_eq!(w.log.len(), before);

    let ev = w.run(&admin(), dismiss(&[2, 1], "spam from one sender"));
    assert_eq!(ev.len(), 2);
    for (e, id) in ev.iter().zip([2, 1]) {
        match e {
            ProgrammeEvent::ObjectionResolved(r) => {
                assert_eq!(r.objection_id, Uuid::from_u128(id));
                assert_eq!(r.nomination_id, nom(1));
                assert!(!r.upheld);
                assert_eq!(r.reason, "spam from one sender");
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        w.state.objections[&Uuid::from_u128(1)].resolution,
        Some(false)
    );
    assert_eq!(w.status(nom(1)), NominationStatus::Recommended);
    // A batch holding a resolved one changes nothing, not even the open one in it.
    let before = w.log.len();
    let e = w.try_run(&admin(), dismiss(&[3, 1], "spam")).unwrap_err();
    assert!(matches!(e, DomainError::Conflict { .. }), "{e}");
    assert_eq!(w.log.len(), before);
    assert_eq!(w.state.objections[&Uuid::from_u128(3)].resolution, None);
}
