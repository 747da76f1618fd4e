//! The single writer: group commit, stage one.
//!
//! Every record names its predecessor's hash, so appends are serialised: one thread owns the
//! head of the log. To make that thread fast, it does only what must be serialised — the
//! version and id checks, placing and hashing each event — and writes a whole *group* of
//! appends atomically (`frame.rs`: one insert, or one `apply_batch` for a group of several
//! frames). Everything else happens elsewhere: callers validate and parse their own payloads
//! before queueing (`contract::prepare`), and durability (the journal's fdatasync, sled flushed
//! at checkpoints) is the flusher's job (`durability.rs`), which runs while this thread already
//! builds the next group. Replies to callers — refusals included — travel through the flusher,
//! so nobody hears an answer that rests on state a crash could still take back.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc as std_mpsc;

use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use super::durability::{Group, Poison, Reply};
use super::index::{IndexEntry, PendingIndex};
use super::{frame, keys, read_record, wal};
use crate::contract::{self, AppendOutcome, ExpectedVersion};
use crate::error::StoreError;
use crate::record::{self, Hash, Placement, PreparedEvent, RecordedEvent};

/// Most appends one group takes. Bounds the latency a group adds for its first member.
const MAX_GROUP_REQUESTS: usize = 1024;
/// Most bytes one group writes, for the same reason.
const MAX_GROUP_BYTES: usize = 8 * 1024 * 1024;

/// One caller's append, already validated by `contract::prepare`.
#[derive(Debug)]
pub(crate) struct Request {
    pub stream_id: String,
    pub expected: ExpectedVersion,
    pub events: Vec<PreparedEvent>,
    pub reply: oneshot::Sender<Result<AppendOutcome, StoreError>>,
}

/// A record placed in the current group but not yet applied to sled.
struct Staged {
    position: u64,
    stream_id: Arc<str>,
    stream_version: u64,
    event_id: Uuid,
    stored: Vec<u8>,
}

pub(crate) struct Writer {
    db: sled::Db,
    requests: mpsc::Receiver<Request>,
    flusher: std_mpsc::Sender<Group>,
    poison: Arc<Poison>,
    pending: Arc<PendingIndex>,
    /// Last version of each stream seen since open (`None`: the stream has no events).
    /// Filled lazily from the `s` index; kept exact because this thread is the only writer.
    heads: HashMap<Arc<str>, Option<u64>>,
    next_position: u64,
    last_hash: Hash,
}

impl Writer {
    pub(crate) fn new(
        db: sled::Db,
        requests: mpsc::Receiver<Request>,
        flusher: std_mpsc::Sender<Group>,
        poison: Arc<Poison>,
        pending: Arc<PendingIndex>,
        next_position: u64,
        last_hash: Hash,
    ) -> Self {
        Writer {
            db,
            requests,
            flusher,
            poison,
            pending,
            heads: HashMap::new(),
            next_position,
            last_hash,
        }
    }

    /// Runs until every handle to the store is dropped.
    pub(crate) fn run(mut self) {
        while let Some(first) = self.requests.blocking_recv() {
            let mut group = vec![first];
            let mut bytes = 0;
            while group.len() < MAX_GROUP_REQUESTS && bytes < MAX_GROUP_BYTES {
                match self.requests.try_recv() {
                    Ok(req) => {
                        bytes += req
                            .events
                            .iter()
                            .map(|e| e.payload.get().len())
                            .sum::<usize>();
                        group.push(req);
                    }
                    Err(_) => break,
                }
            }
            self.commit_group(group);
        }
    }

    fn commit_group(&mut self, group: Vec<Request>) {
        let now = OffsetDateTime::now_utc();
        let mut staged: Vec<Staged> = Vec::new();
        let mut staged_ids: HashMap<Uuid, usize> = HashMap::new();
        let mut replies: Vec<Reply> = Vec::with_capacity(group.len());
        let start = (self.next_position, self.last_hash);
        let mut touched: Vec<(Arc<str>, Option<u64>)> = Vec::new();

        for req in group {
            let result = match self.poison.get() {
                Some(why) => Err(StoreError::Poisoned(why)),
                None => self.stage(&req, now, &mut staged, &mut staged_ids, &mut touched),
            };
            replies.push((req.reply, result));
        }

        let first_position = start.0;
        let applied = if staged.is_empty() {
            Ok(None)
        } else {
            self.apply(&staged).map(|frames| {
                Some(wal::Entry {
                    first_position,
                    count: u32::try_from(staged.len()).unwrap_or(u32::MAX),
                    frames,
                })
            })
        };
        let entry = match applied {
            Ok(entry) => entry,
            Err(e) => {
                self.fail_group(e, start, touched, &mut replies);
                None
            }
        };
        if entry.is_some() {
            // Before the group reaches the flusher, so its events are findable by the time
            // anyone can see them.
            self.pending.add(staged.into_iter().map(|s| IndexEntry {
                position: s.position,
                stream_id: s.stream_id,
                stream_version: s.stream_version,
                event_id: s.event_id,
            }));
        }
        let group = Group {
            entry,
            replies,
            head: self.next_position,
        };
        if let Err(std_mpsc::SendError(group)) = self.flusher.send(group) {
            // The flusher only stops when it was poisoned or the store is closing.
            for (tx, _) in group.replies {
                let _ = tx.send(Err(StoreError::Closed));
            }
        }
    }

    /// Answers a group whose write failed. Nothing of it is written (the batch is atomic),
    /// but our in-memory view had moved on: restore it and stop writing (see `Poison`).
    fn fail_group(
        &mut self,
        e: StoreError,
        start: (u64, Hash),
        touched: Vec<(Arc<str>, Option<u64>)>,
        replies: &mut [Reply],
    ) {
        let why = format!("writing a group failed: {e}");
        self.poison.set(why.clone());
        for (stream, before) in touched {
            self.heads.insert(stream, before);
        }
        (self.next_position, self.last_hash) = start;
        for (_, result) in replies.iter_mut() {
            if result.is_ok() {
                *result = Err(StoreError::Poisoned(why.clone()));
            }
        }
    }

    /// Checks one append against the log (as written so far, this group included) and
    /// places its events. Errors leave the group unchanged.
    fn stage(
        &mut self,
        req: &Request,
        now: OffsetDateTime,
        staged: &mut Vec<Staged>,
        staged_ids: &mut HashMap<Uuid, usize>,
        touched: &mut Vec<(Arc<str>, Option<u64>)>,
    ) -> Result<AppendOutcome, StoreError> {
        let stored = req
            .events
            .iter()
            .map(|e| self.lookup_id(e.event_id, staged, staged_ids))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(outcome) = contract::classify_retry(&req.stream_id, &req.events, &stored)? {
            return Ok(outcome);
        }

        let (stream, current) = self.stream_head(&req.stream_id)?;
        contract::check_expected(&req.stream_id, req.expected, current)?;

        let first_position = self.next_position;
        let first_version = current.map_or(0, |v| v + 1);
        for (i, ev) in req.events.iter().enumerate() {
            let position = first_position + i as u64;
            let stream_version = first_version + i as u64;
            let (bytes, hash) = record::encode(
                ev,
                &Placement {
                    position,
                    stream_id: &req.stream_id,
                    stream_version,
                    recorded_at: now,
                    prev_hash: self.last_hash,
                },
            );
            self.last_hash = hash;
            staged_ids.insert(ev.event_id, staged.len());
            staged.push(Staged {
                position,
                stream_id: stream.clone(),
                stream_version,
                event_id: ev.event_id,
                stored: bytes,
            });
        }
        let count = req.events.len() as u64;
        self.next_position += count;
        let last_version = first_version + count - 1;
        touched.push((stream.clone(), current));
        self.heads.insert(stream, Some(last_version));
        Ok(AppendOutcome {
            first_position,
            last_position: first_position + count - 1,
            stream_version: last_version,
            replayed: false,
        })
    }

    fn lookup_id(
        &self,
        id: Uuid,
        staged: &[Staged],
        staged_ids: &HashMap<Uuid, usize>,
    ) -> Result<Option<RecordedEvent>, StoreError> {
        if let Some(&i) = staged_ids.get(&id) {
            let s = &staged[i];
            return record::decode(s.position, &s.stored).map(Some);
        }
        // Pending first, then sled: see `index.rs` for why this order never misses.
        let position = match self.pending.id(&id) {
            Some(p) => p,
            None => match self.db.get(keys::id_key(id))? {
                None => return Ok(None),
                Some(pos) => keys::be_u64(&pos).ok_or_else(|| {
                    StoreError::Database(format!("id index entry of {id} is malformed"))
                })?,
            },
        };
        read_record(&self.db, position).map(Some)
    }

    fn stream_head(&mut self, stream_id: &str) -> Result<(Arc<str>, Option<u64>), StoreError> {
        if let Some((k, v)) = self.heads.get_key_value(stream_id) {
            return Ok((k.clone(), *v));
        }
        let last = match self
            .db
            .scan_prefix(keys::stream_prefix(stream_id))
            .next_back()
        {
            None => None,
            Some(entry) => {
                let (key, _) = entry?;
                Some(keys::version_of_stream_key(&key).ok_or_else(|| {
                    StoreError::Database(format!("stream index of {stream_id:?} is malformed"))
                })?)
            }
        };
        let stream: Arc<str> = Arc::from(stream_id);
        self.heads.insert(stream.clone(), last);
        Ok((stream, last))
    }

    /// Writes the group's records as frames, atomically (`frame::write`); returns the frames
    /// for the journal.
    fn apply(&self, staged: &[Staged]) -> Result<Vec<(u64, sled::IVec)>, StoreError> {
        let mut frames = Vec::new();
        let mut frame_start = None;
        let mut current = Vec::new();
        for s in staged {
            let first = *frame_start.get_or_insert(s.position);
            frame::push(&mut current, &s.stored);
            if current.len() >= frame::TARGET_FRAME_BYTES {
                frames.push((first, sled::IVec::from(frame::seal(&current))));
                current.clear();
                frame_start = None;
            }
        }
        if let Some(first) = frame_start {
            frames.push((first, sled::IVec::from(frame::seal(&current))));
        }
        frame::write(&self.db, &frames)?;
        Ok(frames)
    }
}
