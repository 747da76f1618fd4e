//! The domain's error: one variant per family of rule, so the HTTP layer maps each to one
//! status (403, 404, 409, 422) in one place without parsing messages.
//!
//! Every error also has a stable machine code ([`DomainError::code`], listed in [`CODES`]),
//! the field it concerns when there is one ([`DomainError::field`]) and the values a message
//! needs ([`DomainError::params`]), so a front end translates the refusal without re-checking
//! the rule: the code picks the message, the params fill it in. The `Display` text stays
//! English, for logs and the API's `detail`. A field error says which rule it broke with a
//! [`Rule`], a conflict which kind of clash it is with a [`Clash`].
//!
//! A `decide` that fails returns no events: the caller appends nothing.

use accolade_events::{NominationStatus, Phase, Role};
use thiserror::Error;
use uuid::Uuid;

pub use crate::code::{CODES, Clash, Rule};

/// Why an actor may not do something.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Forbidden {
    /// The actor's role may not do this.
    #[error("requires role {required}, actor is {actual}")]
    WrongRole {
        /// The roles that may.
        required: String,
        /// The actor's role (or `public` / `system`).
        actual: String,
    },
    /// The nomination belongs to another agency.
    #[error("the nomination belongs to another agency")]
    OtherAgency,
    /// The actor has no agency, and this needs one.
    #[error("the actor has no agency")]
    NoAgency,
    /// The member is recused from this nomination.
    #[error("the member is recused from this nomination")]
    Recused,
    /// The member is not assigned to this nomination.
    #[error("the member is not assigned to this nomination")]
    NotAssigned,
    /// Only the panel's chair (or the secretariat) may do this.
    #[error("only the panel chair or the secretariat may do this")]
    NotChair,
    /// Only the user themselves (or the secretariat) may do this.
    #[error("only the user or the secretariat may do this")]
    NotSelf,
}

impl Forbidden {
    /// The stable machine code (one of [`CODES`]).
    pub fn code(&self) -> &'static str {
        match self {
            Forbidden::WrongRole { .. } => "wrong_role",
            Forbidden::OtherAgency => "other_agency",
            Forbidden::NoAgency => "no_agency",
            Forbidden::Recused => "recused",
            Forbidden::NotAssigned => "not_assigned",
            Forbidden::NotChair => "not_chair",
            Forbidden::NotSelf => "not_self",
        }
    }
}

/// A command refused by a rule.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    /// The actor may not do this (403; an HTTP layer may answer 404 for `OtherAgency` so as not
    /// to reveal another agency's drafts).
    #[error("forbidden: {0}")]
    Forbidden(#[from] Forbidden),
    /// The thing does not exist (404).
    #[error("{what} {id} not found")]
    NotFound {
        /// What kind of thing.
        what: &'static str,
        /// Its id or code.
        id: String,
    },
    /// The programme is in the wrong phase for this (409).
    #[error("not allowed in phase {current}; allowed in: {allowed}")]
    WrongPhase {
        /// The current phase.
        current: Phase,
        /// The phases in which it is allowed, comma-separated.
        allowed: String,
    },
    /// The nomination is in the wrong state for this (409).
    #[error("nomination {nomination_id} is {status}; {action} needs {needs}")]
    WrongStatus {
        /// The nomination addressed (in the English message; translations quote only `status`
        /// and `needs`).
        nomination_id: Uuid,
        /// Its status.
        status: NominationStatus,
        /// What was attempted.
        action: &'static str,
        /// The statuses it needs, comma-separated.
        needs: String,
    },
    /// The phase cannot be left yet: work in it is unresolved (409).
    #[error("cannot leave {phase}: {reason}")]
    PhaseNotDone {
        /// The current phase.
        phase: Phase,
        /// What is unresolved.
        reason: String,
    },
    /// Conflicts with the current state: already exists, a different second ballot, ... (409).
    #[error("conflict: {message}")]
    Conflict {
        /// Which kind of clash: the code.
        clash: Clash,
        /// The field whose value clashes (`code` for a category code already taken), if the
        /// clash is about one field.
        field: Option<String>,
        /// What clashes, in English, naming the things involved.
        message: String,
    },
    /// A field is invalid (422).
    #[error("invalid {field}: {message}")]
    Invalid {
        /// The field, as the command names it (`criteria[2].key`).
        field: String,
        /// The rule it broke: the code, and the bounds a message quotes.
        rule: Rule,
        /// What is wrong, in English (may name values the rule does not carry).
        message: String,
    },
    /// A quota is full (422).
    #[error("quota exceeded: {0}")]
    QuotaExceeded(String),
    /// An eligibility prerequisite is not met (422).
    #[error("prerequisite not met: {0}")]
    PrerequisiteNotMet(String),
    /// The command was made against a version that is no longer current (412 for
    /// `If-Match`): someone changed it in between. Checked where the append is decided, so
    /// two writers holding the same version cannot both pass.
    #[error("expected version {expected}, the current version is {current}")]
    VersionMismatch {
        /// The version the command was made against.
        expected: u64,
        /// The current version.
        current: u64,
    },
}

impl DomainError {
    /// An `Invalid`: `field` broke `rule`.
    pub fn invalid(field: impl Into<String>, rule: Rule, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            rule,
            message: message.into(),
        }
    }

    /// A `Conflict` that concerns no one field.
    pub fn conflict(clash: Clash, message: impl Into<String>) -> Self {
        Self::Conflict {
            clash,
            field: None,
            message: message.into(),
        }
    }

    /// A `Conflict` over the value of `field`.
    pub fn conflict_on(field: impl Into<String>, clash: Clash, message: impl Into<String>) -> Self {
        Self::Conflict {
            clash,
            field: Some(field.into()),
            message: message.into(),
        }
    }

    /// A `NotFound`.
    pub fn not_found(what: &'static str, id: impl ToString) -> Self {
        Self::NotFound {
            what,
            id: id.to_string(),
        }
    }

    /// A `WrongPhase` allowed only in `allowed`.
    pub fn wrong_phase(current: Phase, allowed: &[Phase]) -> Self {
        Self::WrongPhase {
            current,
            allowed: join(allowed),
        }
    }

    /// A `WrongRole`.
    pub fn wrong_role(required: &[Role], actual: impl ToString) -> Self {
        Self::Forbidden(Forbidden::WrongRole {
            required: join(required),
            actual: actual.to_string(),
        })
    }
}

impl DomainError {
    /// The stable machine code: what a front end keys its translated message by. One of
    /// [`CODES`]; never changes once released.
    pub fn code(&self) -> &'static str {
        match self {
            DomainError::Forbidden(f) => f.code(),
            DomainError::NotFound { .. } => "not_found",
            DomainError::WrongPhase { .. } => "wrong_phase",
            DomainError::WrongStatus { .. } => "wrong_status",
            DomainError::PhaseNotDone { .. } => "phase_not_done",
            DomainError::Conflict { clash, .. } => clash.code(),
            DomainError::Invalid { rule, .. } => rule.code(),
            DomainError::QuotaExceeded(_) => "quota_exceeded",
            DomainError::PrerequisiteNotMet(_) => "prerequisite_not_met",
            DomainError::VersionMismatch { .. } => "version_mismatch",
        }
    }

    /// The field of the command the error concerns, as the command names it, if one.
    pub fn field(&self) -> Option<&str> {
        match self {
            DomainError::Invalid { field, .. } => Some(field),
            DomainError::Conflict { field, .. } => field.as_deref(),
            _ => None,
        }
    }

    /// The values a translated message quotes, by the name its placeholder uses (`{max}`):
    /// a rule's bounds, the phase or status involved. Names are stable like the codes;
    /// values are the API's own spellings (`nominating`, `1000`).
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            DomainError::Forbidden(Forbidden::WrongRole { required, .. }) => {
                vec![("required", required.clone())]
            }
            DomainError::NotFound { what, .. } => vec![("what", (*what).to_owned())],
            DomainError::WrongPhase { current, allowed } => {
                vec![
                    ("current", current.to_string()),
                    ("allowed", allowed.clone()),
                ]
            }
            DomainError::WrongStatus { status, needs, .. } => {
                vec![("status", status.to_string()), ("needs", needs.clone())]
            }
            DomainError::PhaseNotDone { phase, .. } => vec![("phase", phase.to_string())],
            DomainError::Invalid { rule, .. } => rule.params(),
            DomainError::VersionMismatch { expected, current } => vec![
                ("expected", expected.to_string()),
                ("current", current.to_string()),
            ],
            _ => vec![],
        }
    }
}

pub(crate) fn join<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks a string field is not blank.
pub(crate) fn require_text(field: &str, value: &str) -> Result<(), DomainError> {
    if value.trim().is_empty() {
        Err(DomainError::invalid(
            field,
            Rule::Required,
            "must not be empty",
        ))
    } else {
        Ok(())
    }
}
