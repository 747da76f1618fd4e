//! `GET /work/programmes/{id}/tally` (the secretariat and panel chairs): the counted votes
//! of every closed round — approve, reject, abstain, eligible voters, approvals required,
//! quorum, passed, rank — never of a nomination the viewer is recused from. While voting,
//! the secretariat also enters absent members' written votes here
//! (`POST /work/nominations/{id}/absentee`), where the category allows them.

use std::collections::BTreeMap;

use accolade_app::read::TallyItem;
use accolade_events::{Choice, Phase, Role};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use uuid::Uuid;

use super::form::Errors;
use super::nomination::Done;
use super::{caller, signed_in};
use crate::ctx::Ctx;
use crate::render::{OrPage, PageResult, Posted, csrf_form, error_page, html_status, see_other};
use accolade_app::actions::Ask;
use accolade_http::error::ApiError;
use accolade_http::state::AppState;

/// A nomination still being voted on, with the members who have not voted.
#[derive(Debug)]
pub struct Absent {
    /// The nomination's id.
    pub id: Uuid,
    /// The nominee's name.
    pub nominee: String,
    /// Its category's code.
    pub category: String,
    /// Members who may still vote: id and name.
    pub members: Vec<(Uuid, String)>,
}

#[derive(Template)]
#[template(path = "work/tally.html")]
struct Page<'a> {
    c: &'a Ctx,
    id: Uuid,
    title: String,
    phase: Phase,
    items: Vec<(TallyItem, String)>,
    absent: Vec<Absent>,
    failed: Option<(Uuid, AbsenteeForm)>,
    errors: Errors,
    done: String,
}

impl Page<'_> {
    fn err(&self, id: &Uuid, field: &str) -> Option<&str> {
        match &self.failed {
            Some((f, _)) if f == id => self.errors.get(field),
            _ => None,
        }
    }

    /// Whether to re-select a value of the refused form. Only the member is kept: a written
    /// choice is never echoed back, so no answer carries a secret vote.
    fn picked(&self, id: &Uuid, field: &str, value: &str) -> bool {
        match &self.failed {
            Some((f, form)) if f == id && field == "member_id" => form.member_id == value,
            _ => false,
        }
    }
}

/// The written-vote form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AbsenteeForm {
    csrf: String,
    member_id: String,
    choice: String,
}
csrf_form!(AbsenteeForm);

async fn render_page(
    ctx: &Ctx,
    s: &AppState,
    id: Uuid,
    failed: Option<(Uuid, AbsenteeForm)>,
    errors: Errors,
    done: String,
    status: StatusCode,
) -> PageResult {
    let user = signed_in(ctx)?;
    let ask = Ask::by(caller(ctx).0);
    let setup = s.node.setup();
    let p = setup.programme(&ask, id).await.or_page(ctx)?.value;
    let items = (setup.tally(&ask, id, None).await)
        .or_page(ctx)?
        .into_iter()
        .map(|t| {
            let n = p
                .nominations
                .get(&t.nomination_id)
                .map(|n| super::nominee_name(ctx, s, &n.nominee))
                .unwrap_or_default();
            (t, n)
        })
        .collect();
    let mut absent = Vec::new();
    if user.role == Role::Admin && p.phase == Phase::Voting {
        for n in p.nominations.values().filter(|n| n.awaiting_vote()) {
            let allows = p
                .categories
                .get(&n.category_code)
                .is_some_and(|k| k.voting.absentee_written);
            if !allows {
                continue;
            }
            let mut members = Vec::new();
            for m in n.eligible_voters() {
                if !n.participants.contains_key(&m) {
                    members.push((m, setup.name_of(m).await));
                }
            }
            if !members.is_empty() {
                absent.push(Absent {
                    id: n.id,
                    nominee: super::nominee_name(ctx, s, &n.nominee),
                    category: n.category_code.clone(),
                    members,
                });
            }
        }
    }
    let tpl = Page {
        c: ctx,
        id,
        title: p.title.clone(),
        phase: p.phase,
        items,
        absent,
        failed,
        errors,
        done,
    };
    Ok(html_status(ctx, status, &tpl))
}

/// The tally page (the secretariat and panel chairs).
pub async fn page(
    ctx: Ctx,
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Query(d): Query<Done>,
) -> PageResult {
    render_page(
        &ctx,
        &s,
        id,
        None,
        Errors::default(),
        d.done,
        StatusCode::OK,
    )
    .await
}

/// Enters an absent member's written vote (the secretariat).
pub async fn absentee(
    State(s): State<AppState>,
    Path(nid): Path<Uuid>,
    Posted(ctx, f): Posted<AbsenteeForm>,
) -> PageResult {
    signed_in(&ctx)?;
    if !ctx.is_admin() {
        return Err(error_page(
            &ctx,
            &ApiError::forbidden(ctx.t("error.role").to_owned()),
        ));
    }
    let pid = s.node.nominations().programme_of(nid).or_page(&ctx)?;
    let mut e = Errors::default();
    let member: Option<Uuid> = f.member_id.parse().ok();
    if member.is_none() {
        e.set("member_id", ctx.t("absentee.pick_member"));
    }
    let choice = match f.choice.as_str() {
        "approve" => Some(Choice::Approve),
        "reject" => Some(Choice::Reject),
        "abstain" => Some(Choice::Abstain),
        _ => {
            e.set("choice", ctx.t("review.choose"));
            None
        }
    };
    if let (Some(member_id), Some(choice)) = (member, choice) {
        // No idempotency key: a re-posted written vote is refused like any second one,
        // whatever its choice, and the refused form never echoes the choice back.
        let ask = Ask::by(caller(&ctx).0);
        match s.node.review().absentee(&ask, nid, member_id, choice).await {
            Ok(_) => {
                return Ok(see_other(
                    &ctx,
                    &format!("/work/programmes/{pid}/tally?done=absentee"),
                ));
            }
            Err(err) => e
                .from_app(&ctx, err, |f| {
                    if f == "choice" { "choice" } else { "member_id" }
                })
                .map_err(|err| error_page(&ctx, &err))?,
        }
    }
    let errors: BTreeMap<String, String> = e.0;
    render_page(
        &ctx,
        &s,
        pid,
        Some((nid, f)),
        Errors(errors),
        String::new(),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
