//! An honour-list item's JSON, serialised once per card and spliced into every page after.
//!
//! At national size the API's list pages were the costliest cold answers: each of fifty items
//! cloned eight strings out of a card and ran them through `serde_json`'s escaping again, on
//! every page, though an item's JSON changes only when its card does. So a card keeps its
//! item's JSON (`Entry::json`, built on its first read and dropped with the card or by a
//! revocation), with one hole: the agency's name, which an amendment of the agency changes
//! without touching the card, is escaped from the catalog on each read and written into it.
//!
//! The text is `serde_json`'s own output for [`HonourItem`], so the spliced item is exactly
//! what serialising the item would give (a unit test holds them equal): the document stays
//! the one the type describes.

use super::HonourItem;

/// What stands in for the agency's name while the item is serialised: NUL, which `serde_json`
/// writes as `"\u0000"`. Inside any string value its quotes would be escaped, so
/// `"agency_name":"\u0000"` occurs once, at the field itself.
const HOLE: &str = "\u{0}";
const FIELD: &str = r#""agency_name":"#;
const FILLED: &str = r#""\u0000""#;

/// An item's JSON with the agency's name left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ItemJson {
    text: Box<str>,
    /// Where the agency's name (a JSON string) goes.
    at: usize,
}

impl ItemJson {
    /// The JSON of `item` (whose `agency_name` is ignored); `None` if serialising failed,
    /// which a struct of strings, ids and a date never does.
    pub fn of(item: &HonourItem) -> Option<ItemJson> {
        let holed = HonourItem {
            agency_name: HOLE.to_owned(),
            ..item.clone()
        };
        let full = serde_json::to_string(&holed).ok()?;
        let field = full.find(&format!("{FIELD}{FILLED}"))?;
        let at = field + FIELD.len();
        let mut text = String::with_capacity(full.len() - FILLED.len());
        text.push_str(&full[..at]);
        text.push_str(&full[at + FILLED.len()..]);
        Some(ItemJson {
            text: text.into_boxed_str(),
            at,
        })
    }

    /// Appends the item with `agency_name` to `out`.
    pub fn write(&self, agency_name: &str, out: &mut String) {
        let (head, tail) = self.text.split_at(self.at);
        out.push_str(head);
        write_str(agency_name, out);
        out.push_str(tail);
    }
}

/// `s` as a JSON string, escaped as `serde_json` escapes it.
pub(crate) fn write_str(s: &str, out: &mut String) {
    match serde_json::to_string(s) {
        Ok(quoted) => out.push_str(&quoted),
        // Serialising a `str` cannot fail; an empty string keeps the document valid.
        Err(_) => out.push_str("\"\""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::honours::AwardStatus;
    use time::macros::date;
    use uuid::Uuid;

    fn item(name: &str, agency: &str) -> HonourItem {
        HonourItem {
            award_id: Uuid::from_u128(1),
            nomination_id: Uuid::from_u128(2),
            full_name: name.to_owned(),
            position: Some("Giám đốc \"Trung tâm\"".to_owned()),
            organisation: "Viện \\ Hàn lâm\n".to_owned(),
            province: None,
            erased: false,
            agency_id: Uuid::from_u128(3),
            agency_name: agency.to_owned(),
            category_code: "CN".to_owned(),
            award_title: "Giải nhất".to_owned(),
            programme_id: Uuid::from_u128(4),
            year: 2026,
            status: AwardStatus::Revoked,
            decision_no: "12/QĐ-TTg".to_owned(),
            decided_on: date!(2026 - 11 - 30),
        }
    }

    #[test]
    fn a_spliced_item_is_what_serde_writes() {
        // Names that try to look like the hole, or to break out of their string.
        for (name, agency) in [
            ("Nguyễn Văn Đức", "Bộ Khoa học và Công nghệ"),
            (r#"x","agency_name":"\u0000"#, "\u{0}"),
            ("\u{0}", r#"A "quoted" \ agency"#),
            ("", ""),
        ] {
            let it = item(name, agency);
            let json = ItemJson::of(&it).expect("serialisable");
            let mut out = String::new();
            json.write(&it.agency_name, &mut out);
            assert_eq!(
                out,
                serde_json::to_string(&it).unwrap(),
                "{name:?} {agency:?}"
            );
        }
    }

    #[test]
    fn one_text_serves_every_name_of_the_agency() {
        let json = ItemJson::of(&item("Lê Thị Hoa", "old name")).expect("serialisable");
        let mut out = String::new();
        json.write("Sở KH&CN Hà Nội", &mut out);
        assert_eq!(
            out,
            serde_json::to_string(&item("Lê Thị Hoa", "Sở KH&CN Hà Nội")).unwrap()
        );
    }
}
