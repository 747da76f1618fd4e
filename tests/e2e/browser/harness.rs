//! The harness: chromedriver on a free port (started here, stopped on drop), the real server
//! on 127.0.0.1:0, a fantoccini session with the flags of DEPENDENCIES.md, and helpers that
//! read the browser console through chromedriver's log endpoint.

use std::net::TcpListener as StdListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use accolade_cli::{Running, Server};
use accolade_http::Config;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use tempfile::TempDir;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// Stops chromedriver (the process this harness started, by its own handle).
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub struct Harness {
    pub server: Running,
    pub browser: Client,
    pub http: reqwest::Client,
    driver_url: String,
    session: String,
    _driver: Driver,
    _data: TempDir,
    _profile: TempDir,
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `target/screenshots/` at the workspace root.
pub fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

impl Harness {
    pub async fn start() -> Harness {
        assert!(
            std::path::Path::new(CHROMEDRIVER).exists() && std::path::Path::new(CHROMIUM).exists(),
            "{CHROMEDRIVER} or {CHROMIUM} is missing: run ./ops/test (it installs Debian's \
             chromium and chromium-driver) before the browser tests"
        );
        let data = tempfile::tempdir().unwrap();
        let mut config = Config::for_data_dir(data.path());
        config.snapshots = false;
        let server = Server::open(config).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let server = server.spawn(listener).unwrap();

        let port = free_port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver did not start: run ./ops/test");
        let driver = Driver(child);
        let driver_url = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        for i in 0.. {
            if let Ok(r) = http.get(format!("{driver_url}/status")).send().await
                && r.status().is_success()
            {
                break;
            }
            assert!(i < 100, "chromedriver did not answer on {driver_url}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // Several rustls crypto providers are compiled in; fantoccini needs one chosen.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                         "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync",
                         "--window-size=1280,900",
                         "--lang=vi",
                         format!("--user-data-dir={}", profile.path().display())],
                // A Vietnamese reader's browser: pages follow Accept-Language.
                "prefs": {"intl.accept_languages": "vi-VN,vi"},
            },
            "goog:loggingPrefs": {"browser": "ALL"},
        });
        let Value::Object(caps) = caps else {
            unreachable!()
        };
        let browser = ClientBuilder::rustls()
            .unwrap()
            .capabilities(caps)
            .connect(&driver_url)
            .await
            .expect("no browser session: is chromium installed (./ops/test)?");
        let session = browser.session_id().await.unwrap().unwrap();
        Harness {
            server,
            browser,
            http,
            driver_url,
            session,
            _driver: driver,
            _data: data,
            _profile: profile,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url())
    }

    pub async fn goto(&self, path: &str) {
        self.browser.goto(&self.url(path)).await.unwrap();
    }

    /// The browser console since the last call (chromedriver's log endpoint).
    pub async fn console(&self) -> Vec<Value> {
        let res: Value = self
            .http
            .post(format!(
                "{}/session/{}/se/log",
                self.driver_url, self.session
            ))
            .json(&json!({"type": "browser"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        res["value"].as_array().cloned().unwrap_or_default()
    }

    /// Fails on any console error or warning since the last check, except `allowed`
    /// substrings (a step that expects, say, a 422 answer says so).
    pub async fn console_clean_except(&self, step: &str, allowed: &[&str]) {
        let bad: Vec<Value> = self
            .console()
            .await
            .into_iter()
            .filter(|e| matches!(e["level"].as_str(), Some("SEVERE" | "WARNING")))
            .filter(|e| {
                let m = e["message"].as_str().unwrap_or_default();
                !allowed.iter().any(|a| m.contains(a))
            })
            .collect();
        assert!(bad.is_empty(), "{step}: console errors: {bad:#?}");
    }

    pub async fn console_clean(&self, step: &str) {
        self.console_clean_except(step, &[]).await;
    }

    pub async fn text(&self, css: &str) -> String {
        match self.browser.find(Locator::Css(css)).await {
            Ok(e) => e.text().await.unwrap(),
            Err(e) => {
                let url = self.browser.current_url().await.map(|u| u.to_string());
                let main = match self.browser.find(Locator::Css("main")).await {
                    Ok(m) => m.text().await.unwrap_or_default(),
                    Err(_) => self.browser.source().await.unwrap_or_default(),
                };
                panic!("{css}: {e}\nat {url:?}\n{main}")
            }
        }
    }

    /// Asserts that `css` shows `needle`, showing the page when it does not.
    pub async fn expect(&self, css: &str, needle: &str) {
        let text = self.text(css).await;
        if !text.contains(needle) {
            let main = self.text("main").await;
            let url = self.browser.current_url().await.map(|u| u.to_string());
            panic!("{css} does not show {needle:?} at {url:?}: {text:?}\n---\n{main}");
        }
    }

    pub async fn body(&self) -> String {
        self.text("body").await
    }

    pub async fn fill(&self, css: &str, value: &str) {
        let e = self
            .browser
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
        e.clear().await.unwrap();
        e.send_keys(value).await.unwrap();
    }

    pub async fn click(&self, css: &str) {
        self.browser
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .click()
            .await
            .unwrap();
    }

    /// Clicks something that loads a new page, and waits until the new page has loaded
    /// (WebDriver's click does not always wait for a form's navigation).
    pub async fn submit(&self, css: &str) {
        self.browser
            .execute("window.__accoladeOld = true;", vec![])
            .await
            .unwrap();
        self.click(css).await;
        for _ in 0..200 {
            let fresh = self
                .browser
                .execute(
                    "return window.__accoladeOld === undefined && document.readyState === 'complete';",
                    vec![],
                )
                .await
                .map(|v| v == serde_json::Value::Bool(true))
                .unwrap_or(false);
            if fresh {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("{css}: no new page after 5 s");
    }

    pub async fn shot(&self, name: &str) {
        let png = self.browser.screenshot().await.unwrap();
        std::fs::write(screenshots().join(format!("{name}.png")), png).unwrap();
    }

    /// Signs in through the page.
    pub async fn sign_in(&self, email: &str, password: &str) {
        self.goto("/signin").await;
        self.fill("#email", email).await;
        self.fill("#password", password).await;
        self.submit("form.stack button[type=submit]").await;
        let who = self.text(".who").await;
        assert!(!who.is_empty(), "signed in as {email}");
    }

    pub async fn sign_out(&self) {
        self.submit("header form.inline button").await;
        let body = self.body().await;
        assert!(
            body.contains("Đăng nhập") || body.contains("Sign in"),
            "signed out"
        );
    }

    pub async fn stop(self) {
        let _ = self.browser.close().await;
        self.server.stop().await.unwrap();
    }
}
