//! A JSON Schema checker for exactly the subset utoipa emits in OpenAPI 3.1: `$ref` to
//! `#/components/schemas/...`, `type` (one or a list, `"null"` among them), `properties`,
//! `required`, `additionalProperties`, `propertyNames`, `min/maxProperties`, `items`,
//! `prefixItems`, `min/maxItems`, `uniqueItems`, `enum`, `const`, `oneOf` (exactly one),
//! `anyOf`, `allOf`, `not`, `minimum`/`maximum` (and exclusive), `min/maxLength` (in Unicode
//! scalar values), `pattern` (the `regex` crate's syntax, searched, not anchored) and `format`
//! uuid, date and date-time. `integer` is a number with no fractional part.
//!
//! Any other keyword that is not an annotation is reported as unsupported, even from a branch
//! of `anyOf` that another branch satisfies: the checker never claims more than it checked. A
//! schema library would check more of JSON Schema, but this subset is small, and a checker
//! one can read is one that can be trusted to fail.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use regex::Regex;
use serde_json::Value;

/// One rule a value broke.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// The JSON pointer (RFC 6901) of the failing value; "" is the whole body.
    pub pointer: String,
    /// The rule and what was found instead.
    pub rule: String,
    /// The schema used a keyword this checker cannot check: the answer was not checked, so
    /// this is reported even from a branch of `oneOf`/`anyOf`/`not` that would not count.
    pub unsupported: bool,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {:?}: {}", self.pointer, self.rule)
    }
}

/// Keywords that only describe: they never make a value fail. `format`s other than uuid,
/// date and date-time are annotations too (as JSON Schema 2020-12 has it by default).
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$comment",
    "discriminator",
    "externalDocs",
    "xml",
    "contentMediaType",
    "contentEncoding",
];

/// Deeper than this, a `$ref` cycle that consumes nothing of the value is assumed.
const MAX_DEPTH: usize = 64;

/// Checks values against the schemas of one document (whose `#/components/schemas/...` the
/// `$ref`s name).
#[derive(Debug)]
pub struct Checker {
    doc: Value,
    /// Compiled `pattern`s by source (or why one does not compile): the same few dozen come
    /// back on every answer.
    patterns: Mutex<HashMap<String, Result<Regex, String>>>,
}

impl Checker {
    pub fn new(doc: Value) -> Checker {
        Checker {
            doc,
            patterns: Mutex::default(),
        }
    }

    /// The document the `$ref`s are resolved in.
    pub fn doc(&self) -> &Value {
        &self.doc
    }

    /// Every rule of `schema` that `value` breaks.
    pub fn check(&self, schema: &Value, value: &Value) -> Result<(), Vec<Violation>> {
        let mut errors = Vec::new();
        self.walk(schema, value, "", 0, &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn walk(
        &self,
        schema: &Value,
        value: &Value,
        at: &str,
        depth: usize,
        out: &mut Vec<Violation>,
    ) {
        let fail = |out: &mut Vec<Violation>, rule: String| out.push(violation(at, rule, false));
        if depth > MAX_DEPTH {
            return out.push(violation(
                at,
                format!("schemas nest deeper than {MAX_DEPTH}"),
                true,
            ));
        }
        let schema = match schema {
            Value::Bool(true) => return,
            Value::Bool(false) => return fail(out, "the schema `false` allows nothing".into()),
            Value::Object(s) => s,
            other => return out.push(violation(at, format!("not a schema: {other}"), true)),
        };
        for (keyword, rule) in schema {
            let number = || rule.as_f64();
            let count = || rule.as_u64().map(|n| n as usize);
            match (keyword.as_str(), value) {
                ("$ref", _) => match rule.as_str().and_then(|r| r.strip_prefix('#')) {
                    Some(target) => match self.doc.pointer(target) {
                        Some(s) => self.walk(s, value, at, depth + 1, out),
                        None => fail(out, format!("$ref {rule} names nothing in the document")),
                    },
                    None => out.push(violation(at, format!("$ref {rule} is not local"), true)),
                },
                ("type", _) => {
                    let types: Vec<&str> = match rule {
                        Value::String(t) => vec![t.as_str()],
                        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                        _ => vec![],
                    };
                    match types
                        .iter()
                        .map(|t| has_type(value, t))
                        .collect::<Option<Vec<_>>>()
                    {
                        Some(hits) if hits.contains(&true) => {}
                        Some(_) => fail(out, format!("type {rule}: found {}", kind(value))),
                        None => out.push(violation(at, format!("type {rule} unknown"), true)),
                    }
                }
                ("enum", _) => match rule.as_array() {
                    Some(allowed) if allowed.iter().any(|a| same(a, value)) => {}
                    Some(_) => fail(out, format!("enum {rule}: found {value}")),
                    None => out.push(violation(at, format!("enum {rule} is not a list"), true)),
                },
                ("const", _) if !same(rule, value) => {
                    fail(out, format!("const {rule}: found {value}"))
                }
                ("format", Value::String(s)) => {
                    if let Some(false) = rule.as_str().and_then(|f| format_holds(f, s)) {
                        fail(out, format!("format {rule}: found {value}"));
                    }
                }
                ("minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum", _) => {
                    let (Some(limit), Some(n)) = (number(), value.as_f64()) else {
                        if number().is_none() {
                            out.push(violation(at, format!("{keyword} {rule}"), true));
                        }
                        continue;
                    };
                    let holds = match keyword.as_str() {
                        "minimum" => n >= limit,
                        "maximum" => n <= limit,
                        "exclusiveMinimum" => n > limit,
                        _ => n < limit,
                    };
                    if !holds {
                        fail(out, format!("{keyword} {rule}: found {value}"));
                    }
                }
                ("minLength" | "maxLength", Value::String(s)) => {
                    let (n, limit) = (s.chars().count(), count().unwrap_or(0));
                    if (keyword == "minLength" && n < limit)
                        || (keyword == "maxLength" && n > limit)
                    {
                        fail(out, format!("{keyword} {rule}: found {n} characters"));
                    }
                }
                ("pattern", Value::String(s)) => match self.pattern(rule) {
                    Ok(re) if re.is_match(s) => {}
                    Ok(_) => fail(out, format!("pattern {rule}: found {value}")),
                    Err(e) => out.push(violation(at, format!("pattern {rule}: {e}"), true)),
                },
                ("minItems" | "maxItems", Value::Array(items)) => {
                    let (n, limit) = (items.len(), count().unwrap_or(0));
                    if (keyword == "minItems" && n < limit) || (keyword == "maxItems" && n > limit)
                    {
                        fail(out, format!("{keyword} {rule}: found {n} items"));
                    }
                }
                ("uniqueItems", Value::Array(items)) if rule == &Value::Bool(true) => {
                    for (i, item) in items.iter().enumerate() {
                        if items[..i].iter().any(|earlier| same(earlier, item)) {
                            fail(out, format!("uniqueItems: item {i} repeats an earlier one"));
                        }
                    }
                }
                ("prefixItems", Value::Array(items)) => {
                    for (i, (s, item)) in
                        rule.as_array().into_iter().flatten().zip(items).enumerate()
                    {
                        self.walk(s, item, &child(at, &i.to_string()), depth + 1, out);
                    }
                }
                ("items", Value::Array(items)) => {
                    let skip = schema
                        .get("prefixItems")
                        .and_then(Value::as_array)
                        .map_or(0, Vec::len);
                    for (i, item) in items.iter().enumerate().skip(skip) {
                        self.walk(rule, item, &child(at, &i.to_string()), depth + 1, out);
                    }
                }
                ("properties", Value::Object(fields)) => {
                    for (name, s) in rule.as_object().into_iter().flatten() {
                        if let Some(v) = fields.get(name) {
                            self.walk(s, v, &child(at, name), depth + 1, out);
                        }
                    }
                }
                ("required", Value::Object(fields)) => {
                    for name in rule
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                    {
                        if !fields.contains_key(name) {
                            fail(out, format!("required: `{name}` is missing"));
                        }
                    }
                }
                ("additionalProperties", Value::Object(fields)) => {
                    let declared = schema.get("properties").and_then(Value::as_object);
                    for (name, v) in fields {
                        if !declared.is_some_and(|d| d.contains_key(name)) {
                            if rule == &Value::Bool(false) {
                                let rule = "additionalProperties: false: not a declared property";
                                out.push(violation(&child(at, name), rule.into(), false));
                            } else {
                                self.walk(rule, v, &child(at, name), depth + 1, out);
                            }
                        }
                    }
                }
                ("propertyNames", Value::Object(fields)) => {
                    for name in fields.keys() {
                        let key = Value::String(name.clone());
                        self.walk(rule, &key, &child(at, name), depth + 1, out);
                    }
                }
                ("minProperties" | "maxProperties", Value::Object(fields)) => {
                    let (n, limit) = (fields.len(), count().unwrap_or(0));
                    if (keyword == "minProperties" && n < limit)
                        || (keyword == "maxProperties" && n > limit)
                    {
                        fail(out, format!("{keyword} {rule}: found {n} properties"));
                    }
                }
                ("allOf" | "anyOf" | "oneOf" | "not", _) => {
                    self.combine(keyword, rule, value, at, depth, out);
                }
                // The keywords above that do not apply to this kind of value.
                (
                    "const"
                    | "format"
                    | "minLength"
                    | "maxLength"
                    | "pattern"
                    | "minItems"
                    | "maxItems"
                    | "uniqueItems"
                    | "prefixItems"
                    | "items"
                    | "properties"
                    | "required"
                    | "additionalProperties"
                    | "propertyNames"
                    | "minProperties"
                    | "maxProperties",
                    _,
                ) => {}
                (k, _) if ANNOTATIONS.contains(&k) => {}
                (k, _) => out.push(violation(at, format!("unsupported keyword `{k}`"), true)),
            }
        }
    }

    /// `allOf`, `anyOf`, `oneOf` (exactly one) and `not`.
    fn combine(
        &self,
        keyword: &str,
        rule: &Value,
        value: &Value,
        at: &str,
        depth: usize,
        out: &mut Vec<Violation>,
    ) {
        let branches: Vec<&Value> = match rule {
            Value::Array(bs) if keyword != "not" => bs.iter().collect(),
            Value::Object(_) | Value::Bool(_) if keyword == "not" => vec![rule],
            _ => {
                return out.push(violation(
                    at,
                    format!("{keyword} {rule} is malformed"),
                    true,
                ));
            }
        };
        let results: Vec<Vec<Violation>> = branches
            .iter()
            .map(|b| {
                let mut errors = Vec::new();
                self.walk(b, value, at, depth + 1, &mut errors);
                errors
            })
            .collect();
        out.extend(results.iter().flatten().filter(|v| v.unsupported).cloned());
        let passed: Vec<usize> = (0..results.len())
            .filter(|i| results[*i].is_empty())
            .collect();
        let why = || {
            let each = results.iter().enumerate().map(|(i, errors)| {
                let first: Vec<String> = errors.iter().take(3).map(ToString::to_string).collect();
                format!("#{i}: {}", first.join(", "))
            });
            each.collect::<Vec<_>>().join("; ")
        };
        let rule = match keyword {
            "allOf" if passed.len() < results.len() => {
                out.extend(results.into_iter().flatten().filter(|v| !v.unsupported));
                return;
            }
            "anyOf" if passed.is_empty() => format!("anyOf: matches none ({})", why()),
            "oneOf" if passed.is_empty() => format!("oneOf: matches none ({})", why()),
            "oneOf" if passed.len() > 1 => format!("oneOf: matches {passed:?}, not exactly one"),
            "not" if !passed.is_empty() => format!("not: matches {rule}"),
            _ => return,
        };
        out.push(violation(at, rule, false));
    }

    fn pattern(&self, rule: &Value) -> Result<Regex, String> {
        let Some(source) = rule.as_str() else {
            return Err("not a string".into());
        };
        let mut cache = self.patterns.lock().expect("the pattern cache's lock");
        let compiled = cache
            .entry(source.to_owned())
            .or_insert_with(|| Regex::new(source).map_err(|e| e.to_string()));
        compiled.clone()
    }
}

fn violation(at: &str, rule: String, unsupported: bool) -> Violation {
    Violation {
        pointer: at.to_owned(),
        rule,
        unsupported,
    }
}

/// The pointer to `key` under `at`, escaped as RFC 6901 says.
fn child(at: &str, key: &str) -> String {
    format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// Whether `value` is of JSON Schema type `ty` (None for a type name that is none).
fn has_type(value: &Value, ty: &str) -> Option<bool> {
    Some(match ty {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => match value {
            Value::Number(n) => {
                n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
            }
            _ => false,
        },
        _ => return None,
    })
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// JSON equality, with 1 and 1.0 the same number.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Whether string `s` has format `format`; None for a format only described, not checked.
fn format_holds(format: &str, s: &str) -> Option<bool> {
    use time::format_description::well_known::Rfc3339;
    Some(match format {
        "uuid" => {
            s.len() == 36
                && s.char_indices().all(|(i, c)| match i {
                    8 | 13 | 18 | 23 => c == '-',
                    _ => c.is_ascii_hexdigit(),
                })
        }
        "date" => {
            time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).is_ok()
        }
        "date-time" => time::OffsetDateTime::parse(s, &Rfc3339).is_ok(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A document with one schema of each shape the tests need.
    fn checker() -> Checker {
        Checker::new(json!({"components": {"schemas": {
            "Agency": {"type": "object", "required": ["id", "code"], "additionalProperties": false,
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "code": {"type": "string", "pattern": "^[A-Z]{2,8}$", "maxLength": 8},
                    "kind": {"type": "string", "enum": ["press", "ministry"]},
                    "parent_id": {"type": ["string", "null"], "format": "uuid"},
                    "version": {"type": "integer", "minimum": 0}}},
            "Either": {"oneOf": [{"type": "integer"}, {"type": "number"}]},
        }}}))
    }

    fn errors(schema: Value, value: Value) -> Vec<String> {
        match checker().check(&schema, &value) {
            Ok(()) => vec![],
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    fn agency() -> Value {
        json!({"id": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "code": "VTV", "kind": "press",
               "parent_id": null, "version": 3})
    }

    fn with(field: &str, value: Value) -> Value {
        let mut a = agency();
        a[field] = value;
        a
    }

    const AGENCY: &str = "#/components/schemas/Agency";

    #[test]
    fn a_good_value_passes() {
        assert_eq!(
            errors(json!({"$ref": AGENCY}), agency()),
            Vec::<String>::new()
        );
        let list = json!({"type": "array", "items": {"$ref": AGENCY}, "uniqueItems": true});
        assert_eq!(errors(list, json!([agency()])), Vec::<String>::new());
    }

    #[test]
    fn a_wrong_type_fails_at_its_pointer() {
        let e = errors(json!({"$ref": AGENCY}), with("version", json!("3")));
        assert_eq!(e, [r#"at "/version": type "integer": found string"#]);
        let e = errors(json!({"$ref": AGENCY}), with("version", json!(3.5)));
        assert_eq!(e, [r#"at "/version": type "integer": found number"#]);
        let e = errors(json!({"$ref": AGENCY}), with("parent_id", json!(7)));
        assert_eq!(
            e,
            [r#"at "/parent_id": type ["string","null"]: found number"#]
        );
    }

    #[test]
    fn a_missing_required_property_fails() {
        let mut a = agency();
        a.as_object_mut().unwrap().remove("code");
        assert_eq!(
            errors(json!({"$ref": AGENCY}), a),
            [r#"at "": required: `code` is missing"#]
        );
    }

    #[test]
    fn an_extra_property_fails_under_additional_properties_false() {
        let e = errors(json!({"$ref": AGENCY}), with("secret", json!("x")));
        assert_eq!(
            e,
            [r#"at "/secret": additionalProperties: false: not a declared property"#]
        );
    }

    #[test]
    fn a_pattern_mismatch_fails() {
        let e = errors(json!({"$ref": AGENCY}), with("code", json!("vtv")));
        assert_eq!(e, [r#"at "/code": pattern "^[A-Z]{2,8}$": found "vtv""#]);
    }

    #[test]
    fn an_enum_miss_fails() {
        let e = errors(json!({"$ref": AGENCY}), with("kind", json!("army")));
        assert_eq!(
            e,
            [r#"at "/kind": enum ["press","ministry"]: found "army""#]
        );
    }

    #[test]
    fn a_ref_is_followed_and_a_missing_target_fails() {
        let list = json!({"type": "array", "items": {"$ref": AGENCY}});
        let e = errors(list, json!([agency(), with("id", json!("not-a-uuid"))]));
        assert_eq!(e, [r#"at "/1/id": format "uuid": found "not-a-uuid""#]);
        let e = errors(json!({"$ref": "#/components/schemas/Nobody"}), json!({}));
        assert_eq!(
            e,
            [r##"at "": $ref "#/components/schemas/Nobody" names nothing in the document"##]
        );
    }

    #[test]
    fn one_of_matching_two_fails() {
        let either = json!({"$ref": "#/components/schemas/Either"});
        assert_eq!(errors(either.clone(), json!(2.5)), Vec::<String>::new());
        assert_eq!(
            errors(either, json!(2)),
            [r#"at "": oneOf: matches [0, 1], not exactly one"#]
        );
    }

    #[test]
    fn lengths_count_characters_and_formats_are_checked() {
        let name = json!({"type": "string", "minLength": 2, "maxLength": 3});
        assert_eq!(errors(name.clone(), json!("Đức")), Vec::<String>::new());
        assert_eq!(
            errors(name, json!("Đứ c")),
            [r#"at "": maxLength 3: found 4 characters"#]
        );
        let when = json!({"type": "string", "format": "date-time"});
        assert_eq!(
            errors(when.clone(), json!("2026-12-01T09:44:22Z")),
            Vec::<String>::new()
        );
        assert_eq!(errors(when, json!("2026-12-01")).len(), 1);
        assert_eq!(
            errors(json!({"format": "date"}), json!("2026-02-30")).len(),
            1
        );
    }

    #[test]
    fn an_unknown_keyword_fails_even_inside_any_of() {
        let e = errors(json!({"multipleOf": 2}), json!(4));
        assert_eq!(e, [r#"at "": unsupported keyword `multipleOf`"#]);
        let e = errors(
            json!({"anyOf": [{"type": "integer"}, {"if": {}}]}),
            json!(4),
        );
        assert_eq!(e, [r#"at "": unsupported keyword `if`"#]);
    }
}
