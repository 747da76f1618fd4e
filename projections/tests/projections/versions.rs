//! The public parts' versions (the response cache's keys) are exact: checked event by event
//! against the views themselves. For every prefix of a log the domain really makes (a whole
//! cycle, then a revocation, renames, erasures and events that change nothing public), a
//! part's version moves if and only if what the part shows changed.

use accolade_domain::ProgrammeCommand;
use accolade_events::*;
use accolade_projections::*;
use serde_json::{Value, json};
use uuid::Uuid;

use super::support::*;

/// What each part shows, as JSON, to compare before and after an event.
struct Views {
    honours: Value,
    leaderboard: Value,
    notice: Value,
    names: Value,
    awards: Vec<Value>,
}

fn without_agency_names(mut v: Value) -> Value {
    if let Some(items) = v.as_array_mut() {
        for i in items {
            if let Some(o) = i.as_object_mut() {
                o.remove("agency_name");
            }
        }
    }
    v
}

fn views(p: &Projections, keys: &dyn Unseal, award_ids: &[Uuid]) -> Views {
    let c = p.catalog();
    let all = p.honours(&HonourFilter::default(), keys);
    // The API's page, spliced from the cards' serialised items (kept across events on these
    // same models: a revocation, a rename or an erasure must reach them), is the list itself.
    let spliced = p.honours_page_json(&HonourFilter::default(), None, 500, keys);
    assert_eq!(spliced.items, serde_json::to_string(&all).unwrap());
    let published: Vec<_> = c
        .programmes
        .iter()
        .filter(|(_, x)| x.phase >= Phase::Published)
        .collect();
    let mut years: Vec<i32> = all.iter().map(|h| h.year).collect();
    years.sort_unstable();
    years.dedup();
    let boards: Vec<Value> = std::iter::once(None)
        .chain(years.iter().copied().map(Some))
        .map(|y| without_agency_names(json!(p.leaderboard(y))))
        .collect();
    let agencies: Vec<(Uuid, String)> = all
        .iter()
        .map(|h| (h.agency_id, h.agency_name.clone()))
        .collect();
    let notice = p.notice(None, keys);
    let notice_titles: Vec<&str> = c
        .programmes
        .iter()
        .filter(|(id, _)| notice.iter().any(|i| i.programme_id == **id))
        .map(|(_, x)| x.title.as_str())
        .collect();
    Views {
        honours: without_agency_names(json!(all)),
        leaderboard: json!([boards, years]),
        notice: json!([notice, notice_titles]),
        names: json!([
            published
                .iter()
                .map(|(id, x)| (
                    id,
                    &x.title,
                    x.categories.values().map(|k| &k.title).collect::<Vec<_>>()
                ))
                .collect::<Vec<_>>(),
            agencies
        ]),
        awards: award_ids
            .iter()
            .map(|id| {
                let page = p.award(*id, keys);
                let title = page
                    .as_ref()
                    .and_then(|a| c.programmes.get(&a.item.programme_id))
                    .map(|x| x.title.clone());
                json!([page, title])
            })
            .collect(),
    }
}

type Marks = (u64, u64, u64, u64, Vec<Option<u64>>);

fn marks(p: &Projections, award_ids: &[Uuid]) -> Marks {
    let v = p.versions();
    (
        v.honours(),
        v.leaderboard(),
        v.notice(),
        v.names(),
        award_ids.iter().map(|a| v.award(*a)).collect(),
    )
}

/// Folds `log` event by event and checks every part at every step; returns, per record,
/// which parts moved (for the tests' own claims).
fn check_exact(w: &World) -> Vec<(String, [bool; 4])> {
    let records = w.records();
    let keys = &*w.vault;
    let award_ids: Vec<Uuid> = {
        let p = fold(&records);
        p.catalog()
            .nominations
            .values()
            .filter_map(|n| n.award_id)
            .collect()
    };
    let mut p = Projections::new();
    let mut seen = views(&p, keys, &award_ids);
    let mut was = marks(&p, &award_ids);
    let mut moved = Vec::new();
    for r in &records {
        p.apply(r);
        let now = views(&p, keys, &award_ids);
        let is = marks(&p, &award_ids);
        let what = format!("{} at {}", r.event_type, r.position);
        let parts = [
            ("honours", seen.honours != now.honours, was.0 != is.0),
            (
                "leaderboard",
                seen.leaderboard != now.leaderboard,
                was.1 != is.1,
            ),
            ("notice", seen.notice != now.notice, was.2 != is.2),
            ("names", seen.names != now.names, was.3 != is.3),
        ];
        for (part, changed, bumped) in parts {
            assert_eq!(changed, bumped, "{part}: {what} (view changed: {changed})");
            if bumped {
                assert_eq!(
                    [is.0, is.1, is.2, is.3].iter().max(),
                    Some(&(r.position + 1))
                );
            }
        }
        for (i, id) in award_ids.iter().enumerate() {
            let changed = seen.awards[i] != now.awards[i];
            // An award page that exists (200) must move exactly with its view; before it is
            // conferred there is no version (and no page).
            if is.4[i].is_some() && was.4[i].is_some() {
                assert_eq!(changed, was.4[i] != is.4[i], "award {id}: {what}");
            }
        }
        moved.push((
            r.event_type.clone(),
            [was.0 != is.0, was.1 != is.1, was.2 != is.2, was.3 != is.3],
        ));
        (seen, was) = (now, is);
    }
    moved
}

fn award_of(w: &World, nomination: Uuid) -> Uuid {
    w.state.nominations[&nomination].award_id.unwrap()
}

fn erased(w: &mut World, person_id: Uuid, public_record_erased: bool) {
    // Recorded without destroying keys: the views here change by the folded event alone.
    w.raw(
        "directory",
        DirectoryEvent::from(PersonErased {
            person_id,
            reason: "asked".into(),
            public_record_erased,
            nomination_id: None,
            user_id: None,
        }),
        Some(ADMIN),
    );
}

#[test]
fn every_event_of_a_cycle_and_after_moves_exactly_the_parts_it_changes() {
    let mut w = World::full_cycle(false);
    let a1 = award_of(&w, nom(1));
    w.run(
        &authority(),
        ProgrammeCommand::RevokeAward {
            award_id: a1,
            ground: RevocationGround::FalseDossier,
            decision_no: "9/QĐ".into(),
            decided_on: time::macros::date!(2026 - 09 - 01),
            note: None,
        },
    );
    let agency = |name: Option<&str>, email: Option<&str>| {
        AgencyEvent::from(AgencyAmended {
            name: name.map(Into::into),
            kind: None,
            province: None,
            email: email.map(Into::into),
            parent_id: None,
        })
    };
    let stream = format!("agency-{A1}");
    w.raw(&stream, agency(None, Some("new@example.vn")), Some(ADMIN));
    w.raw(&stream, agency(Some("Bộ KH&CN"), None), Some(ADMIN));
    w.raw(&stream, agency(Some("Bộ KH&CN"), None), Some(ADMIN));
    let programme = |title: Option<&str>, description: Option<&str>| {
        ProgrammeEvent::from(ProgrammeAmended {
            title: title.map(Into::into),
            description: description.map(Into::into),
            notice_working_days: None,
            schedule: None,
            holidays: None,
        })
    };
    let stream = format!("programme-{PROGRAMME}");
    w.raw(&stream, programme(None, Some("mô tả")), Some(ADMIN));
    w.raw(
        &stream,
        programme(Some("Giải thưởng 2026 (mới)"), None),
        Some(ADMIN),
    );
    let holder = w.person_of(nom(2));
    erased(&mut w, Uuid::from_u128(0xDEAD), true);
    erased(&mut w, holder, false);
    erased(&mut w, holder, false);
    erased(&mut w, holder, true);
    let moved = check_exact(&w);
    let of = |t: &'static str| moved.iter().filter(move |(e, _)| e == t).map(|(_, m)| *m);
    for t in [
        "ScoresRecorded",
        "OpenBallotCast",
        "UserRegistered",
        "ObjectionFiled",
    ] {
        assert!(of(t).count() > 0, "the log has {t}");
        assert!(of(t).all(|m| m == [false; 4]), "{t} moves nothing public");
    }
    assert!(
        of("AwardRevoked").all(|m| m == [true, true, false, false]),
        "a revocation moves the list and the board"
    );
}

#[test]
fn an_upheld_objection_during_notice_moves_the_notice_list_only() {
    let full = World::full_cycle(false);
    let mut w = World::new(false);
    // The cycle up to the dismissed objection (public notice), then one upheld on nom(1).
    let cut = full
        .log
        .iter()
        .position(|l| l.event_type == "ObjectionResolved")
        .unwrap();
    w.log = full.log[..=cut].to_vec();
    w.vault = full.vault.clone();
    // A listed nominee erased during notice: the list shows them erased.
    erased(&mut w, full.person_of(nom(3)), false);
    let stream = format!("programme-{PROGRAMME}");
    let objection = Uuid::from_u128(0x0D);
    w.raw(
        &stream,
        ProgrammeEvent::from(ObjectionFiled {
            objection_id: objection,
            nomination_id: nom(1),
            objector_person_id: Uuid::from_u128(0x0E),
            objector: Personal::Open(Objector {
                full_name: "Người Phản Ánh".into(),
                phone: "0912345678".into(),
                address: "12 Phố Huế".into(),
                email: None,
            }),
            text: "Không đúng".into(),
            filed_at: time::macros::datetime!(2026-05-02 09:00 +7),
        }),
        None,
    );
    w.raw(
        &stream,
        ProgrammeEvent::from(ObjectionResolved {
            objection_id: objection,
            nomination_id: nom(1),
            upheld: true,
            reason: "Có căn cứ".into(),
        }),
        Some(ADMIN),
    );
    let moved = check_exact(&w);
    assert_eq!(
        moved.last().map(|(_, m)| *m),
        Some([false, false, true, false])
    );
    assert_eq!(
        moved.iter().rev().nth(2).map(|(_, m)| *m),
        Some([false, false, true, false]),
        "the erasure of a listed nominee"
    );
    assert!(
        moved.iter().any(|(e, m)| e == "PhaseMoved" && m[2]),
        "the move to public notice lists the recommended"
    );
}
