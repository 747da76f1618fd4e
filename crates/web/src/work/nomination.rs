//! `GET /work/nominations/{id}`: one nomination as the user may see it — the dossier, its
//! status, and the forms the user's role may use on it now (submit and withdraw for the
//! head; screening for the secretariat; conflict, score and ballot for an assigned member).

use accolade_domain::Nomination;
use accolade_events::{Category, NominationStatus, Phase, Role};
use askama::Template;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use uuid::Uuid;

use super::{caller, signed_in};
use crate::ctx::Ctx;
use crate::render::{self, OrPage, PageResult, error_page, html};
use accolade_app::actions::Ask;
use accolade_app::actions::nominations::NominationRead;
use accolade_http::error::ApiError;
use accolade_http::state::AppState;

/// `?done=`: what was just done, for the banner.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Done {
    /// What was just done (a key of the `done.*` messages).
    pub done: String,
}

/// What the user may do on it now.
#[derive(Debug, Default)]
pub struct Actions {
    /// Head: submit (draft or returned).
    pub submit: bool,
    /// Head: withdraw (before the decision).
    pub withdraw: bool,
    /// Admin: screen or return (submitted, in screening).
    pub screen: bool,
    /// Member: score (assigned, not recused, reviewing).
    pub score: bool,
    /// Member: ballot (voting, not yet cast).
    pub ballot: bool,
    /// Member: declare a conflict (assigned, not recused).
    pub conflict: bool,
    /// Clerk or head: amend (draft or returned).
    pub amend: bool,
}

#[derive(Template)]
#[template(path = "work/nomination.html")]
struct Page<'a> {
    c: &'a Ctx,
    /// The nomination as the app's `show` cut it for this reader.
    n: Nomination,
    /// Its nominee, opened and cut ([`super::erased_nominee`] once erased).
    nominee: accolade_events::Nominee,
    /// The nominee's pseudonymous person id, for the agency and the secretariat.
    person_id: Option<Uuid>,
    programme: String,
    phase: Phase,
    category: Option<Category>,
    submitted: String,
    a: Actions,
    my_scores: Vec<(String, String, u32, String)>,
    voted: bool,
    done: String,
    /// The secretariat may erase the nominee's personal data (not yet erased).
    may_erase: bool,
}

impl Page<'_> {
    /// Where the erasure form comes back to: this page.
    fn back(&self) -> String {
        format!("/work/nominations/{}", self.n.id)
    }

    /// Whether an evidence URL may be an `href`: the domain's own rule, asked again here
    /// because events recorded before it may hold a `javascript:` URL (shown as text).
    fn is_link(&self, url: &str) -> bool {
        accolade_domain::rules::links::is_web_url(url)
    }
}

/// Which forms to offer: a guess from what the reader sees, to spare them a form that
/// cannot succeed; the action behind each form decides for itself.
fn actions(r: &NominationRead, role: Role, user: Uuid) -> Actions {
    use NominationStatus as S;
    let (n, p) = (&r.nomination, r);
    let decided = p.phase >= Phase::Deciding;
    let assigned = n.reviewers.contains(&user) && !n.recused.contains(&user);
    Actions {
        submit: role == Role::Head && matches!(n.status, S::Draft | S::Returned),
        withdraw: role == Role::Head
            && !decided
            && !matches!(n.status, S::Withdrawn | S::Ineligible | S::ObjectionUpheld),
        screen: role == Role::Admin && n.status == S::Submitted && p.phase == Phase::Screening,
        score: role == Role::Member && assigned && p.phase == Phase::Reviewing,
        ballot: role == Role::Member
            && assigned
            && p.phase == Phase::Voting
            && n.awaiting_vote()
            && !n.participants.contains_key(&user),
        conflict: role == Role::Member
            && assigned
            && matches!(p.phase, Phase::Reviewing | Phase::Voting),
        amend: matches!(role, Role::Clerk | Role::Head)
            && matches!(n.status, S::Draft | S::Returned),
    }
}

/// The nomination page.
pub async fn page(
    ctx: Ctx,
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(d): Query<Done>,
) -> PageResult {
    let user = signed_in(&ctx)?;
    let id: Uuid = id
        .parse()
        .map_err(|_| error_page(&ctx, &ApiError::not_found("nomination")))?;
    let r = s
        .node
        .nominations()
        .show(&Ask::by(caller(&ctx).0), id)
        .await
        .or_page(&ctx)?;
    let n = &r.nomination;
    let category = r.category.clone();
    let sheet = n.scores.get(&user.user_id);
    let my_scores = category
        .iter()
        .flat_map(|c| c.criteria.iter())
        .map(|cr| {
            let v = sheet
                .and_then(|s| s.scores.get(&cr.key))
                .map(|v| v.to_string())
                .unwrap_or_default();
            (cr.key.clone(), cr.label.clone(), cr.max, v)
        })
        .collect();
    let tpl = Page {
        c: &ctx,
        a: actions(&r, user.role, user.user_id),
        voted: n.participants.contains_key(&user.user_id),
        submitted: n
            .submitted_at
            .map(|t| render::datetime(&ctx, t))
            .unwrap_or_default(),
        programme: r.programme_title.clone(),
        phase: r.phase,
        category,
        my_scores,
        done: d.done,
        n: r.nomination.clone(),
        nominee: r
            .nominee
            .clone()
            .unwrap_or_else(|| super::erased_nominee(&ctx)),
        person_id: r.audience.sees_contact().then_some(r.nomination.person_id),
        may_erase: ctx.is_admin() && r.nominee.is_some(),
    };
    Ok(html(&ctx, &tpl))
}
