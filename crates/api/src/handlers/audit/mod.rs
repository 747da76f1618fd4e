//! Audit and data (admin): the audit trail, the raw log, chain verification, the
//! notification log, erasure.

pub mod erasures;
pub mod events;
pub mod notifications;
pub mod trail;
pub mod verify;
