//! Shared test fixtures: the people, ids, rubric, rules and nominee that the domain's, the
//! app's and the projections' tests all build their programmes from. One copy, so that a
//! change to a command's shape is mended once, and so that the three suites tell the same
//! story about the same people.

use accolade_events::{
    Category, Criterion, Denominator, Evidence, Nominee, NomineeKind, Ratio, Role, Threshold,
    VotingRule,
};
use uuid::Uuid;

use crate::context::Actor;
use crate::programme::NominationContent;

/// The secretariat's admin.
pub const ADMIN: Uuid = Uuid::from_u128(0xAD);
/// The deciding authority.
pub const AUTHORITY: Uuid = Uuid::from_u128(0xA7);
/// The first nominating agency.
pub const A1: Uuid = Uuid::from_u128(0xA1);
/// The second nominating agency.
pub const A2: Uuid = Uuid::from_u128(0xA2);
/// The review panel's id; its members are `m(i)`, how many and which categories each
/// suite decides.
pub const PANEL: Uuid = Uuid::from_u128(0x9A);
/// The id of the programme each suite runs its cycle in.
pub const PROGRAMME: Uuid = Uuid::from_u128(0x70);

/// Member `i` (1-based).
pub fn m(i: u128) -> Uuid {
    Uuid::from_u128(0x1000 + i)
}

/// Nomination `i`.
pub fn nom(i: u128) -> Uuid {
    Uuid::from_u128(0x5000 + i)
}

/// The clerk of `agency`.
pub fn clerk_id(agency: Uuid) -> Uuid {
    Uuid::from_u128(0xC000 + agency.as_u128())
}

/// The head of `agency`.
pub fn head_id(agency: Uuid) -> Uuid {
    Uuid::from_u128(0x4000 + agency.as_u128())
}

/// The admin as an actor.
pub fn admin() -> Actor {
    Actor::user(ADMIN, Role::Admin, None)
}

/// The authority as an actor.
pub fn authority() -> Actor {
    Actor::user(AUTHORITY, Role::Authority, None)
}

/// The clerk of `agency` as an actor.
pub fn clerk(agency: Uuid) -> Actor {
    Actor::user(clerk_id(agency), Role::Clerk, Some(agency))
}

/// The head of `agency` as an actor.
pub fn head(agency: Uuid) -> Actor {
    Actor::user(head_id(agency), Role::Head, Some(agency))
}

/// Member `i` as an actor, without an affiliation.
pub fn member(i: u128) -> Actor {
    Actor::user(m(i), Role::Member, None)
}

/// The scoring rubric: impact (weight 3) and reach (weight 1), each out of 10.
pub fn rubric() -> Vec<Criterion> {
    vec![
        Criterion {
            key: "impact".into(),
            label: "Impact".into(),
            weight: 3,
            max: 10,
        },
        Criterion {
            key: "reach".into(),
            label: "Reach".into(),
            weight: 1,
            max: 10,
        },
    ]
}

/// A category for individuals with [`rubric`], `voting`, and the quotas given.
pub fn category(
    code: &str,
    voting: VotingRule,
    max_awards: u32,
    max_per_agency: Option<u32>,
) -> Category {
    Category {
        code: code.into(),
        title: format!("Category {code}"),
        nominee_kind: NomineeKind::Individual,
        award_title: "Bằng khen".into(),
        award_level: "ministry".into(),
        leaderboard_points: 10,
        criteria: rubric(),
        voting,
        max_awards,
        max_per_agency,
        prerequisite: None,
        legal_ref: Some("Nghị định 98/2023/NĐ-CP".into()),
        effective_from: None,
    }
}

/// At least 9/10 of all (eligible) members, secret, absentee written votes allowed, quorum 2/3.
pub fn ninety_percent() -> VotingRule {
    VotingRule {
        threshold: Threshold {
            num: 9,
            den: 10,
            strict: false,
        },
        denominator: Denominator::AllMembers,
        quorum: Some(Ratio { num: 2, den: 3 }),
        secret: true,
        absentee_written: true,
    }
}

/// Lookups of a nominee for pure tests: the normalised inputs themselves stand in for the
/// app's HMACs (equal inputs, equal lookups, which is all the domain relies on).
pub fn lookups_of(n: &Nominee) -> accolade_events::NomineeLookups {
    let inputs = crate::rules::names::LookupInputs::of(n);
    let l = |s: Option<String>| s.map(accolade_events::Lookup);
    accolade_events::NomineeLookups {
        name_birth: l(inputs.name_birth),
        name_org: l(inputs.name_org),
        national_id: l(inputs.national_id),
        record: serde_json::to_string(n).ok().map(accolade_events::Lookup),
    }
}

/// A nomination of an individual journalist, person `person`.
pub fn content(name: &str, person: u128) -> NominationContent {
    let nominee = Nominee {
        kind: NomineeKind::Individual,
        full_name: name.into(),
        position: Some("Phóng viên".into()),
        organisation: format!("Tòa soạn {person}"),
        province: Some("Hà Nội".into()),
        email: None,
        birth_year: Some(1980),
        national_id: None,
    };
    NominationContent {
        person_id: Uuid::from_u128(0xF000 + person),
        lookups: lookups_of(&nominee),
        linked: false,
        nominee,
        citation: "Vì đóng góp xuất sắc".into(),
        achievements: "Nhiều loạt bài".into(),
        evidence: vec![Evidence {
            title: "Bài viết".into(),
            url: "https://example.vn".into(),
        }],
    }
}

/// The public records a decision's awards carry, as the app would open them: in pure tests the
/// programme's nominees are still open (nothing sealed them).
pub fn public_records(
    p: &crate::Programme,
) -> std::collections::BTreeMap<Uuid, accolade_events::PublicHolder> {
    p.nominations
        .values()
        .filter_map(|n| match &n.nominee {
            accolade_events::Personal::Open(x) => Some((n.id, x.public_record())),
            accolade_events::Personal::Sealed(_) => None,
        })
        .collect()
}
