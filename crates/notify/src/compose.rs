//! From a mail the outbox owes to a message ready for SMTP: the facts (read models and the
//! causing record), the words in the recipient's language, the link, the two bodies.
//!
//! Nominees' names are opened through the notifier's Unseal when the facts are gathered; an
//! erased nominee is named by the erased marker of the recipient's language (`texts`).

use std::collections::BTreeSet;

use accolade_events::{AnyEvent, NotificationEvent as N, ProgrammeEvent as E, Unseal};
use accolade_projections::{Mail, MailRecipient, Projections, Template};
use accolade_store::EventStore;
use askama::Template as _;
use lettre::Message;
use lettre::message::{Mailbox, MultiPart};
use uuid::Uuid;

use crate::config::MailConfig;
use crate::contacts::{Contact, Known, known, record_at};
use crate::error::NotifyError;
use crate::texts::{Facts, Item, Words, words};

/// The plain-text body (askama: `.txt` is not escaped).
#[derive(askama::Template)]
#[template(path = "mail.txt")]
struct TextBody<'a> {
    w: &'a Words,
    link: &'a str,
}

/// The HTML body (askama: `.html` is escaped).
#[derive(askama::Template)]
#[template(path = "mail.html")]
struct HtmlBody<'a> {
    w: &'a Words,
    link: &'a str,
}

/// The `Message-ID` header value of a mail: the same for every send of it.
pub fn header_id(message_id: Uuid) -> String {
    format!("<{message_id}@accolade>")
}

/// Paths of the pages mails link to (the HTML pages' routes).
pub mod paths {
    use uuid::Uuid;

    /// An award's permanent page.
    pub fn award(id: Uuid) -> String {
        format!("/honours/{id}")
    }
    /// A nomination's page for its agency and the secretariat.
    pub fn nomination(id: Uuid) -> String {
        format!("/work/nominations/{id}")
    }
    /// A member's assignments.
    pub fn assignments() -> String {
        "/work/assignments".to_owned()
    }
    /// The signed-in start page.
    pub fn work() -> String {
        "/work".to_owned()
    }
    /// The public-notice list.
    pub fn notice() -> String {
        "/notice".to_owned()
    }
    /// Where an invited user sets a password.
    pub fn invitation(token: &str) -> String {
        format!("/invitations/{token}")
    }
    /// Where a user sets a new password with a reset token.
    pub fn password_reset(token: &str) -> String {
        format!("/password-resets/{token}")
    }
}

/// What the causing records add to the read models (read before taking the runner's lock).
#[derive(Debug, Default)]
pub struct Causes {
    /// The causing event.
    pub event: Option<AnyEvent>,
    /// A digest's nominations (from the assignment records it covers).
    pub nominations: Vec<Uuid>,
}

/// Reads the causing record, and for a digest the records it covers.
pub async fn causes<S: EventStore>(store: &S, mail: &Mail) -> Result<Causes, NotifyError> {
    let (_, event) = record_at(store, mail.position).await?;
    let mut covered = Vec::new();
    let member = match mail.recipient {
        MailRecipient::User(id) => Some(id),
        _ => None,
    };
    match &event {
        AnyEvent::Notification(N::NotificationsDigested(d)) => {
            for c in &d.covers {
                covered.push(record_at(store, c.position).await?.1);
            }
        }
        AnyEvent::Programme(E::ReviewersAssigned(_)) => covered.push(event.clone()),
        _ => {}
    }
    let mut nominations = BTreeSet::new();
    for ev in covered {
        if let AnyEvent::Programme(E::ReviewersAssigned(a)) = ev {
            for x in a.assignments {
                if member.is_none_or(|m| x.member_ids.contains(&m)) {
                    nominations.insert(x.nomination_id);
                }
            }
        }
    }
    Ok(Causes {
        event: Some(event),
        nominations: nominations.into_iter().collect(),
    })
}

/// Gathers the facts and link of a mail and what is known of its recipient, under the
/// runner's read lock (no I/O here); nominees opened through `unseal`.
pub fn gather(
    p: &Projections,
    config: &MailConfig,
    mail: &Mail,
    causes: &Causes,
    unseal: &dyn Unseal,
) -> (Facts, String, Known) {
    let c = p.catalog();
    let mut f = Facts::default();
    let mut nomination = mail.subject.filter(|id| c.nominations.contains_key(id));
    let mut award = None;
    match &causes.event {
        Some(AnyEvent::Programme(ev)) => match ev {
            E::NominationScreened(e) => f.reason.clone_from(&e.reason),
            E::NominationReturned(e) => f.reason.clone_from(&e.reason),
            E::OutcomeDecided(e) => f.outcome = Some(e.outcome),
            E::AwardConferred(e) => {
                f.award_title.clone_from(&e.award_title);
                f.decision_no.clone_from(&e.decision_no);
                nomination = Some(e.nomination_id);
                award = Some(e.award_id);
            }
            E::ObjectionFiled(e) => nomination = Some(e.nomination_id),
            E::ObjectionResolved(e) => {
                f.upheld = e.upheld;
                f.reason.clone_from(&e.reason);
                nomination = Some(e.nomination_id);
            }
            E::AwardRevoked(e) => {
                f.ground = Some(e.ground);
                f.decision_no.clone_from(&e.decision_no);
                f.reason = e.note.clone().unwrap_or_default();
                nomination = Some(e.nomination_id);
                award = Some(e.award_id);
            }
            _ => {}
        },
        Some(AnyEvent::Notification(N::ReminderDue(e))) => {
            f.phase = Some(e.phase);
            f.deadline = Some(e.deadline);
            f.open_items = e.open_items;
            if let Some(prog) = c.programmes.get(&e.programme_id) {
                f.programme.clone_from(&prog.title);
            }
        }
        _ => {}
    }
    // `None`: the nominee was erased.
    let name = |n: &accolade_projections::NominationInfo| {
        c.open(n.person_id, &n.nominee, unseal).map(|x| x.full_name)
    };
    if let Some(n) = nomination.and_then(|id| c.nominations.get(&id)) {
        match name(n) {
            Some(full_name) => f.nominee = full_name,
            None => f.nominee_erased = true,
        }
        if let Some(prog) = c.programmes.get(&n.programme_id) {
            f.programme.clone_from(&prog.title);
        }
        if let Some(cat) = c.category_of(n) {
            f.category.clone_from(&cat.title);
        }
    }
    for id in &causes.nominations {
        if let Some(n) = c.nominations.get(id) {
            let category = c.category_of(n).map_or("", |c| c.title.as_str());
            f.items.push(Item {
                nominee: name(n),
                category: category.to_owned(),
            });
            if f.programme.is_empty()
                && let Some(prog) = c.programmes.get(&n.programme_id)
            {
                f.programme.clone_from(&prog.title);
            }
        }
    }
    let path = match mail.template {
        Template::AwardConferred | Template::AwardRevoked => {
            award.map_or_else(paths::notice, paths::award)
        }
        Template::ReviewAssigned | Template::ReviewDigest => paths::assignments(),
        Template::Reminder | Template::Invitation | Template::PasswordReset => paths::work(),
        Template::ObjectionResolved => paths::notice(),
        Template::ObjectionReceived | Template::VoteResult
            if matches!(
                mail.recipient,
                MailRecipient::Objector(_) | MailRecipient::Nominee(_)
            ) =>
        {
            paths::notice()
        }
        _ => nomination.map_or_else(paths::work, paths::nomination),
    };
    let link = format!("{}{path}", config.base_url());
    let who = known(p, config, mail.recipient, mail.contact_at);
    (f, link, who)
}

/// Renders and builds the message.
pub fn message(
    config: &MailConfig,
    message_id: Uuid,
    template: Template,
    to: &Contact,
    mut facts: Facts,
    link: &str,
) -> Result<Message, NotifyError> {
    facts.name = to.name.clone();
    let w = words(template, to.locale, &facts);
    let text = TextBody { w: &w, link }.render()?;
    let html = HtmlBody { w: &w, link }.render()?;
    let from: Mailbox = config
        .from
        .parse()
        .map_err(|e| NotifyError::Config(format!("ACCOLADE_MAIL_FROM: {e}")))?;
    let address = to
        .email
        .parse()
        .map_err(|e| NotifyError::Message(format!("recipient address: {e}")))?;
    let to = Mailbox::new(to.name.clone(), address);
    Message::builder()
        .from(from)
        .to(to)
        .subject(w.subject)
        .message_id(Some(header_id(message_id)))
        .multipart(MultiPart::alternative_plain_html(text, html))
        .map_err(|e| NotifyError::Message(e.to_string()))
}
