//! The stand-in for the app's key store.

pub use accolade_projections::testing::StandInKeys as Vault;
