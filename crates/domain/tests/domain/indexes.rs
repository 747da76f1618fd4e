//! The programme's indexes answer what a scan of every nomination answers: the in-play count
//! per (agency, category) for the quota, and the nominations sharing a nominee key for the
//! duplicate check, after any sequence of drafts, amendments and status changes.

use accolade_domain::rules::names::duplicate_basis;
use accolade_domain::*;
use accolade_events::*;
use proptest::prelude::*;
use time::macros::datetime;
use uuid::Uuid;

use crate::support::*;

const AGENCIES: [Uuid; 2] = [A1, A2];
const CATEGORIES: [&str; 2] = ["BC", "TT"];

/// One step of a nomination's life, on nomination `n % drafted`.
#[derive(Debug, Clone)]
enum Step {
    Draft { agency: usize, cat: usize, who: u8 },
    Amend { n: usize, who: u8 },
    Submit { n: usize },
    Withdraw { n: usize },
    Screen { n: usize, eligible: bool },
    Return { n: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..2usize, 0..2usize, 0..6u8).prop_map(|(agency, cat, who)| Step::Draft {
            agency,
            cat,
            who
        }),
        (any::<usize>(), 0..6u8).prop_map(|(n, who)| Step::Amend { n, who }),
        any::<usize>().prop_map(|n| Step::Submit { n }),
        any::<usize>().prop_map(|n| Step::Withdraw { n }),
        (any::<usize>(), any::<bool>()).prop_map(|(n, eligible)| Step::Screen { n, eligible }),
        any::<usize>().prop_map(|n| Step::Return { n }),
    ]
}

/// A nominee among a few look-alikes: the same person, name or organisation recur.
fn nominee(who: u8) -> (Uuid, Personal<Nominee>, NomineeLookups) {
    let c = content(
        ["Nguyễn Văn A", "Trần Thị B", "Lê C"][usize::from(who % 3)],
        u128::from(who % 4),
    );
    (c.person_id, Personal::Open(c.nominee), c.lookups)
}

fn event(p: &Programme, ids: &[Uuid], s: &Step) -> Option<ProgrammeEvent> {
    let pick = |n: &usize| (!ids.is_empty()).then(|| ids[n % ids.len()]);
    Some(match s {
        Step::Draft { agency, cat, who } => {
            let (person_id, nominee, lookups) = nominee(*who);
            ProgrammeEvent::from(NominationDrafted {
                nomination_id: nom(u128::try_from(p.nominations.len()).ok()? + 1),
                category_code: CATEGORIES[*cat].into(),
                agency_id: AGENCIES[*agency],
                person_id,
                nominee,
                lookups,
                linked: false,
                citation: "c".into(),
                achievements: "a".into(),
                evidence: vec![],
            })
        }
        Step::Amend { n, who } => {
            let (person_id, nominee, lookups) = nominee(*who);
            ProgrammeEvent::from(NominationAmended {
                nomination_id: pick(n)?,
                person_id,
                nominee,
                lookups,
                linked: false,
                citation: "c".into(),
                achievements: "a".into(),
                evidence: vec![],
            })
        }
        Step::Submit { n } => ProgrammeEvent::from(NominationSubmitted {
            nomination_id: pick(n)?,
            submitted_at: datetime!(2026-03-01 9:00 +7),
            resubmission: false,
        }),
        Step::Withdraw { n } => ProgrammeEvent::from(NominationWithdrawn {
            nomination_id: pick(n)?,
            reason: "r".into(),
        }),
        Step::Screen { n, eligible } => ProgrammeEvent::from(NominationScreened {
            nomination_id: pick(n)?,
            eligible: *eligible,
            reason: "r".into(),
        }),
        Step::Return { n } => ProgrammeEvent::from(NominationReturned {
            nomination_id: pick(n)?,
            reason: "r".into(),
        }),
    })
}

fn in_play_by_scan(p: &Programme, agency: Uuid, cat: &str) -> u32 {
    let n = p
        .nominations
        .values()
        .filter(|n| n.agency_id == agency && n.category_code == cat)
        .filter(|n| {
            !matches!(
                n.status,
                NominationStatus::Draft
                    | NominationStatus::Withdrawn
                    | NominationStatus::Ineligible
            )
        })
        .count();
    u32::try_from(n).unwrap()
}

fn alike(a: &Nomination, b: &Nomination) -> bool {
    duplicate_basis((a.person_id, &a.lookups), (b.person_id, &b.lookups)).is_some()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn indexes_answer_as_a_scan(steps in proptest::collection::vec(step(), 0..60)) {
        let mut p = Programme::default();
        let mut ids: Vec<Uuid> = Vec::new();
        for s in &steps {
            if let Some(ev) = event(&p, &ids, s) {
                if let ProgrammeEvent::NominationDrafted(d) = &ev {
                    ids.push(d.nomination_id);
                }
                p.evolve(&ev);
            }
        }
        for agency in AGENCIES {
            for cat in CATEGORIES {
                prop_assert_eq!(p.indexes().in_play(agency, cat), in_play_by_scan(&p, agency, cat));
            }
        }
        for n in p.nominations.values() {
            let scanned: Vec<Uuid> = p.nominations.values().filter(|o| alike(n, o)).map(|o| o.id).collect();
            let indexed: Vec<Uuid> = p
                .indexes()
                .sharing_keys(n.person_id, &n.lookups)
                .into_iter()
                .filter(|o| p.nominations.get(o).is_some_and(|o| alike(n, o)))
                .collect();
            prop_assert_eq!(scanned, indexed);
        }
        // Folding the same events again gives the same indexes (they are part of the state).
        let mut again = Programme::default();
        let mut ids2: Vec<Uuid> = Vec::new();
        for s in &steps {
            if let Some(ev) = event(&again, &ids2, s) {
                if let ProgrammeEvent::NominationDrafted(d) = &ev {
                    ids2.push(d.nomination_id);
                }
                again.evolve(&ev);
            }
        }
        prop_assert_eq!(again.indexes(), p.indexes());
    }
}
