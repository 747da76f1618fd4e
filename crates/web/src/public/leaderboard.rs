//! `GET /leaderboard`: agencies ranked by the leaderboard points of their standing awards,
//! per year or all time, with a bar chart drawn on the server as SVG (no script, no image
//! service; the table beside it carries the same numbers for screen readers).

use accolade_app::actions::public::LeaderboardItem;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use crate::ctx::Ctx;
use crate::render::html;
use accolade_http::state::AppState;

/// Bars in the chart (the table lists every agency).
const BARS: usize = 10;
/// Chart geometry (SVG user units; the SVG scales to its box).
const LABEL_W: u32 = 260;
const BAR_W: u32 = 380;
const ROW_H: u32 = 34;

/// `?year=`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct YearQuery {
    /// A year, or empty for all time.
    pub year: String,
}

/// One bar of the chart.
#[derive(Debug)]
pub struct Bar {
    /// Agency name as drawn, cut to fit (escaped by the template like any text).
    pub label: String,
    /// The whole name (the bar's tooltip).
    pub full: String,
    /// The agency's points (drawn after the bar).
    pub points: u64,
    /// Bar length in user units.
    pub width: u32,
    /// Top of the row, in user units.
    pub y: u32,
    /// Baseline of the row's text.
    pub text_y: u32,
    /// Where the value goes.
    pub value_x: u32,
}

#[derive(Template)]
#[template(path = "leaderboard.html")]
struct Page<'a> {
    c: &'a Ctx,
    items: Vec<LeaderboardItem>,
    bars: Vec<Bar>,
    height: u32,
    label_w: u32,
    years: Vec<(i32, bool)>,
}

/// Longest label drawn in the chart (SVG text does not wrap; the table has the full name).
const LABEL_CHARS: usize = 30;

/// A label cut to fit beside its bar.
fn short(name: &str) -> String {
    if name.chars().count() <= LABEL_CHARS {
        name.to_owned()
    } else {
        let cut: String = name.chars().take(LABEL_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Lays out the chart's bars.
pub fn bars(items: &[LeaderboardItem]) -> Vec<Bar> {
    let max = items.iter().map(|i| i.points).max().unwrap_or(0).max(1);
    items
        .iter()
        .take(BARS)
        .zip(0u32..)
        .map(|(i, n)| {
            // Widths are whole units: a rounding to 0 still leaves a visible sliver.
            let width = u32::try_from(i.points * u64::from(BAR_W) / max)
                .unwrap_or(BAR_W)
                .max(2);
            Bar {
                label: short(&i.agency_name),
                full: i.agency_name.clone(),
                points: i.points,
                width,
                y: n * ROW_H + 6,
                text_y: n * ROW_H + 6 + ROW_H / 2,
                value_x: LABEL_W + width + 8,
            }
        })
        .collect()
}

/// `GET /leaderboard[?year=]`: agencies ranked by awards conferred (all years, or one).
pub async fn page(ctx: Ctx, State(s): State<AppState>, Query(q): Query<YearQuery>) -> Response {
    let year = q.year.trim().parse::<i32>().ok();
    let (items, years) = s.node.public().leaderboard_with_years(year);
    let bars = bars(&items);
    let rows = u32::try_from(bars.len()).unwrap_or(0);
    let tpl = Page {
        c: &ctx,
        height: rows * ROW_H + 12,
        label_w: LABEL_W,
        bars,
        items,
        years: years.into_iter().map(|y| (y, Some(y) == year)).collect(),
    };
    html(&ctx, &tpl)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_leader() {
        let item = |points| LeaderboardItem {
            rank: 1,
            agency_id: uuid::Uuid::nil(),
            agency_name: "A".into(),
            awards: 1,
            points,
        };
        let b = bars(&[item(30), item(15), item(0)]);
        assert_eq!(
            b.iter().map(|b| b.width).collect::<Vec<_>>(),
            vec![BAR_W, BAR_W / 2, 2]
        );
    }
}
