//! A world that runs domain commands through `decide` + `evolve` and keeps the log as the
//! store would record it, so the projections are tested on events the domain really makes —
//! sealed as the app seals them before appending (a stand-in key store, [`Vault`]), so the
//! models see ciphertext only, as in production.

use std::collections::BTreeMap;
use std::sync::Arc;

use accolade_domain::*;
use accolade_events::*;
use accolade_store::{
    EventStore, ExpectedVersion, Hash, MemoryStore, Metadata as Meta, NewEvent, RecordedEvent,
};
use serde_json::value::RawValue;
use time::{Duration, OffsetDateTime, macros::datetime};
use uuid::Uuid;

pub use super::vault::Vault;
pub use accolade_domain::fixtures::{
    A1, A2, ADMIN, AUTHORITY, PANEL, PROGRAMME, admin, authority, head, m, member, nom, rubric,
};

/// The head of agency `a` (the shared fixtures' naming, kept for these tests).
pub fn head_of(a: Uuid) -> Uuid {
    accolade_domain::fixtures::head_id(a)
}

pub fn category(code: &str, secret: bool, max_awards: u32) -> Category {
    Category {
        code: code.into(),
        title: format!("Hạng mục {code}"),
        nominee_kind: NomineeKind::Individual,
        award_title: "Bằng khen".into(),
        award_level: "ministry".into(),
        leaderboard_points: 10,
        criteria: rubric(),
        voting: VotingRule {
            threshold: Threshold {
                num: 1,
                den: 2,
                strict: true,
            },
            denominator: Denominator::AllMembers,
            quorum: None,
            secret,
            absentee_written: true,
        },
        max_awards,
        max_per_agency: None,
        prerequisite: None,
        legal_ref: None,
        effective_from: None,
    }
}

pub fn content(name: &str, person: u128, province: &str, email: bool) -> NominationContent {
    let nominee = Nominee {
        kind: NomineeKind::Individual,
        full_name: name.into(),
        position: Some("Phóng viên".into()),
        organisation: format!("Tòa soạn {person}"),
        province: Some(province.into()),
        email: email.then(|| format!("secret{person}@example.vn")),
        birth_year: Some(1979),
        national_id: None,
    };
    NominationContent {
        person_id: Uuid::from_u128(0xF000 + person),
        lookups: accolade_domain::fixtures::lookups_of(&nominee),
        linked: false,
        nominee,
        citation: "Vì đóng góp xuất sắc".into(),
        achievements: "Nhiều loạt bài".into(),
        evidence: vec![],
    }
}

/// Folds records into fresh read models.
pub fn fold(records: &[RecordedEvent]) -> accolade_projections::Projections {
    let mut p = accolade_projections::Projections::new();
    for r in records {
        p.apply(r);
    }
    p
}

/// One event as the store would be asked to append it.
#[derive(Debug, Clone)]
pub struct Logged {
    pub stream: String,
    pub event_type: &'static str,
    pub schema_version: u32,
    pub payload: String,
    pub actor: Option<String>,
}

/// The programme's state and the whole log (agencies, users, programme).
pub struct World {
    pub state: Programme,
    pub log: Vec<Logged>,
    pub now: OffsetDateTime,
    /// The keys the log is sealed under; what the views open people with.
    pub vault: Arc<Vault>,
}

impl World {
    /// Agencies A1, A2 (member 4 affiliated with A2), users, and a programme with one
    /// category and a panel of 4 members (3 per nomination), left in `setup`.
    pub fn new(secret: bool) -> Self {
        let mut w = World {
            state: Programme::default(),
            log: vec![],
            now: datetime!(2026-03-02 09:00 +7),
            vault: Arc::default(),
        };
        for (a, name, province) in [
            (A1, "Bộ Khoa học và Công nghệ", "Hà Nội"),
            (A2, "Sở KH&CN Đà Nẵng", "Đà Nẵng"),
        ] {
            w.raw(
                &format!("agency-{a}"),
                AgencyEvent::from(AgencyRegistered {
                    agency_id: a,
                    name: name.into(),
                    code: format!("C{}", a.as_u128()),
                    kind: AgencyKind::Ministry,
                    province: Some(province.into()),
                    parent_id: None,
                    email: Some("office@example.vn".into()),
                }),
                Some(ADMIN),
            );
        }
        let users = [
            (ADMIN, Role::Admin, None),
            (AUTHORITY, Role::Authority, None),
            (head_of(A1), Role::Head, Some(A1)),
            (head_of(A2), Role::Head, Some(A2)),
            (m(1), Role::Member, None),
            (m(2), Role::Member, None),
            (m(3), Role::Member, None),
            (m(4), Role::Member, Some(A2)),
        ];
        for (u, role, agency) in users {
            let person_id = Uuid::from_u128(u.as_u128() + 0xE000);
            let mut contact = Personal::Open(UserContact {
                email: format!("{u}@example.vn"),
                full_name: "Người dùng".into(),
            });
            w.vault.seal(person_id, &mut contact);
            w.raw(
                &format!("user-{u}"),
                UserEvent::from(UserRegistered {
                    user_id: u,
                    person_id,
                    role,
                    agency_id: agency,
                    locale: Locale::Vi,
                    contact,
                }),
                Some(ADMIN),
            );
        }
        w.run(
            &admin(),
            ProgrammeCommand::Create(CreateProgramme {
                programme_id: PROGRAMME,
                title: "Giải thưởng 2026".into(),
                year: 2026,
                description: None,
                notice_working_days: 0,
                schedule: Schedule::default(),
                holidays: vec![],
            }),
        );
        w.run(
            &admin(),
            ProgrammeCommand::AddCategory(category("C", secret, 2)),
        );
        w.run(
            &admin(),
            ProgrammeCommand::FormPanel(PanelSpec {
                panel_id: PANEL,
                name: "Hội đồng".into(),
                category_codes: vec!["C".into()],
                members: (1..=4)
                    .map(|i| PanelMember {
                        user_id: m(i),
                        agency_id: (i == 4).then_some(A2),
                    })
                    .collect(),
                chair_id: m(1),
                reviewers_per_nomination: None,
            }),
        );
        w
    }

    pub fn raw<E: Into<AnyEventLike>>(&mut self, stream: &str, e: E, actor: Option<Uuid>) {
        let e = e.into();
        self.log.push(Logged {
            stream: stream.into(),
            event_type: e.0,
            schema_version: e.1,
            payload: e.2,
            actor: actor.map(|a| a.to_string()),
        });
    }

    pub fn try_run(
        &mut self,
        actor: &Actor,
        cmd: ProgrammeCommand,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        let events = self
            .state
            .decide(&cmd, &Context::new(actor.clone(), self.now))?;
        for e in &events {
            self.state.evolve(e);
            let who = if e.is_anonymous() {
                None
            } else {
                actor.user_id()
            };
            let sealed = self.vault.seal_programme(e.clone());
            self.raw(&format!("programme-{PROGRAMME}"), sealed, who);
        }
        Ok(events)
    }

    /// Erases a person as the app does: destroys their key (and their public record's, when
    /// `public_record` goes too), then records `PersonErased`.
    pub fn erase(&mut self, person_id: Uuid, public_record: bool) {
        self.vault.destroy(person_id);
        if public_record {
            self.vault.destroy(public_record_key(person_id));
        }
        self.raw(
            "directory",
            DirectoryEvent::from(PersonErased {
                person_id,
                reason: "the person asked".into(),
                public_record_erased: public_record,
                nomination_id: None,
                user_id: None,
            }),
            Some(ADMIN),
        );
    }

    /// The person id of a nomination's nominee.
    pub fn person_of(&self, nomination: Uuid) -> Uuid {
        self.state.nominations[&nomination].person_id
    }

    pub fn run(&mut self, actor: &Actor, cmd: ProgrammeCommand) -> Vec<ProgrammeEvent> {
        match self.try_run(actor, cmd.clone()) {
            Ok(e) => e,
            Err(e) => panic!("{cmd:?} failed: {e}"),
        }
    }

    pub fn move_to(&mut self, to: Phase) {
        self.run(&admin(), ProgrammeCommand::MovePhase { to });
    }

    pub fn days(&mut self, n: i64) {
        self.now += Duration::days(n);
    }

    /// The log as recorded events (positions 0.., fake but distinct hashes).
    pub fn records(&self) -> Vec<RecordedEvent> {
        self.log
            .iter()
            .enumerate()
            .map(|(i, l)| record(i as u64, l))
            .collect()
    }

    /// Appends the log (from `from`) to a store, one event per append.
    pub async fn append_to(&self, store: &MemoryStore, from: usize) {
        for l in self.log.iter().skip(from) {
            store
                .append(&l.stream, ExpectedVersion::Any, vec![new_event(l)])
                .await
                .unwrap();
        }
    }

    /// Runs the whole cycle to `published`: 4 nominations (two per agency), all eligible,
    /// scored, voted (n1, n2 pass; n3 reserve; n4 not), n3 objected to (dismissed), decided.
    pub fn full_cycle(secret: bool) -> World {
        let mut w = World::new(secret);
        w.move_to(Phase::Nominating);
        let names = [
            ("Nguyễn Văn Đức", "Hà Nội"),
            ("Trần Thị Thu Hà", "Đà Nẵng"),
            ("Lê Quốc Đạt", "Hà Nội"),
            ("Phạm Minh An", "Huế"),
        ];
        for (i, (name, prov)) in names.iter().enumerate() {
            let i = i as u128 + 1;
            let a = if i % 2 == 1 { A1 } else { A2 };
            w.run(
                &head(a),
                ProgrammeCommand::DraftNomination {
                    nomination_id: nom(i),
                    category_code: "C".into(),
                    content: content(name, i, prov, i == 1),
                },
            );
            w.run(
                &head(a),
                ProgrammeCommand::SubmitNomination {
                    nomination_id: nom(i),
                    history: vec![],
                },
            );
            w.days(1);
        }
        w.move_to(Phase::Screening);
        for i in 1..=4 {
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
        for i in 1..=4u128 {
            for r in 1..=4u128 {
                let scores = BTreeMap::from([
                    ("impact".to_owned(), (10 - i as u32) - (r as u32 % 2)),
                    ("reach".to_owned(), 5),
                ]);
                let _ = w.try_run(
                    &member(r),
                    ProgrammeCommand::RecordScores {
                        nomination_id: nom(i),
                        scores,
                        comment: None,
                    },
                );
            }
        }
        w.move_to(Phase::Voting);
        let mut opened: BTreeMap<Uuid, Vec<Choice>> = BTreeMap::new();
        for i in 1..=4u128 {
            for r in 1..=4u128 {
                let choice = if i <= 3 {
                    Choice::Approve
                } else {
                    Choice::Reject
                };
                if w.try_run(
                    &member(r),
                    ProgrammeCommand::CastBallot {
                        nomination_id: nom(i),
                        choice,
                    },
                )
                .is_ok()
                    && secret
                {
                    opened.entry(nom(i)).or_default().push(choice);
                }
            }
        }
        w.run(
            &admin(),
            ProgrammeCommand::CloseRound {
                category_code: "C".into(),
                opened,
            },
        );
        w.move_to(Phase::PublicNotice);
        w.run(
            &Actor::Public,
            ProgrammeCommand::FileObjection(FileObjection {
                objection_id: Uuid::from_u128(0x0B),
                nomination_id: nom(3),
                objector_person_id: Uuid::from_u128(0x0C),
                objector: Objector {
                    full_name: "Người Phản Ánh".into(),
                    phone: "0912345678".into(),
                    address: "12 Phố Huế".into(),
                    email: Some("objector@example.vn".into()),
                },
                text: "Không đúng".into(),
            }),
        );
        w.run(
            &admin(),
            ProgrammeCommand::ResolveObjection {
                objection_id: Uuid::from_u128(0x0B),
                upheld: false,
                reason: "Không có căn cứ".into(),
            },
        );
        w.days(1);
        w.move_to(Phase::Deciding);
        w.run(
            &authority(),
            ProgrammeCommand::MakeDecision {
                decision_no: "123/QĐ-BKHCN".into(),
                decided_on: time::macros::date!(2026 - 06 - 01),
                signer: "Bộ trưởng".into(),
                declined: vec![],
                holders: accolade_domain::fixtures::public_records(&w.state),
            },
        );
        w.move_to(Phase::Published);
        w
    }
}

/// (type, version, payload) of any event of the vocabulary.
pub struct AnyEventLike(&'static str, u32, String);

macro_rules! like {
    ($($t:ty),*) => {$(
        impl From<$t> for AnyEventLike {
            fn from(e: $t) -> Self {
                AnyEventLike(e.event_type(), e.schema_version(), e.to_payload().unwrap().to_string())
            }
        }
    )*};
}
like!(
    ProgrammeEvent,
    AgencyEvent,
    UserEvent,
    DirectoryEvent,
    NotificationEvent
);

fn meta(l: &Logged) -> Meta {
    Meta {
        actor: l.actor.clone(),
        correlation_id: None,
        causation_id: None,
    }
}

fn event_id(l: &Logged, i: u64) -> Uuid {
    derive_id(
        &format!("test/{}/{}", l.stream, l.payload),
        Uuid::from_u128(u128::from(i)),
    )
}

pub fn new_event(l: &Logged) -> NewEvent {
    NewEvent {
        event_id: Uuid::now_v7(),
        event_type: l.event_type.into(),
        schema_version: l.schema_version,
        payload: l.payload.clone().into_bytes(),
        metadata: meta(l),
        recorded_at: None,
    }
}

pub fn record(position: u64, l: &Logged) -> RecordedEvent {
    RecordedEvent {
        position,
        stream_id: l.stream.clone(),
        stream_version: position,
        event_id: event_id(l, position),
        recorded_at: datetime!(2026-03-02 02:00 UTC) + Duration::minutes(position as i64),
        event_type: l.event_type.into(),
        schema_version: l.schema_version,
        payload: RawValue::from_string(l.payload.clone()).unwrap(),
        metadata: meta(l),
        prev_hash: Hash::GENESIS,
        hash: Hash::of(&position.to_le_bytes()),
        body: vec![],
    }
}
