//! Token mails (invitations, password resets): queued in memory, never in the log, and sent
//! after the outbox's mails of the pass.
//!
//! They follow the outbox's retry schedule, with their own `not_before` kept here since no
//! read model knows them; their records carry no cause or position.

use std::collections::VecDeque;

use accolade_projections::MailRecipient;
use accolade_store::EventStore;
use time::OffsetDateTime;

use super::retry::Attempted;
use super::settle::Sending;
use super::{Notifier, Report};
use crate::compose::paths;
use crate::contacts;
use crate::error::NotifyError;
use crate::invite::{Invitation, TokenKind};
use crate::texts::Facts;
use crate::transport::Transport;

/// A token mail waiting in memory (its token is never written anywhere).
pub(super) struct Queued {
    invitation: Invitation,
    /// Attempts so far.
    attempt: u32,
    /// Not tried again before this.
    not_before: OffsetDateTime,
}

impl<S: EventStore, T: Transport> Notifier<S, T> {
    pub(super) fn queue(&mut self, invitation: Invitation) {
        self.queued.push_back(Queued {
            invitation,
            attempt: 0,
            not_before: OffsetDateTime::UNIX_EPOCH,
        });
    }

    /// Tries every queued token mail that is due, unless the server is known to be down.
    pub(super) async fn invitations_pass(
        &mut self,
        report: &mut Report,
    ) -> Result<(), NotifyError> {
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
            let recipient = MailRecipient::User(inv.user_id);
            let known = self
                .runner
                .read(|p| contacts::known(p, &self.config, recipient, None));
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
            if matches!(outcome, Ok(Attempted::Sent))
                && let Some(done) = &inv.on_sent
            {
                done();
            }
            let sending = Sending {
                message_id: inv.message_id,
                recipient,
                template,
                cause: None,
                attempt: q.attempt,
            };
            let settled = self.settle(&sending, outcome, report).await?;
            // Dropped (no address, erased) or given up (refused too often): the token goes with
            // the mail; the server's credentials file still owes it and issues a fresh one on
            // restart.
            if let Some(next) = settled.retry_at {
                q.not_before = next;
                later.push_back(q);
            }
            if !settled.go_on {
                break;
            }
            self.throttle().await;
        }
        later.extend(self.queued.drain(..));
        self.queued = later;
        Ok(())
    }
}
