//! Awards: revocation by the authority.

pub mod revoke;
