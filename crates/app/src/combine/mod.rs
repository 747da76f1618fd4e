//! Commands on one stream commit together (group commit; docs/adr/0014-write-path.md).
//!
//! A command is queued on its stream's lane. If no task leads the lane, one is spawned: it
//! takes the waiting commands as a group, decides them one after another on one evolving
//! state (each sees the events of those before it), seals them, and appends all their events
//! in one `append(stream, Exact(version), batch)`: one fsync for the group instead of one per
//! command. Then it answers each command with its own result and takes the next group, until
//! the lane is empty. Groups of one stream follow each other; streams are independent.
//!
//! The queue is only an optimisation inside one process. What keeps the rules exact is the
//! expected version: a group is appended only if the stream is still at the version its
//! decisions were made on, so two processes (or two `App`s on one store) can never both
//! append against the same state. On a conflict the whole group is decided again on the
//! reloaded state.
//!
//! The leader is its own task, not one of the callers: a caller that stops waiting (a client
//! that hung up) neither stalls the others nor leaves its command half done.

mod group;
mod plan;

use std::collections::{HashMap, VecDeque};
use std::fmt::Debug;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use accolade_domain::Actor;
use accolade_store::{EventStore, StoreError};
use tokio::sync::oneshot;
use uuid::Uuid;

pub(crate) use plan::DynPlan;

use crate::app::{App, Plan, Run};
use crate::command::Executed;
use crate::error::AppError;
use crate::idempotency::Keyed;
use crate::stored::Stored;

/// The most commands decided and appended as one group: bounds a group's latency and batch.
const MAX_GROUP: usize = 128;

/// One queued command: who runs it, how, and where its answer goes.
pub(crate) struct Job<A: Stored>
where
    A::Command: Clone + Debug + Send + Sync,
    A::Event: Clone + Debug + Send + Sync,
{
    actor: Actor,
    keyed: Option<Keyed>,
    correlation_id: Uuid,
    command_id: Uuid,
    part: &'static str,
    expected_version: Option<u64>,
    plan: Box<dyn DynPlan<A>>,
    /// Its place in the lane's arrival order (a group decided again keeps its order).
    seq: u64,
    /// Must be decided and appended in a group of its own (its plan says so, or a group
    /// it was in failed as a whole on an error that names one command).
    alone: bool,
    reply: oneshot::Sender<Result<Executed, AppError>>,
}

impl<A: Stored> Job<A>
where
    A::Command: Clone + Debug + Send + Sync,
    A::Event: Clone + Debug + Send + Sync,
{
    fn run(&self) -> Run<'_> {
        Run {
            actor: &self.actor,
            keyed: self.keyed.as_ref(),
            correlation_id: Some(self.correlation_id),
            part: self.part,
            expected_version: self.expected_version,
        }
    }
}

/// The lanes of one aggregate type's streams: a lane exists while a leader serves it.
pub(crate) struct Queue<A: Stored>
where
    A::Command: Clone + Debug + Send + Sync,
    A::Event: Clone + Debug + Send + Sync,
{
    lanes: Mutex<HashMap<String, VecDeque<Job<A>>>>,
    arrivals: AtomicU64,
}

impl<A: Stored> Default for Queue<A>
where
    A::Command: Clone + Debug + Send + Sync,
    A::Event: Clone + Debug + Send + Sync,
{
    fn default() -> Self {
        Self {
            lanes: Mutex::new(HashMap::new()),
            arrivals: AtomicU64::new(0),
        }
    }
}

impl<A: Stored> Debug for Queue<A>
where
    A::Command: Clone + Debug + Send + Sync,
    A::Event: Clone + Debug + Send + Sync,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lanes = self.lanes.lock().unwrap_or_else(|p| p.into_inner());
        f.debug_struct("Queue")
            .field("lanes", &lanes.len())
            .finish()
    }
}

impl<A: Stored> Queue<A>
where
    A::Command: Clone + Debug + Send + Sync,
    A::Event: Clone + Debug + Send + Sync,
{
    /// Queues `job`; true when the lane had no leader (the caller must start one).
    fn push(&self, stream: &str, mut job: Job<A>) -> bool {
        job.seq = self.arrivals.fetch_add(1, Ordering::Relaxed);
        let mut lanes = self.lanes.lock().unwrap_or_else(|p| p.into_inner());
        match lanes.get_mut(stream) {
            Some(lane) => {
                lane.push_back(job);
                false
            }
            None => {
                lanes.insert(stream.to_owned(), VecDeque::from([job]));
                true
            }
        }
    }

    /// Puts jobs back at the head of the lane, in order (the leader still holds it).
    fn put_back(&self, stream: &str, jobs: Vec<Job<A>>) {
        let mut lanes = self.lanes.lock().unwrap_or_else(|p| p.into_inner());
        let lane = lanes.entry(stream.to_owned()).or_default();
        for job in jobs.into_iter().rev() {
            lane.push_front(job);
        }
    }

    /// The next group: one job that must run alone, or up to [`MAX_GROUP`] that may share.
    /// An empty lane is removed, ending its leader's term, in the same critical section as
    /// `push` looks for it: no job is ever left without a leader.
    fn take(&self, stream: &str) -> Vec<Job<A>> {
        let mut lanes = self.lanes.lock().unwrap_or_else(|p| p.into_inner());
        let Some(lane) = lanes.get_mut(stream) else {
            return vec![];
        };
        let mut group = Vec::new();
        while let Some(job) = lane.pop_front() {
            let alone = job.alone || job.plan.alone();
            if alone && !group.is_empty() {
                lane.push_front(job);
                break;
            }
            group.push(job);
            if alone || group.len() == MAX_GROUP {
                break;
            }
        }
        if group.is_empty() {
            lanes.remove(stream);
        }
        group
    }

    /// Ends a leader's term abnormally (it panicked): the lane and its jobs are dropped, so
    /// their callers get an error instead of waiting for ever.
    fn abandon(&self, stream: &str) {
        let mut lanes = self.lanes.lock().unwrap_or_else(|p| p.into_inner());
        lanes.remove(stream);
    }
}

/// One queue per aggregate type.
#[derive(Debug, Default)]
pub(crate) struct Queues {
    pub(crate) programme: Queue<accolade_domain::Programme>,
    pub(crate) agency: Queue<accolade_domain::Agency>,
    pub(crate) user: Queue<accolade_domain::User>,
    pub(crate) directory: Queue<accolade_domain::Directory>,
    pub(crate) history: Queue<accolade_domain::History>,
}

/// Abandons the lane if the leader stops before the lane is empty (a panic).
struct Term<'a, A: Stored>
where
    A::Command: Clone + Debug + Send + Sync,
    A::Event: Clone + Debug + Send + Sync,
{
    queue: &'a Queue<A>,
    stream: &'a str,
    over: bool,
}

impl<A: Stored> Drop for Term<'_, A>
where
    A::Command: Clone + Debug + Send + Sync,
    A::Event: Clone + Debug + Send + Sync,
{
    fn drop(&mut self) {
        if !self.over {
            self.queue.abandon(self.stream);
        }
    }
}

impl<S: EventStore> App<S> {
    /// Runs one command on `stream`: queued, decided with the others waiting on the stream,
    /// appended in their group, answered with its own result.
    pub(crate) async fn run<A: Stored, P: Plan<A> + 'static>(
        &self,
        stream: &str,
        run: &Run<'_>,
        plan: P,
    ) -> Result<Executed, AppError>
    where
        A::Command: Clone + Debug + Send + Sync,
        A::Event: Clone + Debug + Send + Sync,
    {
        let command_id = run.keyed.map_or_else(Uuid::now_v7, Keyed::command_id);
        let (reply, answer) = oneshot::channel();
        let job = Job {
            actor: run.actor.clone(),
            keyed: run.keyed.cloned(),
            correlation_id: run.correlation_id.unwrap_or(command_id),
            command_id,
            part: run.part,
            expected_version: run.expected_version,
            plan: Box::new(plan),
            seq: 0,
            alone: false,
            reply,
        };
        if A::queue(&self.inner.queues).push(stream, job) {
            let app = self.clone();
            let stream = stream.to_owned();
            tokio::spawn(async move { app.lead::<A>(&stream).await });
        }
        answer.await.unwrap_or_else(|_| {
            Err(AppError::Store(StoreError::Io(std::io::Error::other(
                "the stream's writer stopped before answering",
            ))))
        })
    }

    /// Serves a lane until it is empty: one group after another.
    async fn lead<A: Stored>(&self, stream: &str)
    where
        A::Command: Clone + Debug + Send + Sync,
        A::Event: Clone + Debug + Send + Sync,
    {
        let queue = A::queue(&self.inner.queues);
        let mut term = Term {
            queue,
            stream,
            over: false,
        };
        loop {
            let group = queue.take(stream);
            if group.is_empty() {
                term.over = true;
                return;
            }
            let back = self.commit_group(stream, group).await;
            if !back.is_empty() {
                queue.put_back(stream, back);
            }
        }
    }
}
