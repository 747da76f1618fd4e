//! Public pages: no sign-in, nothing but name, position, work unit, award and decision.

pub mod award;
pub mod choices;
pub mod downloads;
pub mod feed;
pub mod home;
pub mod honours;
pub mod leaderboard;
pub mod notice;
pub mod objection;
