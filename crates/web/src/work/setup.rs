//! The secretariat's setup forms: `GET|POST /work/programmes/new` (a programme),
//! `/work/programmes/{id}/categories/new` (a category: rubric, voting rule, quotas,
//! prerequisite, legal basis) and `/work/programmes/{id}/panels/new` (a panel: members,
//! chair, reviewers per nomination). Each checks what a person can get wrong beside its
//! field, in the user's language, then calls the API's own handler, whose 422 lands on the
//! field it names too.

use accolade_events::{
    Category, Criterion, Denominator, NomineeKind, Phase, Prerequisite, Ratio, Role, Threshold,
    VotingRule,
};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use uuid::Uuid;

use super::form::{Errors, ticked};
use super::programme_actions::parse_date;
use super::{caller, signed_in};
use crate::ctx::Ctx;
use crate::render::{
    OrPage, PageResult, Posted, csrf_form, error_page, html, html_status, see_other,
};
use accolade_api::handlers::panels::NewPanel;
use accolade_api::handlers::programmes::NewProgramme;
use accolade_http::error::ApiError;
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey};
use accolade_http::state::AppState;

fn admin_only(ctx: &Ctx) -> Result<(), Response> {
    signed_in(ctx)?;
    if ctx.is_admin() {
        Ok(())
    } else {
        Err(error_page(
            ctx,
            &ApiError::forbidden(ctx.t("error.role").to_owned()),
        ))
    }
}

/// The form again with its messages (422).
fn again<T: Template>(ctx: &Ctx, tpl: &T) -> PageResult {
    Ok(html_status(ctx, StatusCode::UNPROCESSABLE_ENTITY, tpl))
}

// ---------------------------------------------------------------------------------------
// Programme
// ---------------------------------------------------------------------------------------

/// The programme form.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct ProgrammeForm {
    csrf: String,
    key: String,
    title: String,
    year: String,
    description: String,
    notice_working_days: String,
}
csrf_form!(ProgrammeForm);

impl Default for ProgrammeForm {
    fn default() -> Self {
        Self {
            csrf: String::new(),
            key: String::new(),
            title: String::new(),
            year: String::new(),
            description: String::new(),
            notice_working_days: "10".into(),
        }
    }
}

#[derive(Template)]
#[template(path = "work/programme_new.html")]
struct ProgrammePage<'a> {
    c: &'a Ctx,
    f: ProgrammeForm,
    errors: Errors,
}

/// The empty programme form.
pub async fn programme_form(ctx: Ctx, State(s): State<AppState>) -> PageResult {
    admin_only(&ctx)?;
    let f = ProgrammeForm {
        key: s.app.new_id().to_string(),
        year: s.app.now().year().to_string(),
        ..ProgrammeForm::default()
    };
    let errors = Errors::default();
    Ok(html(&ctx, &ProgrammePage { c: &ctx, f, errors }))
}

/// Creates the programme (in `setup`) and leads to it.
pub async fn programme_create(
    State(s): State<AppState>,
    Posted(ctx, f): Posted<ProgrammeForm>,
) -> PageResult {
    admin_only(&ctx)?;
    let user = signed_in(&ctx)?.clone();
    let mut errors = Errors::default();
    errors.required(&ctx, "title", &f.title);
    let year = match f.year.trim().parse::<i32>() {
        Ok(y) if (1900..=2200).contains(&y) => y,
        _ => {
            errors.set("year", ctx.t("form.year"));
            0
        }
    };
    let days = errors.number(&ctx, "notice_working_days", &f.notice_working_days, 0);
    if errors.is_empty() {
        let body = NewProgramme {
            title: f.title.trim().to_owned(),
            year,
            description: Some(f.description.trim().to_owned()).filter(|d| !d.is_empty()),
            notice_working_days: Some(days),
            schedule: None,
            holidays: None,
        };
        let key = IdempotencyKey(Some(format!("page-form:{}", f.key)));
        let id = s.new_id(&user.actor, &key, "programme");
        let r = accolade_api::handlers::programmes::create::create(
            State(s.clone()),
            caller(&ctx),
            key,
            ApiJson(body),
        )
        .await;
        match r {
            Ok(_) => {
                return Ok(see_other(
                    &ctx,
                    &format!("/work/programmes/{id}?done=created"),
                ));
            }
            Err(e) => errors
                .from_api(e, |field| match field {
                    "year" => "year",
                    "notice_working_days" => "notice_working_days",
                    "description" => "description",
                    _ => "title",
                })
                .map_err(|e| error_page(&ctx, &e))?,
        }
    }
    again(&ctx, &ProgrammePage { c: &ctx, f, errors })
}

// ---------------------------------------------------------------------------------------
// Category
// ---------------------------------------------------------------------------------------

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

async fn in_setup(
    ctx: &Ctx,
    s: &AppState,
    pid: Uuid,
    until: Phase,
) -> Result<accolade_domain::Programme, Response> {
    admin_only(ctx)?;
    let p = s.app.programme(pid).await.or_page(ctx)?;
    if p.phase > until {
        return Err(error_page(
            ctx,
            &ApiError::conflict(ctx.t("setup.too_late").to_owned()),
        ));
    }
    Ok(p)
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

/// The form field an API error names.
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
    if !f.code.trim().is_empty() && p.categories.contains_key(f.code.trim()) {
        e.set("code", ctx.t("category.code_taken"));
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
    if num > den && den > 0 {
        e.set("threshold_num", ctx.t("category.threshold_over"));
    } else if strict && num == den && num > 0 {
        e.set("threshold_num", ctx.t("category.threshold_strict"));
    }
    let denominator = match f.denominator.as_str() {
        "votes_cast" => Denominator::VotesCast,
        _ => Denominator::AllMembers,
    };
    let qn = e.optional(&ctx, "quorum_num", &f.quorum_num, 0);
    let qd = e.optional(&ctx, "quorum_den", &f.quorum_den, 1);
    let quorum = match (qn, qd) {
        (Some(num), Some(den)) if num <= den => Some(Ratio { num, den }),
        (Some(_), Some(_)) => {
            e.set("quorum_num", ctx.t("category.quorum_over"));
            None
        }
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
        let key = IdempotencyKey(Some(format!("page-form:{}", f.key)));
        let r = accolade_api::handlers::categories::create::create(
            State(s.clone()),
            caller(&ctx),
            key,
            ApiPath(pid),
            ApiJson(category),
        )
        .await;
        match r {
            Ok(_) => {
                return Ok(see_other(
                    &ctx,
                    &format!("/work/programmes/{pid}?done=category"),
                ));
            }
            Err(err) if err.status == StatusCode::CONFLICT => e.set("code", err.detail),
            Err(err) => e
                .from_api(err, category_field)
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

// ---------------------------------------------------------------------------------------
// Panel
// ---------------------------------------------------------------------------------------

/// The panel form: one checkbox per category (`category.<code>`) and per member
/// (`member.<user id>`), since a plain form decoder has no repeated fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PanelForm {
    csrf: String,
    key: String,
    name: String,
    chair_id: String,
    reviewers_per_nomination: String,
    #[serde(flatten)]
    ticks: std::collections::BTreeMap<String, String>,
}
csrf_form!(PanelForm);

impl PanelForm {
    fn ticked(&self, prefix: &str) -> Vec<String> {
        self.ticks
            .iter()
            .filter(|(_, v)| ticked(v))
            .filter_map(|(k, _)| k.strip_prefix(prefix))
            .map(str::to_owned)
            .collect()
    }
}

#[derive(Template)]
#[template(path = "work/panel_new.html")]
struct PanelPage<'a> {
    c: &'a Ctx,
    pid: Uuid,
    programme: String,
    codes: Vec<(String, String)>,
    people: Vec<(Uuid, String)>,
    f: PanelForm,
    errors: Errors,
}

impl PanelPage<'_> {
    fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    fn has_code(&self, code: &str) -> bool {
        self.f
            .ticks
            .get(&format!("category.{code}"))
            .is_some_and(|v| ticked(v))
    }

    fn has_member(&self, id: &Uuid) -> bool {
        self.f
            .ticks
            .get(&format!("member.{id}"))
            .is_some_and(|v| ticked(v))
    }
}

/// Active users with the member role, by name.
async fn member_users(s: &AppState) -> Vec<(Uuid, String)> {
    let ids: Vec<Uuid> = s.read(|p| {
        p.catalog()
            .users
            .iter()
            .filter(|(_, u)| u.active && u.role == Role::Member)
            .map(|(id, _)| *id)
            .collect()
    });
    let mut out = Vec::new();
    for id in ids {
        let name = s
            .app
            .user(id)
            .await
            .ok()
            .and_then(|u| u.current.map(|c| c.contact.full_name))
            .unwrap_or_else(|| id.to_string());
        out.push((id, name));
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

async fn panel_page<'a>(
    ctx: &'a Ctx,
    s: &AppState,
    p: &accolade_domain::Programme,
    pid: Uuid,
    f: PanelForm,
    errors: Errors,
) -> PanelPage<'a> {
    PanelPage {
        c: ctx,
        pid,
        programme: p.title.clone(),
        codes: p
            .categories
            .values()
            .map(|k| (k.code.clone(), k.title.clone()))
            .collect(),
        people: member_users(s).await,
        f,
        errors,
    }
}

/// The empty panel form.
pub async fn panel_form(ctx: Ctx, State(s): State<AppState>, Path(pid): Path<Uuid>) -> PageResult {
    let p = in_setup(&ctx, &s, pid, Phase::Screening).await?;
    let f = PanelForm {
        key: s.app.new_id().to_string(),
        ..PanelForm::default()
    };
    let tpl = panel_page(&ctx, &s, &p, pid, f, Errors::default()).await;
    Ok(html(&ctx, &tpl))
}

/// Forms the panel, or shows the form again with a message beside each field at fault.
pub async fn panel_create(
    State(s): State<AppState>,
    Path(pid): Path<Uuid>,
    Posted(ctx, f): Posted<PanelForm>,
) -> PageResult {
    let p = in_setup(&ctx, &s, pid, Phase::Screening).await?;
    let mut e = Errors::default();
    e.required(&ctx, "name", &f.name);
    let codes = f.ticked("category.");
    if codes.is_empty() {
        e.set("category", ctx.t("panel.pick_category"));
    }
    let members: Vec<Uuid> = f
        .ticked("member.")
        .iter()
        .filter_map(|m| m.parse().ok())
        .collect();
    if members.is_empty() {
        e.set("member", ctx.t("panel.pick_member"));
    }
    let chair: Option<Uuid> = f.chair_id.parse().ok();
    match chair {
        None => e.set("chair_id", ctx.t("form.required")),
        Some(c) if !members.contains(&c) => e.set("chair_id", ctx.t("panel.chair_member")),
        Some(_) => {}
    }
    let reviewers = e.optional(
        &ctx,
        "reviewers_per_nomination",
        &f.reviewers_per_nomination,
        1,
    );
    if let Some(r) = reviewers
        && r as usize > members.len()
        && !members.is_empty()
    {
        e.set(
            "reviewers_per_nomination",
            ctx.t("panel.too_many_reviewers"),
        );
    }
    if let (true, Some(chair_id)) = (e.is_empty(), chair) {
        let body = NewPanel {
            name: f.name.trim().to_owned(),
            category_codes: codes,
            member_ids: members,
            chair_id,
            reviewers_per_nomination: reviewers,
        };
        let key = IdempotencyKey(Some(format!("page-form:{}", f.key)));
        let r = accolade_api::handlers::panels::create::create(
            State(s.clone()),
            caller(&ctx),
            key,
            ApiPath(pid),
            ApiJson(body),
        )
        .await;
        match r {
            Ok(_) => {
                return Ok(see_other(
                    &ctx,
                    &format!("/work/programmes/{pid}?done=panel"),
                ));
            }
            Err(err) => e
                .from_api(err, |field| match field {
                    "name" => "name",
                    "chair_id" => "chair_id",
                    "reviewers_per_nomination" => "reviewers_per_nomination",
                    a if a.starts_with("category") => "category",
                    a if a.starts_with("member") => "member",
                    _ => "form",
                })
                .map_err(|err| error_page(&ctx, &err))?,
        }
    }
    let tpl = panel_page(&ctx, &s, &p, pid, f, e).await;
    again(&ctx, &tpl)
}

#[cfg(test)]
mod tests {
    #[test]
    fn api_fields_map_to_category_fields() {
        assert_eq!(super::category_field("voting.threshold"), "threshold_num");
        assert_eq!(super::category_field("criteria[1].key"), "criteria");
        assert_eq!(
            super::category_field("prerequisite.award_title"),
            "prereq_title"
        );
        assert_eq!(super::category_field("whatever"), "form");
    }
}
