//! Issue 10 item 13: the schedule moves phases by date, with nobody sending `Tick`.

use std::time::Duration;

use accolade_app::spawn_schedule;
use accolade_domain::*;
use accolade_events::*;
use accolade_store::EventStore;
use time::macros::{date, datetime};

use crate::support::*;

/// The schedule task, on a manual clock: nothing moves before the nominating phase's last
/// day is over; once the clock passes it, the next pass moves the programme on, recorded as
/// automatic. Waits on the task's pass counter, never on a timer.
#[tokio::test]
async fn the_schedule_moves_a_phase_once_its_end_has_passed() {
    let clock = start();
    let app = memory_app(clock.clone());
    people(&app, 3, |_| None).await;
    programme(&app, vec![category("IND", ninety_percent(), 2, None)], 3).await;
    let schedule = Schedule {
        nominating: Some(date!(2026 - 03 - 10)),
        screening: Some(date!(2026 - 03 - 20)),
        ..Schedule::default()
    };
    prog(
        &app,
        &admin(),
        ProgrammeCommand::Amend(ProgrammeAmended {
            schedule: Some(schedule),
            ..Default::default()
        }),
    )
    .await;
    move_to(&app, Phase::Nominating).await;
    draft(&app, A1, nom(1), "Nguyễn Văn An", 1).await;
    prog(&app, &head(A1), submit(nom(1))).await;

    let task = spawn_schedule(app.clone(), Duration::from_millis(5));
    let mut passes = task.passes();
    let after = |passes: &mut tokio::sync::watch::Receiver<u64>| {
        let from = *passes.borrow();
        let mut passes = passes.clone();
        async move {
            passes.wait_for(|n| *n >= from + 2).await.unwrap();
        }
    };
    let phase = |app: accolade_app::App<accolade_store::MemoryStore>| async move {
        app.programme(PROGRAMME).await.unwrap().phase
    };

    // On the last day of nominating, nothing moves.
    clock.set(datetime!(2026-03-10 23:00 +7));
    after(&mut passes).await;
    assert_eq!(phase(app.clone()).await, Phase::Nominating);

    // The day after, it moves to screening, automatically, and no further: screening's work
    // (the submitted nomination) is not done, so it waits past its own end.
    clock.set(datetime!(2026-03-21 08:00 +7));
    after(&mut passes).await;
    let p = app.programme(PROGRAMME).await.unwrap();
    assert_eq!(p.phase, Phase::Screening);
    let log = app
        .store()
        .read_stream(&stream::programme(PROGRAMME), 0, 1000)
        .await
        .unwrap();
    let moved: Vec<&str> = log
        .iter()
        .filter(|r| r.event_type == "PhaseMoved")
        .map(|r| r.payload.get())
        .filter(|p| p.contains("\"automatic\":true"))
        .collect();
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert!(moved[0].contains("\"to\":\"screening\""), "{moved:?}");

    // Once the work is done, the next pass moves it on.
    prog(
        &app,
        &admin(),
        ProgrammeCommand::ScreenNomination {
            nomination_id: nom(1),
            eligible: true,
            reason: "ok".into(),
        },
    )
    .await;
    after(&mut passes).await;
    assert_eq!(phase(app.clone()).await, Phase::Reviewing);
    task.stop().await;
}
