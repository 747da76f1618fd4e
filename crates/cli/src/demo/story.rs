//! The story the cast plays, phase by phase. Who does what, to which nomination and with
//! which words is in `cast.toml`; this file keeps only the order of the programme's phases
//! and who may act in each (a clerk drafts, a head submits, the admin screens...).

use accolade_app::Actor;
use accolade_domain::{CreateProgramme, Decline, FileObjection, PanelSpec, ProgrammeCommand};
use accolade_events::{PanelMember, Phase, Schedule};
use accolade_store::EventStore;
use uuid::Uuid;

use super::cast::{Cast, Programme};
use super::seeder::Seeder;
use super::{DemoError, Seeded};

/// Plays the whole cast after the admin exists: agencies and people, the 2026 programme to
/// publication and one revocation, then next year's programme, open for nominations.
pub(super) async fn play<S: EventStore>(
    d: &mut Seeder<'_, S>,
    cast: &Cast,
) -> Result<Seeded, DemoError> {
    for a in &cast.agencies {
        d.agency(a).await?;
    }
    for u in &cast.users {
        d.user(u).await?;
    }
    let pid = d.new_id();
    create(d, cast, pid, &cast.programme).await?;
    let panel_id = d.new_id();
    form_panel(d, cast, pid, panel_id).await?;
    nominate(d, cast, pid, &cast.programme).await?;
    screen(d, cast, pid).await?;
    review(d, cast, pid, panel_id).await?;
    vote(d, cast, pid).await?;
    public_notice(d, cast, pid).await?;
    decide(d, cast, pid).await?;

    let next = d.new_id();
    create(d, cast, next, &cast.next_programme).await?;
    nominate(d, cast, next, &cast.next_programme).await?;
    Ok(Seeded {
        programme_id: pid,
        next_programme_id: next,
    })
}

/// The admin creates programme `pid` and adds its categories.
async fn create<S: EventStore>(
    d: &Seeder<'_, S>,
    cast: &Cast,
    pid: Uuid,
    p: &Programme,
) -> Result<(), DemoError> {
    let cmd = ProgrammeCommand::Create(CreateProgramme {
        programme_id: pid,
        title: p.title.clone(),
        year: p.year,
        description: p.description.clone(),
        notice_working_days: p.notice_working_days,
        schedule: Schedule::default(),
        holidays: p.holidays.iter().map(|h| h.0).collect(),
    });
    d.prog(&d.admin, pid, cmd).await?;
    let categories = match &p.categories {
        Some(codes) => codes
            .iter()
            .map(|c| cast.category(c).cloned())
            .collect::<Result<Vec<_>, _>>()?,
        None => cast.categories.clone(),
    };
    for c in categories {
        d.prog(&d.admin, pid, ProgrammeCommand::AddCategory(c))
            .await?;
    }
    Ok(())
}

async fn form_panel<S: EventStore>(
    d: &Seeder<'_, S>,
    cast: &Cast,
    pid: Uuid,
    panel_id: Uuid,
) -> Result<(), DemoError> {
    let panel = &cast.panel;
    let members = panel
        .members
        .iter()
        .map(|m| {
            // The app fills in each member's agency (which decides recusals) from the user.
            d.user_id(m).map(|user_id| PanelMember {
                user_id,
                agency_id: None,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let spec = PanelSpec {
        panel_id,
        name: panel.name.clone(),
        category_codes: panel.categories.clone(),
        members,
        chair_id: d.user_id(&panel.chair)?,
        reviewers_per_nomination: None,
    };
    d.prog(&d.admin, pid, ProgrammeCommand::FormPanel(spec))
        .await
}

/// Opens nominations: the clerks draft, the heads submit, then withdraw what they withdraw.
async fn nominate<S: EventStore>(
    d: &mut Seeder<'_, S>,
    cast: &Cast,
    pid: Uuid,
    p: &Programme,
) -> Result<(), DemoError> {
    d.phase(pid, Phase::Nominating).await?;
    let after = &cast.nominating.achievements_after_citation;
    for n in &p.nominations {
        d.draft(pid, n, after).await?;
    }
    for n in p.nominations.iter().filter(|n| n.submit) {
        let cmd = ProgrammeCommand::SubmitNomination {
            nomination_id: d.nomination(&n.key)?,
            history: vec![],
        };
        d.prog(d.head(&n.agency)?, pid, cmd).await?;
    }
    for n in &p.nominations {
        let Some(reason) = &n.withdrawn else { continue };
        let cmd = ProgrammeCommand::WithdrawNomination {
            nomination_id: d.nomination(&n.key)?,
            reason: reason.clone(),
        };
        d.prog(d.head(&n.agency)?, pid, cmd).await?;
    }
    Ok(())
}

/// The admin screens every submitted nomination: the eligible ones first, then those
/// screened out, then those returned to their agency.
async fn screen<S: EventStore>(d: &Seeder<'_, S>, cast: &Cast, pid: Uuid) -> Result<(), DemoError> {
    d.phase(pid, Phase::Screening).await?;
    let ns = &cast.programme.nominations;
    let eligible = ns.iter().filter(|n| {
        n.submit && n.withdrawn.is_none() && n.ineligible.is_none() && n.returned.is_none()
    });
    for n in eligible {
        let cmd = ProgrammeCommand::ScreenNomination {
            nomination_id: d.nomination(&n.key)?,
            eligible: true,
            reason: cast.nominating.eligible_reason.clone(),
        };
        d.prog(&d.admin, pid, cmd).await?;
    }
    for n in ns {
        let Some(reason) = &n.ineligible else {
            continue;
        };
        let cmd = ProgrammeCommand::ScreenNomination {
            nomination_id: d.nomination(&n.key)?,
            eligible: false,
            reason: reason.clone(),
        };
        d.prog(&d.admin, pid, cmd).await?;
    }
    for n in ns {
        let Some(reason) = &n.returned else { continue };
        let cmd = ProgrammeCommand::ReturnNomination {
            nomination_id: d.nomination(&n.key)?,
            reason: reason.clone(),
        };
        d.prog(&d.admin, pid, cmd).await?;
    }
    Ok(())
}

/// Reviewers are drawn, then each scorer fills in a sheet for every reviewed nomination.
async fn review<S: EventStore>(
    d: &Seeder<'_, S>,
    cast: &Cast,
    pid: Uuid,
    panel_id: Uuid,
) -> Result<(), DemoError> {
    d.phase(pid, Phase::Reviewing).await?;
    let seed = d.node.app().new_seed();
    d.prog(
        &d.admin,
        pid,
        ProgrammeCommand::AssignReviewers { panel_id, seed },
    )
    .await?;
    for scorer in &cast.panel.scorers {
        let member = d.user_by(scorer)?;
        for r in &cast.reviews {
            let cmd = ProgrammeCommand::RecordScores {
                nomination_id: d.nomination(&r.nomination)?,
                scores: r.scores.clone(),
                comment: Some(cast.panel.score_comment.clone()),
            };
            d.prog(member, pid, cmd).await?;
        }
    }
    Ok(())
}

/// Secret ballots, member by member; the secretariat enters the absent members' written
/// votes. The chair closes each category's round.
async fn vote<S: EventStore>(d: &Seeder<'_, S>, cast: &Cast, pid: Uuid) -> Result<(), DemoError> {
    d.phase(pid, Phase::Voting).await?;
    for r in &cast.reviews {
        let nomination_id = d.nomination(&r.nomination)?;
        for (email, vote) in cast.panel.members.iter().zip(&r.ballots) {
            let Some(choice) = vote.choice() else {
                continue;
            };
            if r.in_writing.contains(email) {
                let cmd = ProgrammeCommand::EnterAbsenteeBallot {
                    nomination_id,
                    member_id: d.user_id(email)?,
                    choice,
                };
                d.prog(&d.admin, pid, cmd).await?;
            } else {
                let cmd = ProgrammeCommand::CastBallot {
                    nomination_id,
                    choice,
                };
                d.prog(d.user_by(email)?, pid, cmd).await?;
            }
        }
    }
    let chair = d.user_by(&cast.panel.chair)?;
    for code in &cast.panel.categories {
        let cmd = ProgrammeCommand::CloseRound {
            category_code: code.clone(),
            opened: Default::default(),
        };
        d.prog(chair, pid, cmd).await?;
    }
    Ok(())
}

/// The public objects; the admin resolves each objection at once.
async fn public_notice<S: EventStore>(
    d: &Seeder<'_, S>,
    cast: &Cast,
    pid: Uuid,
) -> Result<(), DemoError> {
    d.phase(pid, Phase::PublicNotice).await?;
    for o in &cast.objections {
        let objection_id = d.new_id();
        let file = FileObjection {
            objection_id,
            nomination_id: d.nomination(&o.nomination)?,
            objector_person_id: d.new_id(),
            objector: cast.objector.clone(),
            text: o.text.clone(),
        };
        d.prog(&Actor::Public, pid, ProgrammeCommand::FileObjection(file))
            .await?;
        let cmd = ProgrammeCommand::ResolveObjection {
            objection_id,
            upheld: o.upheld,
            reason: o.reason.clone(),
        };
        d.prog(&d.admin, pid, cmd).await?;
    }
    Ok(())
}

/// The authority decides, the admin publishes, then awards are revoked.
async fn decide<S: EventStore>(d: &Seeder<'_, S>, cast: &Cast, pid: Uuid) -> Result<(), DemoError> {
    d.phase(pid, Phase::Deciding).await?;
    let decision = &cast.decision;
    let declined = decision
        .declined
        .iter()
        .map(|x| {
            d.nomination(&x.nomination).map(|nomination_id| Decline {
                nomination_id,
                reason: x.reason.clone(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let cmd = ProgrammeCommand::MakeDecision {
        decision_no: decision.number.clone(),
        decided_on: decision.decided_on,
        signer: decision.signer.clone(),
        declined,
        // The app opens the recommended nominees' public records itself.
        holders: Default::default(),
    };
    d.prog(d.user_by(&decision.by)?, pid, cmd).await?;
    d.phase(pid, Phase::Published).await?;
    for r in &cast.revocations {
        let nomination = d.nomination(&r.nomination)?;
        let programme = d.node.app().programme(pid).await?;
        let award = programme
            .nominations
            .get(&nomination)
            .and_then(|n| n.award_id);
        // A nomination the story did not award has nothing to revoke.
        let Some(award_id) = award else { continue };
        let cmd = ProgrammeCommand::RevokeAward {
            award_id,
            ground: r.ground,
            decision_no: r.number.clone(),
            decided_on: r.decided_on,
            note: r.note.clone(),
        };
        d.prog(d.user_by(&r.by)?, pid, cmd).await?;
    }
    Ok(())
}
