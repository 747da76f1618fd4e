//! `GET|POST /notice/{nomination_id}/objection`: anyone files a written objection against a
//! nomination on the public-notice list. Name, phone and address are required by law and
//! kept private (encrypted under the objector's own key); an e-mail is optional, to hear the
//! outcome. No sign-in; the log records no actor for it.

use std::collections::BTreeMap;

use accolade_app::actions::Ask;
use accolade_app::actions::objections::NewObjection;
use accolade_app::actions::public::NoticeItem;
use accolade_events::Objector;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use uuid::Uuid;

use crate::ctx::Ctx;
use crate::people::Marked;
use crate::render::{PageResult, Posted, csrf_form, error_page, html, html_status};
use accolade_http::client::ClientAddr;
use accolade_http::error::ApiError;
use accolade_http::state::AppState;

/// The objection form, as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Form {
    csrf: String,
    full_name: String,
    phone: String,
    address: String,
    email: String,
    text: String,
}
csrf_form!(Form);

#[derive(Template)]
#[template(path = "objection.html")]
struct Page<'a> {
    c: &'a Ctx,
    item: NoticeItem,
    f: Form,
    errors: BTreeMap<String, String>,
    filed: bool,
    /// Too many objections from this address: the message (the form stays filled in).
    limited: Option<String>,
}

impl Page<'_> {
    fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field).map(String::as_str)
    }
}

/// The nomination on the notice list, or the not-found page.
fn listed(ctx: &Ctx, s: &AppState, id: &str) -> Result<NoticeItem, axum::response::Response> {
    let not_found = || error_page(ctx, &ApiError::not_found("nomination"));
    let id: Uuid = id.parse().map_err(|_| not_found())?;
    let mut item = s.node.public().on_notice(id).map_err(|_| not_found())?;
    item.mark(ctx.lang);
    Ok(item)
}

/// The objection form.
pub async fn form(ctx: Ctx, State(s): State<AppState>, Path(id): Path<String>) -> PageResult {
    let item = listed(&ctx, &s, &id)?;
    let page = Page {
        c: &ctx,
        item,
        f: Form::default(),
        errors: BTreeMap::new(),
        filed: false,
        limited: None,
    };
    Ok(html(&ctx, &page))
}

/// Files the objection; on a missing field the form comes back with the message beside it.
pub async fn file(
    State(s): State<AppState>,
    client: ClientAddr,
    Path(id): Path<String>,
    Posted(ctx, f): Posted<Form>,
) -> PageResult {
    let item = listed(&ctx, &s, &id)?;
    let mut errors = BTreeMap::new();
    for (field, value) in [
        ("full_name", &f.full_name),
        ("phone", &f.phone),
        ("address", &f.address),
        ("text", &f.text),
    ] {
        if value.trim().is_empty() {
            errors.insert(field.to_owned(), ctx.t("form.required").to_owned());
        }
    }
    if errors.is_empty() {
        let input = NewObjection {
            objector: Objector {
                full_name: f.full_name.trim().to_owned(),
                phone: f.phone.trim().to_owned(),
                address: f.address.trim().to_owned(),
                email: Some(f.email.trim().to_owned()).filter(|e| !e.is_empty()),
            },
            text: f.text.trim().to_owned(),
        };
        // The same action as the API's, counted per client address, never per nomination
        // (see `accolade_http::limits`). No sign-in: the action files it as the public's.
        let ask = Ask::default();
        let objections = s.node.objections();
        let filing = objections.file(&ask, item.nomination_id, input);
        match s.limits.objection(&client, filing).await {
            Ok(_) => {
                let page = Page {
                    c: &ctx,
                    item,
                    f: Form::default(),
                    errors,
                    filed: true,
                    limited: None,
                };
                return Ok(html(&ctx, &page));
            }
            Err(e) if e.status == StatusCode::TOO_MANY_REQUESTS => {
                let minutes = e.retry_after.unwrap_or(60).div_ceil(60).to_string();
                let page = Page {
                    c: &ctx,
                    item,
                    f,
                    errors,
                    filed: false,
                    limited: Some(ctx.t("objection.limited").replace("{minutes}", &minutes)),
                };
                return Ok(html_status(&ctx, StatusCode::TOO_MANY_REQUESTS, &page));
            }
            Err(e) if !e.errors.is_empty() => {
                for (field, msgs) in &e.errors {
                    errors.insert(field.replace("objector.", ""), msgs.join("; "));
                }
            }
            Err(e) => return Err(error_page(&ctx, &e)),
        }
    }
    let page = Page {
        c: &ctx,
        item,
        f,
        errors,
        filed: false,
        limited: None,
    };
    Ok(html_status(&ctx, StatusCode::UNPROCESSABLE_ENTITY, &page))
}
