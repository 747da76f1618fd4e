//! Per-part versions of the public read models: for each part a public page or JSON answer
//! shows, where in the log it last changed. The response cache keys rendered bytes by them
//! (crates/http `cache`), so an event invalidates only what it touches: a score empties
//! nothing, a revocation the honour list, the leaderboard and one award's page.
//!
//! A version is the position just after the last event that changed the part (like
//! [`crate::Projections::position`]: 0 means never changed), so it is the same on every node
//! and after a restart, and a later change always gives a greater number — which is why a
//! page showing several parts may key on the greatest of their versions.
//!
//! Exactness is the point: an event moves a part's version exactly when the part's public
//! view changes. What each part is:
//!
//! - `honours`: the published honour list's items (conferrals and revocations in published
//!   programmes, a programme's move to published, an erasure or amendment of a holder).
//! - `leaderboard`: the agency board (standing awards of published programmes) and the years
//!   on the list.
//! - `notice`: the public-notice list — its members (a recommendation, an upheld objection,
//!   a withdrawal, a phase move), their fields, their programme's title and award titles.
//! - `names`: the titles shown beside the list: agency names of agencies with a published
//!   award, titles and category titles of published programmes.
//! - one award's page: its own changes (conferral, revocation, its holder's erasure), its
//!   programme's (publication, decision, title) and its agency's name.

use std::collections::BTreeMap;

use accolade_events::{
    AgencyEvent, AnyEvent, DirectoryEvent, NominationStatus as S, Phase, ProgrammeEvent as E,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::catalog::Catalog;
use crate::envelope::Envelope;

/// The versions, folded with the other read models (kept in the snapshot).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Versions {
    honours: u64,
    leaderboard: u64,
    notice: u64,
    names: u64,
    /// Every award conferred: where it belongs and its own last change.
    awards: BTreeMap<Uuid, AwardMark>,
    /// Last change an award page of the programme shows (publication, decision, title).
    programmes: BTreeMap<Uuid, u64>,
    /// Last rename of an agency with a published award.
    agencies: BTreeMap<Uuid, u64>,
    /// Person -> awards that show them (as holder, or as the nominee whose province shows).
    people: BTreeMap<Uuid, Vec<Uuid>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct AwardMark {
    programme: Uuid,
    agency: Uuid,
    changed: u64,
}

/// What one event changes, decided before it is folded (from the state it meets).
#[derive(Debug, Default)]
pub(crate) struct Touched {
    honours: bool,
    leaderboard: bool,
    notice: bool,
    names: bool,
    awards: Vec<Uuid>,
    programme: Option<Uuid>,
    agency: Option<Uuid>,
    /// A conferral to register: (award, programme, agency, people).
    conferred: Option<(Uuid, Uuid, Uuid, [Uuid; 2])>,
}

/// The versions a cache keys by; borrowed from the read models.
#[derive(Debug, Clone, Copy)]
pub struct PublicVersions<'a> {
    v: &'a Versions,
}

impl PublicVersions<'_> {
    /// The honour list's items.
    pub fn honours(&self) -> u64 {
        self.v.honours
    }

    /// The agency leaderboard and the years on the list.
    pub fn leaderboard(&self) -> u64 {
        self.v.leaderboard
    }

    /// The public-notice list.
    pub fn notice(&self) -> u64 {
        self.v.notice
    }

    /// The names beside the list (agencies, programmes, categories).
    pub fn names(&self) -> u64 {
        self.v.names
    }

    /// One award's page; `None` for an award never conferred.
    pub fn award(&self, award_id: Uuid) -> Option<u64> {
        let a = self.v.awards.get(&award_id)?;
        let programme = self.v.programmes.get(&a.programme).copied().unwrap_or(0);
        let agency = self.v.agencies.get(&a.agency).copied().unwrap_or(0);
        Some(a.changed.max(programme).max(agency))
    }
}

fn published(c: &Catalog, programme: Uuid) -> bool {
    c.programmes
        .get(&programme)
        .is_some_and(|p| p.phase >= Phase::Published)
}

fn in_notice(c: &Catalog, programme: Uuid) -> bool {
    c.programmes
        .get(&programme)
        .is_some_and(|p| p.phase == Phase::PublicNotice)
}

/// Whether any recommended nomination of `programme` (in `category`, if given) is listed.
fn lists_any(c: &Catalog, programme: Uuid, category: Option<&str>) -> bool {
    c.nominations.values().any(|n| {
        n.programme_id == programme
            && n.status == S::Recommended
            && category.is_none_or(|k| k == n.category_code)
    })
}

/// Whether the nomination is on the public-notice list.
fn on_notice(c: &Catalog, nomination: Uuid) -> bool {
    c.nominations
        .get(&nomination)
        .is_some_and(|n| n.status == S::Recommended && in_notice(c, n.programme_id))
}

impl Versions {
    /// The view a cache reads.
    pub fn public(&self) -> PublicVersions<'_> {
        PublicVersions { v: self }
    }

    fn has_published_award(&self, c: &Catalog, agency: Uuid) -> bool {
        self.awards
            .values()
            .any(|a| a.agency == agency && published(c, a.programme))
    }

    fn shown(&self, c: &Catalog, award: Uuid) -> bool {
        self.awards
            .get(&award)
            .is_some_and(|a| published(c, a.programme))
    }

    /// What `ev` will change, judged against the state before it is folded.
    pub(crate) fn before(&self, env: &Envelope<'_>, ev: &AnyEvent, c: &Catalog) -> Touched {
        let mut t = Touched::default();
        match ev {
            AnyEvent::Programme(p) => {
                if let Some(pid) = env.aggregate_id {
                    self.programme_event(pid, p, c, &mut t);
                }
            }
            AnyEvent::Agency(AgencyEvent::AgencyAmended(e)) => {
                let Some(id) = env.aggregate_id else {
                    return t;
                };
                let renamed = e
                    .name
                    .as_ref()
                    .is_some_and(|n| c.agencies.get(&id).is_some_and(|a| a.name != *n));
                if renamed && self.has_published_award(c, id) {
                    t.names = true;
                    t.agency = Some(id);
                }
            }
            AnyEvent::Directory(DirectoryEvent::PersonErased(e)) => {
                let was = c.erased.get(&e.person_id).copied();
                let will = was.unwrap_or(false) || e.public_record_erased;
                if was == Some(will) {
                    return t;
                }
                t.awards = self
                    .people
                    .get(&e.person_id)
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(|a| self.shown(c, *a))
                    .collect();
                t.honours = !t.awards.is_empty();
                // Newly erased (not just their public record): their notice entry goes. The
                // nominations are searched only while some list is under notice (rarely).
                t.notice = was.is_none()
                    && c.programmes
                        .values()
                        .any(|p| p.phase == Phase::PublicNotice)
                    && c.nominations
                        .iter()
                        .any(|(id, n)| n.person_id == e.person_id && on_notice(c, *id));
            }
            _ => {}
        }
        t
    }

    fn programme_event(&self, pid: Uuid, ev: &E, c: &Catalog, t: &mut Touched) {
        let Some(p) = c.programmes.get(&pid) else {
            return;
        };
        let is_published = p.phase >= Phase::Published;
        let is_notice = p.phase == Phase::PublicNotice;
        match ev {
            E::ProgrammeAmended(e) if e.title.as_ref().is_some_and(|x| *x != p.title) => {
                if is_published {
                    t.names = true;
                    t.programme = Some(pid);
                }
                t.notice = is_notice && lists_any(c, pid, None);
            }
            E::CategoryAdded(accolade_events::CategoryAdded { category: new, .. })
            | E::CategoryAmended(accolade_events::CategoryAmended { category: new, .. }) => {
                let old = p.categories.get(&new.code);
                if is_published && old.is_none_or(|k| k.title != new.title) {
                    t.names = true;
                }
                t.notice = is_notice
                    && old.is_none_or(|k| k.award_title != new.award_title)
                    && lists_any(c, pid, Some(&new.code));
            }
            E::PhaseMoved(e) => {
                if is_published != (e.to >= Phase::Published) {
                    let awarded = self.awards.values().any(|a| a.programme == pid);
                    t.names = true;
                    t.programme = Some(pid);
                    t.honours = awarded;
                    t.leaderboard = awarded;
                }
                if is_notice != (e.to == Phase::PublicNotice) {
                    t.notice = lists_any(c, pid, None);
                }
            }
            E::NoticePeriodStarted(e) if is_notice => {
                t.notice = match e.nomination_id {
                    Some(n) => on_notice(c, n),
                    None => lists_any(c, pid, None),
                };
            }
            E::DecisionMade(_) if is_published => t.programme = Some(pid),
            E::NominationAmended(e) => {
                t.notice = on_notice(c, e.nomination_id);
                if let Some(a) = c.nominations.get(&e.nomination_id).and_then(|n| n.award_id)
                    && self.shown(c, a)
                {
                    t.honours = true;
                    t.awards.push(a);
                }
            }
            E::AwardConferred(e) => {
                let Some(n) = c.nominations.get(&e.nomination_id) else {
                    return;
                };
                t.conferred = Some((
                    e.award_id,
                    n.programme_id,
                    n.agency_id,
                    [e.person_id, n.person_id],
                ));
                if published(c, n.programme_id) {
                    t.honours = true;
                    t.leaderboard = true;
                    t.awards.push(e.award_id);
                }
            }
            E::AwardRevoked(e) if self.shown(c, e.award_id) => {
                t.honours = true;
                t.leaderboard = true;
                t.awards.push(e.award_id);
            }
            _ => {}
        }
    }

    /// Records what the event at `position` changed; `status` is its nomination's status
    /// change, if any (the notice list gains or loses a member on `recommended`).
    pub(crate) fn after(
        &mut self,
        position: u64,
        t: Touched,
        nomination: Option<Uuid>,
        status: Option<(S, S)>,
        c: &Catalog,
    ) {
        let v = position + 1;
        if let Some((award, programme, agency, people)) = t.conferred {
            self.awards.insert(
                award,
                AwardMark {
                    programme,
                    agency,
                    changed: v,
                },
            );
            for person in people {
                let list = self.people.entry(person).or_default();
                if !list.contains(&award) {
                    list.push(award);
                }
            }
        }
        let listed_changed = status.is_some_and(|(b, a)| {
            (b == S::Recommended) != (a == S::Recommended)
                && nomination
                    .and_then(|n| c.nominations.get(&n))
                    .is_some_and(|n| in_notice(c, n.programme_id))
        });
        let set = |flag: bool, part: &mut u64| {
            if flag {
                *part = v;
            }
        };
        set(t.honours, &mut self.honours);
        set(t.leaderboard, &mut self.leaderboard);
        set(t.notice || listed_changed, &mut self.notice);
        set(t.names, &mut self.names);
        for a in t.awards {
            if let Some(m) = self.awards.get_mut(&a) {
                m.changed = v;
            }
        }
        if let Some(p) = t.programme {
            self.programmes.insert(p, v);
        }
        if let Some(g) = t.agency {
            self.agencies.insert(g, v);
        }
    }
}
