//! A given / when / then harness for aggregates, used by this crate's tests and available to
//! the app's.
//!
//! ```
//! # use accolade_domain::{testing::given, Agency, AgencyCommand, RegisterAgency, Context, Actor};
//! # use accolade_events::{AgencyKind, Role};
//! # let ctx = Context::new(Actor::user(uuid::Uuid::nil(), Role::Admin, None), time::OffsetDateTime::UNIX_EPOCH);
//! let cmd = AgencyCommand::Register(RegisterAgency {
//!     agency_id: uuid::Uuid::max(), name: "Bộ KH&CN".into(), code: "most".into(),
//!     kind: AgencyKind::Ministry, province: None, parent_id: None, email: None,
//! });
//! let events = given::<Agency>([]).when(&cmd, &ctx).events();
//! assert_eq!(events.len(), 1);
//! given::<Agency>(events).when(&cmd, &ctx).then_error(|e| matches!(e, accolade_domain::DomainError::Conflict { .. }));
//! ```
#![allow(clippy::panic)] // a test harness reports failures by panicking

use std::fmt::Debug;

use crate::aggregate::Aggregate;
use crate::context::Context;
use crate::error::DomainError;

/// An aggregate with a history.
#[derive(Debug)]
pub struct Given<A: Aggregate> {
    state: A,
}

/// Starts a test from these events.
pub fn given<A: Aggregate>(events: impl IntoIterator<Item = A::Event>) -> Given<A> {
    let mut state = A::default();
    for e in events {
        state.evolve(&e);
    }
    Given { state }
}

impl<A: Aggregate> Given<A> {
    /// Starts from a state built some other way.
    pub fn from_state(state: A) -> Self {
        Self { state }
    }

    /// The state so far.
    pub fn state(&self) -> &A {
        &self.state
    }

    /// Decides `cmd`.
    pub fn when(self, cmd: &A::Command, ctx: &Context) -> Then<A> {
        let result = self.state.decide(cmd, ctx);
        Then {
            state: self.state,
            result,
        }
    }
}

/// The result of a decision, to assert on.
#[derive(Debug)]
pub struct Then<A: Aggregate> {
    state: A,
    result: Result<Vec<A::Event>, DomainError>,
}

impl<A: Aggregate> Then<A>
where
    A::Event: Debug + PartialEq,
{
    /// Asserts exactly these events.
    pub fn then(self, expected: &[A::Event]) -> Self {
        match &self.result {
            Ok(events) => assert_eq!(events.as_slice(), expected),
            Err(e) => panic!("expected events, got error: {e}"),
        }
        self
    }

    /// Asserts success and returns the events.
    pub fn events(self) -> Vec<A::Event> {
        match self.result {
            Ok(events) => events,
            Err(e) => panic!("expected events, got error: {e} ({e:?})"),
        }
    }

    /// Asserts an error matching `pred` (which implies no events) and returns it.
    pub fn then_error(self, pred: impl Fn(&DomainError) -> bool) -> DomainError {
        match self.result {
            Ok(events) => panic!("expected an error, got events: {events:?}"),
            Err(e) => {
                assert!(pred(&e), "unexpected error: {e} ({e:?})");
                e
            }
        }
    }

    /// Asserts success and returns the state with the new events applied.
    pub fn state_after(self) -> A {
        let mut state = self.state;
        match self.result {
            Ok(events) => {
                for e in &events {
                    state.evolve(e);
                }
                state
            }
            Err(e) => panic!("expected events, got error: {e} ({e:?})"),
        }
    }
}
