//! Cross-nomination rules hold exactly under concurrency: commands on one programme are
//! combined into groups (docs/adr/0014-write-path.md), and only the store's expected version
//! protects a rule across processes (two `App`s on one store stand in for two).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use accolade_app::{App, AppError, Command, MemoryVault};
use accolade_domain::*;
use accolade_events::*;
use accolade_store::{
    AppendOutcome, EventStore, ExpectedVersion, MemoryStore, NewEvent, RecordedEvent, StoreError,
    VerifyReport,
};
use tokio::sync::watch;
use uuid::Uuid;

use crate::support::*;

const QUOTA: u32 = 10;
const RACERS: u128 = 64;

/// People and a one-category programme (quota `QUOTA` per agency) in `nominating`, with
/// `n` drafts of agency A1 (distinct nominees), of which the first `submitted` are submitted.
async fn drafts<S: EventStore>(app: &App<S>, n: u128, submitted: u128) {
    people(app, 1, |_| None).await;
    let cat = category("IND", ninety_percent(), 2, Some(QUOTA));
    programme(app, vec![cat], 1).await;
    move_to(app, Phase::Nominating).await;
    for i in 1..=n {
        draft(app, A1, nom(i), &format!("Người {i}"), i).await;
    }
    for i in 1..=submitted {
        prog(app, &head(A1), submit(nom(i))).await;
    }
}

/// Submits nominations `from..=to` all at once, each through one of `apps` in turn.
async fn race<S: EventStore>(
    apps: &[App<S>],
    from: u128,
    to: u128,
) -> Vec<Result<accolade_app::Executed, AppError>> {
    let tasks: Vec<_> = (from..=to)
        .map(|i| {
            let app = apps[usize::try_from(i).unwrap() % apps.len()].clone();
            tokio::spawn(async move { try_prog(&app, &head(A1), submit(nom(i))).await })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

/// Exactly the places left were taken; every other racer was refused for the quota.
async fn exactly_the_quota<S: EventStore>(
    app: &App<S>,
    results: &[Result<accolade_app::Executed, AppError>],
    left: usize,
) {
    let admitted = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(admitted, left, "admitted");
    for r in results {
        if let Err(e) = r {
            assert!(
                matches!(e, AppError::Domain(DomainError::QuotaExceeded(_))),
                "refused for another reason: {e}"
            );
        }
    }
    let p = app.programme(PROGRAMME).await.unwrap();
    let in_play = p
        .nominations
        .values()
        .filter(|n| n.status == NominationStatus::Submitted)
        .count();
    assert_eq!(in_play, usize::try_from(QUOTA).unwrap());
    assert_eq!(p.indexes().in_play(A1, "IND"), QUOTA);
    let submitted = app
        .store()
        .read_all(0, 100_000)
        .await
        .unwrap()
        .iter()
        .filter(|r| r.event_type == "NominationSubmitted")
        .count();
    assert_eq!(submitted, usize::try_from(QUOTA).unwrap(), "in the log");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_heads_race_for_the_last_places_and_never_one_too_many() {
    let env = SledEnv::new().await;
    let before = u128::from(QUOTA) - 3;
    drafts(&env.app, before + RACERS, before).await;
    let results = race(std::slice::from_ref(&env.app), before + 1, before + RACERS).await;
    exactly_the_quota(&env.app, &results, 3).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_apps_on_one_store_never_admit_one_too_many() {
    // Slow appends: each app's groups are decided on versions the other app moves on from.
    let store = Slow::new(Duration::from_millis(5));
    let vault = Arc::new(MemoryVault::new());
    let clock = start();
    let build = || {
        App::builder(store.clone(), vault.clone())
            .clock(clock.clone())
            .max_attempts(100)
            .build()
    };
    let (a, b) = (build(), build());
    let before = u128::from(QUOTA) - 5;
    drafts(&a, before + RACERS, before).await;
    let results = race(&[a.clone(), b.clone()], before + 1, before + RACERS).await;
    exactly_the_quota(&a, &results, 5).await;
    exactly_the_quota(&b, &results, 5).await;
    eprintln!(
        "conflicts retried: {} + {}",
        a.conflicts_retried(),
        b.conflicts_retried()
    );
    assert_eq!(
        a.programme(PROGRAMME).await.unwrap(),
        b.programme(PROGRAMME).await.unwrap()
    );
}

/// Pairs of look-alike nominees (same name and birth year) from the two agencies, all
/// submitted at once: each pair is flagged exactly once, by whichever came second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicates_are_flagged_exactly_once_per_pair_under_concurrency() {
    let env = SledEnv::new().await;
    let app = &env.app;
    people(app, 1, |_| None).await;
    programme(app, vec![category("IND", ninety_percent(), 2, None)], 1).await;
    move_to(app, Phase::Nominating).await;
    const PAIRS: u128 = 32;
    for i in 1..=PAIRS {
        draft(app, A1, nom(i), &format!("Người {i}"), i).await;
        draft(app, A2, nom(PAIRS + i), &format!("Người {i}"), PAIRS + i).await;
    }
    let tasks: Vec<_> = (1..=2 * PAIRS)
        .map(|i| {
            let app = app.clone();
            let agency = if i <= PAIRS { A1 } else { A2 };
            tokio::spawn(async move { try_prog(&app, &head(agency), submit(nom(i))).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let mut flags = std::collections::BTreeMap::<(Uuid, Uuid), u32>::new();
    for r in app.store().read_all(0, 100_000).await.unwrap() {
        if r.event_type == "DuplicateNomineeFlagged" {
            let e: DuplicateNomineeFlagged = serde_json::from_str(r.payload.get()).unwrap();
            let pair = if e.nomination_id < e.other_nomination_id {
                (e.nomination_id, e.other_nomination_id)
            } else {
                (e.other_nomination_id, e.nomination_id)
            };
            *flags.entry(pair).or_default() += 1;
        }
    }
    let expected: std::collections::BTreeMap<_, _> =
        (1..=PAIRS).map(|i| ((nom(i), nom(PAIRS + i)), 1)).collect();
    assert_eq!(flags, expected);
}

/// A store whose programme appends are slow, and which notes how many commands each carried:
/// commands arriving during one append wait, and go together in the next.
#[derive(Debug, Clone)]
struct Slow {
    inner: MemoryStore,
    delay: Duration,
    commands_per_append: Arc<Mutex<Vec<usize>>>,
}

impl Slow {
    fn new(delay: Duration) -> Self {
        Self {
            inner: MemoryStore::new(),
            delay,
            commands_per_append: Arc::new(Mutex::new(Vec::new())),
        }
    }
}

impl EventStore for Slow {
    async fn append(
        &self,
        stream_id: &str,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
    ) -> Result<AppendOutcome, StoreError> {
        if stream_id.starts_with("programme-") {
            tokio::time::sleep(self.delay).await;
            let mut commands: Vec<_> = events.iter().map(|e| e.metadata.causation_id).collect();
            commands.dedup();
            self.commands_per_append
                .lock()
                .unwrap()
                .push(commands.len());
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

/// In one group, refused commands are answered alone and leave nothing; the others are
/// recorded, each with its own events, versions and positions.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_command_in_a_group_leaves_the_others_recorded() {
    let store = Slow::new(Duration::from_millis(30));
    let app = App::builder(store.clone(), Arc::new(MemoryVault::new()))
        .clock(start())
        .build();
    drafts(&app, 20, 0).await;
    store.commands_per_append.lock().unwrap().clear();
    // Even ids: drafts of A1, submitted by its head. Odd ids: a nomination that does not
    // exist (refused), or A1's by A2's head (forbidden).
    let tasks: Vec<_> = (1..=20u128)
        .map(|i| {
            let app = app.clone();
            let (actor, id) = match i % 4 {
                1 => (head(A1), nom(1000 + i)),
                3 => (head(A2), nom(i)),
                _ => (head(A1), nom(i)),
            };
            tokio::spawn(async move {
                (
                    i,
                    app.execute(actor, Command::programme(PROGRAMME, submit(id)))
                        .await,
                )
            })
        })
        .collect();
    let mut done = Vec::new();
    for t in tasks {
        let (i, r) = t.await.unwrap();
        if i % 2 == 0 {
            done.push(r.unwrap());
        } else {
            let e = r.unwrap_err();
            assert!(
                matches!(
                    e,
                    AppError::Domain(DomainError::NotFound { .. } | DomainError::Forbidden(_))
                ),
                "{e}"
            );
        }
    }
    let groups = store.commands_per_append.lock().unwrap().clone();
    assert!(
        groups.iter().any(|n| *n > 1),
        "some appends carried several commands: {groups:?}"
    );
    // Each recorded command's answer names exactly its own events in the log.
    let log = app.store().read_all(0, 100_000).await.unwrap();
    assert_eq!(
        log.iter()
            .filter(|r| r.event_type == "NominationSubmitted")
            .count(),
        done.len()
    );
    for ex in &done {
        let (first, last) = ex.positions.unwrap();
        let mine: Vec<&RecordedEvent> = log
            .iter()
            .filter(|r| (first..=last).contains(&r.position))
            .collect();
        assert_eq!(mine.len(), ex.event_ids.len());
        for (r, id) in mine.iter().zip(&ex.event_ids) {
            assert_eq!(r.event_id, *id);
            assert_eq!(r.metadata.causation_id, Some(ex.command_id));
        }
        assert_eq!(mine.last().unwrap().stream_version, ex.version.unwrap());
    }
}
