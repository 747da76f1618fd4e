//! A panel member's work list.

pub mod list;
