//! The delivery worker: drains the outbox in log order, sends, records.
//!
//! One pass: wait until the read models hold the durable log; record the digests and
//! reminders time has made due; then for each owed mail in position order — skipping those in
//! backoff, given up, or sent by this process but not yet folded — resolve the recipient,
//! render, send (bounded), and record `NotificationSent` or `NotificationFailed` — or, when
//! nobody can receive the mail (no address, or the recipient was erased), `NotificationDropped`,
//! which is not a failure: nothing is retried, nothing alarms.
//!
//! Exactly once: a mail is owed until its `NotificationSent` is folded, so a restart skips
//! everything recorded as sent; the only repeat is a mail the SMTP server accepted whose
//! record was not yet durable when the process died, and that repeat carries the same
//! Message-ID. Within a process, a mail once sent is held in `in_flight` until its record is
//! folded, and a record the store refused is retried before anything else is sent.
//!
//! Failures: a refusal for good (5xx) concerns that mail: it backs off alone and is given up
//! after `max_permanent_attempts`; anything else (connection, timeout, 4xx) concerns the
//! server: the mail backs off and the whole pass stops until then, so an SMTP outage costs one
//! failed attempt per backoff step, not one per queued mail. Delays grow exponentially with
//! jitter, and are recorded, so a restart keeps them (`retry`).
//!
//! The parts: this file is the loop (passes, the outbox batch, sending); `retry` decides
//! what follows a failure; `settle` records each outcome; `invitations` sends the token mails.
//! Time comes from the [`Clock`], jitter from the [`Jitter`] source, sending from the
//! [`Transport`]: tests replace all three and run under tokio's paused time.
//!
//! Personal data: contacts and nominees' names are sealed under people's keys; the worker
//! opens them through the [`Unseal`] it was given (the app's key store), for one send at a
//! time, so an erasure reaches every mail not yet sent.
//!
//! Logs name message ids, templates and positions — never an address, a name or a token.

mod invitations;
mod retry;
mod settle;

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use accolade_events::{NotificationEvent, Unseal};
use accolade_projections::{DeliveryStatus, Mail, MailRecipient, Runner, Template};
use accolade_store::EventStore;
use time::OffsetDateTime;
use tokio::sync::{mpsc, watch};
use uuid::Uuid;

use self::invitations::Queued;
pub use self::retry::Jitter;
use self::retry::{Attempted, Failure, Retry};
use self::settle::Sending;
use crate::compose;
use crate::config::MailConfig;
use crate::contacts::{self, Known, Reach};
use crate::error::NotifyError;
use crate::invite::{Invitation, Invitations};
use crate::record;
use crate::schedule;
use crate::texts::Facts;
use crate::transport::Transport;

/// Where the worker takes the time from (tests move it).
pub type Clock = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// Digests and reminders recorded.
    pub scheduled: usize,
    /// Mails sent.
    pub sent: usize,
    /// Attempts failed.
    pub failed: usize,
    /// Mails dropped: nobody to send them to (no address, or erased).
    pub dropped: usize,
}

/// A mail to try now, with what the worker needs besides the outbox's record.
struct Attempt {
    mail: Mail,
    attempt: u32,
}

/// The worker. Build with [`Notifier::new`], then [`Notifier::spawn`] (or call
/// [`Notifier::pass`] directly in tests).
pub struct Notifier<S: EventStore, T: Transport> {
    /// Where what the worker decided and did is recorded.
    store: S,
    /// The read models it works from: outbox, notification log, catalog.
    runner: Arc<Runner>,
    /// Opens people's sealed contacts and names (the app's key store).
    unseal: Arc<dyn Unseal>,
    transport: T,
    config: Arc<MailConfig>,
    clock: Clock,
    /// What follows a failed attempt.
    retry: Retry,
    /// Token mails handed over by [`Invitations`], not yet queued.
    invitations: mpsc::UnboundedReceiver<Invitation>,
    /// Token mails waiting to be sent (in memory only).
    queued: VecDeque<Queued>,
    /// Sent by this process, record not yet folded: not to be sent again meanwhile.
    in_flight: HashSet<Uuid>,
    /// `NotificationSent` records the store refused, retried before anything is sent.
    unrecorded: Vec<NotificationEvent>,
    /// The SMTP server failed: nothing is sent before this.
    closed_until: Option<OffsetDateTime>,
}

impl<S: EventStore, T: Transport> std::fmt::Debug for Notifier<S, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notifier")
            .field("in_flight", &self.in_flight.len())
            .field("queued_invitations", &self.queued.len())
            .finish_non_exhaustive()
    }
}

/// A running worker: stop it before the runner shuts down (it holds the runner).
#[derive(Debug)]
pub struct NotifierHandle {
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl NotifierHandle {
    /// Stops after the current send and waits for the task.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(e) = self.task.await {
            tracing::warn!(error = %e, "notifier task ended badly");
        }
    }
}

impl<S: EventStore, T: Transport> Notifier<S, T> {
    /// A worker over `store` (where it records) and `runner` (what it reads), sending with
    /// `transport`, opening people's contacts and names with `unseal`. The returned
    /// [`Invitations`] queues invitation mails.
    pub fn new(
        store: S,
        runner: Arc<Runner>,
        transport: T,
        config: MailConfig,
        unseal: Arc<dyn Unseal>,
    ) -> (Self, Invitations) {
        let (tx, rx) = mpsc::unbounded_channel();
        let worker = Notifier {
            store,
            runner,
            unseal,
            transport,
            retry: Retry::new(&config, retry::random_jitter()),
            config: Arc::new(config),
            clock: Arc::new(OffsetDateTime::now_utc),
            invitations: rx,
            queued: VecDeque::new(),
            in_flight: HashSet::new(),
            unrecorded: Vec::new(),
            closed_until: None,
        };
        (worker, Invitations::new(tx))
    }

    /// Takes the time from `clock` instead of the system clock.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Draws retry jitter from `jitter` instead of a random source (tests fix it, so a
    /// retry's delay is known exactly).
    pub fn with_jitter(mut self, jitter: Jitter) -> Self {
        self.retry = Retry::new(&self.config, jitter);
        self
    }

    /// Runs passes until stopped: woken by new durable events, an invitation, or the tick.
    pub fn spawn(mut self) -> NotifierHandle {
        let (stop_tx, mut stop) = watch::channel(false);
        let task = tokio::spawn(async move {
            let mut head = self.store.durable_head();
            loop {
                if let Err(e) = self.pass().await {
                    tracing::warn!(error = %e, "notifier pass failed; trying again");
                }
                tokio::select! {
                    _ = stop.changed() => break,
                    r = head.changed() => if r.is_err() { break },
                    Some(inv) = self.invitations.recv() => self.queue(inv),
                    () = tokio::time::sleep(self.config.tick) => {}
                }
            }
        });
        NotifierHandle {
            stop: stop_tx,
            task,
        }
    }

    async fn catch_up(&self) {
        let head = *self.store.durable_head().borrow();
        if let Some(last) = head.checked_sub(1)
            && let Err(e) = self.runner.wait_for(last, Duration::from_secs(10)).await
        {
            tracing::warn!(error = %e, "notifier: read models behind the log");
        }
    }

    /// One pass (see the module documentation).
    pub async fn pass(&mut self) -> Result<Report, NotifyError> {
        let mut report = Report::default();
        while let Ok(inv) = self.invitations.try_recv() {
            self.queue(inv);
        }
        self.retry_unrecorded().await?;
        self.catch_up().await;
        let now = (self.clock)();
        let (window, days) = (self.config.digest_window, self.config.reminder_days);
        let due = self.runner.read(|p| {
            let mut due = schedule::digests(p, now, window);
            due.extend(schedule::reminders(p, now, days));
            due
        });
        for ev in &due {
            let id = scheduled_id(ev);
            record::append(&self.store, ev, id, None).await?;
            tracing::info!(message_id = %id, event = ev.event_type(), "notification scheduled");
        }
        report.scheduled = due.len();
        if !due.is_empty() {
            self.catch_up().await;
        }
        self.forget_folded();
        self.gauges();
        if self.closed_until.is_some_and(|t| now < t) {
            return Ok(report);
        }
        self.closed_until = None;
        for a in self.batch(now) {
            let outcome = self.deliver(&a.mail).await;
            let sending = Sending {
                message_id: a.mail.message_id,
                recipient: a.mail.recipient,
                template: a.mail.template,
                cause: Some((a.mail.causing_event_id, a.mail.position)),
                attempt: a.attempt,
            };
            if !self.settle(&sending, outcome, &mut report).await?.go_on {
                return Ok(report);
            }
            self.throttle().await;
        }
        self.invitations_pass(&mut report).await?;
        self.gauges();
        Ok(report)
    }

    fn batch(&self, now: OffsetDateTime) -> Vec<Attempt> {
        let limit = self.config.batch.max(1);
        self.runner.read(|p| {
            p.outbox(None, 0)
                .iter()
                // Assignment mails go out in their digest.
                .filter(|m| m.template != Template::ReviewAssigned)
                .filter(|m| !self.in_flight.contains(&m.message_id))
                .filter_map(|m| {
                    let attempts = match p.notification(m.message_id) {
                        None => 0,
                        Some(e)
                            if matches!(
                                e.status,
                                DeliveryStatus::Sent | DeliveryStatus::Dropped
                            ) || e.gave_up =>
                        {
                            return None;
                        }
                        Some(e) if e.next_attempt_at.is_some_and(|t| t > now) => return None,
                        Some(e) => e.attempts,
                    };
                    Some(Attempt {
                        mail: m.clone(),
                        attempt: attempts + 1,
                    })
                })
                .take(limit)
                .collect()
        })
    }

    async fn deliver(&self, mail: &Mail) -> Result<Attempted, Failure> {
        let causes = compose::causes(&self.store, mail)
            .await
            .map_err(Failure::Compose)?;
        let unseal = &*self.unseal;
        let (facts, link, known) = self
            .runner
            .read(|p| compose::gather(p, &self.config, mail, &causes, unseal));
        self.send(
            mail.message_id,
            mail.template,
            mail.recipient,
            known,
            facts,
            &link,
        )
        .await
    }

    async fn send(
        &self,
        message_id: Uuid,
        template: Template,
        recipient: MailRecipient,
        known: Known,
        facts: Facts,
        link: &str,
    ) -> Result<Attempted, Failure> {
        let reach = contacts::resolve(&self.store, &*self.unseal, recipient, known)
            .await
            .map_err(Failure::Compose)?;
        let contact = match reach {
            Reach::To(c) => c,
            Reach::Nobody(reason) => return Ok(Attempted::Dropped(reason)),
        };
        let message = compose::message(&self.config, message_id, template, &contact, facts, link)
            .map_err(Failure::Compose)?;
        self.transport.send(message).await.map_err(Failure::Send)?;
        Ok(Attempted::Sent)
    }

    /// Drops from `in_flight` the mails whose record is folded.
    fn forget_folded(&mut self) {
        if self.in_flight.is_empty() {
            return;
        }
        let ids: Vec<Uuid> = self.in_flight.iter().copied().collect();
        let folded: Vec<Uuid> = self.runner.read(|p| {
            ids.into_iter()
                .filter(|id| {
                    p.notification(*id)
                        .is_some_and(|e| e.status == DeliveryStatus::Sent)
                })
                .collect()
        });
        for id in folded {
            self.in_flight.remove(&id);
        }
    }

    async fn throttle(&self) {
        if !self.config.min_interval.is_zero() {
            tokio::time::sleep(self.config.min_interval).await;
        }
    }

    fn gauges(&self) {
        let counts = self.runner.read(|p| p.notification_counts());
        metrics::gauge!("accolade_mail_pending").set(counts.pending as f64);
        metrics::gauge!("accolade_mail_failing").set(counts.failing as f64);
    }
}

/// The message id an event is about (its correlation id).
fn scheduled_id(ev: &NotificationEvent) -> Uuid {
    match ev {
        NotificationEvent::NotificationSent(e) => e.message_id,
        NotificationEvent::NotificationFailed(e) => e.message_id,
        NotificationEvent::NotificationsDigested(e) => e.message_id,
        NotificationEvent::ReminderDue(e) => e.message_id,
        NotificationEvent::NotificationDropped(e) => e.message_id,
    }
}
