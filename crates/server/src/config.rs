//! The server's configuration: an optional TOML file, then `ACCOLADE_*` environment variables
//! (figment), then command-line values, each overriding the one before.
//!
//! Secrets (`admin_password`, the SMTP URL with its credentials) are [`SecretString`]s: their
//! `Debug` prints `[REDACTED]`, so logging the config never leaks them.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// Everything the server needs to start.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The data directory: `events/` (sled), `ballots/`, `credentials.json`, snapshots.
    pub data_dir: PathBuf,
    /// Where to listen.
    #[serde(default = "default_listen")]
    pub listen: SocketAddr,
    /// The first admin's e-mail, used only on an empty store.
    #[serde(default)]
    pub admin_email: Option<String>,
    /// The first admin's password, used only on an empty store.
    #[serde(default)]
    pub admin_password: Option<SecretString>,
    /// SMTP relay for notifications (the notifier is a later issue; kept for it).
    #[serde(default)]
    pub smtp_url: Option<SecretString>,
    /// The From address of notifications.
    #[serde(default)]
    pub mail_from: Option<String>,
    /// The public base URL, for links in e-mails.
    #[serde(default)]
    pub public_url: Option<String>,
    /// Largest request body, in bytes (default 1 MiB).
    #[serde(default = "default_body_limit")]
    pub body_limit: usize,
    /// Longest a request may take, in seconds (default 30).
    #[serde(default = "default_timeout")]
    pub request_timeout_secs: u64,
    /// Lifetime of a bearer token, in seconds (default 12 hours).
    #[serde(default = "default_token_ttl")]
    pub token_ttl_secs: u64,
    /// Lifetime of an invitation, in seconds (default 7 days).
    #[serde(default = "default_invitation_ttl")]
    pub invitation_ttl_secs: u64,
    /// Failed sign-ins allowed per account in a window before 429 (default 5).
    #[serde(default = "default_account_failures")]
    pub signin_failures_per_account: u32,
    /// Failed sign-ins allowed per client address in a window before 429 (default 20).
    #[serde(default = "default_address_failures")]
    pub signin_failures_per_address: u32,
    /// The failed sign-in window, in seconds (default 900).
    #[serde(default = "default_signin_window")]
    pub signin_window_secs: u64,
    /// Write a projection snapshot under the data directory (default true).
    #[serde(default = "yes")]
    pub snapshots: bool,
}

fn default_listen() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8080))
}
fn default_body_limit() -> usize {
    1024 * 1024
}
fn default_timeout() -> u64 {
    30
}
fn default_token_ttl() -> u64 {
    12 * 3600
}
fn default_invitation_ttl() -> u64 {
    7 * 24 * 3600
}
fn default_account_failures() -> u32 {
    5
}
fn default_address_failures() -> u32 {
    20
}
fn default_signin_window() -> u64 {
    900
}
fn yes() -> bool {
    true
}

/// Values from the command line, which override the file and the environment.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Overrides {
    /// `--data-dir`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    /// `--listen`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<SocketAddr>,
}

impl Config {
    /// Defaults for a data directory (tests, the demo).
    pub fn for_data_dir(dir: impl Into<PathBuf>) -> Self {
        Config {
            data_dir: dir.into(),
            listen: default_listen(),
            admin_email: None,
            admin_password: None,
            smtp_url: None,
            mail_from: None,
            public_url: None,
            body_limit: default_body_limit(),
            request_timeout_secs: default_timeout(),
            token_ttl_secs: default_token_ttl(),
            invitation_ttl_secs: default_invitation_ttl(),
            signin_failures_per_account: default_account_failures(),
            signin_failures_per_address: default_address_failures(),
            signin_window_secs: default_signin_window(),
            snapshots: true,
        }
    }

    /// Loads: the TOML file (if given), then `ACCOLADE_*` variables (`ACCOLADE_ADMIN_EMAIL`,
    /// `ACCOLADE_ADMIN_PASSWORD`, `ACCOLADE_SMTP_URL`, `ACCOLADE_MAIL_FROM`,
    /// `ACCOLADE_PUBLIC_URL`, `ACCOLADE_DATA_DIR`, ...), then the command line.
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> Result<Config, Box<figment::Error>> {
        let mut fig = Figment::new();
        if let Some(f) = file {
            fig = fig.merge(Toml::file_exact(f));
        }
        fig.merge(Env::prefixed("ACCOLADE_").only(&ENV_KEYS))
            .merge(Serialized::defaults(overrides))
            .extract()
            .map_err(Box::new)
    }

    /// The request timeout.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }
}

/// The environment variables read (lower-cased, without the prefix). An explicit list, so an
/// unrelated `ACCOLADE_*` variable (a test's, a script's) is not a config error.
const ENV_KEYS: [&str; 13] = [
    "data_dir",
    "listen",
    "admin_email",
    "admin_password",
    "smtp_url",
    "mail_from",
    "public_url",
    "body_limit",
    "request_timeout_secs",
    "token_ttl_secs",
    "signin_failures_per_account",
    "signin_failures_per_address",
    "signin_window_secs",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_then_command_line() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.toml");
        std::fs::write(
            &f,
            "data_dir = \"/from/file\"\nadmin_email = \"a@b.vn\"\nadmin_password = \"s3cret-pass\"\nbody_limit = 10\n",
        )
        .unwrap();
        let o = Overrides {
            data_dir: Some("/from/cli".into()),
            listen: None,
        };
        let c = Config::load(Some(&f), &o).unwrap();
        assert_eq!(c.data_dir, PathBuf::from("/from/cli"));
        assert_eq!(c.admin_email.as_deref(), Some("a@b.vn"));
        assert_eq!(c.body_limit, 10);
        assert!(!format!("{c:?}").contains("s3cret"), "secrets are redacted");
    }
}
