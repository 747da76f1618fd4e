//! The small aggregates: directory, user, agency, history.

use accolade_domain::testing::given;
use accolade_domain::*;
use accolade_events::*;
use time::macros::datetime;
use uuid::Uuid;

use crate::support::*;

fn ctx(actor: Actor) -> Context {
    Context::new(actor, datetime!(2026-01-05 09:00 +7))
}

#[test]
fn emails_and_codes_are_unique_and_reservation_is_idempotent() {
    let (u1, u2) = (Uuid::from_u128(1), Uuid::from_u128(2));
    // The app's keyed lookup stands in as the normalised address here: equal addresses,
    // equal keys, which is all the directory relies on.
    let key = |email: &str| format!("key:{}", rules::names::normalise_email(email));
    let reserve = |user_id, email: &str| DirectoryCommand::ReserveEmail {
        user_id,
        email: email.into(),
        email_key: key(email),
    };
    let events = given::<Directory>([])
        .when(&reserve(u1, "An@Example.vn"), &ctx(admin()))
        .events();
    let DirectoryEvent::UserEmailReserved(r) = &events[0] else {
        panic!()
    };
    assert_eq!(
        r.email_key,
        key("an@example.vn"),
        "only the key the app gave is recorded, never the address"
    );
    given::<Directory>(events.clone())
        .when(&reserve(u1, "an@example.vn "), &ctx(admin()))
        .then(&[]);
    given::<Directory>(events.clone())
        .when(&reserve(u2, "AN@example.vn"), &ctx(admin()))
        .then_error(|e| matches!(e, DomainError::Conflict { .. }));
    given::<Directory>([])
        .when(&reserve(u1, "not-an-email"), &ctx(admin()))
        .then_error(|e| matches!(e, DomainError::Invalid { .. }));
    given::<Directory>([])
        .when(&reserve(u1, "a@b.vn"), &ctx(member(1)))
        .then_error(|e| matches!(e, DomainError::Forbidden(_)));
    // A new address releases the old one.
    let mut d = given::<Directory>(events)
        .when(&reserve(u1, "new@example.vn"), &ctx(admin()))
        .state_after();
    assert_eq!(d.user_by_email_key(&key("an@example.vn")), None);
    d.evolve(&DirectoryEvent::from(UserEmailReserved {
        user_id: u2,
        email_key: key("an@example.vn"),
    }));
    assert_eq!(d.user_by_email_key(&key("an@example.vn")), Some(u2));

    let code = |agency_id, code: &str| DirectoryCommand::ReserveAgencyCode {
        agency_id,
        code: code.into(),
    };
    let ev = given::<Directory>([])
        .when(&code(A1, " most "), &ctx(admin()))
        .events();
    given::<Directory>(ev.clone())
        .when(&code(A2, "MOST"), &ctx(admin()))
        .then_error(|e| matches!(e, DomainError::Conflict { .. }));
    given::<Directory>(ev.clone())
        .when(&code(A1, "MOST"), &ctx(Actor::System))
        .then(&[]);
    given::<Directory>(ev)
        .when(&code(A1, "OTHER"), &ctx(admin()))
        .then_error(|e| matches!(e, DomainError::Conflict { .. }));
}

fn register(role: Role, agency_id: Option<Uuid>) -> UserCommand {
    UserCommand::Register(RegisterUser {
        user_id: Uuid::from_u128(5),
        person_id: Uuid::from_u128(6),
        email: "clerk@example.vn".into(),
        full_name: "Lê Thị Hoa".into(),
        role,
        agency_id,
        locale: Locale::Vi,
    })
}

#[test]
fn users() {
    given::<User>([])
        .when(&register(Role::Clerk, None), &ctx(admin()))
        .then_error(|e| matches!(e, DomainError::Invalid { .. }));
    let ev = given::<User>([])
        .when(&register(Role::Clerk, Some(A1)), &ctx(admin()))
        .events();
    let me = Actor::user(Uuid::from_u128(5), Role::Clerk, Some(A1));
    // The user may change their own language, not their role.
    let lang = UserCommand::Amend(AmendUser {
        locale: Some(Locale::En),
        ..Default::default()
    });
    let u = given::<User>(ev.clone())
        .when(&lang, &ctx(me.clone()))
        .state_after();
    assert_eq!(u.current.as_ref().unwrap().locale, Locale::En);
    let promote = UserCommand::Amend(AmendUser {
        role: Some(Role::Admin),
        ..Default::default()
    });
    given::<User>(ev.clone())
        .when(&promote, &ctx(me.clone()))
        .then_error(|e| matches!(e, DomainError::Forbidden(_)));
    given::<User>(ev.clone())
        .when(&lang, &ctx(member(1)))
        .then_error(|e| *e == DomainError::Forbidden(Forbidden::NotSelf));
    // A clerk cannot lose their agency.
    let orphan = UserCommand::Amend(AmendUser {
        agency_id: Some(None),
        ..Default::default()
    });
    given::<User>(ev.clone())
        .when(&orphan, &ctx(admin()))
        .then_error(|e| matches!(e, DomainError::Invalid { .. }));
    let u = given::<User>(ev.clone())
        .when(&UserCommand::Deactivate { reason: None }, &ctx(admin()))
        .state_after();
    assert!(!u.active);
    given::<User>(ev)
        .when(&register(Role::Clerk, Some(A1)), &ctx(admin()))
        .then_error(|e| matches!(e, DomainError::Conflict { .. }));
}

#[test]
fn agencies() {
    let reg = AgencyCommand::Register(RegisterAgency {
        agency_id: A1,
        name: "Bộ Khoa học và Công nghệ".into(),
        code: "most".into(),
        kind: AgencyKind::Ministry,
        province: None,
        parent_id: None,
        email: Some("vanphong@most.gov.vn".into()),
    });
    let a = given::<Agency>([]).when(&reg, &ctx(admin())).state_after();
    assert_eq!(a.current.as_ref().unwrap().code, "MOST");
    given::<Agency>([])
        .when(&reg, &ctx(clerk(A1)))
        .then_error(|e| matches!(e, DomainError::Forbidden(_)));
}

#[test]
fn history_import_is_idempotent_per_record_and_refuses_the_same_award_twice() {
    let rec = |id: u128, year| PastAwardImported {
        record_id: Uuid::from_u128(id),
        person_id: Uuid::from_u128(9),
        holder: accolade_events::Personal::Open(content("An", 9).nominee),
        lookups: Default::default(),
        award_title: "Chiến sĩ thi đua".into(),
        year,
        agency_id: Some(A1),
        decision_no: None,
        source: "register-2024.csv".into(),
    };
    let ev = given::<History>([])
        .when(
            &HistoryCommand::Import(vec![rec(1, 2023), rec(2, 2024)]),
            &ctx(admin()),
        )
        .events();
    assert_eq!(ev.len(), 2);
    given::<History>(ev.clone())
        .when(&HistoryCommand::Import(vec![rec(1, 2023)]), &ctx(admin()))
        .then(&[]);
    given::<History>(ev)
        .when(&HistoryCommand::Import(vec![rec(3, 2023)]), &ctx(admin()))
        .then_error(|e| matches!(e, DomainError::Conflict { .. }));
}
