//! `GET /work/objections` (the secretariat): every objection filed during public notice, per
//! programme, with its status — and, on this page only, who filed it (name, phone, address,
//! e-mail), from the objections read model (no stream is read on a view); public pages never
//! show an objector.
//! `POST /work/objections/{id}/resolution`: uphold (the nomination leaves the notice list)
//! or dismiss, with a reason. `POST /work/programmes/{id}/objections/dismissal`: dismiss the
//! ticked objections of a programme at once, with one reason. All three call
//! `node.objections()`, as the JSON API does. Each objection also offers the erasure of its
//! objector's personal data (`POST /work/erasures`, see [`super::erasures`]), by the
//! objector's pseudonymous person id, which the page shows.

use std::collections::BTreeMap;

use accolade_app::actions::Ask;
use accolade_app::actions::objections::{ObjectionFilter, ObjectionList, ObjectionStatus};
use accolade_events::Objector;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use uuid::Uuid;

use super::caller;
use super::form::Errors;
use crate::ctx::Ctx;
use crate::render::{
    self, OrPage, PageResult, Posted, csrf_form, error_page, html_status, see_other,
};
use accolade_http::state::AppState;

/// `?programme_id=&status=&done=`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Only this programme (empty: all).
    pub programme_id: String,
    /// open | upheld | dismissed (empty: all).
    pub status: String,
    /// What was just done (the banner's key).
    pub done: String,
}

/// One objection as the secretariat sees it.
#[derive(Debug)]
pub struct Line {
    /// The objection's id (its resolution form posts to it).
    pub id: Uuid,
    /// The nomination objected to.
    pub nomination_id: Uuid,
    /// The nomination's nominee, by full name.
    pub nominee: String,
    /// Where the nomination stands now.
    pub nomination_status: &'static str,
    /// open | upheld | dismissed.
    pub status: &'static str,
    /// Who objected (from the log; `None` once erased).
    pub objector: Option<Objector>,
    /// The objector's pseudonymous person id: what the erasure form names.
    pub objector_person_id: Uuid,
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
    /// The programme's id.
    pub id: Uuid,
    /// The programme's title.
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

/// The objections for the page, formatted: from the action, under its read rule.
fn groups(ctx: &Ctx, list: ObjectionList) -> Vec<Group> {
    list.groups
        .into_iter()
        .map(|g| Group {
            id: g.programme_id,
            title: g.title,
            open: g.in_notice,
            lines: g
                .objections
                .into_iter()
                .map(|o| Line {
                    id: o.id,
                    nomination_id: o.nomination_id,
                    nominee: crate::people::name(ctx.lang, o.nominee),
                    nomination_status: o.nomination_status.map_or("", |s| s.as_str()),
                    status: o.status.as_str(),
                    objector: o.objector,
                    objector_person_id: o.objector_person_id,
                    text: o.text,
                    filed_at: render::datetime(ctx, o.filed_at),
                    reason: o.reason,
                })
                .collect(),
        })
        .collect()
}

/// The filter as the action takes it; `None` for a status that is none of the three (it
/// matches nothing).
fn filter(f: &Filter) -> Option<ObjectionFilter> {
    let status = match f.status.as_str() {
        "" => None,
        "open" => Some(ObjectionStatus::Open),
        "upheld" => Some(ObjectionStatus::Upheld),
        "dismissed" => Some(ObjectionStatus::Dismissed),
        _ => return None,
    };
    Some(ObjectionFilter {
        programme_id: f.programme_id.parse().ok(),
        status,
    })
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
    let ask = Ask::by(caller(ctx).0);
    let objections = s.node.objections();
    let (programmes, groups) = match filter(&f) {
        Some(only) => {
            let mut list = objections.list(&ask, only).or_page(ctx)?;
            (std::mem::take(&mut list.programmes), groups(ctx, list))
        }
        None => {
            let all = objections
                .list(&ask, ObjectionFilter::default())
                .or_page(ctx)?;
            (all.programmes, Vec::new())
        }
    };
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

/// The list (the secretariat's: the action refuses anyone else).
pub async fn page(ctx: Ctx, State(s): State<AppState>, Query(f): Query<Filter>) -> PageResult {
    render_page(&ctx, &s, f, None, None, Errors::default(), StatusCode::OK).await
}

/// Upholds or dismisses one; a missing outcome or reason comes back beside its field.
pub async fn resolve(
    State(s): State<AppState>,
    Path(id): Path<Uuid>,
    Posted(ctx, form): Posted<ResolveForm>,
) -> PageResult {
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
        let ask = Ask::by(caller(&ctx).0);
        let reason = form.reason.trim().to_owned();
        match s.node.objections().resolve(&ask, id, upheld, reason).await {
            Ok(_) => {
                let done = if upheld { "upheld" } else { "dismissed" };
                return Ok(see_other(
                    &ctx,
                    &format!("/work/objections?done={done}#objection-{id}"),
                ));
            }
            Err(e) => errors
                .from_app(&ctx, e, |_| "reason")
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
    let mut errors = Errors::default();
    let picked = form.picked();
    if picked.is_empty() {
        errors.set("objection_ids", ctx.t("objections.pick_one"));
    }
    errors.required(&ctx, "reason", &form.reason);
    if errors.is_empty() {
        let ask = Ask::by(caller(&ctx).0);
        let reason = form.reason.trim().to_owned();
        match s.node.objections().dismiss(&ask, id, picked, reason).await {
            Ok(_) => {
                return Ok(see_other(
                    &ctx,
                    &format!("/work/objections?done=dismissed_batch#h-{id}"),
                ));
            }
            Err(e) => errors
                .from_app(&ctx, e, |f| {
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
