//! Phase moves and their gates: forward only, one step at a time, never leaving work undone.

use accolade_events::{
    NominationStatus as S, NoticePeriodStarted, Phase, PhaseMoved, ProgrammeEvent, Role,
};
use time::OffsetDateTime;

use super::Programme;
use crate::context::{Actor, Context};
use crate::error::{DomainError, Rule};
use crate::rules::working_days::period_end;

impl Programme {
    /// Why the current phase cannot be left on `today`, if it cannot.
    ///
    /// - setup: no category yet;
    /// - screening: nominations still submitted and unscreened (returned ones are screened:
    ///   they proceed only if resubmitted and screened in time);
    /// - reviewing: eligible nominations without reviewers;
    /// - voting: eligible nominations whose vote is not counted;
    /// - public notice: open objections, or a notice period (the list's or a promoted
    ///   nomination's) that has not run;
    /// - deciding: no decision yet (`published` is its own step after it).
    pub fn unfinished_work(&self, today: time::Date) -> Option<String> {
        let count = |pred: &dyn Fn(&super::Nomination) -> bool| {
            self.nominations.values().filter(|n| pred(n)).count()
        };
        match self.phase {
            Phase::Setup if self.categories.is_empty() => Some("no category has been added".into()),
            Phase::Screening => {
                let n = count(&|n| n.status == S::Submitted);
                (n > 0).then(|| format!("{n} nomination(s) not yet screened"))
            }
            Phase::Reviewing => {
                let n = count(&|n| n.status == S::Eligible && !n.assigned);
                (n > 0).then(|| format!("{n} eligible nomination(s) have no reviewers"))
            }
            Phase::Voting => {
                let n = count(&|n| n.awaiting_vote());
                (n > 0).then(|| format!("{n} nomination(s) not yet counted"))
            }
            Phase::PublicNotice => {
                let open = self
                    .objections
                    .values()
                    .filter(|o| o.resolution.is_none())
                    .count();
                if open > 0 {
                    return Some(format!("{open} objection(s) still open"));
                }
                let run = |p: &super::NoticePeriod| p.has_run(today);
                if let Some(p) = &self.notice
                    && !run(p)
                {
                    return Some(format!("the notice period runs until {}", p.ends_on));
                }
                self.nominations
                    .values()
                    .filter(|n| n.status == S::Recommended)
                    .filter_map(|n| n.notice.as_ref().map(|p| (n.id, p)))
                    .find(|(_, p)| !run(p))
                    .map(|(id, p)| format!("nomination {id}'s own notice runs until {}", p.ends_on))
            }
            Phase::Deciding if self.decision.is_none() => Some("no decision has been made".into()),
            Phase::Closed => Some("the programme is closed".into()),
            _ => None,
        }
    }

    /// The events of one step forward from the current phase.
    fn step(
        &self,
        at: OffsetDateTime,
        automatic: bool,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        let today = at.date();
        if let Some(reason) = self.unfinished_work(today) {
            return Err(DomainError::PhaseNotDone {
                phase: self.phase,
                reason,
            });
        }
        let Some(to) = self.phase.next() else {
            return Err(DomainError::PhaseNotDone {
                phase: self.phase,
                reason: "it is the last phase".into(),
            });
        };
        let mut out = vec![ProgrammeEvent::from(PhaseMoved {
            from: self.phase,
            to,
            automatic,
            at,
        })];
        if to == Phase::PublicNotice {
            out.push(ProgrammeEvent::from(NoticePeriodStarted {
                nomination_id: None,
                started_on: today,
                working_days: self.notice_working_days,
                ends_on: period_end(today, self.notice_working_days, &self.holidays),
            }));
        }
        Ok(out)
    }

    pub(super) fn move_phase(
        &self,
        to: Phase,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        ctx.actor.require(&[Role::Admin])?;
        if to == self.phase {
            return Ok(vec![]);
        }
        if Some(to) != self.phase.next() {
            return Err(match self.phase.next() {
                Some(next) => DomainError::invalid(
                    "phase",
                    Rule::NotNextPhase { next },
                    format!("phases move forward one step; the next is {next}"),
                ),
                None => {
                    DomainError::invalid("phase", Rule::ProgrammeClosed, "the programme is closed")
                }
            });
        }
        self.step(ctx.now, false)
    }

    /// Moves on by the schedule as far as dates and work allow. A phase whose work is not done
    /// simply waits (the secretariat sees why in `unfinished_work`); that is not an error.
    pub(super) fn tick(&self, ctx: &Context) -> Result<Vec<ProgrammeEvent>, DomainError> {
        if ctx.actor != Actor::System {
            ctx.actor.require(&[Role::Admin])?;
        }
        let today = ctx.now.date();
        let mut state = self.clone();
        let mut out = Vec::new();
        while let Some(end) = state.schedule.end_of(state.phase) {
            if today <= end {
                break;
            }
            match state.step(ctx.now, true) {
                Ok(events) => {
                    for e in &events {
                        crate::Aggregate::evolve(&mut state, e);
                    }
                    out.extend(events);
                }
                Err(_) => break,
            }
        }
        Ok(out)
    }
}
