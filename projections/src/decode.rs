//! Decoding stored records into [`AnyEvent`], once per record, as fast as the fold needs.
//!
//! `AnyEvent::from_stored` takes a `serde_json::Value`: parsing the payload into a `Value` and
//! then into the struct doubles the work and allocates a map per object. A record written at
//! its type's current schema version needs no upcasting, so here it is deserialised straight
//! from the stored text into its payload struct. Anything else (an old version, or text the
//! fast path refuses) goes through `AnyEvent::from_stored`, so upcasting and error reporting
//! stay the events crate's one implementation. A test checks that every type of the vocabulary
//! has a fast path, so a new event type cannot silently fall to the slow one.

use accolade_events::{
    AgencyEvent, AnyEvent, DirectoryEvent, EventError, HistoryEvent, NotificationEvent,
    ProgrammeEvent, UserEvent,
};

/// Lists every (enum, wrapper) per event type and expands `$body` per type.
macro_rules! fast_types {
    ($m:ident) => {
        $m! {
            Programme ProgrammeEvent [
                ProgrammeCreated, ProgrammeAmended, CategoryAdded, CategoryAmended, PanelFormed,
                PanelAmended, PhaseMoved, NominationDrafted, NominationAmended,
                NominationSubmitted, NominationWithdrawn, NominationScreened, NominationReturned,
                DuplicateNomineeFlagged, ReviewersAssigned, ConflictDeclared, ConflictAutoRaised,
                ConflictCleared, MemberRecused, ScoresRecorded, ScoresRemoved,
                BallotParticipationRecorded, OpenBallotCast, AbsenteeBallotEntered, RoundClosed,
                SecretBallotsOpened, VoteRerun, RoundRerun, NoEligibleVoterFlagged, OutcomeDecided,
                ReservePromoted, NoticePeriodStarted, ObjectionFiled, ObjectionResolved,
                DecisionMade, NominationDeclined, AwardConferred, AwardRevoked
            ];
            Agency AgencyEvent [AgencyRegistered, AgencyAmended];
            User UserEvent [UserRegistered, UserAmended, UserDeactivated, UserReactivated, UserPasswordSet];
            Directory DirectoryEvent [UserEmailReserved, AgencyCodeReserved, PersonErased];
            History HistoryEvent [PastAwardImported];
            Notification NotificationEvent [
                NotificationSent, NotificationFailed, NotificationsDigested, ReminderDue,
                NotificationDropped
            ]
        }
    };
}

macro_rules! fast_decode {
    ($($wrap:ident $enum:ident [$($v:ident),* $(,)?]);* $(;)?) => {
        /// Deserialises `text` as the current shape of `event_type`; `None` if the type is not
        /// known here or the text does not fit.
        fn fast(event_type: &str, text: &str) -> Option<AnyEvent> {
            match event_type {
                $($(
                    stringify!($v) => serde_json::from_str::<accolade_events::$v>(text)
                        .ok()
                        .map(|p| AnyEvent::$wrap($enum::$v(p))),
                )*)*
                _ => None,
            }
        }

        /// Whether `event_type` has a fast path.
        #[cfg(test)]
        fn has_fast_path(event_type: &str) -> bool {
            matches!(event_type, $($(stringify!($v))|*)|*)
        }
    };
}

fast_types!(fast_decode);

/// Decodes a stored payload of `event_type` at `schema_version`.
///
/// Errors are the events crate's: [`EventError::UnknownType`] for a type this build does not
/// know (a newer build wrote it), the others for damaged or unreadable payloads.
pub fn decode(
    event_type: &str,
    schema_version: u32,
    payload: &str,
) -> Result<AnyEvent, EventError> {
    if let Some(ev) = fast(event_type, payload)
        && ev.schema_version() == schema_version
    {
        return Ok(ev);
    }
    let value: serde_json::Value =
        serde_json::from_str(payload).map_err(|source| EventError::Decode {
            event_type: event_type.to_owned(),
            source,
        })?;
    AnyEvent::from_stored(event_type, schema_version, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_has_a_fast_path() {
        for (t, _) in accolade_events::all_types() {
            assert!(has_fast_path(t), "{t} has no fast path in decode.rs");
        }
    }

    #[test]
    fn old_versions_are_upcast() {
        let v1 = r#"{"nomination_id":"00000000-0000-0000-0000-000000000001","category_code":"C",
            "agency_id":"00000000-0000-0000-0000-000000000002","person_id":"00000000-0000-0000-0000-000000000003",
            "nominee":{"kind":"individual","name":"Nguyễn Văn Đức","organisation":"Báo X"},
            "citation":"c","achievements":"a"}"#;
        let ev = decode("NominationDrafted", 1, v1).unwrap();
        let AnyEvent::Programme(ProgrammeEvent::NominationDrafted(d)) = ev else {
            panic!("wrong type")
        };
        // Written before sealing: the nominee reads as an open value (only `migrate` reads
        // such records, and seals them).
        let accolade_events::Personal::Open(n) = d.nominee else {
            panic!("an old record holds its nominee in the clear")
        };
        assert_eq!(n.full_name, "Nguyễn Văn Đức");
    }

    #[test]
    fn unknown_types_are_errors_not_panics() {
        assert!(matches!(
            decode("SomethingNew", 1, "{}"),
            Err(EventError::UnknownType { .. })
        ));
        assert!(decode("NominationWithdrawn", 1, "not json").is_err());
    }
}
