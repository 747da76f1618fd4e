//! What the setup and edit forms share: messages beside fields, and parsing numbers the way
//! a person types them.

use std::collections::BTreeMap;

use accolade_app::{AppError, ErrorKind};
use accolade_http::error::ApiError;

use crate::ctx::Ctx;

/// Messages by field (`form` for the whole form).
#[derive(Debug, Default)]
pub struct Errors(pub BTreeMap<String, String>);

impl Errors {
    /// The message of `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sets the message of `field` (the first one stays).
    pub fn set(&mut self, field: &str, msg: impl Into<String>) {
        self.0.entry(field.to_owned()).or_insert_with(|| msg.into());
    }

    /// `form.required` on `field` when `value` is blank.
    pub fn required(&mut self, ctx: &Ctx, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.set(field, ctx.t("form.required"));
        }
    }

    /// A whole number in `min..`, required.
    pub fn number(&mut self, ctx: &Ctx, field: &str, value: &str, min: u32) -> u32 {
        match value.trim() {
            "" => {
                self.set(field, ctx.t("form.required"));
                0
            }
            v => self.parse(ctx, field, v, min).unwrap_or(0),
        }
    }

    /// A whole number in `min..`, or `None` when blank.
    pub fn optional(&mut self, ctx: &Ctx, field: &str, value: &str, min: u32) -> Option<u32> {
        match value.trim() {
            "" => None,
            v => self.parse(ctx, field, v, min),
        }
    }

    fn parse(&mut self, ctx: &Ctx, field: &str, v: &str, min: u32) -> Option<u32> {
        match v.parse::<u32>() {
            Ok(n) if n >= min => Some(n),
            Ok(_) if min == 1 => {
                self.set(field, ctx.t("form.at_least_one"));
                None
            }
            _ => {
                self.set(field, ctx.t("form.whole_number"));
                None
            }
        }
    }

    /// The API's 422 on the fields `map` names (API field → form field); anything else on
    /// the form as a whole. `Err` is any other error.
    pub fn from_api(
        &mut self,
        e: ApiError,
        map: impl Fn(&str) -> &'static str,
    ) -> Result<(), ApiError> {
        if e.status != axum::http::StatusCode::UNPROCESSABLE_ENTITY {
            return Err(e);
        }
        if e.errors.is_empty() {
            self.set("form", e.detail);
        }
        for (field, msgs) in &e.errors {
            self.set(map(field), msgs.join("; "));
        }
        Ok(())
    }
}

impl Errors {
    /// An action's refusal on the field it concerns (`map`: the app's field name -> the form
    /// field; anything else on the form as a whole), translated. `Err` is an error that is not
    /// about the input (not found, forbidden, a conflict): the caller shows the error page.
    pub fn from_app(
        &mut self,
        ctx: &Ctx,
        e: AppError,
        map: impl Fn(&str) -> &'static str,
    ) -> Result<(), ApiError> {
        if e.kind() != ErrorKind::Invalid {
            return Err(e.into());
        }
        let msg = crate::errors::message(ctx, &e);
        match e.field() {
            Some(f) => self.set(map(f), msg),
            None => self.set("form", msg),
        }
        Ok(())
    }
}

/// A checkbox's value (`on` when ticked, absent otherwise).
pub fn ticked(v: &str) -> bool {
    matches!(v, "on" | "true" | "1" | "yes")
}
