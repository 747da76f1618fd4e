//! A small driver: every demo step is an ordinary command through the node (which answers
//! once its read models include the write, like an HTTP write), and the ids it made are kept
//! under the names the cast uses.

use std::collections::HashMap;

use accolade_app::{Actor, Command, Node, Options};
use accolade_domain::{
    AgencyCommand, NominationContent, ProgrammeCommand, RegisterAgency, RegisterUser, UserCommand,
};
use accolade_events::{Locale, Phase, Role};
use accolade_store::EventStore;
use uuid::Uuid;

use super::DemoError;
use super::cast::{Agency, Nomination, User};

pub(super) struct Seeder<'a, S: EventStore> {
    pub(super) node: &'a Node<S>,
    pub(super) admin: Actor,
    /// Agency ids by code.
    agencies: HashMap<String, Uuid>,
    /// Users by e-mail.
    users: HashMap<String, Actor>,
    /// Each agency's clerk and head, by agency code.
    clerks: HashMap<String, Actor>,
    heads: HashMap<String, Actor>,
    /// Nomination ids by the cast's key.
    nominations: HashMap<String, Uuid>,
}

impl<'a, S: EventStore> Seeder<'a, S> {
    pub(super) fn new(node: &'a Node<S>, admin: Actor) -> Self {
        Self {
            node,
            admin,
            agencies: HashMap::new(),
            users: HashMap::new(),
            clerks: HashMap::new(),
            heads: HashMap::new(),
            nominations: HashMap::new(),
        }
    }

    pub(super) fn new_id(&self) -> Uuid {
        self.node.app().new_id()
    }

    pub(super) async fn run(&self, actor: &Actor, cmd: Command) -> Result<(), DemoError> {
        self.node.execute(actor, cmd, Options::default()).await?;
        Ok(())
    }

    pub(super) async fn prog(
        &self,
        actor: &Actor,
        pid: Uuid,
        cmd: ProgrammeCommand,
    ) -> Result<(), DemoError> {
        self.run(actor, Command::programme(pid, cmd)).await
    }

    /// The admin moves programme `pid` to `to`.
    pub(super) async fn phase(&self, pid: Uuid, to: Phase) -> Result<(), DemoError> {
        self.prog(&self.admin, pid, ProgrammeCommand::MovePhase { to })
            .await
    }

    pub(super) async fn agency(&mut self, a: &Agency) -> Result<(), DemoError> {
        let id = self.new_id();
        let cmd = AgencyCommand::Register(RegisterAgency {
            agency_id: id,
            name: a.name.clone(),
            code: a.code.clone(),
            kind: a.kind,
            province: a.province.clone(),
            parent_id: None,
            email: Some(format!(
                "vanphong.{}@demo.accolade.vn",
                a.code.to_lowercase()
            )),
        });
        self.run(&self.admin, Command::agency(id, cmd)).await?;
        self.agencies.insert(a.code.clone(), id);
        Ok(())
    }

    /// Registers `u` (by the admin) and sets its password: the cast's, or one nobody knows.
    pub(super) async fn user(&mut self, u: &User) -> Result<(), DemoError> {
        let agency = u.agency.as_deref().map(|c| self.agency_id(c)).transpose()?;
        let id = self.new_id();
        let cmd = UserCommand::Register(RegisterUser {
            user_id: id,
            person_id: self.new_id(),
            email: u.email.clone(),
            full_name: u.full_name.clone(),
            role: u.role,
            agency_id: agency,
            locale: Locale::Vi,
        });
        self.run(&self.admin, Command::user(id, cmd)).await?;
        let pw = u.password.clone().unwrap_or_else(|| format!("demo-{id}"));
        self.node.auth().set_password(id, pw).await?;
        let actor = Actor::user(id, u.role, agency);
        if let Some(code) = &u.agency {
            match u.role {
                Role::Clerk => self.clerks.insert(code.clone(), actor.clone()),
                Role::Head => self.heads.insert(code.clone(), actor.clone()),
                _ => None,
            };
        }
        self.users.insert(u.email.clone(), actor);
        Ok(())
    }

    /// The agency's clerk drafts `n` in programme `pid`.
    pub(super) async fn draft(
        &mut self,
        pid: Uuid,
        n: &Nomination,
        achievements_after_citation: &str,
    ) -> Result<Uuid, DemoError> {
        let clerk = self.clerk(&n.agency)?.clone();
        let id = self.new_id();
        let cmd = ProgrammeCommand::DraftNomination {
            nomination_id: id,
            category_code: n.category.clone(),
            content: NominationContent {
                person_id: self.new_id(),
                lookups: self.node.app().people().nominee_lookups(&n.nominee),
                linked: false,
                nominee: n.nominee.clone(),
                citation: n.citation.clone(),
                achievements: format!("{}. {achievements_after_citation}", n.citation),
                evidence: vec![],
            },
        };
        self.prog(&clerk, pid, cmd).await?;
        self.nominations.insert(n.key.clone(), id);
        Ok(id)
    }

    pub(super) fn agency_id(&self, code: &str) -> Result<Uuid, DemoError> {
        self.agencies
            .get(code)
            .copied()
            .ok_or_else(|| DemoError::Unknown(format!("agency {code}")))
    }

    pub(super) fn user_by(&self, email: &str) -> Result<&Actor, DemoError> {
        self.users
            .get(email)
            .ok_or_else(|| DemoError::Unknown(format!("user {email}")))
    }

    pub(super) fn user_id(&self, email: &str) -> Result<Uuid, DemoError> {
        self.user_by(email)?
            .user_id()
            .ok_or_else(|| DemoError::Unknown(format!("user {email}")))
    }

    pub(super) fn clerk(&self, agency: &str) -> Result<&Actor, DemoError> {
        self.clerks
            .get(agency)
            .ok_or_else(|| DemoError::Unknown(format!("a clerk of {agency}")))
    }

    pub(super) fn head(&self, agency: &str) -> Result<&Actor, DemoError> {
        self.heads
            .get(agency)
            .ok_or_else(|| DemoError::Unknown(format!("a head of {agency}")))
    }

    pub(super) fn nomination(&self, key: &str) -> Result<Uuid, DemoError> {
        self.nominations
            .get(key)
            .copied()
            .ok_or_else(|| DemoError::Unknown(format!("nomination {key}")))
    }
}
