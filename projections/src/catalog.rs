//! The shared core every read model looks things up in: programmes with their categories and
//! panels, agencies, users, and one compact record per nomination.
//!
//! Why one core rather than each view keeping its own copy: nearly every view needs "which
//! programme, category and agency is this nomination, and where does it stand"; keeping that
//! once halves the memory of a million-event log and leaves one place where a nomination's
//! status is folded. The views own what only they need (awards, sheets, outcomes, audit).
//!
//! Personal data: a nomination keeps the nominee as the event brought it — sealed under the
//! person's key, with the pseudonymous person id — and views open it at query time
//! ([`NominationInfo::public_nominee`]; see `people`). Users are kept without their contact;
//! agencies with their office e-mail (not a person's). The people erased so far are kept by
//! person id ([`Catalog::is_erased`]), so a view shows them as erased whatever it holds.

use std::collections::BTreeMap;

use accolade_events::{
    AgencyEvent, AgencyKind, Category, Locale, NominationStatus as S, Nominee, Personal, Phase,
    ProgrammeEvent as E, Role, UserEvent,
};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::envelope::Envelope;

/// Programmes, agencies, users and nominations, folded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    /// Programmes by id.
    pub programmes: BTreeMap<Uuid, ProgrammeInfo>,
    /// Agencies by id.
    pub agencies: BTreeMap<Uuid, AgencyInfo>,
    /// Users by id.
    pub users: BTreeMap<Uuid, UserInfo>,
    /// Nominations by id.
    pub nominations: BTreeMap<Uuid, NominationInfo>,
    /// People erased (`PersonErased`), by person id, with whether their public record (the
    /// name, position and work unit of conferred awards) was erased too.
    pub erased: BTreeMap<Uuid, bool>,
}

/// A programme (one edition).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeInfo {
    /// As created or last amended.
    pub title: String,
    /// Year of the edition.
    pub year: i32,
    /// Current phase.
    pub phase: Phase,
    /// Categories by code.
    pub categories: BTreeMap<String, Category>,
    /// Panels by id.
    pub panels: BTreeMap<Uuid, PanelInfo>,
    /// Last day of the list's notice period, once public notice began.
    #[serde(default, with = "accolade_events::dates::iso_date::option")]
    pub notice_ends_on: Option<Date>,
    /// The conferring decision, once made.
    pub decision: Option<DecisionInfo>,
}

/// A review panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelInfo {
    /// As formed or last amended.
    pub name: String,
    /// Categories it reviews.
    pub category_codes: Vec<String>,
    /// Member user ids.
    pub members: Vec<Uuid>,
    /// One of `members`; sees the progress and tally of the panel's categories.
    pub chair_id: Uuid,
}

/// The authority's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionInfo {
    /// Decision number.
    pub decision_no: String,
    /// Its date.
    #[serde(with = "accolade_events::dates::iso_date")]
    pub decided_on: Date,
    /// Who signed it.
    pub signer: String,
}

/// A registered agency, as last amended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyInfo {
    /// As registered or last amended.
    pub name: String,
    /// Unique and permanent, upper case (reserved in the directory).
    pub code: String,
    /// Ministry, province, press agency, university, enterprise or other.
    pub kind: AgencyKind,
    /// The province or city it belongs to, if any.
    pub province: Option<String>,
    /// Office contact e-mail (for notifications; not a person's).
    pub email: Option<String>,
}

/// A user, without contact data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    /// The user's pseudonymous person id: what the admin names to erase the user's contact.
    pub person_id: Uuid,
    /// What the user may do, as last amended.
    pub role: Role,
    /// Agency (a member's affiliation).
    pub agency_id: Option<Uuid>,
    /// Preferred language (templates are chosen by it).
    pub locale: Locale,
    /// False once deactivated.
    pub active: bool,
}

/// One nomination, compactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationInfo {
    /// Its programme.
    pub programme_id: Uuid,
    /// Its category.
    pub category_code: String,
    /// The nominating agency.
    pub agency_id: Uuid,
    /// The nominee's pseudonymous person id.
    pub person_id: Uuid,
    /// The nominee (latest version) as the event held it: sealed under the person's key.
    /// Open it with [`NominationInfo::public_nominee`] or [`Catalog::open`].
    #[serde(with = "crate::people::personal")]
    pub nominee: Personal<Nominee>,
    /// The citation (latest version).
    pub citation: String,
    /// Content versions (1 = as drafted).
    pub version: u32,
    /// Where it stands.
    pub status: S,
    /// First submission.
    #[serde(default, with = "accolade_events::dates::rfc3339::option")]
    pub submitted_at: Option<OffsetDateTime>,
    /// Assigned reviewers, sorted.
    pub reviewers: Vec<Uuid>,
    /// Recused members, sorted.
    pub recused: Vec<Uuid>,
    /// Its own notice period's last day (a promoted reserve).
    #[serde(default, with = "accolade_events::dates::iso_date::option")]
    pub notice_ends_on: Option<Date>,
    /// The award, once conferred.
    pub award_id: Option<Uuid>,
}

impl NominationInfo {
    /// Whether `member` is recused from it.
    pub fn is_recused(&self, member: Uuid) -> bool {
        self.recused.binary_search(&member).is_ok()
    }

    /// Whether `member` is assigned to it and not recused.
    pub fn is_eligible_reviewer(&self, member: Uuid) -> bool {
        self.reviewers.binary_search(&member).is_ok() && !self.is_recused(member)
    }
}

fn insert_sorted(v: &mut Vec<Uuid>, id: Uuid) {
    if let Err(i) = v.binary_search(&id) {
        v.insert(i, id);
    }
}

fn remove_sorted(v: &mut Vec<Uuid>, id: Uuid) {
    if let Ok(i) = v.binary_search(&id) {
        v.remove(i);
    }
}

impl Catalog {
    /// An agency's name as public views show it (empty for an unknown agency).
    pub fn agency_name(&self, agency_id: Uuid) -> String {
        self.agencies
            .get(&agency_id)
            .map(|a| a.name.clone())
            .unwrap_or_default()
    }

    /// The nomination's status, if known.
    pub fn status(&self, nomination_id: Uuid) -> Option<S> {
        self.nominations.get(&nomination_id).map(|n| n.status)
    }

    /// The category a nomination is in.
    pub fn category_of(&self, n: &NominationInfo) -> Option<&Category> {
        self.programmes
            .get(&n.programme_id)?
            .categories
            .get(&n.category_code)
    }

    /// Applies an agency event.
    pub fn apply_agency(&mut self, env: &Envelope<'_>, ev: &AgencyEvent) {
        match ev {
            AgencyEvent::AgencyRegistered(e) => {
                self.agencies.insert(
                    e.agency_id,
                    AgencyInfo {
                        name: e.name.clone(),
                        code: e.code.clone(),
                        kind: e.kind,
                        province: e.province.clone(),
                        email: e.email.clone(),
                    },
                );
            }
            AgencyEvent::AgencyAmended(e) => {
                let Some(a) = env.aggregate_id.and_then(|id| self.agencies.get_mut(&id)) else {
                    return;
                };
                if let Some(v) = &e.name {
                    a.name.clone_from(v);
                }
                if let Some(v) = e.kind {
                    a.kind = v;
                }
                if e.province.is_some() {
                    a.province.clone_from(&e.province);
                }
                if e.email.is_some() {
                    a.email.clone_from(&e.email);
                }
            }
        }
    }

    /// Applies a user event.
    pub fn apply_user(&mut self, env: &Envelope<'_>, ev: &UserEvent) {
        if let UserEvent::UserRegistered(e) = ev {
            self.users.insert(
                e.user_id,
                UserInfo {
                    person_id: e.person_id,
                    role: e.role,
                    agency_id: e.agency_id,
                    locale: e.locale,
                    active: true,
                },
            );
            return;
        }
        let Some(u) = env.aggregate_id.and_then(|id| self.users.get_mut(&id)) else {
            return;
        };
        match ev {
            UserEvent::UserAmended(e) => {
                if let Some(r) = e.role {
                    u.role = r;
                }
                if let Some(a) = e.agency_id {
                    u.agency_id = a;
                }
                if let Some(l) = e.locale {
                    u.locale = l;
                }
                if let Some(p) = e.person_id {
                    u.person_id = p;
                }
            }
            UserEvent::UserDeactivated(_) => u.active = false,
            UserEvent::UserReactivated(_) => u.active = true,
            _ => {}
        }
    }

    /// Applies a programme event. Like the domain's `evolve`, it holds no rules and cannot
    /// fail: an event naming something unknown is ignored.
    pub fn apply_programme(&mut self, env: &Envelope<'_>, ev: &E) {
        let Some(pid) = env.aggregate_id else { return };
        if let E::ProgrammeCreated(e) = ev {
            self.programmes.insert(
                e.programme_id,
                ProgrammeInfo {
                    title: e.title.clone(),
                    year: e.year,
                    phase: Phase::Setup,
                    categories: BTreeMap::new(),
                    panels: BTreeMap::new(),
                    notice_ends_on: None,
                    decision: None,
                },
            );
            return;
        }
        if let E::NominationDrafted(e) = ev {
            self.nominations.insert(
                e.nomination_id,
                NominationInfo {
                    programme_id: pid,
                    category_code: e.category_code.clone(),
                    agency_id: e.agency_id,
                    person_id: e.person_id,
                    nominee: e.nominee.clone(),
                    citation: e.citation.clone(),
                    version: 1,
                    status: S::Draft,
                    submitted_at: None,
                    reviewers: Vec::new(),
                    recused: Vec::new(),
                    notice_ends_on: None,
                    award_id: None,
                },
            );
            return;
        }
        if let Some(p) = self.programmes.get_mut(&pid) {
            match ev {
                E::ProgrammeAmended(e) => {
                    if let Some(t) = &e.title {
                        p.title.clone_from(t);
                    }
                }
                E::CategoryAdded(e) => {
                    p.categories
                        .insert(e.category.code.clone(), e.category.clone());
                }
                E::CategoryAmended(e) => {
                    p.categories
                        .insert(e.category.code.clone(), e.category.clone());
                }
                E::PanelFormed(e) => {
                    let members = e.members.iter().map(|m| m.user_id).collect();
                    p.panels.insert(
                        e.panel_id,
                        PanelInfo {
                            name: e.name.clone(),
                            category_codes: e.category_codes.clone(),
                            members,
                            chair_id: e.chair_id,
                        },
                    );
                }
                E::PanelAmended(e) => {
                    let members = e.members.iter().map(|m| m.user_id).collect();
                    p.panels.insert(
                        e.panel_id,
                        PanelInfo {
                            name: e.name.clone(),
                            category_codes: e.category_codes.clone(),
                            members,
                            chair_id: e.chair_id,
                        },
                    );
                }
                E::PhaseMoved(e) => p.phase = e.to,
                E::NoticePeriodStarted(e) if e.nomination_id.is_none() => {
                    p.notice_ends_on = Some(e.ends_on);
                }
                E::DecisionMade(e) => {
                    p.decision = Some(DecisionInfo {
                        decision_no: e.decision_no.clone(),
                        decided_on: e.decided_on,
                        signer: e.signer.clone(),
                    });
                }
                _ => {}
            }
        }
        if let E::ReviewersAssigned(e) = ev {
            for a in &e.assignments {
                if let Some(n) = self.nominations.get_mut(&a.nomination_id) {
                    let mut ids = a.member_ids.clone();
                    ids.sort_unstable();
                    ids.dedup();
                    n.reviewers = ids;
                }
            }
            return;
        }
        let Some(n) = ev
            .nomination_id()
            .and_then(|id| self.nominations.get_mut(&id))
        else {
            return;
        };
        match ev {
            E::NominationAmended(e) => {
                n.person_id = e.person_id;
                n.nominee = e.nominee.clone();
                n.citation.clone_from(&e.citation);
                n.version += 1;
            }
            E::NominationSubmitted(e) => {
                n.status = S::Submitted;
                n.submitted_at.get_or_insert(e.submitted_at);
            }
            E::NominationWithdrawn(_) => n.status = S::Withdrawn,
            E::NominationScreened(e) => {
                n.status = if e.eligible {
                    S::Eligible
                } else {
                    S::Ineligible
                };
            }
            E::NominationReturned(_) => n.status = S::Returned,
            E::ConflictCleared(e) => remove_sorted(&mut n.recused, e.member_id),
            E::MemberRecused(e) => insert_sorted(&mut n.recused, e.member_id),
            E::VoteRerun(_) => {
                if matches!(n.status, S::Recommended | S::Reserve | S::NotRecommended) {
                    n.status = S::Eligible;
                }
            }
            E::OutcomeDecided(e) => n.status = e.outcome.into(),
            E::ReservePromoted(_) => n.status = S::Recommended,
            E::NoticePeriodStarted(e) => n.notice_ends_on = Some(e.ends_on),
            E::ObjectionResolved(e) if e.upheld && n.status == S::Recommended => {
                n.status = S::ObjectionUpheld;
            }
            E::NominationDeclined(_) => n.status = S::Declined,
            E::AwardConferred(e) => {
                n.award_id = Some(e.award_id);
                n.status = S::Awarded;
            }
            E::AwardRevoked(_) => n.status = S::Revoked,
            _ => {}
        }
    }
}
