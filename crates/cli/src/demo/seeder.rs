//! A small driver: every demo step is an ordinary command through the app (and waits for the
//! read models, like an HTTP write).

use accolade_app::{Actor, Command};
use accolade_domain::{
    AgencyCommand, NominationContent, ProgrammeCommand, RegisterAgency, RegisterUser, UserCommand,
};
use accolade_events::{AgencyKind, Locale, Nominee, Phase, Role};
use uuid::Uuid;

use accolade_http::ApiError;
use accolade_http::AppState;
use accolade_http::extract::IdempotencyKey;

pub(super) struct Seeder<'a> {
    pub(super) s: &'a AppState,
    pub(super) admin: Actor,
}

impl Seeder<'_> {
    pub(super) async fn run(&self, actor: &Actor, cmd: Command) -> Result<(), ApiError> {
        self.s
            .execute(actor, cmd, &IdempotencyKey::default(), None)
            .await
            .map(|_| ())
    }

    pub(super) async fn prog(
        &self,
        actor: &Actor,
        pid: Uuid,
        cmd: ProgrammeCommand,
    ) -> Result<(), ApiError> {
        self.run(actor, Command::programme(pid, cmd)).await
    }

    pub(super) async fn agency(
        &self,
        name: &str,
        code: &str,
        kind: AgencyKind,
        province: Option<&str>,
    ) -> Result<Uuid, ApiError> {
        let id = self.s.app.new_id();
        let cmd = AgencyCommand::Register(RegisterAgency {
            agency_id: id,
            name: name.into(),
            code: code.into(),
            kind,
            province: province.map(Into::into),
            parent_id: None,
            email: Some(format!("vanphong.{}@demo.accolade.vn", code.to_lowercase())),
        });
        self.run(&self.admin, Command::agency(id, cmd)).await?;
        Ok(id)
    }

    pub(super) async fn user(
        &self,
        email: &str,
        name: &str,
        role: Role,
        agency: Option<Uuid>,
        password: Option<&str>,
    ) -> Result<Actor, ApiError> {
        let id = self.s.app.new_id();
        let cmd = UserCommand::Register(RegisterUser {
            user_id: id,
            person_id: self.s.app.new_id(),
            email: email.into(),
            full_name: name.into(),
            role,
            agency_id: agency,
            locale: Locale::Vi,
        });
        self.run(&self.admin, Command::user(id, cmd)).await?;
        let pw = password.map_or_else(|| format!("demo-{id}"), str::to_owned);
        self.s
            .auth
            .set_password(id, pw)
            .await
            .map_err(|e| ApiError::internal(&e))?;
        Ok(Actor::user(id, role, agency))
    }

    pub(super) async fn draft(
        &self,
        clerk: &Actor,
        pid: Uuid,
        cat: &str,
        nominee: Nominee,
        citation: &str,
    ) -> Result<Uuid, ApiError> {
        let id = self.s.app.new_id();
        let cmd = ProgrammeCommand::DraftNomination {
            nomination_id: id,
            category_code: cat.into(),
            content: NominationContent {
                person_id: self.s.app.new_id(),
                nominee,
                citation: citation.into(),
                achievements: format!(
                    "{citation}. Nhiều tác phẩm, chương trình được công chúng đón nhận rộng rãi."
                ),
                evidence: vec![],
            },
        };
        self.prog(clerk, pid, cmd).await?;
        Ok(id)
    }

    pub(super) async fn phase(&self, pid: Uuid, to: Phase) -> Result<(), ApiError> {
        self.prog(&self.admin, pid, ProgrammeCommand::MovePhase { to })
            .await
    }
}
