//! Issue 12's "Must show": personal data sealed at rest, erased everywhere by destroying the
//! key, and one identity per person — each through the server as its users drive it.

mod bytes;
mod support;
mod walk;

mod erasure;
mod erasure_policy;
mod identity;
mod scan;
