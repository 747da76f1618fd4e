//! The first admin of a store: `accolade serve` creates it from the configuration on an empty
//! store, and the demo creates its secretariat with it.

use accolade_domain::{RegisterUser, UserCommand};
use accolade_events::{Locale, Role};
use accolade_store::EventStore;
use uuid::Uuid;

use super::PasswordError;
use crate::{Actor, AppError, Command, Node, Options};

/// Why the first admin could not be created.
#[derive(Debug, thiserror::Error)]
pub enum FirstAdminError {
    /// The registration was refused or could not be written.
    #[error(transparent)]
    App(#[from] AppError),
    /// The password was refused or could not be kept.
    #[error(transparent)]
    Password(#[from] PasswordError),
}

/// Registers an admin with `email` and `password` and returns its user id. The admin
/// registers themself: the domain lets only an admin register users, and a store without one
/// has nobody else to do it. The caller decides when a store needs one (serve: when empty).
pub async fn register_first_admin<S: EventStore>(
    node: &Node<S>,
    email: &str,
    full_name: &str,
    password: String,
) -> Result<Uuid, FirstAdminError> {
    let id = node.app().new_id();
    let actor = Actor::user(id, Role::Admin, None);
    let cmd = Command::user(
        id,
        UserCommand::Register(RegisterUser {
            user_id: id,
            person_id: node.app().new_id(),
            email: email.to_owned(),
            full_name: full_name.to_owned(),
            role: Role::Admin,
            agency_id: None,
            locale: Locale::Vi,
        }),
    );
    node.execute(&actor, cmd, Options::default()).await?;
    node.auth().set_password(id, password).await?;
    Ok(id)
}
