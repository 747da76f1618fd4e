//! `POST /api/v1/erasures`: crypto-shredding a person's data.

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::{
    AdditionalProperties, AllOfBuilder, Object, ObjectBuilder, OneOfBuilder, Schema, Type,
};
use utoipa::openapi::{OpenApi, RefOr};
use uuid::Uuid;

use accolade_app::actions::Ask;
use accolade_app::actions::persons;
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiJson;
use accolade_http::reply;
use accolade_http::state::AppState;

/// What to erase: a person, or the nominee of a nomination (exactly one of the two).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Erasure {
    /// The person, by their pseudonymous id (shown to the secretariat on objections, users
    /// and nominations).
    #[serde(default)]
    pub person_id: Option<Uuid>,
    /// Or the nominee of this nomination.
    #[serde(default)]
    pub nomination_id: Option<Uuid>,
    /// Why: the request or ruling it follows (recorded with the erasure). Required.
    #[schema(extensions(("x-rule" = json!("text"))))]
    pub reason: String,
}

impl Erasure {
    /// The fields of which a body names exactly one (the app answers 422 on `person_id`
    /// otherwise).
    const ONE_OF: [&str; 2] = ["person_id", "nomination_id"];

    /// States "exactly one of [`Self::ONE_OF`]" in the document, which the derive cannot:
    /// the component becomes `allOf` of its (closed) object and a `oneOf` of one shape per
    /// field, each requiring that field as a string (so `null` names nothing).
    pub(crate) fn state_exactly_one(doc: &mut OpenApi) {
        let name = <Self as ToSchema>::name();
        let Some(schemas) = doc.components.as_mut().map(|c| &mut c.schemas) else {
            return;
        };
        let Some(RefOr::T(Schema::Object(mut body))) = schemas.get(name.as_ref()).cloned() else {
            return;
        };
        body.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
        let mut one = OneOfBuilder::new();
        for field in Self::ONE_OF {
            let shape = ObjectBuilder::new()
                .property(field, Object::with_type(Type::String))
                .required(field);
            one = one.item(shape);
        }
        let all = AllOfBuilder::new()
            .item(body)
            .item(Schema::OneOf(one.build()))
            .build();
        schemas.insert(name.into_owned(), RefOr::T(Schema::AllOf(all)));
    }
}

/// What the erasure did; the same answer however often it is asked.
#[derive(Debug, Serialize, ToSchema)]
pub struct Erased {
    /// The person erased.
    pub person_id: Uuid,
    /// Whether the name, position and work unit of their conferred awards stay on the honour
    /// list (the server's erasure policy).
    pub public_record_kept: bool,
}

/// Erases a person (admin): records the erasure (without personal data) and destroys the
/// person's key, so every copy of their data, in the log and everywhere else, can no longer
/// be read. Idempotent. Unknown person or nomination: 404; no reason: 422.
#[utoipa::path(post, operation_id = "erasePersonalData", path = "/api/v1/erasures", tag = "audit", request_body = Erasure,
    responses((status = 200, description = "Erased (or erased before)", body = Erased)),
    security(("bearer" = [])))]
pub async fn erase(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<Erasure>,
) -> ApiResult<Response> {
    let erasure = persons::Erasure {
        person_id: b.person_id,
        nomination_id: b.nomination_id,
        reason: b.reason,
    };
    let done = s.node.persons().erase(&Ask::by(caller.0), erasure).await?;
    Ok(reply::ok(Erased {
        person_id: done.person_id,
        public_record_kept: done.public_record_kept,
    }))
}

#[cfg(test)]
mod tests {
    /// The document says what the app answers 422 to: no id, or both.
    #[test]
    fn an_erasure_names_exactly_one_id() {
        let doc = serde_json::to_value(crate::router::openapi()).expect("the document serialises");
        let erasure = &doc["components"]["schemas"]["Erasure"]["allOf"];
        assert_eq!(erasure[0]["additionalProperties"], false, "{erasure}");
        let shapes: Vec<&serde_json::Value> = erasure[1]["oneOf"]
            .as_array()
            .expect("a oneOf")
            .iter()
            .map(|shape| &shape["required"][0])
            .collect();
        assert_eq!(shapes, ["person_id", "nomination_id"]);
    }
}
