//! What each reader may see: the one read rule of the write side (the app, through
//! [`Programme::visible_to`] and [`Programme::audience`]) and the read side (the projections'
//! lists, tallies and progress, through [`Viewer::sees`]), so that a list, a single view, a
//! history and a page always agree.
//!
//! Two questions, two answers:
//!
//! - **May this reader see the nomination at all?** [`Viewer::sees`]: the secretariat sees every
//!   nomination; an agency's clerk and head only their agency's (drafts included); a panel
//!   member only those they are assigned to and not recused from; the authority only the
//!   dossiers that reached it — recommended ones (a promoted reserve once recommended) and
//!   what followed (objection upheld, awarded, declined, revoked), from public notice on.
//! - **What may they see of each event of its history?** [`history::view`], a table over
//!   every event type and every [`Audience`] (docs/visibility.md prints it).

pub mod history;

use accolade_events::{NominationStatus, Nominee, Phase, Role};
use uuid::Uuid;

use crate::context::Actor;
use crate::programme::{Nomination, Programme};

/// Who is reading, for the rule "may they see this nomination at all".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// The secretariat (and the app itself).
    Admin,
    /// A clerk or head of this agency.
    Agency(Uuid),
    /// A panel member.
    Member(Uuid),
    /// The conferring authority.
    Authority,
    /// Not signed in, or a role without the scope it needs (a clerk with no agency): sees no
    /// internal nomination.
    Nobody,
}

/// What the read rule needs to know of a nomination, whichever model holds it (the domain's
/// [`Nomination`], the projections' catalog record).
pub trait Dossier {
    /// The nominating agency.
    fn agency_id(&self) -> Uuid;
    /// Where it stands.
    fn status(&self) -> NominationStatus;
    /// Whether `member` is assigned to it and not recused.
    fn is_eligible_reviewer(&self, member: Uuid) -> bool;
}

impl Dossier for Nomination {
    fn agency_id(&self) -> Uuid {
        self.agency_id
    }
    fn status(&self) -> NominationStatus {
        self.status
    }
    fn is_eligible_reviewer(&self, member: Uuid) -> bool {
        self.reviewers.contains(&member) && !self.recused.contains(&member)
    }
}

/// Whether a nomination in `status` is a dossier that reached the authority: recommended
/// (a promoted reserve is recommended once promoted) and everything that can follow that.
/// Drafts, withdrawn, ineligible, not recommended and reserve nominations never reach it.
pub fn reached_authority(status: NominationStatus) -> bool {
    use NominationStatus as S;
    match status {
        S::Recommended | S::ObjectionUpheld | S::Awarded | S::Declined | S::Revoked => true,
        S::Draft
        | S::Submitted
        | S::Eligible
        | S::Ineligible
        | S::Returned
        | S::Reserve
        | S::NotRecommended
        | S::Withdrawn => false,
    }
}

impl Viewer {
    /// The viewer an actor is. The app itself reads as the secretariat.
    pub fn of_actor(actor: &Actor) -> Viewer {
        match actor {
            Actor::User {
                user_id,
                role,
                agency_id,
            } => match (role, agency_id) {
                (Role::Admin, _) => Viewer::Admin,
                (Role::Clerk | Role::Head, Some(a)) => Viewer::Agency(*a),
                (Role::Clerk | Role::Head, None) => Viewer::Nobody,
                (Role::Member, _) => Viewer::Member(*user_id),
                (Role::Authority, _) => Viewer::Authority,
            },
            Actor::System => Viewer::Admin,
            Actor::Public => Viewer::Nobody,
        }
    }

    /// Whether the viewer may see `n`, a nomination of a programme now in `phase`.
    pub fn sees(&self, phase: Phase, n: &impl Dossier) -> bool {
        match self {
            Viewer::Admin => true,
            Viewer::Agency(a) => n.agency_id() == *a,
            Viewer::Member(m) => n.is_eligible_reviewer(*m),
            Viewer::Authority => phase >= Phase::PublicNotice && reached_authority(n.status()),
            Viewer::Nobody => false,
        }
    }
}

/// Who is reading one nomination, as far as what they may see of it differs: the roles of
/// the history table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The secretariat (and the app itself).
    Secretariat,
    /// A clerk or head of the nominating agency.
    Agency,
    /// A panel member assigned to it (not recused), not the chair of its panel.
    Reviewer(Uuid),
    /// The chair of its panel, assigned to it (not recused).
    Chair(Uuid),
    /// The conferring authority, once the dossier reached it.
    Authority,
    /// Anyone else: sees nothing of it.
    Nobody,
}

impl Audience {
    /// Whether this audience may read the nominee's contact and birth year: the secretariat
    /// and the nominating agency only.
    pub fn sees_contact(self) -> bool {
        match self {
            Audience::Secretariat | Audience::Agency => true,
            Audience::Reviewer(_) | Audience::Chair(_) | Audience::Authority | Audience::Nobody => {
                false
            }
        }
    }

    /// Whether this audience may see duplicate-nominee flags: the secretariat only.
    pub fn sees_duplicates(self) -> bool {
        self == Audience::Secretariat
    }

    /// The nominee as this audience may read it: without contact and birth year unless they
    /// may see them.
    pub fn nominee(self, nominee: &Nominee) -> Nominee {
        let mut n = nominee.clone();
        if !self.sees_contact() {
            n.email = None;
            n.birth_year = None;
            n.national_id = None;
        }
        n
    }
}

impl Programme {
    /// Whether `actor` may see a nomination at all (read side, for the app and, through
    /// [`Viewer::sees`], the projections).
    pub fn visible_to(&self, actor: &Actor, nomination_id: Uuid) -> bool {
        self.nominations
            .get(&nomination_id)
            .is_some_and(|n| Viewer::of_actor(actor).sees(self.phase, &**n))
    }

    /// Who `actor` is for one nomination ([`Audience::Nobody`] if they may not see it).
    pub fn audience(&self, actor: &Actor, nomination_id: Uuid) -> Audience {
        let Some(n) = self.nominations.get(&nomination_id) else {
            return Audience::Nobody;
        };
        let viewer = Viewer::of_actor(actor);
        if !viewer.sees(self.phase, &**n) {
            return Audience::Nobody;
        }
        match viewer {
            Viewer::Admin => Audience::Secretariat,
            Viewer::Agency(_) => Audience::Agency,
            Viewer::Member(m) => {
                if self
                    .panel_for(&n.category_code)
                    .is_some_and(|p| p.chair_id == m)
                {
                    Audience::Chair(m)
                } else {
                    Audience::Reviewer(m)
                }
            }
            Viewer::Authority => Audience::Authority,
            Viewer::Nobody => Audience::Nobody,
        }
    }
}
