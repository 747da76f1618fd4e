//! The pure arithmetic of the rules, public so projections compute tallies, rankings and
//! deadlines exactly as the domain does.

pub mod assignment;
pub mod links;
pub mod names;
pub mod prerequisite;
pub mod quota;
pub mod scoring;
pub mod threshold;
pub mod working_days;
