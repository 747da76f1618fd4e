//! The agency aggregate (stream `agency-<uuid>`).
//!
//! Unique codes are the directory's job: the app reserves the code there first.

use accolade_events::{AgencyAmended, AgencyEvent, AgencyKind, AgencyRegistered, Role};
use uuid::Uuid;

use crate::aggregate::Aggregate;
use crate::context::Context;
use crate::error::{Clash, DomainError, Rule};
use crate::limits;
use crate::rules::names::{looks_like_email, normalise_code};

/// An agency's state: `None` until registered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Agency {
    /// The agency as registered, with amendments applied.
    pub current: Option<AgencyRegistered>,
}

/// Register an agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterAgency {
    /// The new id (from the app).
    pub agency_id: Uuid,
    /// Shown in lists and mails; required, at most 200 characters.
    pub name: String,
    /// Code (normalised to upper case).
    pub code: String,
    /// Ministry, province, press agency, university, enterprise or other.
    pub kind: AgencyKind,
    /// The province or city it belongs to, if any; at most 200 characters.
    pub province: Option<String>,
    /// Parent agency.
    pub parent_id: Option<Uuid>,
    /// Contact e-mail.
    pub email: Option<String>,
}

/// Commands of the agency aggregate (admin only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgencyCommand {
    /// Register it.
    Register(RegisterAgency),
    /// Change details; absent fields unchanged.
    Amend(AgencyAmended),
}

fn check_email(email: Option<&String>) -> Result<(), DomainError> {
    match email {
        Some(e) if !looks_like_email(e) => Err(DomainError::invalid(
            "email",
            Rule::NotAnEmail,
            "not an e-mail address",
        )),
        _ => Ok(()),
    }
}

impl Aggregate for Agency {
    type Command = AgencyCommand;
    type Event = AgencyEvent;

    fn decide(&self, cmd: &AgencyCommand, ctx: &Context) -> Result<Vec<AgencyEvent>, DomainError> {
        ctx.actor.require(&[Role::Admin])?;
        match cmd {
            AgencyCommand::Register(c) => {
                if self.current.is_some() {
                    return Err(DomainError::conflict(
                        Clash::AlreadyExists,
                        format!("agency {} already exists", c.agency_id),
                    ));
                }
                limits::required("name", &c.name, limits::NAME)?;
                limits::required("code", &c.code, limits::NAME)?;
                limits::cap_opt("province", c.province.as_ref(), limits::NAME)?;
                check_email(c.email.as_ref())?;
                if c.parent_id == Some(c.agency_id) {
                    return Err(DomainError::invalid(
                        "parent_id",
                        Rule::OwnParent,
                        "an agency cannot be its own parent",
                    ));
                }
                Ok(vec![AgencyEvent::from(AgencyRegistered {
                    agency_id: c.agency_id,
                    name: c.name.trim().to_owned(),
                    code: normalise_code(&c.code),
                    kind: c.kind,
                    province: c.province.clone(),
                    parent_id: c.parent_id,
                    email: c.email.clone(),
                })])
            }
            AgencyCommand::Amend(a) => {
                let cur = self
                    .current
                    .as_ref()
                    .ok_or_else(|| DomainError::not_found("agency", "?"))?;
                if let Some(n) = &a.name {
                    limits::required("name", n, limits::NAME)?;
                }
                limits::cap_opt("province", a.province.as_ref(), limits::NAME)?;
                check_email(a.email.as_ref())?;
                if a.parent_id == Some(cur.agency_id) {
                    return Err(DomainError::invalid(
                        "parent_id",
                        Rule::OwnParent,
                        "an agency cannot be its own parent",
                    ));
                }
                if *a == AgencyAmended::default() {
                    return Ok(vec![]);
                }
                Ok(vec![AgencyEvent::from(a.clone())])
            }
        }
    }

    fn evolve(&mut self, ev: &AgencyEvent) {
        match ev {
            AgencyEvent::AgencyRegistered(e) => self.current = Some(e.clone()),
            AgencyEvent::AgencyAmended(a) => {
                if let Some(cur) = &mut self.current {
                    if let Some(v) = &a.name {
                        cur.name.clone_from(v);
                    }
                    if let Some(v) = a.kind {
                        cur.kind = v;
                    }
                    if a.province.is_some() {
                        cur.province.clone_from(&a.province);
                    }
                    if a.parent_id.is_some() {
                        cur.parent_id = a.parent_id;
                    }
                    if a.email.is_some() {
                        cur.email.clone_from(&a.email);
                    }
                }
            }
        }
    }
}
