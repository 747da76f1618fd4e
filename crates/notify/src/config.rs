//! What the notifier needs to know: where to send, as whom, where links point, and how hard to
//! try. Production values are the defaults; tests shorten the waits.

use std::time::Duration;

use secrecy::SecretString;

/// The notifier's settings.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `smtp://127.0.0.1:2525` (no TLS, loopback), `smtps://user:pass@host:465`,
    /// `smtp://host:587?tls=required`. Secret: it may carry a password.
    pub smtp_url: SecretString,
    /// The From address, e.g. `Giải thưởng <giaithuong@most.gov.vn>`.
    pub from: String,
    /// Where the secretariat reads mail (objections received); the From address if unset.
    pub secretariat: Option<String>,
    /// The public base URL for links, e.g. `https://giaithuong.most.gov.vn`.
    pub public_url: String,
    /// Longest one SMTP send may take (lettre's own timeout covers only the connect).
    pub send_timeout: Duration,
    /// First retry delay; doubled per attempt, with jitter.
    pub retry_base: Duration,
    /// Longest retry delay.
    pub retry_max: Duration,
    /// Attempts before a mail the server refused for good (5xx) is given up.
    pub max_permanent_attempts: u32,
    /// Assignment mails of one member within one window go out as one digest.
    pub digest_window: Duration,
    /// Reminders go out this many days before a phase's last day.
    pub reminder_days: u32,
    /// Most mails sent per pass.
    pub batch: usize,
    /// Least time between two sends (relays limit rates).
    pub min_interval: Duration,
    /// How often the notifier looks without being woken (retries, digests, reminders).
    pub tick: Duration,
    /// Pooled SMTP connections idle longer than this are closed (lettre#743).
    pub pool_idle: Duration,
}

impl MailConfig {
    /// Production defaults for a relay, sender and public URL.
    pub fn new(
        smtp_url: impl Into<String>,
        from: impl Into<String>,
        public_url: impl Into<String>,
    ) -> Self {
        MailConfig {
            smtp_url: SecretString::from(smtp_url.into()),
            from: from.into(),
            secretariat: None,
            public_url: public_url.into(),
            send_timeout: Duration::from_secs(30),
            retry_base: Duration::from_secs(30),
            retry_max: Duration::from_secs(3600),
            max_permanent_attempts: 5,
            digest_window: Duration::from_secs(600),
            reminder_days: 3,
            batch: 100,
            min_interval: Duration::ZERO,
            tick: Duration::from_secs(5),
            pool_idle: Duration::from_secs(30),
        }
    }

    /// The public base URL without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.public_url.trim_end_matches('/')
    }
}
