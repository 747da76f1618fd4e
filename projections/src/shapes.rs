//! Serde shapes that differ between JSON (the API) and the snapshot's binary encoding.
//!
//! The API's enums are adjacently tagged (`{"kind": "user", "id": ...}`), which only
//! self-describing formats can decode; snapshots encode the same enums as plain variant
//! indexes. `text_or_binary!(Type, TextShape, BinaryShape)` implements `Serialize` and
//! `Deserialize` for `Type` by picking the shape from `is_human_readable()`; the shapes are
//! `#[serde(remote = "Type")]` mirrors.

macro_rules! text_or_binary {
    ($ty:ty, $text:ident, $binary:ident) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                if s.is_human_readable() {
                    $text::serialize(self, s)
                } else {
                    $binary::serialize(self, s)
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                if d.is_human_readable() {
                    $text::deserialize(d)
                } else {
                    $binary::deserialize(d)
                }
            }
        }
    };
}

pub(crate) use text_or_binary;
