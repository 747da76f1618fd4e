//! Audit and data (the secretariat): the audit trail and the notification log from the read
//! models, the raw log exactly as stored and the hash chain's verification from the store,
//! (erasure is `persons`).
//!
//! Paging parameters arrive checked by the front end (a page size in range, a cursor that
//! parses): they are the shape of a request, like any other query parameter.

use accolade_store::{EventStore, VerifyReport};
use uuid::Uuid;

pub use accolade_projections::{
    AuditFilter, AuditItem, DeliveryStatus, FieldChange, Mail, MailRecipient as Recipient,
    NotificationItem, NotificationPage, cursor_is_valid,
};

use crate::authz::may;
use crate::{AppError, Node};

/// The audit actions of a [`Node`].
#[derive(Debug)]
pub struct Audit<'a, S: EventStore> {
    node: &'a Node<S>,
}

impl<S: EventStore> Node<S> {
    /// The audit trail, the raw log, verification, the notification log.
    pub fn audit(&self) -> Audit<'_, S> {
        Audit { node: self }
    }
}

/// Records of the raw log, each as its export line: the stored bytes, re-hashable.
#[derive(Debug, Clone)]
pub struct RawLog {
    /// `{record, hash}` per record, in log order.
    pub lines: Vec<String>,
    /// The position to continue after, when the durable log goes on.
    pub next_after: Option<u64>,
}

/// Which audit entries to read.
#[derive(Debug, Clone, Default)]
pub struct TrailQuery {
    /// Only this stream (`programme-<uuid>`).
    pub stream: Option<String>,
    /// Only this nomination.
    pub nomination_id: Option<Uuid>,
    /// Only what this user did.
    pub actor: Option<Uuid>,
    /// Only after this log position.
    pub after: Option<u64>,
    /// At most this many entries.
    pub limit: usize,
}

/// A page of the audit trail, oldest first.
#[derive(Debug, Clone)]
pub struct TrailPage {
    /// The entries on this page (at most the asked-for limit), oldest first.
    pub items: Vec<AuditItem>,
    /// The position to continue after, when more entries match.
    pub next_after: Option<u64>,
}

impl<S: EventStore> Audit<'_, S> {
    /// Raw log records after `after` (from the first when `None`), at most `limit`.
    pub async fn events(
        &self,
        ask: &super::Ask,
        after: Option<u64>,
        limit: usize,
    ) -> Result<RawLog, AppError> {
        ask.caller.require(may::SECRETARIAT)?;
        let store = self.node.app().store();
        let from = after.map_or(0, |a| a.saturating_add(1));
        let records = store.read_all(from, limit).await?;
        let head = *store.durable_head().borrow();
        let lines = records
            .iter()
            .map(|r| {
                String::from_utf8(r.to_export_line()).map_err(|e| {
                    AppError::Encode(format!("record {} is not UTF-8: {e}", r.position))
                })
            })
            .collect::<Result<_, _>>()?;
        let next_after = records
            .last()
            .filter(|r| r.position + 1 < head)
            .map(|r| r.position);
        Ok(RawLog { lines, next_after })
    }

    /// Who did what when, with before and after, oldest first.
    pub fn trail(&self, ask: &super::Ask, q: TrailQuery) -> Result<TrailPage, AppError> {
        ask.caller.require(may::SECRETARIAT)?;
        let filter = AuditFilter {
            stream: q.stream,
            nomination_id: q.nomination_id,
            actor: q.actor,
            after: q.after,
            // One more than asked: whether it comes tells whether there is a next page.
            limit: q.limit + 1,
        };
        let mut items = self.node.read(|p| p.audit(&filter, self.node.unseal()));
        let more = items.len() > q.limit;
        items.truncate(q.limit);
        let next_after = more.then(|| items.last().map(|i| i.position)).flatten();
        Ok(TrailPage { items, next_after })
    }

    /// The notification log: each mail, to whom (a reference, never an address), why, when,
    /// attempts and the last error; oldest cause first. `cursor` is a page's `next_cursor`.
    pub fn notifications(
        &self,
        ask: &super::Ask,
        status: Option<DeliveryStatus>,
        limit: usize,
        cursor: Option<&str>,
    ) -> Result<NotificationPage, AppError> {
        ask.caller.require(may::SECRETARIAT)?;
        Ok(self
            .node
            .read(|p| p.notification_log(status, limit, cursor)))
    }

    /// The latest `limit` mails owed (newest cause first).
    pub fn mails(&self, ask: &super::Ask, limit: usize) -> Result<Vec<Mail>, AppError> {
        ask.caller.require(may::SECRETARIAT)?;
        Ok(self.node.read(|p| {
            p.outbox(None, 0)
                .iter()
                .rev()
                .take(limit)
                .cloned()
                .collect()
        }))
    }

    /// Walks the hash chain (the online `accolade verify`).
    pub async fn verify(&self, ask: &super::Ask) -> Result<VerifyReport, AppError> {
        ask.caller.require(may::SECRETARIAT)?;
        Ok(self.node.app().store().verify().await?)
    }
}
