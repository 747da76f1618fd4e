//! Accolade's read models: every view of the system, folded from the event log.
//!
//! Every page and list of Accolade is a projection: built by folding events, never written by
//! hand, always rebuildable from the log. The folds are pure — no I/O, no clock — and live in
//! [`Projections`]; the [`runner`] keeps one instance caught up with a store, persists
//! [`snapshot`]s so a restart does not replay the whole log, and gives the app
//! read-your-writes with [`Runner::wait_for`].
//!
//! # Read models (one file each)
//!
//! | model | file | query |
//! |---|---|---|
//! | shared core: programmes, agencies, users, nominations | `catalog` | [`Projections::catalog`] |
//! | public honour list, name search without diacritics | `honours`, `search` | [`Projections::honours`] |
//! | award pages (status, revocation, verification record) | `honours` | [`Projections::award`] |
//! | agency leaderboard (per year, all time) | `leaderboard` | [`Projections::leaderboard`] |
//! | public-notice list | `notice` | [`Projections::notice`] |
//! | nomination queues per role | `queues` | [`Projections::nominations`] |
//! | panel progress | `progress` | [`Projections::progress`] |
//! | score ranking (raw and z-score means) | `ranking` | [`Projections::ranking`] |
//! | vote tallies | `tally` | [`Projections::tally`] |
//! | audit trail of any entity | `audit` | [`Projections::audit`] |
//! | notification outbox | `outbox` | [`Projections::outbox`] |
//! | notification log (sent, pending, failing) | `notifications` | [`Projections::notification_log`] |
//! | where each public part last changed (cache keys) | `versions` | [`Projections::versions`] |
//! | objections filed in public notice, with their objectors (secretariat only) | `objections` | [`Projections::objections`] |
//!
//! # Cost of a public read
//!
//! The public models keep their public order as events fold (the honour list's ordered indexes
//! with keyset cursors, the leaderboard's sorted boards, the notice list's recommended
//! nominations), so a page costs what it shows, not the size of the list, and opens only the
//! people on it.
//!
//! Rules are not re-implemented here: name folding, scores, z-scores and vote counts come from
//! `accolade_domain::rules`, visibility mirrors `Programme::visible_to`.
//!
//! # Unknown events
//!
//! A record this build cannot decode (a type from a newer build, or damage) is counted in
//! [`Skipped`] and skipped, with a warning; the fold goes on. The position still advances, so
//! the runner never stalls on it.
//!
//! # Personal data
//!
//! The read models and their snapshots hold people as person ids and ciphertext — each
//! `Personal` value as the event brought it, sealed under the person's key — never plaintext,
//! and nothing derived from it (no folded search tokens: the name and province index of the
//! honour list lives in memory only, beside the state, filled through the querying Unseal —
//! never in a snapshot, in equality or in the digest). Views open people when they are
//! built, through the [`Unseal`](accolade_events::Unseal) the caller passes (the app's key
//! store, with its cache); a person who cannot be opened — erased: the key was destroyed, or
//! a `PersonErased` was folded ([`Catalog::is_erased`]) — is shown as erased: `erased: true`,
//! names and other personal text [`ERASED`], optional personal fields `None`.
//!
//! Public views show only name, position, work unit, province, award and decision; the honour
//! list shows an award's public record (`AwardConferred.holder`), the notice list the
//! nominee's own fields. No model keeps contacts in any form it could read: the outbox names
//! recipients (`MailRecipient::Nominee(nomination)`), and the notifier opens addresses at send
//! time. The objections model keeps the objector (sealed) for the secretariat alone.
//!
//! # Example
//!
//! ```
//! use accolade_events::NoKeys;
//! use accolade_projections::{Projections, HonourFilter};
//! let mut p = Projections::new();
//! // for rec in store.read_all(0, 1000).await? { p.apply(&rec); }
//! assert!(p.honours(&HonourFilter::default(), &NoKeys).is_empty());
//! assert_eq!(p.position(), 0);
//! ```

mod audit;
mod catalog;
mod decode;
mod envelope;
mod honours;
mod interner;
mod leaderboard;
mod notice;
mod notifications;
mod objections;
mod outbox;
mod pairs;
mod people;
mod progress;
mod projections;
mod queues;
mod ranking;
pub mod runner;
mod search;
mod shapes;
pub mod snapshot;
mod tally;
#[cfg(feature = "test-support")]
pub mod testing;
mod versions;

pub use accolade_events::MailRecipient;
pub use audit::{AuditFilter, AuditItem, FieldChange};
pub use catalog::{
    AgencyInfo, Catalog, DecisionInfo, NominationInfo, PanelInfo, ProgrammeInfo, UserInfo,
};
pub use decode::decode;
pub use envelope::{Actor, Envelope};
pub use honours::{
    AwardPage, AwardStatus, BadCursor, HonourCursor, HonourFilter, HonourItem, HonourJsonPage,
    HonourKey, HonourPage, RevocationInfo, Verification,
};
pub use leaderboard::LeaderboardItem;
pub use notice::NoticeItem;
pub use notifications::{
    DeliveryStatus, LogEntry, NotificationCounts, NotificationItem, NotificationLog,
    NotificationPage, cursor_is_valid,
};
pub use objections::{ObjectionEntry, ObjectionStatus, Objections, Resolution};
pub use outbox::{Mail, Template, message_id};
pub use people::{ERASED, PublicNominee};
pub use progress::{
    MemberProgress, NominationProgress, ProgressReport, ReviewerWork, RoundRerunView,
};
pub use projections::{Projections, Skipped, Stats};
pub use queues::{QueueFilter, QueueItem, Viewer};
pub use ranking::RankingItem;
pub use runner::{Runner, RunnerConfig, RunnerError, rebuild, rebuild_until};
pub use search::NameQuery;
pub use tally::TallyItem;
pub use versions::PublicVersions;
