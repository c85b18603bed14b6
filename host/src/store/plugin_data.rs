//! Plugin data of a vault: operator runs, operator statistics, plugin kv.

use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

use super::{Page, Paging, StoreError, VaultStore};
use crate::{ids, time};

/// Largest kv key, in bytes.
pub const MAX_KV_KEY_BYTES: usize = 512;
/// Largest kv value, in bytes.
pub const MAX_KV_VALUE_BYTES: usize = 1024 * 1024;
/// Most keys one plugin may keep in one vault.
pub const MAX_KV_KEYS: i64 = 10_000;

/// One finished operator run, to record.
#[derive(Debug, Clone)]
pub struct NewRun {
    /// Operator name.
    pub operator: String,
    /// When it started.
    pub started_at: String,
    /// Wall time in milliseconds.
    pub duration_ms: f64,
    /// Whether it returned a report.
    pub success: bool,
    /// 0..1 (0 for failures).
    pub effectiveness: f64,
    /// Memories changed.
    pub changed: u32,
    /// Params as given (JSON).
    pub params: serde_json::Value,
    /// The report (JSON), on success.
    pub report: Option<serde_json::Value>,
    /// Error code, on failure.
    pub error_code: Option<String>,
    /// Error message, on failure.
    pub error: Option<String>,
}

/// A recorded run.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunRecord {
    /// `run_…`
    pub id: String,
    /// Operator name.
    pub operator: String,
    /// Start time.
    pub started_at: String,
    /// Wall time in milliseconds.
    pub duration_ms: f64,
    /// Whether it succeeded.
    pub success: bool,
    /// 0..1.
    pub effectiveness: f64,
    /// Memories changed.
    pub changed: u32,
    /// Error code on failure.
    pub error_code: Option<String>,
    /// Error message on failure.
    pub error: Option<String>,
}

/// Aggregate statistics of one operator in one vault.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OperatorStats {
    /// Operator name.
    pub operator: String,
    /// Runs recorded.
    pub runs: i64,
    /// Runs that returned a report.
    pub successes: i64,
    /// Runs that failed.
    pub failures: i64,
    /// Sum of run durations.
    pub total_duration_ms: f64,
    /// Sum of effectiveness.
    pub total_effectiveness: f64,
    /// Beta posterior alpha.
    pub alpha: f64,
    /// Beta posterior beta.
    pub beta: f64,
}

fn stats_row(r: &Row<'_>) -> rusqlite::Result<OperatorStats> {
    Ok(OperatorStats {
        operator: r.get(0)?,
        runs: r.get(1)?,
        successes: r.get(2)?,
        failures: r.get(3)?,
        total_duration_ms: r.get(4)?,
        total_effectiveness: r.get(5)?,
        alpha: r.get(6)?,
        beta: r.get(7)?,
    })
}

fn run_row(r: &Row<'_>) -> rusqlite::Result<RunRecord> {
    Ok(RunRecord {
        id: r.get(0)?,
        operator: r.get(1)?,
        started_at: r.get(2)?,
        duration_ms: r.get(3)?,
        success: r.get(4)?,
        effectiveness: r.get(5)?,
        changed: r.get(6)?,
        error_code: r.get(7)?,
        error: r.get(8)?,
    })
}

impl VaultStore {
    /// Records a run and folds it into the operator's statistics, atomically.
    ///
    /// The posterior treats effectiveness `e` as a fractional success:
    /// alpha += e, beta += 1 - e; a failed run adds 1 to beta.
    pub async fn record_run(&self, run: NewRun) -> Result<RunRecord, StoreError> {
        self.write(move |tx, vault| {
            let id = ids::new_id("run");
            let e = if run.success { run.effectiveness.clamp(0.0, 1.0) } else { 0.0 };
            tx.execute(
                "INSERT INTO operator_runs (vault_id, id, operator, started_at, duration_ms, success,
                     effectiveness, changed, params, report, error_code, error)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    vault,
                    id,
                    run.operator,
                    run.started_at,
                    run.duration_ms,
                    run.success,
                    e,
                    run.changed,
                    run.params.to_string(),
                    run.report.as_ref().map(|r| r.to_string()),
                    run.error_code,
                    run.error
                ],
            )?;
            let (da, db) = if run.success { (e, 1.0 - e) } else { (0.0, 1.0) };
            tx.execute(
                "INSERT INTO operator_stats (vault_id, operator, runs, successes, failures,
                     total_duration_ms, total_effectiveness, alpha, beta, updated_at)
                 VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, 1 + ?7, 1 + ?8, ?9)
                 ON CONFLICT (vault_id, operator) DO UPDATE SET
                     runs = runs + 1,
                     successes = successes + excluded.successes,
                     failures = failures + excluded.failures,
                     total_duration_ms = total_duration_ms + excluded.total_duration_ms,
                     total_effectiveness = total_effectiveness + excluded.total_effectiveness,
                     alpha = alpha + ?7,
                     beta = beta + ?8,
                     updated_at = excluded.updated_at",
                params![
                    vault,
                    run.operator,
                    i64::from(run.success),
                    i64::from(!run.success),
                    run.duration_ms,
                    e,
                    da,
                    db,
                    time::now()
                ],
            )?;
            Ok(RunRecord {
                id,
                operator: run.operator,
                started_at: run.started_at,
                duration_ms: run.duration_ms,
                success: run.success,
                effectiveness: e,
                changed: run.changed,
                error_code: run.error_code,
                error: run.error,
            })
        })
        .await
    }

    /// Statistics of every operator this vault has run.
    pub async fn operator_stats(&self) -> Result<Vec<OperatorStats>, StoreError> {
        self.read(|c, vault| {
            let mut stmt = c.prepare_cached(
                "SELECT operator, runs, successes, failures, total_duration_ms,
                        total_effectiveness, alpha, beta
                 FROM operator_stats WHERE vault_id = ?1 ORDER BY operator",
            )?;
            let rows = stmt
                .query_map([vault], stats_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await
    }

    /// Recorded runs, newest first, optionally of one operator.
    pub async fn list_runs(
        &self,
        operator: Option<String>,
        paging: Paging,
    ) -> Result<Page<RunRecord>, StoreError> {
        self.read(move |c, vault| {
            let total: i64 = c.query_row(
                "SELECT COUNT(*) FROM operator_runs WHERE vault_id = ?1 AND (?2 IS NULL OR operator = ?2)",
                params![vault, operator],
                |r| r.get(0),
            )?;
            let mut stmt = c.prepare_cached(
                "SELECT id, operator, started_at, duration_ms, success, effectiveness, changed, error_code, error
                 FROM operator_runs WHERE vault_id = ?1 AND (?2 IS NULL OR operator = ?2)
                 ORDER BY started_at DESC, id LIMIT ?3 OFFSET ?4",
            )?;
            let items = stmt
                .query_map(params![vault, operator, paging.limit, paging.offset], run_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Page { items, total })
        })
        .await
    }

    /// A plugin's value under `key` in this vault.
    pub async fn kv_get(&self, plugin: String, key: String) -> Result<Option<String>, StoreError> {
        self.read(move |c, vault| {
            Ok(c.query_row(
                "SELECT value FROM plugin_kv WHERE vault_id = ?1 AND plugin = ?2 AND key = ?3",
                params![vault, plugin, key],
                |r| r.get(0),
            )
            .optional()?)
        })
        .await
    }

    /// Sets a plugin's `key`; refuses oversized keys/values and key floods.
    pub async fn kv_set(
        &self,
        plugin: String,
        key: String,
        value: String,
    ) -> Result<(), StoreError> {
        if key.is_empty() || key.len() > MAX_KV_KEY_BYTES {
            return Err(StoreError::Limit(format!(
                "kv key must be 1-{MAX_KV_KEY_BYTES} bytes"
            )));
        }
        if value.len() > MAX_KV_VALUE_BYTES {
            return Err(StoreError::Limit(format!(
                "kv value must be at most {MAX_KV_VALUE_BYTES} bytes"
            )));
        }
        self.write(move |tx, vault| {
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM plugin_kv WHERE vault_id = ?1 AND plugin = ?2 AND key = ?3)",
                params![vault, plugin, key],
                |r| r.get(0),
            )?;
            if !exists {
                let n: i64 = tx.query_row(
                    "SELECT COUNT(*) FROM plugin_kv WHERE vault_id = ?1 AND plugin = ?2",
                    params![vault, plugin],
                    |r| r.get(0),
                )?;
                if n >= MAX_KV_KEYS {
                    return Err(StoreError::Limit(format!("at most {MAX_KV_KEYS} kv keys per plugin and vault")));
                }
            }
            tx.execute(
                "INSERT INTO plugin_kv (vault_id, plugin, key, value, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (vault_id, plugin, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                params![vault, plugin, key, value, time::now()],
            )?;
            Ok(())
        })
        .await
    }

    /// Removes a plugin's `key`; false if absent.
    pub async fn kv_delete(&self, plugin: String, key: String) -> Result<bool, StoreError> {
        self.write(move |tx, vault| {
            Ok(tx.execute(
                "DELETE FROM plugin_kv WHERE vault_id = ?1 AND plugin = ?2 AND key = ?3",
                params![vault, plugin, key],
            )? == 1)
        })
        .await
    }

    /// A plugin's keys starting with `prefix`, sorted.
    pub async fn kv_keys(&self, plugin: String, prefix: String) -> Result<Vec<String>, StoreError> {
        self.read(move |c, vault| {
            let mut stmt = c.prepare_cached(
                "SELECT key FROM plugin_kv WHERE vault_id = ?1 AND plugin = ?2 AND substr(key, 1, length(?3)) = ?3
                 ORDER BY key",
            )?;
            let keys = stmt
                .query_map(params![vault, plugin, prefix], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
            Ok(keys)
        })
        .await
    }
}
