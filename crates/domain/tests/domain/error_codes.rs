//! The codes, fields and params a refused command answers with, at the rules a page used to
//! re-check to say them in Vietnamese (threshold, quorum, chair in panel, required fields,
//! year): the code names the rule, the field is the command's, the params quote the bounds.

use accolade_domain::*;
use accolade_events::*;

use crate::support::*;

fn refusal(w: &World, cmd: ProgrammeCommand) -> DomainError {
    w.state.decide(&cmd, &w.ctx(&admin())).unwrap_err()
}

fn said(e: &DomainError) -> (&'static str, Option<&str>) {
    (e.code(), e.field())
}

#[test]
fn a_categorys_voting_rule_is_refused_by_code() {
    let w = World::programme(vec![], 1, |_| None, None);
    let with_threshold = |num, den, strict| {
        let mut c = category("X", ninety_percent(), 1, None);
        c.voting.threshold = Threshold { num, den, strict };
        ProgrammeCommand::AddCategory(c)
    };
    let over = refusal(&w, with_threshold(11, 10, false));
    assert_eq!(said(&over), ("threshold_range", Some("voting.threshold")));
    let strict_all = refusal(&w, with_threshold(10, 10, true));
    assert_eq!(
        said(&strict_all),
        ("threshold_unreachable", Some("voting.threshold"))
    );

    let mut c = category("X", ninety_percent(), 1, None);
    c.voting.quorum = Some(Ratio { num: 3, den: 2 });
    let quorum = refusal(&w, ProgrammeCommand::AddCategory(c));
    assert_eq!(said(&quorum), ("quorum_range", Some("voting.quorum")));
    assert_eq!(quorum.params(), vec![("max", "1000".to_owned())]);
}

#[test]
fn a_categorys_fields_are_refused_by_code_with_their_bounds() {
    let w = World::programme(
        vec![category("X", ninety_percent(), 1, None)],
        1,
        |_| None,
        None,
    );
    let mut c = category("Y", ninety_percent(), 1, None);
    c.title = " ".into();
    let blank = refusal(&w, ProgrammeCommand::AddCategory(c));
    assert_eq!(said(&blank), ("required", Some("title")));

    let mut c = category("Y", ninety_percent(), 1, None);
    c.title = "t".repeat(201);
    let long = refusal(&w, ProgrammeCommand::AddCategory(c));
    assert_eq!(said(&long), ("too_long", Some("title")));
    assert_eq!(long.params(), vec![("max", "200".to_owned())]);

    let mut c = category("Y", ninety_percent(), 1, None);
    c.criteria.push(c.criteria[0].clone());
    let twice = refusal(&w, ProgrammeCommand::AddCategory(c));
    assert_eq!(twice.code(), "duplicate");
    assert!(
        twice.field().is_some_and(|f| f.ends_with("].key")),
        "{twice}"
    );

    let taken = refusal(
        &w,
        ProgrammeCommand::AddCategory(category("X", ninety_percent(), 1, None)),
    );
    assert_eq!(said(&taken), ("already_exists", Some("code")));
    assert_eq!(taken.to_string(), "conflict: category X already exists");
}

#[test]
fn a_panels_chair_must_be_a_member_by_code() {
    let mut w = World::programme(vec![], 1, |_| None, None);
    w.run(
        &admin(),
        ProgrammeCommand::AddCategory(category("X", ninety_percent(), 1, None)),
    );
    let spec = |chair, per| {
        ProgrammeCommand::FormPanel(PanelSpec {
            panel_id: PANEL,
            name: "Hội đồng".into(),
            category_codes: vec!["X".into()],
            members: (1..=3)
                .map(|i| PanelMember {
                    user_id: m(i),
                    agency_id: None,
                })
                .collect(),
            chair_id: chair,
            reviewers_per_nomination: per,
        })
    };
    let chair = refusal(&w, spec(m(9), None));
    assert_eq!(said(&chair), ("chair_not_in_panel", Some("chair_id")));
    let reviewers = refusal(&w, spec(m(1), Some(4)));
    assert_eq!(
        said(&reviewers),
        ("out_of_range", Some("reviewers_per_nomination"))
    );
    assert_eq!(
        reviewers.params(),
        vec![("min", "1".to_owned()), ("max", "3".to_owned())]
    );
}

#[test]
fn a_programmes_year_is_refused_by_code_with_its_range() {
    let w = World::new();
    let e = refusal(
        &w,
        ProgrammeCommand::Create(CreateProgramme {
            programme_id: PROGRAMME,
            title: "Giải thưởng".into(),
            year: 1999,
            description: None,
            notice_working_days: 10,
            schedule: Schedule::default(),
            holidays: vec![],
        }),
    );
    assert_eq!(said(&e), ("out_of_range", Some("year")));
    assert_eq!(
        e.params(),
        vec![("min", "2000".to_owned()), ("max", "9999".to_owned())]
    );
    assert_eq!(e.to_string(), "invalid year: out of range");
}

#[test]
fn refusals_without_a_field_still_have_a_code() {
    let w = World::programme(
        vec![category("X", ninety_percent(), 1, None)],
        1,
        |_| None,
        None,
    );
    let e = w
        .state
        .decide(
            &ProgrammeCommand::AddCategory(category("Y", ninety_percent(), 1, None)),
            &w.ctx(&clerk(A1)),
        )
        .unwrap_err();
    assert_eq!(said(&e), ("wrong_role", None));
    assert!(CODES.contains(&e.code()));
}
