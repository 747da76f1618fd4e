//! Sending one message: lettre's async SMTP transport behind a small trait, so the worker can
//! be tested without a server and every send is bounded and classified the same way.

use std::future::Future;
use std::time::Duration;

use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::config::MailConfig;
use crate::error::{NotifyError, SendError};

/// Something that delivers a message.
pub trait Transport: Send + Sync + 'static {
    /// Sends `message`; `Ok` once the server accepted it.
    fn send(&self, message: Message) -> impl Future<Output = Result<(), SendError>> + Send;
}

/// SMTP through lettre, pooled.
#[derive(Debug, Clone)]
pub struct Smtp {
    inner: AsyncSmtpTransport<Tokio1Executor>,
    timeout: Duration,
}

impl Smtp {
    /// From the configured URL: `smtp://host:port` without TLS (meant for loopback; a
    /// warning otherwise), `smtp://host:587?tls=required` (STARTTLS), `smtps://user:pass@host`
    /// (implicit TLS, port 465 by default).
    pub fn new(config: &MailConfig) -> Result<Smtp, NotifyError> {
        let url = config.smtp_url.expose_secret();
        let plain = url.starts_with("smtp://") && !url.contains("tls=");
        let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            // The URL may hold a password: name the problem, not the URL.
            .map_err(|e| NotifyError::Config(format!("ACCOLADE_SMTP_URL: {e}")))?;
        let transport = builder
            .timeout(Some(config.send_timeout))
            .pool_config(PoolConfig::new().max_size(4).idle_timeout(config.pool_idle))
            .build();
        if plain && !is_loopback(url) {
            tracing::warn!("ACCOLADE_SMTP_URL sends without TLS to a host that is not loopback");
        }
        Ok(Smtp {
            inner: transport,
            timeout: config.send_timeout,
        })
    }

    async fn once(&self, message: &Message) -> Result<(), SendError> {
        // lettre's own timeout covers the connect only; a server that stalls mid-dialogue
        // would hang the send (lettre#1027), so every send is bounded here.
        match tokio::time::timeout(self.timeout, self.inner.send(message.clone())).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) if e.is_permanent() => Err(SendError::permanent(e.to_string())),
            Ok(Err(e)) => Err(SendError::transient(e.to_string())),
            Err(_) => Err(SendError::transient(format!(
                "no answer from the SMTP server within {} s",
                self.timeout.as_secs()
            ))),
        }
    }

    /// Whether the server answers (for `/readyz`-style checks).
    pub async fn test_connection(&self) -> bool {
        matches!(
            tokio::time::timeout(self.timeout, self.inner.test_connection()).await,
            Ok(Ok(true))
        )
    }
}

impl Transport for Smtp {
    async fn send(&self, message: Message) -> Result<(), SendError> {
        match self.once(&message).await {
            // A pooled connection the server closed fails with "incomplete response"
            // (lettre#743): one immediate retry on a fresh connection. A resend here keeps
            // the Message-ID, so even if the first had been accepted, mail systems drop it.
            Err(e) if !e.permanent => self.once(&message).await,
            other => other,
        }
    }
}

fn is_loopback(url: &str) -> bool {
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or_default()
        .rsplit('@')
        .next()
        .unwrap_or_default();
    host.starts_with("127.") || host.starts_with("localhost") || host.starts_with("[::1]")
}
