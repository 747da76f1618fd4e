//! The application layer's error, and the kind a front end maps to a status.
//!
//! Shaped for the front ends: the HTTP layer and the CLI branch on [`AppError::kind`] (one
//! match, in one place) and show the message; they never parse text. A domain refusal keeps
//! the domain's own typed error inside, so a test or a handler can still match the exact rule
//! that refused. The store's retryable version conflict never escapes: it is retried here,
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
        /// The field.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// Every attempt met a version conflict: other writers kept changing the stream.
    #[error("stream {stream} kept changing; gave up after {attempts} attempts")]
    Contention {
        /// The stream.
        stream: String,
        /// Attempts made.
        attempts: u32,
    },
    /// The idempotency key was used before for a different command.
    #[error("idempotency key {key:?} was already used for a different command")]
    IdempotencyKeyReused {
        /// The key.
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
        /// The programme.
        programme_id: uuid::Uuid,
        /// The category whose round cannot be counted.
        category_code: String,
        /// The nomination.
        nomination_id: uuid::Uuid,
        /// Participations with no sealed choice.
        missing: usize,
    },
    /// A stored event could not be read back (a newer build wrote it, or it is damaged).
    #[error("stored event at position {position} cannot be decoded: {message}")]
    Decode {
        /// Its position.
        position: u64,
        /// Why.
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
                | DomainError::Conflict(_) => ErrorKind::Conflict,
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
            AppError::Vault(_) => ErrorKind::Unavailable,
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

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError::Store(e)
    }
}
