//! Tests' check that an answer is what `/openapi.json` says it is.
//!
//! A handler's tests serialise realistic answers (optional fields both set and unset) and
//! hold each to the schema its operation documents for 200, read back from the finished
//! document (after every pass over it), with `$ref`s resolved against its components. Each
//! value must match its schema — types, formats, enums, patterns, bounds, `oneOf` branches —
//! and carry its object's required keys and no key the schema does not list (answers' schemas
//! are open, so the document would not say so; the check does). [`Checker::every_property_served`]
//! then asks the converse: that every documented property was served, not `null`, by one of
//! the values, so the schema lists no field the server never writes and every branch of an
//! optional one was tried.
//!
//! A small validator of the keywords utoipa emits rather than a JSON Schema crate: it fails
//! on a keyword it does not know, so a schema it cannot judge is never passed unread.

use std::collections::{BTreeMap, BTreeSet};

use regex::Regex;
use serde::Serialize;
use serde_json::{Map, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use uuid::Uuid;

/// The object schemas the checked values reached: (their properties, the keys served), by
/// the schema's description and property names.
type Seen = BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>;

/// Checks answers against the API's document.
#[derive(Debug)]
pub struct Checker {
    doc: Value,
    seen: Seen,
}

/// The keywords the validator reads; any other (but annotations) fails the check.
const KNOWN: &[&str] = &[
    "$ref",
    "allOf",
    "oneOf",
    "type",
    "enum",
    "format",
    "pattern",
    "minimum",
    "maximum",
    "items",
    "properties",
    "required",
    // Annotations.
    "description",
    "example",
    "examples",
    "title",
];

impl Checker {
    /// A checker over `crate::openapi()`.
    pub fn new() -> Checker {
        Checker {
            doc: serde_json::to_value(crate::openapi()).expect("the document serialises"),
            seen: Seen::new(),
        }
    }

    /// The 200 answer's schema of `operation_id`.
    fn answer_schema(&self, operation_id: &str) -> Value {
        let paths = self.doc["paths"].as_object().expect("paths");
        paths
            .values()
            .filter_map(Value::as_object)
            .flat_map(|item| item.values())
            .find(|op| op["operationId"] == operation_id)
            .map(|op| op["responses"]["200"]["content"]["application/json"]["schema"].clone())
            .filter(|s| !s.is_null())
            .unwrap_or_else(|| panic!("{operation_id} documents no JSON answer for 200"))
    }

    /// Serialises `answer` as the handler does and checks it against `operation_id`'s 200.
    pub fn answer<T: Serialize>(&mut self, operation_id: &str, answer: &T) {
        let value = serde_json::to_value(answer).expect("the answer serialises");
        self.json(operation_id, &value);
    }

    /// Checks an answer's JSON against `operation_id`'s 200.
    pub fn json(&mut self, operation_id: &str, value: &Value) {
        let schema = self.answer_schema(operation_id);
        let mut seen = self.seen.clone();
        if let Err(e) = self.check(&schema, value, "$", &mut seen) {
            panic!("{operation_id}: {e}\nin {value:#}");
        }
        self.seen = seen;
    }

    /// Every property of every object schema the checked answers reached was served at least
    /// once.
    pub fn every_property_served(&self) {
        let unserved: Vec<String> = self
            .seen
            .iter()
            .filter_map(|(at, (props, keys))| {
                let missing: Vec<&String> = props.difference(keys).collect();
                (!missing.is_empty()).then(|| format!("{at}: {missing:?}"))
            })
            .collect();
        assert!(
            unserved.is_empty(),
            "documented but never served:\n{}",
            unserved.join("\n")
        );
    }

    /// `$ref` followed to its component (its siblings are annotations).
    fn resolve<'a>(&'a self, mut schema: &'a Value) -> Result<&'a Value, String> {
        while let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let name = r
                .strip_prefix("#/components/schemas/")
                .ok_or_else(|| format!("unknown reference {r}"))?;
            schema = self
                .doc
                .pointer(&format!("/components/schemas/{name}"))
                .ok_or_else(|| format!("no component {name}"))?;
        }
        Ok(schema)
    }

    fn check(
        &self,
        schema: &Value,
        value: &Value,
        at: &str,
        seen: &mut Seen,
    ) -> Result<(), String> {
        let schema = self.resolve(schema)?;
        let s = schema
            .as_object()
            .ok_or_else(|| format!("{at}: schema is not an object"))?;
        if let Some(k) = s.keys().find(|k| !KNOWN.contains(&k.as_str())) {
            return Err(format!("{at}: the check does not know keyword {k}"));
        }
        if let Some(parts) = s.get("allOf").and_then(Value::as_array) {
            return self.check(&self.merge(parts)?, value, at, seen);
        }
        if let Some(branches) = s.get("oneOf").and_then(Value::as_array) {
            let mut matched = Vec::new();
            let mut errors = Vec::new();
            for b in branches {
                let mut tried = seen.clone();
                match self.check(b, value, at, &mut tried) {
                    Ok(()) => matched.push(tried),
                    Err(e) => errors.push(e),
                }
            }
            return match matched.len() {
                1 => {
                    *seen = matched.remove(0);
                    Ok(())
                }
                0 => Err(format!("{at}: no branch of oneOf matches: {errors:?}")),
                n => Err(format!("{at}: {n} branches of oneOf match")),
            };
        }
        self.check_type(s, value, at)?;
        if let Some(allowed) = s.get("enum").and_then(Value::as_array)
            && !allowed.contains(value)
        {
            return Err(format!("{at}: {value} is not one of {allowed:?}"));
        }
        match value {
            Value::String(text) => check_string(s, text, at),
            Value::Number(n) => {
                let n = n.as_f64().unwrap_or(f64::NAN);
                let below = s
                    .get("minimum")
                    .and_then(Value::as_f64)
                    .is_some_and(|m| n < m);
                let above = s
                    .get("maximum")
                    .and_then(Value::as_f64)
                    .is_some_and(|m| n > m);
                if below || above {
                    return Err(format!("{at}: {n} is out of bounds"));
                }
                Ok(())
            }
            Value::Array(items) => match s.get("items") {
                Some(item) => items
                    .iter()
                    .enumerate()
                    .try_for_each(|(i, v)| self.check(item, v, &format!("{at}[{i}]"), seen)),
                None => Ok(()),
            },
            Value::Object(fields) => self.check_object(s, fields, at, seen),
            Value::Null | Value::Bool(_) => Ok(()),
        }
    }

    fn check_type(&self, s: &Map<String, Value>, value: &Value, at: &str) -> Result<(), String> {
        let types: Vec<&str> = match s.get("type") {
            None => return Ok(()),
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            Some(other) => return Err(format!("{at}: type {other}")),
        };
        let kind = match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        let fits = types.contains(&kind) || (kind == "integer" && types.contains(&"number"));
        if !fits {
            return Err(format!("{at}: {value} is not of type {types:?}"));
        }
        Ok(())
    }

    fn check_object(
        &self,
        s: &Map<String, Value>,
        fields: &Map<String, Value>,
        at: &str,
        seen: &mut Seen,
    ) -> Result<(), String> {
        let Some(props) = s.get("properties").and_then(Value::as_object) else {
            // A free-form object (a map): nothing to hold its keys to.
            return Ok(());
        };
        for r in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let r = r.as_str().unwrap_or_default();
            if !fields.contains_key(r) {
                return Err(format!("{at}: required {r} is missing"));
            }
        }
        for (k, v) in fields {
            let p = props
                .get(k)
                .ok_or_else(|| format!("{at}: {k} is served but not documented"))?;
            self.check(p, v, &format!("{at}.{k}"), seen)?;
        }
        let names: BTreeSet<String> = props.keys().cloned().collect();
        let label = format!(
            "{} {{{}}}",
            s.get("description").and_then(Value::as_str).unwrap_or(at),
            names.iter().cloned().collect::<Vec<_>>().join(", ")
        );
        let entry = seen
            .entry(label)
            .or_insert_with(|| (names, BTreeSet::new()));
        // A property counts as served once it carries a value: a `null` does not reach the
        // schema of what it stands for.
        entry.1.extend(
            fields
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, _)| k.clone()),
        );
        Ok(())
    }

    /// `allOf`'s object parts as one object: their properties and required keys together
    /// (how serde's `flatten` is documented).
    fn merge(&self, parts: &[Value]) -> Result<Value, String> {
        let mut props = Map::new();
        let mut required = Vec::new();
        let mut description = None;
        for part in parts {
            let part = self.resolve(part)?;
            if part.get("type").and_then(Value::as_str) != Some("object") {
                return Err(format!("allOf of a non-object part: {part}"));
            }
            if let Some(p) = part.get("properties").and_then(Value::as_object) {
                props.extend(p.clone());
            }
            if let Some(r) = part.get("required").and_then(Value::as_array) {
                required.extend(r.iter().cloned());
            }
            description = description.or_else(|| part.get("description").cloned());
        }
        let mut merged = serde_json::json!({
            "type": "object",
            "properties": props,
            "required": required,
        });
        if let Some(d) = description {
            merged["description"] = d;
        }
        Ok(merged)
    }
}

fn check_string(s: &Map<String, Value>, text: &str, at: &str) -> Result<(), String> {
    let ok = match s.get("format").and_then(Value::as_str) {
        None => true,
        Some("uuid") => Uuid::parse_str(text).is_ok(),
        Some("date") => {
            time::Date::parse(text, format_description!("[year]-[month]-[day]")).is_ok()
        }
        Some("date-time") => OffsetDateTime::parse(text, &Rfc3339).is_ok(),
        Some(other) => return Err(format!("{at}: the check does not know format {other}")),
    };
    if !ok {
        return Err(format!("{at}: {text:?} is not a {}", s["format"]));
    }
    if let Some(p) = s.get("pattern").and_then(Value::as_str) {
        let re = Regex::new(p).map_err(|e| format!("{at}: pattern {p}: {e}"))?;
        if !re.is_match(text) {
            return Err(format!("{at}: {text:?} does not match {p}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use accolade_app::actions::audit::DeliveryStatus;
    use accolade_app::actions::public::AwardStatus;
    use accolade_events::{Choice, DropReason, NominationStatus, RevocationGround};
    use accolade_http::schema::variants;
    use accolade_projections::Template;
    use serde_json::json;

    use super::*;

    /// The enums the answers derive their schemas for list exactly the names serde reads
    /// (and writes: `rename_all` names both ways), in declaration order.
    #[test]
    fn enum_components_list_serdes_names() {
        let c = Checker::new();
        let listed = |name: &str| -> Vec<String> {
            let values = c.doc["components"]["schemas"][name]["enum"].as_array();
            let values = values.unwrap_or_else(|| panic!("{name} is no enum component"));
            values
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(listed("AwardStatus"), variants::<AwardStatus>());
        assert_eq!(listed("Choice"), variants::<Choice>());
        assert_eq!(listed("DeliveryStatus"), variants::<DeliveryStatus>());
        assert_eq!(listed("DropReason"), variants::<DropReason>());
        assert_eq!(listed("MailTemplate"), variants::<Template>());
        assert_eq!(listed("NominationStatus"), variants::<NominationStatus>());
        assert_eq!(listed("RevocationGround"), variants::<RevocationGround>());
    }

    /// The check catches what it is for: an undocumented key, a missing required one, a
    /// wrong type, a value outside an enum.
    #[test]
    fn the_check_refuses_what_the_schema_does_not_say() {
        let c = Checker::new();
        let schema = json!({"$ref": "#/components/schemas/Verification"});
        let good = json!({"event_id": Uuid::nil(), "position": 3, "hash": "ab".repeat(32)});
        let run = |v: &Value| c.check(&schema, v, "$", &mut Seen::new());
        assert!(run(&good).is_ok());
        let mut extra = good.clone();
        extra["more"] = json!(1);
        assert!(run(&extra).is_err());
        let mut missing = good.clone();
        missing.as_object_mut().map(|o| o.remove("hash"));
        assert!(run(&missing).is_err());
        let mut wrong = good.clone();
        wrong["position"] = json!(-1);
        assert!(run(&wrong).is_err());
        let mut upper = good.clone();
        upper["hash"] = json!("AB".repeat(32));
        assert!(run(&upper).is_err());
        let status = json!({"$ref": "#/components/schemas/AwardStatus"});
        assert!(
            c.check(&status, &json!("revoked"), "$", &mut Seen::new())
                .is_ok()
        );
        assert!(
            c.check(&status, &json!("lost"), "$", &mut Seen::new())
                .is_err()
        );
    }
}
