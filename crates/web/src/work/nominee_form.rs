//! What the nomination forms (new and edit) share: the nominee's and dossier's fields as
//! typed, the form field an app error names, and parsing the fields into the app's input.
//! The fieldset itself is `templates/work/nominee_fields.html`, included by both pages.

use accolade_events::{Evidence, Nominee, NomineeKind};
use serde::Deserialize;

use super::form::Errors;
use crate::ctx::Ctx;

/// The nominee's and dossier's fields as typed (flattened into each page's `Form`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NomineeFields {
    pub full_name: String,
    pub position: String,
    pub organisation: String,
    pub province: String,
    pub email: String,
    pub birth_year: String,
    pub national_id: String,
    pub citation: String,
    pub achievements: String,
    pub evidence_title: String,
    pub evidence_url: String,
}

/// The fields parsed: the app's input pieces.
#[derive(Debug)]
pub struct Parsed {
    pub nominee: Nominee,
    pub citation: String,
    pub achievements: String,
    /// The evidence on the form, if both its title and URL are given.
    pub evidence: Option<Evidence>,
}

impl NomineeFields {
    /// The fields filled with a nomination as it is (the first evidence on the form).
    pub fn filled(
        nominee: &Nominee,
        citation: &str,
        achievements: &str,
        evidence: &[Evidence],
    ) -> Self {
        let first = evidence.first();
        Self {
            full_name: nominee.full_name.clone(),
            position: nominee.position.clone().unwrap_or_default(),
            organisation: nominee.organisation.clone(),
            province: nominee.province.clone().unwrap_or_default(),
            email: nominee.email.clone().unwrap_or_default(),
            birth_year: nominee
                .birth_year
                .map(|y| y.to_string())
                .unwrap_or_default(),
            national_id: nominee.national_id.clone().unwrap_or_default(),
            citation: citation.to_owned(),
            achievements: achievements.to_owned(),
            evidence_title: first.map(|e| e.title.clone()).unwrap_or_default(),
            evidence_url: first.map(|e| e.url.clone()).unwrap_or_default(),
        }
    }

    /// Checks the fields (required ones, the birth year, evidence title and URL both or
    /// neither), setting a message on each at fault. `Some` only when `errors` is then empty
    /// (so a page's own checks made before this one also hold it back).
    pub fn parse(&self, ctx: &Ctx, kind: NomineeKind, errors: &mut Errors) -> Option<Parsed> {
        for (field, value) in [
            ("full_name", &self.full_name),
            ("organisation", &self.organisation),
            ("citation", &self.citation),
            ("achievements", &self.achievements),
        ] {
            errors.required(ctx, field, value);
        }
        let birth_year = match self.birth_year.trim() {
            "" => None,
            y => match y.parse::<i32>() {
                Ok(y) => Some(y),
                Err(_) => {
                    errors.set("birth_year", ctx.t("form.year"));
                    None
                }
            },
        };
        if self.evidence_title.trim().is_empty() != self.evidence_url.trim().is_empty() {
            let field = if self.evidence_url.trim().is_empty() {
                "evidence_url"
            } else {
                "evidence_title"
            };
            errors.set(field, ctx.t("form.required"));
        }
        if !errors.is_empty() {
            return None;
        }
        let opt = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        Some(Parsed {
            nominee: Nominee {
                kind,
                full_name: self.full_name.trim().to_owned(),
                position: opt(&self.position),
                organisation: self.organisation.trim().to_owned(),
                province: opt(&self.province),
                email: opt(&self.email),
                birth_year,
                national_id: opt(&self.national_id),
            },
            citation: self.citation.trim().to_owned(),
            achievements: self.achievements.trim().to_owned(),
            evidence: opt(&self.evidence_url).map(|url| Evidence {
                title: self.evidence_title.trim().to_owned(),
                url,
            }),
        })
    }
}

/// The form field an app error names (`nominee.full_name` -> `full_name`,
/// `evidence[0].url` -> `evidence_url`); `form` for one that is not on these fields.
pub fn form_field(api: &str) -> &'static str {
    match api.trim_start_matches("nominee.") {
        "full_name" => "full_name",
        "position" => "position",
        "organisation" => "organisation",
        "province" => "province",
        "email" => "email",
        "birth_year" => "birth_year",
        "national_id" => "national_id",
        "citation" => "citation",
        "achievements" => "achievements",
        e if e.starts_with("evidence") && e.ends_with(".url") => "evidence_url",
        e if e.starts_with("evidence") => "evidence_title",
        _ => "form",
    }
}

#[cfg(test)]
mod tests {
    use super::form_field;

    #[test]
    fn api_fields_map_to_form_fields() {
        assert_eq!(form_field("nominee.full_name"), "full_name");
        assert_eq!(form_field("nominee.email"), "email");
        assert_eq!(form_field("evidence[0].url"), "evidence_url");
        assert_eq!(form_field("evidence[0].title"), "evidence_title");
        assert_eq!(form_field("citation"), "citation");
        assert_eq!(form_field("person_id"), "form");
    }
}
