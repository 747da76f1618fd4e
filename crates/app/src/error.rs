//! The application layer's error, and the kind a front end maps to a status.
//!
//! Shaped for the front ends: the HTTP layer and the CLI branch on [`AppError::kind`] (one
//! match, in one place) and show the message; they never parse text. [`AppError::code`] is
//! the stable machine code a front end translates (the domain's own code for a domain
//! refusal, one of [`ERROR_CODES`] otherwise), with [`AppError::field`] and
//! [`AppError::params`]. A domain refusal keeps the domain's own typed error inside, so a test
//! or a handler can still match the exact rule that refused. The store's retryable version conflict never escapes: it is retried here,
//! and only [`AppError::Contention`] reports that the retries ran out.

use accolade_domain::DomainError;
use accolade_store::StoreError;
use thiserror::Error;

use crate::vault::VaultError;

/// What kind of failure an [`AppError`] is, for mapping to a status code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Nobody is signed in, and this needs someone (401).
    Unauthenticated,
    /// The actor may not do this (403; 404 for another agency's nomination if preferred).
    Forbidden,
    /// The thing does not exist, or is not visible to the actor (404).
    NotFound,
    /// The state does not allow it now: wrong phase or status, already exists, an
    /// idempotency key reused, the stream kept changing (409).
    Conflict,
    /// The input breaks a rule: a field, a quota, a prerequisite (422).
    Invalid,
    /// The command was made against a version that is no longer current (412).
    Stale,
    /// The store or ballot box cannot take writes now (503); retrying later may work.
    Unavailable,
    /// A bug or damaged data (500): logged, not shown in detail.
    Internal,
}

/// Why a command or query failed. Nothing was appended unless the variant says otherwise.
#[derive(Debug, Error)]
pub enum AppError {
    /// A rule of the domain refused the command.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// The event store failed (other than a version conflict, which is retried).
    #[error("event store: {0}")]
    Store(#[source] StoreError),
    /// The sealed ballot box failed.
    #[error("ballot box: {0}")]
    Vault(#[from] VaultError),
    /// The key store failed (a person's key could not be made durable): nothing was appended.
    #[error("key store: {0}")]
    Keys(String),
    /// A stream or entity the command needs does not exist.
    #[error("{what} {id} not found")]
    NotFound {
        /// What kind of thing.
        what: &'static str,
        /// Its id.
        id: String,
    },
    /// The input is invalid before any rule is consulted (e.g. a panel member who is not a
    /// registered panel-member user).
    #[error("invalid {field}: {message}")]
    Invalid {
        /// The input's name as the request spells it (`agency_id`, `idempotency_key`, ...); the
        /// HTTP layer files `message` under it in the 422's `errors`.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// Every attempt met a version conflict: other writers kept changing the stream.
    #[error("stream {stream} kept changing; gave up after {attempts} attempts")]
    Contention {
        /// The stream's name, e.g. `programme-<uuid>`.
        stream: String,
        /// Attempts made.
        attempts: u32,
    },
    /// The idempotency key was used before for a different command.
    #[error("idempotency key {key:?} was already used for a different command")]
    IdempotencyKeyReused {
        /// The `Idempotency-Key` as the caller sent it (keys are scoped to the actor).
        key: String,
    },
    /// The sealed ballots of a nomination do not match its recorded participations, so the
    /// round cannot be closed (the ballot box lost a sealed choice).
    #[error(
        "nomination {nomination_id}: {missing} sealed ballot(s) missing; the round cannot be counted. \
         If the ballot box was lost, re-run the round (the members vote again): \
         POST /api/v1/programmes/{programme_id}/rounds/{category_code}/rerun {{\"reason\": ...}}"
    )]
    BallotsMissing {
        /// The programme whose round cannot be closed (the message's re-run URL names it).
        programme_id: uuid::Uuid,
        /// The category whose round cannot be counted.
        category_code: String,
        /// The first nomination found with fewer sealed choices than recorded participants.
        nomination_id: uuid::Uuid,
        /// Participations with no sealed choice.
        missing: usize,
    },
    /// A stored event could not be read back (a newer build wrote it, or it is damaged).
    #[error("stored event at position {position} cannot be decoded: {message}")]
    Decode {
        /// Its position.
        position: u64,
        /// The decoder's error: the payload is not JSON, or not an event this build can read
        /// (unknown type or schema version, wrong shape).
        message: String,
    },
    /// The write is durable, but this node's read models did not include it in time (503):
    /// a read right after may not see it yet.
    #[error("the write is stored, but the read models lag behind: {0}")]
    ReadModelsBehind(String),
    /// The caller is not signed in (or their session cannot be used for this).
    #[error("{0}")]
    Unauthenticated(String),
    /// The caller's role or scope does not allow this.
    #[error("{0}")]
    Forbidden(String),
    /// An event could not be encoded for the store.
    #[error("event cannot be encoded: {0}")]
    Encode(String),
}

impl AppError {
    /// The kind, for a front end's status mapping.
    pub fn kind(&self) -> ErrorKind {
        match self {
            AppError::Domain(d) => match d {
                // `OtherAgency` too: an HTTP layer may choose 404 to hide the draft's existence.
                DomainError::Forbidden(_) => ErrorKind::Forbidden,
                DomainError::NotFound { .. } => ErrorKind::NotFound,
                DomainError::WrongPhase { .. }
                | DomainError::WrongStatus { .. }
                | DomainError::PhaseNotDone { .. }
                | DomainError::Conflict { .. } => ErrorKind::Conflict,
                DomainError::Invalid { .. }
                | DomainError::QuotaExceeded(_)
                | DomainError::PrerequisiteNotMet(_) => ErrorKind::Invalid,
                DomainError::VersionMismatch { .. } => ErrorKind::Stale,
            },
            AppError::Store(s) => match s {
                StoreError::VersionConflict { .. }
                | StoreError::EventIdReused { .. }
                | StoreError::PartialRetry { .. } => ErrorKind::Conflict,
                StoreError::Invalid(_) => ErrorKind::Invalid,
                StoreError::Locked { .. } | StoreError::Poisoned(_) | StoreError::Closed => {
                    ErrorKind::Unavailable
                }
                StoreError::Corrupt { .. } | StoreError::Database(_) | StoreError::Io(_) => {
                    ErrorKind::Internal
                }
            },
            AppError::Vault(_) | AppError::Keys(_) => ErrorKind::Unavailable,
            AppError::NotFound { .. } => ErrorKind::NotFound,
            AppError::Invalid { .. } => ErrorKind::Invalid,
            AppError::Contention { .. } | AppError::IdempotencyKeyReused { .. } => {
                ErrorKind::Conflict
            }
            AppError::BallotsMissing { .. } => ErrorKind::Conflict,
            AppError::Decode { .. } | AppError::Encode(_) => ErrorKind::Internal,
            AppError::ReadModelsBehind(_) => ErrorKind::Unavailable,
            AppError::Unauthenticated(_) => ErrorKind::Unauthenticated,
            AppError::Forbidden(_) => ErrorKind::Forbidden,
        }
    }

    /// The stable machine code: the domain's ([`DomainError::code`]) for a refusal by a
    /// rule, one of this module's [`ERROR_CODES`] for the app's own failures.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Domain(d) => d.code(),
            AppError::Store(s) => match s {
                StoreError::VersionConflict { .. } | StoreError::PartialRetry { .. } => {
                    "contention"
                }
                // The ids a keyed command derives already belong to other events: the key was
                // used for another command (see `idempotency`).
                StoreError::EventIdReused { .. } => "idempotency_key_reused",
                StoreError::Invalid(_) => "store_refused",
                StoreError::Locked { .. } | StoreError::Poisoned(_) | StoreError::Closed => {
                    "unavailable"
                }
                StoreError::Corrupt { .. } | StoreError::Database(_) | StoreError::Io(_) => {
                    "internal"
                }
            },
            AppError::Vault(_) | AppError::Keys(_) => "unavailable",
            // The same thing the domain's `not_found` says, so one message serves both.
            AppError::NotFound { .. } => "not_found",
            AppError::Invalid { .. } => "invalid_input",
            AppError::Contention { .. } => "contention",
            AppError::IdempotencyKeyReused { .. } => "idempotency_key_reused",
            AppError::BallotsMissing { .. } => "ballots_missing",
            AppError::Decode { .. } | AppError::Encode(_) => "internal",
            AppError::ReadModelsBehind(_) => "read_models_behind",
            AppError::Unauthenticated(_) => "unauthenticated",
            AppError::Forbidden(_) => "forbidden",
        }
    }

    /// The field of the input the error concerns, if one.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Domain(d) => d.field(),
            AppError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The values a translated message quotes, by placeholder name (see
    /// [`DomainError::params`]).
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            AppError::Domain(d) => d.params(),
            AppError::NotFound { what, .. } => vec![("what", (*what).to_owned())],
            AppError::BallotsMissing { missing, .. } => vec![("missing", missing.to_string())],
            _ => vec![],
        }
    }

    /// The domain error inside, if a rule refused.
    pub fn domain(&self) -> Option<&DomainError> {
        match self {
            AppError::Domain(d) => Some(d),
            _ => None,
        }
    }

    /// An `Invalid` for `field`.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// A `NotFound`.
    pub fn not_found(what: &'static str, id: impl ToString) -> Self {
        AppError::NotFound {
            what,
            id: id.to_string(),
        }
    }
}

/// The codes of the app's own failures ([`AppError::code`] for anything but a domain
/// refusal), each once; none is one of the domain's [`accolade_domain::CODES`] except
/// `not_found`, which the two share and the domain lists.
pub const ERROR_CODES: &[&str] = &[
    "contention",
    "idempotency_key_reused",
    "store_refused",
    "unavailable",
    "internal",
    "invalid_input",
    "ballots_missing",
    "read_models_behind",
    "unauthenticated",
    "forbidden",
];

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError::Store(e)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use accolade_domain::{Clash, Rule};
    use accolade_store::InvalidBatch;

    use super::*;

    #[test]
    fn own_codes_are_unique_and_apart_from_the_domains() {
        let own: BTreeSet<&str> = ERROR_CODES.iter().copied().collect();
        assert_eq!(own.len(), ERROR_CODES.len());
        let domain: BTreeSet<&str> = accolade_domain::CODES.iter().copied().collect();
        assert!(own.is_disjoint(&domain), "{:?}", own.intersection(&domain));
    }

    #[test]
    fn every_code_is_listed_by_the_app_or_the_domain() {
        let errors = [
            AppError::from(StoreError::Closed),
            AppError::from(StoreError::Invalid(InvalidBatch::Empty)),
            AppError::not_found("user", 1),
            AppError::invalid("idempotency_key", "too long"),
            AppError::Contention {
                stream: "s".into(),
                attempts: 3,
            },
            AppError::IdempotencyKeyReused { key: "k".into() },
            AppError::BallotsMissing {
                programme_id: uuid::Uuid::nil(),
                category_code: "IND".into(),
                nomination_id: uuid::Uuid::nil(),
                missing: 1,
            },
            AppError::Decode {
                position: 1,
                message: "bad".into(),
            },
            AppError::Encode("bad".into()),
            AppError::ReadModelsBehind("slow".into()),
            AppError::Unauthenticated("sign in".into()),
            AppError::Forbidden("no".into()),
        ];
        let mut seen = BTreeSet::new();
        for e in &errors {
            let c = e.code();
            assert!(
                ERROR_CODES.contains(&c) || accolade_domain::CODES.contains(&c),
                "{c}"
            );
            seen.insert(c);
        }
        // Every code of the app's own is one of these errors' (`store_refused`...).
        let own: BTreeSet<&str> = ERROR_CODES.iter().copied().collect();
        assert!(own.is_subset(&seen), "{:?}", own.difference(&seen));
    }

    #[test]
    fn a_domain_refusal_keeps_its_code_field_and_params() {
        let e = AppError::from(DomainError::invalid(
            "title",
            Rule::TooLong { max: 200 },
            "at most 200 characters",
        ));
        assert_eq!(e.code(), "too_long");
        assert_eq!(e.field(), Some("title"));
        assert_eq!(e.params(), vec![("max", "200".to_owned())]);
        let c = AppError::from(DomainError::conflict(Clash::NoOpenVote, "none"));
        assert_eq!((c.code(), c.kind()), ("no_open_vote", ErrorKind::Conflict));
    }
}
