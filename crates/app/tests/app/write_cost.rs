//! Figures, not assertions: what one nomination command costs in-process on an empty
//! programme and on one holding 50,000 nominations, through the whole node path (action,
//! combine, seal, append, projections, read-your-writes). Run by hand:
//!
//! ```sh
//! cargo test -p accolade-app --release --test app write_cost -- --ignored --nocapture
//! ```

use std::sync::Arc;
use std::time::{Duration, Instant};

use accolade_app::accounts::credentials::CredentialStore;
use accolade_app::accounts::{AccountsConfig, Auth};
use accolade_app::actions::Ask;
use accolade_app::actions::nominations::NewNomination;
use accolade_app::{App, Caller, MemoryVault, Node};
use accolade_domain::*;
use accolade_events::*;
use accolade_projections::RunnerConfig;
use accolade_store::{EventStore, MemoryStore};

use crate::support::*;

const SAMPLE: usize = 400;
const CONCURRENCY: usize = 16;

fn ask(actor: Actor) -> Ask {
    Ask::by(Caller {
        actor: Some(actor),
        token: None,
        request_id: None,
    })
}

fn new_nomination(i: usize) -> NewNomination {
    let c = content(&format!("Người số {i}"), i as u128);
    NewNomination {
        category_code: "IND".into(),
        nominee: c.nominee,
        person_id: None,
        citation: c.citation,
        achievements: c.achievements,
        evidence: c.evidence,
    }
}

async fn node<S: EventStore>(app: App<S>, dir: &std::path::Path) -> Node<S> {
    let accounts = AccountsConfig {
        signin_window_secs: 60,
        token_ttl_secs: 60,
        invitation_ttl_secs: 60,
        password_reset_ttl_secs: 60,
        signin_failures_per_account: 5,
        signin_failures_per_address: 5,
    };
    let auth = Auth::open(CredentialStore::in_dir(dir), &accounts).unwrap();
    Node::start(
        app,
        RunnerConfig::in_memory(),
        auth,
        Duration::from_secs(60),
    )
    .await
    .unwrap()
}

/// Drafts `n` nominations from `from`, `CONCURRENCY` at a time; returns the elapsed time.
async fn drafts<S: EventStore>(node: &Node<S>, from: usize, n: usize) -> Duration {
    let started = Instant::now();
    let per = n / CONCURRENCY;
    let tasks: Vec<_> = (0..CONCURRENCY)
        .map(|t| {
            let node = node.clone();
            tokio::spawn(async move {
                for k in 0..per {
                    let i = from + t * per + k;
                    node.nominations()
                        .draft(&ask(clerk(A1)), PROGRAMME, new_nomination(i))
                        .await
                        .unwrap();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    started.elapsed()
}

/// One draft at a time: the latency of one command with nothing to share a group with.
async fn one_by_one<S: EventStore>(node: &Node<S>, from: usize) -> Duration {
    let started = Instant::now();
    let sample = std::env::var("WRITE_COST_SAMPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(SAMPLE);
    for i in from..from + sample {
        node.nominations()
            .draft(&ask(clerk(A1)), PROGRAMME, new_nomination(i))
            .await
            .unwrap();
    }
    started.elapsed() / u32::try_from(sample).unwrap()
}

/// Submits `SAMPLE` drafts one at a time (the quota and duplicate rules).
async fn submits<S: EventStore>(node: &Node<S>, ids: &[uuid::Uuid]) -> Duration {
    // The first catches the app's award index up with the log (once, not per command).
    let Some((first, rest)) = ids.split_first() else {
        return Duration::ZERO;
    };
    node.nominations()
        .submit(&ask(head(A1)), *first)
        .await
        .unwrap();
    let started = Instant::now();
    for id in rest {
        node.nominations()
            .submit(&ask(head(A1)), *id)
            .await
            .unwrap();
    }
    started.elapsed() / u32::try_from(rest.len().max(1)).unwrap()
}

async fn draft_ids<S: EventStore>(node: &Node<S>, n: usize) -> Vec<uuid::Uuid> {
    let p = node.app().programme(PROGRAMME).await.unwrap();
    p.nominations
        .values()
        .filter(|n| n.status == NominationStatus::Draft)
        .map(|n| n.id)
        .take(n)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "figures for the write path; run by hand"]
async fn write_cost_at_empty_and_at_fifty_thousand() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::builder(MemoryStore::new(), Arc::new(MemoryVault::new())).build();
    let node = node(app, dir.path()).await;
    people(node.app(), 1, |_| None).await;
    programme(
        node.app(),
        vec![category("IND", ninety_percent(), 2, Some(1_000))],
        1,
    )
    .await;
    move_to(node.app(), Phase::Nominating).await;

    let seq_empty = one_by_one(&node, 0).await;
    let conc_empty = drafts(&node, 1_000_000, 4_000).await;
    let ids = draft_ids(&node, SAMPLE).await;
    let submit_empty = submits(&node, &ids).await;

    let fill = Instant::now();
    let n = std::env::var("WRITE_COST_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    drafts(&node, 2_000_000, n).await;
    let filled = fill.elapsed();
    let size = node
        .app()
        .programme(PROGRAMME)
        .await
        .unwrap()
        .nominations
        .len();

    let seq_full = one_by_one(&node, 3_000_000).await;
    let conc_full = drafts(&node, 4_000_000, 4_000).await;
    let ids = draft_ids(&node, SAMPLE).await;
    let submit_full = submits(&node, &ids).await;

    let rate = |d: Duration| 4_000.0 / d.as_secs_f64();
    println!("write_cost: filled {size} nominations in {filled:?}");
    println!("write_cost: draft one by one   empty {seq_empty:?}  at {size} {seq_full:?}");
    println!("write_cost: submit one by one  empty {submit_empty:?}  at {size} {submit_full:?}");
    println!(
        "write_cost: drafts x{CONCURRENCY}       empty {:.0}/s  at {size} {:.0}/s",
        rate(conc_empty),
        rate(conc_full)
    );
}
