//! The internal read models (objections, queues, progress, ranking, tally, audit, outbox), one
//! test or a few per model, on logs the domain really produces.

use std::collections::BTreeMap;

use accolade_domain::{Actor, ProgrammeCommand};
use accolade_events::*;
use accolade_projections::*;
use uuid::Uuid;

use super::support::*;

#[test]
fn objections_keep_objector_text_and_resolution() {
    let mut w = World::full_cycle(true);
    let resolved_at = w
        .log
        .iter()
        .position(|l| l.event_type == "ObjectionResolved")
        .unwrap();
    let whole = w.records();
    w.log.truncate(resolved_at);
    // Filed, not yet resolved.
    let p = fold(&w.records());
    let open: Vec<&ObjectionEntry> = p.objections().of_programme(PROGRAMME).collect();
    assert_eq!(open.len(), 1);
    let o = open[0];
    assert_eq!(
        (o.id, o.programme_id, o.nomination_id, o.status()),
        (
            Uuid::from_u128(0x0B),
            PROGRAMME,
            nom(3),
            ObjectionStatus::Open
        )
    );
    let objector = o.open_objector(p.catalog(), &*w.vault).unwrap();
    assert_eq!(objector.full_name, "Người Phản Ánh");
    assert_eq!(o.text, "Không đúng");
    // Resolved: dismissed, with its reason; found by id alone.
    let p = fold(&whole);
    let o = p.objections().get(Uuid::from_u128(0x0B)).unwrap();
    assert_eq!(o.status(), ObjectionStatus::Dismissed);
    assert_eq!(o.resolution.as_ref().unwrap().reason, "Không có căn cứ");
    assert_eq!(p.objections().len(), 1);
    assert!(p.objections().of_programme(Uuid::nil()).next().is_none());
}

#[test]
fn queues_keep_agencies_and_recused_members_apart() {
    let mut w = World::new(true);
    w.move_to(Phase::Nominating);
    for (i, a) in [(1, A1), (2, A2)] {
        w.run(
            &head(a),
            ProgrammeCommand::DraftNomination {
                nomination_id: nom(i),
                category_code: "C".into(),
                content: content("X", i, "Huế", false),
            },
        );
    }
    let p = fold(&w.records());
    let ids = |v: Viewer| {
        p.nominations(v, &QueueFilter::default(), &*w.vault)
            .iter()
            .map(|n| n.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(p.viewer(head_of(A2)), Viewer::Agency(A2));
    assert_eq!(
        ids(Viewer::Agency(A2)),
        [nom(2)],
        "never another agency's drafts"
    );
    assert_eq!(ids(Viewer::Admin), [nom(1), nom(2)]);
    assert!(ids(Viewer::Authority).is_empty());
    assert!(
        ids(p.viewer(Uuid::from_u128(0xDEAD))).is_empty(),
        "unknown user sees nothing"
    );

    let w = World::full_cycle(true);
    let p = fold(&w.records());
    let ids = |v: Viewer| {
        p.nominations(v, &QueueFilter::default(), &*w.vault)
            .iter()
            .map(|n| n.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(Viewer::Member(m(4))),
        [nom(1), nom(3)],
        "member 4 (of A2) is recused from A2's"
    );
    assert_eq!(ids(Viewer::Member(m(1))).len(), 4);
    // issue 10 item 5a: the authority sees the dossiers that reached it, not the reserve
    // (2) nor the one not recommended (4).
    let auth = ids(Viewer::Authority);
    assert!(!auth.is_empty());
    assert!(
        !auth.contains(&nom(2)) && !auth.contains(&nom(4)),
        "{auth:?}"
    );
    let f = QueueFilter {
        status: Some(NominationStatus::Reserve),
        ..Default::default()
    };
    assert_eq!(
        p.nominations(Viewer::Admin, &f, &*w.vault)
            .iter()
            .map(|n| n.id)
            .collect::<Vec<_>>(),
        [nom(2)]
    );
}

#[test]
fn progress_shows_participation_but_never_secret_choices() {
    for secret in [true, false] {
        let p = fold(&World::full_cycle(secret).records());
        let report = p.progress(PROGRAMME, Viewer::Admin);
        assert_eq!(report.nominations.len(), 4);
        let n2 = report
            .nominations
            .iter()
            .find(|n| n.nomination_id == nom(2))
            .unwrap();
        assert_eq!(
            n2.reviewers.len(),
            3,
            "the recused member is not an eligible reviewer"
        );
        assert!(n2.reviewers.iter().all(|r| r.voted && r.scored));
        let choices: Vec<Option<Choice>> = report
            .nominations
            .iter()
            .flat_map(|n| n.reviewers.iter().map(|r| r.choice))
            .collect();
        if secret {
            assert!(choices.iter().all(Option::is_none));
        } else {
            assert!(choices.iter().all(Option::is_some));
        }
        let m4 = report.members.iter().find(|x| x.member_id == m(4)).unwrap();
        assert_eq!((m4.assigned, m4.scored, m4.voted), (2, 2, 2));
        // issue 10 item 5b: progress is the chair's (of their panel's categories), not every
        // member's.
        assert_eq!(
            p.progress(PROGRAMME, Viewer::Member(m(1)))
                .nominations
                .len(),
            4
        );
        assert!(
            p.progress(PROGRAMME, Viewer::Member(m(4)))
                .nominations
                .is_empty(),
            "member 4 chairs no panel"
        );
    }
}

#[test]
fn ranking_excludes_recused_members_and_hides_their_nominations() {
    let mut w = World::new(true);
    w.move_to(Phase::Nominating);
    for i in 1..=2u128 {
        w.run(
            &head(A1),
            ProgrammeCommand::DraftNomination {
                nomination_id: nom(i),
                category_code: "C".into(),
                content: content("Y", i, "Huế", false),
            },
        );
        w.run(
            &head(A1),
            ProgrammeCommand::SubmitNomination {
                nomination_id: nom(i),
                history: vec![],
            },
        );
    }
    w.move_to(Phase::Screening);
    for i in 1..=2 {
        w.run(
            &admin(),
            ProgrammeCommand::ScreenNomination {
                nomination_id: nom(i),
                eligible: true,
                reason: "ok".into(),
            },
        );
    }
    w.move_to(Phase::Reviewing);
    w.run(
        &admin(),
        ProgrammeCommand::AssignReviewers {
            panel_id: PANEL,
            seed: 1,
        },
    );
    let sheet =
        |impact: u32| BTreeMap::from([("impact".to_owned(), impact), ("reach".to_owned(), 0)]);
    for (r, i, impact) in [(1, 1, 10), (2, 1, 8), (1, 2, 2), (2, 2, 6)] {
        w.run(
            &member(r),
            ProgrammeCommand::RecordScores {
                nomination_id: nom(i),
                scores: sheet(impact),
                comment: None,
            },
        );
    }
    let p = fold(&w.records());
    let rows = p.ranking(PROGRAMME, "C", Viewer::Admin, &*w.vault);
    assert_eq!(
        rows.iter()
            .map(|r| (r.nomination_id, r.reviewers, r.raw_mean))
            .collect::<Vec<_>>(),
        [(nom(1), 2, 27.0), (nom(2), 2, 12.0)]
    );
    assert!((rows[0].normalised_mean - 1.0).abs() < 1e-9, "{rows:?}");

    // Member 1 declares a conflict on nomination 1 after scoring: its sheet stops counting.
    w.run(
        &member(1),
        ProgrammeCommand::DeclareConflict {
            nomination_id: nom(1),
            member_id: None,
            reason: "relative".into(),
        },
    );
    let p = fold(&w.records());
    let rows = p.ranking(PROGRAMME, "C", Viewer::Admin, &*w.vault);
    assert_eq!(
        rows.iter()
            .map(|r| (r.nomination_id, r.reviewers, r.raw_mean))
            .collect::<Vec<_>>(),
        [(nom(1), 1, 24.0), (nom(2), 2, 12.0)]
    );
    let seen: Vec<Uuid> = p
        .ranking(PROGRAMME, "C", Viewer::Member(m(1)), &*w.vault)
        .iter()
        .map(|r| r.nomination_id)
        .collect();
    assert_eq!(seen, [nom(2)], "never the nominations one is recused from");
    assert!(
        p.ranking(PROGRAMME, "C", Viewer::Agency(A1), &*w.vault)
            .is_empty()
    );
}

#[test]
fn tally_items_have_the_api_fields_and_check_secret_counts() {
    let p = fold(&World::full_cycle(true).records());
    let t = p.tally(PROGRAMME, Some("C"), Viewer::Admin);
    let row = |id| t.iter().find(|x| x.nomination_id == id).unwrap();
    let r1 = row(nom(1));
    assert_eq!(
        (
            r1.approve,
            r1.reject,
            r1.abstain,
            r1.eligible_voters,
            r1.required,
            r1.passed,
            r1.rank
        ),
        (4, 0, 0, 4, 3, true, Some(1))
    );
    assert_eq!(r1.status, NominationStatus::Awarded);
    assert_eq!(r1.checked, Some(true));
    let r2 = row(nom(2));
    assert_eq!(
        (r2.eligible_voters, r2.status),
        (3, NominationStatus::Reserve)
    );
    assert!(!row(nom(4)).passed);
    let v = serde_json::to_value(r1).unwrap();
    for k in [
        "nomination_id",
        "category_code",
        "approve",
        "reject",
        "abstain",
        "eligible_voters",
        "required",
        "passed",
        "status",
        "rank",
    ] {
        assert!(v.get(k).is_some(), "{k}");
    }
    // issue 10 item 5b: the tally is the chair's (of their panel's categories) alone.
    assert_eq!(p.tally(PROGRAMME, None, Viewer::Member(m(1))).len(), 4);
    assert!(
        p.tally(PROGRAMME, None, Viewer::Member(m(4))).is_empty(),
        "member 4 chairs no panel"
    );
    assert_eq!(
        fold(&World::full_cycle(false).records()).tally(PROGRAMME, None, Viewer::Admin)[0].checked,
        None
    );
}

#[test]
fn audit_trail_names_who_did_what_with_before_and_after() {
    let mut w = World::new(true);
    w.move_to(Phase::Nominating);
    w.run(
        &head(A1),
        ProgrammeCommand::DraftNomination {
            nomination_id: nom(1),
            category_code: "C".into(),
            content: content("Nguyễn Văn A", 1, "Huế", true),
        },
    );
    w.run(
        &head(A1),
        ProgrammeCommand::AmendNomination {
            nomination_id: nom(1),
            content: content("Nguyễn Văn Ánh", 1, "Huế", true),
            expected_version: None,
        },
    );
    w.run(
        &head(A1),
        ProgrammeCommand::SubmitNomination {
            nomination_id: nom(1),
            history: vec![],
        },
    );
    let p = fold(&w.records());
    let keys = &*w.vault;
    let trail = p.audit(
        &AuditFilter {
            nomination_id: Some(nom(1)),
            ..Default::default()
        },
        keys,
    );
    let types: Vec<&str> = trail.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(
        types,
        [
            "NominationDrafted",
            "NominationAmended",
            "NominationSubmitted"
        ]
    );
    assert!(
        trail
            .iter()
            .all(|e| e.actor == accolade_projections::Actor::User(head_of(A1)))
    );
    assert_eq!(
        trail[1].changes,
        [FieldChange {
            field: "full_name".into(),
            before: Some("Nguyễn Văn A".into()),
            after: Some("Nguyễn Văn Ánh".into())
        }]
    );
    assert_eq!(
        (trail[2].status_before, trail[2].status_after),
        (
            Some(NominationStatus::Draft),
            Some(NominationStatus::Submitted)
        )
    );
    let json = serde_json::to_string(&trail).unwrap();
    assert!(!json.contains('@'), "no contact data in the audit trail");

    let by_actor = p.audit(
        &AuditFilter {
            actor: Some(head_of(A1)),
            limit: 2,
            ..Default::default()
        },
        keys,
    );
    assert_eq!(by_actor.len(), 2);
    let agency = p.audit(
        &AuditFilter {
            stream: Some(format!("agency-{A1}")),
            ..Default::default()
        },
        keys,
    );
    assert_eq!(agency.len(), 1);
    let phases = p.audit(
        &AuditFilter {
            stream: Some(format!("programme-{PROGRAMME}")),
            after: Some(agency[0].position),
            ..Default::default()
        },
        keys,
    );
    assert!(phases.iter().any(|e| {
        e.changes
            .iter()
            .any(|c| c.field == "phase" && c.after.as_deref() == Some("nominating"))
    }));
    assert!(
        p.audit(
            &AuditFilter {
                actor: Some(Uuid::from_u128(0xDEAD)),
                ..Default::default()
            },
            keys
        )
        .is_empty()
    );

    let w = World::full_cycle(true);
    let p = fold(&w.records());
    let opened = p
        .audit(&AuditFilter::default(), &*w.vault)
        .into_iter()
        .find(|e| e.event_type == "SecretBallotsOpened")
        .unwrap();
    assert_eq!(opened.actor, accolade_projections::Actor::Anonymous);
}

#[test]
fn unknown_and_damaged_records_are_counted_and_skipped() {
    let mut records = World::new(true).records();
    let mut future = records[0].clone();
    future.event_type = "SomethingFromTheFuture".into();
    let mut damaged = records[0].clone();
    damaged.payload = serde_json::value::RawValue::from_string("{\"nope\":1}".into()).unwrap();
    let n = records.len() as u64;
    future.position = n;
    damaged.position = n + 1;
    records.push(future);
    records.push(damaged);
    let p = fold(&records);
    assert_eq!((p.skipped().unknown_type, p.skipped().undecodable), (1, 1));
    assert_eq!(p.position(), n + 2, "the fold moves past them");
    assert_eq!(p.skipped().last.as_ref().unwrap().0, n + 1);
    let _ = Actor::Public; // (domain actor type is in scope for commands above)
}
