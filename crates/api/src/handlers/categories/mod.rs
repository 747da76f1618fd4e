//! Categories of a programme: rubric, voting rule, quotas, prerequisites (setup only).
//!
//! The body is the events crate's `Category` itself (API.md's fields exactly); unknown
//! fields are refused by the JSON extractor like everywhere else.

pub mod create;
pub mod update;
