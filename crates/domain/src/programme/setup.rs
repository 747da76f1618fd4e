//! Setting up a programme: the programme itself, its categories and panels.

use std::collections::BTreeSet;

use accolade_events::{
    Category, CategoryAdded, CategoryAmended, PanelAmended, PanelFormed, Phase, ProgrammeAmended,
    ProgrammeCreated, ProgrammeEvent, Role, Schedule,
};

use super::{CreateProgramme, PanelSpec, Programme};
use crate::context::Context;
use crate::error::{Clash, DomainError, Rule};
use crate::limits;

/// Phases in which panels may still change: assignment happens in `reviewing`.
const PANEL_PHASES: [Phase; 3] = [Phase::Setup, Phase::Nominating, Phase::Screening];

fn check_schedule(s: &Schedule) -> Result<(), DomainError> {
    let dates = [
        s.nominating,
        s.screening,
        s.reviewing,
        s.voting,
        s.public_notice,
    ];
    let set: Vec<_> = dates.iter().flatten().collect();
    if set.windows(2).any(|w| w[0] > w[1]) {
        return Err(DomainError::invalid(
            "schedule",
            Rule::DatesOutOfOrder,
            "phase end dates must not go backwards",
        ));
    }
    Ok(())
}

/// Every rule a category's configuration must satisfy.
pub fn validate_category(c: &Category) -> Result<(), DomainError> {
    limits::required("code", &c.code, limits::NAME)?;
    limits::required("title", &c.title, limits::NAME)?;
    limits::required("award_title", &c.award_title, limits::NAME)?;
    limits::required("award_level", &c.award_level, limits::NAME)?;
    limits::cap_opt("legal_ref", c.legal_ref.as_ref(), limits::NAME)?;
    if c.criteria.is_empty() {
        return Err(DomainError::invalid(
            "criteria",
            Rule::TooFew { min: 1 },
            "at least one criterion",
        ));
    }
    if c.criteria.len() > limits::CRITERIA {
        return Err(DomainError::invalid(
            "criteria",
            Rule::TooMany {
                max: limits::CRITERIA,
            },
            format!("at most {} criteria", limits::CRITERIA),
        ));
    }
    let mut keys = BTreeSet::new();
    for (i, k) in c.criteria.iter().enumerate() {
        limits::required(&format!("criteria[{i}].key"), &k.key, limits::NAME)?;
        limits::cap(&format!("criteria[{i}].label"), &k.label, limits::NAME)?;
        if !keys.insert(k.key.as_str()) {
            return Err(DomainError::invalid(
                format!("criteria[{i}].key"),
                Rule::Duplicate,
                "duplicate key",
            ));
        }
        // Bounded so that no sum of weighted scores can overflow (see `limits`).
        limits::within(
            &format!("criteria[{i}].weight"),
            k.weight,
            1,
            limits::CRITERION,
        )?;
        limits::within(&format!("criteria[{i}].max"), k.max, 1, limits::CRITERION)?;
    }
    let t = c.voting.threshold;
    limits::within("voting.threshold", t.den, 1, limits::RATIO)?;
    if t.den == 0 || t.num == 0 || t.num > t.den {
        return Err(DomainError::invalid(
            "voting.threshold",
            Rule::ThresholdRange,
            "must be a fraction in (0, 1]",
        ));
    }
    if t.strict && t.num == t.den {
        return Err(DomainError::invalid(
            "voting.threshold",
            Rule::ThresholdUnreachable,
            "more than 100% can never pass",
        ));
    }
    if let Some(q) = c.voting.quorum
        && (q.den == 0 || q.num > q.den || q.den > limits::RATIO)
    {
        return Err(DomainError::invalid(
            "voting.quorum",
            Rule::QuorumRange {
                max_den: limits::RATIO,
            },
            format!(
                "must be a fraction in [0, 1] with a denominator of at most {}",
                limits::RATIO
            ),
        ));
    }
    limits::within("max_awards", c.max_awards, 1, limits::AWARDS)?;
    if let Some(m) = c.max_per_agency {
        limits::within("max_per_agency", m, 1, limits::AWARDS)?;
    }
    limits::within(
        "leaderboard_points",
        c.leaderboard_points,
        0,
        limits::POINTS,
    )?;
    if let Some(p) = &c.prerequisite {
        limits::required("prerequisite.award_title", &p.award_title, limits::NAME)?;
        limits::within(
            "prerequisite.consecutive_years",
            p.consecutive_years,
            1,
            limits::YEARS,
        )?;
    }
    Ok(())
}

impl Programme {
    pub(super) fn create(
        &self,
        c: &CreateProgramme,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        ctx.actor.require(&[Role::Admin])?;
        if self.id.is_some() {
            return Err(DomainError::conflict(
                Clash::AlreadyExists,
                format!("programme {} already exists", c.programme_id),
            ));
        }
        limits::required("title", &c.title, limits::NAME)?;
        limits::cap_opt("description", c.description.as_ref(), limits::TEXT)?;
        limits::notice_days(c.notice_working_days)?;
        if !(2000..=9999).contains(&c.year) {
            return Err(DomainError::invalid(
                "year",
                Rule::OutOfRange {
                    min: 2000,
                    max: 9999,
                },
                "out of range",
            ));
        }
        check_schedule(&c.schedule)?;
        let mut holidays = c.holidays.clone();
        holidays.sort_unstable();
        holidays.dedup();
        Ok(vec![ProgrammeEvent::from(ProgrammeCreated {
            programme_id: c.programme_id,
            title: c.title.trim().to_owned(),
            year: c.year,
            description: c.description.clone(),
            notice_working_days: c.notice_working_days,
            schedule: c.schedule.clone(),
            holidays,
        })])
    }

    pub(super) fn amend(
        &self,
        a: &ProgrammeAmended,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        ctx.actor.require(&[Role::Admin])?;
        self.in_phase(&[
            Phase::Setup,
            Phase::Nominating,
            Phase::Screening,
            Phase::Reviewing,
            Phase::Voting,
            Phase::PublicNotice,
            Phase::Deciding,
        ])?;
        if let Some(t) = &a.title {
            limits::required("title", t, limits::NAME)?;
        }
        limits::cap_opt("description", a.description.as_ref(), limits::TEXT)?;
        if let Some(days) = a.notice_working_days {
            limits::notice_days(days)?;
        }
        if a.notice_working_days.is_some() && self.phase >= Phase::PublicNotice {
            // The period already running was published with its length.
            return Err(DomainError::wrong_phase(
                self.phase,
                &[
                    Phase::Setup,
                    Phase::Nominating,
                    Phase::Screening,
                    Phase::Reviewing,
                    Phase::Voting,
                ],
            ));
        }
        if let Some(s) = &a.schedule {
            check_schedule(s)?;
        }
        if *a == ProgrammeAmended::default() {
            return Ok(vec![]);
        }
        Ok(vec![ProgrammeEvent::from(a.clone())])
    }

    pub(super) fn add_category(
        &self,
        c: &Category,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        ctx.actor.require(&[Role::Admin])?;
        self.in_phase(&[Phase::Setup])?;
        validate_category(c)?;
        if self.categories.contains_key(&c.code) {
            return Err(DomainError::conflict_on(
                "code",
                Clash::AlreadyExists,
                format!("category {} already exists", c.code),
            ));
        }
        Ok(vec![ProgrammeEvent::from(CategoryAdded {
            category: c.clone(),
        })])
    }

    pub(super) fn amend_category(
        &self,
        c: &Category,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        ctx.actor.require(&[Role::Admin])?;
        self.in_phase(&[Phase::Setup])?;
        let old = self.category(&c.code)?;
        validate_category(c)?;
        if old == c {
            return Ok(vec![]);
        }
        Ok(vec![ProgrammeEvent::from(CategoryAmended {
            category: c.clone(),
        })])
    }

    pub(super) fn form_panel(
        &self,
        p: &PanelSpec,
        ctx: &Context,
        amend: bool,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        ctx.actor.require(&[Role::Admin])?;
        self.in_phase(&PANEL_PHASES)?;
        match (amend, self.panels.contains_key(&p.panel_id)) {
            (false, true) => {
                return Err(DomainError::conflict(
                    Clash::AlreadyExists,
                    format!("panel {} already exists", p.panel_id),
                ));
            }
            (true, false) => return Err(DomainError::not_found("panel", p.panel_id)),
            _ => {}
        }
        limits::required("name", &p.name, limits::NAME)?;
        if p.members.is_empty() {
            return Err(DomainError::invalid(
                "member_ids",
                Rule::TooFew { min: 1 },
                "at least one member",
            ));
        }
        let ids: BTreeSet<_> = p.members.iter().map(|m| m.user_id).collect();
        if ids.len() != p.members.len() {
            return Err(DomainError::invalid(
                "member_ids",
                Rule::Duplicate,
                "a member is listed twice",
            ));
        }
        if !ids.contains(&p.chair_id) {
            return Err(DomainError::invalid(
                "chair_id",
                Rule::ChairNotInPanel,
                "the chair must be a member",
            ));
        }
        if let Some(n) = p.reviewers_per_nomination
            && (n == 0 || usize::try_from(n).map_or(true, |n| n > p.members.len()))
        {
            return Err(DomainError::invalid(
                "reviewers_per_nomination",
                Rule::OutOfRange {
                    min: 1,
                    max: i64::try_from(p.members.len()).unwrap_or(i64::MAX),
                },
                "between 1 and the number of members",
            ));
        }
        if p.category_codes.is_empty() {
            return Err(DomainError::invalid(
                "category_codes",
                Rule::TooFew { min: 1 },
                "at least one category",
            ));
        }
        for code in &p.category_codes {
            self.category(code)?;
            if let Some(other) = self.panel_for(code)
                && other.id != p.panel_id
            {
                return Err(DomainError::conflict_on(
                    "category_codes",
                    Clash::CategoryHasPanel,
                    format!("category {code} already has panel {}", other.id),
                ));
            }
        }
        let (panel_id, name, category_codes, members, chair_id, reviewers_per_nomination) = (
            p.panel_id,
            p.name.trim().to_owned(),
            p.category_codes.clone(),
            p.members.clone(),
            p.chair_id,
            p.reviewers_per_nomination,
        );
        Ok(vec![if amend {
            ProgrammeEvent::from(PanelAmended {
                panel_id,
                name,
                category_codes,
                members,
                chair_id,
                reviewers_per_nomination,
            })
        } else {
            ProgrammeEvent::from(PanelFormed {
                panel_id,
                name,
                category_codes,
                members,
                chair_id,
                reviewers_per_nomination,
            })
        }])
    }
}
