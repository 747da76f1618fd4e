//! `execute`: dispatch per aggregate, and the inputs the app gathers before deciding.
//!
//! - `SubmitNomination`: the nominee's award history, from the log (`history`).
//! - `FormPanel` / `AmendPanel`: each member's affiliation, from their user stream; a member
//!   must be a registered, active user with the `member` role.
//! - `CastBallot` / `EnterAbsenteeBallot` (seal, before the append) and `CloseRound` (open,
//!   then destroy) under a secret rule, `RerunRound` (destroy): the sealed box (`ballot`).
//! - `RegisterUser`, an e-mail change, `RegisterAgency`: the unique key is reserved in the
//!   `directory` stream first. The command is decided once beforehand (without appending) so
//!   a refused registration reserves nothing; a crash between the reservation and the
//!   registration leaves a reservation the retry (same id) finds as its own and goes on.

use accolade_domain::{
    Actor, Agency, AgencyCommand, Context, Directory, DirectoryCommand, History, Programme,
    ProgrammeCommand, User, UserCommand, stream,
};
use accolade_events::{ProgrammeEvent, Role};
use accolade_store::EventStore;
use uuid::Uuid;

use crate::app::{App, AsGiven, Plan, Run};
use crate::ballot;
use crate::command::{Command, Executed, Options};
use crate::error::AppError;
use crate::idempotency::Keyed;
use crate::stored::Stored;
use crate::vault::RoundId;

impl<S: EventStore> App<S> {
    /// Executes `command` as `actor`. See [`App::execute_with`].
    pub async fn execute(&self, actor: Actor, command: Command) -> Result<Executed, AppError> {
        self.execute_with(actor, command, Options::default()).await
    }

    /// Executes `command` as `actor`: loads the stream, gathers the inputs the domain needs,
    /// decides, appends with the expected version (retrying on a conflict), and returns once
    /// the events are durable (and, when configured, visible in the read model). A refused
    /// command appends nothing.
    pub async fn execute_with(
        &self,
        actor: Actor,
        command: Command,
        options: Options,
    ) -> Result<Executed, AppError> {
        let keyed = options
            .idempotency_key
            .as_deref()
            .map(|k| Keyed::new(&actor, k, &command))
            .transpose()?;
        let run = Run {
            actor: &actor,
            keyed: keyed.as_ref(),
            correlation_id: options.correlation_id,
            part: "main",
            expected_version: options.expected_version,
        };
        let executed = match command {
            Command::Programme {
                programme_id,
                command,
            } => {
                if let ProgrammeCommand::Create(c) = &command
                    && c.programme_id != programme_id
                {
                    return Err(AppError::invalid(
                        "programme_id",
                        "differs from the command's",
                    ));
                }
                let plan = ProgrammePlan {
                    app: self.clone(),
                    programme_id,
                    given: command,
                    closing: None,
                };
                self.run::<Programme, _>(&stream::programme(programme_id), &run, plan)
                    .await?
            }
            Command::Agency { agency_id, command } => {
                let s = stream::agency(agency_id);
                if let AgencyCommand::Register(r) = &command {
                    if r.agency_id != agency_id {
                        return Err(AppError::invalid("agency_id", "differs from the command's"));
                    }
                    if let Some(done) = self.first_result::<Agency>(&s, &run).await? {
                        return Ok(done);
                    }
                    self.dry_run::<Agency>(&s, &run, &command).await?;
                    let code = r.code.clone();
                    self.reserve(
                        &run,
                        DirectoryCommand::ReserveAgencyCode { agency_id, code },
                    )
                    .await?;
                }
                self.run::<Agency, _>(&s, &run, AsGiven(command)).await?
            }
            Command::User {
                user_id,
                mut command,
            } => {
                let s = stream::user(user_id);
                if let UserCommand::Amend(a) = &mut command
                    && (a.email.is_some() || a.full_name.is_some())
                {
                    // The domain writes the new contact whole; the state holds it sealed.
                    let user = self.load::<User>(&s).await?.state;
                    a.current_contact = user
                        .current
                        .and_then(|u| u.contact.open(self.people().as_ref()));
                }
                let email = match &command {
                    UserCommand::Register(r) if r.user_id != user_id => {
                        return Err(AppError::invalid("user_id", "differs from the command's"));
                    }
                    UserCommand::Register(r) => Some(r.email.clone()),
                    UserCommand::Amend(a) => a.email.clone(),
                    _ => None,
                };
                if let Some(email) = email {
                    if let Some(done) = self.first_result::<User>(&s, &run).await? {
                        return Ok(done);
                    }
                    self.dry_run::<User>(&s, &run, &command).await?;
                    let email_key = self.people().email_key(&email);
                    let reserve = DirectoryCommand::ReserveEmail {
                        user_id,
                        email,
                        email_key,
                    };
                    self.reserve(&run, reserve).await?;
                }
                self.run::<User, _>(&s, &run, AsGiven(command)).await?
            }
            Command::Directory(c) => {
                self.run::<Directory, _>(stream::DIRECTORY, &run, AsGiven(c))
                    .await?
            }
            Command::History(c) => {
                self.run::<History, _>(stream::HISTORY, &run, AsGiven(c))
                    .await?
            }
        };
        Ok(executed)
    }

    /// A keyed command's first result, looked up before any reservation is made again.
    async fn first_result<A: Stored>(
        &self,
        stream: &str,
        run: &Run<'_>,
    ) -> Result<Option<Executed>, AppError>
    where
        A::Command: Clone + std::fmt::Debug + Send + Sync,
        A::Event: Clone + std::fmt::Debug + Send + Sync,
    {
        let Some(keyed) = run.keyed else {
            return Ok(None);
        };
        self.load::<A>(stream).await?;
        self.replay_keyed::<A>(stream, keyed, run.part).await
    }

    /// Decides `command` on the current state without appending: refusals surface before any
    /// reservation is made for it.
    async fn dry_run<A: Stored>(
        &self,
        stream: &str,
        run: &Run<'_>,
        command: &A::Command,
    ) -> Result<(), AppError>
    where
        A::Command: Clone + std::fmt::Debug + Send + Sync,
        A::Event: Clone + std::fmt::Debug + Send + Sync,
    {
        let cached = self.load::<A>(stream).await?;
        crate::app::check_version(run.expected_version, cached.version)?;
        cached
            .state
            .decide(command, &Context::new(run.actor.clone(), self.now()))?;
        Ok(())
    }

    async fn reserve(&self, run: &Run<'_>, command: DirectoryCommand) -> Result<(), AppError> {
        let run = Run {
            part: "directory",
            // The caller's expected version is its own stream's, not the directory's.
            expected_version: None,
            ..*run
        };
        self.run::<Directory, _>(stream::DIRECTORY, &run, AsGiven(command))
            .await?;
        Ok(())
    }

    /// The panel with each member's affiliation taken from their user stream.
    async fn with_affiliations(
        &self,
        spec: &accolade_domain::PanelSpec,
    ) -> Result<accolade_domain::PanelSpec, AppError> {
        let mut spec = spec.clone();
        for m in &mut spec.members {
            let user = self.load::<User>(&stream::user(m.user_id)).await?.state;
            let Some(u) = user.current.as_ref() else {
                return Err(AppError::not_found("user", m.user_id));
            };
            if u.role != Role::Member || !user.active {
                return Err(AppError::invalid(
                    "members",
                    format!("user {} is not an active panel member", m.user_id),
                ));
            }
            m.agency_id = u.agency_id;
        }
        Ok(spec)
    }
}

/// The public record (name, position, work unit) of every recommended nominee, opened: what
/// the awards of a decision carry, sealed under each person's public-record key. An erased
/// nominee has none, and the domain asks for that nomination to be declined.
fn public_records<S: EventStore>(
    app: &App<S>,
    state: &Programme,
) -> std::collections::BTreeMap<Uuid, accolade_events::PublicHolder> {
    state
        .nominations
        .values()
        .filter(|n| n.status == accolade_events::NominationStatus::Recommended)
        .filter_map(|n| {
            let nominee = n.nominee.open(app.people().as_ref())?;
            Some((n.id, nominee.public_record()))
        })
        .collect()
}

/// A programme command: gathers history, affiliations and sealed ballots around `decide`.
struct ProgrammePlan<S: EventStore> {
    app: App<S>,
    programme_id: Uuid,
    given: ProgrammeCommand,
    /// The round being closed or re-run, destroyed once that is durable.
    closing: Option<RoundId>,
}

impl<S: EventStore> Plan<Programme> for ProgrammePlan<S> {
    async fn command(&mut self, state: &Programme) -> Result<ProgrammeCommand, AppError> {
        use ProgrammeCommand as C;
        let vault = self.app.vault();
        self.closing = None;
        Ok(match &self.given {
            C::SubmitNomination { nomination_id, .. } => {
                let history = match state.nominations.get(nomination_id) {
                    Some(n) => self.app.award_history(n.person_id).await?,
                    None => vec![],
                };
                C::SubmitNomination {
                    nomination_id: *nomination_id,
                    history,
                }
            }
            C::MakeDecision {
                decision_no,
                decided_on,
                signer,
                declined,
                ..
            } => C::MakeDecision {
                decision_no: decision_no.clone(),
                decided_on: *decided_on,
                signer: signer.clone(),
                declined: declined.clone(),
                holders: public_records(&self.app, state),
            },
            C::FormPanel(spec) => C::FormPanel(self.app.with_affiliations(spec).await?),
            C::AmendPanel(spec) => C::AmendPanel(self.app.with_affiliations(spec).await?),
            // Ballots need nothing from the vault: a repeated secret ballot is refused from the
            // participation record alone (docs/secret-ballot.md); only a close opens the box.
            C::RerunRound { category_code, .. } => {
                self.closing = Some(ballot::current_round(
                    state,
                    self.programme_id,
                    category_code,
                ));
                self.given.clone()
            }
            C::CloseRound {
                category_code,
                opened,
            } if state
                .categories
                .get(category_code)
                .is_some_and(|c| c.voting.secret) =>
            {
                if !opened.is_empty() {
                    return Err(AppError::invalid(
                        "opened",
                        "secret choices are opened by the app, not sent",
                    ));
                }
                let round = ballot::current_round(state, self.programme_id, category_code);
                let opened = ballot::open_round(vault, state, &round).await?;
                self.closing = Some(round);
                C::CloseRound {
                    category_code: category_code.clone(),
                    opened,
                }
            }
            other => other.clone(),
        })
    }

    async fn before_append(
        &mut self,
        state: &Programme,
        events: &[ProgrammeEvent],
    ) -> Result<(), AppError> {
        use ProgrammeCommand as C;
        let choice = match &self.given {
            C::CastBallot { choice, .. } | C::EnterAbsenteeBallot { choice, .. } => *choice,
            _ => return Ok(()),
        };
        for ev in events {
            // Only a participation without a recorded choice is sealed: open ballots carry
            // their choice in the log.
            let (nomination, member) = match ev {
                ProgrammeEvent::BallotParticipationRecorded(p) => (p.nomination_id, p.member_id),
                ProgrammeEvent::AbsenteeBallotEntered(a) if a.choice.is_none() => {
                    (a.nomination_id, a.member_id)
                }
                _ => continue,
            };
            let round = ballot::round_of(state, self.programme_id, nomination)
                .ok_or_else(|| AppError::not_found("nomination", nomination))?;
            ballot::seal(self.app.vault(), round, member, nomination, choice).await?;
        }
        Ok(())
    }

    /// A round's close or re-run opens or voids the sealed box, so it is decided alone: in a
    /// group, casts decided before it would not be sealed into the box yet (sealing happens
    /// once the whole group is decided), and the close would find their slots missing.
    fn alone(&self) -> bool {
        matches!(
            self.given,
            ProgrammeCommand::CloseRound { .. } | ProgrammeCommand::RerunRound { .. }
        )
    }

    async fn after_append(&mut self, events: &[ProgrammeEvent]) {
        let ended = events.iter().any(|e| {
            matches!(
                e,
                ProgrammeEvent::RoundClosed(_) | ProgrammeEvent::RoundRerun(_)
            )
        });
        if let Some(round) = self.closing.take().filter(|_| ended) {
            // The round is over (its choices are in the log, or it was voided); its key must
            // go, and with it any earlier generation a crash left behind. A failure here does
            // not undo the close, so it is logged for the operator rather than returned; the
            // periodic sweep (`App::sweep_closed_rounds`) tries again.
            let (pid, code) = (round.programme_id, round.category_code.clone());
            let to = round.generation + 1;
            if let Err(e) = ballot::destroy_past(self.app.vault(), pid, &code, 0, to).await {
                tracing::error!(error = %e, programme_id = %pid, "could not destroy a closed round's key");
            }
        }
    }
}
