//! The notifier's errors. None carries an address: they end up in logs and in the log.

/// Why something failed.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    /// A setting is unusable (SMTP URL, From address).
    #[error("mail configuration: {0}")]
    Config(String),
    /// The event store failed.
    #[error(transparent)]
    Store(#[from] accolade_store::StoreError),
    /// A template could not be rendered.
    #[error("template: {0}")]
    Template(#[from] askama::Error),
    /// The message could not be built (bad address or header).
    #[error("message: {0}")]
    Message(String),
    /// A record the mail needs could not be read.
    #[error("record at {position}: {reason}")]
    Record {
        /// Its position.
        position: u64,
        /// What is wrong.
        reason: String,
    },
}

/// Why one send failed, as the worker needs it: may it succeed later?
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    /// True for a refusal that retrying will not change (5xx): the mail, not the server,
    /// is the problem, so the next mails may go on.
    pub permanent: bool,
    /// What happened, addresses redacted.
    pub message: String,
}

impl SendError {
    /// A failure worth retrying (connection, timeout, 4xx).
    pub fn transient(message: impl AsRef<str>) -> Self {
        SendError {
            permanent: false,
            message: crate::redact::addresses(message.as_ref()),
        }
    }

    /// A refusal for good.
    pub fn permanent(message: impl AsRef<str>) -> Self {
        SendError {
            permanent: true,
            message: crate::redact::addresses(message.as_ref()),
        }
    }
}
