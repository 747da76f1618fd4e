//! The app's errors in the reader's language: the one place a page turns an [`AppError`]
//! into words. Pages never re-check a rule to get a message; they show the app's refusal,
//! translated by its stable code (`i18n/{vi,en}.toml`, `[error_code]`), with the field it
//! concerns placed beside that field.

use accolade_app::AppError;

use crate::ctx::Ctx;

/// The message for `e`, in `ctx`'s language.
pub fn message(_ctx: &Ctx, e: &AppError) -> String {
    // Until every code has its translation, the app's own (English) text.
    e.to_string()
}

/// The field `e` concerns, as the app names it (`nominee.full_name`), if any.
pub fn field(e: &AppError) -> Option<&str> {
    match e {
        AppError::Invalid { field, .. } => Some(field),
        AppError::Domain(accolade_domain::DomainError::Invalid { field, .. }) => Some(field),
        _ => None,
    }
}
