//! The handlers: one resource a folder, one action a file, each a thin adapter that checks
//! who calls (`authz`), parses (`extract`), runs one command through the app or one query
//! against the read models, and answers (`reply`). Routes are listed in `router.rs`.

pub mod agencies;
pub mod assignments;
pub mod audit;
pub mod awards;
pub mod categories;
pub mod imports;
pub mod invitations;
pub mod nominations;
pub mod objections;
pub mod panels;
pub mod password_resets;
pub mod persons;
pub mod programmes;
pub mod public;
pub mod session;
pub mod system;
pub mod users;
