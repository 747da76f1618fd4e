//! The rebuild benchmark (run by `ops/bench/rebuild`).
//!
//! `rebuild_bench generate DIR [EVENTS]` writes a realistic log into a sled store: 200
//! agencies, users, and one programme a year for 10 years with 5,000 nominations each
//! (drafts, amendments, submissions, screening, 8 reviewers' scores with revisions, secret
//! ballots, outcomes, public notice, objections, decisions, awards, revocations), about
//! `EVENTS` (default 1,000,000) events in all. Generation is not the measured figure.
//!
//! The log has the encrypted shape (issue 12): every personal field is a sealed box of the
//! size the app writes (a 24-byte nonce, the JSON plus a 16-byte tag, base64, incompressible),
//! with the keyed-hash lookups beside it. The boxes hold random bytes, not real ciphertext:
//! a rebuild never opens one (views do, at query time), so what the encrypted shape costs a
//! rebuild is its bytes, and those are exact.
//!
//! `rebuild_bench measure DIR` measures what a deployment does, one process per step, as the
//! real thing would run them:
//! - `rebuild DIR` (child process 1): rebuilds every projection from the log, writes the
//!   snapshot, prints the SHA-256 digest of the read models and its peak RSS (VmHWM);
//! - `restore DIR` (child process 2, fresh): opens the store, starts a runner from that
//!   snapshot, waits until it has caught up (start_ms: runner start to caught up, as the
//!   projections' share of a restart; the store's open time is printed beside it), prints the
//!   digest of the state it serves and its peak RSS.
//!
//! `measure` checks the two digests are equal (the states are never both in one process) and
//! prints as its last line `rebuild: events=<n> events_per_s=<n> start_ms=<n> rss_mb=<n>`, with
//! rss_mb the larger of the two processes' peaks.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use accolade_events::*;
use accolade_projections::{Runner, RunnerConfig, rebuild, snapshot};
use accolade_store::{EventStore, ExpectedVersion, Metadata as Meta, NewEvent, SledStore};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use sha2::{Digest, Sha256};
use time::macros::{date, datetime};
use uuid::Uuid;

const AGENCIES: u128 = 200;
const MEMBERS: u128 = 120;
const YEARS: i32 = 10;
const PER_YEAR: u128 = 5_000;
const CATEGORIES: u128 = 10;
const REVIEWERS: usize = 8;

fn id(kind: u128, n: u128) -> Uuid {
    Uuid::from_u128((kind << 96) | n)
}

const FAMILY: [&str; 10] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
];
const MIDDLE: [&str; 6] = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quốc"];
const GIVEN: [&str; 12] = [
    "An", "Bình", "Cường", "Dũng", "Đức", "Hà", "Hương", "Lan", "Nam", "Phúc", "Thảo", "Trâm",
];
const PROVINCES: [&str; 6] = [
    "Hà Nội",
    "TP. Hồ Chí Minh",
    "Đà Nẵng",
    "Hải Phòng",
    "Cần Thơ",
    "Huế",
];

/// Appends in large batches per stream; flushes when a batch nears the store's 1 MiB cap.
struct Writer {
    store: SledStore,
    stream: String,
    batch: Vec<NewEvent>,
    bytes: usize,
    actor: Option<String>,
    total: u64,
}

impl Writer {
    async fn push(&mut self, stream: &str, ev: (&'static str, u32, serde_json::Value)) {
        if stream != self.stream || self.bytes > 700_000 || self.batch.len() >= 4000 {
            self.flush().await;
            self.stream = stream.to_owned();
        }
        let payload = serde_json::to_vec(&ev.2).unwrap();
        self.bytes += payload.len() + 120;
        self.batch.push(NewEvent {
            event_id: Uuid::now_v7(),
            event_type: ev.0.to_owned(),
            schema_version: ev.1,
            payload,
            metadata: Meta {
                actor: if ev.0 == "SecretBallotsOpened" {
                    None
                } else {
                    self.actor.clone()
                },
                correlation_id: Some(Uuid::now_v7()),
                causation_id: None,
            },
            recorded_at: None,
        });
        self.total += 1;
    }

    async fn flush(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        let batch = std::mem::take(&mut self.batch);
        self.store
            .append(&self.stream, ExpectedVersion::Any, batch)
            .await
            .unwrap();
        self.bytes = 0;
    }
}

thread_local! {
    /// The state of the generator's random bytes (xorshift64: incompressible is all it needs).
    static RANDOM: Cell<u64> = const { Cell::new(0x9E37_79B9_7F4A_7C15) };
}

fn random_bytes(n: usize) -> Vec<u8> {
    RANDOM.with(|r| {
        let mut x = r.get();
        let out = (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x.to_le_bytes()[0]
            })
            .collect();
        r.set(x);
        out
    })
}

/// A sealed box of the size and shape the app writes for `t` under `key` (see the module
/// documentation: random bytes, since a rebuild never opens one).
fn seal<T: serde::Serialize>(key: Uuid, t: &T) -> Personal<T> {
    let len = serde_json::to_vec(t).unwrap().len() + 16;
    Personal::Sealed(Sealed {
        key,
        // The place names the event; a rebuild never checks it, so one of the right length.
        at: Sealed::place(Uuid::now_v7(), "NominationDrafted", "nominee"),
        nonce: B64.encode(random_bytes(24)),
        ct: B64.encode(random_bytes(len)),
    })
}

/// A keyed hash's shape: 64 hex digits.
fn lookup(of: &str) -> Lookup {
    Lookup(hex::encode(Sha256::digest(of.as_bytes())))
}

/// The nominee of nomination `k` of a year.
fn nominee(k: u128) -> Nominee {
    let name = format!(
        "{} {} {}",
        FAMILY[(k % 10) as usize],
        MIDDLE[(k / 10 % 6) as usize],
        GIVEN[(k / 60 % 12) as usize]
    );
    Nominee {
        kind: NomineeKind::Individual,
        full_name: name,
        position: Some("Phóng viên".into()),
        organisation: format!("Báo {}", k % 300),
        province: Some(PROVINCES[(k % 6) as usize].into()),
        email: k.is_multiple_of(2).then(|| format!("n{k}@example.vn")),
        birth_year: Some(1970 + (k % 30) as i32),
        national_id: None,
    }
}

fn lookups(n: &Nominee) -> NomineeLookups {
    NomineeLookups {
        name_birth: Some(lookup(&format!("{}|{:?}", n.full_name, n.birth_year))),
        name_org: Some(lookup(&format!("{}|{}", n.full_name, n.organisation))),
        national_id: None,
        record: Some(lookup(&format!("{n:?}"))),
    }
}

fn p(e: impl Into<ProgrammeEvent>) -> (&'static str, u32, serde_json::Value) {
    let e = e.into();
    (e.event_type(), e.schema_version(), e.to_payload().unwrap())
}

fn category(i: u128) -> Category {
    Category {
        code: format!("C{i}"),
        title: format!("Hạng mục {i}"),
        nominee_kind: NomineeKind::Individual,
        award_title: if i < 3 {
            "Giải Nhất".into()
        } else {
            "Bằng khen".into()
        },
        award_level: if i < 3 {
            "national".into()
        } else {
            "ministry".into()
        },
        leaderboard_points: if i < 3 { 30 } else { 10 },
        criteria: vec![
            Criterion {
                key: "impact".into(),
                label: "Tác động".into(),
                weight: 3,
                max: 10,
            },
            Criterion {
                key: "reach".into(),
                label: "Lan tỏa".into(),
                weight: 2,
                max: 10,
            },
            Criterion {
                key: "novelty".into(),
                label: "Sáng tạo".into(),
                weight: 1,
                max: 10,
            },
        ],
        voting: VotingRule {
            threshold: Threshold {
                num: 1,
                den: 2,
                strict: true,
            },
            denominator: Denominator::AllMembers,
            quorum: Some(Ratio { num: 2, den: 3 }),
            secret: true,
            absentee_written: true,
        },
        max_awards: 20,
        max_per_agency: None,
        prerequisite: None,
        legal_ref: Some("Nghị định 98/2023/NĐ-CP".into()),
        effective_from: None,
    }
}

async fn generate(dir: &Path, target: u64) {
    let store = SledStore::open(dir).unwrap();
    let mut w = Writer {
        store: store.clone(),
        stream: String::new(),
        batch: vec![],
        bytes: 0,
        actor: None,
        total: 0,
    };
    let admin = id(1, 1);
    w.actor = Some(admin.to_string());
    for a in 0..AGENCIES {
        let e = AgencyEvent::from(AgencyRegistered {
            agency_id: id(2, a),
            name: format!("Cơ quan {a}"),
            code: format!("AG{a}"),
            kind: AgencyKind::Ministry,
            province: Some(PROVINCES[(a % 6) as usize].into()),
            parent_id: None,
            email: Some(format!("office{a}@example.vn")),
        });
        w.push(
            &format!("agency-{}", id(2, a)),
            (e.event_type(), e.schema_version(), e.to_payload().unwrap()),
        )
        .await;
    }
    for m in 0..MEMBERS + AGENCIES {
        let (uid, role, agency) = if m < MEMBERS {
            (id(3, m), Role::Member, None)
        } else {
            (id(4, m - MEMBERS), Role::Head, Some(id(2, m - MEMBERS)))
        };
        let contact = UserContact {
            email: format!("u{m}@example.vn"),
            full_name: format!("Người dùng {m}"),
        };
        let e = UserEvent::from(UserRegistered {
            user_id: uid,
            person_id: id(5, m),
            contact: seal(id(5, m), &contact),
            role,
            agency_id: agency,
            locale: Locale::Vi,
        });
        w.push(
            &format!("user-{uid}"),
            (e.event_type(), e.schema_version(), e.to_payload().unwrap()),
        )
        .await;
    }
    // Score revisions fill the log up to the target. Per year: drafts, amendments (1 in 5),
    // submissions, screenings; per eligible nomination (9 in 10) 8 sheets, 8 participations and
    // an outcome; about 200 events of setup, notice and decision.
    let base_per_year = PER_YEAR * 16 / 5 + (PER_YEAR * 9 / 10) * (2 * REVIEWERS as u128 + 1) + 200;
    let revise_every = {
        let sheets = (PER_YEAR * 9 / 10) * REVIEWERS as u128 * YEARS as u128;
        let want = (u128::from(target)).saturating_sub(base_per_year * YEARS as u128 + 600);
        sheets.checked_div(want).map_or(u128::MAX, |r| r.max(1))
    };
    let mut seq: u128 = 0;
    for y in 0..YEARS {
        let pid = id(6, y as u128);
        let s = format!("programme-{pid}");
        let year = 2016 + y;
        let at = datetime!(2026-01-05 09:00 UTC);
        let moved = |from, to| {
            p(PhaseMoved {
                from,
                to,
                automatic: false,
                at,
            })
        };
        w.push(
            &s,
            p(ProgrammeCreated {
                programme_id: pid,
                title: format!("Giải thưởng Truyền thông KH&CN {year}"),
                year,
                description: None,
                notice_working_days: 10,
                schedule: Schedule::default(),
                holidays: vec![],
            }),
        )
        .await;
        for c in 0..CATEGORIES {
            w.push(
                &s,
                p(CategoryAdded {
                    category: category(c),
                }),
            )
            .await;
            let members: Vec<PanelMember> = (0..12)
                .map(|k| PanelMember {
                    user_id: id(3, (c * 12 + k) % MEMBERS),
                    agency_id: None,
                })
                .collect();
            w.push(
                &s,
                p(PanelFormed {
                    panel_id: id(7, y as u128 * 100 + c),
                    name: format!("Hội đồng {c}"),
                    category_codes: vec![format!("C{c}")],
                    chair_id: members[0].user_id,
                    members,
                    reviewers_per_nomination: Some(REVIEWERS as u32),
                }),
            )
            .await;
        }
        w.push(&s, moved(Phase::Setup, Phase::Nominating)).await;
        let noms: Vec<(Uuid, u128, u128)> = (0..PER_YEAR)
            .map(|i| {
                (
                    id(8, y as u128 * PER_YEAR + i),
                    i % CATEGORIES,
                    (i * 7 + y as u128) % AGENCIES,
                )
            })
            .collect();
        for (k, (nid, c, a)) in noms.iter().enumerate() {
            let k = k as u128;
            w.actor = Some(id(4, *a).to_string());
            let person = id(9, y as u128 * PER_YEAR + k);
            let nominee = nominee(k);
            w.push(
                &s,
                p(NominationDrafted {
                    nomination_id: *nid,
                    category_code: format!("C{c}"),
                    agency_id: id(2, *a),
                    person_id: person,
                    nominee: seal(person, &nominee),
                    lookups: lookups(&nominee),
                    linked: false,
                    citation: "Vì những đóng góp xuất sắc trong truyền thông khoa học và công nghệ"
                        .into(),
                    achievements: "Loạt bài về chuyển đổi số, 12 kỳ".into(),
                    evidence: vec![Evidence {
                        title: "Loạt bài".into(),
                        url: "https://example.vn/a".into(),
                    }],
                }),
            )
            .await;
            if k.is_multiple_of(5) {
                w.push(
                    &s,
                    p(NominationAmended {
                        nomination_id: *nid,
                        person_id: person,
                        nominee: seal(person, &nominee),
                        lookups: lookups(&nominee),
                        linked: false,
                        citation: "Vì những đóng góp xuất sắc (sửa)".into(),
                        achievements: "Loạt bài, 14 kỳ".into(),
                        evidence: vec![],
                    }),
                )
                .await;
            }
            w.push(
                &s,
                p(NominationSubmitted {
                    nomination_id: *nid,
                    submitted_at: at,
                    resubmission: false,
                }),
            )
            .await;
        }
        w.actor = Some(admin.to_string());
        w.push(&s, moved(Phase::Nominating, Phase::Screening)).await;
        for (k, (nid, _, _)) in noms.iter().enumerate() {
            w.push(
                &s,
                p(NominationScreened {
                    nomination_id: *nid,
                    eligible: k % 10 != 9,
                    reason: "Đủ điều kiện".into(),
                }),
            )
            .await;
        }
        w.push(&s, moved(Phase::Screening, Phase::Reviewing)).await;
        let eligible: Vec<&(Uuid, u128, u128)> = noms
            .iter()
            .enumerate()
            .filter(|(k, _)| k % 10 != 9)
            .map(|(_, n)| n)
            .collect();
        let reviewers = |c: u128, k: usize| -> Vec<Uuid> {
            let mut v: Vec<Uuid> = (0..REVIEWERS)
                .map(|r| id(3, (c * 12 + ((k + r) % 12) as u128) % MEMBERS))
                .collect();
            v.sort();
            v
        };
        for c in 0..CATEGORIES {
            let assignments = eligible
                .iter()
                .enumerate()
                .filter(|(_, n)| n.1 == c)
                .map(|(k, n)| Assignment {
                    nomination_id: n.0,
                    member_ids: reviewers(c, k),
                })
                .collect();
            w.push(
                &s,
                p(ReviewersAssigned {
                    panel_id: id(7, y as u128 * 100 + c),
                    seed: 7,
                    per_nomination: Some(REVIEWERS as u32),
                    assignments,
                }),
            )
            .await;
        }
        for (k, n) in eligible.iter().enumerate() {
            for m in reviewers(n.1, k) {
                w.actor = Some(m.to_string());
                let v = ((k as u32) * 7 + m.as_u128() as u32) % 11;
                let scores = BTreeMap::from([
                    ("impact".into(), v.min(10)),
                    ("reach".into(), (v + 3) % 11),
                    ("novelty".into(), (v + 5) % 11),
                ]);
                w.push(
                    &s,
                    p(ScoresRecorded {
                        nomination_id: n.0,
                        member_id: m,
                        scores: scores.clone(),
                        comment: None,
                        revision: 1,
                    }),
                )
                .await;
                seq += 1;
                if seq.is_multiple_of(revise_every) {
                    w.push(
                        &s,
                        p(ScoresRecorded {
                            nomination_id: n.0,
                            member_id: m,
                            scores,
                            comment: Some("sửa điểm".into()),
                            revision: 2,
                        }),
                    )
                    .await;
                }
            }
        }
        w.actor = Some(admin.to_string());
        w.push(&s, moved(Phase::Reviewing, Phase::Voting)).await;
        for (k, n) in eligible.iter().enumerate() {
            for m in reviewers(n.1, k) {
                w.actor = Some(m.to_string());
                w.push(
                    &s,
                    p(BallotParticipationRecorded {
                        nomination_id: n.0,
                        member_id: m,
                    }),
                )
                .await;
            }
        }
        w.actor = Some(admin.to_string());
        let mut recommended = vec![];
        for c in 0..CATEGORIES {
            let ids: Vec<(usize, Uuid)> = eligible
                .iter()
                .enumerate()
                .filter(|(_, n)| n.1 == c)
                .map(|(k, n)| (k, n.0))
                .collect();
            w.push(
                &s,
                p(RoundClosed {
                    category_code: format!("C{c}"),
                    nomination_ids: ids.iter().map(|x| x.1).collect(),
                }),
            )
            .await;
            let approvals = |k: usize| (k % 9) as u32;
            let batches = ids
                .iter()
                .map(|(k, nid)| OpenedChoices {
                    nomination_id: *nid,
                    choices: (0..REVIEWERS as u32)
                        .map(|i| {
                            if i < approvals(*k) {
                                Choice::Approve
                            } else {
                                Choice::Reject
                            }
                        })
                        .collect(),
                })
                .collect();
            w.push(
                &s,
                p(SecretBallotsOpened {
                    category_code: format!("C{c}"),
                    batches,
                }),
            )
            .await;
            let mut passed: Vec<(u32, Uuid)> = ids
                .iter()
                .filter(|(k, _)| approvals(*k) >= 5)
                .map(|(k, nid)| (approvals(*k), *nid))
                .collect();
            passed.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let rank: BTreeMap<Uuid, u32> = passed
                .iter()
                .enumerate()
                .map(|(i, x)| (x.1, i as u32 + 1))
                .collect();
            for (k, nid) in &ids {
                let a = approvals(*k);
                let r = rank.get(nid).copied();
                let outcome = match r {
                    Some(r) if r <= 20 => Outcome::Recommended,
                    Some(_) => Outcome::Reserve,
                    None => Outcome::NotRecommended,
                };
                if outcome == Outcome::Recommended {
                    recommended.push((*nid, c));
                }
                w.push(
                    &s,
                    p(OutcomeDecided {
                        nomination_id: *nid,
                        category_code: format!("C{c}"),
                        outcome,
                        rank: r,
                        approvals: a,
                        rejections: REVIEWERS as u32 - a,
                        abstentions: 0,
                        eligible: REVIEWERS as u32,
                        denominator: REVIEWERS as u32,
                        required: 5,
                        quorum_required: 6,
                        quorum_met: true,
                        passed: a >= 5,
                    }),
                )
                .await;
            }
        }
        w.push(&s, moved(Phase::Voting, Phase::PublicNotice)).await;
        w.push(
            &s,
            p(NoticePeriodStarted {
                nomination_id: None,
                started_on: date!(2026 - 05 - 04),
                working_days: 10,
                ends_on: date!(2026 - 05 - 18),
            }),
        )
        .await;
        for (i, (nid, _)) in recommended.iter().enumerate().take(5) {
            let oid = id(10, y as u128 * 10 + i as u128);
            w.actor = None;
            w.push(
                &s,
                p(ObjectionFiled {
                    objection_id: oid,
                    nomination_id: *nid,
                    objector_person_id: id(11, oid.as_u128()),
                    objector: seal(
                        id(11, oid.as_u128()),
                        &Objector {
                            full_name: "Người phản ánh".into(),
                            phone: "0900000000".into(),
                            address: "Hà Nội".into(),
                            email: Some("x@example.vn".into()),
                        },
                    ),
                    text: "Thành tích chưa chính xác".into(),
                    filed_at: at,
                }),
            )
            .await;
            w.actor = Some(admin.to_string());
            w.push(
                &s,
                p(ObjectionResolved {
                    objection_id: oid,
                    nomination_id: *nid,
                    upheld: i == 0,
                    reason: "Đã xác minh".into(),
                }),
            )
            .await;
        }
        w.push(&s, moved(Phase::PublicNotice, Phase::Deciding))
            .await;
        w.actor = Some(id(1, 2).to_string());
        w.push(
            &s,
            p(DecisionMade {
                decision_no: format!("{year}/QĐ-BKHCN"),
                decided_on: date!(2026 - 06 - 01),
                signer: "Bộ trưởng".into(),
            }),
        )
        .await;
        for (i, (nid, c)) in recommended.iter().enumerate().skip(1) {
            let award = accolade_domain::derive_id("accolade/award", *nid);
            // The nomination's number within the generator's ids: its person and nominee.
            let n = nid.as_u128() & ((1 << 96) - 1);
            let person = id(9, n);
            let holder = nominee(n - y as u128 * PER_YEAR).public_record();
            w.push(
                &s,
                p(AwardConferred {
                    award_id: award,
                    nomination_id: *nid,
                    category_code: format!("C{c}"),
                    award_title: category(*c).award_title,
                    person_id: person,
                    holder: seal(public_record_key(person), &holder),
                    decision_no: format!("{year}/QĐ-BKHCN"),
                    decided_on: date!(2026 - 06 - 01),
                }),
            )
            .await;
            if i % 97 == 0 {
                w.push(
                    &s,
                    p(AwardRevoked {
                        award_id: award,
                        nomination_id: *nid,
                        ground: RevocationGround::FalseDossier,
                        decision_no: format!("{year}/QĐ-THU"),
                        decided_on: date!(2026 - 09 - 01),
                        note: None,
                    }),
                )
                .await;
            }
        }
        w.actor = Some(admin.to_string());
        w.push(&s, moved(Phase::Deciding, Phase::Published)).await;
    }
    w.flush().await;
    println!(
        "generated: events={} head={}",
        w.total,
        *store.durable_head().borrow()
    );
}

fn rss_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

/// Rebuild alone, in its own process: fold the whole log, write the snapshot, digest the state.
async fn rebuild_phase(dir: &Path) {
    let store = SledStore::open(dir).unwrap();
    let snap_dir: PathBuf = dir.join("snapshots");
    let _ = std::fs::remove_file(snapshot::path_in(&snap_dir));

    let t = Instant::now();
    let mut last_print = Instant::now();
    let rebuilt = rebuild(&store, |done, all| {
        if last_print.elapsed() > Duration::from_secs(1) {
            eprintln!("  rebuilt {done}/{all}");
            last_print = Instant::now();
        }
    })
    .await
    .unwrap();
    let secs = t.elapsed().as_secs_f64();
    let events = rebuilt.position();
    println!(
        "rebuilt: {:?} in {secs:.2}s (rss so far {} MB)",
        rebuilt.stats(),
        rss_mb()
    );

    let t = Instant::now();
    let bytes = snapshot::write(&snap_dir, &rebuilt).unwrap();
    println!(
        "snapshot: {} MB in {} ms",
        bytes / 1_000_000,
        t.elapsed().as_millis()
    );
    let digest = rebuilt.digest();
    println!(
        "phase=rebuild events={events} secs={secs:.3} digest={digest} rss_mb={}",
        rss_mb()
    );
}

/// A restart, in a fresh process: open the store, start a runner from the snapshot, wait until
/// it has caught up with the log; then digest the state it serves.
async fn restore_phase(dir: &Path) {
    let t = Instant::now();
    let store = SledStore::open(dir).unwrap();
    let open_ms = t.elapsed().as_millis();
    let snap_dir: PathBuf = dir.join("snapshots");
    let total = *store.durable_head().borrow();
    let t = Instant::now();
    let runner = Runner::start(
        store.clone(),
        RunnerConfig {
            snapshot_every: 0,
            ..RunnerConfig::with_snapshots(&snap_dir)
        },
    )
    .await
    .unwrap();
    let restored_ms = t.elapsed().as_millis();
    runner
        .catch_up(&store, Duration::from_secs(600))
        .await
        .unwrap();
    let start_ms = t.elapsed().as_millis();
    assert_eq!(runner.started_from_snapshot, Some(total));
    println!(
        "restart: store open {open_ms} ms (the store's, not counted in start_ms); projections: snapshot restored in {restored_ms} ms, caught up in {start_ms} ms; whole restart {} ms (rss so far {} MB)",
        open_ms + start_ms,
        rss_mb()
    );
    let digest = runner.read(|p| p.digest());
    println!(
        "phase=restore start_ms={start_ms} open_ms={open_ms} digest={digest} rss_mb={}",
        rss_mb()
    );
}

/// Runs `phase` of this binary in a child process, echoes its output, returns its
/// `phase=...` line as key/value pairs.
fn child(phase: &str, dir: &Path) -> BTreeMap<String, String> {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .arg(phase)
        .arg(dir)
        .stderr(std::process::Stdio::inherit())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    print!("{text}");
    assert!(out.status.success(), "{phase} failed: {}", out.status);
    let line = text
        .lines()
        .rev()
        .find(|l| l.starts_with("phase="))
        .unwrap_or_else(|| panic!("{phase}: no result line"));
    line.split_whitespace()
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// The measurement: a rebuild in one process, a restart from its snapshot in a fresh one,
/// their states compared by digest; peak RSS is the larger of the two processes'.
fn measure(dir: &Path) {
    let rebuilt = child("rebuild", dir);
    let restored = child("restore", dir);
    let num = |m: &BTreeMap<String, String>, k: &str| -> f64 { m[k].parse().unwrap() };
    let same = rebuilt["digest"] == restored["digest"];
    println!(
        "restored from snapshot == rebuilt (sha-256 of the canonical encoding): {same} {}",
        restored["digest"]
    );
    assert!(
        same,
        "the restarted read models differ from the rebuilt ones"
    );
    let (rss_rebuild, rss_restore) = (num(&rebuilt, "rss_mb"), num(&restored, "rss_mb"));
    println!("rss: rebuild alone {rss_rebuild} MB, restart alone {rss_restore} MB");
    let events = num(&rebuilt, "events");
    let events_per_s = (events / num(&rebuilt, "secs")) as u64;
    println!(
        "rebuild: events={} events_per_s={events_per_s} start_ms={} rss_mb={}",
        events as u64,
        restored["start_ms"],
        rss_rebuild.max(rss_restore) as u64
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    match (args.get(1).map(String::as_str), args.get(2)) {
        (Some("generate"), Some(dir)) => {
            let target = args
                .get(3)
                .and_then(|n| n.parse().ok())
                .unwrap_or(1_000_000);
            generate(Path::new(dir), target).await;
        }
        (Some("measure"), Some(dir)) => measure(Path::new(dir)),
        (Some("rebuild"), Some(dir)) => rebuild_phase(Path::new(dir)).await,
        (Some("restore"), Some(dir)) => restore_phase(Path::new(dir)).await,
        (Some("read"), Some(dir)) => {
            // Reading alone, to tell the store's share of time and memory from the folds'.
            let store = SledStore::open(dir).unwrap();
            let t = Instant::now();
            let (mut at, mut n) = (0u64, 0usize);
            let fold = args.get(3).is_some();
            let mut p = accolade_projections::Projections::new();
            let mut folding = Duration::ZERO;
            let mut decoding = Duration::ZERO;
            loop {
                let page = store.read_all(at, 4096).await.unwrap();
                if page.is_empty() {
                    break;
                }
                at += page.len() as u64;
                n += page.iter().map(|r| r.payload.get().len()).sum::<usize>();
                if fold {
                    let t = Instant::now();
                    for r in &page {
                        let _ = std::hint::black_box(accolade_projections::decode(
                            &r.event_type,
                            r.schema_version,
                            r.payload.get(),
                        ));
                    }
                    decoding += t.elapsed();
                    let t = Instant::now();
                    for r in &page {
                        p.apply(r);
                    }
                    folding += t.elapsed();
                }
            }
            println!(
                "read: events={at} payload_bytes={n} in {:.2}s (decode alone {:.2}s, decode+fold {:.2}s) rss_mb={}",
                t.elapsed().as_secs_f64(),
                decoding.as_secs_f64(),
                folding.as_secs_f64(),
                rss_mb()
            );
        }
        _ => eprintln!(
            "usage: rebuild_bench generate DIR [EVENTS] | measure DIR | rebuild DIR | restore DIR | read DIR [fold]"
        ),
    }
}
