//! Nominations: drafting and amending (an agency's clerk or head), submitting and
//! withdrawing (its head), screening, returning and promoting (the secretariat), and reading
//! them under the read rule.
//!
//! A nomination lives in its programme's stream; every write here finds the programme from
//! the read models, runs the command there and answers with the nomination's own content
//! version (the `ETag` an amendment is made against), not the programme stream's.

use std::collections::BTreeMap;

use accolade_domain::{
    Audience, DomainError, Nomination, NominationContent, Programme, ProgrammeCommand,
};
use accolade_events::{Category, Evidence, Nominee, Phase};
use accolade_projections::{AuditFilter, AuditItem, QueueFilter, QueueItem};
use accolade_store::EventStore;
use uuid::Uuid;

use super::{Ask, Done};
use crate::authz::{self, may};
use crate::{Actor, AppError, Command, HistoryEntry, Node};

/// The nomination actions of a [`Node`].
#[derive(Debug)]
pub struct Nominations<'a, S: EventStore> {
    node: &'a Node<S>,
}

impl<S: EventStore> Node<S> {
    /// Drafting, amending, submitting, withdrawing, screening and reading nominations.
    pub fn nominations(&self) -> Nominations<'_, S> {
        Nominations { node: self }
    }
}

/// A new nomination, as a clerk or head writes it.
#[derive(Debug, Clone)]
pub struct NewNomination {
    /// The category it is for (its code in the programme).
    pub category_code: String,
    /// Who is nominated.
    pub nominee: Nominee,
    /// The person the nominee is, when the clerk linked one of the candidates offered
    /// (`persons().candidates`); `None` declares a new person.
    pub person_id: Option<Uuid>,
    /// The citation: why, in a sentence or two (shown on the honour list if conferred).
    pub citation: String,
    /// What they achieved, at length (for the panel).
    pub achievements: String,
    /// Links to evidence (http or https).
    pub evidence: Vec<Evidence>,
}

/// Changes to a nomination's content; a field left `None` keeps what the nomination has.
#[derive(Debug, Clone, Default)]
pub struct NominationPatch {
    /// The nominee, whole.
    pub nominee: Option<Nominee>,
    /// Link the nominee to this known person instead (a candidate); `None` keeps the person.
    pub person_id: Option<Uuid>,
    /// The new citation.
    pub citation: Option<String>,
    /// The new account of achievements.
    pub achievements: Option<String>,
    /// The evidence links, whole.
    pub evidence: Option<Vec<Evidence>>,
}

/// A screening decision.
#[derive(Debug, Clone)]
pub struct Screening {
    /// Whether the nomination meets the category's conditions.
    pub eligible: bool,
    /// The secretariat's reason, recorded in the history.
    pub reason: String,
}

/// One nomination as its reader may see it, with what a front end needs around it.
#[derive(Debug, Clone)]
pub struct NominationRead {
    /// The programme it belongs to.
    pub programme_id: Uuid,
    /// That programme's title.
    pub programme_title: String,
    /// That programme's phase now.
    pub phase: Phase,
    /// Its category as the programme defines it (criteria, voting rule), if still defined.
    pub category: Option<Category>,
    /// Who the reader is for this nomination (`Programme::audience`).
    pub audience: Audience,
    /// The nomination, cut to the audience: duplicate flags only for the secretariat, and of
    /// the panel's score sheets and ballots only the reader's own unless they are the
    /// secretariat. Its `nominee` stays sealed: read [`NominationRead::nominee`].
    pub nomination: Nomination,
    /// The nominee opened and cut to the audience (contact, birth year and national id only
    /// for the agency and the secretariat); `None` once the person was erased.
    pub nominee: Option<Nominee>,
}

/// The nomination as `audience` may read it (the domain's visibility rule).
fn cut(audience: Audience, reader: Option<Uuid>, mut n: Nomination) -> Nomination {
    if !audience.sees_duplicates() {
        n.duplicates.clear();
    }
    if audience != Audience::Secretariat {
        n.scores.retain(|m, _| Some(*m) == reader);
        n.participants.retain(|m, _| Some(*m) == reader);
    }
    n
}

impl<S: EventStore> Nominations<'_, S> {
    /// The programme nomination `id` belongs to (not found if the read models know no such
    /// nomination). Says nothing of whether the caller may see it.
    pub fn programme_of(&self, id: Uuid) -> Result<Uuid, AppError> {
        self.node
            .read(|p| p.catalog().nominations.get(&id).map(|n| n.programme_id))
            .ok_or_else(|| AppError::not_found("nomination", id))
    }

    /// Drafts a nomination for the caller's agency (clerk or head, while `nominating`).
    /// `Done::id` is the new nomination's id; with an idempotency key, a retry answers the
    /// first draft instead of making a second.
    pub async fn draft(
        &self,
        ask: &Ask,
        programme_id: Uuid,
        input: NewNomination,
    ) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::DRAFT)?;
        let id = self.node.id_for(ask, "nomination");
        let linked = input.person_id.is_some();
        let person_id = match input.person_id {
            Some(person) => self.linkable(&actor, person).await?,
            // A new person: never merged with anyone automatically (folded names collide);
            // the duplicate check flags look-alikes to the secretariat.
            None => self.node.id_for(ask, "nominee"),
        };
        let command = ProgrammeCommand::DraftNomination {
            nomination_id: id,
            category_code: input.category_code,
            content: NominationContent {
                person_id,
                lookups: self.node.app().people().nominee_lookups(&input.nominee),
                linked,
                nominee: input.nominee,
                citation: input.citation,
                achievements: input.achievements,
                evidence: input.evidence,
            },
        };
        let done = self
            .node
            .act(ask, &actor, id, Command::programme(programme_id, command))
            .await?;
        self.node.with_content_version(programme_id, done).await
    }

    /// Amends a draft, or a nomination returned for correction (clerk or head of its
    /// agency). `ask.expected_version` is the nomination's content version the caller read:
    /// the domain refuses the amendment (stale) if someone amended it since.
    pub async fn amend(
        &self,
        ask: &Ask,
        id: Uuid,
        patch: NominationPatch,
    ) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::DRAFT)?;
        let pid = self.programme_of(id)?;
        let p = self.node.app().programme(pid).await?;
        authz::see_nomination(&actor, &p, id)?;
        let n = p
            .nominations
            .get(&id)
            .ok_or_else(|| AppError::not_found("nomination", id))?;
        // Checked by the domain when the amendment is decided (in its group, on the state
        // its events are appended against); a version beyond any nomination's cannot match.
        let expected_version = match ask.expected_version {
            Some(v) => Some(u32::try_from(v).map_err(|_| {
                AppError::Domain(DomainError::VersionMismatch {
                    expected: v,
                    current: u64::from(n.version),
                })
            })?),
            None => None,
        };
        let nominee = match patch.nominee {
            Some(nominee) => nominee,
            None => n
                .nominee
                .open(self.node.app().people().as_ref())
                .ok_or_else(|| {
                    AppError::Domain(DomainError::conflict(
                        accolade_domain::Clash::PersonErased,
                        "the nominee's data was erased",
                    ))
                })?,
        };
        let (person_id, linked) = match patch.person_id {
            Some(person) if person != n.person_id => (self.linkable(&actor, person).await?, true),
            _ => (n.person_id, false),
        };
        let command = ProgrammeCommand::AmendNomination {
            nomination_id: id,
            content: NominationContent {
                person_id,
                lookups: self.node.app().people().nominee_lookups(&nominee),
                linked,
                nominee,
                citation: patch.citation.unwrap_or_else(|| n.citation.clone()),
                achievements: patch.achievements.unwrap_or_else(|| n.achievements.clone()),
                evidence: patch.evidence.unwrap_or_else(|| n.evidence.clone()),
            },
            expected_version,
        };
        // The expected version is the nomination's, inside the command; the programme
        // stream's own version is not the caller's business.
        let ask = Ask {
            expected_version: None,
            ..ask.clone()
        };
        self.node.on_nomination(&ask, &actor, id, command).await
    }

    /// `person` if the caller's agency may link a nominee to them (a candidate: an award
    /// holder, or one of the agency's own nominees); otherwise invalid on `person_id`.
    async fn linkable(&self, actor: &Actor, person: Uuid) -> Result<Uuid, AppError> {
        let agency = actor.agency_id().unwrap_or_default();
        let index = self.node.app().known_people().await?;
        if index.linkable(person, agency) {
            Ok(person)
        } else {
            Err(AppError::invalid(
                "person_id",
                "not a person this agency may link: choose one of the candidates, or none",
            ))
        }
    }

    /// Submits (endorses) a draft, or resubmits a returned nomination (head of its agency).
    /// The category's quotas and prerequisites are checked by the domain (invalid).
    pub async fn submit(&self, ask: &Ask, id: Uuid) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::ENDORSE)?;
        // The nominee's past awards are gathered by the app, never taken from the caller.
        let command = ProgrammeCommand::SubmitNomination {
            nomination_id: id,
            history: vec![],
        };
        self.node.on_nomination(ask, &actor, id, command).await
    }

    /// Withdraws a nomination before the decision (head of its agency), for `reason`.
    pub async fn withdraw(&self, ask: &Ask, id: Uuid, reason: String) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::ENDORSE)?;
        let command = ProgrammeCommand::WithdrawNomination {
            nomination_id: id,
            reason,
        };
        self.node.on_nomination(ask, &actor, id, command).await
    }

    /// Screens a submitted nomination eligible or not (the secretariat, `screening`).
    pub async fn screen(&self, ask: &Ask, id: Uuid, input: Screening) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::SECRETARIAT)?;
        let command = ProgrammeCommand::ScreenNomination {
            nomination_id: id,
            eligible: input.eligible,
            reason: input.reason,
        };
        self.node.on_nomination(ask, &actor, id, command).await
    }

    /// Returns a submitted nomination to its agency for correction (the secretariat,
    /// `screening`).
    pub async fn send_back(&self, ask: &Ask, id: Uuid, reason: String) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::SECRETARIAT)?;
        let command = ProgrammeCommand::ReturnNomination {
            nomination_id: id,
            reason,
        };
        self.node.on_nomination(ask, &actor, id, command).await
    }

    /// Moves a reserve up into a freed place (the secretariat, `public_notice`); it gets its
    /// own notice period.
    pub async fn promote(&self, ask: &Ask, id: Uuid, reason: String) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::SECRETARIAT)?;
        let command = ProgrammeCommand::PromoteReserve {
            nomination_id: id,
            reason,
        };
        self.node.on_nomination(ask, &actor, id, command).await
    }

    /// The nomination as the caller may see it (not found if they may not: a draft outside
    /// their agency, one they are recused from or not assigned, one not yet before the
    /// authority).
    pub async fn show(&self, ask: &Ask, id: Uuid) -> Result<NominationRead, AppError> {
        let actor = ask.caller.require(may::ANY_ROLE)?;
        let pid = self.programme_of(id)?;
        let p = self.node.app().programme(pid).await?;
        read(&actor, pid, p, id, self.node.app().people().as_ref())
    }

    /// The nominations the caller may see, matching `filter`: an agency its own (drafts
    /// included), a member those assigned and not recused from, the authority the list from
    /// public notice on, the secretariat all.
    pub fn list(&self, ask: &Ask, filter: &QueueFilter) -> Result<Vec<QueueItem>, AppError> {
        let actor = ask.caller.require(may::ANY_ROLE)?;
        let viewer = authz::viewer(&actor);
        Ok(self
            .node
            .read(|p| p.nominations(viewer, filter, self.node.unseal())))
    }

    /// Every event of the nomination, oldest first, each only as far as the caller may see
    /// it (some left out, some with fields emptied); not found if they may not see the
    /// nomination.
    ///
    /// Read from the programme's stream by the app (`App::nomination_history`), not yet from
    /// a read model: the projections keep no per-nomination event list.
    pub async fn history(&self, ask: &Ask, id: Uuid) -> Result<Vec<HistoryEntry>, AppError> {
        let actor = ask.caller.require(may::ANY_ROLE)?;
        let pid = self.programme_of(id)?;
        self.node.app().nomination_history(&actor, pid, id).await
    }

    /// The nomination's entries in the audit trail (status before and after, each changed
    /// field before and after), only those its [`history`](Self::history) shows the caller
    /// and with the actor hidden where it hides it.
    pub async fn audit_trail(&self, ask: &Ask, id: Uuid) -> Result<Vec<AuditItem>, AppError> {
        let shown: BTreeMap<u64, bool> = self
            .history(ask, id)
            .await?
            .into_iter()
            .map(|e| (e.position, e.actor.is_some()))
            .collect();
        let filter = AuditFilter {
            nomination_id: Some(id),
            ..AuditFilter::default()
        };
        let items = self.node.read(|r| r.audit(&filter, self.node.unseal()));
        Ok(items
            .into_iter()
            .filter_map(|mut item| {
                if !*shown.get(&item.position)? {
                    item.actor = accolade_projections::Actor::Anonymous;
                }
                Some(item)
            })
            .collect())
    }
}

/// Nomination `id` of programme `p` as `actor` may read it.
fn read(
    actor: &Actor,
    pid: Uuid,
    p: Programme,
    id: Uuid,
    people: &dyn accolade_events::Unseal,
) -> Result<NominationRead, AppError> {
    authz::see_nomination(actor, &p, id)?;
    let audience = p.audience(actor, id);
    let mut p = p;
    let n = p
        .nominations
        .remove(&id)
        .map(std::sync::Arc::unwrap_or_clone)
        .ok_or_else(|| AppError::not_found("nomination", id))?;
    Ok(NominationRead {
        programme_id: pid,
        programme_title: p.title,
        phase: p.phase,
        category: p.categories.remove(&n.category_code),
        audience,
        nominee: n.nominee.open(people).map(|x| audience.nominee(&x)),
        nomination: cut(audience, actor.user_id(), n),
    })
}

impl<S: EventStore> Node<S> {
    /// Runs a programme command about nomination `id` (its programme found from the read
    /// models) and answers with the nomination's content version.
    pub(crate) async fn on_nomination(
        &self,
        ask: &Ask,
        actor: &Actor,
        id: Uuid,
        command: ProgrammeCommand,
    ) -> Result<Done, AppError> {
        let pid = self.nominations().programme_of(id)?;
        let done = self
            .act(ask, actor, id, Command::programme(pid, command))
            .await?;
        self.with_content_version(pid, done).await
    }

    /// `done` with the content version of the nomination it names (its `ETag`), in place of
    /// the programme stream's version (which stays in `done.executed.version`).
    async fn with_content_version(&self, pid: Uuid, done: Done) -> Result<Done, AppError> {
        let version = self
            .app()
            .programme(pid)
            .await?
            .nominations
            .get(&done.id)
            .map(|n| u64::from(n.version))
            .ok_or_else(|| AppError::not_found("nomination", done.id))?;
        Ok(Done { version, ..done })
    }
}
