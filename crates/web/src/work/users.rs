//! `GET /work/users` (the secretariat): every user with role, state and pseudonymous person
//! id, and per user the form to erase their personal data (`POST /work/erasures`, see
//! [`super::erasures`]). Names and e-mails come from the user streams, opened through the
//! node's people (read models keep no contact); an erased user shows the marker.

use accolade_app::actions::Ask;
use askama::Template;
use axum::extract::{Query, State};
use serde::Deserialize;
use uuid::Uuid;

use super::caller;
use crate::ctx::Ctx;
use crate::render::{OrPage, PageResult, html};
use accolade_http::state::AppState;

/// `?done=`: what was just done, for the banner.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Done {
    /// What was just done (a key of the `done.*` messages).
    pub done: String,
}

/// One user, formatted.
#[derive(Debug)]
pub struct Line {
    /// The user's id.
    pub id: Uuid,
    /// Their pseudonymous person id (what an erasure names).
    pub person_id: Option<Uuid>,
    /// Their name, or the marker once erased.
    pub name: String,
    /// Their e-mail (`None` once erased).
    pub email: Option<String>,
    /// Their role's key.
    pub role: &'static str,
    /// False once deactivated (an erased user is deactivated too).
    pub active: bool,
    /// Whether their contact was erased.
    pub erased: bool,
    /// The signed-in admin themselves: no erasure form (it would lock them out).
    pub is_me: bool,
}

#[derive(Template)]
#[template(path = "work/users.html")]
struct Page<'a> {
    c: &'a Ctx,
    lines: Vec<Line>,
    done: String,
}

/// The list (the secretariat's: the action refuses anyone else).
pub async fn page(ctx: Ctx, State(s): State<AppState>, Query(d): Query<Done>) -> PageResult {
    let me = ctx.user.as_ref().map(|u| u.user_id);
    let ask = Ask::by(caller(&ctx).0);
    let setup = s.node.setup();
    let ids = setup.user_ids(&ask).or_page(&ctx)?;
    let mut lines = Vec::with_capacity(ids.len());
    for id in ids {
        // A user the directory lists but whose stream cannot be read now is left out rather
        // than failing the whole list.
        let Ok(r) = setup.user(&ask, id).await else {
            continue;
        };
        let Some(current) = r.user.current.as_ref() else {
            continue;
        };
        let erased = r.contact.is_none();
        lines.push(Line {
            id,
            person_id: Some(current.person_id),
            name: r
                .contact
                .as_ref()
                .map_or_else(|| crate::people::marker(ctx.lang), |c| c.full_name.clone()),
            email: r.contact.as_ref().map(|c| c.email.clone()),
            role: current.role.as_str(),
            active: r.user.active,
            erased,
            is_me: me == Some(id),
        });
    }
    lines.sort_by(|a, b| a.erased.cmp(&b.erased).then(a.name.cmp(&b.name)));
    Ok(html(
        &ctx,
        &Page {
            c: &ctx,
            lines,
            done: d.done,
        },
    ))
}
