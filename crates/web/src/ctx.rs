//! What every page knows about its request: the language, who is signed in (cookie session),
//! the CSRF token, and the cookies the response must set.
//!
//! **Sessions** are the API's bearer tokens (`auth::Auth`) carried in an `HttpOnly`,
//! `SameSite=Lax` cookie (`Secure` when the public URL is https) with the token's lifetime:
//! the same Argon2id check, limiter and expiry as the API, and a session ends on the server
//! when its token expires or is revoked at sign-out. `Lax` (not `Strict`) so a link from an
//! e-mail opens signed in; every state change is a POST, which `Lax` never sends cross-site.
//!
//! **CSRF**, two locks: tower-http's `CsrfLayer` on the page routes refuses a cross-origin POST
//! by `Sec-Fetch-Site`/`Origin`, and every form carries a token that must equal the
//! `accolade_csrf` cookie (double submit), which a foreign site can neither read nor set. The
//! token is random per browser, made on the first page that needs it.

use accolade_app::Actor;
use accolade_events::Role;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use uuid::Uuid;

use super::i18n::Lang;
use accolade_http::state::AppState;

/// The session cookie (the response cache passes any request carrying it through).
pub const SESSION: &str = accolade_http::cache::SESSION_COOKIE;
/// The CSRF cookie (double submit).
pub const CSRF: &str = "accolade_csrf";
/// The language cookie (set by `?lang=`).
pub const LANG: &str = "accolade_lang";

/// The signed-in user of a page.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// As the app sees them.
    pub actor: Actor,
    /// Their id.
    pub user_id: Uuid,
    /// Their role.
    pub role: Role,
    /// Their name, for the header.
    pub name: String,
    /// The session token (to revoke at sign-out).
    pub token: String,
}

/// The request as a page sees it.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The UI language.
    pub lang: Lang,
    /// Who is signed in.
    pub user: Option<SignedIn>,
    /// The CSRF token forms carry.
    pub csrf: String,
    /// The path (for the language switch and `next=` after sign-in).
    pub path: String,
    /// The query without `lang=`.
    pub query: String,
    /// The cookie the request sent for CSRF (empty if none).
    pub csrf_cookie: String,
    /// `Set-Cookie` values the response must carry.
    pub set_cookies: Vec<String>,
    /// `Secure` cookies (public URL is https).
    pub secure: bool,
}

fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn random() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

impl Ctx {
    /// The string for `key` in the page's language.
    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        self.lang.t(key)
    }

    /// The string for `prefix.name` (a status, phase or role by its snake_case name).
    pub fn tk<'a>(&self, prefix: &str, name: &'a str) -> &'a str {
        self.lang.get(&format!("{prefix}.{name}")).unwrap_or(name)
    }

    /// Whether the signed-in user has one of `roles`.
    pub fn is(&self, roles: &[Role]) -> bool {
        self.user.as_ref().is_some_and(|u| roles.contains(&u.role))
    }

    /// Whether the user is the secretariat.
    pub fn is_admin(&self) -> bool {
        self.is(&[Role::Admin])
    }

    /// The current page in the other language (the language switch).
    pub fn switch_href(&self) -> String {
        let other = match self.lang {
            Lang::Vi => "en",
            Lang::En => "vi",
        };
        if self.query.is_empty() {
            format!("{}?lang={other}", self.path)
        } else {
            format!("{}?{}&lang={other}", self.path, self.query)
        }
    }

    /// The other language's name, in that language.
    pub fn switch_label(&self) -> &'static str {
        match self.lang {
            Lang::Vi => "English",
            Lang::En => "Tiếng Việt",
        }
    }

    /// The `Set-Cookie` value of a cookie with this server's attributes.
    pub fn cookie(&self, name: &str, value: &str, max_age: u64, http_only: bool) -> String {
        let mut c = format!("{name}={value}; Path=/; Max-Age={max_age}; SameSite=Lax");
        if http_only {
            c.push_str("; HttpOnly");
        }
        if self.secure {
            c.push_str("; Secure");
        }
        c
    }

    /// Whether a posted form's token matches the cookie.
    pub fn csrf_ok(&self, posted: &str) -> bool {
        !self.csrf_cookie.is_empty()
            && posted.len() == self.csrf_cookie.len()
            && posted
                .bytes()
                .zip(self.csrf_cookie.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

/// The `?lang=` of a request, if it names a language.
fn query_lang(parts: &Parts) -> Option<Lang> {
    parts
        .uri
        .query()
        .unwrap_or_default()
        .split('&')
        .find_map(|kv| kv.strip_prefix("lang="))
        .and_then(Lang::parse)
}

/// The page's language: `?lang=`, else the language cookie, else `Accept-Language`.
fn language(parts: &Parts) -> Lang {
    query_lang(parts)
        .or_else(|| cookie(parts, LANG).and_then(Lang::parse))
        .or_else(|| {
            parts
                .headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

/// The language a public page will be rendered in, for the response cache's key; `None`
/// when the request sets it with `?lang=` (its answer sets a cookie: rendered, not stored).
pub fn cache_language(parts: &Parts) -> Option<&'static str> {
    let sets = parts
        .uri
        .query()
        .unwrap_or_default()
        .split('&')
        .any(|kv| kv.starts_with("lang="));
    (!sets).then(|| language(parts).code())
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Self::Rejection> {
        let secure = s
            .config
            .public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"));
        let query_lang = query_lang(parts);
        let query: Vec<&str> = parts
            .uri
            .query()
            .unwrap_or_default()
            .split('&')
            .filter(|kv| !kv.is_empty() && !kv.starts_with("lang="))
            .collect();
        let lang = language(parts);
        let csrf_cookie = cookie(parts, CSRF).unwrap_or_default().to_owned();
        let mut ctx = Ctx {
            lang,
            user: None,
            csrf: csrf_cookie.clone(),
            path: parts.uri.path().to_owned(),
            query: query.join("&"),
            csrf_cookie,
            set_cookies: vec![],
            secure,
        };
        if ctx.csrf.is_empty() {
            ctx.csrf = random();
            let c = ctx.cookie(CSRF, &ctx.csrf, 60 * 60 * 24 * 30, true);
            ctx.set_cookies.push(c);
        }
        if let Some(l) = query_lang {
            let c = ctx.cookie(LANG, l.code(), 60 * 60 * 24 * 365, false);
            ctx.set_cookies.push(c);
        }
        if let Some(token) = cookie(parts, SESSION)
            && let Some(user_id) = s.auth.resolve(token)
            // A deactivated account acts as no one, even with a live session.
            && let Ok(actor) = s.app.actor_for(user_id).await
            && let Some(role) = actor.role()
        {
            let name = s.node.setup().name_of(user_id).await;
            ctx.user = Some(SignedIn {
                actor,
                user_id,
                role,
                name,
                token: token.to_owned(),
            });
        }
        Ok(ctx)
    }
}
