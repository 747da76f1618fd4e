//! The domain's integration tests: one binary (fast to link on two cores), one module a theme.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns

#[path = "domain/support.rs"]
mod support;

#[path = "domain/cycle.rs"]
mod cycle;
#[path = "domain/directory.rs"]
mod directory;
#[path = "domain/error_codes.rs"]
mod error_codes;
#[path = "domain/forbidden.rs"]
mod forbidden;
#[path = "domain/indexes.rs"]
mod indexes;
#[path = "domain/limits.rs"]
mod limits;
#[path = "domain/properties.rs"]
mod properties;
#[path = "domain/review_vote.rs"]
mod review_vote;
#[path = "domain/rules_table.rs"]
mod rules_table;
#[path = "domain/secret_ballot.rs"]
mod secret_ballot;
#[path = "domain/setup_nomination.rs"]
mod setup_nomination;
#[path = "domain/visibility.rs"]
mod visibility;
#[path = "domain/visibility_rules.rs"]
mod visibility_rules;
