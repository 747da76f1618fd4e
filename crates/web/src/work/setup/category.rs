//! `GET|POST /work/programmes/{id}/categories/new`: the secretariat adds a category — its
//! rubric (criteria one a line: `key | label | weight | max`), voting rule, quotas,
//! prerequisite and legal basis.

use accolade_app::ErrorKind;
use accolade_events::{
    Category, Criterion, Denominator, NomineeKind, Phase, Prerequisite, Ratio, Threshold,
    VotingRule,
};
use askama::Template;
use axum::extract::{Path, State};
use serde::Deserialize;
use uuid::Uuid;

use super::{again, ask, in_setup};
use crate::ctx::Ctx;
use crate::render::{PageResult, Posted, csrf_form, error_page, html, see_other};
use crate::work::form::{Errors, ticked};
use crate::work::programme_actions::parse_date;
use accolade_http::state::AppState;

/// The category form. Criteria are one a line: `key | label | weight | max`. An unticked
/// checkbox is not posted, so a missing field is empty (not the new form's defaults).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CategoryForm {
    csrf: String,
    key: String,
    code: String,
    title: String,
    nominee_kind: String,
    award_title: String,
    award_level: String,
    leaderboard_points: String,
    criteria: String,
    threshold_num: String,
    threshold_den: String,
    strict: String,
    denominator: String,
    quorum_num: String,
    quorum_den: String,
    secret: String,
    absentee_written: String,
    max_awards: String,
    max_per_agency: String,
    prereq_title: String,
    prereq_years: String,
    legal_ref: String,
    effective_from: String,
}
csrf_form!(CategoryForm);

impl CategoryForm {
    /// A new form: a simple majority of eligible members, secret ballot, one award.
    fn fresh(key: String) -> Self {
        Self {
            csrf: String::new(),
            key,
            code: String::new(),
            title: String::new(),
            nominee_kind: "individual".into(),
            award_title: String::new(),
            award_level: String::new(),
            leaderboard_points: "0".into(),
            criteria: String::new(),
            threshold_num: "1".into(),
            threshold_den: "2".into(),
            strict: "on".into(),
            denominator: "all_members".into(),
            quorum_num: String::new(),
            quorum_den: String::new(),
            secret: "on".into(),
            absentee_written: String::new(),
            max_awards: "1".into(),
            max_per_agency: String::new(),
            prereq_title: String::new(),
            prereq_years: String::new(),
            legal_ref: String::new(),
            effective_from: String::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "work/category_new.html")]
struct CategoryPage<'a> {
    c: &'a Ctx,
    pid: Uuid,
    programme: String,
    f: CategoryForm,
    errors: Errors,
}

impl CategoryPage<'_> {
    fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

/// The empty category form.
pub async fn category_form(
    ctx: Ctx,
    State(s): State<AppState>,
    Path(pid): Path<Uuid>,
) -> PageResult {
    let p = in_setup(&ctx, &s, pid, Phase::Setup).await?;
    let f = CategoryForm::fresh(s.app.new_id().to_string());
    let tpl = CategoryPage {
        c: &ctx,
        pid,
        programme: p.title.clone(),
        f,
        errors: Errors::default(),
    };
    Ok(html(&ctx, &tpl))
}

/// Criteria from their lines, or the message for the `criteria` field.
fn criteria(ctx: &Ctx, text: &str) -> Result<Vec<Criterion>, String> {
    let mut out = Vec::new();
    for (i, line) in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        let bad = || {
            format!(
                "{} {}: {}",
                ctx.t("category.line"),
                i + 1,
                ctx.t("category.criteria_format")
            )
        };
        let [key, label, weight, max] = parts[..] else {
            return Err(bad());
        };
        let (Ok(weight), Ok(max)) = (weight.parse::<u32>(), max.parse::<u32>()) else {
            return Err(bad());
        };
        if key.is_empty() || label.is_empty() || weight == 0 || max == 0 {
            return Err(bad());
        }
        if out.iter().any(|c: &Criterion| c.key == key) {
            return Err(format!(
                "{} {}: {}",
                ctx.t("category.line"),
                i + 1,
                ctx.t("category.duplicate_key")
            ));
        }
        out.push(Criterion {
            key: key.to_owned(),
            label: label.to_owned(),
            weight,
            max,
        });
    }
    if out.is_empty() {
        return Err(ctx.t("category.criteria_required").to_owned());
    }
    Ok(out)
}

/// The form field an app error names.
fn category_field(api: &str) -> &'static str {
    match api {
        "code" => "code",
        "title" => "title",
        "award_title" => "award_title",
        "award_level" => "award_level",
        "max_awards" => "max_awards",
        "max_per_agency" => "max_per_agency",
        "leaderboard_points" => "leaderboard_points",
        "legal_ref" => "legal_ref",
        "voting.threshold" => "threshold_num",
        "voting.quorum" => "quorum_num",
        "prerequisite.consecutive_years" => "prereq_years",
        a if a.starts_with("prerequisite") => "prereq_title",
        a if a.starts_with("criteria") => "criteria",
        _ => "form",
    }
}

/// Adds the category, or shows the form again with a message beside each field at fault.
pub async fn category_create(
    State(s): State<AppState>,
    Path(pid): Path<Uuid>,
    Posted(ctx, f): Posted<CategoryForm>,
) -> PageResult {
    let p = in_setup(&ctx, &s, pid, Phase::Setup).await?;
    let mut e = Errors::default();
    for field in ["code", "title", "award_title", "award_level"] {
        let v = match field {
            "code" => &f.code,
            "title" => &f.title,
            "award_title" => &f.award_title,
            _ => &f.award_level,
        };
        e.required(&ctx, field, v);
    }
    let kind = match f.nominee_kind.as_str() {
        "collective" => NomineeKind::Collective,
        _ => NomineeKind::Individual,
    };
    let points = e.number(&ctx, "leaderboard_points", &f.leaderboard_points, 0);
    let criteria = criteria(&ctx, &f.criteria).unwrap_or_else(|m| {
        e.set("criteria", m);
        vec![]
    });
    let num = e.number(&ctx, "threshold_num", &f.threshold_num, 1);
    let den = e.number(&ctx, "threshold_den", &f.threshold_den, 1);
    let strict = ticked(&f.strict);
    let denominator = match f.denominator.as_str() {
        "votes_cast" => Denominator::VotesCast,
        _ => Denominator::AllMembers,
    };
    let qn = e.optional(&ctx, "quorum_num", &f.quorum_num, 0);
    let qd = e.optional(&ctx, "quorum_den", &f.quorum_den, 1);
    // A quorum is typed as two numbers: both, or neither.
    let quorum = match (qn, qd) {
        (Some(num), Some(den)) => Some(Ratio { num, den }),
        (None, None) => None,
        (Some(_), None) if f.quorum_den.trim().is_empty() => {
            e.set("quorum_den", ctx.t("category.quorum_both"));
            None
        }
        (None, Some(_)) if f.quorum_num.trim().is_empty() => {
            e.set("quorum_num", ctx.t("category.quorum_both"));
            None
        }
        _ => None,
    };
    let max_awards = e.number(&ctx, "max_awards", &f.max_awards, 1);
    let max_per_agency = e.optional(&ctx, "max_per_agency", &f.max_per_agency, 1);
    let prerequisite = match (f.prereq_title.trim(), f.prereq_years.trim()) {
        ("", "") => None,
        ("", _) => {
            e.set("prereq_title", ctx.t("form.required"));
            None
        }
        (title, years) => {
            let years = e.number(&ctx, "prereq_years", years, 1);
            Some(Prerequisite {
                award_title: title.to_owned(),
                consecutive_years: years,
            })
        }
    };
    let effective_from = match f.effective_from.trim() {
        "" => None,
        d => {
            let d = parse_date(d);
            if d.is_none() {
                e.set("effective_from", ctx.t("form.date"));
            }
            d
        }
    };
    if e.is_empty() {
        let category = Category {
            code: f.code.trim().to_owned(),
            title: f.title.trim().to_owned(),
            nominee_kind: kind,
            award_title: f.award_title.trim().to_owned(),
            award_level: f.award_level.trim().to_owned(),
            leaderboard_points: points,
            criteria,
            voting: VotingRule {
                threshold: Threshold { num, den, strict },
                denominator,
                quorum,
                secret: ticked(&f.secret),
                absentee_written: ticked(&f.absentee_written),
            },
            max_awards,
            max_per_agency,
            prerequisite,
            legal_ref: Some(f.legal_ref.trim().to_owned()).filter(|l| !l.is_empty()),
            effective_from,
        };
        let ask = ask(&ctx, &f.key);
        match s.node.setup().add_category(&ask, pid, category).await {
            Ok(_) => {
                return Ok(see_other(
                    &ctx,
                    &format!("/work/programmes/{pid}?done=category"),
                ));
            }
            // The code is taken, or the programme has left setup meanwhile.
            Err(err) if err.kind() == ErrorKind::Conflict => {
                e.set("code", crate::errors::message(&ctx, &err));
            }
            Err(err) => e
                .from_app(&ctx, err, category_field)
                .map_err(|err| error_page(&ctx, &err))?,
        }
    }
    let tpl = CategoryPage {
        c: &ctx,
        pid,
        programme: p.title.clone(),
        f,
        errors: e,
    };
    again(&ctx, &tpl)
}

#[cfg(test)]
mod tests {
    #[test]
    fn app_fields_map_to_category_fields() {
        assert_eq!(super::category_field("voting.threshold"), "threshold_num");
        assert_eq!(super::category_field("criteria[1].key"), "criteria");
        assert_eq!(
            super::category_field("prerequisite.award_title"),
            "prereq_title"
        );
        assert_eq!(super::category_field("whatever"), "form");
    }
}
