//! Erased people on the pages: the read models' view items say `erased: true` and hold the
//! English constant [`ERASED`] in their name fields; a page shows its own language's marker
//! (`person.erased`) instead, so a Vietnamese page never says "[erased]". Each page calls
//! [`Marked::mark`] on its items just before rendering.

use accolade_app::actions::public::{HonourItem, NoticeItem};
use accolade_app::read::{ERASED, QueueItem};

use crate::i18n::Lang;

/// A view item that may name an erased person.
pub trait Marked {
    /// Puts `lang`'s marker where the item names an erased person.
    fn mark(&mut self, lang: Lang);
}

/// `lang`'s marker for an erased person.
pub fn marker(lang: Lang) -> String {
    lang.t("person.erased").to_owned()
}

/// A name as a view gave it: [`ERASED`] becomes `lang`'s marker (for views that give a bare
/// name, without an `erased` flag beside it).
pub fn name(lang: Lang, name: String) -> String {
    if name == ERASED { marker(lang) } else { name }
}

impl Marked for HonourItem {
    fn mark(&mut self, lang: Lang) {
        if self.erased {
            self.full_name = marker(lang);
            self.organisation = marker(lang);
            self.position = None;
            self.province = None;
        }
    }
}

impl Marked for NoticeItem {
    fn mark(&mut self, lang: Lang) {
        if self.erased {
            self.full_name = marker(lang);
            self.organisation = marker(lang);
            self.position = None;
        }
    }
}

impl Marked for QueueItem {
    fn mark(&mut self, lang: Lang) {
        if self.erased {
            self.full_name = marker(lang);
            self.organisation = marker(lang);
        }
    }
}

impl<T: Marked> Marked for Vec<T> {
    fn mark(&mut self, lang: Lang) {
        for item in self {
            item.mark(lang);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_constant_becomes_the_pages_marker() {
        assert_eq!(name(Lang::Vi, ERASED.to_owned()), "[đã xoá]");
        assert_eq!(name(Lang::En, ERASED.to_owned()), "[erased]");
        assert_eq!(name(Lang::Vi, "Nguyễn Văn A".into()), "Nguyễn Văn A");
    }
}
