//! Password resets by e-mail (issue 10 item 11): ask for a link, then use it once.

pub mod request;
pub mod use_;
