//! `GET /work/programmes/{id}`: one programme — its phase and the move to the next (the
//! secretariat), categories and panels, the panel's progress (chair and secretariat: who has
//! scored and voted, never how), and the decision form (the authority, while deciding).

use accolade_app::actions::Ask;
use accolade_app::read::RoundRerunView;
use accolade_events::{Phase, Role};
use askama::Template;
use axum::extract::{Path, Query, State};
use uuid::Uuid;

use super::nomination::Done;
use super::{caller, signed_in};
use crate::ctx::Ctx;
use crate::render::{OrPage, PageResult, html};
use accolade_app::ErrorKind;
use accolade_http::state::AppState;

/// A member's line of the progress table.
#[derive(Debug)]
pub struct MemberLine {
    /// The member's full name.
    pub name: String,
    /// Nominations assigned to them, scored, voted on.
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

/// The programme page: what the signed-in user may see and do with it now.
pub async fn page(
    ctx: Ctx,
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Query(d): Query<Done>,
) -> PageResult {
    let user = signed_in(&ctx)?;
    let ask = Ask::by(caller(&ctx).0);
    let setup = s.node.setup();
    let p = setup.programme(&ask, id).await.or_page(&ctx)?.value;
    // The progress is the chairs' and the secretariat's: anyone else sees the page without it.
    let (progress, reruns) = match setup.progress(&ask, id).await {
        Ok(report) => {
            let mut lines = Vec::new();
            for m in report.members {
                lines.push(MemberLine {
                    name: setup.name_of(m.member_id).await,
                    counts: (m.assigned, m.scored, m.voted),
                });
            }
            (Some(lines), report.reruns)
        }
        Err(e) if e.kind() == ErrorKind::Forbidden => (None, Vec::new()),
        Err(e) => return Err(crate::render::error_page(&ctx, &e.into())),
    };
    let may_tally = progress.is_some();
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
