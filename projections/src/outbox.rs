//! The notification outbox: which mails the log owes, to whom, from which event.
//!
//! Each mail is derived from one causing event (DOMAIN.md "Notifications"): submission,
//! screening and return (agency); assignment (each member; the notifier later gathers a
//! member's assignment mails of one time window into one digest, `NotificationsDigested`);
//! vote result (agency, nominee); conferral (nominee, agency, with the award id for the link);
//! objection received (secretariat, and the objector, who may have given an e-mail) and resolved
//! (objector); revocation (agency, nominee); a deadline reminder (`ReminderDue`, recorded by
//! the notifier when a deadline nears).
//!
//! The message id is derived from the causing event id, the template and the recipient with
//! the domain's `derive_id` — the same mail gets the same id on every replay, rebuild and
//! process, so a resend after a crash carries the same Message-ID and a hand-over between
//! notifiers never produces a second, different mail. A digest's id comes from the member and
//! its window, a reminder's from the recipient and the deadline (both chosen by the notifier
//! and recorded in its event).
//!
//! Recipients are named, never addressed: no e-mail address is kept here. The notifier
//! resolves `Agency` to the agency's office address, `User` to the user's contact, `Nominee`
//! and `Objector` to the person's contact, which it reads from the record at `contact_at` and
//! opens with the person's key.
//!
//! Nominee and objector mails are owed whenever the person *could* have an address: their
//! contact is sealed, so the fold cannot tell whether an e-mail was given (and must not try).
//! The notifier opens it at send time and, when there is no address — none was given, or the
//! person was erased since — records `NotificationDropped`: not a failure, nothing alarms.
//! (A value still open, which only tests fold, is looked at: no e-mail, no mail.)
//!
//! A mail leaves the outbox when its `NotificationSent` (or `NotificationDropped`) is folded:
//! the outbox holds what is owed, not every mail ever caused.

use std::collections::{BTreeMap, BTreeSet};

use accolade_domain::derive_id;
use accolade_events::{MailRecipient, NotificationEvent as N, Personal, ProgrammeEvent as E};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::catalog::Catalog;
use crate::envelope::Envelope;

/// The template of a mail (vi/en variants are the notifier's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = MailTemplate))]
pub enum Template {
    /// A nomination was submitted.
    NominationSubmitted,
    /// Screened eligible.
    NominationEligible,
    /// Screened ineligible, with the reason.
    NominationIneligible,
    /// Returned for correction.
    NominationReturned,
    /// Nominations assigned for review (digest).
    ReviewAssigned,
    /// The vote's result.
    VoteResult,
    /// An award was conferred.
    AwardConferred,
    /// An objection was received.
    ObjectionReceived,
    /// An objection was resolved.
    ObjectionResolved,
    /// An award was revoked.
    AwardRevoked,
    /// A member's assignments of one time window, in one mail.
    ReviewDigest,
    /// A phase deadline nears and work is left.
    Reminder,
    /// An invitation to set a password (no event causes it; never in the outbox).
    Invitation,
    /// A password-reset link (no event causes it; never in the outbox).
    PasswordReset,
}

impl Template {
    /// The template key, as the notifier names its files.
    pub fn key(self) -> &'static str {
        match self {
            Template::NominationSubmitted => "nomination_submitted",
            Template::NominationEligible => "nomination_eligible",
            Template::NominationIneligible => "nomination_ineligible",
            Template::NominationReturned => "nomination_returned",
            Template::ReviewAssigned => "review_assigned",
            Template::VoteResult => "vote_result",
            Template::AwardConferred => "award_conferred",
            Template::ObjectionReceived => "objection_received",
            Template::ObjectionResolved => "objection_resolved",
            Template::AwardRevoked => "award_revoked",
            Template::ReviewDigest => "review_digest",
            Template::Reminder => "reminder",
            Template::Invitation => "invitation",
            Template::PasswordReset => "password_reset",
        }
    }

    /// Every template.
    pub const ALL: [Template; 14] = [
        Template::NominationSubmitted,
        Template::NominationEligible,
        Template::NominationIneligible,
        Template::NominationReturned,
        Template::ReviewAssigned,
        Template::VoteResult,
        Template::AwardConferred,
        Template::ObjectionReceived,
        Template::ObjectionResolved,
        Template::AwardRevoked,
        Template::ReviewDigest,
        Template::Reminder,
        Template::Invitation,
        Template::PasswordReset,
    ];

    /// The template of a key, if this build knows it.
    pub fn from_key(key: &str) -> Option<Template> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }
}

/// A mail owed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mail {
    /// Deterministic: from the causing event, the template and the recipient.
    pub message_id: Uuid,
    /// Named, never addressed: the notifier looks the address up when it sends.
    pub recipient: MailRecipient,
    /// Which template.
    pub template: Template,
    /// The causing event.
    pub causing_event_id: Uuid,
    /// Its position (the notifier's cursor).
    pub position: u64,
    /// What it is about: a nomination, the award for conferral and revocation, the
    /// programme for a reminder.
    pub subject: Option<Uuid>,
    /// When the causing event was recorded (digest windows are cut by it).
    #[serde(with = "accolade_events::dates::rfc3339")]
    pub at: OffsetDateTime,
    /// The position of the record holding the recipient's address, for nominees and
    /// objectors (whose contact is personal data the outbox does not copy).
    pub contact_at: Option<u64>,
}

/// The mails owed, in log order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    mails: Vec<Mail>,
    /// Nominations whose nominee could have an e-mail, with the position of the record
    /// holding their contact (the contact itself is not kept).
    nominee_reachable: BTreeMap<Uuid, u64>,
    /// Objections whose objector could have an e-mail, with the position of the filing.
    objector_reachable: BTreeMap<Uuid, u64>,
}

/// Whether a person's sealed fields could hold an e-mail address: a sealed value could (only
/// its key can tell); an open one, which only tests fold, says.
fn could_have_email<T>(p: &Personal<T>, email: impl Fn(&T) -> bool) -> bool {
    match p {
        Personal::Sealed(_) => true,
        Personal::Open(t) => email(t),
    }
}

/// The message id of a mail: the domain's `derive_id` over the causing event id, namespaced
/// by template and recipient.
pub fn message_id(causing_event_id: Uuid, template: Template, recipient: MailRecipient) -> Uuid {
    derive_id(
        &format!("accolade/mail/{}/{}", template.key(), recipient.key()),
        causing_event_id,
    )
}

impl Outbox {
    fn owe(
        &mut self,
        env: &Envelope<'_>,
        recipient: MailRecipient,
        template: Template,
        subject: Option<Uuid>,
    ) {
        let contact_at = match recipient {
            MailRecipient::Nominee(n) => self.nominee_reachable.get(&n).copied(),
            MailRecipient::Objector(o) => self.objector_reachable.get(&o).copied(),
            _ => None,
        };
        self.push(
            env,
            message_id(env.event_id, template, recipient),
            recipient,
            template,
            subject,
            contact_at,
        );
    }

    fn push(
        &mut self,
        env: &Envelope<'_>,
        message_id: Uuid,
        recipient: MailRecipient,
        template: Template,
        subject: Option<Uuid>,
        contact_at: Option<u64>,
    ) {
        self.mails.push(Mail {
            message_id,
            recipient,
            template,
            causing_event_id: env.event_id,
            position: env.position,
            subject,
            at: env.recorded_at,
            contact_at,
        });
    }

    fn nominee(
        &mut self,
        env: &Envelope<'_>,
        nomination: Uuid,
        t: Template,
        subject: Option<Uuid>,
    ) {
        if self.nominee_reachable.contains_key(&nomination) {
            self.owe(env, MailRecipient::Nominee(nomination), t, subject);
        }
    }

    /// Applies a programme event (after the catalog applied it).
    pub fn apply(&mut self, env: &Envelope<'_>, ev: &E, catalog: &Catalog) {
        let agency = |id: Uuid| {
            catalog
                .nominations
                .get(&id)
                .map(|n| MailRecipient::Agency(n.agency_id))
        };
        match ev {
            E::NominationDrafted(e) if could_have_email(&e.nominee, |n| n.email.is_some()) => {
                self.nominee_reachable.insert(e.nomination_id, env.position);
            }
            E::NominationAmended(e) => {
                if could_have_email(&e.nominee, |n| n.email.is_some()) {
                    self.nominee_reachable.insert(e.nomination_id, env.position);
                } else {
                    self.nominee_reachable.remove(&e.nomination_id);
                }
            }
            E::NominationSubmitted(e) => {
                if let Some(r) = agency(e.nomination_id) {
                    self.owe(env, r, Template::NominationSubmitted, Some(e.nomination_id));
                }
            }
            E::NominationScreened(e) => {
                let t = if e.eligible {
                    Template::NominationEligible
                } else {
                    Template::NominationIneligible
                };
                if let Some(r) = agency(e.nomination_id) {
                    self.owe(env, r, t, Some(e.nomination_id));
                }
            }
            E::NominationReturned(e) => {
                if let Some(r) = agency(e.nomination_id) {
                    self.owe(env, r, Template::NominationReturned, Some(e.nomination_id));
                }
            }
            E::ReviewersAssigned(e) => {
                let members: BTreeSet<Uuid> = e
                    .assignments
                    .iter()
                    .flat_map(|a| a.member_ids.iter().copied())
                    .collect();
                for m in members {
                    self.owe(env, MailRecipient::User(m), Template::ReviewAssigned, None);
                }
            }
            E::OutcomeDecided(e) => {
                if let Some(r) = agency(e.nomination_id) {
                    self.owe(env, r, Template::VoteResult, Some(e.nomination_id));
                }
                self.nominee(
                    env,
                    e.nomination_id,
                    Template::VoteResult,
                    Some(e.nomination_id),
                );
            }
            E::AwardConferred(e) => {
                self.nominee(
                    env,
                    e.nomination_id,
                    Template::AwardConferred,
                    Some(e.award_id),
                );
                if let Some(r) = agency(e.nomination_id) {
                    self.owe(env, r, Template::AwardConferred, Some(e.award_id));
                }
            }
            E::ObjectionFiled(e) => {
                self.owe(
                    env,
                    MailRecipient::Secretariat,
                    Template::ObjectionReceived,
                    Some(e.nomination_id),
                );
                if could_have_email(&e.objector, |o| o.email.is_some()) {
                    self.objector_reachable.insert(e.objection_id, env.position);
                    self.owe(
                        env,
                        MailRecipient::Objector(e.objection_id),
                        Template::ObjectionReceived,
                        Some(e.nomination_id),
                    );
                }
            }
            E::ObjectionResolved(e) if self.objector_reachable.contains_key(&e.objection_id) => {
                self.owe(
                    env,
                    MailRecipient::Objector(e.objection_id),
                    Template::ObjectionResolved,
                    Some(e.nomination_id),
                );
            }
            E::AwardRevoked(e) => {
                if let Some(r) = agency(e.nomination_id) {
                    self.owe(env, r, Template::AwardRevoked, Some(e.award_id));
                }
                self.nominee(
                    env,
                    e.nomination_id,
                    Template::AwardRevoked,
                    Some(e.award_id),
                );
            }
            _ => {}
        }
    }

    /// Applies one of the notifier's own events: a sent or dropped mail is no longer owed; a
    /// digest replaces the mails it covers; a due reminder becomes owed.
    pub fn apply_notification(&mut self, env: &Envelope<'_>, ev: &N) {
        match ev {
            N::NotificationSent(e) => {
                if let Some(p) = e.causing_position {
                    self.delivered(p, e.message_id);
                }
            }
            N::NotificationDropped(e) => {
                if let Some(p) = e.causing_position {
                    self.delivered(p, e.message_id);
                }
            }
            N::NotificationsDigested(e) => {
                for c in &e.covers {
                    self.delivered(c.position, c.message_id);
                }
                let t = Template::from_key(&e.template).unwrap_or(Template::ReviewDigest);
                self.push(env, e.message_id, e.recipient, t, None, None);
            }
            N::ReminderDue(e) => {
                let r = e.recipient;
                self.push(
                    env,
                    e.message_id,
                    r,
                    Template::Reminder,
                    Some(e.programme_id),
                    None,
                );
            }
            N::NotificationFailed(_) => {}
        }
    }

    /// Mails caused by events after `position` (all when `None`), at most `limit` (0: all).
    pub fn after(&self, position: Option<u64>, limit: usize) -> &[Mail] {
        let start = position.map_or(0, |p| self.mails.partition_point(|m| m.position <= p));
        let rest = self.mails.get(start..).unwrap_or(&[]);
        if limit == 0 {
            rest
        } else {
            rest.get(..limit.min(rest.len())).unwrap_or(rest)
        }
    }

    /// Every mail owed so far.
    pub fn len(&self) -> usize {
        self.mails.len()
    }

    /// A mail its notifier recorded as sent (or gathered into a digest) is no longer owed and
    /// leaves the outbox, so the outbox holds what is pending, not every mail ever caused.
    /// `position` is the mail's causing position (carried by the notifier's event), which
    /// finds the mail by binary search. Returns whether the mail was owed.
    pub(crate) fn delivered(&mut self, position: u64, message_id: Uuid) -> bool {
        let from = self.mails.partition_point(|m| m.position < position);
        let found = self
            .mails
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|m| m.position == position)
            .position(|m| m.message_id == message_id);
        match found {
            Some(k) => {
                // Mails are sent roughly in log order: the front of the list moves, and a
                // `Vec` shifts the rest. Good enough for a pending list that stays short once
                // the notifier runs; a ring buffer or per-run compaction if it ever is not.
                self.mails.remove(from + k);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivered_mails_leave_the_outbox() {
        let mut o = Outbox::default();
        for (p, r) in [(1, 1u128), (2, 2), (2, 3), (5, 4)] {
            let recipient = MailRecipient::Agency(Uuid::from_u128(r));
            let causing = Uuid::from_u128(100 + u128::from(p));
            o.mails.push(Mail {
                message_id: message_id(causing, Template::NominationSubmitted, recipient),
                recipient,
                template: Template::NominationSubmitted,
                causing_event_id: causing,
                position: p,
                subject: None,
                at: OffsetDateTime::UNIX_EPOCH,
                contact_at: None,
            });
        }
        let second = o.mails[2].message_id;
        assert!(!o.delivered(1, second), "wrong position: not found");
        assert!(o.delivered(2, second));
        assert!(!o.delivered(2, second), "already gone");
        let left: Vec<u64> = o.after(None, 0).iter().map(|m| m.position).collect();
        assert_eq!(left, [1, 2, 5]);
        assert_eq!(o.after(Some(1), 0).len(), 2);
    }
}
