//! Fixtures: a world that runs programme commands through decide + evolve, keeping the log.

use std::collections::BTreeMap;

use accolade_domain::*;
use accolade_events::*;
use time::{Duration, OffsetDateTime, macros::datetime};
use uuid::Uuid;

pub use accolade_domain::fixtures::*;

/// A programme log and state, driven by commands.
pub struct World {
    pub state: Programme,
    pub log: Vec<ProgrammeEvent>,
    pub now: OffsetDateTime,
}

impl World {
    pub fn new() -> Self {
        Self {
            state: Programme::default(),
            log: vec![],
            now: datetime!(2026-03-02 09:00 +7),
        }
    }

    pub fn ctx(&self, actor: &Actor) -> Context {
        Context::new(actor.clone(), self.now)
    }

    /// Decides and, on success, evolves and logs.
    pub fn try_run(
        &mut self,
        actor: &Actor,
        cmd: ProgrammeCommand,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        let events = self.state.decide(&cmd, &self.ctx(actor))?;
        for e in &events {
            self.state.evolve(e);
        }
        self.log.extend(events.iter().cloned());
        Ok(events)
    }

    /// A copy to try a command on without changing this world.
    pub fn clone_state(&self) -> World {
        World {
            state: self.state.clone(),
            log: self.log.clone(),
            now: self.now,
        }
    }

    pub fn run(&mut self, actor: &Actor, cmd: ProgrammeCommand) -> Vec<ProgrammeEvent> {
        match self.try_run(actor, cmd.clone()) {
            Ok(e) => e,
            Err(e) => panic!("{cmd:?} as {actor:?} failed: {e}"),
        }
    }

    pub fn days(&mut self, n: i64) {
        self.now += Duration::days(n);
    }

    pub fn move_to(&mut self, phase: Phase) {
        self.run(&admin(), ProgrammeCommand::MovePhase { to: phase });
    }

    /// The chair (member 1) closes category C's round, no secret ballots opened.
    pub fn close_round(&mut self) {
        let close = ProgrammeCommand::CloseRound {
            category_code: "C".into(),
            opened: Default::default(),
        };
        self.run(&member(1), close);
    }

    pub fn status(&self, id: Uuid) -> NominationStatus {
        self.state.nominations[&id].status
    }

    /// Created, with `categories`, and a panel of `members` over all of them (member `i`'s
    /// affiliation from `affiliation`), chair member 1; left in `setup`.
    pub fn programme(
        categories: Vec<Category>,
        members: u128,
        affiliation: impl Fn(u128) -> Option<Uuid>,
        per: Option<u32>,
    ) -> Self {
        let mut w = Self::new();
        w.run(
            &admin(),
            ProgrammeCommand::Create(CreateProgramme {
                programme_id: PROGRAMME,
                title: "Giải thưởng Truyền thông KH&CN 2026".into(),
                year: 2026,
                description: None,
                notice_working_days: 10,
                schedule: Schedule::default(),
                holidays: vec![
                    time::macros::date!(2026 - 04 - 30),
                    time::macros::date!(2026 - 05 - 01),
                ],
            }),
        );
        let codes: Vec<String> = categories.iter().map(|c| c.code.clone()).collect();
        for c in categories {
            w.run(&admin(), ProgrammeCommand::AddCategory(c));
        }
        if codes.is_empty() {
            return w;
        }
        w.run(
            &admin(),
            ProgrammeCommand::FormPanel(PanelSpec {
                panel_id: PANEL,
                name: "Hội đồng".into(),
                category_codes: codes,
                members: (1..=members)
                    .map(|i| PanelMember {
                        user_id: m(i),
                        agency_id: affiliation(i),
                    })
                    .collect(),
                chair_id: m(1),
                reviewers_per_nomination: per,
            }),
        );
        w
    }

    pub fn draft(&mut self, agency: Uuid, id: Uuid, code: &str, name: &str, person: u128) {
        self.run(
            &clerk(agency),
            ProgrammeCommand::DraftNomination {
                nomination_id: id,
                category_code: code.into(),
                content: content(name, person),
            },
        );
    }

    pub fn draft_content(&mut self, agency: Uuid, id: Uuid, content: NominationContent) {
        self.run(
            &clerk(agency),
            ProgrammeCommand::DraftNomination {
                nomination_id: id,
                category_code: "C".into(),
                content,
            },
        );
    }

    pub fn submit(&mut self, agency: Uuid, id: Uuid) -> Result<Vec<ProgrammeEvent>, DomainError> {
        self.try_run(
            &head(agency),
            ProgrammeCommand::SubmitNomination {
                nomination_id: id,
                history: vec![],
            },
        )
    }

    pub fn screen(&mut self, id: Uuid, eligible: bool) {
        self.run(
            &admin(),
            ProgrammeCommand::ScreenNomination {
                nomination_id: id,
                eligible,
                reason: "checked".into(),
            },
        );
    }

    pub fn score(&mut self, i: u128, id: Uuid, impact: u32, reach: u32) {
        let scores = BTreeMap::from([("impact".to_owned(), impact), ("reach".to_owned(), reach)]);
        self.run(
            &member(i),
            ProgrammeCommand::RecordScores {
                nomination_id: id,
                scores,
                comment: None,
            },
        );
    }

    pub fn vote(
        &mut self,
        i: u128,
        id: Uuid,
        choice: Choice,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        self.try_run(
            &member(i),
            ProgrammeCommand::CastBallot {
                nomination_id: id,
                choice,
            },
        )
    }

    /// A one-category programme (`rule`, `max_awards`) with `members` members (no
    /// affiliations) and `n` eligible, assigned nominations from A1/A2 alternately, in voting.
    pub fn in_voting(rule: VotingRule, max_awards: u32, members: u128, n: u128) -> Self {
        let mut w = Self::programme(
            vec![category("C", rule, max_awards, None)],
            members,
            |_| None,
            None,
        );
        w.move_to(Phase::Nominating);
        for i in 1..=n {
            let agency = if i % 2 == 1 { A1 } else { A2 };
            w.draft(agency, nom(i), "C", &format!("Người {i}"), i);
            w.submit(agency, nom(i)).unwrap();
            w.days(1);
        }
        w.move_to(Phase::Screening);
        for i in 1..=n {
            w.screen(nom(i), true);
        }
        w.move_to(Phase::Reviewing);
        w.run(
            &admin(),
            ProgrammeCommand::AssignReviewers {
                panel_id: PANEL,
                seed: 7,
            },
        );
        w.move_to(Phase::Voting);
        w
    }

    /// The `OutcomeDecided` events in the log, latest per nomination.
    pub fn outcomes(&self) -> BTreeMap<Uuid, OutcomeDecided> {
        let mut out = BTreeMap::new();
        for e in &self.log {
            if let ProgrammeEvent::OutcomeDecided(o) = e {
                out.insert(o.nomination_id, o.clone());
            }
        }
        out
    }
}

pub fn open_rule(num: u32, den: u32, strict: bool, denominator: Denominator) -> VotingRule {
    VotingRule {
        threshold: Threshold { num, den, strict },
        denominator,
        quorum: None,
        secret: false,
        absentee_written: true,
    }
}
