//! Who a recipient is: address, name, language.
//!
//! The read models name recipients and never copy an address (personal data stays in the
//! records that hold it, where crypto-shredding can reach it). Here the notifier looks the
//! address up at send time, and keeps it only for the length of one send:
//!
//! - an agency: its office address, from the catalog (an office's, not a person's);
//! - a user: the user's own stream (`user-<id>`: registered, amended, deactivated), language
//!   from the catalog;
//! - a nominee or objector: the one record that holds their contact (`Mail::contact_at`);
//!   they have no account, so Vietnamese;
//! - the secretariat: the configured address, else the From address.
//!
//! People's contacts (users', nominees', objectors') are sealed under their keys: they are
//! opened here, through the notifier's [`Unseal`], for the one send. A contact that does not
//! open belongs to someone erased, and one without an e-mail to someone who gave none: either
//! way there is nobody to write to, and the mail is dropped ([`Reach::Nobody`]), never retried.

use accolade_domain::stream;
use accolade_events::{AnyEvent, DropReason, Locale, ProgrammeEvent, Unseal, UserEvent};
use accolade_projections::{MailRecipient, Projections, decode};
use accolade_store::{EventStore, RecordedEvent};

use crate::config::MailConfig;
use crate::error::NotifyError;

/// Where and how to write to someone.
#[derive(Clone, PartialEq, Eq)]
pub struct Contact {
    /// The bare address (no display name), as the record holding it has it; parsed only
    /// when the mail is composed, so a malformed one fails that send. `Debug` never shows it.
    pub email: String,
    /// The name, for the greeting and the `To:` display name.
    pub name: Option<String>,
    /// Their language.
    pub locale: Locale,
}

impl std::fmt::Debug for Contact {
    // Never print the address or the name: a Debug of a mail may reach a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Contact")
            .field("locale", &self.locale)
            .finish_non_exhaustive()
    }
}

/// Reads the record at `position` and decodes it.
pub async fn record_at<S: EventStore>(
    store: &S,
    position: u64,
) -> Result<(RecordedEvent, AnyEvent), NotifyError> {
    let rec = store
        .read_all(position, 1)
        .await?
        .into_iter()
        .next()
        .filter(|r| r.position == position)
        .ok_or_else(|| NotifyError::Record {
            position,
            reason: "not in the log".into(),
        })?;
    let ev = decode(&rec.event_type, rec.schema_version, rec.payload.get()).map_err(|e| {
        NotifyError::Record {
            position,
            reason: e.to_string(),
        }
    })?;
    Ok((rec, ev))
}

/// What the read models know of a recipient (read under the runner's lock, no I/O).
#[derive(Debug, Clone)]
pub enum Known {
    /// Resolved already (agency, secretariat), or `None`: no address.
    Ready(Option<Contact>),
    /// A user: their stream must be read; the catalog's language.
    User(Locale),
    /// A nominee or objector: the record at this position holds the contact.
    Record(Option<u64>),
    /// The recipient was erased (their erasure is folded): nothing is read or opened.
    Erased,
}

/// Where a mail can go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// To this contact.
    To(Contact),
    /// Nowhere: no address, or the recipient was erased.
    Nobody(DropReason),
}

/// Whether the person a recipient names was erased, as the read models know it (the
/// notifier's Unseal may know it first: a destroyed key opens nothing).
fn erased(p: &Projections, recipient: MailRecipient) -> bool {
    let c = p.catalog();
    let person = match recipient {
        MailRecipient::Nominee(n) => c.nominations.get(&n).map(|n| n.person_id),
        MailRecipient::Objector(o) => p.objections().get(o).map(|o| o.objector_person_id),
        MailRecipient::User(u) => c.users.get(&u).map(|u| u.person_id),
        MailRecipient::Agency(_) | MailRecipient::Secretariat => None,
    };
    person.is_some_and(|id| c.is_erased(id))
}

/// Step one, from the read models.
pub fn known(
    p: &Projections,
    config: &MailConfig,
    recipient: MailRecipient,
    contact_at: Option<u64>,
) -> Known {
    if erased(p, recipient) {
        return Known::Erased;
    }
    let catalog = p.catalog();
    match recipient {
        MailRecipient::Agency(id) => Known::Ready(catalog.agencies.get(&id).and_then(|a| {
            a.email.clone().map(|email| Contact {
                email,
                name: Some(a.name.clone()),
                locale: Locale::Vi,
            })
        })),
        MailRecipient::User(id) => match catalog.users.get(&id) {
            Some(u) if u.active => Known::User(u.locale),
            _ => Known::Ready(None),
        },
        MailRecipient::Nominee(_) | MailRecipient::Objector(_) => Known::Record(contact_at),
        MailRecipient::Secretariat => {
            // The From setting may carry a display name ("Giải thưởng <a@b.vn>").
            let email = config.secretariat.clone().or_else(|| {
                config
                    .from
                    .parse::<lettre::message::Mailbox>()
                    .ok()
                    .map(|m| m.email.to_string())
            });
            Known::Ready(email.map(|email| Contact {
                email,
                name: None,
                locale: Locale::Vi,
            }))
        }
    }
}

/// Step two: the store and the keys, where needed.
pub async fn resolve<S: EventStore>(
    store: &S,
    unseal: &dyn Unseal,
    recipient: MailRecipient,
    known: Known,
) -> Result<Reach, NotifyError> {
    let no_address = Reach::Nobody(DropReason::NoAddress);
    match known {
        Known::Ready(c) => Ok(c.map_or(no_address, Reach::To)),
        Known::Erased => Ok(Reach::Nobody(DropReason::Erased)),
        Known::User(locale) => {
            let MailRecipient::User(id) = recipient else {
                return Ok(no_address);
            };
            user(store, unseal, id, locale).await
        }
        Known::Record(None) => Ok(no_address),
        Known::Record(Some(position)) => {
            let (_, ev) = record_at(store, position).await?;
            let opened = match ev {
                AnyEvent::Programme(ProgrammeEvent::NominationDrafted(e)) => {
                    e.nominee.open(unseal).map(|n| (n.email, n.full_name))
                }
                AnyEvent::Programme(ProgrammeEvent::NominationAmended(e)) => {
                    e.nominee.open(unseal).map(|n| (n.email, n.full_name))
                }
                AnyEvent::Programme(ProgrammeEvent::ObjectionFiled(e)) => {
                    e.objector.open(unseal).map(|o| (o.email, o.full_name))
                }
                _ => return Ok(no_address),
            };
            Ok(match opened {
                None => Reach::Nobody(DropReason::Erased),
                Some((None, _)) => no_address,
                Some((Some(email), name)) => Reach::To(Contact {
                    email,
                    name: Some(name),
                    locale: Locale::Vi,
                }),
            })
        }
    }
}

async fn user<S: EventStore>(
    store: &S,
    unseal: &dyn Unseal,
    id: uuid::Uuid,
    locale: Locale,
) -> Result<Reach, NotifyError> {
    let mut contact = None;
    let mut from = 0;
    loop {
        let page = store.read_stream(&stream::user(id), from, 256).await?;
        let full = page.len() == 256;
        for rec in &page {
            from = rec.stream_version + 1;
            let Ok(AnyEvent::User(ev)) =
                decode(&rec.event_type, rec.schema_version, rec.payload.get())
            else {
                continue;
            };
            match ev {
                UserEvent::UserRegistered(e) => contact = Some(e.contact),
                UserEvent::UserAmended(e) => {
                    if let Some(c) = e.contact {
                        contact = Some(c);
                    }
                }
                _ => {}
            }
        }
        if !full {
            break;
        }
    }
    // Only the latest contact is opened: it is the one in force, and an erased user's
    // contacts open no more than it does.
    Ok(match contact {
        None => Reach::Nobody(DropReason::NoAddress),
        Some(sealed) => match sealed.open(unseal) {
            None => Reach::Nobody(DropReason::Erased),
            Some(c) => Reach::To(Contact {
                email: c.email,
                name: Some(c.full_name),
                locale,
            }),
        },
    })
}
