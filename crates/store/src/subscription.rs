//! Catch-up-then-live subscriptions over any backend.
//!
//! A subscription is a cursor over global positions plus a watch on the durable head. Because
//! positions are gap-free, "the next event" is always `position + 1`: reading the log from the
//! cursor and waiting on the head when the cursor reaches it gives every event exactly once, in
//! order, whether it was stored before the subscription started or after. There is no separate
//! live channel whose hand-over from catch-up could drop or repeat an event.

use std::collections::VecDeque;

use tokio::sync::watch;

use crate::contract::EventStore;
use crate::error::StoreError;
use crate::record::RecordedEvent;

/// How many events one read fetches while catching up.
const PAGE: usize = 1024;

/// Events from a position on, catch-up then live. Created by [`EventStore::subscribe`].
#[derive(Debug)]
pub struct Subscription<S> {
    store: S,
    next_position: u64,
    buffer: VecDeque<RecordedEvent>,
    head: watch::Receiver<u64>,
}

impl<S: EventStore> Subscription<S> {
    pub(crate) fn new(store: S, from_position: u64) -> Self {
        let head = store.durable_head();
        Subscription {
            store,
            next_position: from_position,
            buffer: VecDeque::new(),
            head,
        }
    }

    /// The position of the event the next call to [`next`](Self::next) returns.
    pub fn position(&self) -> u64 {
        self.next_position
    }

    /// The next event, waiting for one if the subscriber has caught up. Fails with
    /// [`StoreError::Closed`] once the store is gone.
    pub async fn next(&mut self) -> Result<RecordedEvent, StoreError> {
        loop {
            if let Some(ev) = self.buffer.pop_front() {
                self.next_position = ev.position + 1;
                return Ok(ev);
            }
            let head = *self.head.borrow_and_update();
            if self.next_position < head {
                let page = self.store.read_all(self.next_position, PAGE).await?;
                match page.first() {
                    Some(first) if first.position == self.next_position => {
                        self.buffer.extend(page);
                    }
                    // The head promised this position: a gap here is damage, not a race.
                    _ => {
                        return Err(StoreError::Corrupt {
                            position: self.next_position,
                            reason: "the durable head is past a position that cannot be read"
                                .into(),
                        });
                    }
                }
                continue;
            }
            if self.head.changed().await.is_err() {
                return Err(StoreError::Closed);
            }
        }
    }

    /// The next event if one is already durable, without waiting.
    pub async fn try_next(&mut self) -> Result<Option<RecordedEvent>, StoreError> {
        if self.buffer.is_empty() && self.next_position >= *self.head.borrow() {
            return Ok(None);
        }
        self.next().await.map(Some)
    }
}
