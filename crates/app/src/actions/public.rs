//! The public read side (anyone, no sign-in): the honour list, an award's page, the agency
//! leaderboard and the public-notice list, all from the read models. The read rule is the
//! models' own: they hold only what DOMAIN.md allows on a public page (name, position, work
//! unit, province, award, decision) and nothing of a programme before it is published.
//!
//! The views are the read models' own public types, re-exported here so a front end needs
//! nothing from the projections crate.
//!
//! Every read here costs what it shows, not the size of the list: the honour list comes a page
//! at a time from the read models' ordered indexes (keyset cursors), the filters' choices and
//! the home page's figures from what the models keep as they fold.

use accolade_events::Phase;
use accolade_store::EventStore;
use uuid::Uuid;

pub use accolade_projections::{
    AwardPage, AwardStatus, BadCursor, HonourCursor, HonourFilter, HonourItem, HonourJsonPage,
    HonourPage, LeaderboardItem, NoticeItem,
};

use crate::{AppError, Node};

/// The public reads of a [`Node`].
#[derive(Debug)]
pub struct Public<'a, S: EventStore> {
    node: &'a Node<S>,
}

impl<S: EventStore> Node<S> {
    /// The honour list, award pages, the leaderboard and the public-notice list.
    pub fn public(&self) -> Public<'_, S> {
        Public { node: self }
    }
}

/// What the honour list's filters can offer: the values present in the published list.
#[derive(Debug, Clone, Default)]
pub struct HonourChoices {
    /// Published programmes: id, title, year (by id).
    pub programmes: Vec<(Uuid, String, i32)>,
    /// Categories of published programmes: code and title, by code, each code once.
    pub categories: Vec<(String, String)>,
    /// Agencies with an award on the list: id and name, by name.
    pub agencies: Vec<(Uuid, String)>,
    /// Provinces on the list, sorted.
    pub provinces: Vec<String>,
    /// Years on the list, newest first.
    pub years: Vec<i32>,
}

/// An award's page with the title of its programme.
#[derive(Debug, Clone)]
pub struct AwardView {
    /// The page: citation, decision, status, revocation, verification record.
    pub page: AwardPage,
    /// The programme's title once published (empty otherwise).
    pub programme: String,
}

/// A programme under public notice with its list.
#[derive(Debug, Clone)]
pub struct NoticeGroup {
    /// The programme's id.
    pub programme_id: Uuid,
    /// Its title.
    pub title: String,
    /// Its recommended nominations on notice, by category then name.
    pub items: Vec<NoticeItem>,
}

/// The home page's figures.
#[derive(Debug, Clone)]
pub struct Overview {
    /// The latest decisions' awards, newest first (at most [`Overview::LATEST`]).
    pub latest: Vec<HonourItem>,
    /// Awards on the honour list.
    pub total: usize,
    /// Nominations under public notice now.
    pub under_notice: usize,
    /// Agencies with a standing award.
    pub agencies: usize,
}

impl Overview {
    /// How many of the latest awards the home page shows.
    pub const LATEST: usize = 6;
}

impl<S: EventStore> Public<'_, S> {
    /// The whole honour list of published programmes matching `filter`, revoked awards
    /// included and marked (tests and tools; pages and downloads walk [`Self::honours_page`]).
    pub fn honours(&self, filter: &HonourFilter) -> Vec<HonourItem> {
        self.node.read(|p| p.honours(filter, self.node.unseal()))
    }

    /// One page of the honour list after `after` (a cursor decoded for `filter`).
    pub fn honours_page(
        &self,
        filter: &HonourFilter,
        after: Option<&HonourCursor>,
        limit: usize,
    ) -> HonourPage {
        self.node
            .read(|p| p.honours_page(filter, after, limit, self.node.unseal()))
    }

    /// [`Self::honours_page`] with its items as one JSON array (the API's answer).
    pub fn honours_page_json(
        &self,
        filter: &HonourFilter,
        after: Option<&HonourCursor>,
        limit: usize,
    ) -> HonourJsonPage {
        self.node
            .read(|p| p.honours_page_json(filter, after, limit, self.node.unseal()))
    }

    /// What the honour list's filters can offer (kept by the read models as they fold: no
    /// pass over the list). It changes only with [`Self::choices_version`].
    pub fn honour_choices(&self) -> HonourChoices {
        self.node.read(|p| {
            let c = p.catalog();
            let published = || {
                c.programmes
                    .iter()
                    .filter(|(_, p)| p.phase >= Phase::Published)
            };
            let programmes = published()
                .map(|(id, p)| (*id, p.title.clone(), p.year))
                .collect();
            let mut categories: Vec<(String, String)> = published()
                .flat_map(|(_, p)| {
                    p.categories
                        .values()
                        .map(|k| (k.code.clone(), k.title.clone()))
                })
                .collect();
            categories.sort();
            categories.dedup_by(|a, b| a.0 == b.0);
            let mut agencies: Vec<(Uuid, String)> = p
                .honour_agencies()
                .into_iter()
                .map(|id| {
                    let name = c.agencies.get(&id).map(|a| a.name.clone());
                    (id, name.unwrap_or_default())
                })
                .collect();
            agencies.sort_by(|a, b| a.1.cmp(&b.1));
            HonourChoices {
                programmes,
                categories,
                agencies,
                provinces: p.honour_provinces(self.node.unseal()),
                years: p.honour_years(),
            }
        })
    }

    /// Where the honour list's choices last changed: the list's version or its names'
    /// (programme and category titles, agency names), whichever is later.
    pub fn choices_version(&self) -> u64 {
        self.node.read(|p| {
            let v = p.versions();
            v.honours().max(v.names())
        })
    }

    /// An award's permanent page; not found when there is none or it is not public yet.
    pub fn award(&self, award_id: Uuid) -> Result<AwardPage, AppError> {
        self.node
            .read(|p| p.award(award_id, self.node.unseal()))
            .ok_or_else(|| AppError::not_found("award", award_id))
    }

    /// An award's page with its programme's title.
    pub fn award_view(&self, award_id: Uuid) -> Result<AwardView, AppError> {
        self.node
            .read(|p| {
                let page = p.award(award_id, self.node.unseal())?;
                let programme = p
                    .catalog()
                    .programmes
                    .get(&page.item.programme_id)
                    .filter(|pr| pr.phase >= Phase::Published)
                    .map(|pr| pr.title.clone())
                    .unwrap_or_default();
                Some(AwardView { page, programme })
            })
            .ok_or_else(|| AppError::not_found("award", award_id))
    }

    /// The latest decisions' awards first, at most `n` (the feed).
    pub fn latest(&self, n: usize) -> Vec<HonourItem> {
        self.node.read(|p| p.latest_honours(n, self.node.unseal()))
    }

    /// Agencies ranked by the points of their standing awards, in `year` or all time.
    pub fn leaderboard(&self, year: Option<i32>) -> Vec<LeaderboardItem> {
        self.node.read(|p| p.leaderboard(year))
    }

    /// The leaderboard of `year` and the years with awards on the list, newest first.
    pub fn leaderboard_with_years(&self, year: Option<i32>) -> (Vec<LeaderboardItem>, Vec<i32>) {
        self.node.read(|p| (p.leaderboard(year), p.honour_years()))
    }

    /// The recommended list under public notice (of one programme, or all).
    pub fn notice(&self, programme_id: Option<Uuid>) -> Vec<NoticeItem> {
        self.node
            .read(|p| p.notice(programme_id, self.node.unseal()))
    }

    /// The public-notice list grouped by programme (programmes by id; none without items).
    pub fn notice_by_programme(&self) -> Vec<NoticeGroup> {
        self.node.read(|p| {
            let items = p.notice(None, self.node.unseal());
            p.catalog()
                .programmes
                .iter()
                .filter_map(|(pid, pr)| {
                    let list: Vec<NoticeItem> = items
                        .iter()
                        .filter(|i| i.programme_id == *pid)
                        .cloned()
                        .collect();
                    (!list.is_empty()).then(|| NoticeGroup {
                        programme_id: *pid,
                        title: pr.title.clone(),
                        items: list,
                    })
                })
                .collect()
        })
    }

    /// A nomination on the public-notice list (what an objection is filed against); not
    /// found when it is not on the list.
    pub fn on_notice(&self, nomination_id: Uuid) -> Result<NoticeItem, AppError> {
        self.node
            .read(|p| p.on_notice(nomination_id, self.node.unseal()))
            .ok_or_else(|| AppError::not_found("nomination", nomination_id))
    }

    /// The latest awards and the counts the home page shows.
    pub fn overview(&self) -> Overview {
        self.node.read(|p| Overview {
            latest: p.latest_honours(Overview::LATEST, self.node.unseal()),
            total: p.honours_count(),
            under_notice: p.notice_count(),
            agencies: p.leaderboard(None).len(),
        })
    }
}
