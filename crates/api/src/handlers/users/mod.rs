//! Users: the secretariat, agency clerks and heads, panel members, the authority.

pub mod create;
pub mod invitation;
pub mod list;
pub mod show;
pub mod update;

use accolade_app::read::ERASED;
use accolade_domain::User;
use accolade_events::{Locale, Role, UserContact};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A new user. Without `password`, an invitation is sent (its link sets the password).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewUser {
    /// E-mail (unique; they sign in with it).
    #[schema(extensions(("x-rule" = json!("email"))))]
    pub email: String,
    /// The user's full name.
    #[schema(extensions(("x-rule" = json!("name"))))]
    pub full_name: String,
    /// admin | clerk | head | member | authority
    #[schema(value_type = String, extensions(("x-rule" = json!("role"))), example = "clerk")]
    pub role: Role,
    /// The user's agency (a member's affiliation, which conflicts are checked against).
    #[serde(default)]
    pub agency_id: Option<Uuid>,
    /// vi | en (default vi).
    #[serde(default)]
    #[schema(value_type = Option<String>, extensions(("x-rule" = json!("locale_or_null"))))]
    pub locale: Option<Locale>,
    /// At least 10 characters; omit to invite.
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("new_password_or_null"))))]
    pub password: Option<String>,
}

/// Changes to a user; `{active: false}` deactivates.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct UserPatch {
    /// E-mail (admin).
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("email_or_null"))))]
    pub email: Option<String>,
    /// A new full name (admin or the user).
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("name_or_null"))))]
    pub full_name: Option<String>,
    /// A new role (admin).
    #[serde(default)]
    #[schema(value_type = Option<String>, extensions(("x-rule" = json!("role_or_null"))))]
    pub role: Option<Role>,
    /// Agency (admin); `null` removes it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub agency_id: Option<Option<Uuid>>,
    /// Locale (admin or the user).
    #[serde(default)]
    #[schema(value_type = Option<String>, extensions(("x-rule" = json!("locale_or_null"))))]
    pub locale: Option<Locale>,
    /// false deactivates, true reactivates (admin).
    #[serde(default)]
    pub active: Option<bool>,
}

/// Distinguishes an absent field (`None`) from `null` (`Some(None)`).
fn double_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<Uuid>>, D::Error> {
    Option::<Uuid>::deserialize(d).map(Some)
}

/// An account as the admin, or the user themselves, sees it (user answers, `GET /me`,
/// sign-in): details, whether it is active and whether a password is set.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    /// The user's id.
    pub id: Uuid,
    /// Stream version (the `ETag`).
    pub version: u64,
    /// The e-mail they sign in with.
    pub email: String,
    /// Their full name.
    pub full_name: String,
    /// admin | clerk | head | member | authority
    #[schema(value_type = String, extensions(("x-rule" = json!("role"))))]
    pub role: Role,
    /// Their agency, if any.
    pub agency_id: Option<Uuid>,
    /// The language of their pages and mails.
    #[schema(value_type = String, extensions(("x-rule" = json!("locale"))))]
    pub locale: Locale,
    /// False once deactivated.
    pub active: bool,
    /// False until the invitation is used.
    pub has_password: bool,
    /// The user's pseudonymous person id: what an erasure of their personal data names.
    pub person_id: Option<Uuid>,
    /// `true` once the user's personal data was erased (e-mail and name then read
    /// `[erased]`).
    pub erased: bool,
}

impl UserView {
    /// The view of a user's state, with its contact as opened by the app (an unregistered
    /// state gives placeholders; callers load existing users only).
    pub fn of(
        id: Uuid,
        u: &User,
        contact: Option<&UserContact>,
        version: u64,
        has_password: bool,
    ) -> Self {
        let c = u.current.as_ref();
        let erased = c.is_some() && contact.is_none();
        let shown = |f: fn(&UserContact) -> &String| {
            contact.map_or_else(
                || {
                    if erased {
                        ERASED.to_owned()
                    } else {
                        String::new()
                    }
                },
                |k| f(k).clone(),
            )
        };
        UserView {
            id,
            version,
            person_id: c.map(|c| c.person_id),
            erased,
            email: shown(|k| &k.email),
            full_name: shown(|k| &k.full_name),
            role: c.map_or(Role::Member, |c| c.role),
            agency_id: c.and_then(|c| c.agency_id),
            locale: c.map(|c| c.locale).unwrap_or_default(),
            active: u.active,
            has_password,
        }
    }
}

impl From<accolade_app::actions::setup::directory::UserRecord> for UserView {
    fn from(r: accolade_app::actions::setup::directory::UserRecord) -> Self {
        UserView::of(r.id, &r.user, r.contact.as_ref(), r.version, r.has_password)
    }
}

impl From<NewUser> for accolade_app::actions::setup::directory::NewUser {
    fn from(b: NewUser) -> Self {
        Self {
            email: b.email,
            full_name: b.full_name,
            role: b.role,
            agency_id: b.agency_id,
            locale: b.locale,
            password: b.password,
        }
    }
}

/// Whose account an answer is about: an invitation sent again or accepted, a password reset.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserRef {
    /// The user's id.
    pub user_id: Uuid,
}
