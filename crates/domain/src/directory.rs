//! The directory aggregate (stream `directory`): unique user e-mails and agency codes, and the
//! register of erased people.
//!
//! Uniqueness across many streams needs one place that sees every claim. The app reserves here
//! first, then appends to the user or agency stream. Reserving again for the same owner is a
//! no-op, so a retry after a crash between the two appends simply goes on.

use std::collections::BTreeMap;

use accolade_events::{AgencyCodeReserved, DirectoryEvent, PersonErased, Role, UserEmailReserved};
use uuid::Uuid;

use crate::aggregate::Aggregate;
use crate::context::{Actor, Context};
use crate::error::{Clash, DomainError, Rule};
use crate::limits;
use crate::rules::names::{looks_like_email, normalise_code};

/// Who holds which key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directory {
    /// E-mail key -> user.
    pub emails: BTreeMap<String, Uuid>,
    /// User -> their current e-mail key.
    pub user_emails: BTreeMap<Uuid, String>,
    /// Agency code -> agency.
    pub codes: BTreeMap<String, Uuid>,
    /// Agency -> its code.
    pub agency_codes: BTreeMap<Uuid, String>,
    /// People erased, each with whether their public record went too.
    pub erased: BTreeMap<Uuid, bool>,
}

impl Directory {
    /// The user holding the address whose lookup is `email_key`, if any.
    pub fn user_by_email_key(&self, email_key: &str) -> Option<Uuid> {
        self.emails.get(email_key).copied()
    }
}

/// Commands of the directory (admin, or the system on a user's behalf).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectoryCommand {
    /// Reserve an e-mail for a user (releasing the user's previous one).
    ReserveEmail {
        /// Who claims the address; reserving again for the same user is a no-op.
        user_id: Uuid,
        /// The address, checked for shape here and never recorded.
        email: String,
        /// Its keyed lookup (the app's HMAC of [`crate::rules::names::normalise_email`]): what
        /// is recorded and compared.
        email_key: String,
    },
    /// Record that a person was erased (admin). Erasing again records nothing.
    ErasePerson {
        /// The person.
        person_id: Uuid,
        /// Why; required, at most 10,000 characters.
        reason: String,
        /// Whether the public record of their conferred awards goes too (the policy in force).
        public_record_erased: bool,
        /// The nomination the request named, if it named one.
        nomination_id: Option<Uuid>,
        /// The person's user account, if they have one (its e-mail is released).
        user_id: Option<Uuid>,
    },
    /// Reserve a code for an agency; codes are permanent.
    ReserveAgencyCode {
        /// Who claims the code; reserving again for the same agency is a no-op.
        agency_id: Uuid,
        /// Trimmed and upper-cased before it is compared or recorded.
        code: String,
    },
}

impl Aggregate for Directory {
    type Command = DirectoryCommand;
    type Event = DirectoryEvent;

    fn decide(
        &self,
        cmd: &DirectoryCommand,
        ctx: &Context,
    ) -> Result<Vec<DirectoryEvent>, DomainError> {
        if ctx.actor != Actor::System {
            ctx.actor.require(&[Role::Admin])?;
        }
        match cmd {
            DirectoryCommand::ErasePerson {
                person_id,
                reason,
                public_record_erased,
                nomination_id,
                user_id,
            } => {
                ctx.actor.require(&[Role::Admin])?;
                limits::required("reason", reason, limits::TEXT)?;
                if self.erased.contains_key(person_id) {
                    return Ok(vec![]);
                }
                Ok(vec![DirectoryEvent::from(PersonErased {
                    person_id: *person_id,
                    reason: reason.trim().to_owned(),
                    public_record_erased: *public_record_erased,
                    nomination_id: *nomination_id,
                    user_id: *user_id,
                })])
            }
            DirectoryCommand::ReserveEmail {
                user_id,
                email,
                email_key,
            } => {
                if !looks_like_email(email) {
                    return Err(DomainError::invalid(
                        "email",
                        Rule::NotAnEmail,
                        "not an e-mail address",
                    ));
                }
                let key = email_key.clone();
                match self.emails.get(&key) {
                    Some(owner) if owner == user_id => Ok(vec![]),
                    Some(_) => Err(DomainError::conflict_on(
                        "email",
                        Clash::EmailTaken,
                        "this e-mail is already in use",
                    )),
                    None => Ok(vec![DirectoryEvent::from(UserEmailReserved {
                        user_id: *user_id,
                        email_key: key,
                    })]),
                }
            }
            DirectoryCommand::ReserveAgencyCode { agency_id, code } => {
                let code = normalise_code(code);
                if code.is_empty() {
                    return Err(DomainError::invalid(
                        "code",
                        Rule::Required,
                        "must not be empty",
                    ));
                }
                match (self.codes.get(&code), self.agency_codes.get(agency_id)) {
                    (Some(owner), _) if owner == agency_id => Ok(vec![]),
                    (Some(_), _) => Err(DomainError::conflict_on(
                        "code",
                        Clash::CodeTaken,
                        format!("agency code {code} is already in use"),
                    )),
                    (None, Some(old)) => Err(DomainError::conflict_on(
                        "code",
                        Clash::CodePermanent,
                        format!("agency already has code {old}; codes are permanent"),
                    )),
                    (None, None) => Ok(vec![DirectoryEvent::from(AgencyCodeReserved {
                        agency_id: *agency_id,
                        code,
                    })]),
                }
            }
        }
    }

    fn evolve(&mut self, ev: &DirectoryEvent) {
        match ev {
            DirectoryEvent::UserEmailReserved(e) => {
                if let Some(old) = self.user_emails.insert(e.user_id, e.email_key.clone()) {
                    self.emails.remove(&old);
                }
                self.emails.insert(e.email_key.clone(), e.user_id);
            }
            DirectoryEvent::AgencyCodeReserved(e) => {
                self.codes.insert(e.code.clone(), e.agency_id);
                self.agency_codes.insert(e.agency_id, e.code.clone());
            }
            DirectoryEvent::PersonErased(e) => {
                self.erased.insert(e.person_id, e.public_record_erased);
                if let Some(old) = e.user_id.and_then(|u| self.user_emails.remove(&u)) {
                    self.emails.remove(&old);
                }
            }
        }
    }
}
