//! What an event changed, for the audit trail: the plain fields, read against the catalog
//! before the event is applied, and an amended nominee, kept sealed and compared when read.

use accolade_events::{
    AgencyEvent, AnyEvent, Nominee, Personal, ProgrammeEvent as E, Unseal, UserEvent,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::catalog::Catalog;
use crate::envelope::Envelope;
use crate::people::{ERASED, PublicNominee};

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    /// The field's name as in the event (`title`, `citation`, `phase`, `contact`...).
    pub field: String,
    /// The field's value before the event, as text (`null`: unset or unknown).
    pub before: Option<String>,
    /// The field's value after the event, as text (`null`: unset).
    pub after: Option<String>,
}

/// A nominee amended: both versions, sealed, with their person ids (an amendment may correct
/// who the nominee is). Compared when the trail is read, so no plaintext is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NomineeChange {
    before_person: Uuid,
    #[serde(with = "crate::people::personal")]
    before: Personal<Nominee>,
    after_person: Uuid,
    #[serde(with = "crate::people::personal")]
    after: Personal<Nominee>,
}

impl NomineeChange {
    /// The changed public fields, or one `nominee` change naming the erased side(s).
    pub(super) fn fields(&self, catalog: &Catalog, unseal: &dyn Unseal) -> Vec<FieldChange> {
        let b = catalog.open(self.before_person, &self.before, unseal);
        let a = catalog.open(self.after_person, &self.after, unseal);
        let (Some(b), Some(a)) = (&b, &a) else {
            let name = |n: &Option<Nominee>| {
                Some(
                    n.as_ref()
                        .map_or_else(|| ERASED.to_owned(), |n| n.full_name.clone()),
                )
            };
            return vec![FieldChange {
                field: "nominee".into(),
                before: name(&b),
                after: name(&a),
            }];
        };
        let (b, a) = (PublicNominee::from(b), PublicNominee::from(a));
        let mut out = Vec::new();
        out.extend(change("full_name", Some(b.full_name), Some(a.full_name)));
        out.extend(change("position", b.position, a.position));
        out.extend(change(
            "organisation",
            Some(b.organisation),
            Some(a.organisation),
        ));
        out.extend(change("province", b.province, a.province));
        out
    }
}

/// What an event changed: plain fields, and a nominee to compare when read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Fields whose before and after hold no personal data.
    pub fields: Vec<FieldChange>,
    /// An amended nominee.
    pub nominee: Option<NomineeChange>,
}

fn change(field: &str, before: Option<String>, after: Option<String>) -> Option<FieldChange> {
    (before != after).then(|| FieldChange {
        field: field.to_owned(),
        before,
        after,
    })
}

/// The changes an event makes, read against the catalog *before* it is applied.
pub fn field_changes(ev: &AnyEvent, env: &Envelope<'_>, catalog: &Catalog) -> Changes {
    let id = env.aggregate_id;
    let mut out = Vec::new();
    let mut nominee = None;
    match ev {
        AnyEvent::Programme(E::NominationAmended(e)) => {
            if let Some(n) = catalog.nominations.get(&e.nomination_id) {
                // Ciphertext differs on every sealing, so whether the nominee changed is
                // known only once both are opened: kept whole, compared when read.
                nominee = Some(NomineeChange {
                    before_person: n.person_id,
                    before: n.nominee.clone(),
                    after_person: e.person_id,
                    after: e.nominee.clone(),
                });
                out.extend(change(
                    "citation",
                    Some(n.citation.clone()),
                    Some(e.citation.clone()),
                ));
                out.extend(change(
                    "person_id",
                    Some(n.person_id.to_string()),
                    Some(e.person_id.to_string()),
                ));
            }
        }
        AnyEvent::Programme(E::PhaseMoved(e)) => {
            out.extend(change(
                "phase",
                Some(e.from.to_string()),
                Some(e.to.to_string()),
            ));
        }
        AnyEvent::Programme(E::ProgrammeAmended(e)) => {
            if let (Some(p), Some(t)) = (id.and_then(|i| catalog.programmes.get(&i)), &e.title) {
                out.extend(change("title", Some(p.title.clone()), Some(t.clone())));
            }
        }
        AnyEvent::Agency(AgencyEvent::AgencyAmended(e)) => {
            if let Some(a) = id.and_then(|i| catalog.agencies.get(&i)) {
                if let Some(v) = &e.name {
                    out.extend(change("name", Some(a.name.clone()), Some(v.clone())));
                }
                if let Some(v) = e.kind {
                    out.extend(change(
                        "kind",
                        Some(a.kind.to_string()),
                        Some(v.to_string()),
                    ));
                }
                if e.province.is_some() {
                    out.extend(change("province", a.province.clone(), e.province.clone()));
                }
                if e.email.is_some() {
                    out.extend(change("email", a.email.clone(), e.email.clone()));
                }
            }
        }
        AnyEvent::User(UserEvent::UserAmended(e)) => {
            if let Some(u) = id.and_then(|i| catalog.users.get(&i)) {
                if let Some(v) = e.role {
                    out.extend(change(
                        "role",
                        Some(u.role.to_string()),
                        Some(v.to_string()),
                    ));
                }
                if let Some(v) = e.agency_id {
                    let s = |x: Option<Uuid>| x.map(|x| x.to_string());
                    out.extend(change("agency_id", s(u.agency_id), s(v)));
                }
                if let Some(v) = e.locale {
                    out.extend(change(
                        "locale",
                        Some(u.locale.to_string()),
                        Some(v.to_string()),
                    ));
                }
                if e.contact.is_some() {
                    // The contact is personal data: record that it changed, not its values.
                    out.push(FieldChange {
                        field: "contact".into(),
                        before: None,
                        after: None,
                    });
                }
            }
        }
        _ => {}
    }
    Changes {
        fields: out,
        nominee,
    }
}
