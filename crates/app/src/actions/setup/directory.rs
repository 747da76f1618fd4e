//! The directory: agencies (ministries, provinces, press agencies, universities...) and the
//! users who act for them, sit on panels or decide. Registering a user without a password
//! owes them an invitation; deactivating one signs them out everywhere.

use accolade_domain::{
    Agency, AgencyCommand, AmendUser, DomainError, RegisterAgency, RegisterUser, User, UserCommand,
};
use accolade_events::{AgencyAmended, AgencyKind, Locale, Role};
use accolade_projections::AgencyInfo;
use accolade_store::EventStore;
use uuid::Uuid;

use super::{Setup, Versioned};
use crate::accounts::{InvitationSink, MIN_PASSWORD_LEN, TokenKind};
use crate::actions::accounts::AccountError;
use crate::actions::{Ask, Done};
use crate::authz::may;
use crate::{AppError, Command};

/// A new agency.
#[derive(Debug, Clone)]
pub struct NewAgency {
    /// Its full name.
    pub name: String,
    /// A short code, unique among agencies.
    pub code: String,
    /// What sort of body it is.
    pub kind: AgencyKind,
    /// The province it is in, if one.
    pub province: Option<String>,
    /// The agency it belongs to, if any.
    pub parent_id: Option<Uuid>,
    /// Its office's contact e-mail.
    pub email: Option<String>,
}

/// A new user. Without `password`, an invitation is sent (its link sets the password).
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Their e-mail (unique; they sign in with it).
    pub email: String,
    /// Their full name.
    pub full_name: String,
    /// What they do in Accolade.
    pub role: Role,
    /// Their agency (a member's affiliation, which conflicts are checked against).
    pub agency_id: Option<Uuid>,
    /// The language of their pages and mails (`None`: Vietnamese).
    pub locale: Option<Locale>,
    /// A first password (at least [`MIN_PASSWORD_LEN`] characters); `None` to invite.
    pub password: Option<String>,
}

/// Changes to a user; `None` keeps what they have.
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    /// The account's details (the admin anything; a user their own name and locale).
    pub amend: AmendUser,
    /// `false` deactivates, `true` reactivates (the admin only).
    pub active: Option<bool>,
}

/// A user as read, with whether they have set a password yet.
#[derive(Debug, Clone)]
pub struct UserRecord {
    /// The user's id.
    pub id: Uuid,
    /// The user's stream state.
    pub user: User,
    /// The stream's version.
    pub version: u64,
    /// False until the invitation is used.
    pub has_password: bool,
    /// The user's contact, opened (the state holds it sealed); `None` once erased.
    pub contact: Option<accolade_events::UserContact>,
}

impl UserRecord {
    /// The record of a user's state, its contact opened through `unseal`.
    pub fn new(
        id: Uuid,
        user: User,
        version: u64,
        has_password: bool,
        unseal: &dyn accolade_events::Unseal,
    ) -> Self {
        let contact = user.current.as_ref().and_then(|c| c.contact.open(unseal));
        Self {
            id,
            user,
            version,
            has_password,
            contact,
        }
    }
}

impl<S: EventStore> Setup<'_, S> {
    /// Registers an agency (the secretariat). `Done::id` is the new agency's.
    pub async fn register_agency(&self, ask: &Ask, agency: NewAgency) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::SECRETARIAT)?;
        let id = self.node.id_for(ask, "agency");
        let command = AgencyCommand::Register(RegisterAgency {
            agency_id: id,
            name: agency.name,
            code: agency.code,
            kind: agency.kind,
            province: agency.province,
            parent_id: agency.parent_id,
            email: agency.email,
        });
        self.node
            .act(ask, &actor, id, Command::agency(id, command))
            .await
    }

    /// Changes an agency (the secretariat); absent fields stay.
    pub async fn amend_agency(
        &self,
        ask: &Ask,
        id: Uuid,
        changes: AgencyAmended,
    ) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::SECRETARIAT)?;
        let command = Command::agency(id, AgencyCommand::Amend(changes));
        self.node.act(ask, &actor, id, command).await
    }

    /// One agency (any signed-in role: agencies are not secret).
    pub async fn agency(&self, ask: &Ask, id: Uuid) -> Result<Versioned<Agency>, AppError> {
        ask.caller.require(may::ANY_ROLE)?;
        let (value, version) = self.node.app().agency_versioned(id).await?;
        if value.current.is_none() {
            return Err(AppError::not_found("agency", id));
        }
        Ok(Versioned { value, version })
    }

    /// Every agency, by id (any signed-in role).
    pub fn agencies(&self, ask: &Ask) -> Result<Vec<(Uuid, AgencyInfo)>, AppError> {
        ask.caller.require(may::ANY_ROLE)?;
        Ok(self.node.read(|p| {
            p.catalog()
                .agencies
                .iter()
                .map(|(id, a)| (*id, a.clone()))
                .collect()
        }))
    }

    /// Registers a user (the secretariat). With a password it is set at once; without one an
    /// invitation is owed to `mail` (the token goes to the e-mail, never to a log or the
    /// answer). A replayed request sets nothing and sends nothing again.
    pub async fn register_user(
        &self,
        ask: &Ask,
        user: NewUser,
        mail: &dyn InvitationSink,
    ) -> Result<Done, AccountError> {
        let actor = ask.caller.require(may::SECRETARIAT)?;
        if let Some(p) = &user.password
            && p.chars().count() < MIN_PASSWORD_LEN
        {
            return Err(AppError::invalid(
                "password",
                format!("needs at least {MIN_PASSWORD_LEN} characters"),
            )
            .into());
        }
        let id = self.node.id_for(ask, "user");
        let command = UserCommand::Register(RegisterUser {
            user_id: id,
            person_id: self.node.id_for(ask, "user-person"),
            email: user.email,
            full_name: user.full_name,
            role: user.role,
            agency_id: user.agency_id,
            locale: user.locale.unwrap_or_default(),
        });
        let done = self
            .node
            .act(ask, &actor, id, Command::user(id, command))
            .await?;
        if !done.executed.replayed {
            let auth = self.node.auth();
            match user.password {
                Some(p) => auth.set_password(id, p).await?,
                None => auth.send_token(mail, id, TokenKind::Invitation)?,
            }
        }
        Ok(done)
    }

    /// Changes a user: the admin anything, a user their own name and locale (anyone else's
    /// is not found). Deactivating signs the user out everywhere. `ask`'s expected version
    /// is checked by the first command that writes, or here when nothing changes. The answer
    /// is the last write's (`None`: nothing needed changing).
    pub async fn amend_user(
        &self,
        ask: &Ask,
        id: Uuid,
        changes: UserChanges,
    ) -> Result<Option<Done>, AppError> {
        let actor = ask.caller.signed_in()?;
        let is_admin = actor.role() == Some(Role::Admin);
        if !is_admin && actor.user_id() != Some(id) {
            return Err(AppError::not_found("user", id));
        }
        if !is_admin && changes.active.is_some() {
            return Err(AppError::Forbidden(
                "only the secretariat (de)activates users".into(),
            ));
        }
        // Each command after the first follows from it: only the first carries the version.
        let mut step = ask.clone();
        let rest = Ask::by(ask.caller.clone());
        let mut done = None;
        if changes.amend != AmendUser::default() {
            let cmd = Command::user(id, UserCommand::Amend(changes.amend));
            done = Some(self.node.act(&step, &actor, id, cmd).await?);
            step = rest.clone();
        }
        let (current, version) = self.node.app().user_versioned(id).await?;
        let toggle = match changes.active {
            Some(false) if current.active => Some(UserCommand::Deactivate { reason: None }),
            Some(true) if !current.active => Some(UserCommand::Reactivate),
            _ => None,
        };
        match toggle {
            Some(cmd) => {
                let deactivating = matches!(cmd, UserCommand::Deactivate { .. });
                done = Some(
                    self.node
                        .act(&step, &actor, id, Command::user(id, cmd))
                        .await?,
                );
                if deactivating {
                    self.node.auth().revoke_user(id);
                }
            }
            None => match step.expected_version {
                Some(expected) if expected != version => {
                    return Err(AppError::Domain(DomainError::VersionMismatch {
                        expected,
                        current: version,
                    }));
                }
                _ => {}
            },
        }
        Ok(done)
    }

    /// One user (the admin, or the user themselves; anyone else: not found).
    pub async fn user(&self, ask: &Ask, id: Uuid) -> Result<UserRecord, AppError> {
        let actor = ask.caller.signed_in()?;
        if actor.role() != Some(Role::Admin) && actor.user_id() != Some(id) {
            return Err(AppError::not_found("user", id));
        }
        let (user, version) = self.node.app().user_versioned(id).await?;
        Ok(UserRecord::new(
            id,
            user,
            version,
            self.node.auth().has_password(id),
            self.node.unseal(),
        ))
    }

    /// Every user's id, in order (the secretariat); [`Setup::user`] reads each. Contacts come
    /// from the user streams: read models keep no personal contact data.
    pub fn user_ids(&self, ask: &Ask) -> Result<Vec<Uuid>, AppError> {
        ask.caller.require(may::SECRETARIAT)?;
        Ok(self
            .node
            .read(|p| p.catalog().users.keys().copied().collect()))
    }

    /// Active users with the member role, by name (whom a panel can seat).
    pub async fn panel_candidates(&self, ask: &Ask) -> Result<Vec<(Uuid, String)>, AppError> {
        ask.caller.require(may::SECRETARIAT)?;
        let ids: Vec<Uuid> = self.node.read(|p| {
            p.catalog()
                .users
                .iter()
                .filter(|(_, u)| u.active && u.role == Role::Member)
                .map(|(id, _)| *id)
                .collect()
        });
        let mut out = Vec::new();
        for id in ids {
            out.push((id, self.name_of(id).await));
        }
        out.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(out)
    }

    /// A user's full name for a page (their id when they cannot be read).
    pub async fn name_of(&self, id: Uuid) -> String {
        self.node
            .app()
            .user(id)
            .await
            .ok()
            .and_then(|u| u.current)
            .and_then(|c| c.contact.open(self.node.app().people().as_ref()))
            .map(|c| c.full_name)
            .unwrap_or_else(|| id.to_string())
    }

    /// Sends a user's invitation again with a fresh token; the earlier link stops working.
    /// Only for an active user who has not set a password yet (a password reset is the way
    /// otherwise).
    pub async fn resend_invitation(
        &self,
        ask: &Ask,
        id: Uuid,
        mail: &dyn InvitationSink,
    ) -> Result<(), AccountError> {
        ask.caller.require(may::SECRETARIAT)?;
        let (user, _) = self.node.app().user_versioned(id).await?;
        if user.current.is_none() {
            return Err(AppError::not_found("user", id).into());
        }
        if !user.active {
            return Err(AccountError::Deactivated);
        }
        let auth = self.node.auth();
        if auth.has_password(id) {
            return Err(AccountError::HasPassword);
        }
        auth.send_token(mail, id, TokenKind::Invitation)?;
        Ok(())
    }
}
