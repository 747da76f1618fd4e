//! Fixtures: apps on a temporary sled store (or in memory), people, a programme, helpers.

use std::path::Path;
use std::sync::Arc;

use accolade_app::{App, AppError, Command, Executed, FileVault, ManualClock, MemoryVault};
use accolade_domain::*;
use accolade_events::*;
use accolade_store::{EventStore, MemoryStore, SledStore};
use tempfile::TempDir;
use time::macros::datetime;
use uuid::Uuid;

pub use accolade_domain::fixtures::*;

pub fn start() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(datetime!(2026-03-02 09:00 +7)))
}

/// The app on a sled store, a file vault and a key store under `dir`.
pub async fn open_sled(dir: &Path, clock: Arc<ManualClock>) -> App<SledStore> {
    let store = SledStore::open(dir.join("events")).unwrap();
    let vault = FileVault::open(dir.join("ballots"), dir.join("ballot-keys")).unwrap();
    let keys =
        accolade_keys::KeyStore::open(&dir.join("keys"), None, accolade_keys::Create::IfMissing)
            .await
            .unwrap();
    App::builder(store, Arc::new(vault))
        .keys(Arc::new(keys))
        .clock(clock)
        .build()
}

/// An app on sled in a fresh temporary directory.
pub struct SledEnv {
    pub dir: TempDir,
    pub clock: Arc<ManualClock>,
    pub app: App<SledStore>,
}

impl SledEnv {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let clock = start();
        let app = open_sled(dir.path(), clock.clone()).await;
        Self { dir, clock, app }
    }

    /// Closes the store, drops the app, and opens both again from disk: a restart.
    pub async fn restart(self) -> Self {
        let SledEnv { dir, clock, app } = self;
        app.store().close();
        drop(app);
        let app = open_sled(dir.path(), clock.clone()).await;
        SledEnv { dir, clock, app }
    }
}

pub fn memory_app(clock: Arc<ManualClock>) -> App<MemoryStore> {
    App::builder(MemoryStore::new(), Arc::new(MemoryVault::new()))
        .clock(clock)
        .build()
}

/// The number of durable events.
pub fn log_len<S: EventStore>(app: &App<S>) -> u64 {
    *app.store().durable_head().borrow()
}

pub async fn run<S: EventStore>(app: &App<S>, actor: &Actor, cmd: Command) -> Executed {
    match app.execute(actor.clone(), cmd.clone()).await {
        Ok(e) => e,
        Err(e) => panic!("{cmd:?} as {actor:?} failed: {e}"),
    }
}

pub async fn prog<S: EventStore>(app: &App<S>, actor: &Actor, cmd: ProgrammeCommand) -> Executed {
    run(app, actor, Command::programme(PROGRAMME, cmd)).await
}

pub async fn try_prog<S: EventStore>(
    app: &App<S>,
    actor: &Actor,
    cmd: ProgrammeCommand,
) -> Result<Executed, AppError> {
    app.execute(actor.clone(), Command::programme(PROGRAMME, cmd))
        .await
}

fn register(user_id: Uuid, name: &str, role: Role, agency_id: Option<Uuid>) -> Command {
    Command::user(
        user_id,
        UserCommand::Register(RegisterUser {
            user_id,
            person_id: Uuid::from_u128(0xFE00_0000 + user_id.as_u128()),
            email: format!("{name}@example.vn"),
            full_name: name.into(),
            role,
            agency_id,
            locale: Locale::Vi,
        }),
    )
}

/// Two agencies, their clerks and heads, `members` panel members (member `i`'s agency from
/// `affiliation`), the secretariat and the authority.
pub async fn people<S: EventStore>(
    app: &App<S>,
    members: u128,
    affiliation: impl Fn(u128) -> Option<Uuid>,
) {
    let a = admin();
    for (id, code) in [(A1, "VTV"), (A2, "VNA")] {
        let cmd = Command::agency(
            id,
            AgencyCommand::Register(RegisterAgency {
                agency_id: id,
                name: format!("Agency {code}"),
                code: code.into(),
                kind: AgencyKind::Press,
                province: None,
                parent_id: None,
                email: None,
            }),
        );
        run(app, &a, cmd).await;
        for (uid, role) in [(clerk_id(id), Role::Clerk), (head_id(id), Role::Head)] {
            run(
                app,
                &a,
                register(uid, &format!("{role}-{code}"), role, Some(id)),
            )
            .await;
        }
    }
    run(app, &a, register(ADMIN, "admin", Role::Admin, None)).await;
    run(
        app,
        &a,
        register(AUTHORITY, "authority", Role::Authority, None),
    )
    .await;
    for i in 1..=members {
        let cmd = register(m(i), &format!("member{i}"), Role::Member, affiliation(i));
        run(app, &a, cmd).await;
    }
}

/// The programme with `categories` and a panel of `members` over them, chair member 1.
/// Affiliations are left out: the app fills them in from the users.
pub async fn programme<S: EventStore>(app: &App<S>, categories: Vec<Category>, members: u128) {
    let a = admin();
    prog(
        app,
        &a,
        ProgrammeCommand::Create(CreateProgramme {
            programme_id: PROGRAMME,
            title: "Giải thưởng Truyền thông KH&CN 2026".into(),
            year: 2026,
            description: None,
            notice_working_days: 10,
            schedule: Schedule::default(),
            holidays: vec![],
        }),
    )
    .await;
    let codes: Vec<String> = categories.iter().map(|c| c.code.clone()).collect();
    for c in categories {
        prog(app, &a, ProgrammeCommand::AddCategory(c)).await;
    }
    let spec = PanelSpec {
        panel_id: PANEL,
        name: "Hội đồng".into(),
        category_codes: codes,
        members: (1..=members)
            .map(|i| PanelMember {
                user_id: m(i),
                agency_id: None,
            })
            .collect(),
        chair_id: m(1),
        reviewers_per_nomination: None,
    };
    prog(app, &a, ProgrammeCommand::FormPanel(spec)).await;
}

pub async fn move_to<S: EventStore>(app: &App<S>, to: Phase) {
    prog(app, &admin(), ProgrammeCommand::MovePhase { to }).await;
}

pub async fn draft<S: EventStore>(app: &App<S>, agency: Uuid, id: Uuid, name: &str, person: u128) {
    let cmd = ProgrammeCommand::DraftNomination {
        nomination_id: id,
        category_code: "IND".into(),
        content: content(name, person),
    };
    prog(app, &clerk(agency), cmd).await;
}

pub fn submit(id: Uuid) -> ProgrammeCommand {
    ProgrammeCommand::SubmitNomination {
        nomination_id: id,
        history: vec![],
    }
}

pub fn cast(id: Uuid, choice: Choice) -> ProgrammeCommand {
    ProgrammeCommand::CastBallot {
        nomination_id: id,
        choice,
    }
}

/// People, and a one-category programme in `voting` with `n` eligible nominations (A1 and
/// A2 alternately) reviewed by `members` members without affiliations.
pub async fn in_voting<S: EventStore>(app: &App<S>, members: u128, n: u128) {
    people(app, members, |_| None).await;
    programme(
        app,
        vec![category("IND", ninety_percent(), 2, None)],
        members,
    )
    .await;
    move_to(app, Phase::Nominating).await;
    for i in 1..=n {
        let agency = if i % 2 == 1 { A1 } else { A2 };
        draft(app, agency, nom(i), &format!("Người {i}"), i).await;
        prog(app, &head(agency), submit(nom(i))).await;
    }
    move_to(app, Phase::Screening).await;
    for i in 1..=n {
        let cmd = ProgrammeCommand::ScreenNomination {
            nomination_id: nom(i),
            eligible: true,
            reason: "ok".into(),
        };
        prog(app, &admin(), cmd).await;
    }
    move_to(app, Phase::Reviewing).await;
    let seed = app.new_seed();
    prog(
        app,
        &admin(),
        ProgrammeCommand::AssignReviewers {
            panel_id: PANEL,
            seed,
        },
    )
    .await;
    move_to(app, Phase::Voting).await;
}

pub async fn status<S: EventStore>(app: &App<S>, id: Uuid) -> NominationStatus {
    app.programme(PROGRAMME).await.unwrap().nominations[&id].status
}
