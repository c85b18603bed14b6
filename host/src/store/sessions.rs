//! Sessions of a vault.

use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

use super::{Page, Paging, StoreError, VaultStore};
use crate::{ids, time};

/// A chat session.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// `ses_…`
    pub id: String,
    /// Display name.
    pub name: String,
    /// Creation time.
    pub created_at: String,
    /// Last rename or new message.
    pub updated_at: String,
    /// Last time the session was read or written.
    pub last_accessed: String,
    /// Messages in the session.
    pub message_count: i64,
}

/// A session with its detail fields (same shape as the list today).
pub type SessionDetail = Session;

const COLUMNS: &str = "s.id, s.name, s.created_at, s.updated_at, s.last_accessed,
     (SELECT COUNT(*) FROM messages m WHERE m.vault_id = s.vault_id AND m.session_id = s.id)";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Session> {
    Ok(Session {
        id: r.get(0)?,
        name: r.get(1)?,
        created_at: r.get(2)?,
        updated_at: r.get(3)?,
        last_accessed: r.get(4)?,
        message_count: r.get(5)?,
    })
}

/// Fetches one session of `vault` inside an open connection or transaction.
pub(super) fn fetch(
    c: &rusqlite::Connection,
    vault: &str,
    id: &str,
) -> Result<Option<Session>, StoreError> {
    Ok(c.query_row(
        &format!("SELECT {COLUMNS} FROM sessions s WHERE s.vault_id = ?1 AND s.id = ?2"),
        params![vault, id],
        from_row,
    )
    .optional()?)
}

/// Marks a session as accessed now; false if it does not exist in `vault`.
pub(super) fn touch(
    c: &rusqlite::Connection,
    vault: &str,
    id: &str,
    modified: bool,
) -> Result<bool, StoreError> {
    let now = time::now();
    let n = if modified {
        c.execute(
            "UPDATE sessions SET last_accessed = ?3, updated_at = ?3 WHERE vault_id = ?1 AND id = ?2",
            params![vault, id, now],
        )?
    } else {
        c.execute(
            "UPDATE sessions SET last_accessed = ?3 WHERE vault_id = ?1 AND id = ?2",
            params![vault, id, now],
        )?
    };
    Ok(n == 1)
}

impl VaultStore {
    /// Sessions, most recently accessed first.
    pub async fn list_sessions(&self, paging: Paging) -> Result<Page<Session>, StoreError> {
        self.read(move |c, vault| {
            let total: i64 = c.query_row(
                "SELECT COUNT(*) FROM sessions WHERE vault_id = ?1",
                [vault],
                |r| r.get(0),
            )?;
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM sessions s WHERE s.vault_id = ?1
                 ORDER BY s.last_accessed DESC, s.id LIMIT ?2 OFFSET ?3"
            ))?;
            let items = stmt
                .query_map(params![vault, paging.limit, paging.offset], from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Page { items, total })
        })
        .await
    }

    /// Creates a session.
    pub async fn create_session(&self, name: String) -> Result<Session, StoreError> {
        self.write(move |tx, vault| {
            let id = ids::new_id("ses");
            let now = time::now();
            tx.execute(
                "INSERT INTO sessions (vault_id, id, name, created_at, updated_at, last_accessed)
                 VALUES (?1, ?2, ?3, ?4, ?4, ?4)",
                params![vault, id, name, now],
            )?;
            Ok(fetch(tx, vault, &id)?.expect("row just inserted"))
        })
        .await
    }

    /// One session, marking it accessed; `None` if not in this vault.
    pub async fn get_session(&self, id: String) -> Result<Option<Session>, StoreError> {
        self.write(move |tx, vault| {
            if !touch(tx, vault, &id, false)? {
                return Ok(None);
            }
            fetch(tx, vault, &id)
        })
        .await
    }

    /// Renames a session; `None` if not in this vault.
    pub async fn rename_session(
        &self,
        id: String,
        name: String,
    ) -> Result<Option<Session>, StoreError> {
        self.write(move |tx, vault| {
            let n = tx.execute(
                "UPDATE sessions SET name = ?3, updated_at = ?4, last_accessed = ?4
                 WHERE vault_id = ?1 AND id = ?2",
                params![vault, id, name, time::now()],
            )?;
            if n == 0 {
                return Ok(None);
            }
            fetch(tx, vault, &id)
        })
        .await
    }

    /// Deletes a session and its messages (memories are kept, detached).
    /// Returns false if it was not in this vault.
    pub async fn delete_session(&self, id: String) -> Result<bool, StoreError> {
        self.write(move |tx, vault| {
            let n = tx.execute(
                "DELETE FROM sessions WHERE vault_id = ?1 AND id = ?2",
                params![vault, id],
            )?;
            Ok(n == 1)
        })
        .await
    }
}
