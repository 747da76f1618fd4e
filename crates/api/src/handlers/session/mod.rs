//! Sign-in and sign-out with bearer tokens, and the signed-in user.

pub mod create;
pub mod delete;
pub mod me;
pub mod totp;
