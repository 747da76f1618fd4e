//! Objections during public notice: filed by anyone (no sign-in; the log records no actor),
//! resolved one by one or dismissed in a batch by the secretariat, and listed for the
//! secretariat from the objections read model — the one place an objector is shown.
//!
//! The limit on objections per client address is not here: the client's address is an HTTP
//! fact (the peer, or `X-Forwarded-For` behind a trusted proxy) and the cap is the HTTP
//! server's configuration, so `accolade_http::limits::PublicLimits` wraps [`Objections::file`]
//! at the edge, for the API and the page alike. The counting itself is the app's
//! [`crate::limiter::Limiter`].

use accolade_domain::{FileObjection, ProgrammeCommand};
use accolade_events::{NominationStatus, Objector, Phase};
pub use accolade_projections::ObjectionStatus;
use accolade_store::EventStore;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{Ask, Done};
use crate::authz::may;
use crate::{Actor, AppError, Command, Node};

/// The objection actions of a [`Node`].
#[derive(Debug)]
pub struct Objections<'a, S: EventStore> {
    node: &'a Node<S>,
}

impl<S: EventStore> Node<S> {
    /// Filing, resolving, dismissing and listing objections.
    pub fn objections(&self) -> Objections<'_, S> {
        Objections { node: self }
    }
}

/// An objection as the public writes it.
#[derive(Debug, Clone)]
pub struct NewObjection {
    /// Who objects: name, phone and address are required by law; the e-mail is optional,
    /// to hear the outcome. Kept private: only the secretariat's list shows it.
    pub objector: Objector,
    /// The objection itself.
    pub text: String,
}

/// Which objections to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct ObjectionFilter {
    /// Only this programme (`None`: every programme).
    pub programme_id: Option<Uuid>,
    /// Only objections standing so (`None`: all).
    pub status: Option<ObjectionStatus>,
}

/// One objection as the secretariat sees it.
#[derive(Debug, Clone)]
pub struct ObjectionView {
    /// The objection's id.
    pub id: Uuid,
    /// The nomination objected to.
    pub nomination_id: Uuid,
    /// That nomination's nominee, by full name.
    pub nominee: String,
    /// Where that nomination stands now (`None` if the read models do not know it).
    pub nomination_status: Option<NominationStatus>,
    /// Open, upheld or dismissed.
    pub status: ObjectionStatus,
    /// Who objected (only the secretariat gets this view); `None` once the objector's data
    /// was erased.
    pub objector: Option<Objector>,
    /// The objector's pseudonymous person id: what an erasure names.
    pub objector_person_id: Uuid,
    /// What the objector wrote.
    pub text: String,
    /// When it was received.
    pub filed_at: OffsetDateTime,
    /// The resolution's reason, once resolved.
    pub reason: Option<String>,
}

/// A programme's objections.
#[derive(Debug, Clone)]
pub struct ProgrammeObjections {
    /// The programme's id.
    pub programme_id: Uuid,
    /// Its title.
    pub title: String,
    /// Whether it is in public notice: only then may an objection be resolved.
    pub in_notice: bool,
    /// Its objections that pass the filter, by id.
    pub objections: Vec<ObjectionView>,
}

/// The secretariat's list: every programme (for choosing one) and the objections by
/// programme (programmes without a matching objection left out).
#[derive(Debug, Clone, Default)]
pub struct ObjectionList {
    /// Every programme, by id, with its title.
    pub programmes: Vec<(Uuid, String)>,
    /// The programmes with matching objections, by id.
    pub groups: Vec<ProgrammeObjections>,
}

/// What resolving an objection did.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The objection and the programme stream's version after it.
    pub done: Done,
    /// The nomination objected to.
    pub nomination_id: Uuid,
    /// Where that nomination stands now (an upheld objection takes it off the list).
    pub nomination_status: Option<NominationStatus>,
}

impl<S: EventStore> Objections<'_, S> {
    /// Files an objection against a nomination on the public-notice list (anyone). Signed
    /// in or not, an objection is the public's: the log records no actor for it, and with an
    /// idempotency key its ids are derived as the public's, so a retry files it once.
    /// `Done::id` is the new objection's id.
    pub async fn file(
        &self,
        ask: &Ask,
        nomination_id: Uuid,
        input: NewObjection,
    ) -> Result<Done, AppError> {
        let actor = Actor::Public;
        let programme_id = self
            .node
            .read(|p| {
                p.catalog()
                    .nominations
                    .get(&nomination_id)
                    .map(|n| n.programme_id)
            })
            .ok_or_else(|| AppError::not_found("nomination", nomination_id))?;
        let key = ask.idempotency_key.as_deref();
        let id = self.node.new_id(&actor, key, "objection");
        let command = ProgrammeCommand::FileObjection(FileObjection {
            objection_id: id,
            nomination_id,
            objector_person_id: self.node.new_id(&actor, key, "objector"),
            objector: input.objector,
            text: input.text,
        });
        self.node
            .act(ask, &actor, id, Command::programme(programme_id, command))
            .await
    }

    /// Upholds (the nomination leaves the notice list) or dismisses one objection, with a
    /// reason (the secretariat, in public notice).
    pub async fn resolve(
        &self,
        ask: &Ask,
        objection_id: Uuid,
        upheld: bool,
        reason: String,
    ) -> Result<Resolved, AppError> {
        let actor = ask.caller.require(may::SECRETARIAT)?;
        let (programme_id, nomination_id) = self
            .node
            .read(|p| {
                p.objections()
                    .get(objection_id)
                    .map(|o| (o.programme_id, o.nomination_id))
            })
            .ok_or_else(|| AppError::not_found("objection", objection_id))?;
        let command = ProgrammeCommand::ResolveObjection {
            objection_id,
            upheld,
            reason,
        };
        let done = self
            .node
            .act(
                ask,
                &actor,
                objection_id,
                Command::programme(programme_id, command),
            )
            .await?;
        // The read models include the write (`Node::execute`): the status is the new one.
        let nomination_status = self.node.read(|p| {
            p.catalog()
                .nominations
                .get(&nomination_id)
                .map(|n| n.status)
        });
        Ok(Resolved {
            done,
            nomination_id,
            nomination_status,
        })
    }

    /// Dismisses a batch of a programme's objections with one reason (the secretariat, in
    /// public notice): one command, so all are dismissed or none. `Done::id` is the
    /// programme's id.
    pub async fn dismiss(
        &self,
        ask: &Ask,
        programme_id: Uuid,
        objection_ids: Vec<Uuid>,
        reason: String,
    ) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::SECRETARIAT)?;
        let command = ProgrammeCommand::DismissObjections {
            objection_ids,
            reason,
        };
        self.node
            .act(
                ask,
                &actor,
                programme_id,
                Command::programme(programme_id, command),
            )
            .await
    }

    /// The objections (the secretariat), from the read models: no stream is read. A
    /// programme asked for by id that does not exist is not found.
    pub fn list(&self, ask: &Ask, filter: ObjectionFilter) -> Result<ObjectionList, AppError> {
        // The read rule: the list, and who objected, are the secretariat's to know and no one
        // else's; past this line the caller is the secretariat.
        ask.caller.require(may::SECRETARIAT)?;
        self.node.read(|p| {
            let catalog = p.catalog();
            if let Some(id) = filter.programme_id
                && !catalog.programmes.contains_key(&id)
            {
                return Err(AppError::not_found("programme", id));
            }
            let programmes = catalog
                .programmes
                .iter()
                .map(|(id, pr)| (*id, pr.title.clone()))
                .collect();
            let mut groups = Vec::new();
            for (pid, programme) in &catalog.programmes {
                if filter.programme_id.is_some_and(|only| only != *pid) {
                    continue;
                }
                let objections: Vec<ObjectionView> = p
                    .objections()
                    .of_programme(*pid)
                    .filter(|o| filter.status.is_none_or(|s| s == o.status()))
                    .map(|o| {
                        let n = catalog.nominations.get(&o.nomination_id);
                        ObjectionView {
                            id: o.id,
                            nomination_id: o.nomination_id,
                            nominee: n
                                .map(|n| n.nominee_name(catalog, self.node.unseal()))
                                .unwrap_or_default(),
                            nomination_status: n.map(|n| n.status),
                            status: o.status(),
                            objector: catalog.open(
                                o.objector_person_id,
                                &o.objector,
                                self.node.unseal(),
                            ),
                            objector_person_id: o.objector_person_id,
                            text: o.text.clone(),
                            filed_at: o.filed_at,
                            reason: o.resolution.as_ref().map(|r| r.reason.clone()),
                        }
                    })
                    .collect();
                if !objections.is_empty() {
                    groups.push(ProgrammeObjections {
                        programme_id: *pid,
                        title: programme.title.clone(),
                        in_notice: programme.phase == Phase::PublicNotice,
                        objections,
                    });
                }
            }
            Ok(ObjectionList { programmes, groups })
        })
    }
}
