//! Serving: open the store, bind, run until SIGTERM/SIGINT, drain, close.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::api::{self, AppState};
use crate::auth::Authenticator;
use crate::config::Settings;
use crate::plugins::{PluginEngine, PluginHost};
use crate::sandbox::{ExecGate, ExecLimits};
use crate::store::{Db, StoreError};

/// Why the server could not start or stopped badly.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The database could not be opened or migrated.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The plugin engine could not start.
    #[error("plugin engine: {0}")]
    Plugins(String),
    /// The JWT key could not be loaded.
    #[error("{0}")]
    Auth(String),
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// Address tried.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
}

/// Opens the database and applies pending migrations, logging what ran.
pub async fn open_and_migrate(settings: &Settings) -> Result<Db, StoreError> {
    let db = Db::open(&settings.database_path, settings.database_pool_size)?;
    let applied = db.migrate().await?;
    if applied.is_empty() {
        tracing::info!(path = %settings.database_path.display(), "database schema up to date");
    } else {
        tracing::info!(path = %settings.database_path.display(), ?applied, "applied migrations");
    }
    Ok(db)
}

/// Runs the HTTP server until a shutdown signal, then drains and closes.
pub async fn serve(settings: Settings) -> Result<(), ServeError> {
    if settings.dev_mode {
        tracing::warn!(
            "DEV MODE IS ON: requests are trusted to name their own vault with the X-Vault-Id \
             header and get every permission. Never expose this server to a network."
        );
    }
    let db = open_and_migrate(&settings).await?;
    let plugins = Arc::new(load_plugins(&settings).await?);
    let exec = Arc::new(ExecGate::new(ExecLimits {
        max_timeout_ms: settings.execute_timeout_ms.max(1),
        max_code_bytes: settings.execute_max_code_bytes,
        max_output_bytes: settings.execute_max_output_bytes,
        max_log_bytes: settings.execute_max_log_bytes,
        max_concurrent: settings.execute_max_concurrent.max(1),
        max_per_vault: settings.execute_max_concurrent_per_vault.max(1),
    }));
    let state = Arc::new(AppState {
        plugins,
        exec,
        db: db.clone(),
        auth: Authenticator::new(settings.dev_mode, settings.secret())
            .map_err(|e| ServeError::Auth(e.to_string()))?,
        max_body_bytes: settings.max_body_bytes,
        started: Instant::now(),
    });

    let addr = SocketAddr::new(settings.host, settings.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    let bound = listener
        .local_addr()
        .map_err(|source| ServeError::Bind { addr, source })?;
    tracing::info!(%bound, dev_mode = settings.dev_mode, "listening");
    // Scripts and tests read the bound address from this line.
    println!("metamorph listening on http://{bound}");

    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(
        warp::serve(api::routes(state))
            .incoming(listener)
            .graceful(async {
                let _ = stop_rx.await;
            })
            .run(),
    );

    shutdown_signal().await;
    tracing::info!(
        grace_secs = settings.shutdown_grace_secs,
        "shutting down: draining in-flight requests"
    );
    let _ = stop_tx.send(());
    match tokio::time::timeout(Duration::from_secs(settings.shutdown_grace_secs), server).await {
        Ok(_) => tracing::info!("all connections closed"),
        Err(_) => tracing::warn!("grace period over; abandoning remaining connections"),
    }
    db.close();
    tracing::info!("database pool closed; bye");
    Ok(())
}

/// Builds the engine and loads bundled plugins plus those in `PLUGINS_DIR`.
pub async fn load_plugins(settings: &Settings) -> Result<PluginHost, ServeError> {
    let started = Instant::now();
    let engine = PluginEngine::new(settings.cache_dir())
        .map_err(|e| ServeError::Plugins(format!("{e:#}")))?;
    let dir = settings.plugins_dir.clone();
    let dir = if dir.is_dir() {
        tracing::info!(dir = %dir.display(), "loading plugins from PLUGINS_DIR");
        Some(dir)
    } else {
        tracing::info!(dir = %dir.display(), "PLUGINS_DIR is not a directory; bundled plugins only");
        None
    };
    let rt = tokio::runtime::Handle::current();
    let host = tokio::task::spawn_blocking(move || PluginHost::load(engine, dir.as_deref(), rt))
        .await
        .map_err(|e| ServeError::Plugins(format!("plugin loading panicked: {e}")))?;
    tracing::info!(
        loaded = host.operators().count(),
        rejected = host.rejected().len(),
        ms = started.elapsed().as_millis() as u64,
        "plugins ready"
    );
    Ok(host)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
