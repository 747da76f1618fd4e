//! A programme's categories (rubric, voting rule, quotas, prerequisite) and its review panels
//! (members, chair, the categories they review, reviewers drawn per nomination).

use accolade_domain::{PanelSpec, ProgrammeCommand};
use accolade_events::{Category, PanelMember};
use accolade_store::EventStore;
use uuid::Uuid;

use super::Setup;
use crate::actions::{Ask, Done};
use crate::authz::may;
use crate::{AppError, Command};

/// A new panel.
#[derive(Debug, Clone)]
pub struct NewPanel {
    /// What the panel is called.
    pub name: String,
    /// The categories it reviews.
    pub category_codes: Vec<String>,
    /// Its members (users with the `member` role); each one's affiliation is taken from
    /// their user account.
    pub member_ids: Vec<Uuid>,
    /// The chair, one of the members.
    pub chair_id: Uuid,
    /// Reviewers drawn per nomination (`None`: every member reviews every nomination).
    pub reviewers_per_nomination: Option<u32>,
}

/// Changes to a panel; `None` keeps what it has.
#[derive(Debug, Clone, Default)]
pub struct PanelChanges {
    /// A new name.
    pub name: Option<String>,
    /// The categories it reviews instead.
    pub category_codes: Option<Vec<String>>,
    /// Its members instead.
    pub member_ids: Option<Vec<Uuid>>,
    /// Another chair (one of the members).
    pub chair_id: Option<Uuid>,
    /// Reviewers drawn per nomination.
    pub reviewers_per_nomination: Option<u32>,
}

fn members(ids: &[Uuid]) -> Vec<PanelMember> {
    ids.iter()
        .map(|id| PanelMember {
            user_id: *id,
            // Filled in by the app from the member's account.
            agency_id: None,
        })
        .collect()
}

impl<S: EventStore> Setup<'_, S> {
    /// Adds a category (the secretariat, `setup`); refused if its code exists.
    pub async fn add_category(
        &self,
        ask: &Ask,
        programme_id: Uuid,
        category: Category,
    ) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::SECRETARIAT)?;
        let command = Command::programme(programme_id, ProgrammeCommand::AddCategory(category));
        self.node.act(ask, &actor, programme_id, command).await
    }

    /// Replaces the category `code` with `category` (the secretariat, `setup`), whose code
    /// must be the same.
    pub async fn amend_category(
        &self,
        ask: &Ask,
        programme_id: Uuid,
        code: &str,
        category: Category,
    ) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::SECRETARIAT)?;
        if category.code != code {
            return Err(AppError::invalid(
                "code",
                "must be the path's category code",
            ));
        }
        let command = Command::programme(programme_id, ProgrammeCommand::AmendCategory(category));
        self.node.act(ask, &actor, programme_id, command).await
    }

    /// Forms a panel (the secretariat, before `reviewing`). `Done::id` is the new panel's;
    /// `Done::version` the programme's.
    pub async fn form_panel(
        &self,
        ask: &Ask,
        programme_id: Uuid,
        panel: NewPanel,
    ) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::SECRETARIAT)?;
        let panel_id = self.node.id_for(ask, "panel");
        let spec = PanelSpec {
            panel_id,
            name: panel.name,
            category_codes: panel.category_codes,
            members: members(&panel.member_ids),
            chair_id: panel.chair_id,
            reviewers_per_nomination: panel.reviewers_per_nomination,
        };
        let command = Command::programme(programme_id, ProgrammeCommand::FormPanel(spec));
        self.node.act(ask, &actor, panel_id, command).await
    }

    /// Changes a panel (the secretariat, before `reviewing`). `Done::id` is the programme's.
    pub async fn amend_panel(
        &self,
        ask: &Ask,
        panel_id: Uuid,
        changes: PanelChanges,
    ) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::SECRETARIAT)?;
        let pid = self.programme_of_panel(panel_id)?;
        let p = self.node.app().programme(pid).await?;
        let cur = p
            .panels
            .get(&panel_id)
            .ok_or_else(|| AppError::not_found("panel", panel_id))?;
        let spec = PanelSpec {
            panel_id,
            name: changes.name.unwrap_or_else(|| cur.name.clone()),
            category_codes: changes
                .category_codes
                .unwrap_or_else(|| cur.category_codes.clone()),
            members: match &changes.member_ids {
                Some(ids) => members(ids),
                None => cur.members.clone(),
            },
            chair_id: changes.chair_id.unwrap_or(cur.chair_id),
            reviewers_per_nomination: changes
                .reviewers_per_nomination
                .or(cur.reviewers_per_nomination),
        };
        let command = Command::programme(pid, ProgrammeCommand::AmendPanel(spec));
        self.node.act(ask, &actor, pid, command).await
    }

    /// Assigns reviewers on one panel (the secretariat, `reviewing`); the draw's seed is
    /// recorded. Moving into `reviewing` already does this for every panel. `Done::id` is the
    /// programme's.
    pub async fn assign_reviewers(&self, ask: &Ask, panel_id: Uuid) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::SECRETARIAT)?;
        let pid = self.programme_of_panel(panel_id)?;
        let assign = ProgrammeCommand::AssignReviewers {
            panel_id,
            seed: self.node.app().new_seed(),
        };
        // A new draw each time: the caller's idempotency key does not apply.
        let step = Ask::by(ask.caller.clone());
        self.node
            .act(&step, &actor, pid, Command::programme(pid, assign))
            .await
    }

    /// The programme a panel belongs to (from the read models).
    pub fn programme_of_panel(&self, panel_id: Uuid) -> Result<Uuid, AppError> {
        self.node
            .read(|p| {
                p.catalog()
                    .programmes
                    .iter()
                    .find(|(_, x)| x.panels.contains_key(&panel_id))
                    .map(|(id, _)| *id)
            })
            .ok_or_else(|| AppError::not_found("panel", panel_id))
    }
}
