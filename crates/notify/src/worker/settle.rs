//! Recording the outcome of one attempt: `NotificationSent`, `NotificationDropped` (nobody to
//! send to), or `NotificationFailed` with what the retry schedule decided, through the store.
//!
//! A sent mail is held in `in_flight` until its record is folded, and a record the store
//! refused is kept and retried before anything else is sent: the mail must not go out twice
//! because its record is late. A dropped mail needs no such care: dropping it again is
//! harmless (the same record, the same event id).

use accolade_events::{
    DropReason, MailRecipient, NotificationDropped, NotificationEvent, NotificationFailed,
    NotificationSent,
};
use accolade_projections::Template;
use accolade_store::EventStore;
use time::OffsetDateTime;
use uuid::Uuid;

use super::retry::{Attempted, Failure};
use super::{Notifier, Report, scheduled_id};
use crate::error::NotifyError;
use crate::record;
use crate::transport::Transport;

/// One attempt at one mail, as its record names it.
pub(super) struct Sending {
    pub message_id: Uuid,
    pub recipient: MailRecipient,
    pub template: Template,
    /// The causing event and its position; `None` for token mails, which no event caused.
    pub cause: Option<(Uuid, u64)>,
    /// 1-based.
    pub attempt: u32,
}

/// What the worker does next, once an attempt is recorded.
pub(super) struct Settled {
    /// When the mail is tried again; `None` when sent, dropped or given up.
    pub retry_at: Option<OffsetDateTime>,
    /// False when the pass must stop (server trouble).
    pub go_on: bool,
}

impl<S: EventStore, T: Transport> Notifier<S, T> {
    /// Records the outcome of one attempt.
    pub(super) async fn settle(
        &mut self,
        sending: &Sending,
        outcome: Result<Attempted, Failure>,
        report: &mut Report,
    ) -> Result<Settled, NotifyError> {
        let now = (self.clock)();
        let Sending {
            message_id,
            attempt,
            ..
        } = *sending;
        let recipient = sending.recipient;
        let template = sending.template.key().to_owned();
        let cause = sending.cause.map(|(id, _)| id);
        let position = sending.cause.map(|(_, position)| position);
        let failure = match outcome {
            Ok(Attempted::Dropped(reason)) => {
                self.dropped(sending, reason, now, report).await?;
                return Ok(Settled {
                    retry_at: None,
                    go_on: true,
                });
            }
            Ok(Attempted::Sent) => {
                self.in_flight.insert(message_id);
                report.sent += 1;
                metrics::counter!("accolade_mail_sent_total", "template" => template.clone())
                    .increment(1);
                metrics::gauge!("accolade_smtp_up").set(1.0);
                tracing::info!(%message_id, template = %template, attempt, "mail sent");
                let ev = NotificationEvent::from(NotificationSent {
                    message_id,
                    recipient,
                    template,
                    causing_event_id: cause,
                    causing_position: position,
                    attempt,
                    sent_at: now,
                });
                self.record_or_keep(ev, message_id, cause).await;
                return Ok(Settled {
                    retry_at: None,
                    go_on: true,
                });
            }
            Err(failure) => failure,
        };
        let verdict = self.retry.after(failure, attempt, now);
        if verdict.server_down {
            self.closed_until = verdict.next;
            metrics::gauge!("accolade_smtp_up").set(0.0);
        }
        report.failed += 1;
        metrics::counter!("accolade_mail_failed_total", "template" => template.clone())
            .increment(1);
        tracing::warn!(%message_id, template = %template, attempt, error = %verdict.error,
            given_up = verdict.next.is_none(), "mail not sent");
        let ev = NotificationEvent::from(NotificationFailed {
            message_id,
            recipient,
            template,
            causing_event_id: cause,
            causing_position: position,
            attempt,
            error: verdict.error,
            failed_at: now,
            next_attempt_at: verdict.next,
        });
        record::append(&self.store, &ev, message_id, cause).await?;
        Ok(Settled {
            retry_at: verdict.next,
            go_on: !verdict.server_down,
        })
    }

    /// Records a mail nobody can receive. Counted apart from failures (its own metric, no
    /// warning): a nominee or objector without an address is the common case, not trouble.
    async fn dropped(
        &mut self,
        sending: &Sending,
        reason: DropReason,
        now: OffsetDateTime,
        report: &mut Report,
    ) -> Result<(), NotifyError> {
        let message_id = sending.message_id;
        let template = sending.template.key().to_owned();
        report.dropped += 1;
        metrics::counter!("accolade_mail_dropped_total", "template" => template.clone())
            .increment(1);
        tracing::info!(%message_id, template = %template, reason = reason.as_str(), "mail dropped");
        let cause = sending.cause.map(|(id, _)| id);
        let ev = NotificationEvent::from(NotificationDropped {
            message_id,
            recipient: sending.recipient,
            template,
            causing_event_id: cause,
            causing_position: sending.cause.map(|(_, position)| position),
            reason,
            dropped_at: now,
        });
        record::append(&self.store, &ev, message_id, cause).await?;
        Ok(())
    }

    /// Records a sent mail; if the store refuses, keeps the record to retry before anything
    /// else is sent (the mail stays in `in_flight`, so it is not sent again meanwhile).
    async fn record_or_keep(&mut self, ev: NotificationEvent, id: Uuid, cause: Option<Uuid>) {
        if let Err(e) = record::append(&self.store, &ev, id, cause).await {
            tracing::error!(message_id = %id, error = %e, "sent mail not recorded yet; will retry");
            self.unrecorded.push(ev);
        }
    }

    /// Records what the store refused earlier; an error leaves the rest for the next pass.
    pub(super) async fn retry_unrecorded(&mut self) -> Result<(), NotifyError> {
        while let Some(ev) = self.unrecorded.pop() {
            let id = scheduled_id(&ev);
            if let Err(e) = record::append(&self.store, &ev, id, None).await {
                self.unrecorded.push(ev);
                return Err(e);
            }
        }
        Ok(())
    }
}
