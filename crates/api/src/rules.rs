//! Fields that name one of the domain's rules get its keywords, and keep their description.
//!
//! A body's field carries a rule of `accolade_http::schema` (a length cap, a pattern, a range,
//! an enum's names) by naming it: `#[schema(extensions(("x-rule" = json!("text"))))]`. utoipa
//! keeps the field's doc comment as its description, which it would leave out of a
//! `schema_with` field; this pass then puts the rule's schema in place of the field's own
//! (`accolade_http::schema::by_name`), with that description, its example and default. A name
//! no rule has is left in the document, where a test finds it.

use utoipa::openapi::schema::{AdditionalProperties, ArrayItems, Schema};
use utoipa::openapi::{OpenApi, RefOr};

use crate::problems::operations;

/// The extension a field names its rule with.
const RULE: &str = "x-rule";

/// Writes every named rule into the document: components, and schemas inline in request
/// bodies and answers.
pub fn apply(doc: &mut OpenApi) {
    if let Some(components) = doc.components.as_mut() {
        components.schemas.values_mut().for_each(apply_to);
    }
    for item in doc.paths.paths.values_mut() {
        for (_, op) in operations(item) {
            if let Some(RefOr::T(body)) = op.request_body.as_mut() {
                body.content.values_mut().for_each(apply_to_content);
            }
            for answer in op.responses.responses.values_mut() {
                if let RefOr::T(answer) = answer {
                    answer.content.values_mut().for_each(apply_to_content);
                }
            }
        }
    }
}

fn apply_to_content(content: &mut RefOr<utoipa::openapi::Content>) {
    if let RefOr::T(c) = content
        && let Some(schema) = c.schema.as_mut()
    {
        apply_to(schema);
    }
}

fn apply_to(schema: &mut RefOr<Schema>) {
    let RefOr::T(s) = schema else { return };
    if let Some(rule) = named_rule(s) {
        *s = rule;
        return;
    }
    match s {
        Schema::Object(o) => {
            o.properties.values_mut().for_each(apply_to);
            if let Some(extra) = o.additional_properties.as_deref_mut()
                && let AdditionalProperties::RefOr(extra) = extra
            {
                apply_to(extra);
            }
        }
        Schema::Array(a) => {
            if let ArrayItems::RefOrSchema(items) = &mut a.items {
                apply_to(items);
            }
        }
        Schema::OneOf(x) => x.items.iter_mut().for_each(apply_to),
        Schema::AnyOf(x) => x.items.iter_mut().for_each(apply_to),
        Schema::AllOf(x) => x.items.iter_mut().for_each(apply_to),
        _ => {}
    }
}

/// The rule `s` names, with `s`'s description, example and default; `None` (and `s` as it
/// was) if it names none, or one no rule has.
fn named_rule(s: &mut Schema) -> Option<Schema> {
    let Schema::Object(field) = s else {
        return None;
    };
    let extensions = field.extensions.as_mut()?;
    let mut rule = extensions
        .get(RULE)
        .and_then(|name| name.as_str())
        .and_then(accolade_http::schema::by_name)?;
    extensions.remove(RULE);
    if extensions.is_empty() {
        field.extensions = None;
    }
    match &mut rule {
        Schema::Object(o) => {
            o.description = field.description.take();
            o.example = field.example.take();
            o.default = field.default.take();
        }
        Schema::Array(a) => {
            a.description = field.description.take();
            a.example = field.example.take();
            a.default = field.default.take();
        }
        _ => {}
    }
    Some(rule)
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    /// Every `x-rule` a field names is a rule: none is left in the document.
    #[test]
    fn every_named_rule_is_written_into_the_document() {
        let doc = serde_json::to_string(crate::router::openapi()).expect("the document serialises");
        let left: Vec<&str> = doc
            .match_indices(super::RULE)
            .map(|(i, _)| &doc[i..doc.len().min(i + 40)])
            .collect();
        assert!(left.is_empty(), "rules no function has: {left:?}");
    }

    /// A rule's field keeps its doc comment (which `schema_with` would have dropped).
    #[test]
    fn a_ruled_field_keeps_its_description() {
        let doc = serde_json::to_value(crate::router::openapi()).expect("the document serialises");
        let reason = &doc["components"]["schemas"]["Reason"]["properties"]["reason"];
        assert_eq!(reason["maxLength"], Value::from(10_000));
        assert_eq!(reason["pattern"], Value::from(r"\S"));
        assert!(
            reason["description"]
                .as_str()
                .is_some_and(|d| d.contains("reason")),
            "{reason}"
        );
    }
}
