//! Imports of data from before Accolade.

pub mod awards;
