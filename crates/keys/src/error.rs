//! Errors of the key store.
//!
//! One enum, because the caller branches on the *kind* of failure, and most kinds mean "do not
//! start": a missing store, a wrong master key and a damaged journal must each stop the server
//! with a message that names the file and says what to do, because carrying on would make
//! people read as erased (or seal new data under keys nobody can find again). Each message is
//! written for the operator who reads it in a start-up log.

use std::path::PathBuf;

use uuid::Uuid;

/// Where the operator's documentation of the key store lives; named in the messages.
const DOCS: &str = "docs/keys.md";

/// Why an operation on the key store failed.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// Reading or writing a file of the key store failed.
    #[error("key store I/O failed on {path}: {source}")]
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },

    /// [`Create::MustExist`](crate::Create::MustExist) and there is no key store: the event
    /// log is not empty, so the store was lost (or the data directory is the wrong one).
    #[error(
        "the key store {} is missing but the event log is not empty: restore the key store \
         from its backup (see {DOCS} and docs/personal-data.md); starting without it would make \
         every person read as erased",
        dir.display()
    )]
    Missing {
        /// The key store's directory.
        dir: PathBuf,
    },

    /// The master key given does not open this key store: it is another key, or one was given
    /// for a store written without one, or none for a store written with one. Found from the
    /// header's check value when opening, never by failing to open people later.
    #[error("the master key does not match the key store {}: {reason} (see {DOCS})", dir.display())]
    WrongMasterKey {
        /// The key store's directory.
        dir: PathBuf,
        /// Which of the three cases, and what to do about it.
        reason: String,
    },

    /// A record of the journal (or its header) is damaged. Only a torn *last* line, left by a
    /// crash in the middle of an append that was never acknowledged, is dropped silently.
    #[error(
        "the key store file {} is damaged at line {line}: {message}; restore the key store \
         from its backup (see {DOCS}) rather than editing the file",
        file.display()
    )]
    Corrupt {
        /// The damaged file.
        file: PathBuf,
        /// The damaged line, counted from 1 (the header is line 1).
        line: usize,
        /// What is wrong with it.
        message: String,
    },

    /// The person was erased: nothing new may be sealed for them.
    #[error("person {0} was erased: no new key is made for an erased person")]
    Erased(Uuid),

    /// A master key (configuration text or file) could not be read or parsed. Never contains
    /// the key text itself.
    #[error("bad master key: {0}")]
    BadMasterKey(String),

    /// Another process holds the key store open.
    #[error(
        "the key store {} is in use by another process (is `accolade serve` running?)",
        dir.display()
    )]
    Locked {
        /// The key store's directory.
        dir: PathBuf,
    },

    /// An earlier write failed, so the store refuses every later change: after a failed
    /// fsync the kernel may have dropped the data while a retry reports success, so the only
    /// honest course is to stop and let a restart read what is on disk.
    #[error("an earlier write to the key store failed ({0}); it accepts no more changes: restart")]
    Failed(String),

    /// The store was closed.
    #[error("the key store is closed")]
    Closed,
}

impl KeyError {
    /// An I/O error on `path`.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        KeyError::Io {
            path: path.into(),
            source,
        }
    }
}

/// Adds the path to an `io::Result`.
pub(crate) trait IoContext<T> {
    /// Maps an I/O error to [`KeyError::Io`] naming `path`.
    fn at(self, path: &std::path::Path) -> Result<T, KeyError>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn at(self, path: &std::path::Path) -> Result<T, KeyError> {
        self.map_err(|e| KeyError::io(path, e))
    }
}
