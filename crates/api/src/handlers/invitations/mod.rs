//! Invitations: set the first password of a user created without one.

pub mod accept;
