//! Errors from encoding and decoding stored events.
//!
//! Shaped for the store boundary: every variant names the event type so that a bad record in
//! a log of millions can be found, and nothing here panics — a record written by a newer build,
//! or a corrupt one, is reported, never crashes a projection.

use thiserror::Error;

/// Why an event could not be encoded to, or decoded from, its stored form.
#[derive(Debug, Error)]
pub enum EventError {
    /// The stored type name is not part of this vocabulary (or not of the enum asked for).
    #[error("unknown event type `{event_type}`")]
    UnknownType {
        /// The type name as stored.
        event_type: String,
    },
    /// The type is known but this schema version is not: either newer than this build, or an
    /// old version with no upcaster.
    #[error("event `{event_type}` has schema version {version}, this build reads up to {current}")]
    UnknownVersion {
        /// The type name as stored.
        event_type: String,
        /// The version as stored.
        version: u32,
        /// The current version of this type in this build.
        current: u32,
    },
    /// An upcaster met JSON that is not the old shape it rewrites.
    #[error("cannot upcast `{event_type}` v{version}: {message}")]
    Upcast {
        /// The type name as stored.
        event_type: String,
        /// The version the upcaster rewrites from.
        version: u32,
        /// What was wrong with the JSON.
        message: String,
    },
    /// The (upcast) JSON does not deserialise into the current payload.
    #[error("cannot decode `{event_type}`: {source}")]
    Decode {
        /// The type name as stored.
        event_type: String,
        /// The serde error.
        #[source]
        source: serde_json::Error,
    },
    /// The payload could not be serialised (e.g. an instant outside RFC 3339's years 0..=9999).
    #[error("cannot encode `{event_type}`: {source}")]
    Encode {
        /// The type name.
        event_type: &'static str,
        /// The serde error.
        #[source]
        source: serde_json::Error,
    },
}
