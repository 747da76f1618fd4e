//! The server's configuration: an optional TOML file, then `ACCOLADE_*` environment variables
//! (figment), then command-line values, each overriding the one before.
//!
//! Secrets (`admin_password`, the SMTP URL with its credentials) are [`SecretString`]s: their
//! `Debug` prints `[REDACTED]`, so logging the config never leaks them.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use crate::client::IpNet;

/// Everything the server needs to start. Every field is a key of the config file and an
/// `ACCOLADE_<KEY>` variable ([`Config::keys`]).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(Serialize))]
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
    #[cfg_attr(test, serde(serialize_with = "tests::redacted"))]
    pub admin_password: Option<SecretString>,
    /// SMTP relay for notifications: `smtp://127.0.0.1:2525` (no TLS, loopback),
    /// `smtps://user:pass@host:465`. Without it no mail is sent (the log shows them pending).
    #[serde(default)]
    #[cfg_attr(test, serde(serialize_with = "tests::redacted"))]
    pub smtp_url: Option<SecretString>,
    /// The From address of notifications.
    #[serde(default)]
    pub mail_from: Option<String>,
    /// The public base URL, for links in e-mails (default `http://<listen>`).
    #[serde(default)]
    pub public_url: Option<String>,
    /// Where the secretariat reads objections received (default: the From address).
    #[serde(default)]
    pub secretariat_email: Option<String>,
    /// Longest one SMTP send may take, in seconds (default 30).
    #[serde(default = "default_mail_timeout")]
    pub mail_send_timeout_secs: u64,
    /// First retry delay of a failed mail, in milliseconds (default 30 s; doubled per attempt).
    #[serde(default = "default_retry_base")]
    pub mail_retry_base_ms: u64,
    /// Longest retry delay, in milliseconds (default 1 hour).
    #[serde(default = "default_retry_max")]
    pub mail_retry_max_ms: u64,
    /// A member's assignment mails within this window go out as one digest, in seconds
    /// (default 600).
    #[serde(default = "default_digest_window")]
    pub mail_digest_window_secs: u64,
    /// Days before a phase's last day that reminders go out (default 3).
    #[serde(default = "default_reminder_days")]
    pub mail_reminder_days: u32,
    /// Least time between two sends, in milliseconds (default 0: relays that limit rates).
    #[serde(default)]
    pub mail_min_interval_ms: u64,
    /// How often the notifier looks for due retries, digests and reminders, in milliseconds
    /// (default 5000).
    #[serde(default = "default_mail_tick")]
    pub mail_tick_ms: u64,
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
    /// Lifetime of a password-reset link, in seconds (default 1 hour).
    #[serde(default = "default_reset_ttl")]
    pub password_reset_ttl_secs: u64,
    /// Roles that must sign in with a second factor (TOTP), e.g. `["admin", "authority"]`
    /// (default none). Such a user without TOTP gets a session good only for enrolling.
    #[serde(default)]
    pub require_totp_roles: Vec<accolade_events::Role>,
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
    /// How often the schedule looks for phases whose scheduled end has passed, in seconds
    /// (default 60; see `accolade_app::spawn_schedule`).
    #[serde(default = "default_schedule_interval")]
    pub schedule_interval_secs: u64,
    /// Reverse proxies whose `X-Forwarded-For` names the client (addresses or networks:
    /// `["127.0.0.1", "10.0.0.0/8"]`; default none: the header is ignored). See
    /// [`crate::client`].
    #[serde(default)]
    pub trusted_proxies: Vec<IpNet>,
    /// Objections accepted per client address in a window before 429 (default 10).
    #[serde(default = "default_objections")]
    pub objections_per_address: u32,
    /// The objection window, in seconds (default 3600).
    #[serde(default = "default_objection_window")]
    pub objection_window_secs: u64,
    /// Serve `GET /metrics` on this address, its own listener (e.g. `127.0.0.1:9090`). The
    /// public listener then answers 404 there.
    #[serde(default)]
    pub metrics_listen: Option<SocketAddr>,
    /// A bearer token for `GET /metrics`. Without `metrics_listen`, the public listener
    /// serves metrics to this token only (401 otherwise); with it, the metrics listener
    /// asks for it too.
    #[serde(default)]
    #[cfg_attr(test, serde(serialize_with = "tests::redacted"))]
    pub metrics_token: Option<SecretString>,
    /// The master key that wraps the person keys in `<data_dir>/keys`: 64 hex digits or the
    /// base64 of 32 bytes. Give it from outside the data directory (the environment, or
    /// `master_key_file`); without one the keys are stored unwrapped and the key store must be
    /// kept apart from the log's backups (docs/personal-data.md).
    #[serde(default)]
    #[cfg_attr(test, serde(serialize_with = "tests::redacted"))]
    pub master_key: Option<SecretString>,
    /// A file holding the master key (32 raw bytes, or the text form), outside the data
    /// directory.
    #[serde(default)]
    pub master_key_file: Option<PathBuf>,
    /// What erasing a person leaves of their conferred awards: `keep_public_record` (default:
    /// name, position and work unit stay on the honour list, a public act) or `erase_all`.
    #[serde(default)]
    pub erasure_policy: accolade_app::actions::persons::ErasurePolicy,
    /// Where the server copies the key store at start and then daily (`keys-<time>.journal`),
    /// outside the data directory and apart from the log's backups and the master key. None:
    /// no copies (back `<data_dir>/keys` up by other means: docs/keys.md).
    #[serde(default)]
    pub key_backup_dir: Option<PathBuf>,
    /// Days a key store copy is kept (default 7). Short on purpose: a copy still holds the
    /// keys of people erased after it was taken, until it is deleted.
    #[serde(default = "default_key_backup_retention")]
    pub key_backup_retention_days: u64,
    /// Memory for rendered public pages and JSON, in MiB (default 64; 0: nothing stored,
    /// every answer rendered; ETags, 304 and compression still apply). See docs/caching.md.
    #[serde(default = "default_response_cache_mb")]
    pub response_cache_mb: u64,
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
fn default_reset_ttl() -> u64 {
    3600
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
fn default_mail_timeout() -> u64 {
    30
}
fn default_retry_base() -> u64 {
    30_000
}
fn default_retry_max() -> u64 {
    3_600_000
}
fn default_digest_window() -> u64 {
    600
}
fn default_reminder_days() -> u32 {
    3
}
fn default_mail_tick() -> u64 {
    5000
}
fn default_schedule_interval() -> u64 {
    60
}
fn yes() -> bool {
    true
}
fn default_key_backup_retention() -> u64 {
    7
}
fn default_response_cache_mb() -> u64 {
    64
}
fn default_objections() -> u32 {
    10
}
fn default_objection_window() -> u64 {
    3600
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
    /// `--metrics-listen`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics_listen: Option<SocketAddr>,
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
            secretariat_email: None,
            mail_send_timeout_secs: default_mail_timeout(),
            mail_retry_base_ms: default_retry_base(),
            mail_retry_max_ms: default_retry_max(),
            mail_digest_window_secs: default_digest_window(),
            mail_reminder_days: default_reminder_days(),
            mail_min_interval_ms: 0,
            mail_tick_ms: default_mail_tick(),
            body_limit: default_body_limit(),
            request_timeout_secs: default_timeout(),
            token_ttl_secs: default_token_ttl(),
            invitation_ttl_secs: default_invitation_ttl(),
            password_reset_ttl_secs: default_reset_ttl(),
            require_totp_roles: Vec::new(),
            signin_failures_per_account: default_account_failures(),
            signin_failures_per_address: default_address_failures(),
            signin_window_secs: default_signin_window(),
            snapshots: true,
            schedule_interval_secs: default_schedule_interval(),
            trusted_proxies: Vec::new(),
            objections_per_address: default_objections(),
            objection_window_secs: default_objection_window(),
            metrics_listen: None,
            metrics_token: None,
            master_key: None,
            master_key_file: None,
            erasure_policy: Default::default(),
            key_backup_dir: None,
            key_backup_retention_days: default_key_backup_retention(),
            response_cache_mb: default_response_cache_mb(),
        }
    }

    /// Loads: the TOML file (if given), then `ACCOLADE_*` variables (`ACCOLADE_ADMIN_EMAIL`,
    /// `ACCOLADE_ADMIN_PASSWORD`, `ACCOLADE_SMTP_URL`, `ACCOLADE_MAIL_FROM`,
    /// `ACCOLADE_PUBLIC_URL`, `ACCOLADE_DATA_DIR`, ...: one per key, [`Config::keys`]), then
    /// the command line.
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> Result<Config, Box<figment::Error>> {
        let mut fig = Figment::new();
        if let Some(f) = file {
            fig = fig.merge(Toml::file_exact(f));
        }
        fig.merge(Env::prefixed("ACCOLADE_").only(Self::keys()))
            .merge(Serialized::defaults(overrides))
            .extract()
            .map_err(Box::new)
    }

    /// The response cache's budget in bytes.
    pub fn response_cache_bytes(&self) -> usize {
        usize::try_from(self.response_cache_mb.saturating_mul(1024 * 1024)).unwrap_or(usize::MAX)
    }

    /// The request timeout.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    /// The app's sign-in rules from these settings.
    pub fn accounts(&self) -> accolade_app::accounts::AccountsConfig {
        accolade_app::accounts::AccountsConfig {
            signin_window_secs: self.signin_window_secs,
            token_ttl_secs: self.token_ttl_secs,
            invitation_ttl_secs: self.invitation_ttl_secs,
            password_reset_ttl_secs: self.password_reset_ttl_secs,
            signin_failures_per_account: self.signin_failures_per_account,
            signin_failures_per_address: self.signin_failures_per_address,
        }
    }

    /// The personal-data settings the node is opened with.
    pub fn personal(&self) -> accolade_app::PersonalConfig {
        use secrecy::ExposeSecret;
        accolade_app::PersonalConfig {
            master_key: self
                .master_key
                .as_ref()
                .map(|k| k.expose_secret().to_owned()),
            master_key_file: self.master_key_file.clone(),
            erasure_policy: self.erasure_policy,
        }
    }
}

/// The environment variables read are exactly the keys, so an unrelated `ACCOLADE_*`
/// variable (a test's, a script's) is not a config error. The list comes from `Config`'s own
/// `Deserialize`, so a new key cannot be forgotten here (issue 10 item 18).
impl Config {
    /// Every key of the config file (serde's field names), lower case; `ACCOLADE_<KEY>` in
    /// the environment.
    pub fn keys() -> &'static [&'static str] {
        static KEYS: OnceLock<&'static [&'static str]> = OnceLock::new();
        KEYS.get_or_init(|| {
            let mut keys: &'static [&'static str] = &[];
            // Asking for the struct's field names is all this deserializer does; its "error"
            // is the expected way out.
            let _ = Config::deserialize(FieldNames(&mut keys));
            keys
        })
    }
}

/// A deserializer that records the field names serde asks a struct for, and stops.
struct FieldNames<'a>(&'a mut &'static [&'static str]);

impl<'de> serde::Deserializer<'de> for FieldNames<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("only field names are read"))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(serde::de::Error::custom("only field names are read"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
