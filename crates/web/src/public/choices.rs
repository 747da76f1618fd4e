//! The honour list's filter choices as HTML, rendered once per version of what they show.
//!
//! At national size the filters offer hundreds of programmes and agencies: escaping and
//! formatting every `<option>` on each page was a large share of the page's cost. The options
//! are escaped once per version of the list and its names ([`accolade_http::memo`]); a page
//! only marks the chosen one.
//!
//! A country's list gathers programmes every year (hundreds after a decade): one menu of them
//! all made the page three times its size, and was no use to a reader. The programme menu
//! therefore holds, grouped by year, the chosen year's programmes; with no year chosen, all
//! of them while they are few ([`ALL_PROGRAMMES_UP_TO`]), else only the chosen programme's
//! year, and a line says to choose a year. So the page's size does not grow with the years
//! on the list. The chosen programme is always in the menu.

use std::sync::Arc;

use accolade_app::actions::public::HonourChoices;
use askama::filters::{Html, escape};

use accolade_http::state::AppState;

/// The memo's slot.
const SLOT: &str = "honour_choices";

/// With no year chosen, the programme menu lists every programme up to this many.
pub const ALL_PROGRAMMES_UP_TO: usize = 60;

/// A select's options, escaped: each with its value and where ` selected` goes.
#[derive(Debug, Default)]
pub struct Options(Vec<(String, String, usize)>);

impl Options {
    fn of(items: impl IntoIterator<Item = (String, String)>) -> Self {
        Options(
            items
                .into_iter()
                .map(|(value, label)| {
                    let open = format!("<option value=\"{}\"", esc(&value));
                    let at = open.len();
                    (value, format!("{open}>{}</option>", esc(&label)), at)
                })
                .collect(),
        )
    }

    /// The options' HTML, the one whose value is `current` (trimmed) selected; written
    /// straight into the page (no copy of the whole list per page).
    pub fn html<'a>(&'a self, current: &'a str) -> Selected<'a> {
        Selected {
            options: self,
            current: current.trim(),
        }
    }
}

/// A select's options with the current one marked (see [`Options::html`]).
#[derive(Debug)]
pub struct Selected<'a> {
    options: &'a Options,
    current: &'a str,
}

impl std::fmt::Display for Selected<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (value, html, at) in &self.options.0 {
            match html.split_at_checked(*at) {
                Some((open, rest)) if value == self.current => {
                    f.write_str(open)?;
                    f.write_str(" selected")?;
                    f.write_str(rest)?;
                }
                _ => f.write_str(html)?,
            }
        }
        Ok(())
    }
}

/// The published programmes' options, by year (newest first), each year's by title.
#[derive(Debug, Default)]
pub struct Programmes {
    by_year: Vec<(i32, Options)>,
    count: usize,
}

impl Programmes {
    fn of(mut items: Vec<(uuid::Uuid, String, i32)>) -> Self {
        items.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
        let count = items.len();
        let mut by_year: Vec<(i32, Vec<(String, String)>)> = Vec::new();
        for (id, title, year) in items {
            match by_year.last_mut() {
                Some((y, list)) if *y == year => list.push((id.to_string(), title)),
                _ => by_year.push((year, vec![(id.to_string(), title)])),
            }
        }
        Programmes {
            by_year: by_year
                .into_iter()
                .map(|(y, list)| (y, Options::of(list)))
                .collect(),
            count,
        }
    }

    /// The years whose programmes the menu holds for the chosen `year` and programme
    /// `current` (see the module docs).
    fn shown(&self, current: &str, year: &str) -> Vec<&(i32, Options)> {
        if let Ok(y) = year.trim().parse::<i32>() {
            return self.by_year.iter().filter(|(at, _)| *at == y).collect();
        }
        if self.count <= ALL_PROGRAMMES_UP_TO {
            return self.by_year.iter().collect();
        }
        let current = current.trim();
        self.by_year
            .iter()
            .filter(|(_, o)| o.0.iter().any(|(v, _, _)| v == current))
            .collect()
    }

    /// Whether the menu leaves programmes out (no year chosen, too many to list): the page
    /// then says to choose a year.
    pub fn partial(&self, year: &str) -> bool {
        year.trim().parse::<i32>().is_err() && self.count > ALL_PROGRAMMES_UP_TO
    }

    /// The menu's options, grouped by year, `current` selected.
    pub fn html<'a>(&'a self, current: &'a str, year: &'a str) -> GroupedOptions<'a> {
        GroupedOptions {
            groups: self.shown(current, year),
            current,
        }
    }
}

/// A programme menu's year groups with the current programme marked ([`Programmes::html`]).
#[derive(Debug)]
pub struct GroupedOptions<'a> {
    groups: Vec<&'a (i32, Options)>,
    current: &'a str,
}

impl std::fmt::Display for GroupedOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (year, options) in &self.groups {
            write!(f, "<optgroup label=\"{year}\">")?;
            options.html(self.current).fmt(f)?;
            f.write_str("</optgroup>")?;
        }
        Ok(())
    }
}

/// Every filter's choices, escaped.
#[derive(Debug, Default)]
pub struct Choices {
    /// Published programmes, by year.
    pub programmes: Programmes,
    /// Years on the list.
    pub years: Options,
    /// Categories.
    pub categories: Options,
    /// Agencies with an award on the list.
    pub agencies: Options,
    /// The provinces' `<datalist>` options (nothing is selected there).
    pub provinces: String,
}

impl Choices {
    fn render(c: HonourChoices) -> Self {
        Choices {
            programmes: Programmes::of(c.programmes),
            years: Options::of(c.years.into_iter().map(|y| (y.to_string(), y.to_string()))),
            categories: Options::of(c.categories),
            agencies: Options::of(c.agencies.into_iter().map(|(id, n)| (id.to_string(), n))),
            provinces: c
                .provinces
                .iter()
                .map(|p| format!("<option value=\"{}\">", esc(p)))
                .collect(),
        }
    }

    /// The choices as of now: rendered again only when the list or its names changed.
    pub fn of(s: &AppState) -> Arc<Choices> {
        let public = s.node.public();
        let version = public.choices_version();
        s.memo
            .get(SLOT, version, || Self::render(public.honour_choices()))
    }
}

fn esc(s: &str) -> String {
    match escape(s, Html) {
        Ok(d) => d.to_string(),
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_escaped_and_the_current_one_selected() {
        let o = Options::of([
            ("a".to_owned(), "A & <b>".to_owned()),
            ("b\"".to_owned(), "B".to_owned()),
        ]);
        assert_eq!(
            o.html(" a ").to_string(),
            "<option value=\"a\" selected>A &#38; &#60;b&#62;</option><option value=\"b&#34;\">B</option>"
        );
        assert_eq!(
            o.html("b\"").to_string(),
            "<option value=\"a\">A &#38; &#60;b&#62;</option><option value=\"b&#34;\" selected>B</option>"
        );
        assert!(!o.html("").to_string().contains("selected"));
    }

    fn programmes(n: usize) -> (Programmes, Vec<String>) {
        let items: Vec<(uuid::Uuid, String, i32)> = (0..n)
            .map(|i| {
                let id = uuid::Uuid::from_u128(i as u128 + 1);
                (id, format!("P{i:03}"), 2016 + (i % 10) as i32)
            })
            .collect();
        let ids = items.iter().map(|(id, _, _)| id.to_string()).collect();
        (Programmes::of(items), ids)
    }

    #[test]
    fn few_programmes_are_all_listed_by_year_newest_first() {
        let (p, ids) = programmes(20);
        let html = p.html("", "").to_string();
        assert_eq!(html.matches("<option").count(), 20);
        assert!(html.starts_with("<optgroup label=\"2025\">"));
        assert!(html.find("label=\"2025\"") < html.find("label=\"2016\""));
        assert!(!p.partial(""));
        assert!(html.contains(&format!("value=\"{}\"", ids[0])));
    }

    #[test]
    fn many_programmes_list_the_chosen_year_or_the_newest_and_the_chosen_programme() {
        let (p, ids) = programmes(200);
        // No year: none listed, and a note says to choose a year.
        assert_eq!(p.html("", "").to_string(), "");
        assert!(p.partial("") && !p.partial("2019"));
        // A chosen year: its programmes only.
        let html = p.html("", "2019").to_string();
        assert_eq!(html.matches("<option").count(), 20);
        assert!(html.contains("label=\"2019\"") && !html.contains("label=\"2025\""));
        // A programme chosen without its year: its year's programmes, it selected.
        let html = p.html(&ids[0], "").to_string();
        assert_eq!(html.matches("<option").count(), 20);
        assert!(html.contains(&format!("value=\"{}\" selected", ids[0])));
        // A year with nothing: an empty menu, not an error.
        assert_eq!(p.html("", "1990").to_string(), "");
    }
}
