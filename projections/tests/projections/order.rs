//! The honour list's order, indexes and cursors (issue 13) on a random national-style list:
//! every filter's answer equals the linear answer (filter every award, sort by the public
//! order), page by page too, before and after erasures and a publication folded on the same
//! read models; cursors stay stable while awards are conferred between pages.

use std::collections::BTreeSet;

use accolade_events::*;
use accolade_projections::*;
use time::macros::datetime;
use time::{Date, Duration};
use uuid::Uuid;

use super::support::*;

const FAMILY: [&str; 6] = ["Nguyễn", "Trần", "Lê", "Phạm", "Đặng", "Ngô"];
const MIDDLE: [&str; 5] = ["Văn", "Thị", "Quốc", "Minh", "Thu"];
const GIVEN: [&str; 7] = ["Đức", "Hà", "Đạt", "An", "Trâm", "Nghĩa", "Hùng"];
const PROVINCES: [&str; 5] = ["Hà Nội", "Ha Noi", "Đà Nẵng", "Huế", "Cần Thơ"];

/// A tiny deterministic generator (no seed from the clock: the test is repeatable).
struct Lcg(u64);

impl Lcg {
    fn pick(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// What the test knows of an award, to compute the linear answer itself.
#[derive(Debug, Clone)]
struct Known {
    award: Uuid,
    programme: Uuid,
    year: i32,
    decided_on: Date,
    position: u64,
    person: Uuid,
    agency: Uuid,
    category: String,
    name: String,
    province: Option<String>,
    public_erased: bool,
}

struct List {
    w: World,
    awards: Vec<Known>,
    published: BTreeSet<Uuid>,
    rng: Lcg,
    next: u128,
}

fn programme(year: i32) -> Uuid {
    Uuid::from_u128(0x7000 + year as u128)
}

impl List {
    fn new() -> Self {
        let mut l = List {
            w: World::new(false),
            awards: vec![],
            published: BTreeSet::new(),
            rng: Lcg(13),
            next: 0,
        };
        for year in [2024, 2025, 2026] {
            let pid = programme(year);
            l.w.raw(
                &format!("programme-{pid}"),
                ProgrammeEvent::from(ProgrammeCreated {
                    programme_id: pid,
                    title: format!("Giải thưởng {year}"),
                    year,
                    description: None,
                    notice_working_days: 0,
                    schedule: Schedule::default(),
                    holidays: vec![],
                }),
                Some(ADMIN),
            );
        }
        l
    }

    fn confer(&mut self, year: i32) {
        self.next += 1;
        let i = self.next;
        let pid = programme(year);
        let r = &mut self.rng;
        let name = format!(
            "{} {} {}",
            FAMILY[r.pick(FAMILY.len())],
            MIDDLE[r.pick(MIDDLE.len())],
            GIVEN[r.pick(GIVEN.len())]
        );
        let province = (r.pick(6) > 0).then(|| PROVINCES[r.pick(PROVINCES.len())].to_owned());
        let agency = [A1, A2][r.pick(2)];
        let category = ["C", "D"][r.pick(2)].to_owned();
        let decided_on = Date::from_calendar_date(year, time::Month::June, 1).unwrap()
            + Duration::days(r.pick(3) as i64 * 30);
        let (nomination, award, person) = (
            Uuid::from_u128(0x1_0000 + i),
            Uuid::from_u128(0x2_0000 + i),
            Uuid::from_u128(0x3_0000 + i),
        );
        let nominee = Nominee {
            kind: NomineeKind::Individual,
            full_name: name.clone(),
            position: None,
            organisation: "Viện".into(),
            province: province.clone(),
            email: None,
            birth_year: None,
            national_id: None,
        };
        let stream = format!("programme-{pid}");
        let drafted = ProgrammeEvent::from(NominationDrafted {
            nomination_id: nomination,
            category_code: category.clone(),
            agency_id: agency,
            person_id: person,
            nominee: Personal::Open(nominee),
            lookups: NomineeLookups::default(),
            linked: false,
            citation: "Vì đóng góp".into(),
            achievements: String::new(),
            evidence: vec![],
        });
        self.w
            .raw(&stream, self.w.vault.seal_programme(drafted), Some(ADMIN));
        let position = self.w.log.len() as u64;
        let conferred = ProgrammeEvent::from(AwardConferred {
            award_id: award,
            nomination_id: nomination,
            category_code: category.clone(),
            award_title: "Giải".into(),
            person_id: person,
            holder: Personal::Open(PublicHolder {
                full_name: name.clone(),
                position: None,
                organisation: "Viện".into(),
            }),
            decision_no: format!("{year}/QĐ"),
            decided_on,
        });
        self.w.raw(
            &stream,
            self.w.vault.seal_programme(conferred),
            Some(AUTHORITY),
        );
        self.awards.push(Known {
            award,
            programme: pid,
            year,
            decided_on,
            position,
            person,
            agency,
            category,
            name,
            province,
            public_erased: false,
        });
    }

    fn publish(&mut self, year: i32) {
        let pid = programme(year);
        self.w.raw(
            &format!("programme-{pid}"),
            ProgrammeEvent::from(PhaseMoved {
                from: Phase::Deciding,
                to: Phase::Published,
                automatic: false,
                at: datetime!(2026-09-01 09:00 +7),
            }),
            Some(ADMIN),
        );
        self.published.insert(pid);
    }

    fn erase(&mut self, nth: usize, public_record: bool) {
        let k = &mut self.awards[nth];
        self.w.erase(k.person, public_record);
        k.province = None;
        k.public_erased |= public_record;
    }

    /// The linear answer: every award through the filter, sorted by the public order.
    fn linear(&self, f: &HonourFilter) -> Vec<Uuid> {
        let q = f.q.as_deref().and_then(NameQuery::parse);
        let province = f
            .province
            .as_deref()
            .map(accolade_domain::rules::names::fold);
        let mut out: Vec<&Known> = self
            .awards
            .iter()
            .filter(|k| self.published.contains(&k.programme))
            .filter(|k| f.programme_id.is_none_or(|p| p == k.programme))
            .filter(|k| f.year.is_none_or(|y| y == k.year))
            .filter(|k| f.agency_id.is_none_or(|a| a == k.agency))
            .filter(|k| f.category_code.as_deref().is_none_or(|c| c == k.category))
            .filter(|k| {
                q.as_ref()
                    .is_none_or(|q| !k.public_erased && q.matches_name(&k.name))
            })
            .filter(|k| {
                province.as_deref().is_none_or(|want| {
                    k.province
                        .as_deref()
                        .is_some_and(|p| accolade_domain::rules::names::fold(p) == want)
                })
            })
            .collect();
        out.sort_by(|a, b| {
            b.year
                .cmp(&a.year)
                .then(a.decided_on.cmp(&b.decided_on))
                .then(a.position.cmp(&b.position))
        });
        out.iter().map(|k| k.award).collect()
    }
}

fn filters() -> Vec<HonourFilter> {
    let mut out = vec![];
    for q in [
        None,
        Some("nguyen"),
        Some("van duc"),
        Some("duc van"),
        Some("ng"),
        Some("ng v"),
        Some("tran thi"),
        Some("đ"),
        Some("nguyen van duc"),
        Some("tran thi ha"),
        Some("n v d"),
    ] {
        for province in [None, Some("ha noi"), Some("Đà Nẵng"), Some("Hue")] {
            for structured in 0..8 {
                let mut f = HonourFilter {
                    q: q.map(str::to_owned),
                    province: province.map(str::to_owned),
                    ..HonourFilter::default()
                };
                match structured {
                    1 => f.year = Some(2025),
                    2 => f.agency_id = Some(A2),
                    3 => f.category_code = Some("D".into()),
                    4 => {
                        f.programme_id = Some(programme(2024));
                        f.agency_id = Some(A1);
                    }
                    // The year with another filter: that filter's index, bounded by the year.
                    5 => {
                        f.year = Some(2024);
                        f.agency_id = Some(A1);
                    }
                    6 => {
                        f.year = Some(2025);
                        f.category_code = Some("D".into());
                        f.agency_id = Some(A2);
                    }
                    7 => {
                        f.year = Some(2025);
                        f.programme_id = Some(programme(2024));
                    }
                    _ => {}
                }
                out.push(f);
            }
        }
    }
    out
}

fn ids(items: &[HonourItem]) -> Vec<Uuid> {
    items.iter().map(|i| i.award_id).collect()
}

/// Walks every page of `f` with pages of `limit`.
fn walk(p: &Projections, keys: &dyn Unseal, f: &HonourFilter, limit: usize) -> Vec<Uuid> {
    let mut out = vec![];
    let mut cursor: Option<HonourCursor> = None;
    loop {
        let page = p.honours_page(f, cursor.as_ref(), limit, keys);
        assert!(page.items.len() <= limit);
        // The API's answer: the same page, its items spliced from the cards' JSON.
        let spliced = p.honours_page_json(f, cursor.as_ref(), limit, keys);
        assert_eq!(spliced.items, serde_json::to_string(&page.items).unwrap());
        assert_eq!(spliced.next, page.next);
        out.extend(ids(&page.items));
        match page.next {
            Some(c) => {
                // The cursor travels as text and comes back for the same filter only.
                cursor = Some(HonourCursor::decode(&c.encode(), f).unwrap());
            }
            None => return out,
        }
    }
}

fn check(l: &List, p: &Projections, when: &str) {
    let keys = &*l.w.vault;
    let mut several_pages = 0;
    for f in filters() {
        let want = l.linear(&f);
        assert_eq!(ids(&p.honours(&f, keys)), want, "{when}: {f:?}");
        assert_eq!(walk(p, keys, &f, 7), want, "{when}, pages of 7: {f:?}");
        // A total is given exactly when it is an index's size: one structured filter alone.
        let given = [
            f.programme_id.is_some(),
            f.year.is_some(),
            f.agency_id.is_some(),
            f.category_code.is_some(),
        ]
        .iter()
        .filter(|g| **g)
        .count();
        let total = p.honours_page(&f, None, 7, keys).total;
        if f.q.is_none() && f.province.is_none() && given <= 1 {
            assert_eq!(total, Some(want.len()), "{when}: total of {f:?}");
        } else {
            assert!(
                total.is_none() || total == Some(0),
                "{when}: total of {f:?}"
            );
        }
        several_pages += usize::from(want.len() > 7);
    }
    assert!(several_pages > 30, "{when}: the filters select something");
    // The leaderboard, kept sorted as events fold, counts what the list shows.
    for year in [None, Some(2024), Some(2025), Some(2026)] {
        let mut want: Vec<(u32, Uuid)> = [A1, A2]
            .into_iter()
            .map(|agency_id| {
                let f = HonourFilter {
                    year,
                    agency_id: Some(agency_id),
                    ..HonourFilter::default()
                };
                (l.linear(&f).len() as u32, agency_id)
            })
            .filter(|(n, _)| *n > 0)
            .collect();
        want.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let got: Vec<(u32, Uuid)> = p
            .leaderboard(year)
            .iter()
            .map(|i| (i.awards, i.agency_id))
            .collect();
        assert_eq!(got, want, "{when}: leaderboard {year:?}");
    }
}

fn fold_more(p: &mut Projections, l: &List) {
    for r in l.w.records() {
        p.apply(&r);
    }
}

#[test]
fn indexes_answer_as_the_linear_filter_before_and_after_erasures() {
    let mut l = List::new();
    for i in 0..240 {
        l.confer([2024, 2025, 2026][i % 3]);
    }
    l.publish(2024);
    l.publish(2025);
    let mut p = Projections::new();
    fold_more(&mut p, &l);
    check(&l, &p, "two programmes published");

    // Folded on the same models: the name index is stale for these people, not rebuilt.
    l.erase(0, false);
    l.erase(4, true);
    l.erase(7, true);
    l.publish(2026);
    fold_more(&mut p, &l);
    check(&l, &p, "after erasures and a publication");

    // A snapshot's round trip (no name index in it) answers the same.
    let dir = tempfile::tempdir().unwrap();
    accolade_projections::snapshot::write(dir.path(), &p).unwrap();
    let back = accolade_projections::snapshot::read(dir.path()).unwrap();
    assert_eq!(back, p);
    check(&l, &back, "after a snapshot");
}

#[test]
fn cursors_are_stable_while_awards_are_conferred_between_pages() {
    let mut l = List::new();
    for i in 0..60 {
        l.confer([2024, 2025][i % 2]);
    }
    l.publish(2024);
    l.publish(2025);
    let mut p = Projections::new();
    fold_more(&mut p, &l);
    let keys = l.w.vault.clone();
    let f = HonourFilter::default();
    let before = ids(&p.honours(&f, &*keys));
    let mut seen = vec![];
    let mut cursor = None;
    let mut round = 0;
    loop {
        let page = p.honours_page(&f, cursor.as_ref(), 9, &*keys);
        seen.extend(ids(&page.items));
        let Some(next) = page.next else { break };
        cursor = Some(next);
        // Between pages: awards of every year (before and after the cursor) and a newly
        // published programme.
        round += 1;
        l.confer([2024, 2025, 2026][round % 3]);
        l.confer(2025);
        if round == 3 {
            l.publish(2026);
        }
        fold_more(&mut p, &l);
    }
    let after = ids(&p.honours(&f, &*keys));
    let unique: BTreeSet<Uuid> = seen.iter().copied().collect();
    assert_eq!(unique.len(), seen.len(), "no item twice");
    assert!(before.iter().all(|id| unique.contains(id)), "no gap");
    let order: Vec<Uuid> = after
        .iter()
        .copied()
        .filter(|id| unique.contains(id))
        .collect();
    assert_eq!(order, seen, "the pages follow the list's order");
    assert!(seen.len() > before.len(), "awards after the cursor show up");
    assert!(HonourCursor::decode("garbage", &f).is_err());
}
