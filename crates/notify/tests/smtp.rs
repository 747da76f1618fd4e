//! The notifier against a real SMTP server (aiosmtpd, started here): recipients, subjects,
//! bodies and links in Vietnamese and English, read back from the Maildir with mail-parser;
//! one digest per member; the invitation; and a second pass sending nothing again.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;
use std::time::Duration;

use accolade_events::*;
use accolade_notify::testing::SmtpSink;
use accolade_notify::{MailConfig, Notifier, Smtp};
use accolade_projections::{Runner, RunnerConfig};
use accolade_store::{EventStore, ExpectedVersion, MemoryStore, Metadata, NewEvent};
use mail_parser::{Message, MessageParser};
use time::OffsetDateTime;
use time::macros::{date, datetime};
use uuid::Uuid;

use support::{BASE, Vault};

async fn put(store: &MemoryStore, stream: &str, ev: AnyEvent) {
    let payload = ev.to_payload().unwrap();
    let e = NewEvent::json(
        ev.event_type(),
        ev.schema_version(),
        &payload,
        Metadata::default(),
    );
    store
        .append(stream, ExpectedVersion::Any, vec![e])
        .await
        .unwrap();
}

trait Wrap {
    fn any(self) -> AnyEvent;
}
impl Wrap for AgencyEvent {
    fn any(self) -> AnyEvent {
        AnyEvent::Agency(self)
    }
}
impl Wrap for UserEvent {
    fn any(self) -> AnyEvent {
        AnyEvent::User(self)
    }
}
impl Wrap for ProgrammeEvent {
    fn any(self) -> AnyEvent {
        AnyEvent::Programme(self)
    }
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

struct Parsed {
    to: String,
    subject: String,
    text: String,
    html: String,
    message_id: String,
}

fn parse(bytes: &[u8]) -> Parsed {
    let m: Message<'_> = MessageParser::default().parse(bytes).unwrap();
    Parsed {
        to: m
            .to()
            .unwrap()
            .first()
            .unwrap()
            .address()
            .unwrap()
            .to_owned(),
        subject: m.subject().unwrap().to_owned(),
        text: m.body_text(0).unwrap().into_owned(),
        html: m.body_html(0).unwrap().into_owned(),
        message_id: m
            .message_id()
            .unwrap()
            .trim_matches(|c| c == '<' || c == '>')
            .to_owned(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mails_in_vietnamese_and_english_with_links_once() {
    let tmp = tempfile::tempdir().unwrap();
    let sink = SmtpSink::start_in(tmp.path());
    let store = MemoryStore::new();
    let (agency, en, vi, prog, nom, award) = (id(1), id(2), id(3), id(4), id(5), id(6));
    put(
        &store,
        "agency-1",
        AgencyEvent::from(AgencyRegistered {
            agency_id: agency,
            name: "Đài Truyền hình Việt Nam".into(),
            code: "VTV".into(),
            kind: AgencyKind::Press,
            province: None,
            parent_id: None,
            email: Some("vanphong@vtv.example.vn".into()),
        })
        .any(),
    )
    .await;
    // People are sealed in the log, as the app writes them; the notifier opens them.
    let vault = Arc::new(Vault::default());
    for (u, email, name, locale) in [
        (en, "jane@council.example.vn", "Jane Smith", Locale::En),
        (vi, "binh@council.example.vn", "Trần Thị Bình", Locale::Vi),
    ] {
        put(
            &store,
            &format!("user-{u}"),
            UserEvent::from(UserRegistered {
                user_id: u,
                person_id: u,
                contact: vault.seal_value(
                    u,
                    &UserContact {
                        email: email.into(),
                        full_name: name.into(),
                    },
                ),
                role: Role::Member,
                agency_id: None,
                locale,
            })
            .any(),
        )
        .await;
    }
    let p = format!("programme-{prog}");
    put(
        &store,
        &p,
        ProgrammeEvent::from(ProgrammeCreated {
            programme_id: prog,
            title: "Giải thưởng Truyền thông KH&CN 2026".into(),
            year: 2026,
            description: None,
            notice_working_days: 10,
            schedule: Schedule::default(),
            holidays: vec![],
        })
        .any(),
    )
    .await;
    let nominee = Nominee {
        kind: NomineeKind::Individual,
        full_name: "Nguyễn Văn Đức".into(),
        position: None,
        organisation: "Báo <Khoa học>".into(),
        province: None,
        email: Some("duc@example.vn".into()),
        birth_year: None,
        national_id: None,
    };
    put(
        &store,
        &p,
        ProgrammeEvent::from(NominationDrafted {
            nomination_id: nom,
            category_code: "IND".into(),
            agency_id: agency,
            person_id: id(9),
            nominee: vault.seal_value(id(9), &nominee),
            lookups: NomineeLookups::default(),
            linked: false,
            citation: "c".into(),
            achievements: "a".into(),
            evidence: vec![],
        })
        .any(),
    )
    .await;
    put(
        &store,
        &p,
        ProgrammeEvent::from(NominationSubmitted {
            nomination_id: nom,
            submitted_at: datetime!(2026-03-01 09:00 +7),
            resubmission: false,
        })
        .any(),
    )
    .await;
    // Two assignment events for the same members: one digest each, not two mails.
    for seed in [1, 2] {
        put(
            &store,
            &p,
            ProgrammeEvent::from(ReviewersAssigned {
                panel_id: id(7),
                seed,
                per_nomination: None,
                assignments: vec![Assignment {
                    nomination_id: nom,
                    member_ids: vec![en, vi],
                }],
            })
            .any(),
        )
        .await;
    }
    put(
        &store,
        &p,
        ProgrammeEvent::from(AwardConferred {
            award_id: award,
            nomination_id: nom,
            category_code: "IND".into(),
            award_title: "Bằng khen".into(),
            person_id: id(9),
            holder: vault.seal_value(public_record_key(id(9)), &nominee.public_record()),
            decision_no: "123/QĐ-BKHCN".into(),
            decided_on: date!(2026 - 06 - 01),
        })
        .any(),
    )
    .await;

    let runner = Arc::new(
        Runner::start(store.clone(), RunnerConfig::in_memory())
            .await
            .unwrap(),
    );
    let mut config = MailConfig::new(sink.url(), "Giải thưởng <giaithuong@example.vn>", BASE);
    config.digest_window = Duration::from_secs(60);
    let smtp = Smtp::new(&config).unwrap();
    let (notifier, invitations) =
        Notifier::new(store.clone(), runner.clone(), smtp, config, vault.clone());
    // An hour later: the assignments' digest window has closed.
    let mut notifier = notifier.with_clock(Arc::new(|| {
        OffsetDateTime::now_utc() + time::Duration::hours(1)
    }));
    invitations.owe(en, "tok-en-123", 7);

    let first = notifier.pass().await.unwrap();
    let second = notifier.pass().await.unwrap();
    assert_eq!(second.sent, 0, "nothing twice: {second:?}");
    let mails: Vec<Parsed> = sink
        .files()
        .iter()
        .map(|f| parse(&std::fs::read(f).unwrap()))
        .collect();
    // agency: submitted + conferred; nominee: conferred; members: one digest each; invitation.
    assert_eq!(mails.len(), 6, "{first:?}");
    assert_eq!(first.sent, 6);
    let find = |to: &str, subject_part: &str| {
        mails
            .iter()
            .find(|m| m.to == to && m.subject.contains(subject_part))
            .unwrap_or_else(|| panic!("no mail to {to} about {subject_part}"))
    };

    let sub = find(
        "vanphong@vtv.example.vn",
        "Đã nộp hồ sơ đề nghị: Nguyễn Văn Đức",
    );
    assert!(sub.text.contains("Kính gửi Đài Truyền hình Việt Nam"));
    assert!(sub.text.contains(&format!("{BASE}/work/nominations/{nom}")));
    assert!(
        sub.html
            .contains(&format!("href=\"{BASE}/work/nominations/{nom}\""))
    );

    let digest_en = find(
        "jane@council.example.vn",
        "Assigned for review: 1 nomination(s)",
    );
    assert!(digest_en.text.starts_with("Dear Jane Smith,"));
    assert!(digest_en.text.contains("- Nguyễn Văn Đức"));
    assert!(
        digest_en
            .text
            .contains(&format!("Open your assignments: {BASE}/work/assignments"))
    );
    assert!(digest_en.html.contains("lang=\"en\""));
    let digest_vi = find(
        "binh@council.example.vn",
        "Hồ sơ được phân công chấm: 1 hồ sơ",
    );
    assert!(digest_vi.text.starts_with("Kính gửi Trần Thị Bình,"));
    assert!(digest_vi.html.contains("lang=\"vi\""));
    assert_eq!(
        mails.iter().filter(|m| m.to.starts_with("jane")).count(),
        2,
        "digest + invitation"
    );

    let conferred = find("duc@example.vn", "Quyết định khen thưởng: Nguyễn Văn Đức");
    assert!(
        conferred
            .text
            .contains("được tặng Bằng khen theo Quyết định số 123/QĐ-BKHCN")
    );
    assert!(conferred.text.contains(&format!("{BASE}/honours/{award}")));
    find("vanphong@vtv.example.vn", "Quyết định khen thưởng");

    let invite = find("jane@council.example.vn", "Your invitation");
    assert!(
        invite
            .text
            .contains(&format!("{BASE}/invitations/tok-en-123"))
    );
    assert!(invite.text.contains("within 7 days"));

    // Message-IDs are distinct and the outbox's (derived), the log records every one.
    let mut ids: Vec<&str> = mails.iter().map(|m| m.message_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6);
    let sent = runner.read(|p| p.notification_counts());
    assert_eq!((sent.sent, sent.pending, sent.failing), (6, 0, 0));
    let owed_submission = accolade_projections::message_id(
        runner.read(|p| {
            p.notification_log(None, 0, None)
                .items
                .iter()
                .find(|i| i.template == accolade_projections::Template::NominationSubmitted)
                .unwrap()
                .causing_event_id
                .unwrap()
        }),
        accolade_projections::Template::NominationSubmitted,
        accolade_projections::MailRecipient::Agency(agency),
    );
    assert!(ids.contains(&format!("{owed_submission}@accolade").as_str()));
}
