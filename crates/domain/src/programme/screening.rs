//! Screening by the secretariat: eligible, ineligible, or returned for correction.

use accolade_events::{
    NominationReturned, NominationScreened, NominationStatus as S, Phase, ProgrammeEvent, Role,
};
use uuid::Uuid;

use super::{Programme, wrong_status};
use crate::context::Context;
use crate::error::DomainError;
use crate::limits;

impl Programme {
    fn screenable(&self, id: Uuid, ctx: &Context, action: &'static str) -> Result<(), DomainError> {
        ctx.actor.require(&[Role::Admin])?;
        self.in_phase(&[Phase::Screening])?;
        let n = self.nomination(id)?;
        if n.status != S::Submitted {
            return Err(wrong_status(n, action, &[S::Submitted]));
        }
        Ok(())
    }

    pub(super) fn screen(
        &self,
        id: Uuid,
        eligible: bool,
        reason: &str,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        self.screenable(id, ctx, "screen")?;
        if !eligible {
            // The agency is told why; an unexplained refusal is not reviewable.
            limits::required("reason", reason, limits::TEXT)?;
        }
        Ok(vec![ProgrammeEvent::from(NominationScreened {
            nomination_id: id,
            eligible,
            reason: reason.to_owned(),
        })])
    }

    pub(super) fn return_nomination(
        &self,
        id: Uuid,
        reason: &str,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        self.screenable(id, ctx, "return")?;
        limits::required("reason", reason, limits::TEXT)?;
        Ok(vec![ProgrammeEvent::from(NominationReturned {
            nomination_id: id,
            reason: reason.to_owned(),
        })])
    }
}
