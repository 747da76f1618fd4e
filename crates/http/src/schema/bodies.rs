//! Schemas for the events crate's types that request bodies carry as they are (a category, a
//! nominee, evidence). The events crate stays free of HTTP and documentation concerns, so
//! each type has a mirror here, named as the type (`#[schema(as = ...)]`), whose fields carry
//! the domain's rules from [`super::rules`]. The mirrors are never built.
//!
//! They cannot drift from the types: `tests` checks each mirror's properties against the
//! fields serde reads (heard by the same listening deserializer as the enums' names), and its
//! `required` list against which fields a body may leave out.

#![allow(dead_code)] // the mirrors only describe; nothing builds them

use utoipa::ToSchema;

/// One criterion of a category's rubric. `key`s are distinct within a category.
#[derive(Debug, ToSchema)]
#[schema(as = Criterion)]
pub struct CriterionDoc {
    /// The criterion's key (what a score sheet names).
    #[schema(extensions(("x-rule" = json!("name"))))]
    key: String,
    /// What the panel reads.
    #[schema(extensions(("x-rule" = json!("label"))))]
    label: String,
    /// Its weight in the weighted total.
    #[schema(extensions(("x-rule" = json!("criterion"))))]
    weight: u32,
    /// The highest score.
    #[schema(extensions(("x-rule" = json!("criterion"))))]
    max: u32,
}

/// A fraction: `num` at most `den`.
#[derive(Debug, ToSchema)]
#[schema(as = Ratio)]
pub struct RatioDoc {
    /// Numerator.
    #[schema(extensions(("x-rule" = json!("numerator"))))]
    num: u32,
    /// Denominator.
    #[schema(extensions(("x-rule" = json!("denominator"))))]
    den: u32,
}

/// The share of approvals that passes: a fraction in (0, 1] (`num` from 1 to `den`); with
/// `strict`, more than it (so `num` < `den`).
#[derive(Debug, ToSchema)]
#[schema(as = Threshold)]
pub struct ThresholdDoc {
    /// Numerator, 1 to `den`.
    #[schema(extensions(("x-rule" = json!("threshold_numerator"))))]
    num: u32,
    /// Denominator.
    #[schema(extensions(("x-rule" = json!("denominator"))))]
    den: u32,
    /// "More than" instead of "at least" (default false).
    #[schema(required = false)]
    strict: bool,
}

/// How a category's council votes.
#[derive(Debug, ToSchema)]
#[schema(as = VotingRule)]
pub struct VotingRuleDoc {
    /// The share of approvals that passes.
    threshold: ThresholdDoc,
    /// What the share is of: every member, or the votes cast.
    #[schema(extensions(("x-rule" = json!("voting_denominator"))))]
    denominator: String,
    /// The share of members who must vote for the round to count (`null`: none).
    quorum: Option<RatioDoc>,
    /// Secret ballot (default true).
    #[schema(required = false)]
    secret: bool,
    /// Whether absent members may vote in writing (default false).
    #[schema(required = false)]
    absentee_written: bool,
}

/// An award the nominee must already hold, for some consecutive years.
#[derive(Debug, ToSchema)]
#[schema(as = Prerequisite)]
pub struct PrerequisiteDoc {
    /// The earlier award's title.
    #[schema(extensions(("x-rule" = json!("name"))))]
    award_title: String,
    /// Consecutive years it was held.
    #[schema(extensions(("x-rule" = json!("years"))))]
    consecutive_years: u32,
}

/// A category of a programme: its rubric, voting rule, quotas and prerequisites. The body of
/// `POST /api/v1/programmes/{id}/categories` and (whole) of its `PATCH`.
#[derive(Debug, ToSchema)]
#[schema(as = Category)]
pub struct CategoryDoc {
    /// The category's code, unique in its programme.
    #[schema(extensions(("x-rule" = json!("name"))))]
    code: String,
    /// Its title.
    #[schema(extensions(("x-rule" = json!("name"))))]
    title: String,
    /// Who may be nominated: a person or an organisation.
    #[schema(extensions(("x-rule" = json!("nominee_kind"))))]
    nominee_kind: String,
    /// The award's title.
    #[schema(extensions(("x-rule" = json!("name"))))]
    award_title: String,
    /// The award's level.
    #[schema(extensions(("x-rule" = json!("name"))))]
    award_level: String,
    /// Points per award on the agencies' leaderboard (default 0).
    #[schema(extensions(("x-rule" = json!("points"))), required = false)]
    leaderboard_points: u32,
    /// The rubric: 1 to 50 criteria with distinct keys.
    #[schema(min_items = 1, max_items = 50)]
    criteria: Vec<CriterionDoc>,
    /// How the council votes.
    voting: VotingRuleDoc,
    /// At most this many awards.
    #[schema(extensions(("x-rule" = json!("awards"))))]
    max_awards: u32,
    /// At most this many awards per agency (`null`: no cap).
    #[schema(extensions(("x-rule" = json!("awards_or_null"))), required = false)]
    max_per_agency: Option<u32>,
    /// An award the nominee must already hold.
    prerequisite: Option<PrerequisiteDoc>,
    /// The legal basis.
    #[schema(extensions(("x-rule" = json!("short_or_null"))), required = false)]
    legal_ref: Option<String>,
    /// The date the category takes effect, `YYYY-MM-DD`.
    effective_from: Option<time::Date>,
}

/// Who is nominated. Personal fields are encrypted in the log and never published but for
/// `full_name`, `position` and `organisation`.
#[derive(Debug, ToSchema)]
#[schema(as = Nominee)]
pub struct NomineeDoc {
    /// A person or an organisation: the category's `nominee_kind`.
    #[schema(extensions(("x-rule" = json!("nominee_kind"))))]
    kind: String,
    /// The nominee's full name.
    #[schema(extensions(("x-rule" = json!("name"))))]
    full_name: String,
    /// Their position.
    #[schema(extensions(("x-rule" = json!("short_or_null"))), required = false)]
    position: Option<String>,
    /// Where they work (or the organisation itself).
    #[schema(extensions(("x-rule" = json!("name"))))]
    organisation: String,
    /// Their province.
    #[schema(extensions(("x-rule" = json!("short_or_null"))), required = false)]
    province: Option<String>,
    /// Their e-mail address.
    #[schema(extensions(("x-rule" = json!("email_or_null"))), required = false)]
    email: Option<String>,
    /// Their birth year: from 1900, not after the programme's year.
    #[schema(extensions(("x-rule" = json!("birth_year_or_null"))), required = false)]
    birth_year: Option<i32>,
    /// Their national id number: 12 digits (CCCD) or 9 (CMND).
    #[schema(extensions(("x-rule" = json!("national_id_or_null"))), required = false)]
    national_id: Option<String>,
}

/// Evidence attached to a nomination.
#[derive(Debug, ToSchema)]
#[schema(as = Evidence)]
pub struct EvidenceDoc {
    /// What it is.
    #[schema(extensions(("x-rule" = json!("name"))))]
    title: String,
    /// Where it is: an absolute `http` or `https` URL.
    #[schema(extensions(("x-rule" = json!("web_url"))))]
    url: String,
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use accolade_events::{
        Category, Criterion, Denominator, Evidence, Nominee, NomineeKind, Prerequisite, Ratio,
        Threshold, VotingRule,
    };
    use serde::de::DeserializeOwned;
    use serde_json::Value;
    use utoipa::PartialSchema;

    use super::*;
    use crate::schema::fields;

    /// The mirror `M` of `T`: the same properties as the fields serde reads, and `required`
    /// exactly the fields a body cannot leave out (tried on `full`, a `T` with every field).
    fn mirrors<M: PartialSchema, T: DeserializeOwned + serde::Serialize>(full: &T) {
        let schema = serde_json::to_value(M::schema()).expect("a schema serialises");
        let names = |v: &Value| -> BTreeSet<String> {
            v.as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default()
        };
        let properties = names(&schema["properties"]);
        let read: BTreeSet<String> = fields::<T>().iter().map(|f| (*f).to_owned()).collect();
        assert_eq!(properties, read, "{}", std::any::type_name::<T>());

        let full = serde_json::to_value(full).expect("serialises");
        let needed: BTreeSet<String> = read
            .iter()
            .filter(|f| {
                let mut without = full.clone();
                without.as_object_mut().map(|o| o.remove(f.as_str()));
                serde_json::from_value::<T>(without).is_err()
            })
            .cloned()
            .collect();
        let required: BTreeSet<String> = schema["required"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(required, needed, "{}", std::any::type_name::<T>());
    }

    #[test]
    fn the_mirrors_are_the_events_types() {
        let ratio = Ratio { num: 1, den: 2 };
        let threshold = Threshold {
            num: 2,
            den: 3,
            strict: false,
        };
        let voting = VotingRule {
            threshold,
            denominator: Denominator::AllMembers,
            quorum: Some(ratio),
            secret: true,
            absentee_written: false,
        };
        let criterion = Criterion {
            key: "k".into(),
            label: "l".into(),
            weight: 1,
            max: 10,
        };
        let prerequisite = Prerequisite {
            award_title: "a".into(),
            consecutive_years: 2,
        };
        let category = Category {
            code: "c".into(),
            title: "t".into(),
            nominee_kind: NomineeKind::Individual,
            award_title: "a".into(),
            award_level: "l".into(),
            leaderboard_points: 1,
            criteria: vec![criterion.clone()],
            voting: voting.clone(),
            max_awards: 1,
            max_per_agency: Some(1),
            prerequisite: Some(prerequisite.clone()),
            legal_ref: Some("r".into()),
            effective_from: Some(time::macros::date!(2026 - 01 - 01)),
        };
        let nominee = Nominee {
            kind: NomineeKind::Individual,
            full_name: "n".into(),
            position: Some("p".into()),
            organisation: "o".into(),
            province: Some("p".into()),
            email: Some("a@b.vn".into()),
            birth_year: Some(1980),
            national_id: Some("001080000001".into()),
        };
        let evidence = Evidence {
            title: "t".into(),
            url: "https://most.gov.vn".into(),
        };
        mirrors::<RatioDoc, _>(&ratio);
        mirrors::<ThresholdDoc, _>(&threshold);
        mirrors::<VotingRuleDoc, _>(&voting);
        mirrors::<CriterionDoc, _>(&criterion);
        mirrors::<PrerequisiteDoc, _>(&prerequisite);
        mirrors::<CategoryDoc, _>(&category);
        mirrors::<NomineeDoc, _>(&nominee);
        mirrors::<EvidenceDoc, _>(&evidence);
    }
}
