//! Storage: the SQLite pool, migrations, and [`VaultStore`], the only path
//! from handlers to tenant tables.

mod identity;
mod memories;
mod messages;
pub mod migrations;
mod plugin_data;
mod sessions;

use std::path::Path;
use std::time::Duration;

use deadpool_sqlite::{Config, Hook, HookError, Pool, PoolConfig, Runtime, Timeouts};
use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use identity::{Checkpoint, NewCheckpoint};
pub use memories::{Memory, MemoryFilter, MemoryKind, MemoryPatch, NewMemory};
pub use messages::{Message, NewMessage, Role};
pub use plugin_data::{NewRun, OperatorStats, RunRecord, MAX_KV_KEYS, MAX_KV_VALUE_BYTES};
pub use sessions::{Session, SessionDetail};

use crate::vault::{self, NoVaultContext, VaultId};

/// Per-connection settings (DESIGN section 6).
const PRAGMAS: &str = "PRAGMA journal_mode = WAL;
                       PRAGMA synchronous = NORMAL;
                       PRAGMA foreign_keys = ON;
                       PRAGMA busy_timeout = 5000;";

/// How long a request waits for a free connection before giving up (503).
const POOL_WAIT: Duration = Duration::from_secs(10);

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// No connection could be had in time.
    #[error("database unavailable: {0}")]
    Pool(String),
    /// A migration failed; nothing of it was applied.
    #[error("migration {version} ({name}) failed: {source}")]
    Migration {
        /// Its number.
        version: i64,
        /// Its name.
        name: &'static str,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The database was written by a newer binary.
    #[error("database schema version {database} is newer than this binary's ({binary}); upgrade metamorph")]
    SchemaTooNew {
        /// Version recorded in the database.
        database: i64,
        /// Newest version this binary knows.
        binary: i64,
    },
    /// Could not create the database directory.
    #[error("cannot create database directory {0}: {1}")]
    Directory(String, std::io::Error),
    /// A stored JSON column did not parse (corruption).
    #[error("corrupt stored JSON in {0}: {1}")]
    CorruptJson(&'static str, serde_json::Error),
    /// A referenced row does not exist in this vault.
    #[error("{kind} {id} not found")]
    NotFound {
        /// What was referenced (`session`, ...).
        kind: &'static str,
        /// The id given.
        id: String,
    },
    /// A storage limit was hit; the string says which.
    #[error("{0}")]
    Limit(String),
    /// Store built from a context that has no vault.
    #[error(transparent)]
    NoVault(#[from] NoVaultContext),
}

/// The shared connection pool.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("status", &self.pool.status())
            .finish()
    }
}

impl Db {
    /// Opens (creating if needed) the database file and its directory.
    pub fn open(path: &Path, pool_size: usize) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Directory(dir.display().to_string(), e))?;
        }
        let mut cfg = Config::new(path);
        cfg.pool = Some(PoolConfig {
            max_size: pool_size,
            timeouts: Timeouts {
                wait: Some(POOL_WAIT),
                create: Some(POOL_WAIT),
                recycle: Some(POOL_WAIT),
            },
            ..PoolConfig::default()
        });
        let pool = cfg
            .builder(Runtime::Tokio1)
            .map_err(|e| StoreError::Pool(e.to_string()))?
            .post_create(Hook::async_fn(|conn, _| {
                Box::pin(async move {
                    conn.interact(|c| c.execute_batch(PRAGMAS))
                        .await
                        .map_err(|e| HookError::message(e.to_string()))?
                        .map_err(HookError::Backend)
                })
            }))
            .build()
            .map_err(|e| StoreError::Pool(e.to_string()))?;
        Ok(Self { pool })
    }

    /// Runs `f` on a pooled connection, off the async reactor.
    pub async fn with_conn<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        let conn = self
            .pool
            .get()
            .await
            .map_err(|e| StoreError::Pool(e.to_string()))?;
        conn.interact(f)
            .await
            .map_err(|e| StoreError::Pool(format!("connection task failed: {e}")))?
    }

    /// Applies pending migrations; returns the versions applied.
    pub async fn migrate(&self) -> Result<Vec<i64>, StoreError> {
        self.with_conn(migrations::apply).await
    }

    /// A cheap round trip, for health checks.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.with_conn(|c| Ok(c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?))
            .await
            .map(|_| ())
    }

    /// The schema version recorded in the database.
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        self.with_conn(|c| {
            Ok(c.query_row(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                [],
                |r| r.get(0),
            )?)
        })
        .await
    }

    /// Closes the pool: idle connections are dropped, new gets fail.
    pub fn close(&self) {
        self.pool.close();
    }
}

/// Tenant storage bound to one vault: every statement it runs binds that
/// vault's id, so it cannot read or write another vault's rows.
#[derive(Debug, Clone)]
pub struct VaultStore {
    db: Db,
    vault: VaultId,
}

impl VaultStore {
    /// The store of the vault in the current request context.
    pub fn current(db: &Db) -> Result<Self, StoreError> {
        Ok(Self::for_vault(db, vault::current_vault()?))
    }

    /// The store of an explicit vault, for background jobs.
    pub fn for_vault(db: &Db, vault: VaultId) -> Self {
        Self {
            db: db.clone(),
            vault,
        }
    }

    /// The vault this store is bound to.
    pub fn vault(&self) -> &VaultId {
        &self.vault
    }

    /// Runs a read on a pooled connection with this store's vault id.
    async fn read<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(&Connection, &str) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        let vault = self.vault.clone();
        self.db.with_conn(move |c| f(c, vault.as_str())).await
    }

    /// Runs `f` in a `BEGIN IMMEDIATE` transaction, committed only if `f`
    /// succeeds, so a failed request never leaves a partial write.
    async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(&Transaction<'_>, &str) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        let vault = self.vault.clone();
        self.db
            .with_conn(move |c| {
                let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let out = f(&tx, vault.as_str())?;
                tx.commit()?;
                Ok(out)
            })
            .await
    }
}

/// Parses a JSON column.
fn json_col(raw: String, column: &'static str) -> Result<serde_json::Value, StoreError> {
    serde_json::from_str(&raw).map_err(|e| StoreError::CorruptJson(column, e))
}

/// A page of rows plus the total matching count.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The rows of this page.
    pub items: Vec<T>,
    /// Rows matching in all.
    pub total: i64,
}

/// Which part of a list to return.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    /// Rows at most.
    pub limit: u32,
    /// Rows skipped.
    pub offset: i64,
}
