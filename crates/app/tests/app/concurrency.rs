//! Concurrent executes, version-conflict retries, and a restart with ballots still sealed.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use accolade_app::{App, AppError, Command, MemoryVault, RoundId};
use accolade_domain::*;
use accolade_events::*;
use accolade_store::{
    AppendOutcome, EventStore, ExpectedVersion, MemoryStore, Metadata, NewEvent, RecordedEvent,
    StoreError, VerifyReport,
};
use tokio::sync::watch;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_members_cast_concurrently_on_sled_and_all_succeed() {
    let env = SledEnv::new().await;
    in_voting(&env.app, 10, 1).await;
    let tasks: Vec<_> = (1..=10)
        .map(|i| {
            let app = env.app.clone();
            let c = if i == 10 {
                Choice::Reject
            } else {
                Choice::Approve
            };
            tokio::spawn(async move { try_prog(&app, &member(i), cast(nom(1), c)).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let p = env.app.programme(PROGRAMME).await.unwrap();
    assert_eq!(p.nominations[&nom(1)].participants.len(), 10);
    let round = RoundId::new(PROGRAMME, "IND");
    assert_eq!(env.app.vault().read(&round).unwrap().unwrap().len(), 10);
    let close = ProgrammeCommand::CloseRound {
        category_code: "IND".into(),
        opened: BTreeMap::new(),
    };
    prog(&env.app, &member(1), close).await;
    let o = env.app.programme(PROGRAMME).await.unwrap().nominations[&nom(1)]
        .outcome
        .clone()
        .unwrap();
    assert_eq!((o.approvals, o.rejections, o.passed), (9, 1, true));
}

/// Two apps on one store, as two processes would be: their writes conflict, and retries
/// make every one succeed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_apps_on_one_store_retry_their_conflicts() {
    let store = MemoryStore::new();
    let vault = Arc::new(MemoryVault::new());
    let clock = start();
    let a = App::builder(store.clone(), vault.clone())
        .clock(clock.clone())
        .max_attempts(50)
        .build();
    let b = App::builder(store, vault)
        .clock(clock)
        .max_attempts(50)
        .build();
    in_voting(&a, 10, 1).await;
    let tasks: Vec<_> = (1..=10)
        .map(|i| {
            let app = if i % 2 == 0 { a.clone() } else { b.clone() };
            tokio::spawn(
                async move { try_prog(&app, &member(i), cast(nom(1), Choice::Approve)).await },
            )
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(
        b.programme(PROGRAMME).await.unwrap().nominations[&nom(1)]
            .participants
            .len(),
        10
    );
    assert_eq!(
        a.programme(PROGRAMME).await.unwrap(),
        b.programme(PROGRAMME).await.unwrap()
    );
}

/// A store that lets another writer slip one event into a stream just before an append.
#[derive(Debug, Clone)]
struct Interfering {
    inner: MemoryStore,
    /// How many appends to interfere with.
    remaining: Arc<Mutex<u32>>,
}

impl Interfering {
    fn amend() -> NewEvent {
        let payload = ProgrammeEvent::from(ProgrammeAmended {
            description: Some("changed by another process".into()),
            ..Default::default()
        })
        .to_payload()
        .unwrap();
        NewEvent::json("ProgrammeAmended", 1, &payload, Metadata::default())
    }
}

impl EventStore for Interfering {
    async fn append(
        &self,
        stream_id: &str,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
    ) -> Result<AppendOutcome, StoreError> {
        let interfere = {
            let mut n = self.remaining.lock().unwrap();
            let go = *n > 0 && stream_id.starts_with("programme-");
            if go {
                *n -= 1;
            }
            go
        };
        if interfere {
            self.inner
                .append(stream_id, ExpectedVersion::Any, vec![Self::amend()])
                .await?;
        }
        self.inner.append(stream_id, expected, events).await
    }

    async fn read_stream(
        &self,
        s: &str,
        from: u64,
        limit: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        self.inner.read_stream(s, from, limit).await
    }

    async fn read_all(&self, from: u64, limit: usize) -> Result<Vec<RecordedEvent>, StoreError> {
        self.inner.read_all(from, limit).await
    }

    fn durable_head(&self) -> watch::Receiver<u64> {
        self.inner.durable_head()
    }

    async fn verify(&self) -> Result<VerifyReport, StoreError> {
        self.inner.verify().await
    }
}

#[tokio::test]
async fn a_conflict_is_decided_again_on_the_new_state_and_bounded() {
    let remaining = Arc::new(Mutex::new(0));
    let store = Interfering {
        inner: MemoryStore::new(),
        remaining: remaining.clone(),
    };
    let app = App::builder(store, Arc::new(MemoryVault::new()))
        .clock(start())
        .build();
    people(&app, 3, |_| None).await;
    programme(&app, vec![category("IND", ninety_percent(), 2, None)], 3).await;

    // One interference: the command is decided again and succeeds, on top of the other write.
    *remaining.lock().unwrap() = 1;
    prog(
        &app,
        &admin(),
        ProgrammeCommand::MovePhase {
            to: Phase::Nominating,
        },
    )
    .await;
    assert_eq!(app.conflicts_retried(), 1);
    let p = app.programme(PROGRAMME).await.unwrap();
    assert_eq!(
        (p.phase, p.description.as_deref()),
        (Phase::Nominating, Some("changed by another process"))
    );

    // Interference on every attempt: it gives up after 5 and appends nothing of its own.
    *remaining.lock().unwrap() = 100;
    let err = try_prog(
        &app,
        &admin(),
        ProgrammeCommand::MovePhase {
            to: Phase::Screening,
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, AppError::Contention { attempts: 5, .. }),
        "{err}"
    );
    assert_eq!(err.kind(), accolade_app::ErrorKind::Conflict);
    assert_eq!(
        app.programme(PROGRAMME).await.unwrap().phase,
        Phase::Nominating
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_keeps_state_and_sealed_ballots() {
    let mut env = SledEnv::new().await;
    in_voting(&env.app, 3, 1).await;
    prog(&env.app, &member(1), cast(nom(1), Choice::Reject)).await;
    prog(&env.app, &member(2), cast(nom(1), Choice::Approve)).await;
    let before = env.app.programme(PROGRAMME).await.unwrap();
    env = env.restart().await;
    assert_eq!(env.app.programme(PROGRAMME).await.unwrap(), before);
    assert_eq!(
        env.app.user(m(1)).await.unwrap().current.unwrap().role,
        Role::Member
    );
    // The participation is still there: a second ballot is refused whatever its choice.
    for choice in [Choice::Reject, Choice::Approve] {
        let err = try_prog(&env.app, &member(1), cast(nom(1), choice))
            .await
            .unwrap_err();
        assert!(matches!(err.domain(), Some(DomainError::Conflict { .. })));
    }
    prog(&env.app, &member(3), cast(nom(1), Choice::Approve)).await;
    let close = ProgrammeCommand::CloseRound {
        category_code: "IND".into(),
        opened: BTreeMap::new(),
    };
    prog(&env.app, &member(1), close).await;
    let o = env.app.programme(PROGRAMME).await.unwrap().nominations[&nom(1)]
        .outcome
        .clone()
        .unwrap();
    assert_eq!((o.approvals, o.rejections), (2, 1));
}

/// Issue 11 item 3: the node's `execute` answers only once its read models include the write.
#[tokio::test]
async fn read_your_writes_waits_for_the_read_model() {
    use accolade_app::accounts::credentials::CredentialStore;
    use accolade_app::accounts::{AccountsConfig, Auth};
    use accolade_app::{Node, Options};
    use accolade_projections::RunnerConfig;

    let dir = tempfile::tempdir().unwrap();
    let accounts = AccountsConfig {
        signin_window_secs: 60,
        token_ttl_secs: 60,
        invitation_ttl_secs: 60,
        password_reset_ttl_secs: 60,
        signin_failures_per_account: 5,
        signin_failures_per_address: 5,
    };
    let auth = Auth::open(CredentialStore::in_dir(dir.path()), &accounts).unwrap();
    let app = App::builder(MemoryStore::new(), Arc::new(MemoryVault::new())).build();
    let node = Node::start(
        app,
        RunnerConfig::in_memory(),
        auth,
        std::time::Duration::from_secs(5),
    )
    .await
    .unwrap();
    for _ in 0..20 {
        let id = uuid::Uuid::now_v7();
        let mut cmd = create_cmd();
        if let ProgrammeCommand::Create(c) = &mut cmd {
            c.programme_id = id;
        }
        let done = node
            .execute(&admin(), Command::programme(id, cmd), Options::default())
            .await
            .unwrap();
        // No wait of the test's own: the answer came only once the read models had it.
        let position = node.read(|p| p.position());
        assert!(position > done.last_position().unwrap());
    }
}

fn create_cmd() -> ProgrammeCommand {
    ProgrammeCommand::Create(CreateProgramme {
        programme_id: PROGRAMME,
        title: "T".into(),
        year: 2026,
        description: None,
        notice_working_days: 0,
        schedule: Schedule::default(),
        holidays: vec![],
    })
}
