//! What time decides: digests whose window has closed and reminders whose deadline nears.
//!
//! Both are decided here from the read models and `now`, and recorded as events
//! (`NotificationsDigested`, `ReminderDue`) before anything is sent, so the decision is made
//! once and every replay, rebuild and restart sees the same mails with the same ids:
//!
//! - a digest's id derives from the member and the window start (DOMAIN.md); a late
//!   assignment mail of a window whose digest went out gets a digest of its own, id derived
//!   from the window and the first mail it covers;
//! - a reminder's id derives from the recipient, the programme, the phase and the deadline, so
//!   it is owed once per deadline (a moved deadline is a new one).

use std::collections::BTreeMap;
use std::time::Duration;

use accolade_domain::derive_id;
use accolade_events::{
    CoveredMail, MailRecipient, NominationStatus, NotificationEvent, NotificationsDigested, Phase,
    ReminderDue,
};
use accolade_projections::{Projections, Template, Viewer};
use time::{OffsetDateTime, UtcOffset};
use uuid::Uuid;

/// Deadlines are calendar days in Vietnam (+07:00).
const VIETNAM: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

/// A digest's window is cut this long after it ends, so an assignment recorded at its last
/// instant is already folded.
const GRACE: Duration = Duration::from_secs(1);

/// The start of the window `at` falls in.
pub fn window_start(at: OffsetDateTime, window: Duration) -> OffsetDateTime {
    let w = i64::try_from(window.as_secs().max(1)).unwrap_or(600);
    let t = at.unix_timestamp();
    OffsetDateTime::from_unix_timestamp(t - t.rem_euclid(w)).unwrap_or(at)
}

/// Digests due at `now`: one per member and closed window.
pub fn digests(p: &Projections, now: OffsetDateTime, window: Duration) -> Vec<NotificationEvent> {
    let mut groups: BTreeMap<(Uuid, i64), Vec<CoveredMail>> = BTreeMap::new();
    for m in p.outbox(None, 0) {
        let (Template::ReviewAssigned, MailRecipient::User(member)) = (m.template, m.recipient)
        else {
            continue;
        };
        let start = window_start(m.at, window);
        if now < start + window + GRACE {
            continue;
        }
        groups
            .entry((member, start.unix_timestamp()))
            .or_default()
            .push(CoveredMail {
                message_id: m.message_id,
                position: m.position,
            });
    }
    groups
        .into_iter()
        .filter_map(|((member, start), covers)| {
            let first = covers.first()?.message_id;
            let mut id = derive_id(&format!("accolade/mail/review_digest/{start}"), member);
            if p.notifications().is_scheduled(id) {
                id = derive_id(&format!("accolade/mail/review_digest/{start}/late"), first);
            }
            let window_start = OffsetDateTime::from_unix_timestamp(start).ok()?;
            Some(NotificationEvent::from(NotificationsDigested {
                message_id: id,
                recipient: MailRecipient::User(member),
                template: Template::ReviewDigest.key().to_owned(),
                window_start,
                window_end: window_start + window,
                covers,
            }))
        })
        .collect()
}

/// Reminders due at `now`: `days` before a phase's last day (and on it), to members who have
/// not scored (reviewing) or voted (voting) on everything assigned, and to agencies with
/// drafts (nominating).
pub fn reminders(p: &Projections, now: OffsetDateTime, days: u32) -> Vec<NotificationEvent> {
    let today = now.to_offset(VIETNAM).date();
    let catalog = p.catalog();
    let mut out = Vec::new();
    for (pid, prog) in &catalog.programmes {
        let Some(deadline) = p
            .notifications()
            .schedule(*pid)
            .and_then(|s| s.end_of(prog.phase))
        else {
            continue;
        };
        let opens = deadline - time::Duration::days(i64::from(days));
        if today < opens || today > deadline {
            continue;
        }
        let mut open: BTreeMap<MailRecipient, u32> = BTreeMap::new();
        match prog.phase {
            Phase::Nominating => {
                for n in catalog.nominations.values() {
                    if n.programme_id == *pid && n.status == NominationStatus::Draft {
                        *open.entry(MailRecipient::Agency(n.agency_id)).or_default() += 1;
                    }
                }
            }
            Phase::Reviewing | Phase::Voting => {
                let report = p.progress(*pid, Viewer::Admin);
                for np in &report.nominations {
                    let votable =
                        catalog.status(np.nomination_id) == Some(NominationStatus::Eligible);
                    for r in &np.reviewers {
                        let left = if prog.phase == Phase::Reviewing {
                            !r.scored
                        } else {
                            votable && !r.voted
                        };
                        if left {
                            *open.entry(MailRecipient::User(r.member_id)).or_default() += 1;
                        }
                    }
                }
            }
            _ => continue,
        }
        for (recipient, open_items) in open {
            let id = derive_id(
                &format!(
                    "accolade/mail/reminder/{}/{}/{deadline}",
                    recipient.key(),
                    prog.phase
                ),
                *pid,
            );
            if p.notifications().is_scheduled(id) {
                continue;
            }
            out.push(NotificationEvent::from(ReminderDue {
                message_id: id,
                recipient,
                programme_id: *pid,
                phase: prog.phase,
                deadline,
                open_items,
            }));
        }
    }
    out
}
