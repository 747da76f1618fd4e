//! What a command is decided with besides the state: who acts, and when.

use accolade_events::Role;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::{DomainError, Forbidden};

/// Who is acting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A signed-in user.
    User {
        /// The user id.
        user_id: Uuid,
        /// Their role.
        role: Role,
        /// Their agency (a member's affiliation), if any.
        agency_id: Option<Uuid>,
    },
    /// Anyone, not signed in (files objections; the app stores no actor for it).
    Public,
    /// The app itself, e.g. the scheduler moving a phase when its date passes.
    System,
}

impl Actor {
    /// A user actor.
    pub fn user(user_id: Uuid, role: Role, agency_id: Option<Uuid>) -> Self {
        Self::User {
            user_id,
            role,
            agency_id,
        }
    }

    /// The user id, if a user.
    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            Actor::User { user_id, .. } => Some(*user_id),
            _ => None,
        }
    }

    /// The role, if a user.
    pub fn role(&self) -> Option<Role> {
        match self {
            Actor::User { role, .. } => Some(*role),
            _ => None,
        }
    }

    /// The agency, if a user with one.
    pub fn agency_id(&self) -> Option<Uuid> {
        match self {
            Actor::User { agency_id, .. } => *agency_id,
            _ => None,
        }
    }

    fn describe(&self) -> String {
        match self {
            Actor::User { role, .. } => role.to_string(),
            Actor::Public => "public".to_owned(),
            Actor::System => "system".to_owned(),
        }
    }

    /// The user id if the actor is a user with one of `roles`; `Forbidden` otherwise.
    pub fn require(&self, roles: &[Role]) -> Result<Uuid, DomainError> {
        match self {
            Actor::User { user_id, role, .. } if roles.contains(role) => Ok(*user_id),
            _ => Err(DomainError::wrong_role(roles, self.describe())),
        }
    }

    /// Like [`Actor::require`], also returning the actor's agency, which must exist.
    pub fn require_agency(&self, roles: &[Role]) -> Result<(Uuid, Uuid), DomainError> {
        let user = self.require(roles)?;
        let agency = self.agency_id().ok_or(Forbidden::NoAgency)?;
        Ok((user, agency))
    }
}

/// The inputs every decision gets from outside: the actor and the time.
///
/// `decide` never reads a clock or generates ids; the app passes `now` from the clock it is
/// given (in the programme's local offset, +07:00 for Vietnam: "today" for schedules and
/// working days is `now.date()`), and every id that must be fresh either comes in the command
/// or is derived from the command's own data with [`derive_id`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// Who acts.
    pub actor: Actor,
    /// The time of the decision, in the programme's offset (+07:00): its date is "today".
    pub now: OffsetDateTime,
}

impl Context {
    /// The inputs of one decision: `actor` acting at `now`.
    pub fn new(actor: Actor, now: OffsetDateTime) -> Self {
        Self { actor, now }
    }
}

/// A deterministic id from a namespace and a name: [`accolade_events::ids::derive_id`],
/// re-exported because the domain is where it is first needed.
///
/// Used where one fact yields exactly one entity (a nomination yields at most one award), so
/// replays and retries produce the same id without an id source.
pub use accolade_events::ids::derive_id;
