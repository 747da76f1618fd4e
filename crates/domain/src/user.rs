//! The user aggregate (stream `user-<uuid>`).
//!
//! Unique e-mails are the directory's job: the app reserves the address there first.

use accolade_events::{
    Locale, Personal, Role, UserAmended, UserContact, UserDeactivated, UserEvent, UserPasswordSet,
    UserReactivated, UserRegistered,
};
use uuid::Uuid;

use crate::aggregate::Aggregate;
use crate::context::{Actor, Context};
use crate::error::{Clash, DomainError, Forbidden, Rule, require_text};
use crate::limits;
use crate::rules::names::looks_like_email;

/// A user's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct User {
    /// The account as registered, with amendments applied; `None` until registered.
    pub current: Option<UserRegistered>,
    /// Whether it may sign in and act.
    pub active: bool,
    /// The latest password hash, if one was set.
    pub password_hash: Option<String>,
}

/// Register a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterUser {
    /// The new id.
    pub user_id: Uuid,
    /// The user's pseudonymous person id: the key the contact is sealed under.
    pub person_id: Uuid,
    /// Sign-in and mail address; unique among users (reserved in the directory first).
    pub email: String,
    /// Full name.
    pub full_name: String,
    /// What the user may do; an admin may change it later.
    pub role: Role,
    /// Agency (required for clerks and heads).
    pub agency_id: Option<Uuid>,
    /// The language of their pages and mails.
    pub locale: Locale,
}

/// Change a user; absent fields unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AmendUser {
    /// New e-mail (reserved in the directory first). Admin only.
    pub email: Option<String>,
    /// New full name. The user or an admin.
    pub full_name: Option<String>,
    /// New role. Admin only.
    pub role: Option<Role>,
    /// New agency (`Some(None)` removes it). Admin only.
    pub agency_id: Option<Option<Uuid>>,
    /// New language. The user or an admin.
    pub locale: Option<Locale>,
    /// The contact as it stands, opened by the app (the state holds it sealed); needed only
    /// when `email` or `full_name` changes, to write the new contact whole. `None` then means
    /// the user was erased.
    pub current_contact: Option<UserContact>,
}

/// Commands of the user aggregate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserCommand {
    /// Register (admin).
    Register(RegisterUser),
    /// Amend (see [`AmendUser`] for who may change what).
    Amend(AmendUser),
    /// Deactivate (admin).
    Deactivate {
        /// Recorded with the deactivation, if given; at most 10,000 characters.
        reason: Option<String>,
    },
    /// Reactivate (admin).
    Reactivate,
    /// Set the password hash (the user, an admin, or the system accepting an invitation).
    SetPasswordHash {
        /// PHC-format hash, computed by the app.
        password_hash: String,
    },
}

fn needs_agency(role: Role) -> bool {
    matches!(role, Role::Clerk | Role::Head)
}

impl User {
    fn existing(&self) -> Result<&UserRegistered, DomainError> {
        self.current
            .as_ref()
            .ok_or_else(|| DomainError::not_found("user", "?"))
    }
}

impl Aggregate for User {
    type Command = UserCommand;
    type Event = UserEvent;

    fn decide(&self, cmd: &UserCommand, ctx: &Context) -> Result<Vec<UserEvent>, DomainError> {
        match cmd {
            UserCommand::Register(c) => {
                ctx.actor.require(&[Role::Admin])?;
                if self.current.is_some() {
                    return Err(DomainError::conflict(
                        Clash::AlreadyExists,
                        format!("user {} already exists", c.user_id),
                    ));
                }
                if !looks_like_email(&c.email) {
                    return Err(DomainError::invalid(
                        "email",
                        Rule::NotAnEmail,
                        "not an e-mail address",
                    ));
                }
                limits::required("full_name", &c.full_name, limits::NAME)?;
                if needs_agency(c.role) && c.agency_id.is_none() {
                    return Err(DomainError::invalid(
                        "agency_id",
                        Rule::NeedsAgency,
                        "clerks and heads belong to an agency",
                    ));
                }
                Ok(vec![UserEvent::from(UserRegistered {
                    user_id: c.user_id,
                    person_id: c.person_id,
                    contact: Personal::Open(UserContact {
                        email: c.email.trim().to_owned(),
                        full_name: c.full_name.trim().to_owned(),
                    }),
                    role: c.role,
                    agency_id: c.agency_id,
                    locale: c.locale,
                })])
            }
            UserCommand::Amend(a) => {
                let cur = self.existing()?;
                let is_admin = ctx.actor.role() == Some(Role::Admin);
                let is_self = ctx.actor.user_id() == Some(cur.user_id);
                let admin_only = a.email.is_some() || a.role.is_some() || a.agency_id.is_some();
                if admin_only {
                    ctx.actor.require(&[Role::Admin])?;
                } else if !is_admin && !is_self {
                    return Err(Forbidden::NotSelf.into());
                }
                if let Some(e) = &a.email
                    && !looks_like_email(e)
                {
                    return Err(DomainError::invalid(
                        "email",
                        Rule::NotAnEmail,
                        "not an e-mail address",
                    ));
                }
                if let Some(n) = &a.full_name {
                    limits::required("full_name", n, limits::NAME)?;
                }
                let role = a.role.unwrap_or(cur.role);
                let agency = a.agency_id.unwrap_or(cur.agency_id);
                if needs_agency(role) && agency.is_none() {
                    return Err(DomainError::invalid(
                        "agency_id",
                        Rule::NeedsAgency,
                        "clerks and heads belong to an agency",
                    ));
                }
                let contact = if a.email.is_some() || a.full_name.is_some() {
                    let Some(old) = &a.current_contact else {
                        return Err(DomainError::conflict(
                            Clash::PersonErased,
                            "this user's personal data was erased",
                        ));
                    };
                    let new = UserContact {
                        email: a.email.as_deref().unwrap_or(&old.email).trim().to_owned(),
                        full_name: a
                            .full_name
                            .as_deref()
                            .unwrap_or(&old.full_name)
                            .trim()
                            .to_owned(),
                    };
                    (new != *old).then_some(new)
                } else {
                    None
                };
                let ev = UserAmended {
                    person_id: contact.as_ref().map(|_| cur.person_id),
                    contact: contact.map(Personal::Open),
                    role: a.role,
                    agency_id: a.agency_id,
                    locale: a.locale,
                };
                if ev == UserAmended::default() {
                    return Ok(vec![]);
                }
                Ok(vec![UserEvent::from(ev)])
            }
            UserCommand::Deactivate { reason } => {
                ctx.actor.require(&[Role::Admin])?;
                limits::cap_opt("reason", reason.as_ref(), limits::TEXT)?;
                self.existing()?;
                if !self.active {
                    return Ok(vec![]);
                }
                Ok(vec![UserEvent::from(UserDeactivated {
                    reason: reason.clone(),
                })])
            }
            UserCommand::Reactivate => {
                ctx.actor.require(&[Role::Admin])?;
                self.existing()?;
                if self.active {
                    return Ok(vec![]);
                }
                Ok(vec![UserEvent::from(UserReactivated {})])
            }
            UserCommand::SetPasswordHash { password_hash } => {
                let cur = self.existing()?;
                let allowed = ctx.actor == Actor::System
                    || ctx.actor.role() == Some(Role::Admin)
                    || ctx.actor.user_id() == Some(cur.user_id);
                if !allowed {
                    return Err(Forbidden::NotSelf.into());
                }
                require_text("password_hash", password_hash)?;
                Ok(vec![UserEvent::from(UserPasswordSet {
                    password_hash: password_hash.clone(),
                })])
            }
        }
    }

    fn evolve(&mut self, ev: &UserEvent) {
        match ev {
            UserEvent::UserRegistered(e) => {
                self.current = Some(e.clone());
                self.active = true;
            }
            UserEvent::UserAmended(a) => {
                if let Some(cur) = &mut self.current {
                    if let Some(c) = &a.contact {
                        cur.contact = c.clone();
                    }
                    if let Some(r) = a.role {
                        cur.role = r;
                    }
                    if let Some(ag) = a.agency_id {
                        cur.agency_id = ag;
                    }
                    if let Some(l) = a.locale {
                        cur.locale = l;
                    }
                }
            }
            UserEvent::UserDeactivated(_) => self.active = false,
            UserEvent::UserReactivated(_) => self.active = true,
            UserEvent::UserPasswordSet(p) => self.password_hash = Some(p.password_hash.clone()),
        }
    }
}
