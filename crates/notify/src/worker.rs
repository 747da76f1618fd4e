//! The delivery worker: drains the outbox in log order, sends, records.
//!
//! One pass: wait until the read models hold the durable log; record the digests and
//! reminders time has made due; then for each owed mail in position order — skipping those in
//! backoff, given up, or sent by this process but not yet folded — resolve the recipient,
//! render, send (bounded), and record `NotificationSent` or `NotificationFailed`.
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
//! jitter, and are recorded, so a restart keeps them.
//!
//! Logs name message ids, templates and positions — never an address, a name or a token.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use accolade_events::{MailRecipient, NotificationEvent, NotificationFailed, NotificationSent};
use accolade_projections::{DeliveryStatus, Mail, Recipient, Runner, Template};
use accolade_store::EventStore;
use rand::Rng;
use time::OffsetDateTime;
use tokio::sync::{mpsc, watch};
use uuid::Uuid;

use crate::compose::{self, paths};
use crate::config::MailConfig;
use crate::contacts::{self, Known};
use crate::error::{NotifyError, SendError};
use crate::invite::{Invitation, Invitations, TokenKind};
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
}

/// A mail to try now, with what the worker needs besides the outbox's record.
struct Attempt {
    mail: Mail,
    attempt: u32,
}

/// An invitation waiting in memory (its token is never written anywhere).
struct Queued {
    invitation: Invitation,
    attempt: u32,
    not_before: OffsetDateTime,
}

enum Failure {
    /// No address: nothing to retry.
    NoAddress,
    /// The mail could not be rendered or built.
    Compose(NotifyError),
    /// The send failed.
    Send(SendError),
}

/// The worker. Build with [`Notifier::new`], then [`Notifier::spawn`] (or call
/// [`Notifier::pass`] directly in tests).
pub struct Notifier<S: EventStore, T: Transport> {
    store: S,
    runner: Arc<Runner>,
    transport: T,
    config: Arc<MailConfig>,
    clock: Clock,
    invitations: mpsc::UnboundedReceiver<Invitation>,
    queued: VecDeque<Queued>,
    in_flight: HashSet<Uuid>,
    unrecorded: Vec<NotificationEvent>,
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
    /// `transport`. The returned [`Invitations`] queues invitation mails.
    pub fn new(
        store: S,
        runner: Arc<Runner>,
        transport: T,
        config: MailConfig,
    ) -> (Self, Invitations) {
        let (tx, rx) = mpsc::unbounded_channel();
        let worker = Notifier {
            store,
            runner,
            transport,
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

    fn queue(&mut self, invitation: Invitation) {
        self.queued.push_back(Queued {
            invitation,
            attempt: 0,
            not_before: OffsetDateTime::UNIX_EPOCH,
        });
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
            let go_on = self
                .settle(&a.mail, a.attempt, outcome, &mut report)
                .await?;
            if !go_on {
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
                        Some(e) if e.status == DeliveryStatus::Sent || e.gave_up => return None,
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

    async fn deliver(&self, mail: &Mail) -> Result<(), Failure> {
        let causes = compose::causes(&self.store, mail)
            .await
            .map_err(Failure::Compose)?;
        let (facts, link, known) = self
            .runner
            .read(|p| compose::gather(p, &self.config, mail, &causes));
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
        recipient: Recipient,
        known: Known,
        facts: Facts,
        link: &str,
    ) -> Result<(), Failure> {
        let contact = contacts::resolve(&self.store, recipient, known)
            .await
            .map_err(Failure::Compose)?
            .ok_or(Failure::NoAddress)?;
        let message = compose::message(&self.config, message_id, template, &contact, facts, link)
            .map_err(Failure::Compose)?;
        self.transport.send(message).await.map_err(Failure::Send)
    }

    /// Records the outcome of one attempt; false when the pass must stop (server trouble).
    async fn settle(
        &mut self,
        mail: &Mail,
        attempt: u32,
        outcome: Result<(), Failure>,
        report: &mut Report,
    ) -> Result<bool, NotifyError> {
        let now = (self.clock)();
        let recipient = MailRecipient::from(mail.recipient);
        let template = mail.template.key().to_owned();
        let (cause, position) = (Some(mail.causing_event_id), Some(mail.position));
        let (error, next, go_on) = match outcome {
            Ok(()) => {
                self.in_flight.insert(mail.message_id);
                report.sent += 1;
                metrics::counter!("accolade_mail_sent_total", "template" => template.clone())
                    .increment(1);
                metrics::gauge!("accolade_smtp_up").set(1.0);
                tracing::info!(message_id = %mail.message_id, template = %template, attempt, "mail sent");
                let ev = NotificationEvent::from(NotificationSent {
                    message_id: mail.message_id,
                    recipient,
                    template,
                    causing_event_id: cause,
                    causing_position: position,
                    attempt,
                    sent_at: now,
                });
                self.record_or_keep(ev, mail.message_id, cause).await;
                return Ok(true);
            }
            Err(Failure::NoAddress) => {
                ("the recipient has no e-mail address".to_owned(), None, true)
            }
            // A mail that cannot be built (a bad address) will not build better later; it is
            // retried as a refusal is, in case the data behind it is corrected meanwhile.
            Err(Failure::Compose(e)) => {
                let next = (attempt < self.config.max_permanent_attempts)
                    .then(|| self.backoff(now, attempt));
                (e.to_string(), next, true)
            }
            Err(Failure::Send(e)) if e.permanent => {
                let next = (attempt < self.config.max_permanent_attempts)
                    .then(|| self.backoff(now, attempt));
                (e.message, next, true)
            }
            Err(Failure::Send(e)) => {
                let next = self.backoff(now, attempt);
                self.closed_until = Some(next);
                metrics::gauge!("accolade_smtp_up").set(0.0);
                (e.message, Some(next), false)
            }
        };
        report.failed += 1;
        metrics::counter!("accolade_mail_failed_total", "template" => template.clone())
            .increment(1);
        tracing::warn!(message_id = %mail.message_id, template = %template, attempt,
            error = %error, given_up = next.is_none(), "mail not sent");
        let ev = NotificationEvent::from(NotificationFailed {
            message_id: mail.message_id,
            recipient,
            template,
            causing_event_id: cause,
            causing_position: position,
            attempt,
            error,
            failed_at: now,
            next_attempt_at: next,
        });
        record::append(&self.store, &ev, mail.message_id, cause).await?;
        Ok(go_on)
    }

    /// Records a sent mail; if the store refuses, keeps the record to retry before anything
    /// else is sent (the mail stays in `in_flight`, so it is not sent again meanwhile).
    async fn record_or_keep(&mut self, ev: NotificationEvent, id: Uuid, cause: Option<Uuid>) {
        if let Err(e) = record::append(&self.store, &ev, id, cause).await {
            tracing::error!(message_id = %id, error = %e, "sent mail not recorded yet; will retry");
            self.unrecorded.push(ev);
        }
    }

    async fn retry_unrecorded(&mut self) -> Result<(), NotifyError> {
        while let Some(ev) = self.unrecorded.pop() {
            let id = scheduled_id(&ev);
            if let Err(e) = record::append(&self.store, &ev, id, None).await {
                self.unrecorded.push(ev);
                return Err(e);
            }
        }
        Ok(())
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

    async fn invitations_pass(&mut self, report: &mut Report) -> Result<(), NotifyError> {
        let now = (self.clock)();
        let mut later = VecDeque::new();
        while let Some(mut q) = self.queued.pop_front() {
            if q.not_before > now || self.closed_until.is_some() {
                later.push_back(q);
                continue;
            }
            q.attempt += 1;
            let inv = &q.invitation;
            let template = crate::invite::template(inv.kind);
            let recipient = Recipient::User(inv.user_id);
            let known = self
                .runner
                .read(|p| contacts::known(p.catalog(), &self.config, recipient, None));
            let facts = Facts {
                valid_days: inv.valid_secs.div_ceil(86_400),
                valid_minutes: inv.valid_secs.div_ceil(60),
                ..Facts::default()
            };
            let path = match inv.kind {
                TokenKind::Invitation => paths::invitation(&inv.token),
                TokenKind::PasswordReset => paths::password_reset(&inv.token),
            };
            let link = format!("{}{path}", self.config.base_url());
            let outcome = self
                .send(inv.message_id, template, recipient, known, facts, &link)
                .await;
            if outcome.is_ok()
                && let Some(done) = &inv.on_sent
            {
                done();
            }
            let pseudo = Mail {
                message_id: inv.message_id,
                recipient,
                template,
                causing_event_id: Uuid::nil(),
                position: 0,
                subject: None,
                at: now,
                contact_at: None,
            };
            // A temporary failure (connection, timeout, 4xx) is the server's, not the mail's:
            // the token exists nowhere else, so the mail is retried until SMTP is back, never
            // given up. A refusal for good is retried a few times, like any mail.
            let retry = match &outcome {
                Err(Failure::Send(e)) if !e.permanent => true,
                Err(Failure::Send(_) | Failure::Compose(_)) => {
                    q.attempt < self.config.max_permanent_attempts
                }
                _ => false,
            };
            let next = retry.then(|| self.backoff(now, q.attempt));
            let ok = self
                .settle_invitation(&pseudo, q.attempt, outcome, next, report)
                .await?;
            if let Some(n) = next {
                q.not_before = n;
                later.push_back(q);
            }
            if !ok {
                break;
            }
            self.throttle().await;
        }
        later.extend(self.queued.drain(..));
        self.queued = later;
        Ok(())
    }

    /// Like `settle`, for a mail no event caused: its records carry no cause or position.
    async fn settle_invitation(
        &mut self,
        mail: &Mail,
        attempt: u32,
        outcome: Result<(), Failure>,
        next: Option<OffsetDateTime>,
        report: &mut Report,
    ) -> Result<bool, NotifyError> {
        let now = (self.clock)();
        let template = mail.template.key().to_owned();
        let recipient = MailRecipient::from(mail.recipient);
        match outcome {
            Ok(()) => {
                report.sent += 1;
                metrics::counter!("accolade_mail_sent_total", "template" => template.clone())
                    .increment(1);
                tracing::info!(message_id = %mail.message_id, template = %template, "mail sent");
                let ev = NotificationEvent::from(NotificationSent {
                    message_id: mail.message_id,
                    recipient,
                    template,
                    causing_event_id: None,
                    causing_position: None,
                    attempt,
                    sent_at: now,
                });
                self.record_or_keep(ev, mail.message_id, None).await;
                Ok(true)
            }
            Err(f) => {
                report.failed += 1;
                metrics::counter!("accolade_mail_failed_total", "template" => template.clone())
                    .increment(1);
                let (error, stop) = match f {
                    Failure::NoAddress => ("the recipient has no e-mail address".to_owned(), false),
                    Failure::Compose(e) => (e.to_string(), false),
                    Failure::Send(e) => (e.message, !e.permanent),
                };
                if stop {
                    self.closed_until = Some(next.unwrap_or_else(|| self.backoff(now, attempt)));
                    metrics::gauge!("accolade_smtp_up").set(0.0);
                }
                tracing::warn!(message_id = %mail.message_id, template = %template, attempt,
                    error = %error, "invitation not sent");
                let ev = NotificationEvent::from(NotificationFailed {
                    message_id: mail.message_id,
                    recipient,
                    template,
                    causing_event_id: None,
                    causing_position: None,
                    attempt,
                    error,
                    failed_at: now,
                    next_attempt_at: next,
                });
                record::append(&self.store, &ev, mail.message_id, None).await?;
                Ok(!stop)
            }
        }
    }

    /// When attempt `attempt` (1-based) may be followed by the next: exponential, capped,
    /// with equal jitter (half fixed, half random) so notifiers do not retry in lockstep.
    fn backoff(&self, now: OffsetDateTime, attempt: u32) -> OffsetDateTime {
        let base = self.config.retry_base;
        let exp = base
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(20))
            .min(self.config.retry_max);
        let half = exp / 2;
        let jitter = rand::rng().random_range(0..=half.as_millis().max(1));
        let delay = half + Duration::from_millis(u64::try_from(jitter).unwrap_or(0));
        now + delay
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
    }
}
