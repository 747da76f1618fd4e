//! [`Projections`]: every read model, one `apply` per stored record, and the queries.

use accolade_events::{AnyEvent, ProgrammeEvent as E, Unseal};
use accolade_store::RecordedEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::audit::{self, AuditFilter, AuditItem, AuditTrail};
use crate::catalog::Catalog;
use crate::decode::decode;
use crate::envelope::{Envelope, Memo};
use crate::honours::{
    AwardPage, HonourCursor, HonourFilter, HonourItem, HonourJsonPage, HonourPage, Honours,
};
use crate::leaderboard::{Leaderboard, LeaderboardItem};
use crate::notice::{Notice, NoticeItem};
use crate::notifications::{
    DeliveryStatus, LogEntry, NotificationCounts, NotificationLog, NotificationPage,
};
use crate::objections::Objections;
use crate::outbox::{Mail, Outbox};
use crate::progress::{Progress, ProgressReport};
use crate::queues::{QueueFilter, QueueItem, Viewer, queue};
use crate::ranking::{Ranking, RankingItem};
use crate::tally::{Tallies, TallyItem};
use crate::versions::{PublicVersions, Versions};

/// Records the fold could not use. They are counted and skipped, never fatal: a record of a
/// type this build does not know was written by a newer build (a rolling upgrade), and one
/// that does not decode is damage the store's `verify` reports; neither may stop every read
/// model of the process. The last one is kept so an operator can find it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// Records whose type this build does not know.
    pub unknown_type: u64,
    /// Records of a known type that could not be decoded.
    pub undecodable: u64,
    /// Position and reason of the last skipped record.
    pub last: Option<(u64, String)>,
}

/// Sizes of the read models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Next position to apply.
    pub position: u64,
    /// Nominations known.
    pub nominations: usize,
    /// Awards conferred (published or not).
    pub awards: usize,
    /// Audit entries (one per folded event).
    pub audit_entries: usize,
    /// Mails owed.
    pub mails: usize,
    /// Records skipped.
    pub skipped: u64,
}

/// Every read model, folded from the log up to (not including) `position`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Projections {
    /// The next position to apply: every record before it has been folded.
    position: u64,
    /// Shared core: programmes, agencies, users, nominations.
    catalog: Catalog,
    honours: Honours,
    leaderboard: Leaderboard,
    notice: Notice,
    progress: Progress,
    ranking: Ranking,
    tallies: Tallies,
    audit: AuditTrail,
    outbox: Outbox,
    notifications: NotificationLog,
    objections: Objections,
    versions: Versions,
    skipped: Skipped,
    #[serde(skip)]
    memo: Memo,
}

impl Projections {
    /// Empty read models (position 0).
    pub fn new() -> Self {
        Self::default()
    }

    /// The next position to apply: every record before it is folded.
    pub fn position(&self) -> u64 {
        self.position
    }

    /// Sizes of the read models, for logs, metrics and the bench.
    pub fn stats(&self) -> Stats {
        Stats {
            position: self.position,
            nominations: self.catalog.nominations.len(),
            awards: self.honours.len(),
            audit_entries: self.audit.len(),
            mails: self.outbox.len(),
            skipped: self.skipped.unknown_type + self.skipped.undecodable,
        }
    }

    /// SHA-256 (hex) of the models' canonical encoding (the snapshot body's): equal read
    /// models have equal digests, so two processes can compare their states without holding
    /// both (`accolade rebuild`, the rebuild bench).
    pub fn digest(&self) -> String {
        crate::snapshot::digest(self)
    }

    /// Records skipped so far.
    pub fn skipped(&self) -> &Skipped {
        &self.skipped
    }

    /// The shared core (programmes, agencies, users, nominations).
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Folds one stored record. Records at or before the current position are ignored (a
    /// subscription that restarts may hand one over again), so applying is idempotent per
    /// position. A record that cannot be decoded is counted in [`Skipped`] and skipped.
    pub fn apply(&mut self, rec: &RecordedEvent) {
        if rec.position < self.position {
            return;
        }
        self.position = rec.position + 1;
        match decode(&rec.event_type, rec.schema_version, rec.payload.get()) {
            Ok(ev) => {
                let mut memo = std::mem::take(&mut self.memo);
                self.apply_event(&Envelope::of_with(rec, &mut memo), &ev);
                self.memo = memo;
            }
            Err(err) => {
                if matches!(err, accolade_events::EventError::UnknownType { .. }) {
                    self.skipped.unknown_type += 1;
                } else {
                    self.skipped.undecodable += 1;
                }
                tracing::warn!(position = rec.position, %err, "projection skipped a record");
                self.skipped.last = Some((rec.position, err.to_string()));
            }
        }
    }

    /// Folds one decoded event with its envelope (for callers that decode themselves).
    pub fn apply_event(&mut self, env: &Envelope<'_>, ev: &AnyEvent) {
        let nomination = match ev {
            AnyEvent::Programme(p) => p.nomination_id(),
            _ => None,
        };
        let before = nomination.and_then(|n| self.catalog.status(n));
        let changes = audit::field_changes(ev, env, &self.catalog);
        let touched = self.versions.before(env, ev, &self.catalog);
        match ev {
            AnyEvent::Programme(p) => {
                self.catalog.apply_programme(env, p);
                self.apply_programme(env, p);
            }
            AnyEvent::Agency(a) => self.catalog.apply_agency(env, a),
            AnyEvent::User(u) => self.catalog.apply_user(env, u),
            AnyEvent::Notification(n) => {
                self.outbox.apply_notification(env, n);
                self.notifications.apply(env, n);
            }
            AnyEvent::Directory(d) => {
                self.catalog.apply_directory(d);
                if let accolade_events::DirectoryEvent::PersonErased(e) = d {
                    self.honours.person_erased(e.person_id);
                }
            }
            AnyEvent::History(_) => {}
        }
        let after = nomination.and_then(|n| self.catalog.status(n));
        let status = match (before, after) {
            (Some(b), Some(a)) if a != b => Some((b, a)),
            _ => None,
        };
        if let (Some(n), Some(_)) = (nomination, status) {
            self.notice.status_changed(&self.catalog, n);
        }
        self.versions
            .after(env.position, touched, nomination, status, &self.catalog);
        self.audit
            .record(env, ev.event_type(), nomination, status, changes);
    }

    fn apply_programme(&mut self, env: &Envelope<'_>, ev: &E) {
        match ev {
            E::AwardConferred(e) => {
                self.honours.conferred(env, e, &self.catalog);
                self.leaderboard.conferred(e, &self.catalog);
            }
            E::AwardRevoked(e) => {
                self.honours.revoked(e);
                self.leaderboard.revoked(e);
            }
            E::PhaseMoved(_) => {
                if let Some(pid) = env.aggregate_id {
                    self.honours.phase_moved(pid, &self.catalog);
                    self.leaderboard.phase_moved(pid, &self.catalog);
                }
            }
            _ => {}
        }
        self.progress.apply(ev);
        self.ranking.apply(ev, &self.catalog);
        self.tallies.apply(ev);
        self.outbox.apply(env, ev, &self.catalog);
        self.notifications.apply_programme(env, ev);
        self.objections.apply(env, ev);
    }

    /// Rebuilds what snapshots leave out (derived indexes); called after loading one.
    pub(crate) fn after_load(&mut self) {
        self.audit.reindex();
    }

    /// Names of the read models that differ between two states, for `rebuild`'s check.
    pub fn differences(&self, other: &Projections) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut check = |name, same: bool| {
            if !same {
                out.push(name);
            }
        };
        check("position", self.position == other.position);
        check("catalog", self.catalog == other.catalog);
        check("honours", self.honours == other.honours);
        check("leaderboard", self.leaderboard == other.leaderboard);
        check("notice", self.notice == other.notice);
        check("progress", self.progress == other.progress);
        check("ranking", self.ranking == other.ranking);
        check("tallies", self.tallies == other.tallies);
        check("audit", self.audit == other.audit);
        check("outbox", self.outbox == other.outbox);
        check("notifications", self.notifications == other.notifications);
        check("objections", self.objections == other.objections);
        check("versions", self.versions == other.versions);
        check("skipped", self.skipped == other.skipped);
        out
    }

    /// Where each public part last changed (the response cache's keys).
    pub fn versions(&self) -> PublicVersions<'_> {
        self.versions.public()
    }

    // ---- public queries ----
    //
    // Every query that shows a person takes the Unseal that opens them (issue 12: the models
    // hold only ciphertext); one that cannot open a person shows them as erased.

    /// The whole public honour list matching `f`, in public order (walked page by page).
    pub fn honours(&self, f: &HonourFilter, unseal: &dyn Unseal) -> Vec<HonourItem> {
        self.honours.list(f, &self.catalog, unseal)
    }

    /// `GET /api/v1/public/honours`: one page after `after` (a cursor decoded for `f`), at
    /// most `limit` items; its cost does not grow with the list.
    pub fn honours_page(
        &self,
        f: &HonourFilter,
        after: Option<&HonourCursor>,
        limit: usize,
        unseal: &dyn Unseal,
    ) -> HonourPage {
        self.honours
            .list_page(f, after, limit, &self.catalog, unseal)
    }

    /// [`Self::honours_page`] with its items as one JSON array (the API's answer), each item
    /// serialised once per card rather than on every page.
    pub fn honours_page_json(
        &self,
        f: &HonourFilter,
        after: Option<&HonourCursor>,
        limit: usize,
        unseal: &dyn Unseal,
    ) -> HonourJsonPage {
        self.honours
            .list_page_json(f, after, limit, &self.catalog, unseal)
    }

    /// The latest decisions' awards first, at most `n` (the feed, the home page).
    pub fn latest_honours(&self, n: usize, unseal: &dyn Unseal) -> Vec<HonourItem> {
        self.honours.latest(n, &self.catalog, unseal)
    }

    /// Published awards on the honour list.
    pub fn honours_count(&self) -> usize {
        self.honours.published_len()
    }

    /// Years with published awards, newest first (a filter's choices).
    pub fn honour_years(&self) -> Vec<i32> {
        self.honours.years()
    }

    /// Agencies with a published award (a filter's choices).
    pub fn honour_agencies(&self) -> Vec<Uuid> {
        self.honours.agencies()
    }

    /// Provinces of published awards' nominees, as spelt, sorted (a filter's choices).
    pub fn honour_provinces(&self, unseal: &dyn Unseal) -> Vec<String> {
        self.honours.provinces(&self.catalog, unseal)
    }

    /// `GET /api/v1/public/awards/{id}`.
    pub fn award(&self, award_id: Uuid, unseal: &dyn Unseal) -> Option<AwardPage> {
        self.honours.page(award_id, &self.catalog, unseal)
    }

    /// `GET /api/v1/public/leaderboards/agencies?year=`.
    pub fn leaderboard(&self, year: Option<i32>) -> Vec<LeaderboardItem> {
        self.leaderboard.board(year, &self.catalog)
    }

    /// `GET /api/v1/public/notice?programme_id=`.
    pub fn notice(&self, programme_id: Option<Uuid>, unseal: &dyn Unseal) -> Vec<NoticeItem> {
        self.notice.list(&self.catalog, programme_id, unseal)
    }

    /// A nomination on the public-notice list; `None` when it is not on it.
    pub fn on_notice(&self, nomination_id: Uuid, unseal: &dyn Unseal) -> Option<NoticeItem> {
        self.notice.get(&self.catalog, nomination_id, unseal)
    }

    /// How many nominations are on the public-notice list (nothing opened).
    pub fn notice_count(&self) -> usize {
        self.notice.len(&self.catalog)
    }

    // ---- internal queries ----

    /// The viewer a user is (role and agency from the catalog).
    pub fn viewer(&self, user_id: Uuid) -> Viewer {
        crate::queues::viewer_of_user(&self.catalog, user_id)
    }

    /// `GET /api/v1/nominations` and `/assignments`: what `viewer` may see.
    pub fn nominations(
        &self,
        viewer: Viewer,
        f: &QueueFilter,
        unseal: &dyn Unseal,
    ) -> Vec<QueueItem> {
        queue(&self.catalog, viewer, f, unseal)
    }

    /// `GET /api/v1/programmes/{id}/progress`.
    pub fn progress(&self, programme_id: Uuid, viewer: Viewer) -> ProgressReport {
        self.progress.report(&self.catalog, programme_id, viewer)
    }

    /// `GET /api/v1/programmes/{id}/ranking?category_code=`.
    pub fn ranking(
        &self,
        programme_id: Uuid,
        category_code: &str,
        viewer: Viewer,
        unseal: &dyn Unseal,
    ) -> Vec<RankingItem> {
        self.ranking
            .ranking(&self.catalog, programme_id, category_code, viewer, unseal)
    }

    /// `GET /api/v1/programmes/{id}/tally`.
    pub fn tally(
        &self,
        programme_id: Uuid,
        category_code: Option<&str>,
        viewer: Viewer,
    ) -> Vec<TallyItem> {
        self.tallies
            .tally(&self.catalog, programme_id, category_code, viewer)
    }

    /// `GET /api/v1/audit`; amended nominees opened through `unseal`.
    pub fn audit(&self, f: &AuditFilter, unseal: &dyn Unseal) -> Vec<AuditItem> {
        self.audit.query(f, &self.catalog, unseal)
    }

    /// The outbox: mails caused after `position`, at most `limit` (0: all).
    pub fn outbox(&self, after: Option<u64>, limit: usize) -> &[Mail] {
        self.outbox.after(after, limit)
    }

    /// `GET /api/v1/notifications?status=`: the notification log, oldest cause first;
    /// `status` filters (all when `None`), `limit` bounds a page (0: all), `cursor` is a
    /// page's `next_cursor`.
    pub fn notification_log(
        &self,
        status: Option<DeliveryStatus>,
        limit: usize,
        cursor: Option<&str>,
    ) -> NotificationPage {
        self.notifications.page(&self.outbox, status, limit, cursor)
    }

    /// How many mails are pending, failing and sent (`/metrics`).
    pub fn notification_counts(&self) -> NotificationCounts {
        self.notifications.counts(&self.outbox)
    }

    /// What the notifier recorded about one mail.
    pub fn notification(&self, message_id: Uuid) -> Option<&LogEntry> {
        self.notifications.get(message_id)
    }

    /// The notifier's own model: recorded digests and reminders, programme deadlines.
    pub fn notifications(&self) -> &NotificationLog {
        &self.notifications
    }

    /// Every objection with who filed it (sealed; open with
    /// [`crate::ObjectionEntry::open_objector`]): the secretariat's alone (the app's objections
    /// action applies that rule; no public page reads this).
    pub fn objections(&self) -> &Objections {
        &self.objections
    }
}
