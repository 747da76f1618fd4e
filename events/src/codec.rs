//! The macro that gives each aggregate's event enum its stable names, versions and codec.
//!
//! Each variant wraps a payload struct of the same name. The variant name *is* the stored type
//! name (`stringify!`), so renaming a variant is a breaking change to the log: don't. The
//! version next to each variant is the current schema version of that type; bumping it needs
//! an upcaster from the old version in [`crate::upcast::UPCASTERS`].

/// Declares an event enum with `event_type`, `schema_version`, `to_payload`, `from_stored`.
macro_rules! event_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $version:literal
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum $name {
            $( $(#[$vmeta])* $variant($variant), )*
        }

        impl $name {
            /// Every type name of this enum with its current schema version.
            pub const TYPES: &'static [(&'static str, u32)] = &[ $( (stringify!($variant), $version), )* ];

            /// The stable type name stored with the event.
            pub fn event_type(&self) -> &'static str {
                match self { $( Self::$variant(_) => stringify!($variant), )* }
            }

            /// The schema version this build writes for the event's type.
            pub fn schema_version(&self) -> u32 {
                match self { $( Self::$variant(_) => $version, )* }
            }

            /// The payload as JSON: the variant's fields only (no tag; type and version are
            /// stored beside it).
            pub fn to_payload(&self) -> Result<serde_json::Value, $crate::EventError> {
                match self {
                    $( Self::$variant(p) => serde_json::to_value(p).map_err(|source| {
                        $crate::EventError::Encode { event_type: stringify!($variant), source }
                    }), )*
                }
            }

            /// Whether `event_type` belongs to this enum.
            pub fn knows(event_type: &str) -> bool {
                Self::TYPES.iter().any(|(t, _)| *t == event_type)
            }

            /// Decodes a stored event: upcasts old versions, then deserialises.
            pub fn from_stored(
                event_type: &str,
                schema_version: u32,
                payload: serde_json::Value,
            ) -> Result<Self, $crate::EventError> {
                match event_type {
                    $( stringify!($variant) => {
                        let payload = $crate::upcast::upcast(event_type, schema_version, $version, payload)?;
                        serde_json::from_value::<$variant>(payload)
                            .map(Self::$variant)
                            .map_err(|source| $crate::EventError::Decode { event_type: event_type.to_owned(), source })
                    } )*
                    other => Err($crate::EventError::UnknownType { event_type: other.to_owned() }),
                }
            }
        }

        $(
            impl From<$variant> for $name {
                fn from(e: $variant) -> Self { Self::$variant(e) }
            }
        )*
    };
}

pub(crate) use event_enum;
