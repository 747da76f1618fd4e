//! The outbox and the notification log: which mails the log owes, and what became of them.

use accolade_events::*;
use accolade_projections::*;
use uuid::Uuid;

use super::support::*;

#[test]
fn outbox_owes_each_mail_once_with_a_stable_message_id() {
    let records = World::full_cycle(true).records();
    let p = fold(&records);
    let mails = p.outbox(None, 0);
    let count = |t: Template, r: MailRecipient| {
        mails
            .iter()
            .filter(|m| m.template == t && m.recipient == r)
            .count()
    };
    assert_eq!(
        count(Template::NominationSubmitted, MailRecipient::Agency(A1)),
        2
    );
    assert_eq!(
        count(Template::ReviewAssigned, MailRecipient::User(m(1))),
        1,
        "one digest per assignment"
    );
    // Nominee 1 gave an e-mail and nominee 3 did not, but both are sealed: the outbox cannot
    // tell, so both are owed and the notifier drops the one without an address.
    assert_eq!(
        count(Template::VoteResult, MailRecipient::Nominee(nom(1))),
        1,
        "nominee 1 gave an e-mail"
    );
    assert_eq!(
        count(Template::VoteResult, MailRecipient::Nominee(nom(3))),
        1,
        "nominee 3 could have"
    );
    assert_eq!(
        count(Template::AwardConferred, MailRecipient::Agency(A1)),
        2
    );
    assert_eq!(
        count(Template::ObjectionReceived, MailRecipient::Secretariat),
        1
    );
    assert_eq!(
        count(
            Template::ObjectionResolved,
            MailRecipient::Objector(Uuid::from_u128(0x0B))
        ),
        1
    );
    for m in mails {
        assert_eq!(
            m.message_id,
            message_id(m.causing_event_id, m.template, m.recipient)
        );
    }
    let ids: std::collections::BTreeSet<Uuid> = mails.iter().map(|m| m.message_id).collect();
    assert_eq!(ids.len(), mails.len(), "distinct mails, distinct ids");
    assert_eq!(
        fold(&records).outbox(None, 0),
        mails,
        "a replay owes the very same mails"
    );
    let last = mails[mails.len() - 3].position;
    assert!(p.outbox(Some(last), 0).iter().all(|m| m.position > last));
    assert_eq!(p.outbox(None, 2).len(), 2);
}

#[test]
fn a_dropped_mail_leaves_the_outbox_and_is_not_a_failure() {
    let mut w = World::full_cycle(true);
    let p = fold(&w.records());
    // Nominee 3 gave no e-mail: the notifier finds no address when it opens the contact.
    let mail = p
        .outbox(None, 0)
        .iter()
        .find(|m| m.recipient == MailRecipient::Nominee(nom(3)))
        .cloned()
        .unwrap();
    w.raw(
        "notifications",
        NotificationEvent::from(NotificationDropped {
            message_id: mail.message_id,
            recipient: mail.recipient,
            template: mail.template.key().into(),
            causing_event_id: Some(mail.causing_event_id),
            causing_position: Some(mail.position),
            reason: DropReason::NoAddress,
            dropped_at: mail.at,
        }),
        None,
    );
    let after = fold(&w.records());
    assert!(
        after
            .outbox(None, 0)
            .iter()
            .all(|m| m.message_id != mail.message_id),
        "no longer owed"
    );
    let entry = after.notification(mail.message_id).unwrap();
    assert_eq!(
        (entry.status, entry.dropped, entry.gave_up),
        (DeliveryStatus::Dropped, Some(DropReason::NoAddress), false)
    );
    let before = p.notification_counts();
    let counts = after.notification_counts();
    assert_eq!((counts.dropped, counts.failing), (1, 0), "not a failure");
    assert_eq!(counts.pending, before.pending - 1);
    let page = after.notification_log(Some(DeliveryStatus::Dropped), 0, None);
    assert_eq!(page.items.len(), 1);
    let json = serde_json::to_value(&page.items[0]).unwrap();
    assert_eq!(json["status"], "dropped");
    assert_eq!(json["dropped"], "no_address");
}
