//! `GET /work/objections` (the secretariat): every objection filed during public notice, per
//! programme, with its status — and, on this page only, who filed it (name, phone, address,
//! e-mail), read from the log for the secretariat; public pages never show an objector.
//! `POST /work/objections/{id}/resolution`: uphold (the nomination leaves the notice list)
//! or dismiss, with a reason. `POST /work/programmes/{id}/objections/dismissal`: dismiss the
//! ticked objections of a programme at once, with one reason (the API's batch dismissal).

use std::collections::BTreeMap;

use accolade_events::{Objector, Phase, ProgrammeEvent};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use uuid::Uuid;

use super::form::Errors;
use super::{caller, signed_in};
use crate::ctx::Ctx;
use crate::render::{
    self, OrPage, PageResult, Posted, csrf_form, error_page, html_status, see_other,
};
use accolade_api::handlers::objections::dismiss::{Dismissal, dismiss as api_dismiss};
use accolade_api::handlers::objections::resolve::{Resolution, resolve as api_resolve};
use accolade_http::error::ApiError;
use accolade_http::extract::IdempotencyKey;
use accolade_http::extract::{ApiJson, ApiPath};
use accolade_http::state::AppState;

/// `?programme_id=&status=&done=`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Only this programme (empty: all).
    pub programme_id: String,
    /// open | upheld | dismissed (empty: all).
    pub status: String,
    /// What was just done.
    pub done: String,
}

/// One objection as the secretariat sees it.
#[derive(Debug)]
pub struct Line {
    /// Objection id.
    pub id: Uuid,
    /// The nomination objected to.
    pub nomination_id: Uuid,
    /// Its nominee.
    pub nominee: String,
    /// Its status now.
    pub nomination_status: &'static str,
    /// open | upheld | dismissed.
    pub status: &'static str,
    /// Who objected (from the log; `None` once erased).
    pub objector: Option<Objector>,
    /// What they wrote.
    pub text: String,
    /// When, in Vietnam time.
    pub filed_at: String,
    /// The resolution's reason.
    pub reason: Option<String>,
}

/// A programme's objections.
#[derive(Debug)]
pub struct Group {
    /// Programme id.
    pub id: Uuid,
    /// Its title.
    pub title: String,
    /// Whether it is in public notice (only then can an objection be resolved).
    pub open: bool,
    /// Its objections.
    pub lines: Vec<Line>,
}

impl Group {
    /// Whether a batch dismissal can be offered: in public notice, with an open objection.
    pub fn batch(&self) -> bool {
        self.open && self.lines.iter().any(|l| l.status == "open")
    }
}

#[derive(Template)]
#[template(path = "work/objections.html")]
struct Page<'a> {
    c: &'a Ctx,
    programmes: Vec<(Uuid, String)>,
    f: Filter,
    groups: Vec<Group>,
    /// The form that failed, its values and messages.
    failed: Option<(Uuid, ResolveForm)>,
    /// The batch dismissal that failed: the programme and the form.
    batch: Option<(Uuid, DismissForm)>,
    errors: Errors,
}

impl Page<'_> {
    fn status_is(&self, s: &str) -> bool {
        self.f.status == s
    }

    fn err(&self, id: &Uuid, field: &str) -> Option<&str> {
        match &self.failed {
            Some((f, _)) if f == id => self.errors.get(field),
            _ => None,
        }
    }

    fn batch_err(&self, programme: &Uuid, field: &str) -> Option<&str> {
        match &self.batch {
            Some((p, _)) if p == programme => self.errors.get(field),
            _ => None,
        }
    }

    fn batch_reason(&self, programme: &Uuid) -> &str {
        match &self.batch {
            Some((p, form)) if p == programme => &form.reason,
            _ => "",
        }
    }

    fn picked(&self, objection: &Uuid) -> bool {
        self.batch
            .as_ref()
            .is_some_and(|(_, form)| form.picked().contains(objection))
    }

    fn value(&self, id: &Uuid, field: &str) -> &str {
        match &self.failed {
            Some((f, form)) if f == id => match field {
                "outcome" => &form.outcome,
                _ => &form.reason,
            },
            _ => "",
        }
    }
}

/// The resolution form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResolveForm {
    csrf: String,
    outcome: String,
    reason: String,
}
csrf_form!(ResolveForm);

/// The batch dismissal form: one `dismiss-<objection id>` checkbox per open objection.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DismissForm {
    csrf: String,
    reason: String,
    #[serde(flatten)]
    ticked: BTreeMap<String, String>,
}
csrf_form!(DismissForm);

impl DismissForm {
    /// The ticked objections, in the page's order of ids.
    fn picked(&self) -> Vec<Uuid> {
        self.ticked
            .iter()
            .filter(|(_, v)| super::form::ticked(v))
            .filter_map(|(k, _)| k.strip_prefix("dismiss-")?.parse().ok())
            .collect()
    }
}

async fn groups(
    ctx: &Ctx,
    s: &AppState,
    f: &Filter,
) -> Result<Vec<Group>, axum::response::Response> {
    let user = signed_in(ctx)?;
    let only: Option<Uuid> = f.programme_id.parse().ok();
    let ids: Vec<(Uuid, String)> = s.read(|p| {
        p.catalog()
            .programmes
            .iter()
            .filter(|(id, _)| only.is_none_or(|o| o == **id))
            .map(|(id, p)| (*id, p.title.clone()))
            .collect()
    });
    let mut out = Vec::new();
    for (pid, title) in ids {
        let p = s.app.programme(pid).await.or_page(ctx)?;
        if p.objections.is_empty() {
            continue;
        }
        // The objections whole (with the objector: this page is the secretariat's), and
        // their resolutions from the nominations' histories.
        let mut filed: BTreeMap<Uuid, _> = s
            .app
            .objections_filed(&user.actor, pid)
            .await
            .or_page(ctx)?
            .into_iter()
            .map(|o| (o.objection_id, o))
            .collect();
        let mut resolved = BTreeMap::new();
        let nominations: std::collections::BTreeSet<Uuid> =
            p.objections.values().map(|o| o.nomination_id).collect();
        for n in nominations {
            for e in s
                .app
                .nomination_history(&user.actor, pid, n)
                .await
                .or_page(ctx)?
            {
                if let ProgrammeEvent::ObjectionResolved(x) = e.event {
                    resolved.insert(x.objection_id, x.reason);
                }
            }
        }
        let mut lines = Vec::new();
        for o in p.objections.values() {
            let status = match o.resolution {
                None => "open",
                Some(true) => "upheld",
                Some(false) => "dismissed",
            };
            if !f.status.is_empty() && f.status != status {
                continue;
            }
            let n = p.nominations.get(&o.nomination_id);
            let e = filed.remove(&o.id);
            lines.push(Line {
                id: o.id,
                nomination_id: o.nomination_id,
                nominee: n.map(|n| n.nominee.full_name.clone()).unwrap_or_default(),
                nomination_status: n.map_or("", |n| n.status.as_str()),
                status,
                filed_at: e
                    .as_ref()
                    .map(|e| render::datetime(ctx, e.filed_at))
                    .unwrap_or_default(),
                text: e.as_ref().map(|e| e.text.clone()).unwrap_or_default(),
                objector: e.map(|e| e.objector),
                reason: resolved.remove(&o.id),
            });
        }
        if !lines.is_empty() {
            out.push(Group {
                id: pid,
                title,
                open: p.phase == Phase::PublicNotice,
                lines,
            });
        }
    }
    Ok(out)
}

fn admin_only(ctx: &Ctx) -> Result<(), axum::response::Response> {
    signed_in(ctx)?;
    if ctx.is_admin() {
        Ok(())
    } else {
        Err(error_page(
            ctx,
            &ApiError::forbidden(ctx.t("error.role").to_owned()),
        ))
    }
}

async fn render_page(
    ctx: &Ctx,
    s: &AppState,
    f: Filter,
    failed: Option<(Uuid, ResolveForm)>,
    batch: Option<(Uuid, DismissForm)>,
    errors: Errors,
    status: StatusCode,
) -> PageResult {
    let groups = groups(ctx, s, &f).await?;
    let programmes = s.read(|p| {
        p.catalog()
            .programmes
            .iter()
            .map(|(id, p)| (*id, p.title.clone()))
            .collect()
    });
    let tpl = Page {
        c: ctx,
        programmes,
        f,
        groups,
        failed,
        batch,
        errors,
    };
    Ok(html_status(ctx, status, &tpl))
}

/// The list.
pub async fn page(ctx: Ctx, State(s): State<AppState>, Query(f): Query<Filter>) -> PageResult {
    admin_only(&ctx)?;
    render_page(&ctx, &s, f, None, None, Errors::default(), StatusCode::OK).await
}

/// Upholds or dismisses one; a missing outcome or reason comes back beside its field.
pub async fn resolve(
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Posted(ctx, form): Posted<ResolveForm>,
) -> PageResult {
    admin_only(&ctx)?;
    let mut errors = Errors::default();
    let upheld = match form.outcome.as_str() {
        "upheld" => Some(true),
        "dismissed" => Some(false),
        _ => {
            errors.set("outcome", ctx.t("objections.choose"));
            None
        }
    };
    errors.required(&ctx, "reason", &form.reason);
    if let Some(upheld) = upheld
        && errors.is_empty()
    {
        let body = Resolution {
            upheld,
            reason: form.reason.trim().to_owned(),
        };
        match api_resolve(State(s.clone()), caller(&ctx), ApiPath(id), ApiJson(body)).await {
            Ok(_) => {
                let done = if upheld { "upheld" } else { "dismissed" };
                return Ok(see_other(
                    &ctx,
                    &format!("/work/objections?done={done}#objection-{id}"),
                ));
            }
            Err(e) => errors
                .from_api(e, |_| "reason")
                .map_err(|e| error_page(&ctx, &e))?,
        }
    }
    render_page(
        &ctx,
        &s,
        Filter::default(),
        Some((id, form)),
        None,
        errors,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// Dismisses the ticked objections of programme `id` with one reason: one command, so all
/// are dismissed or none; a missing reason or an empty selection comes back beside its field.
pub async fn dismiss(
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Posted(ctx, form): Posted<DismissForm>,
) -> PageResult {
    admin_only(&ctx)?;
    let mut errors = Errors::default();
    let picked = form.picked();
    if picked.is_empty() {
        errors.set("objection_ids", ctx.t("objections.pick_one"));
    }
    errors.required(&ctx, "reason", &form.reason);
    if errors.is_empty() {
        let body = Dismissal {
            objection_ids: picked,
            reason: form.reason.trim().to_owned(),
        };
        let key = IdempotencyKey::default();
        match api_dismiss(
            State(s.clone()),
            caller(&ctx),
            key,
            ApiPath(id),
            ApiJson(body),
        )
        .await
        {
            Ok(_) => {
                return Ok(see_other(
                    &ctx,
                    &format!("/work/objections?done=dismissed_batch#h-{id}"),
                ));
            }
            Err(e) => errors
                .from_api(e, |f| {
                    if f.starts_with("objection_ids") {
                        "objection_ids"
                    } else {
                        "reason"
                    }
                })
                .map_err(|e| error_page(&ctx, &e))?,
        }
    }
    render_page(
        &ctx,
        &s,
        Filter::default(),
        None,
        Some((id, form)),
        errors,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
