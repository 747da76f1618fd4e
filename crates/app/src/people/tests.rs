use std::sync::Arc;

use accolade_events::{Nominee, NomineeKind, Personal, Sealed, Unseal, public_record_key};
use serde_json::json;
use uuid::Uuid;

use super::*;

fn nominee() -> Nominee {
    Nominee {
        kind: NomineeKind::Individual,
        full_name: "Nguyễn Thị Hằng".into(),
        position: None,
        organisation: "Báo Nhân Dân".into(),
        province: None,
        email: Some("hang@example.vn".into()),
        birth_year: Some(1979),
        national_id: Some("001179000123".into()),
    }
}

fn drafted(person: Uuid) -> Value {
    json!({"nomination_id": Uuid::nil(), "person_id": person, "nominee": nominee()})
}

async fn people() -> People {
    People::new(Arc::new(MemoryKeys::new()))
}

#[tokio::test]
async fn seals_opens_and_seals_the_same_way_twice() {
    let p = people().await;
    let person = Uuid::from_u128(7);
    let mut a = drafted(person);
    let mut needed = vec![];
    People::keys_needed("NominationDrafted", &a, &mut needed);
    assert_eq!(needed, vec![person]);
    p.ensure(&needed).await.unwrap();
    let ev = Uuid::from_u128(99);
    p.seal(ev, "NominationDrafted", &mut a).unwrap();
    let text = a.to_string();
    assert!(!text.contains("Hằng") && !text.contains("hang@") && !text.contains("1979"));
    let mut b = drafted(person);
    p.seal(ev, "NominationDrafted", &mut b).unwrap();
    assert_eq!(a, b, "an idempotent retry must store the same bytes");
    let sealed: Personal<Nominee> = serde_json::from_value(a["nominee"].clone()).unwrap();
    assert!(sealed.sealed().is_some());
    assert_eq!(sealed.open(&p), Some(nominee()));
}

#[tokio::test]
async fn a_box_whose_place_is_altered_does_not_open() {
    let p = people().await;
    let person = Uuid::from_u128(7);
    p.ensure(&[person]).await.unwrap();
    let mut a = drafted(person);
    p.seal(Uuid::from_u128(1), "NominationDrafted", &mut a)
        .unwrap();
    let mut moved: Sealed = serde_json::from_value(a["nominee"].clone()).unwrap();
    moved.at = Sealed::place(Uuid::from_u128(2), "NominationDrafted", "nominee");
    assert_eq!(p.unseal(&moved), None);
}

#[tokio::test]
async fn erasure_makes_every_copy_unreadable_and_clears_the_cache() {
    let p = people().await;
    let person = Uuid::from_u128(7);
    p.ensure(&[person, public_record_key(person)])
        .await
        .unwrap();
    let mut a = drafted(person);
    p.seal(Uuid::from_u128(1), "NominationDrafted", &mut a)
        .unwrap();
    let sealed: Sealed = serde_json::from_value(a["nominee"].clone()).unwrap();
    assert!(p.unseal(&sealed).is_some(), "opened once, so cached");
    p.erase(person, false).await.unwrap();
    assert_eq!(p.unseal(&sealed), None);
    assert!(p.is_erased(person));
    assert!(matches!(
        p.keys().key(public_record_key(person)),
        KeyState::Live(_)
    ));
    assert!(matches!(
        p.ensure(&[person]).await,
        Err(KeysError::Erased(id)) if id == person
    ));
}

#[tokio::test]
async fn lookups_are_keyed_and_fold_names() {
    let a = people().await;
    let b = people().await;
    let mut other = nominee();
    other.full_name = "NGUYEN thi  hang".into();
    let la = a.nominee_lookups(&nominee());
    assert_eq!(la.name_birth, a.nominee_lookups(&other).name_birth);
    assert_ne!(la.record, a.nominee_lookups(&other).record);
    assert_ne!(
        la.name_birth,
        b.nominee_lookups(&nominee()).name_birth,
        "another secret"
    );
    assert_eq!(
        a.email_key(" Hang@Example.VN"),
        a.email_key("hang@example.vn")
    );
    assert!(!a.email_key("hang@example.vn").contains("hang"));
}
