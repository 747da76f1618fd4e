//! What the notifier's tests share: a fake transport that records every attempt and fails as
//! told, one paused clock for the worker and the store's timestamps, a stand-in key store that
//! seals people as the app does, and a world (agencies, members, a programme) to run it over.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

mod vault;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use accolade_events::*;
use accolade_notify::{Clock, Invitations, MailConfig, Notifier, SendError, Transport};
use accolade_projections::{Runner, RunnerConfig};
use accolade_store::{
    AppendOutcome, EventStore, ExpectedVersion, MemoryStore, Metadata, NewEvent, RecordedEvent,
    StoreError, VerifyReport,
};
use mail_parser::MessageParser;
use time::OffsetDateTime;
use time::macros::{date, datetime};
use tokio::time::Instant;
use uuid::Uuid;

pub use self::vault::Vault;

pub const BASE: &str = "https://giaithuong.example.vn";
pub const AGENCY_MAIL: &str = "vanphong@vtv.example.vn";
pub const OTHER_AGENCY_MAIL: &str = "toasoan@khoahoc.example.vn";
pub const JANE: &str = "jane@council.example.vn";
pub const BINH: &str = "binh@council.example.vn";

// ---------------------------------------------------------------------------------------
// The fake transport.

/// How the fake server fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fail {
    /// 4xx: try later.
    Temporary,
    /// 5xx: never.
    Permanent,
    /// Nobody listens.
    Refused,
}

impl Fail {
    pub fn error(self) -> SendError {
        match self {
            Fail::Temporary => SendError::transient("421 4.3.2 Service not available"),
            Fail::Permanent => SendError::permanent("550 5.1.1 Mailbox unavailable"),
            Fail::Refused => SendError::transient("Connection refused (os error 111)"),
        }
    }
}

/// One message handed to the transport.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// Time since the test began.
    pub at: Duration,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub accepted: bool,
}

#[derive(Debug)]
pub struct Server {
    pub began: Instant,
    pub attempts: Vec<Attempt>,
    /// Every send fails so (an outage).
    pub all: Option<Fail>,
    /// Sends to this address fail so.
    pub to: HashMap<String, Fail>,
}

/// A transport that records every attempt and fails as told.
#[derive(Debug, Clone)]
pub struct FakeSmtp(pub Arc<Mutex<Server>>);

impl FakeSmtp {
    pub fn new(began: Instant) -> Self {
        FakeSmtp(Arc::new(Mutex::new(Server {
            began,
            attempts: Vec::new(),
            all: None,
            to: HashMap::new(),
        })))
    }

    pub fn fail_all(&self, how: Option<Fail>) {
        self.0.lock().unwrap().all = how;
    }

    pub fn fail_to(&self, address: &str, how: Fail) {
        self.0.lock().unwrap().to.insert(address.to_owned(), how);
    }

    pub fn attempts(&self) -> Vec<Attempt> {
        self.0.lock().unwrap().attempts.clone()
    }

    /// Seconds since the start of every attempt to `to`.
    pub fn times_to(&self, to: &str) -> Vec<u64> {
        let a = self.attempts();
        a.iter()
            .filter(|a| a.to == to)
            .map(|a| a.at.as_secs())
            .collect()
    }

    pub fn accepted(&self) -> Vec<Attempt> {
        self.attempts().into_iter().filter(|a| a.accepted).collect()
    }
}

impl Transport for FakeSmtp {
    async fn send(&self, message: lettre::Message) -> Result<(), SendError> {
        let bytes = message.formatted();
        let m = MessageParser::default().parse(&bytes).unwrap();
        let to = m
            .to()
            .unwrap()
            .first()
            .unwrap()
            .address()
            .unwrap()
            .to_owned();
        let mut server = self.0.lock().unwrap();
        let fail = server.all.or_else(|| server.to.get(&to).copied());
        let attempt = Attempt {
            at: server.began.elapsed(),
            to,
            subject: m.subject().unwrap().to_owned(),
            text: m.body_text(0).unwrap().into_owned(),
            accepted: fail.is_none(),
        };
        server.attempts.push(attempt);
        fail.map_or(Ok(()), |f| Err(f.error()))
    }
}

// ---------------------------------------------------------------------------------------
// Time: one paused tokio clock for the worker and for the store's timestamps.

/// The wall clock the test starts at: a whole minute, so digest windows are known.
pub const ORIGIN: OffsetDateTime = datetime!(2026-03-16 12:00 UTC);

/// `ORIGIN` at `began`, moving with tokio's (paused) time.
pub fn paused_clock(began: Instant) -> Clock {
    Arc::new(move || ORIGIN + began.elapsed())
}

/// A memory store whose records carry the paused clock's time as `recorded_at` (the memory
/// store stamps the system clock, and digest windows are cut by when assignments were
/// recorded).
#[derive(Clone)]
pub struct Stamped {
    pub inner: MemoryStore,
    pub clock: Clock,
    pub stamps: Arc<tokio::sync::Mutex<HashMap<u64, OffsetDateTime>>>,
}

impl Stamped {
    pub async fn restamp(&self, mut events: Vec<RecordedEvent>) -> Vec<RecordedEvent> {
        let stamps = self.stamps.lock().await;
        for e in &mut events {
            if let Some(at) = stamps.get(&e.position) {
                e.recorded_at = *at;
            }
        }
        events
    }
}

impl EventStore for Stamped {
    async fn append(
        &self,
        stream_id: &str,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
    ) -> Result<AppendOutcome, StoreError> {
        // Held across the append, so no reader sees a record before its stamp.
        let mut stamps = self.stamps.lock().await;
        let now = (self.clock)();
        let outcome = self.inner.append(stream_id, expected, events).await?;
        if !outcome.replayed {
            for p in outcome.first_position..=outcome.last_position {
                stamps.insert(p, now);
            }
        }
        Ok(outcome)
    }

    async fn read_stream(
        &self,
        stream_id: &str,
        from_version: u64,
        limit: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let events = self
            .inner
            .read_stream(stream_id, from_version, limit)
            .await?;
        Ok(self.restamp(events).await)
    }

    async fn read_all(
        &self,
        from_position: u64,
        limit: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let events = self.inner.read_all(from_position, limit).await?;
        Ok(self.restamp(events).await)
    }

    fn durable_head(&self) -> tokio::sync::watch::Receiver<u64> {
        self.inner.durable_head()
    }

    async fn verify(&self) -> Result<VerifyReport, StoreError> {
        self.inner.verify().await
    }
}

// ---------------------------------------------------------------------------------------
// The world: people with addresses, a programme, and the worker over it.

pub fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

pub const AGENCY: u128 = 1;
pub const OTHER_AGENCY: u128 = 2;
pub const EN: u128 = 3;
pub const VI: u128 = 4;
pub const PROG: u128 = 10;

pub struct World {
    pub began: Instant,
    pub store: Stamped,
    pub clock: Clock,
    pub smtp: FakeSmtp,
    /// The keys people are sealed under; the notifier opens them with it.
    pub vault: Arc<Vault>,
}

impl World {
    /// Two agencies and two members (English, Vietnamese), and a programme whose nominating
    /// phase ends on 20 March; no mail owed yet.
    pub async fn new() -> World {
        let began = Instant::now();
        let clock = paused_clock(began);
        let store = Stamped {
            inner: MemoryStore::new(),
            clock: clock.clone(),
            stamps: Arc::default(),
        };
        let w = World {
            began,
            store,
            clock,
            smtp: FakeSmtp::new(began),
            vault: Arc::default(),
        };
        for (a, name, email) in [
            (AGENCY, "Đài Truyền hình Việt Nam", AGENCY_MAIL),
            (OTHER_AGENCY, "Báo Khoa học", OTHER_AGENCY_MAIL),
        ] {
            let ev = AgencyEvent::from(AgencyRegistered {
                agency_id: id(a),
                name: name.into(),
                code: format!("A{a}"),
                kind: AgencyKind::Press,
                province: None,
                parent_id: None,
                email: Some(email.into()),
            });
            w.put(&format!("agency-{}", id(a)), AnyEvent::Agency(ev))
                .await;
        }
        for (u, email, name, locale) in [
            (EN, JANE, "Jane Smith", Locale::En),
            (VI, BINH, "Trần Thị Bình", Locale::Vi),
        ] {
            let contact = UserContact {
                email: email.into(),
                full_name: name.into(),
            };
            let ev = UserEvent::from(UserRegistered {
                user_id: id(u),
                person_id: id(u + 100),
                contact: w.vault.seal_value(id(u + 100), &contact),
                role: Role::Member,
                agency_id: None,
                locale,
            });
            w.put(&format!("user-{}", id(u)), AnyEvent::User(ev)).await;
        }
        w.programme(ProgrammeCreated {
            programme_id: id(PROG),
            title: "Giải thưởng Truyền thông KH&CN 2026".into(),
            year: 2026,
            description: None,
            notice_working_days: 10,
            schedule: Schedule {
                nominating: Some(date!(2026 - 03 - 20)),
                ..Schedule::default()
            },
            holidays: vec![],
        })
        .await;
        w
    }

    pub async fn put(&self, stream: &str, ev: AnyEvent) {
        let payload = ev.to_payload().unwrap();
        let e = NewEvent::json(
            ev.event_type(),
            ev.schema_version(),
            &payload,
            Metadata::default(),
        );
        self.store
            .append(stream, ExpectedVersion::Any, vec![e])
            .await
            .unwrap();
    }

    pub async fn programme(&self, ev: impl Into<ProgrammeEvent>) {
        let stream = format!("programme-{}", id(PROG));
        self.put(&stream, AnyEvent::Programme(ev.into())).await;
    }

    /// A draft nomination of `agency` for `name` (who gave no e-mail), sealed.
    pub async fn draft(&self, nomination: u128, agency: u128, name: &str) {
        self.draft_with(nomination, agency, name, None).await;
    }

    /// The nominee's person id of a nomination.
    pub fn person(nomination: u128) -> Uuid {
        id(nomination + 100)
    }

    /// A draft nomination of `agency` for `name`, with an e-mail or none, sealed.
    pub async fn draft_with(
        &self,
        nomination: u128,
        agency: u128,
        name: &str,
        email: Option<&str>,
    ) {
        let nominee = Nominee {
            kind: NomineeKind::Individual,
            full_name: name.into(),
            position: None,
            organisation: "Báo Khoa học".into(),
            province: None,
            email: email.map(str::to_owned),
            birth_year: None,
            national_id: None,
        };
        self.programme(NominationDrafted {
            nomination_id: id(nomination),
            category_code: "IND".into(),
            agency_id: id(agency),
            person_id: Self::person(nomination),
            nominee: self.vault.seal_value(Self::person(nomination), &nominee),
            lookups: NomineeLookups::default(),
            linked: false,
            citation: "c".into(),
            achievements: "a".into(),
            evidence: vec![],
        })
        .await;
    }

    /// A nomination drafted and submitted: its agency is owed one mail.
    pub async fn submitted(&self, nomination: u128, agency: u128, name: &str) {
        self.draft(nomination, agency, name).await;
        self.programme(NominationSubmitted {
            nomination_id: id(nomination),
            submitted_at: (self.clock)(),
            resubmission: false,
        })
        .await;
    }

    pub async fn assign(&self, seed: u64, nomination: u128, members: &[u128]) {
        self.programme(ReviewersAssigned {
            panel_id: id(20),
            seed,
            per_nomination: None,
            assignments: vec![Assignment {
                nomination_id: id(nomination),
                member_ids: members.iter().map(|m| id(*m)).collect(),
            }],
        })
        .await;
    }

    /// The worker: retries from 10 s doubling to 80 s with the draw fixed at its top, so the
    /// delays are exactly 10, 20, 40, 80, 80… s; a refused mail gets 3 attempts.
    pub async fn notifier(&self) -> (Notifier<Stamped, FakeSmtp>, Arc<Runner>) {
        let (notifier, runner, _invitations) = self.notifier_and_invitations().await;
        (notifier, runner)
    }

    /// [`World::notifier`], with the queue for token mails.
    pub async fn notifier_and_invitations(
        &self,
    ) -> (Notifier<Stamped, FakeSmtp>, Arc<Runner>, Invitations) {
        let runner = Arc::new(
            Runner::start(self.store.clone(), RunnerConfig::in_memory())
                .await
                .unwrap(),
        );
        let mut config = MailConfig::new("smtp://127.0.0.1:1", "Giải thưởng <gt@example.vn>", BASE);
        config.retry_base = Duration::from_secs(10);
        config.retry_max = Duration::from_secs(80);
        config.max_permanent_attempts = 3;
        config.digest_window = Duration::from_secs(60);
        config.tick = Duration::from_secs(1);
        let (notifier, invitations) = Notifier::new(
            self.store.clone(),
            runner.clone(),
            self.smtp.clone(),
            config,
            self.vault.clone(),
        );
        let notifier = notifier
            .with_clock(self.clock.clone())
            .with_jitter(Arc::new(|| 1.0));
        (notifier, runner, invitations)
    }

    /// Moves the paused clock to `secs` after the start of the test.
    pub async fn at(&self, secs: u64) {
        let target = self.began + Duration::from_secs(secs);
        let now = Instant::now();
        assert!(target >= now, "time runs forward only");
        tokio::time::advance(target - now).await;
    }

    /// Erases a person as the app does: destroys the key, records `PersonErased`.
    pub async fn erase(&self, person: Uuid) {
        self.vault.destroy(person);
        let ev = DirectoryEvent::from(PersonErased {
            person_id: person,
            reason: "asked".into(),
            public_record_erased: false,
            nomination_id: None,
            user_id: None,
        });
        self.put("directory", AnyEvent::Directory(ev)).await;
    }

    /// Every `NotificationDropped` recorded, in order.
    pub async fn drops(&self) -> Vec<NotificationDropped> {
        self.recorded(|e| match e {
            NotificationEvent::NotificationDropped(d) => Some(d),
            _ => None,
        })
        .await
    }

    /// Every `NotificationFailed` recorded, in order.
    pub async fn failures(&self) -> Vec<NotificationFailed> {
        self.recorded(|e| match e {
            NotificationEvent::NotificationFailed(f) => Some(f),
            _ => None,
        })
        .await
    }

    /// The notifier's recorded events that `pick` keeps, in order.
    async fn recorded<T>(&self, pick: impl Fn(NotificationEvent) -> Option<T>) -> Vec<T> {
        self.store
            .read_stream("notifications", 0, 1000)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|r| {
                let json = serde_json::from_str(r.payload.get()).unwrap();
                NotificationEvent::from_stored(&r.event_type, r.schema_version, json)
                    .ok()
                    .and_then(&pick)
            })
            .collect()
    }
}
