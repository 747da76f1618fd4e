//! Erasures across nodes and crashes: the log says who was erased; this makes every node's
//! key store and cache agree.
//!
//! An erasure is recorded first (`PersonErased`, in the directory stream), then the key is
//! destroyed. A crash between the two, or another node that took the erasure, leaves a key
//! alive that the log says is gone: [`Node::follow_erasures`] destroys it. It runs once at
//! start, before anything is served, and then every second (the bound for another
//! node is five).

use std::time::Duration;

use accolade_events::public_record_key;
use accolade_store::EventStore;
use uuid::Uuid;

use crate::people::KeyState;
use crate::{AppError, Node};

/// How often a node looks for erasures recorded elsewhere.
pub const FOLLOW_EVERY: Duration = Duration::from_secs(1);

impl<S: EventStore> Node<S> {
    /// Destroys every key the log says is erased and this node still holds; returns how many.
    pub async fn follow_erasures(&self) -> Result<usize, AppError> {
        let directory = self.app().directory().await?;
        let people = self.app().people();
        let mut destroyed = 0;
        for (&person, &public_too) in &directory.erased {
            let mut ids = vec![person];
            if public_too {
                ids.push(public_record_key(person));
            }
            let live = ids
                .iter()
                .any(|id| matches!(people.keys().key(*id), KeyState::Live(_)));
            if live || !people.is_erased(person) {
                people
                    .erase(person, public_too)
                    .await
                    .map_err(crate::sealing::keys_error)?;
                destroyed += 1;
            }
        }
        Ok(destroyed)
    }

    /// People the read models name (nominees, objectors, users) whose key the key store has
    /// never had, although nobody erased them: the key store is older than the log (restored
    /// from an old copy) or lost part of itself. Counted at open, where any is a refusal to
    /// start: serving would show those people as erased, silently. From the read models only:
    /// imported award holders are left out rather than read the whole log again at every start
    /// (a key store older than the log almost surely lacks a nominee's or a user's key too).
    pub fn people_without_keys(&self) -> Vec<Uuid> {
        let mut people: Vec<Uuid> = self.read(|p| {
            let c = p.catalog();
            c.nominations
                .values()
                .map(|n| n.person_id)
                .chain(c.users.values().map(|u| u.person_id))
                .chain(p.objections().all().map(|o| o.objector_person_id))
                .collect()
        });
        people.sort_unstable();
        people.dedup();
        let keys = self.app().people().keys();
        people
            .into_iter()
            .filter(|id| matches!(keys.key(*id), KeyState::Unknown))
            .collect()
    }

    /// Follows erasures in the background for as long as the node lives.
    pub fn spawn_erasure_follower(&self) -> tokio::task::JoinHandle<()>
    where
        S: 'static,
    {
        let node = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(FOLLOW_EVERY);
            loop {
                tick.tick().await;
                if let Err(e) = node.follow_erasures().await {
                    tracing::error!(error = %e, "could not apply an erasure recorded in the log");
                }
            }
        })
    }

    /// The user whose person id is `person`, if any.
    pub fn user_of_person(&self, person: Uuid) -> Option<Uuid> {
        self.read(|p| {
            p.catalog()
                .users
                .iter()
                .find(|(_, u)| u.person_id == person)
                .map(|(id, _)| *id)
        })
    }

    /// Whether any record names `person`: a nominee, an award holder or an objector.
    pub async fn knows_person(&self, person: Uuid) -> Result<bool, AppError> {
        let objector = self.read(|p| p.objections().all().any(|o| o.objector_person_id == person));
        if objector {
            return Ok(true);
        }
        let index = self.app().known_people().await?;
        Ok(index.knows(person))
    }
}
