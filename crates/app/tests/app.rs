//! The app's integration tests: one binary, one module a theme.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

#[path = "app/support.rs"]
mod support;

#[path = "app/concurrency.rs"]
mod concurrency;
#[path = "app/migrate.rs"]
mod migrate;
#[path = "app/migrate_figure.rs"]
mod migrate_figure;
#[path = "app/quota_race.rs"]
mod quota_race;
#[path = "app/round_keys.rs"]
mod round_keys;
#[path = "app/rules.rs"]
mod rules;
#[path = "app/scenario.rs"]
mod scenario;
#[path = "app/schedule.rs"]
mod schedule;
#[path = "app/write_cost.rs"]
mod write_cost;
