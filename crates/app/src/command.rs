//! What front ends send ([`Command`], [`Options`]) and what they get back ([`Executed`]).

use accolade_domain::{
    AgencyCommand, DirectoryCommand, HistoryCommand, ProgrammeCommand, UserCommand,
};
use accolade_events::AnyEvent;
use uuid::Uuid;

/// A command for one aggregate, addressed by its id. The domain's own command types, unchanged:
/// where the app supplies an input (award history, panel affiliations, secret-ballot
/// matching, opened choices) it fills it in and ignores what the caller put there.
#[derive(Debug, Clone, PartialEq, Eq)]
// A programme command carries a whole nomination (nominee and its lookups); one command per
// request, moved a few times: boxing it would buy nothing measurable.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// A programme's command (the whole award cycle).
    Programme {
        /// The programme; for `Create`, must equal the id in the command.
        programme_id: Uuid,
        /// What to do, decided against the current state of the `programme-<id>` stream.
        command: ProgrammeCommand,
    },
    /// An agency's command. `Register` reserves the code in the directory first.
    Agency {
        /// The agency; for `Register`, must equal the id in the command.
        agency_id: Uuid,
        /// What to do, decided against the current state of the `agency-<id>` stream.
        command: AgencyCommand,
    },
    /// A user's command. `Register` (and an e-mail change) reserves the address in the
    /// directory first.
    User {
        /// The user; for `Register`, must equal the id in the command.
        user_id: Uuid,
        /// What to do, decided against the current state of the `user-<id>` stream.
        command: UserCommand,
    },
    /// A directory command (normally issued by the app itself, before user/agency commands).
    Directory(DirectoryCommand),
    /// An award-history import.
    History(HistoryCommand),
}

impl Command {
    /// A programme command.
    pub fn programme(programme_id: Uuid, command: ProgrammeCommand) -> Self {
        Command::Programme {
            programme_id,
            command,
        }
    }

    /// An agency command.
    pub fn agency(agency_id: Uuid, command: AgencyCommand) -> Self {
        Command::Agency { agency_id, command }
    }

    /// A user command.
    pub fn user(user_id: Uuid, command: UserCommand) -> Self {
        Command::User { user_id, command }
    }

    /// A directory command.
    pub fn directory(command: DirectoryCommand) -> Self {
        Command::Directory(command)
    }
}

/// How to execute a command, besides who and what.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Makes the command safe to retry: the same key with the same command (from the same
    /// actor) returns the first execution's result without executing again; with a different
    /// command it is [`crate::AppError::IdempotencyKeyReused`]. Kept durably in the log
    /// itself (see `docs/app.md`). At most 200 bytes.
    pub idempotency_key: Option<String>,
    /// Groups the events of one request across streams (e.g. the HTTP request id). Defaults
    /// to the command id.
    pub correlation_id: Option<Uuid>,
    /// The version of the command's stream the caller last read (an HTTP `If-Match`). The
    /// command is refused with [`accolade_domain::DomainError::VersionMismatch`] unless the
    /// stream is still at it when the command is decided in its group (`combine`). `None`:
    /// whatever is current.
    pub expected_version: Option<u64>,
}

impl Options {
    /// Options with an idempotency key.
    pub fn key(key: impl Into<String>) -> Self {
        Self {
            idempotency_key: Some(key.into()),
            ..Self::default()
        }
    }
}

/// The result of an executed command.
#[derive(Debug, Clone, PartialEq)]
pub struct Executed {
    /// The stream the command's events went to.
    pub stream_id: String,
    /// The stream's last version after the command (`None`: the stream is still empty).
    pub version: Option<u64>,
    /// Global positions of the first and last event appended; `None` when the command
    /// changed nothing (e.g. the same ballot cast again).
    pub positions: Option<(u64, u64)>,
    /// The appended events' ids, in order.
    pub event_ids: Vec<Uuid>,
    /// The appended events, in order.
    pub events: Vec<AnyEvent>,
    /// Identifies the command; every event it appended names it as its causation.
    pub command_id: Uuid,
    /// True when this is the result of an earlier execution with the same idempotency key.
    pub replayed: bool,
}

impl Executed {
    /// The global position a reader must have passed to see this command's effects.
    pub fn last_position(&self) -> Option<u64> {
        self.positions.map(|(_, last)| last)
    }
}
