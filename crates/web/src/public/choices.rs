//! The honour list's filter choices as HTML, rendered once per version of what they show.
//!
//! At national size the filters offer hundreds of programmes and agencies: escaping and
//! formatting every `<option>` on each page was a large share of the page's cost. The options
//! are escaped once per version of the list and its names ([`accolade_http::memo`]); a page
//! only marks the chosen one.

use std::sync::Arc;

use accolade_app::actions::public::HonourChoices;
use askama::filters::{Html, escape};

use accolade_http::state::AppState;

/// The memo's slot.
const SLOT: &str = "honour_choices";

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

/// Every filter's choices, escaped.
#[derive(Debug, Default)]
pub struct Choices {
    /// Published programmes.
    pub programmes: Options,
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
            programmes: Options::of(
                c.programmes
                    .into_iter()
                    .map(|(id, t, _)| (id.to_string(), t)),
            ),
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
}
