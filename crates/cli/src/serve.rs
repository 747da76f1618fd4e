//! Opening a data directory and serving it: [`Server::open`], then [`Server::run`] (until a
//! shutdown signal) or [`Server::spawn`] (tests, the demo).
//!
//! Startup: open the sled store and ballot box (`App::open_sled`), start the projection
//! runner (from its snapshot, if any) and wait (bounded) until it has caught up, load the
//! credentials file, on an empty store create the first admin from the configuration, and,
//! with an SMTP URL configured, start the notifier (`accolade-notify`), which also takes the
//! invitation tokens, and start the schedule (`accolade_app::spawn_schedule`: phases move
//! when their scheduled end has passed). Closed rounds' ballot keys are destroyed before
//! serving and then on every pass of the schedule (`App::sweep_closed_rounds`), so a crash between a close and
//! its destroy cannot leave a key on disk. With `metrics_listen`, `/metrics` gets its own
//! listener, bound at start and stopped after the public one. Shutdown: stop accepting, finish
//! requests in flight, stop the notifier, stop the schedule, write a projection snapshot, close
//! the store.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use accolade_app::accounts::{
    Auth, FirstAdminError, InvitationSink, LogInvitations, PasswordError, TokenKind,
    register_first_admin,
};
use accolade_app::{AppError, Node, NodeConfig, NodeError, ScheduleHandle, spawn_schedule};
use accolade_http::{AppState, Config};
use accolade_notify::{Invitations, Notifier, NotifierHandle, NotifyError, Smtp};
use accolade_store::EventStore;
use axum::Router;
use secrecy::ExposeSecret;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How long startup waits for the read models before serving anyway (`/readyz` says 503
/// until they are caught up).
const CATCH_UP: Duration = Duration::from_secs(60);

/// Why the server could not start or stopped badly.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The store, the ballot box or a first command failed.
    #[error(transparent)]
    App(#[from] AppError),
    /// The node (store, read models, credentials) could not open or close.
    #[error(transparent)]
    Node(#[from] NodeError),
    /// Reading or writing files, or the listener.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// Setting a password (the credentials file).
    #[error(transparent)]
    Password(#[from] PasswordError),
    /// Creating the first admin.
    #[error(transparent)]
    FirstAdmin(#[from] FirstAdminError),
    /// The mail settings are unusable.
    #[error(transparent)]
    Mail(#[from] NotifyError),
}

/// A server over one data directory, not yet listening.
#[derive(Debug)]
pub struct Server {
    state: AppState,
    notifier: Option<NotifierHandle>,
    schedule: Option<ScheduleHandle>,
    /// Applies erasures recorded by other processes (`Node::follow_erasures`); holds the node.
    erasures: Option<tokio::task::JoinHandle<()>>,
    /// Copies the key store daily (`key_backup_dir`); holds the node.
    key_backups: Option<tokio::task::JoinHandle<()>>,
}

/// A server listening in a background task.
#[derive(Debug)]
pub struct Running {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// The metrics listener's address, when `metrics_listen` is set.
    pub metrics_addr: Option<SocketAddr>,
    /// Its state (tests look at the store and the auth state).
    pub state: AppState,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), ServeError>>,
}

impl Running {
    /// The base URL, `http://addr`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops serving, snapshots the read models and closes the store.
    pub async fn stop(mut self) -> Result<(), ServeError> {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        drop(self.state);
        self.task
            .await
            .map_err(|e| std::io::Error::other(e.to_string()))?
    }
}

impl Server {
    /// Opens the data directory (creating it if missing), with invitations logged as owed.
    pub async fn open(config: Config) -> Result<Server, ServeError> {
        Self::open_with(config, Arc::new(LogInvitations)).await
    }

    /// Like [`Server::open`], with invitation tokens going to `invitations`.
    pub async fn open_with(
        config: Config,
        invitations: Arc<dyn InvitationSink>,
    ) -> Result<Server, ServeError> {
        let node = Node::open(
            &config.data_dir,
            &NodeConfig {
                snapshots: config.snapshots,
                catch_up: CATCH_UP,
                accounts: config.accounts(),
                personal: config.personal(),
            },
        )
        .await?;
        let auth = node.auth().clone();
        let mut notifier = None;
        let mut invitations = invitations;
        if let Some(mail) = mail_config(&config) {
            let smtp = Smtp::new(&mail)?;
            let (worker, queue) = Notifier::new(
                node.app().store().clone(),
                node.runner().clone(),
                smtp,
                mail,
                node.app().people().clone(),
            );
            notifier = Some(worker);
            invitations = Arc::new(MailInvitations {
                queue,
                auth: auth.clone(),
                also: invitations,
            });
        } else {
            tracing::info!("no ACCOLADE_SMTP_URL: notifications stay pending, none is sent");
        }
        let state = AppState::new(
            node,
            config,
            accolade_http::middleware::metrics_handle(),
            invitations,
        );
        bootstrap_admin(&state).await?;
        warm_public_reads(&state).await;
        warm_award_history(&state).await;
        // Issue 10 item 15: a token mail the last run never sent (SMTP down, a crash) gets a
        // fresh token and is queued again.
        let owed = state.auth.resend_owed(state.invitations.as_ref())?;
        if owed > 0 {
            tracing::info!(
                owed,
                "token mails owed from before the restart queued again"
            );
        }
        // Started after the first admin exists, so its registration is not raced.
        let notifier = notifier.map(Notifier::spawn);
        // One schedule per store: this process opened it, so this process ticks it.
        let every = Duration::from_secs(state.config.schedule_interval_secs.max(1));
        let schedule = Some(spawn_schedule(state.app.clone(), every));
        // Erasures recorded by another process on the same log reach this one's keys.
        let erasures = Some(state.node.spawn_erasure_follower());
        let key_backups = state.config.key_backup_dir.clone().map(|dir| {
            let retention = Duration::from_secs(state.config.key_backup_retention_days * 86_400);
            spawn_key_backups(state.node.clone(), dir, retention)
        });
        Ok(Server {
            state,
            notifier,
            schedule,
            erasures,
            key_backups,
        })
    }

    /// The shared state (the demo seeds through its app).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The router with its middleware: the JSON API and the pages, side by side.
    pub fn router(&self) -> Router {
        let routes = accolade_api::routes().merge(accolade_web::routes());
        accolade_http::middleware::wrap(routes, self.state.clone())
    }

    /// Serves on `listener` (and on `metrics_listen`, if set) until `shutdown` resolves,
    /// then shuts down cleanly.
    pub async fn run(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServeError> {
        let metrics = self.bind_metrics()?;
        self.serve(listener, metrics, shutdown).await
    }

    /// Serves on `listener` in a background task.
    pub fn spawn(self, listener: TcpListener) -> Result<Running, ServeError> {
        let addr = listener.local_addr()?;
        let metrics = self.bind_metrics()?;
        let metrics_addr = metrics.as_ref().map(TcpListener::local_addr).transpose()?;
        let state = self.state.clone();
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(self.serve(listener, metrics, async move {
            let _ = rx.await;
        }));
        Ok(Running {
            addr,
            metrics_addr,
            state,
            stop: Some(tx),
            task,
        })
    }

    /// Binds `metrics_listen` now, so a bad address fails the start, not a background task.
    fn bind_metrics(&self) -> Result<Option<TcpListener>, ServeError> {
        let Some(addr) = self.state.config.metrics_listen else {
            return Ok(None);
        };
        let std = std::net::TcpListener::bind(addr)?;
        std.set_nonblocking(true)?;
        Ok(Some(TcpListener::from_std(std)?))
    }

    async fn serve(
        self,
        listener: TcpListener,
        metrics: Option<TcpListener>,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServeError> {
        // The metrics listener stops after the public one, and before `close`, which needs
        // every clone of the state gone.
        let (stop_metrics, metrics_stopped) = oneshot::channel::<()>();
        let metrics = metrics.map(|l| {
            let router = accolade_api::handlers::system::metrics::listener(self.state.clone());
            tokio::spawn(async move {
                axum::serve(l, router)
                    .with_graceful_shutdown(async move {
                        let _ = metrics_stopped.await;
                    })
                    .await
            })
        });
        // The Prometheus recorder keeps every histogram sample until it is drained: without a
        // scrape, a busy server's memory would grow by every request it answered.
        let handle = self.state.metrics.clone();
        let upkeep = tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(5));
            loop {
                every.tick().await;
                handle.run_upkeep();
            }
        });
        let router = self.router();
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(listener, service)
            .with_graceful_shutdown(shutdown)
            .await;
        upkeep.abort();
        let _ = stop_metrics.send(());
        if let Some(task) = metrics {
            task.await
                .map_err(|e| std::io::Error::other(e.to_string()))??;
        }
        served?;
        self.close().await
    }

    async fn close(self) -> Result<(), ServeError> {
        // The notifier holds the runner: stop it first, so the final snapshot can be written.
        if let Some(n) = self.notifier {
            n.stop().await;
        }
        // It holds the app: stopped before the store is closed.
        if let Some(s) = self.schedule {
            s.stop().await;
        }
        for task in [self.erasures, self.key_backups].into_iter().flatten() {
            task.abort();
            let _ = task.await;
        }
        // Handlers' clones of the state go with their connections, so the node's read models
        // become ours alone and get their final snapshot. axum's graceful shutdown returns
        // once every connection task has dropped its shutdown receiver, which it does just
        // before dropping the connection and its clone of the state: wait a moment for those
        // (else the snapshot was skipped now and then, issue 12's restart tests).
        let node = self.state.node.clone();
        drop(self.state);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
        while Arc::strong_count(node.runner()) > 1 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        node.close().await?;
        Ok(())
    }
}

/// Invitation and reset tokens go to the notifier's queue (the e-mail), which marks them
/// sent in the credentials file once the SMTP server took them, and to the sink the server
/// was opened with (which logs that one is owed, or keeps it in tests).
#[derive(Debug)]
struct MailInvitations {
    queue: Invitations,
    auth: Arc<Auth>,
    also: Arc<dyn InvitationSink>,
}

impl InvitationSink for MailInvitations {
    fn token_owed(&self, user_id: uuid::Uuid, kind: TokenKind, token: &str) {
        let on_sent = self.auth.on_sent(kind, token);
        let valid = self.auth.ttl_secs(kind);
        self.queue
            .owe_mail(user_id, kind, token, valid, Some(on_sent));
        self.also.token_owed(user_id, kind, token);
    }
}

/// On an empty store, creates the first admin from `ACCOLADE_ADMIN_EMAIL` and
/// `ACCOLADE_ADMIN_PASSWORD` (the demo creates its own with the same function).
async fn bootstrap_admin(s: &AppState) -> Result<(), ServeError> {
    let empty = *s.app.store().durable_head().borrow() == 0;
    let (Some(email), Some(password)) = (&s.config.admin_email, &s.config.admin_password) else {
        if empty {
            tracing::warn!(
                "empty store and no ACCOLADE_ADMIN_EMAIL/ACCOLADE_ADMIN_PASSWORD: nobody can sign in"
            );
        }
        return Ok(());
    };
    if !empty {
        return Ok(());
    }
    let id = register_first_admin(
        &s.node,
        email,
        "Administrator",
        password.expose_secret().to_owned(),
    )
    .await?;
    tracing::info!(user_id = %id, "first admin created");
    Ok(())
}

/// The notifier's settings, when an SMTP URL is configured.
fn mail_config(config: &Config) -> Option<accolade_notify::MailConfig> {
    use secrecy::ExposeSecret;
    let url = config.smtp_url.as_ref()?;
    let from = config.mail_from.clone().unwrap_or_else(|| {
        tracing::warn!(
            "ACCOLADE_MAIL_FROM is not set; mail goes out from noreply@accolade.invalid"
        );
        "Accolade <noreply@accolade.invalid>".to_owned()
    });
    let public = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", config.listen));
    let mut m = accolade_notify::MailConfig::new(url.expose_secret(), from, public);
    m.secretariat.clone_from(&config.secretariat_email);
    m.send_timeout = Duration::from_secs(config.mail_send_timeout_secs.max(1));
    m.retry_base = Duration::from_millis(config.mail_retry_base_ms.max(1));
    m.retry_max = Duration::from_millis(config.mail_retry_max_ms.max(config.mail_retry_base_ms));
    m.digest_window = Duration::from_secs(config.mail_digest_window_secs.max(1));
    m.reminder_days = config.mail_reminder_days;
    m.min_interval = Duration::from_millis(config.mail_min_interval_ms);
    m.tick = Duration::from_millis(config.mail_tick_ms.max(10));
    Some(m)
}

/// How often the key store is copied to `key_backup_dir`.
const KEY_BACKUP_EVERY: Duration = Duration::from_secs(24 * 3600);

/// Copies the key store into `dir` now and then every [`KEY_BACKUP_EVERY`], deleting copies
/// older than `retention`. A failure is logged loudly and tried again at the next tick: the
/// server keeps serving (the live key store is intact), but the operator must know.
fn spawn_key_backups(
    node: Node<accolade_store::SledStore>,
    dir: std::path::PathBuf,
    retention: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(KEY_BACKUP_EVERY);
        loop {
            tick.tick().await;
            let now = time::OffsetDateTime::now_utc();
            let keys = node.app().people().keys().clone();
            match keys.backup(&dir, now, retention).await {
                Ok(path) => tracing::info!(path = %path.display(), "key store copied"),
                Err(e) => {
                    tracing::error!(dir = %dir.display(), error = %e, "could not copy the key store")
                }
            }
        }
    })
}

/// Reads the whole log into the app's award-history index (prerequisites, known people, the
/// schedule's programme list) before serving: the schedule's first tick would otherwise build
/// it on a runtime worker while the first visitors wait (seconds at national size, p99 in the
/// hundreds of milliseconds).
async fn warm_award_history(state: &AppState) {
    let started = std::time::Instant::now();
    match state.app.programme_ids().await {
        Ok(ids) => tracing::info!(
            ms = started.elapsed().as_millis() as u64,
            programmes = ids.len(),
            "award history index built"
        ),
        Err(e) => tracing::warn!(%e, "building the award history index failed; the first use will"),
    }
}

/// Builds the honour list's in-memory name and province index before the first visitor
/// asks: it is made lazily through the unseal cache (it spells names, so it is never in a
/// snapshot), and at national size the first request would otherwise wait a second or more
/// and every request behind it with it.
async fn warm_public_reads(state: &AppState) {
    let node = state.node.clone();
    let started = std::time::Instant::now();
    let warmed = tokio::task::spawn_blocking(move || {
        let filter = accolade_app::actions::public::HonourFilter::default();
        node.public().honours_page(&filter, None, 1);
        node.public().honour_choices();
    })
    .await;
    match warmed {
        Ok(()) => tracing::info!(
            ms = started.elapsed().as_millis() as u64,
            "honour list's name index built"
        ),
        Err(e) => tracing::warn!(%e, "warming the honour list failed; the first request will"),
    }
}
