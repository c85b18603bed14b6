//! Identity checkpoints: versioned snapshots of the agent's self-model.

use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;
use serde_json::Value;

use super::{json_col, Page, Paging, StoreError, VaultStore};
use crate::{ids, time};

/// A stored checkpoint.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Checkpoint {
    /// `chk_…`
    pub id: String,
    /// 1, 2, 3, … per vault.
    pub version: i64,
    /// The self-model (any JSON).
    pub self_model: Value,
    /// Core values (array).
    pub values: Value,
    /// Goals (array).
    pub goals: Value,
    /// Traits (object).
    pub traits: Value,
    /// Free-form object.
    pub metadata: Value,
    /// Why this checkpoint was taken.
    pub reason: Option<String>,
    /// When.
    pub created_at: String,
}

/// A checkpoint to create (already validated).
#[derive(Debug, Clone)]
pub struct NewCheckpoint {
    /// The self-model (any JSON but null).
    pub self_model: Value,
    /// Array.
    pub values: Value,
    /// Array.
    pub goals: Value,
    /// Object.
    pub traits: Value,
    /// Object.
    pub metadata: Value,
    /// Optional reason.
    pub reason: Option<String>,
}

const COLUMNS: &str =
    "id, version, self_model, core_values, goals, traits, metadata, reason, created_at";

type RawRow = (String, i64, [String; 5], Option<String>, String);

fn from_row(r: &Row<'_>) -> rusqlite::Result<RawRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
        r.get(7)?,
        r.get(8)?,
    ))
}

fn finish(raw: RawRow) -> Result<Checkpoint, StoreError> {
    let (id, version, [self_model, values, goals, traits, metadata], reason, created_at) = raw;
    Ok(Checkpoint {
        id,
        version,
        self_model: json_col(self_model, "identity_checkpoints.self_model")?,
        values: json_col(values, "identity_checkpoints.core_values")?,
        goals: json_col(goals, "identity_checkpoints.goals")?,
        traits: json_col(traits, "identity_checkpoints.traits")?,
        metadata: json_col(metadata, "identity_checkpoints.metadata")?,
        reason,
        created_at,
    })
}

impl VaultStore {
    /// The newest checkpoint, if any.
    pub async fn latest_checkpoint(&self) -> Result<Option<Checkpoint>, StoreError> {
        self.read(|c, vault| {
            c.query_row(
                &format!(
                    "SELECT {COLUMNS} FROM identity_checkpoints WHERE vault_id = ?1
                     ORDER BY version DESC LIMIT 1"
                ),
                [vault],
                from_row,
            )
            .optional()?
            .map(finish)
            .transpose()
        })
        .await
    }

    /// Checkpoints, newest first.
    pub async fn list_checkpoints(&self, paging: Paging) -> Result<Page<Checkpoint>, StoreError> {
        self.read(move |c, vault| {
            let total: i64 = c.query_row(
                "SELECT COUNT(*) FROM identity_checkpoints WHERE vault_id = ?1",
                [vault],
                |r| r.get(0),
            )?;
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM identity_checkpoints WHERE vault_id = ?1
                 ORDER BY version DESC LIMIT ?2 OFFSET ?3"
            ))?;
            let items = stmt
                .query_map(params![vault, paging.limit, paging.offset], from_row)?
                .map(|r| finish(r?))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Page { items, total })
        })
        .await
    }

    /// Records a new checkpoint with the next version number.
    pub async fn create_checkpoint(&self, new: NewCheckpoint) -> Result<Checkpoint, StoreError> {
        self.write(move |tx, vault| {
            let id = ids::new_id("chk");
            tx.execute(
                "INSERT INTO identity_checkpoints
                   (vault_id, id, version, self_model, core_values, goals, traits, metadata, reason, created_at)
                 VALUES (?1, ?2,
                   (SELECT COALESCE(MAX(version), 0) + 1 FROM identity_checkpoints WHERE vault_id = ?1),
                   ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    vault,
                    id,
                    new.self_model.to_string(),
                    new.values.to_string(),
                    new.goals.to_string(),
                    new.traits.to_string(),
                    new.metadata.to_string(),
                    new.reason,
                    time::now()
                ],
            )?;
            let raw = tx.query_row(
                &format!("SELECT {COLUMNS} FROM identity_checkpoints WHERE vault_id = ?1 AND id = ?2"),
                params![vault, id],
                from_row,
            )?;
            finish(raw)
        })
        .await
    }
}
