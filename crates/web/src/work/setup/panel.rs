//! `GET|POST /work/programmes/{id}/panels/new`: the secretariat forms a panel — the
//! categories it reviews, its members and chair, the reviewers drawn per nomination.

use accolade_app::actions::Ask;
use accolade_app::actions::setup::panels::NewPanel;
use accolade_events::Phase;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;
use uuid::Uuid;

use super::{again, ask, in_setup};
use crate::ctx::Ctx;
use crate::render::{OrPage, PageResult, Posted, csrf_form, error_page, html, see_other};
use crate::work::caller;
use crate::work::form::{Errors, ticked};
use accolade_http::state::AppState;

/// The form field an app error names.
fn panel_field(field: &str) -> &'static str {
    match field {
        "name" => "name",
        "chair_id" => "chair_id",
        "reviewers_per_nomination" => "reviewers_per_nomination",
        a if a.starts_with("category") => "category",
        a if a.starts_with("member") => "member",
        _ => "form",
    }
}

/// The panel form: one checkbox per category (`category.<code>`) and per member
/// (`member.<user id>`), since a plain form decoder has no repeated fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PanelForm {
    csrf: String,
    key: String,
    name: String,
    chair_id: String,
    reviewers_per_nomination: String,
    #[serde(flatten)]
    ticks: std::collections::BTreeMap<String, String>,
}
csrf_form!(PanelForm);

impl PanelForm {
    fn ticked(&self, prefix: &str) -> Vec<String> {
        self.ticks
            .iter()
            .filter(|(_, v)| ticked(v))
            .filter_map(|(k, _)| k.strip_prefix(prefix))
            .map(str::to_owned)
            .collect()
    }
}

#[derive(Template)]
#[template(path = "work/panel_new.html")]
struct PanelPage<'a> {
    c: &'a Ctx,
    pid: Uuid,
    programme: String,
    codes: Vec<(String, String)>,
    people: Vec<(Uuid, String)>,
    f: PanelForm,
    errors: Errors,
}

impl PanelPage<'_> {
    fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    fn has_code(&self, code: &str) -> bool {
        self.f
            .ticks
            .get(&format!("category.{code}"))
            .is_some_and(|v| ticked(v))
    }

    fn has_member(&self, id: &Uuid) -> bool {
        self.f
            .ticks
            .get(&format!("member.{id}"))
            .is_some_and(|v| ticked(v))
    }
}

async fn panel_page<'a>(
    ctx: &'a Ctx,
    s: &AppState,
    p: &accolade_domain::Programme,
    pid: Uuid,
    f: PanelForm,
    errors: Errors,
) -> Result<PanelPage<'a>, Response> {
    let people = s
        .node
        .setup()
        .panel_candidates(&Ask::by(caller(ctx).0))
        .await
        .or_page(ctx)?;
    Ok(PanelPage {
        c: ctx,
        pid,
        programme: p.title.clone(),
        codes: p
            .categories
            .values()
            .map(|k| (k.code.clone(), k.title.clone()))
            .collect(),
        people,
        f,
        errors,
    })
}

/// The empty panel form.
pub async fn panel_form(ctx: Ctx, State(s): State<AppState>, Path(pid): Path<Uuid>) -> PageResult {
    let p = in_setup(&ctx, &s, pid, Phase::Screening).await?;
    let f = PanelForm {
        key: s.app.new_id().to_string(),
        ..PanelForm::default()
    };
    let tpl = panel_page(&ctx, &s, &p, pid, f, Errors::default()).await?;
    Ok(html(&ctx, &tpl))
}

/// Forms the panel, or shows the form again with a message beside each field at fault.
pub async fn panel_create(
    State(s): State<AppState>,
    Path(pid): Path<Uuid>,
    Posted(ctx, f): Posted<PanelForm>,
) -> PageResult {
    let p = in_setup(&ctx, &s, pid, Phase::Screening).await?;
    let mut e = Errors::default();
    e.required(&ctx, "name", &f.name);
    let codes = f.ticked("category.");
    if codes.is_empty() {
        e.set("category", ctx.t("panel.pick_category"));
    }
    let members: Vec<Uuid> = f
        .ticked("member.")
        .iter()
        .filter_map(|m| m.parse().ok())
        .collect();
    if members.is_empty() {
        e.set("member", ctx.t("panel.pick_member"));
    }
    let chair: Option<Uuid> = f.chair_id.parse().ok();
    if chair.is_none() {
        e.set("chair_id", ctx.t("form.required"));
    }
    let reviewers = e.optional(
        &ctx,
        "reviewers_per_nomination",
        &f.reviewers_per_nomination,
        1,
    );
    if let (true, Some(chair_id)) = (e.is_empty(), chair) {
        let panel = NewPanel {
            name: f.name.trim().to_owned(),
            category_codes: codes,
            member_ids: members,
            chair_id,
            reviewers_per_nomination: reviewers,
        };
        let ask = ask(&ctx, &f.key);
        match s.node.setup().form_panel(&ask, pid, panel).await {
            Ok(_) => {
                return Ok(see_other(
                    &ctx,
                    &format!("/work/programmes/{pid}?done=panel"),
                ));
            }
            Err(err) => e
                .from_app(&ctx, err, panel_field)
                .map_err(|err| error_page(&ctx, &err))?,
        }
    }
    let tpl = panel_page(&ctx, &s, &p, pid, f, e).await?;
    again(&ctx, &tpl)
}
