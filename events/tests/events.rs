//! Integration tests of the vocabulary: upcasting from stored fixtures, round trips, errors.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::path::Path;

use accolade_events::*;
use serde_json::{Value, json};

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn nomination_drafted_v1_fixture_upcasts_to_current_shape() {
    let ev =
        ProgrammeEvent::from_stored("NominationDrafted", 1, fixture("NominationDrafted.v1.json"))
            .unwrap();
    let ProgrammeEvent::NominationDrafted(d) = &ev else {
        panic!("wrong variant: {ev:?}");
    };
    // Before sealing (v1 and v2) the nominee was plain: it reads as an open value, which only
    // `accolade migrate` ever reads, to seal it.
    let Personal::Open(n) = &d.nominee else {
        panic!("a plain nominee reads as open: {:?}", d.nominee);
    };
    assert_eq!(n.full_name, "Nguyễn Văn A");
    assert_eq!(n.province, None);
    assert_eq!(n.birth_year, Some(1984));
    assert_eq!(ev.schema_version(), 3);
    // The upcast v1 reads exactly like the same record written at v2.
    let v2 =
        ProgrammeEvent::from_stored("NominationDrafted", 2, fixture("NominationDrafted.v2.json"))
            .unwrap();
    assert_eq!(ev, v2);
    // Writing it again gives the v2 fixture with v3's new fields at their defaults.
    let mut expected = fixture("NominationDrafted.v2.json");
    expected["lookups"] = serde_json::to_value(NomineeLookups::default()).unwrap();
    expected["linked"] = json!(false);
    expected["nominee"]["national_id"] = Value::Null;
    assert_eq!(ev.to_payload().unwrap(), expected);
}

#[test]
fn any_event_upcasts_too() {
    let ev = AnyEvent::from_stored("NominationDrafted", 1, fixture("NominationDrafted.v1.json"))
        .unwrap();
    assert_eq!(ev.event_type(), "NominationDrafted");
    assert!(matches!(ev, AnyEvent::Programme(_)));
}

#[test]
fn unknown_type_and_versions_are_typed_errors() {
    let e = ProgrammeEvent::from_stored("NominationTeleported", 1, json!({})).unwrap_err();
    assert!(matches!(e, EventError::UnknownType { .. }), "{e}");
    let e = AnyEvent::from_stored("NominationTeleported", 1, json!({})).unwrap_err();
    assert!(matches!(e, EventError::UnknownType { .. }), "{e}");
    // From a newer build.
    let e =
        ProgrammeEvent::from_stored("NominationDrafted", 4, fixture("NominationDrafted.v2.json"))
            .unwrap_err();
    assert!(
        matches!(
            e,
            EventError::UnknownVersion {
                version: 4,
                current: 3,
                ..
            }
        ),
        "{e}"
    );
    let e = ProgrammeEvent::from_stored("PhaseMoved", 0, json!({})).unwrap_err();
    assert!(matches!(e, EventError::UnknownVersion { .. }), "{e}");
    // A v1 record lacking the field its upcaster rewrites.
    let e =
        ProgrammeEvent::from_stored("NominationDrafted", 1, json!({"nominee": {}})).unwrap_err();
    assert!(matches!(e, EventError::Upcast { .. }), "{e}");
    let e = ProgrammeEvent::from_stored("NominationDrafted", 1, json!([])).unwrap_err();
    assert!(matches!(e, EventError::Upcast { .. }), "{e}");
    // Right version, wrong shape.
    let e = ProgrammeEvent::from_stored("PhaseMoved", 1, json!({"from": "mars"})).unwrap_err();
    assert!(matches!(e, EventError::Decode { .. }), "{e}");
}

#[test]
fn type_names_are_unique_across_the_vocabulary() {
    let mut names: Vec<_> = all_types().map(|(t, _)| t).collect();
    let n = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), n);
    // Every version > 1 has a full chain of upcasters.
    for (t, v) in all_types() {
        for from in 1..v {
            assert!(
                upcast::UPCASTERS
                    .iter()
                    .any(|u| u.event_type == t && u.from_version == from),
                "{t} v{from} has no upcaster"
            );
        }
    }
}

#[test]
fn dates_and_instants_are_iso_text() {
    let ev = ProgrammeEvent::from(NoticePeriodStarted {
        nomination_id: None,
        started_on: time::macros::date!(2026 - 05 - 04),
        working_days: 10,
        ends_on: time::macros::date!(2026 - 05 - 18),
    });
    let json = ev.to_payload().unwrap();
    assert_eq!(json["started_on"], "2026-05-04");
    let ev = ProgrammeEvent::from(PhaseMoved {
        from: Phase::Setup,
        to: Phase::Nominating,
        automatic: false,
        at: time::macros::datetime!(2026-01-02 03:04:05 UTC),
    });
    let json = ev.to_payload().unwrap();
    assert_eq!(json["at"], "2026-01-02T03:04:05Z");
    assert_eq!(json["to"], "nominating");
    assert_eq!(
        ProgrammeEvent::from_stored("PhaseMoved", 1, json).unwrap(),
        ev
    );
}

#[test]
fn category_defaults_match_the_api() {
    let c: Category = serde_json::from_value(json!({
        "code": "C", "title": "T", "nominee_kind": "individual", "award_title": "A",
        "award_level": "ministry", "criteria": [{"key": "k", "label": "K", "weight": 1, "max": 10}],
        "voting": {"threshold": {"num": 1, "den": 2}, "denominator": "votes_cast"},
        "max_awards": 3
    }))
    .unwrap();
    assert!(c.voting.secret, "secret ballot is the default");
    assert!(!c.voting.threshold.strict);
    assert!(!c.voting.absentee_written);
    assert_eq!(c.max_per_agency, None);
}

#[test]
fn phases_step_forward() {
    assert_eq!(Phase::Setup.next(), Some(Phase::Nominating));
    assert_eq!(Phase::Deciding.next(), Some(Phase::Published));
    assert_eq!(Phase::Closed.next(), None);
    assert_eq!(Phase::PublicNotice.to_string(), "public_notice");
}

#[test]
fn metadata_anonymous_drops_only_the_actor() {
    let m = Metadata::new(Some(uuid::Uuid::nil()), uuid::Uuid::max());
    let a = m.anonymous();
    assert_eq!(a.actor, None);
    assert_eq!(a.correlation_id, m.correlation_id);
}

#[test]
fn notification_events_round_trip_without_addresses() {
    use accolade_events::{AnyEvent, MailRecipient, NotificationEvent, NotificationSent};
    let ev = NotificationEvent::from(NotificationSent {
        message_id: uuid::Uuid::from_u128(7),
        recipient: MailRecipient::Agency(uuid::Uuid::from_u128(1)),
        template: "nomination_submitted".into(),
        causing_event_id: Some(uuid::Uuid::from_u128(2)),
        causing_position: Some(41),
        attempt: 1,
        sent_at: time::macros::datetime!(2026-03-01 09:00 +7),
    });
    let json = ev.to_payload().unwrap();
    assert_eq!(json["recipient"]["kind"], "agency");
    assert_eq!(json["sent_at"], "2026-03-01T02:00:00Z", "instants in UTC");
    let back = AnyEvent::from_stored(ev.event_type(), ev.schema_version(), json).unwrap();
    assert_eq!(back, AnyEvent::Notification(ev));
}
