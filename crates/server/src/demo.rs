//! The demo programme (filled in below).
