//! People: candidates to link a new nominee to.

pub mod candidates;
