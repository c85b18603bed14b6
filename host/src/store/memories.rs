//! Memories of a vault, with full-text search.

use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::{json_col, Page, Paging, StoreError, VaultStore};
use crate::{ids, time};

/// What sort of memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MemoryKind {
    /// Something that happened.
    Episodic,
    /// A fact.
    Semantic,
    /// About the agent itself.
    Identity,
}

impl MemoryKind {
    /// Every kind.
    pub const ALL: [MemoryKind; 3] = [
        MemoryKind::Episodic,
        MemoryKind::Semantic,
        MemoryKind::Identity,
    ];

    /// Its stored and JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            MemoryKind::Episodic => "episodic",
            MemoryKind::Semantic => "semantic",
            MemoryKind::Identity => "identity",
        }
    }

    /// Parses a name; `None` for unknown kinds.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A stored memory.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Memory {
    /// `mem_…`
    pub id: String,
    /// Its kind.
    #[serde(rename = "type")]
    pub kind: MemoryKind,
    /// Its text.
    pub content: String,
    /// 0..1
    pub importance: f64,
    /// Decay rate, >= 0.
    pub decay: f64,
    /// Free-form JSON object.
    pub metadata: serde_json::Value,
    /// Session it came from, if any.
    pub session_id: Option<String>,
    /// Creation time.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
}

/// A memory to create (already validated).
#[derive(Debug, Clone)]
pub struct NewMemory {
    /// Its kind.
    pub kind: MemoryKind,
    /// Its text.
    pub content: String,
    /// 0..1
    pub importance: f64,
    /// Free-form JSON object.
    pub metadata: serde_json::Value,
    /// Session it came from; must exist in the vault.
    pub session_id: Option<String>,
}

/// Changes to a memory (already validated); `None` leaves a field alone.
#[derive(Debug, Clone, Default)]
pub struct MemoryPatch {
    /// New kind.
    pub kind: Option<MemoryKind>,
    /// New text.
    pub content: Option<String>,
    /// New importance.
    pub importance: Option<f64>,
    /// New decay rate.
    pub decay: Option<f64>,
    /// Replacement metadata object.
    pub metadata: Option<serde_json::Value>,
}

/// List filters.
#[derive(Debug, Clone, Default)]
pub struct MemoryFilter {
    /// Only this kind.
    pub kind: Option<MemoryKind>,
    /// Only importance >= this.
    pub min_importance: Option<f64>,
    /// Full-text query: every word must match (prefix match).
    pub query: Option<String>,
    /// Only memories of this session.
    pub session_id: Option<String>,
}

const COLUMNS: &str =
    "m.id, m.kind, m.content, m.importance, m.decay, m.metadata, m.session_id, m.created_at, m.updated_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<(Memory, String)> {
    let kind: String = r.get(1)?;
    Ok((
        Memory {
            id: r.get(0)?,
            kind: MemoryKind::parse(&kind).unwrap_or(MemoryKind::Semantic),
            content: r.get(2)?,
            importance: r.get(3)?,
            decay: r.get(4)?,
            metadata: serde_json::Value::Null,
            session_id: r.get(6)?,
            created_at: r.get(7)?,
            updated_at: r.get(8)?,
        },
        r.get(5)?,
    ))
}

fn finish(row: (Memory, String)) -> Result<Memory, StoreError> {
    let (mut m, meta) = row;
    m.metadata = json_col(meta, "memories.metadata")?;
    Ok(m)
}

fn fetch(c: &rusqlite::Connection, vault: &str, id: &str) -> Result<Option<Memory>, StoreError> {
    c.query_row(
        &format!("SELECT {COLUMNS} FROM memories m WHERE m.vault_id = ?1 AND m.id = ?2"),
        params![vault, id],
        from_row,
    )
    .optional()?
    .map(finish)
    .transpose()
}

/// Turns free text into a safe FTS5 query: each word a quoted prefix term,
/// all required. `None` if nothing searchable is left.
pub fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

impl VaultStore {
    /// Memories matching `filter`, newest first.
    pub async fn list_memories(
        &self,
        filter: MemoryFilter,
        paging: Paging,
    ) -> Result<Page<Memory>, StoreError> {
        self.read(move |c, vault| {
            // Two shapes of the same filter: the page is driven by the
            // newest-first index (the unary `+` keeps SQLite from picking the
            // importance index and sorting), the count by the FTS matches
            // when there is a query.
            let mut page_where = vec!["m.vault_id = ?1".to_string()];
            let mut count_where = page_where.clone();
            let mut args: Vec<SqlValue> = vec![SqlValue::Text(vault.to_owned())];
            let mut fts_arg = None;
            let mut bind = |page: &str, count: &str, v: SqlValue| {
                args.push(v);
                let n = format!("?{}", args.len());
                page_where.push(page.replace('?', &n));
                count_where.push(count.replace('?', &n));
                n
            };
            if let Some(kind) = filter.kind {
                bind(
                    "m.kind = ?",
                    "m.kind = ?",
                    SqlValue::Text(kind.as_str().into()),
                );
            }
            if let Some(min) = filter.min_importance {
                bind(
                    "+m.importance >= ?",
                    "m.importance >= ?",
                    SqlValue::Real(min),
                );
            }
            if let Some(session) = filter.session_id {
                bind(
                    "m.session_id = ?",
                    "m.session_id = ?",
                    SqlValue::Text(session),
                );
            }
            if let Some(q) = filter.query {
                let Some(fts) = fts_query(&q) else {
                    return Ok(Page {
                        items: Vec::new(),
                        total: 0,
                    });
                };
                fts_arg = Some(bind(
                    "m.rowid IN (SELECT rowid FROM memories_fts WHERE memories_fts MATCH ?)",
                    "memories_fts MATCH ?",
                    SqlValue::Text(fts),
                ));
            }
            let count_from = if fts_arg.is_some() {
                "memories_fts CROSS JOIN memories m ON m.rowid = memories_fts.rowid"
            } else {
                "memories m"
            };
            let total: i64 = c.query_row(
                &format!(
                    "SELECT COUNT(*) FROM {count_from} WHERE {}",
                    count_where.join(" AND ")
                ),
                params_from_iter(args.iter()),
                |r| r.get(0),
            )?;
            let n = args.len();
            args.push(SqlValue::Integer(i64::from(paging.limit)));
            args.push(SqlValue::Integer(paging.offset));
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM memories m WHERE {}
                 ORDER BY m.created_at DESC, m.rowid DESC LIMIT ?{} OFFSET ?{}",
                page_where.join(" AND "),
                n + 1,
                n + 2
            ))?;
            let items = stmt
                .query_map(params_from_iter(args.iter()), from_row)?
                .map(|r| finish(r?))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Page { items, total })
        })
        .await
    }

    /// Creates a memory. A `session_id` not in this vault is `NotFound`.
    pub async fn create_memory(&self, new: NewMemory) -> Result<Memory, StoreError> {
        self.write(move |tx, vault| {
            if let Some(sid) = &new.session_id {
                let exists: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM sessions WHERE vault_id = ?1 AND id = ?2)",
                    params![vault, sid],
                    |r| r.get(0),
                )?;
                if !exists {
                    return Err(StoreError::NotFound { kind: "session", id: sid.clone() });
                }
            }
            let id = ids::new_id("mem");
            let now = time::now();
            tx.execute(
                "INSERT INTO memories (vault_id, id, kind, content, importance, decay, metadata, session_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8, ?8)",
                params![vault, id, new.kind.as_str(), new.content, new.importance, new.metadata.to_string(), new.session_id, now],
            )?;
            Ok(fetch(tx, vault, &id)?.expect("row just inserted"))
        })
        .await
    }

    /// One memory; `None` if not in this vault.
    pub async fn get_memory(&self, id: String) -> Result<Option<Memory>, StoreError> {
        self.read(move |c, vault| fetch(c, vault, &id)).await
    }

    /// Applies `patch`; `None` if the memory is not in this vault.
    pub async fn update_memory(
        &self,
        id: String,
        patch: MemoryPatch,
    ) -> Result<Option<Memory>, StoreError> {
        self.write(move |tx, vault| {
            let n = tx.execute(
                "UPDATE memories SET
                     kind       = COALESCE(?3, kind),
                     content    = COALESCE(?4, content),
                     importance = COALESCE(?5, importance),
                     decay      = COALESCE(?6, decay),
                     metadata   = COALESCE(?7, metadata),
                     updated_at = ?8
                 WHERE vault_id = ?1 AND id = ?2",
                params![
                    vault,
                    id,
                    patch.kind.map(MemoryKind::as_str),
                    patch.content,
                    patch.importance,
                    patch.decay,
                    patch.metadata.map(|m| m.to_string()),
                    time::now()
                ],
            )?;
            if n == 0 {
                return Ok(None);
            }
            fetch(tx, vault, &id)
        })
        .await
    }

    /// Deletes a memory; false if it was not in this vault.
    pub async fn delete_memory(&self, id: String) -> Result<bool, StoreError> {
        self.write(move |tx, vault| {
            Ok(tx.execute(
                "DELETE FROM memories WHERE vault_id = ?1 AND id = ?2",
                params![vault, id],
            )? == 1)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn fts_query_quotes_every_word() {
        assert_eq!(fts_query("hello world").unwrap(), "\"hello\"* \"world\"*");
        assert_eq!(fts_query("say \"hi").unwrap(), "\"say\"* \"\"\"hi\"*");
        assert_eq!(fts_query("a OR b").unwrap(), "\"a\"* \"OR\"* \"b\"*");
        assert_eq!(fts_query("  -- ** "), None);
    }
}
