//! Who may do what: the one place authorization is decided, for every front end.
//!
//! Two layers, both here:
//!
//! 1. **Roles per action** ([`may`]): checked before anything is loaded. Not signed in is 401,
//!    signed in with the wrong role is 403.
//! 2. **Scope**: agency scoping, panel membership, recusal, the authority's phase — the
//!    functions below, which mirror `Programme::visible_to` (the domain's own read rule), so
//!    the read side never shows what the write side would refuse. What a caller may not know
//!    exists answers 404, not 403.
//!
//! The domain checks every rule again when a command is decided (a second line, not the
//! first): the domain refusals `OtherAgency` and `NotAssigned` are mapped to 404 in
//! `error.rs` for the same reason.

use accolade_domain::Programme;
use accolade_events::{Phase, Role};
use accolade_projections::Viewer;
use uuid::Uuid;

use crate::{Actor, AppError};

type ApiResult<T> = Result<T, AppError>;

/// The roles allowed per action.
pub mod may {
    use accolade_events::Role::{self, *};

    /// Every role.
    pub const ANY_ROLE: &[Role] = &[Admin, Clerk, Head, Member, Authority];
    /// Set up programmes, agencies, users, categories, panels; screen; move phases; resolve
    /// objections; enter absentee votes; read the audit trail and the raw log.
    pub const SECRETARIAT: &[Role] = &[Admin];
    /// Draft and amend nominations (their own agency's).
    pub const DRAFT: &[Role] = &[Clerk, Head];
    /// Submit and withdraw (their own agency's).
    pub const ENDORSE: &[Role] = &[Head];
    /// Declare conflicts, score, vote.
    pub const REVIEW: &[Role] = &[Member];
    /// Declare a conflict (a member for themselves, the secretariat for a member).
    pub const DECLARE_CONFLICT: &[Role] = &[Member, Admin];
    /// Close a round (a panel's chair, or the secretariat).
    pub const CLOSE_ROUND: &[Role] = &[Admin, Member];
    /// Progress, ranking, tally: the secretariat and panel members (scoped further).
    pub const PANEL_READ: &[Role] = &[Admin, Member];
    /// Confer and revoke.
    pub const CONFER: &[Role] = &[Authority];
}

/// Who is calling: resolved by a front end from a bearer token or a session cookie.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    /// The signed-in user as the app sees them; `None` for an anonymous caller.
    pub actor: Option<Actor>,
    /// The bearer token presented, if any (for sign-out).
    pub token: Option<String>,
    /// The request id, used as the correlation id of the events a request causes.
    pub request_id: Option<Uuid>,
}

impl Caller {
    /// The actor if signed in with one of `roles`: 401 when anonymous, 403 otherwise.
    pub fn require(&self, roles: &[Role]) -> ApiResult<Actor> {
        let actor = self.signed_in()?;
        match actor.role() {
            Some(r) if roles.contains(&r) => Ok(actor),
            _ => Err(AppError::Forbidden(format!(
                "this action needs the role {}",
                roles
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ))),
        }
    }

    /// The actor if signed in (any role): 401 otherwise.
    pub fn signed_in(&self) -> ApiResult<Actor> {
        self.actor.clone().ok_or_else(|| {
            AppError::Unauthenticated("sign in first: Authorization: Bearer <token>".into())
        })
    }

    /// The actor, or the public.
    pub fn actor_or_public(&self) -> Actor {
        self.actor.clone().unwrap_or(Actor::Public)
    }
}

/// The read-model viewer an actor is (the domain's rule, `Viewer::of_actor`).
pub fn viewer(actor: &Actor) -> Viewer {
    Viewer::of_actor(actor)
}

/// 404 unless `actor` may see the nomination: drafts only to their agency, nothing to a
/// recused or unassigned member, to the authority only the dossiers that reached it.
pub fn see_nomination(actor: &Actor, programme: &Programme, nomination: Uuid) -> ApiResult<()> {
    if programme.visible_to(actor, nomination) {
        Ok(())
    } else {
        Err(AppError::not_found("nomination", nomination))
    }
}

/// Whether `user` chairs a panel of the programme.
fn chairs(programme: &Programme, user: Uuid) -> bool {
    programme.panels.values().any(|p| p.chair_id == user)
}

/// The secretariat, or a chair of one of the programme's panels (progress, tally).
pub fn chair_or_secretariat(actor: &Actor, programme: &Programme) -> ApiResult<()> {
    match actor {
        Actor::User {
            role: Role::Admin, ..
        } => Ok(()),
        Actor::User {
            role: Role::Member,
            user_id,
            ..
        } if chairs(programme, *user_id) => Ok(()),
        _ => Err(AppError::Forbidden(
            "only a panel chair or the secretariat may see this".into(),
        )),
    }
}

/// The secretariat, or a member of a panel reviewing `category` (ranking).
pub fn panel_of_category(actor: &Actor, programme: &Programme, category: &str) -> ApiResult<()> {
    match actor {
        Actor::User {
            role: Role::Admin, ..
        } => Ok(()),
        Actor::User {
            role: Role::Member,
            user_id,
            ..
        } if programme
            .panels
            .values()
            .any(|p| p.has_member(*user_id) && p.category_codes.iter().any(|c| c == category)) =>
        {
            Ok(())
        }
        _ => Err(AppError::Forbidden(
            "only members of the category's panel and the secretariat may see its ranking".into(),
        )),
    }
}

/// Whether the programme is visible to `actor` at all (every signed-in role sees programmes;
/// the public sees them once their list is public).
pub fn see_programme(actor: &Actor, programme: &Programme) -> bool {
    match actor {
        Actor::User { .. } | Actor::System => true,
        Actor::Public => programme.phase >= Phase::PublicNotice,
    }
}
