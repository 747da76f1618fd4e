//! UI strings in Vietnamese (the default) and English, from `i18n/vi.toml` and `i18n/en.toml`.
//!
//! The files are compiled in (`include_str!`) so the binary carries its translations and a
//! missing file is a build error. The format is the flat subset of TOML a translator can edit
//! without tools: `key = "value"`, `#` comments, blank lines. A key missing from a language
//! shows the key itself, so a gap is visible on the page rather than silently blank; the unit
//! tests below make sure both files hold the same keys and that every key the templates and
//! page code use exists.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A language of the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Vietnamese, the default.
    #[default]
    Vi,
    /// English, chosen by `?lang=en`, the language cookie or `Accept-Language`, in that order.
    En,
}

impl Lang {
    /// `vi` or `en` (the `lang` attribute, the `?lang=` parameter, the cookie).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Parses `vi` or `en`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first of Vietnamese or English an `Accept-Language` header names, by weight.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut it = part.split(';');
            let tag = it.next().unwrap_or_default().trim().to_ascii_lowercase();
            let q = it
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or_default();
            if let Some(lang) = Lang::parse(primary)
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }

    /// The string for `key`, or the key itself when missing.
    pub fn t(self, key: &str) -> &str {
        self.get(key).unwrap_or(key)
    }

    /// The string for `key`, if the language has it.
    pub fn get(self, key: &str) -> Option<&'static str> {
        let table = match self {
            Lang::Vi => vi(),
            Lang::En => en(),
        };
        table.get(key).map(String::as_str)
    }
}

const VI: &str = include_str!("../i18n/vi.toml");
const EN: &str = include_str!("../i18n/en.toml");

fn vi() -> &'static HashMap<String, String> {
    static T: OnceLock<HashMap<String, String>> = OnceLock::new();
    T.get_or_init(|| parse(VI))
}

fn en() -> &'static HashMap<String, String> {
    static T: OnceLock<HashMap<String, String>> = OnceLock::new();
    T.get_or_init(|| parse(EN))
}

/// Parses `key = "value"` lines; `\"`, `\\` and `\n` are the only escapes.
fn parse(text: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let value = value.trim();
        let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
            continue;
        };
        let mut s = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => s.push('\n'),
                    Some(o) => s.push(o),
                    None => {}
                }
            } else {
                s.push(c);
            }
        }
        out.insert(key.trim().to_owned(), s);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn keys(t: &HashMap<String, String>) -> BTreeSet<&str> {
        t.keys().map(String::as_str).collect()
    }

    #[test]
    fn both_languages_hold_the_same_keys() {
        let (v, e) = (keys(vi()), keys(en()));
        let only_vi: Vec<_> = v.difference(&e).collect();
        let only_en: Vec<_> = e.difference(&v).collect();
        assert!(
            only_vi.is_empty() && only_en.is_empty(),
            "vi only: {only_vi:?}; en only: {only_en:?}"
        );
        assert!(v.len() > 100, "{}", v.len());
    }

    /// Every `t("key")` in the templates and the page code names a key that exists.
    #[test]
    fn every_used_key_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut missing = BTreeSet::new();
        let mut files = vec![];
        for dir in [
            "templates",
            "templates/work",
            "src",
            "src/public",
            "src/work",
        ] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let p = entry.unwrap().path();
                if p.is_file() {
                    files.push(p);
                }
            }
        }
        for p in files {
            let text = std::fs::read_to_string(&p).unwrap();
            for (i, _) in text.match_indices("t(\"") {
                let rest = &text[i + 3..];
                let key = &rest[..rest.find('"').unwrap()];
                if key.contains('.') && !vi().contains_key(key) {
                    missing.insert(format!("{key} ({})", p.display()));
                }
            }
        }
        assert!(missing.is_empty(), "{missing:#?}");
    }

    #[test]
    fn accept_language_picks_by_weight() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Some(Lang::En));
        assert_eq!(
            Lang::from_accept_language("fr, en;q=0.5, vi;q=0.8"),
            Some(Lang::Vi)
        );
        assert_eq!(Lang::from_accept_language("fr"), None);
        let missing = "no.such.key";
        assert_eq!(Lang::En.t(missing), missing);
    }
}
