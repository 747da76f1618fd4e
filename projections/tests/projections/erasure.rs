//! Erasure (issue 12): once a person is erased — their key destroyed and `PersonErased`
//! recorded — every view shows them as erased and nothing else about them; the rest of each
//! view is unchanged. The models drop nothing: they hold ciphertext, which the destroyed key
//! made noise, so a snapshot written before the erasure cannot bring the person back either.

use accolade_domain::ProgrammeCommand;
use accolade_events::*;
use accolade_projections::*;
use uuid::Uuid;

use super::support::*;

fn honour(p: &Projections, keys: &dyn Unseal, nomination: Uuid) -> HonourItem {
    p.honours(&HonourFilter::default(), keys)
        .into_iter()
        .find(|i| i.nomination_id == nomination)
        .unwrap()
}

fn search(p: &Projections, keys: &dyn Unseal, q: &str) -> Vec<Uuid> {
    let f = HonourFilter {
        q: Some(q.into()),
        ..HonourFilter::default()
    };
    p.honours(&f, keys)
        .iter()
        .map(|i| i.nomination_id)
        .collect()
}

#[test]
fn by_default_an_award_keeps_its_public_record_and_everything_else_is_erased() {
    let mut w = World::full_cycle(true);
    let person = w.person_of(nom(1));
    w.erase(person, false);
    let (p, keys) = (fold(&w.records()), &*w.vault);
    assert!(p.catalog().is_erased(person));
    assert!(!p.catalog().is_public_record_erased(person));

    // The honour list shows the public record, still found by name; the province was the
    // nominee's own field, and went with their key.
    let item = honour(&p, keys, nom(1));
    assert_eq!(
        (
            item.full_name.as_str(),
            item.erased,
            item.province.as_deref()
        ),
        ("Nguyễn Văn Đức", false, None)
    );
    assert_eq!(item.position.as_deref(), Some("Phóng viên"));
    assert_eq!(search(&p, keys, "nguyen van duc"), [nom(1)]);
    let ha_noi = HonourFilter {
        province: Some("Hà Nội".into()),
        ..HonourFilter::default()
    };
    assert_eq!(
        p.honours(&ha_noi, keys).len(),
        1,
        "only nominee 3's province"
    );

    // Internal views show the nominee erased.
    let queue = p.nominations(Viewer::Admin, &QueueFilter::default(), keys);
    let row = queue.iter().find(|q| q.id == nom(1)).unwrap();
    assert_eq!(
        (
            row.full_name.as_str(),
            row.organisation.as_str(),
            row.erased
        ),
        (ERASED, ERASED, true)
    );
    let others = queue.iter().filter(|q| q.id != nom(1));
    assert!(others.clone().all(|q| !q.erased && q.full_name != ERASED));
    assert_eq!(others.count(), 3);
    let ranking = p.ranking(PROGRAMME, "C", Viewer::Admin, keys);
    let row = ranking.iter().find(|r| r.nomination_id == nom(1)).unwrap();
    assert_eq!((row.full_name.as_str(), row.erased), (ERASED, true));
    let public = p.catalog().nominations[&nom(1)].public_nominee(p.catalog(), keys);
    assert_eq!(public, PublicNominee::erased());
}

#[test]
fn erasing_the_public_record_too_shows_the_award_as_erased_and_keeps_the_act() {
    let w = World::full_cycle(true);
    let before = fold(&w.records());
    let mut w = w;
    let person = w.person_of(nom(1));
    w.erase(person, true);
    let (p, keys) = (fold(&w.records()), &*w.vault);
    let item = honour(&p, keys, nom(1));
    assert!(item.erased);
    assert_eq!(
        (
            item.full_name.as_str(),
            item.position.as_deref(),
            item.organisation.as_str(),
            item.province.as_deref()
        ),
        (ERASED, None, ERASED, None)
    );
    assert!(search(&p, keys, "nguyen").is_empty(), "no name to find");
    // The award, its decision and verification record, and everyone else, are unchanged.
    let award = item.award_id;
    let (now, was) = (
        p.award(award, keys).unwrap(),
        before.award(award, keys).unwrap(),
    );
    assert_eq!(
        (now.verification, now.citation, now.item.decision_no),
        (was.verification, was.citation, was.item.decision_no)
    );
    assert_eq!(honour(&p, keys, nom(3)), honour(&before, keys, nom(3)));
    assert_eq!(p.leaderboard(None), before.leaderboard(None));
    assert_eq!(
        p.tally(PROGRAMME, None, Viewer::Admin),
        before.tally(PROGRAMME, None, Viewer::Admin)
    );
}

#[test]
fn the_notice_list_and_the_objections_show_erased_people_as_erased() {
    let mut w = World::full_cycle(true);
    let at = w
        .log
        .iter()
        .position(|l| l.event_type == "ObjectionResolved")
        .unwrap();
    w.log.truncate(at);
    let objector = Uuid::from_u128(0x0C);
    w.erase(w.person_of(nom(1)), false);
    w.erase(objector, false);
    let (p, keys) = (fold(&w.records()), &*w.vault);
    let list = p.notice(Some(PROGRAMME), keys);
    let n1 = list.iter().find(|n| n.nomination_id == nom(1)).unwrap();
    assert_eq!(
        (n1.full_name.as_str(), n1.position.as_deref(), n1.erased),
        (ERASED, None, true)
    );
    let n3 = list.iter().find(|n| n.nomination_id == nom(3)).unwrap();
    assert_eq!((n3.full_name.as_str(), n3.erased), ("Lê Quốc Đạt", false));
    let o = p.objections().get(Uuid::from_u128(0x0B)).unwrap();
    assert_eq!(o.open_objector(p.catalog(), keys), None);
    assert_eq!(
        (o.text.as_str(), o.objector_person_id),
        ("Không đúng", objector),
        "the objection itself stays"
    );
}

#[test]
fn a_folded_erasure_hides_the_person_even_where_their_key_still_opens() {
    // Another node's key cache may open the person until the erasure reaches it; the folded
    // `PersonErased` is enough for the views.
    let mut w = World::full_cycle(true);
    let person = w.person_of(nom(1));
    w.raw(
        "directory",
        DirectoryEvent::from(PersonErased {
            person_id: person,
            reason: "r".into(),
            public_record_erased: true,
            nomination_id: Some(nom(1)),
            user_id: None,
        }),
        Some(ADMIN),
    );
    let (p, keys) = (fold(&w.records()), &*w.vault);
    let nominee = &p.catalog().nominations[&nom(1)].nominee;
    assert!(nominee.open(keys).is_some(), "the key still opens it");
    assert!(honour(&p, keys, nom(1)).erased);
    assert!(
        p.nominations(Viewer::Admin, &QueueFilter::default(), keys)
            .iter()
            .any(|q| q.id == nom(1) && q.erased)
    );
}

#[test]
fn the_audit_trail_shows_an_erased_nominees_amendment_as_erased() {
    let mut w = World::new(true);
    w.move_to(Phase::Nominating);
    for name in ["Nguyễn Văn A", "Nguyễn Văn Ánh"] {
        let content = content(name, 1, "Huế", true);
        let cmd = if name.ends_with('A') {
            ProgrammeCommand::DraftNomination {
                nomination_id: nom(1),
                category_code: "C".into(),
                content,
            }
        } else {
            ProgrammeCommand::AmendNomination {
                nomination_id: nom(1),
                content,
                expected_version: None,
            }
        };
        w.run(&head(A1), cmd);
    }
    let f = AuditFilter {
        nomination_id: Some(nom(1)),
        ..Default::default()
    };
    let changes = |w: &World| {
        fold(&w.records()).audit(&f, &*w.vault)[1]
            .changes
            .iter()
            .map(|c| (c.field.clone(), c.before.clone(), c.after.clone()))
            .collect::<Vec<_>>()
    };
    let some = |s: &str| Some(s.to_owned());
    assert_eq!(
        changes(&w),
        [(
            "full_name".into(),
            some("Nguyễn Văn A"),
            some("Nguyễn Văn Ánh")
        )]
    );
    w.erase(w.person_of(nom(1)), false);
    assert_eq!(
        changes(&w),
        [("nominee".into(), some(ERASED), some(ERASED))]
    );
}

#[test]
fn a_snapshot_written_before_an_erasure_does_not_bring_the_person_back() {
    let mut w = World::full_cycle(true);
    let head = fold(&w.records());
    let dir = tempfile::tempdir().unwrap();
    snapshot::write(dir.path(), &head).unwrap();
    let from = w.log.len();
    w.erase(w.person_of(nom(1)), true);
    let keys = &*w.vault;
    // The snapshot alone (the erasure not yet folded): the destroyed key opens nothing.
    let restored = snapshot::read(dir.path()).unwrap();
    assert!(honour(&restored, keys, nom(1)).erased);
    // Snapshot plus tail: the same as a rebuild.
    let mut restored = restored;
    for r in &w.records()[from..] {
        restored.apply(r);
    }
    let rebuilt = fold(&w.records());
    assert!(restored.differences(&rebuilt).is_empty());
    assert_eq!(
        restored.honours(&HonourFilter::default(), keys),
        rebuilt.honours(&HonourFilter::default(), keys)
    );
    assert!(restored.catalog().is_erased(w.person_of(nom(1))));
}
