//! `GET /work/programmes/{id}`: one programme — its phase and the move to the next (the
//! secretariat), categories and panels, the panel's progress (chair and secretariat: who has
//! scored and voted, never how), and the decision form (the authority, while deciding).

use accolade_events::{Phase, Role};
use accolade_projections::{ProgressReport, RoundRerunView};
use askama::Template;
use axum::extract::{Path, Query, State};
use uuid::Uuid;

use super::nomination::Done;
use super::signed_in;
use crate::ctx::Ctx;
use crate::render::{OrPage, PageResult, html};
use accolade_http::authz;
use accolade_http::state::AppState;

/// A member's line of the progress table.
#[derive(Debug)]
pub struct MemberLine {
    /// Name.
    pub name: String,
    /// Assigned, scored, voted.
    pub counts: (u32, u32, u32),
}

#[derive(Template)]
#[template(path = "work/programme.html")]
struct Page<'a> {
    c: &'a Ctx,
    id: Uuid,
    p: accolade_domain::Programme,
    next: Option<Phase>,
    progress: Option<Vec<MemberLine>>,
    /// Rounds re-run because their sealed ballots were lost (with the progress).
    reruns: Vec<RoundRerunView>,
    may_decide: bool,
    /// The tally is the secretariat's and the chairs'.
    may_tally: bool,
    /// Panels can be formed until review begins.
    may_panel: bool,
    done: String,
}

impl Page<'_> {
    fn denominator(&self, k: &accolade_events::Category) -> &str {
        match k.voting.denominator {
            accolade_events::Denominator::AllMembers => self.c.t("category.all_members"),
            accolade_events::Denominator::VotesCast => self.c.t("category.votes_cast"),
        }
    }
}

/// The programme page.
pub async fn page(
    ctx: Ctx,
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Query(d): Query<Done>,
) -> PageResult {
    let user = signed_in(&ctx)?;
    let p = s.app.programme(id).await.or_page(&ctx)?;
    let may_tally = authz::chair_or_secretariat(&user.actor, &p).is_ok();
    let mut reruns = Vec::new();
    let progress = if may_tally {
        let viewer = authz::viewer(&user.actor);
        let report: ProgressReport = s.read(|r| r.progress(id, viewer));
        reruns = report.reruns;
        let mut lines = Vec::new();
        for m in report.members {
            let name = s
                .app
                .user(m.member_id)
                .await
                .ok()
                .and_then(|u| u.current.map(|c| c.contact.full_name))
                .unwrap_or_else(|| m.member_id.to_string());
            lines.push(MemberLine {
                name,
                counts: (m.assigned, m.scored, m.voted),
            });
        }
        Some(lines)
    } else {
        None
    };
    let tpl = Page {
        c: &ctx,
        id,
        next: if user.role == Role::Admin {
            p.phase.next()
        } else {
            None
        },
        may_decide: user.role == Role::Authority && p.phase == Phase::Deciding,
        may_tally,
        may_panel: p.phase < Phase::Reviewing,
        progress,
        reruns,
        p,
        done: d.done,
    };
    Ok(html(&ctx, &tpl))
}
