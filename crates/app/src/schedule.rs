//! The schedule: phases move on by date without anyone sending `Tick`.
//!
//! A programme's schedule names the last day of each phase; the domain's `Tick` moves it on
//! once that day is over and the phase's work is done (`Programme::tick`: a phase whose work
//! is unfinished waits, and is tried again on the next pass). [`App::run_schedule`] is one
//! pass: `Tick`, as the system actor, for every programme that is not closed and whose
//! current phase has a scheduled end before today (in the app's clock and offset, so a test
//! with a [`crate::ManualClock`] moves time and sees the phase move). [`spawn_schedule`]
//! runs a pass every `interval` in a task; a front end starts it once per store (`serve`
//! does, and so the demo), and stops it before closing the store. Two processes on one store
//! running it are safe: the second `Tick` decides again on the moved state and appends nothing.
//!
//! Each pass also sweeps the ballot box ([`App::sweep_closed_rounds`]): the key of a round
//! that has closed or been re-run is destroyed even when a crash or a timeout came between the
//! close's append and its own destroy (issue 10 item 2). One periodic task, one owner.
//!
//! Reminders and review digests are not decided here: they come from the read models, and
//! their one owner is the notifier (`accolade-notify`, `schedule.rs`), on its own tick.

use std::time::Duration;

use accolade_domain::{Actor, ProgrammeCommand};
use accolade_events::Phase;
use accolade_store::EventStore;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;
use uuid::Uuid;

use crate::app::App;
use crate::command::Command;
use crate::error::AppError;

impl<S: EventStore> App<S> {
    /// One pass of the schedule: ticks every programme whose current phase's scheduled end
    /// has passed. Returns the programmes that moved. A programme that cannot be loaded or
    /// ticked is logged and skipped, so one bad programme does not stop the others.
    pub async fn run_schedule(&self) -> Result<Vec<Uuid>, AppError> {
        if let Err(e) = self.sweep_closed_rounds().await {
            tracing::error!(error = %e, "sweeping closed rounds' keys failed; retried next pass");
        }
        let today = self.now().date();
        let mut moved = Vec::new();
        for id in self.programme_ids().await? {
            let due = match self.programme(id).await {
                Ok(p) => {
                    p.phase != Phase::Closed
                        && p.schedule.end_of(p.phase).is_some_and(|end| today > end)
                }
                Err(e) => {
                    tracing::warn!(programme_id = %id, error = %e, "schedule: cannot load");
                    continue;
                }
            };
            if !due {
                continue;
            }
            let tick = Command::programme(id, ProgrammeCommand::Tick);
            match self.execute(Actor::System, tick).await {
                Ok(done) if !done.events.is_empty() => {
                    tracing::info!(programme_id = %id, "schedule: phase moved");
                    moved.push(id);
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(programme_id = %id, error = %e, "schedule: tick failed"),
            }
        }
        Ok(moved)
    }
}

/// The running schedule task.
#[derive(Debug)]
pub struct ScheduleHandle {
    stop: watch::Sender<bool>,
    passes: watch::Receiver<u64>,
    task: JoinHandle<()>,
}

impl ScheduleHandle {
    /// Passes completed so far: tests wait on it instead of sleeping.
    pub fn passes(&self) -> watch::Receiver<u64> {
        self.passes.clone()
    }

    /// Stops the task after the pass in progress, if any.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(e) = self.task.await {
            tracing::warn!(error = %e, "schedule task ended badly");
        }
    }
}

/// Runs [`App::run_schedule`] now and then every `interval`, until
/// stopped. Missed ticks are not made up: one pass catches up whatever is due.
pub fn spawn_schedule<S: EventStore>(app: App<S>, interval: Duration) -> ScheduleHandle {
    let (stop, mut stopped) = watch::channel(false);
    let (count, passes) = watch::channel(0u64);
    let interval = interval.max(Duration::from_millis(1));
    let task = tokio::spawn(async move {
        let mut ticks = tokio::time::interval(interval);
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = stopped.changed() => return,
                _ = ticks.tick() => {}
            }
            if let Err(e) = app.run_schedule().await {
                tracing::warn!(error = %e, "schedule pass failed");
            }
            count.send_modify(|n| *n += 1);
        }
    });
    ScheduleHandle { stop, passes, task }
}
