//! The demo: a realistic programme in Vietnamese, driven through the app exactly as the API
//! would drive it (no event is written by hand), ending with published awards.
//!
//! "Giải thưởng Truyền thông Khoa học, Công nghệ, Đổi mới sáng tạo và Chuyển đổi số 2026":
//! ministries, provinces, press agencies and a university nominate; a council of seven scores
//! and votes by secret ballot (one member is recused from his own agency's nominations, one
//! absent member votes in writing); the public objects; the minister decides; one award is
//! revoked. At the end the nominations stand in every final state: draft, returned,
//! ineligible, withdrawn, not recommended, reserve, objection upheld, declined, awarded,
//! revoked. A second edition (2027) is open for nominations, with one submitted.
//!
//! The cast (agencies, people, categories, the panel, nominees, citations, scores, ballots,
//! objections, decisions) is data: `cast.toml` beside this file, compiled in. `story.rs`
//! plays it phase by phase; `seeder.rs` turns each step into a command.

use accolade_app::accounts::{FirstAdminError, PasswordError, register_first_admin};
use accolade_app::{Actor, AppError, Node};
use accolade_events::Role;
use accolade_store::EventStore;
use uuid::Uuid;

mod cast;
mod seeder;
mod story;

use cast::Cast;
use seeder::Seeder;

/// What the seed created, for tests and the printout.
#[derive(Debug, Clone)]
pub struct Seeded {
    /// The 2026 programme (published).
    pub programme_id: Uuid,
    /// The 2027 programme (nominating).
    pub next_programme_id: Uuid,
}

/// A demo user whose password `accolade demo` prints.
#[derive(Debug, Clone)]
pub struct Login {
    /// Who it is, e.g. "Văn thư VTV (clerk)".
    pub label: String,
    /// The e-mail to sign in with.
    pub email: String,
    /// In clear, from `cast.toml`: public in the source, so a seeded data directory is never
    /// one to put in production.
    pub password: String,
}

/// Why the demo could not be seeded.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// `cast.toml` does not read (caught by this module's tests before a release).
    #[error("the demo cast does not read: {0}")]
    Cast(#[from] toml::de::Error),
    /// The cast names an agency, person, category or nomination it does not define.
    #[error("the demo cast names {0}, which it does not define")]
    Unknown(String),
    /// The app refused a step or could not write it.
    #[error(transparent)]
    App(#[from] AppError),
    /// The admin could not be created.
    #[error(transparent)]
    FirstAdmin(#[from] FirstAdminError),
    /// A user's password could not be set.
    #[error(transparent)]
    Password(#[from] PasswordError),
}

/// The demo logins, admin first (printed by `accolade demo`, used by the tests).
pub fn logins() -> Result<Vec<Login>, DemoError> {
    Ok(Cast::load()?.logins())
}

/// Seeds the demo into `node` through the app; the store is expected to be empty. The admin
/// is created here, the way `accolade serve` creates the first admin.
pub async fn seed<S: EventStore>(node: &Node<S>) -> Result<Seeded, DemoError> {
    let cast = Cast::load()?;
    let admin = &cast.admin;
    let admin_id =
        register_first_admin(node, &admin.email, &admin.full_name, admin.password.clone()).await?;
    let mut d = Seeder::new(node, Actor::user(admin_id, Role::Admin, None));
    story::play(&mut d, &cast).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cast_reads_and_names_what_it_defines() {
        let cast = Cast::load().unwrap();
        let logins = cast.logins();
        assert_eq!(logins.len(), 6);
        assert_eq!(logins[0].email, "thuky@demo.accolade.vn");
        let emails: Vec<&str> = cast.users.iter().map(|u| u.email.as_str()).collect();
        for m in cast.panel.members.iter().chain(&cast.panel.scorers) {
            assert!(emails.contains(&m.as_str()), "{m}");
        }
        for r in &cast.reviews {
            assert_eq!(
                r.ballots.len(),
                cast.panel.members.len(),
                "{}",
                r.nomination
            );
        }
        for code in &cast.panel.categories {
            cast.category(code).unwrap();
        }
    }
}
