//! People as the secretariat and the agencies deal with them: candidates to link a new nominee
//! to (one identity per person, never merged automatically), and erasure of a person's data
//! (crypto-shredding: the key goes, the log stays whole and verifiable).

use accolade_domain::DirectoryCommand;
use accolade_events::{Nominee, NomineeKind};
use accolade_store::EventStore;
use uuid::Uuid;

use super::{Ask, Done};
use crate::authz::may;
use crate::history::KnownFrom;
use crate::{AppError, Command, Node};

/// The person actions of a [`Node`].
#[derive(Debug)]
pub struct Persons<'a, S: EventStore> {
    node: &'a Node<S>,
}

impl<S: EventStore> Node<S> {
    /// Candidates for linking, and erasure.
    pub fn persons(&self) -> Persons<'_, S> {
        Persons { node: self }
    }
}

/// What is left public when a person who holds a conferred award is erased.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErasurePolicy {
    /// The name, position and work unit of conferred awards stay on the honour list (a
    /// conferring decision is a public act); everything else is erased. The default.
    #[default]
    KeepPublicRecord,
    /// Everything is erased, the public record of awards too: the honour list keeps the award
    /// and its decision, and shows the holder as erased.
    EraseAll,
}

/// Who to look for: what a clerk typed on the nomination form.
#[derive(Debug, Clone, Default)]
pub struct CandidateQuery {
    /// Individual or collective.
    pub kind: Option<NomineeKind>,
    /// The name typed.
    pub full_name: String,
    /// The birth year typed, if any.
    pub birth_year: Option<i32>,
    /// The work unit typed, if any.
    pub organisation: Option<String>,
    /// The national id number (CCCD) typed, if any.
    pub national_id: Option<String>,
}

/// A person the nominee may be: link them, or declare a new person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The person id to link.
    pub person_id: Uuid,
    /// As recorded there.
    pub full_name: String,
    /// Their work unit as recorded there.
    pub organisation: String,
    /// Their birth year as recorded there, if any.
    pub birth_year: Option<i32>,
    /// Where they are known from: `award_history` (an imported award), `award` (an award
    /// conferred in Accolade) or `nomination` (one of this agency's nominations).
    pub source: &'static str,
    /// The nomination they are known from, when `source` is `award` or `nomination`.
    pub nomination_id: Option<Uuid>,
}

/// An erasure as the secretariat asks it: a person, or the nominee of a nomination.
#[derive(Debug, Clone, Default)]
pub struct Erasure {
    /// The person to erase.
    pub person_id: Option<Uuid>,
    /// Or the nominee of this nomination.
    pub nomination_id: Option<Uuid>,
    /// Why: the request or ruling it follows. Required.
    pub reason: String,
}

/// What an erasure did. The same answer however often it is asked.
#[derive(Debug, Clone)]
pub struct Erased {
    /// The person erased.
    pub person_id: Uuid,
    /// Whether the public record of their conferred awards was kept (the policy).
    pub public_record_kept: bool,
    /// The directory's answer (`executed.events` is empty when the person was erased before).
    pub done: Done,
}

impl<S: EventStore> Persons<'_, S> {
    /// People a clerk's nominee may be (clerk or head): award holders, imported or conferred,
    /// and the agency's own nominees, matched on keyed lookups of the national id, the folded
    /// name with the birth year, or the folded name with the work unit. Never another
    /// agency's nominations unless conferred. Best matches first, at most 20.
    pub async fn candidates(
        &self,
        ask: &Ask,
        query: CandidateQuery,
    ) -> Result<Vec<Candidate>, AppError> {
        let actor = ask.caller.require(may::DRAFT)?;
        let Some(agency) = actor.agency_id() else {
            return Ok(vec![]);
        };
        let probe = Nominee {
            kind: query.kind.unwrap_or(NomineeKind::Individual),
            full_name: query.full_name,
            position: None,
            organisation: query.organisation.unwrap_or_default(),
            province: None,
            email: None,
            birth_year: query.birth_year,
            national_id: query.national_id,
        };
        let app = self.node.app();
        let lookups = app.people().nominee_lookups(&probe);
        let index = app.known_people().await?;
        let mut out: Vec<Candidate> = Vec::new();
        for k in index.matching(&lookups) {
            if !k.visible_to(agency) || out.iter().any(|c| c.person_id == k.person_id) {
                continue;
            }
            let Some(n) = k.nominee.open(app.people().as_ref()) else {
                continue; // erased
            };
            let (source, nomination_id) = match k.source {
                KnownFrom::PastAward => ("award_history", None),
                KnownFrom::Nomination {
                    nomination_id,
                    awarded,
                    ..
                } => (
                    if awarded { "award" } else { "nomination" },
                    Some(nomination_id),
                ),
            };
            out.push(Candidate {
                person_id: k.person_id,
                full_name: n.full_name,
                organisation: n.organisation,
                birth_year: n.birth_year,
                source,
                nomination_id,
            });
            if out.len() == 20 {
                break;
            }
        }
        Ok(out)
    }

    /// Erases a person's data (the secretariat): records the erasure (no personal data in
    /// it), then destroys the person's key, and their public record's key too unless the
    /// policy keeps conferred awards' public record. Effective at once on this node; other
    /// nodes follow the log ([`crate::Node::follow_erasures`]). A user so erased is also
    /// deactivated. Unknown person: not found. Erasing again answers the same.
    pub async fn erase(&self, ask: &Ask, erasure: Erasure) -> Result<Erased, AppError> {
        let actor = ask.caller.require(may::SECRETARIAT)?;
        let app = self.node.app();
        // The request's shape first: a refusal for a missing reason says nothing of whether
        // the person exists.
        accolade_domain::limits::required(
            "reason",
            &erasure.reason,
            accolade_domain::limits::TEXT,
        )?;
        let person_id = match (erasure.person_id, erasure.nomination_id) {
            (Some(_), Some(_)) => {
                return Err(AppError::invalid(
                    "person_id",
                    "give person_id or nomination_id, not both",
                ));
            }
            (Some(p), None) => p,
            (None, Some(n)) => self
                .node
                .read(|p| p.catalog().nominations.get(&n).map(|n| n.person_id))
                .ok_or_else(|| AppError::not_found("nomination", n))?,
            (None, None) => {
                return Err(AppError::invalid(
                    "person_id",
                    "give a person_id or a nomination_id",
                ));
            }
        };
        let user = self.node.user_of_person(person_id);
        if user.is_none() && !self.node.knows_person(person_id).await? {
            return Err(AppError::not_found("person", person_id));
        }
        let public_too = app.erasure_policy() == ErasurePolicy::EraseAll;
        let command = DirectoryCommand::ErasePerson {
            person_id,
            reason: erasure.reason,
            public_record_erased: public_too,
            nomination_id: erasure.nomination_id,
            user_id: user,
        };
        let done = self
            .node
            .act(ask, &actor, person_id, Command::directory(command))
            .await?;
        let recorded = app.directory().await?;
        let public_too = recorded
            .erased
            .get(&person_id)
            .copied()
            .unwrap_or(public_too);
        app.people()
            .erase(person_id, public_too)
            .await
            .map_err(crate::sealing::keys_error)?;
        if let Some(user_id) = user {
            self.node.auth().revoke_user(user_id);
            let deactivate = accolade_domain::UserCommand::Deactivate {
                reason: Some("personal data erased".to_owned()),
            };
            let step = Ask::by(ask.caller.clone());
            self.node
                .act(&step, &actor, user_id, Command::user(user_id, deactivate))
                .await?;
        }
        Ok(Erased {
            person_id,
            public_record_kept: !public_too,
            done,
        })
    }
}
