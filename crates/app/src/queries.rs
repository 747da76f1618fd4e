//! Queries answered from aggregate state and streams: what a front end needs to act
//! (load a programme, check who is acting, show a nomination's own history).
//!
//! Lists, rankings, honour lists and tallies are read models (the projections crate); these
//! go through the same cache as commands, so a read after a write on this process sees it.

use accolade_domain::visibility::history;
use accolade_domain::{Actor, Agency, Audience, Directory, History, Programme, User, stream};
use accolade_events::{AwardRecord, ProgrammeEvent};
use accolade_store::{EventStore, RecordedEvent};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::app::App;
use crate::error::AppError;
use crate::stored::Stored;

/// One event in a nomination's history, as its reader may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// Global position.
    pub position: u64,
    /// When the store recorded it.
    pub recorded_at: OffsetDateTime,
    /// Who acted (`None`: anonymous, the public, or not to be shown to this reader).
    pub actor: Option<String>,
    /// The event, with the fields this reader may not see emptied.
    pub event: ProgrammeEvent,
    /// Those fields, as paths into the event's payload (`nominee.email`), to leave out.
    pub removed: &'static [&'static str],
}

impl<S: EventStore> App<S> {
    async fn existing<A: Stored>(&self, stream: &str, id: Uuid) -> Result<A, AppError>
    where
        A::Command: Clone + std::fmt::Debug + Send + Sync,
        A::Event: Clone + std::fmt::Debug + Send + Sync,
    {
        let state = self.load::<A>(stream).await?.state;
        if state.exists() {
            Ok(state)
        } else {
            Err(AppError::not_found(A::WHAT, id))
        }
    }

    async fn existing_versioned<A: Stored>(
        &self,
        stream: &str,
        id: Uuid,
    ) -> Result<(A, u64), AppError>
    where
        A::Command: Clone + std::fmt::Debug + Send + Sync,
        A::Event: Clone + std::fmt::Debug + Send + Sync,
    {
        let cached = self.load::<A>(stream).await?;
        match cached.version {
            Some(v) if cached.state.exists() => Ok((cached.state, v)),
            _ => Err(AppError::not_found(A::WHAT, id)),
        }
    }

    /// A programme's current state.
    pub async fn programme(&self, id: Uuid) -> Result<Programme, AppError> {
        self.existing(&stream::programme(id), id).await
    }

    /// A programme's current state and its stream's version (a front end's ETag).
    pub async fn programme_versioned(&self, id: Uuid) -> Result<(Programme, u64), AppError> {
        self.existing_versioned(&stream::programme(id), id).await
    }

    /// An agency's current state and its stream's version (a front end's ETag).
    pub async fn agency_versioned(&self, id: Uuid) -> Result<(Agency, u64), AppError> {
        self.existing_versioned(&stream::agency(id), id).await
    }

    /// A user's current state and its stream's version (a front end's ETag).
    pub async fn user_versioned(&self, id: Uuid) -> Result<(User, u64), AppError> {
        self.existing_versioned(&stream::user(id), id).await
    }

    /// An agency's current state.
    pub async fn agency(&self, id: Uuid) -> Result<Agency, AppError> {
        self.existing(&stream::agency(id), id).await
    }

    /// A user's current state.
    pub async fn user(&self, id: Uuid) -> Result<User, AppError> {
        self.existing(&stream::user(id), id).await
    }

    /// The directory of unique e-mails and agency codes.
    pub async fn directory(&self) -> Result<Directory, AppError> {
        Ok(self.load::<Directory>(stream::DIRECTORY).await?.state)
    }

    /// The imported award history.
    pub async fn history(&self) -> Result<History, AppError> {
        Ok(self.load::<History>(stream::HISTORY).await?.state)
    }

    /// The actor a signed-in user acts as: their current role and agency. A deactivated
    /// account acts as no one.
    pub async fn actor_for(&self, user_id: Uuid) -> Result<Actor, AppError> {
        let user = self.user(user_id).await?;
        match user.current {
            Some(u) if user.active => Ok(Actor::user(u.user_id, u.role, u.agency_id)),
            _ => Err(AppError::not_found("active user", user_id)),
        }
    }

    /// The awards a person holds (imported and conferred, not revoked), as prerequisites
    /// see them.
    pub async fn award_history(&self, person_id: Uuid) -> Result<Vec<AwardRecord>, AppError> {
        let mut index = self.inner.awards.lock().await;
        index.catch_up(&self.inner.store).await?;
        Ok(index.of(person_id))
    }

    /// The people known from award history and nominations (candidates to link), caught up.
    pub(crate) async fn known_people(
        &self,
    ) -> Result<tokio::sync::MutexGuard<'_, crate::history::AwardIndex>, AppError> {
        let mut index = self.inner.awards.lock().await;
        index.catch_up(&self.inner.store).await?;
        Ok(index)
    }

    /// Every programme created so far, oldest first (the schedule ticks them).
    pub async fn programme_ids(&self) -> Result<Vec<Uuid>, AppError> {
        let mut index = self.inner.awards.lock().await;
        index.catch_up(&self.inner.store).await?;
        Ok(index.programmes().to_vec())
    }

    /// The events of one nomination, oldest first, each as far as `actor` may see it
    /// (`accolade_domain::visibility::history::view`: some are left out, some lose fields),
    /// if `actor` may see the nomination; otherwise not found, so as not to reveal it exists.
    /// Every front end reads history through here, so none can show more.
    pub async fn nomination_history(
        &self,
        actor: &Actor,
        programme_id: Uuid,
        nomination_id: Uuid,
    ) -> Result<Vec<HistoryEntry>, AppError> {
        let programme = self.programme(programme_id).await?;
        let audience = programme.audience(actor, nomination_id);
        if audience == Audience::Nobody {
            return Err(AppError::not_found("nomination", nomination_id));
        }
        let mut out = Vec::new();
        let people = self.people().clone();
        self.each_programme_event(programme_id, |rec, mut event| {
            // The visibility rules cut an open nominee; one that stays sealed was erased.
            if let ProgrammeEvent::NominationDrafted(e) = &mut event {
                open_in_place(&mut e.nominee, people.as_ref());
            } else if let ProgrammeEvent::NominationAmended(e) = &mut event {
                open_in_place(&mut e.nominee, people.as_ref());
            } else if let ProgrammeEvent::AwardConferred(e) = &mut event {
                open_in_place(&mut e.holder, people.as_ref());
            }
            if event.nomination_id() == Some(nomination_id)
                && let Some(shown) = history::view(audience, &event)
            {
                out.push(HistoryEntry {
                    position: rec.position,
                    recorded_at: rec.recorded_at,
                    actor: rec.metadata.actor.clone().filter(|_| shown.actor),
                    event: shown.event,
                    removed: shown.removed,
                });
            }
        })
        .await?;
        Ok(out)
    }

    /// Calls `f` with every event of a programme's stream, oldest first.
    async fn each_programme_event(
        &self,
        programme_id: Uuid,
        mut f: impl FnMut(&RecordedEvent, ProgrammeEvent),
    ) -> Result<(), AppError> {
        let s = stream::programme(programme_id);
        let mut from = 0;
        loop {
            let page = self.inner.store.read_stream(&s, from, 1024).await?;
            for rec in &page {
                f(rec, Programme::decode(rec)?);
                from = rec.stream_version + 1;
            }
            if page.len() < 1024 {
                return Ok(());
            }
        }
    }
}

/// Opens a sealed nominee (or an award's public record) in place; left sealed when the person
/// was erased, which the front ends show as erased, never as ciphertext.
fn open_in_place<T: serde::de::DeserializeOwned + Clone>(
    value: &mut accolade_events::Personal<T>,
    people: &dyn accolade_events::Unseal,
) {
    if let Some(v) = value.open(people) {
        *value = accolade_events::Personal::Open(v);
    }
}
