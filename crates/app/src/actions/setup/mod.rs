//! Setting up and running a programme, and the directory it draws on: programmes and their
//! phases, rounds and decision ([`programmes`]); categories and panels ([`panels`]);
//! agencies and users ([`directory`]); past awards from before Accolade ([`imports`]).
//!
//! Every write here is the secretariat's except closing a round (also a panel's chair) and
//! the decision (the authority); the reads are scoped as [`crate::authz`] says.

pub mod directory;
pub mod imports;
pub mod panels;
pub mod programmes;

use accolade_store::EventStore;

use crate::Node;

/// The setup actions of a [`Node`].
#[derive(Debug)]
pub struct Setup<'a, S: EventStore> {
    node: &'a Node<S>,
}

impl<S: EventStore> Node<S> {
    /// Programmes, categories, panels, agencies, users and imports of past awards.
    pub fn setup(&self) -> Setup<'_, S> {
        Setup { node: self }
    }
}

/// Something read with the version of its stream (for an `ETag`).
#[derive(Debug, Clone)]
pub struct Versioned<T> {
    /// The thing as its stream says now.
    pub value: T,
    /// Its stream's version.
    pub version: u64,
}
