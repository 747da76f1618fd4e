//! The app's errors in the reader's language: the one place a page turns an [`AppError`]
//! into words. Pages never re-check a rule to get a message; they show the app's refusal,
//! translated by its stable code (`error_code.<code>` in `i18n/{vi,en}.toml`), its
//! `{placeholders}` filled from the error's parameters, with the field it concerns placed
//! beside that field.

use accolade_app::AppError;

use crate::ctx::Ctx;

/// The message for `e`, in `ctx`'s language (the app's English text if a code has none).
pub fn message(ctx: &Ctx, e: &AppError) -> String {
    let Some(template) = ctx.lang.get(&format!("error_code.{}", e.code())) else {
        return e.to_string();
    };
    let mut text = template.to_owned();
    for (name, value) in e.params() {
        // A phase, status or kind is shown by its translated name.
        let shown = ["phase", "status", "kind"]
            .iter()
            .find_map(|prefix| ctx.lang.get(&format!("{prefix}.{value}")))
            .unwrap_or(&value);
        text = text.replace(&format!("{{{name}}}"), shown);
    }
    text
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;

    /// Issue 11 item 2: every code the domain or the app can answer has a message in both
    /// languages, so no page falls back to re-checking a rule for its words.
    #[test]
    fn every_error_code_has_a_message_in_both_languages() {
        let codes = accolade_domain::CODES
            .iter()
            .chain(accolade_app::ERROR_CODES.iter());
        for code in codes {
            for lang in [Lang::Vi, Lang::En] {
                assert!(
                    lang.get(&format!("error_code.{code}")).is_some(),
                    "error_code.{code} missing in {lang:?}"
                );
            }
        }
    }
}
