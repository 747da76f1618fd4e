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

use accolade_domain::stream;
use accolade_events::{AnyEvent, Locale, ProgrammeEvent, UserEvent};
use accolade_projections::{Catalog, MailRecipient, decode};
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

/// What the catalog knows of a recipient (read under the runner's lock, no I/O).
#[derive(Debug, Clone)]
pub enum Known {
    /// Resolved already (agency, secretariat), or `None`: no address.
    Ready(Option<Contact>),
    /// A user: their stream must be read; the catalog's language.
    User(Locale),
    /// A nominee or objector: the record at this position holds the contact.
    Record(Option<u64>),
}

/// Step one, from the catalog.
pub fn known(
    catalog: &Catalog,
    config: &MailConfig,
    recipient: MailRecipient,
    contact_at: Option<u64>,
) -> Known {
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

/// Step two: the store, where needed. `None`: the recipient has no address (any more).
pub async fn resolve<S: EventStore>(
    store: &S,
    recipient: MailRecipient,
    known: Known,
) -> Result<Option<Contact>, NotifyError> {
    match known {
        Known::Ready(c) => Ok(c),
        Known::User(locale) => {
            let MailRecipient::User(id) = recipient else {
                return Ok(None);
            };
            user(store, id, locale).await
        }
        Known::Record(None) => Ok(None),
        Known::Record(Some(position)) => {
            let (_, ev) = record_at(store, position).await?;
            Ok(match ev {
                AnyEvent::Programme(ProgrammeEvent::NominationDrafted(e)) => {
                    person(e.nominee.email, e.nominee.full_name)
                }
                AnyEvent::Programme(ProgrammeEvent::NominationAmended(e)) => {
                    person(e.nominee.email, e.nominee.full_name)
                }
                AnyEvent::Programme(ProgrammeEvent::ObjectionFiled(e)) => {
                    person(e.objector.email, e.objector.full_name)
                }
                _ => None,
            })
        }
    }
}

fn person(email: Option<String>, name: String) -> Option<Contact> {
    email.map(|email| Contact {
        email,
        name: Some(name),
        locale: Locale::Vi,
    })
}

async fn user<S: EventStore>(
    store: &S,
    id: uuid::Uuid,
    locale: Locale,
) -> Result<Option<Contact>, NotifyError> {
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
    Ok(contact.map(|c| Contact {
        email: c.email,
        name: Some(c.full_name),
        locale,
    }))
}
