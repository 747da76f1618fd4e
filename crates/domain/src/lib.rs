//! Accolade's domain: aggregates, commands and every rule of the award cycle (DOMAIN.md).
//!
//! Pure: no I/O, no clock, no randomness. Each aggregate implements [`Aggregate`]:
//! `decide(&state, &command, &Context) -> Result<Vec<Event>, DomainError>` holds the rules,
//! `evolve(&mut state, &event)` applies a recorded fact and cannot fail. Time (`Context::now`),
//! the actor, fresh ids, random seeds, award history and member affiliations all come in
//! through the command or the [`Context`].
//!
//! | aggregate | stream ([`stream`]) | commands | events |
//! |---|---|---|---|
//! | [`Programme`] | `programme-<uuid>` | [`ProgrammeCommand`] | `ProgrammeEvent` |
//! | [`Agency`] | `agency-<uuid>` | [`AgencyCommand`] | `AgencyEvent` |
//! | [`User`] | `user-<uuid>` | [`UserCommand`] | `UserEvent` |
//! | [`Directory`] | `directory` | [`DirectoryCommand`] | `DirectoryEvent` |
//! | [`History`] | `history` | [`HistoryCommand`] | `HistoryEvent` |
//!
//! Who may read what — a nomination at all, and each event of its history — is in
//! [`visibility`], the one read rule of the app and the projections.
//!
//! The rule arithmetic is in [`rules`], public so projections compute exactly what the domain
//! does. With the `test-support` feature (tests only, never in a production build), `testing`
//! is the given/when/then harness and `fixtures` the people and rules the tests of this crate,
//! the app and the projections share.
//!
//! ```
//! use accolade_domain::{Actor, Aggregate, Context, Programme, ProgrammeCommand, CreateProgramme};
//! use accolade_events::{Role, Schedule};
//! let ctx = Context::new(Actor::user(uuid::Uuid::from_u128(1), Role::Admin, None),
//!                        time::macros::datetime!(2026-01-05 09:00 +7));
//! let cmd = ProgrammeCommand::Create(CreateProgramme {
//!     programme_id: uuid::Uuid::from_u128(2), title: "S&T Communication Awards 2026".into(),
//!     year: 2026, description: None, notice_working_days: 10,
//!     schedule: Schedule::default(), holidays: vec![],
//! });
//! let events = Programme::default().decide(&cmd, &ctx).unwrap();
//! let state = Programme::replay(&events);
//! assert_eq!(state.title, "S&T Communication Awards 2026");
//! ```
#![deny(missing_docs)]

mod agency;
mod aggregate;
mod code;
mod context;
mod directory;
mod error;
#[cfg(any(test, feature = "test-support"))]
pub mod fixtures;
mod history;
pub mod limits;
mod programme;
pub mod rules;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;
mod user;
pub mod visibility;

pub use agency::{Agency, AgencyCommand, RegisterAgency};
pub use aggregate::{Aggregate, stream};
pub use context::{Actor, Context, derive_id};
pub use directory::{Directory, DirectoryCommand};
pub use error::{CODES, Clash, DomainError, Forbidden, Rule};
pub use history::{History, HistoryCommand};
pub use programme::*;
pub use user::{AmendUser, RegisterUser, User, UserCommand};
pub use visibility::{Audience, Dossier, Viewer};
