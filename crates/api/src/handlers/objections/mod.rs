//! Objections during public notice: filed by anyone, resolved by the secretariat
//! (`accolade_app::actions::objections`).
//!
//! The objector's name, phone, address and e-mail go into the log (encrypted per person by
//! the app's personal-data layer once it lands) and the secretariat's objections read model;
//! no answer of this API shows them.

pub mod dismiss;
pub mod file;
pub mod list;
pub mod resolve;
