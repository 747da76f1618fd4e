//! Name search that ignores Vietnamese diacritics, case and word order.
//!
//! Names are folded with the domain's `rules::names::fold` (NFC, then deunicode — which maps
//! `đ`/`Đ` to `d`, unlike stripping combining marks — lower-case, single spaces), so the search
//! and the domain's duplicate check agree on what "the same name" is. A query matches when
//! every query token is a prefix of a different token of the folded name. "nguyen van duc",
//! "Duc Nguyen" and "NGUYỄN đức" all find "Nguyễn Văn Đức": family and given names may come in
//! either order.
//!
//! The index is kept in memory only (`honours::names`): a folded-token index spells the name,
//! and the read models and their snapshots hold no personal data in the clear (issue 12). It is
//! filled lazily through the Unseal a query is given, and never reaches a snapshot or disk.

pub use accolade_domain::rules::names::fold;

/// The folded tokens of a name, for the index.
pub fn tokens(name: &str) -> Vec<String> {
    fold(name)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A parsed query: its folded tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameQuery {
    tokens: Vec<String>,
}

impl NameQuery {
    /// Parses a query; `None` when it holds no token (an empty query filters nothing).
    pub fn parse(q: &str) -> Option<Self> {
        let tokens = tokens(q);
        (!tokens.is_empty()).then_some(NameQuery { tokens })
    }

    /// The query's folded tokens.
    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }

    /// Whether a name matches, folded here: each query token a prefix of a distinct token of
    /// the name.
    pub fn matches_name(&self, name: &str) -> bool {
        self.matches(&tokens(name))
    }

    /// Whether a name's tokens match: each query token a prefix of a distinct name token.
    /// Names have a handful of tokens, so the greedy assignment is exact enough and cheap.
    pub fn matches(&self, name_tokens: &[String]) -> bool {
        let mut used = [false; 16];
        self.tokens.iter().all(|q| {
            name_tokens.iter().enumerate().any(|(i, t)| {
                let free = used.get(i).is_none_or(|u| !u);
                if free && t.starts_with(q.as_str()) {
                    if let Some(u) = used.get_mut(i) {
                        *u = true;
                    }
                    true
                } else {
                    false
                }
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(q: &str, name: &str) -> bool {
        NameQuery::parse(q).is_some_and(|q| q.matches_name(name))
    }

    #[test]
    fn diacritics_case_and_order_are_ignored() {
        let name = "Nguyễn Văn Đức";
        assert!(finds("nguyen van duc", name));
        assert!(finds("duc nguyen", name));
        assert!(finds("ĐỨC", name), "upper-case đ with tone marks");
        assert!(finds("đuc", name), "lower-case đ");
        assert!(finds("Nguyễn", name));
        assert!(finds("van duc nguyen", name));
        assert!(!finds("nguyen van an", name));
        assert!(
            !finds("nguyen nguyen", name),
            "one name token serves one query token"
        );
        // Tone marks: "Thuỳ" (old placement) and "Thùy" fold alike.
        assert!(finds("thuy", "Đặng Thuỳ Trâm"));
        assert!(finds("Đặng Thùy Trâm", "Đặng Thuỳ Trâm"));
        assert!(NameQuery::parse("   ").is_none());
    }
}
