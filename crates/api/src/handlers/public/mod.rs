//! The public read side (no sign-in): honour list, award pages, leaderboard, notice list.
//! Only what DOMAIN.md allows on a public page: name, position, work unit, province, award,
//! decision.

pub mod award;
pub mod honours;
pub mod leaderboard;
pub mod notice;
