//! The stand-in for the app's key store, so the tests fold sealed events as production does.

pub use accolade_projections::testing::StandInKeys as Vault;
