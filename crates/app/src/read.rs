//! The read models' shapes as the front ends see them: the rows, filters and views that
//! actions answer with, and [`Projections`] for the few reads a front end makes itself
//! ([`crate::Node::read`]). The runner, its snapshots and rebuilds stay inside the app, so
//! nothing above it depends on how the read models are kept.

pub use accolade_projections::{
    Actor, AuditItem, ERASED, Projections, QueueFilter, QueueItem, RoundRerunView, TallyItem,
};
