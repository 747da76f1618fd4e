//! The shape every aggregate has, and the names of their streams.

use uuid::Uuid;

use crate::context::Context;
use crate::error::DomainError;

/// An aggregate: a consistency boundary with one stream.
///
/// `decide` holds every rule and returns the events that happen (none when the command changes
/// nothing, e.g. the same ballot cast twice); `evolve` applies one event and holds no rules: it
/// cannot fail, because an event is a fact already recorded. State is rebuilt by folding the
/// stream's events with `evolve` from `Default`.
pub trait Aggregate: Default + Clone + Send + Sync + 'static {
    /// What can be asked of it.
    type Command;
    /// What it records.
    type Event;

    /// Decides what happens when `cmd` is asked in `ctx`. Pure.
    fn decide(&self, cmd: &Self::Command, ctx: &Context) -> Result<Vec<Self::Event>, DomainError>;

    /// Applies one recorded event.
    fn evolve(&mut self, ev: &Self::Event);

    /// Folds events into a fresh state.
    fn replay<'a>(events: impl IntoIterator<Item = &'a Self::Event>) -> Self
    where
        Self::Event: 'a,
    {
        let mut s = Self::default();
        for e in events {
            s.evolve(e);
        }
        s
    }
}

/// Stream names. One aggregate instance, one stream.
///
/// | aggregate | stream | events |
/// |---|---|---|
/// | [`crate::Programme`] | `programme-<uuid>` | `ProgrammeEvent` |
/// | [`crate::Agency`] | `agency-<uuid>` | `AgencyEvent` |
/// | [`crate::User`] | `user-<uuid>` | `UserEvent` |
/// | [`crate::Directory`] | `directory` | `DirectoryEvent` |
/// | [`crate::History`] | `history` | `HistoryEvent` |
pub mod stream {
    use super::Uuid;

    /// The stream of a programme.
    pub fn programme(id: Uuid) -> String {
        format!("programme-{id}")
    }

    /// The stream of an agency.
    pub fn agency(id: Uuid) -> String {
        format!("agency-{id}")
    }

    /// The stream of a user.
    pub fn user(id: Uuid) -> String {
        format!("user-{id}")
    }

    /// The one directory stream (unique e-mails and agency codes).
    pub const DIRECTORY: &str = "directory";

    /// The one award-history stream (imported past awards).
    pub const HISTORY: &str = "history";
}
