//! The HTML pages in a real headless Chromium (Debian's chromium + chromium-driver, which
//! `./ops/test` installs): one server over a temporary data directory seeded through the app
//! (the demo, plus programmes set up over the JSON API), one browser session, the scenarios
//! in order. Every step checks what the page shows and that the browser console is clean;
//! screenshots of the main pages go to `target/screenshots/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

mod admin;
mod harness;
mod hostile;
mod public;
mod seed;
mod work;

/// One server, one browser, every scenario (sharing them keeps the suite fast on 2 cores).
#[test]
fn pages_in_a_real_browser() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let h = harness::Harness::start().await;
        let data = seed::seed(&h).await;
        public::search_finds_without_diacritics(&h).await;
        public::english_switch(&h).await;
        public::leaderboard_and_feed(&h).await;
        hostile::shown_as_text_everywhere(&h, &data).await;
        hostile::cross_site_posts_are_refused(&h, &data).await;
        public::objection_on_the_notice_page(&h, &data).await;
        admin::admin_resolves_an_objection(&h, &data).await;
        admin::admin_sets_up_a_programme(&h, &data).await;
        work::clerk_drafts_and_head_submits(&h, &data).await;
        admin::clerk_amends_a_draft(&h, &data).await;
        work::admin_screens(&h, &data).await;
        work::member_scores_and_votes(&h, &data).await;
        admin::admin_tally_and_absentee(&h, &data).await;
        h.stop().await;
    });
}
