//! Messages of a session.

use rusqlite::{params, Row};
use serde::{Deserialize, Serialize};

use super::{json_col, sessions, Page, Paging, StoreError, VaultStore};
use crate::{ids, time};

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The human.
    User,
    /// The agent.
    Assistant,
    /// System prompt or notice.
    System,
    /// Tool output.
    Tool,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Assistant => "assistant",
            Role::System => "system",
            Role::Tool => "tool",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [Role::User, Role::Assistant, Role::System, Role::Tool]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// A stored message.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// `msg_…`
    pub id: String,
    /// The session it belongs to.
    pub session_id: String,
    /// Who wrote it.
    pub role: Role,
    /// Its text.
    pub content: String,
    /// Free-form JSON object.
    pub metadata: serde_json::Value,
    /// When it was appended.
    pub created_at: String,
}

/// A message to append.
#[derive(Debug, Clone)]
pub struct NewMessage {
    /// Who wrote it.
    pub role: Role,
    /// Its text.
    pub content: String,
    /// Free-form JSON object.
    pub metadata: serde_json::Value,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<(Message, String)> {
    let role: String = r.get(2)?;
    Ok((
        Message {
            id: r.get(0)?,
            session_id: r.get(1)?,
            role: Role::parse(&role).unwrap_or(Role::System),
            content: r.get(3)?,
            metadata: serde_json::Value::Null,
            created_at: r.get(5)?,
        },
        r.get(4)?,
    ))
}

fn finish(row: (Message, String)) -> Result<Message, StoreError> {
    let (mut m, meta) = row;
    m.metadata = json_col(meta, "messages.metadata")?;
    Ok(m)
}

impl VaultStore {
    /// Messages of a session in order; `None` if the session is not in this vault.
    pub async fn list_messages(
        &self,
        session_id: String,
        paging: Paging,
    ) -> Result<Option<Page<Message>>, StoreError> {
        self.write(move |tx, vault| {
            if !sessions::touch(tx, vault, &session_id, false)? {
                return Ok(None);
            }
            let total: i64 = tx.query_row(
                "SELECT COUNT(*) FROM messages WHERE vault_id = ?1 AND session_id = ?2",
                params![vault, session_id],
                |r| r.get(0),
            )?;
            let mut stmt = tx.prepare_cached(
                "SELECT id, session_id, role, content, metadata, created_at FROM messages
                 WHERE vault_id = ?1 AND session_id = ?2 ORDER BY seq LIMIT ?3 OFFSET ?4",
            )?;
            let items = stmt
                .query_map(
                    params![vault, session_id, paging.limit, paging.offset],
                    from_row,
                )?
                .map(|r| finish(r?))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some(Page { items, total }))
        })
        .await
    }

    /// Appends a message; `None` if the session is not in this vault.
    pub async fn append_message(
        &self,
        session_id: String,
        msg: NewMessage,
    ) -> Result<Option<Message>, StoreError> {
        self.write(move |tx, vault| {
            if !sessions::touch(tx, vault, &session_id, true)? {
                return Ok(None);
            }
            let id = ids::new_id("msg");
            let now = time::now();
            tx.execute(
                "INSERT INTO messages (vault_id, id, session_id, seq, role, content, metadata, created_at)
                 VALUES (?1, ?2, ?3,
                         (SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE vault_id = ?1 AND session_id = ?3),
                         ?4, ?5, ?6, ?7)",
                params![vault, id, session_id, msg.role.as_str(), msg.content, msg.metadata.to_string(), now],
            )?;
            Ok(Some(Message {
                id,
                session_id,
                role: msg.role,
                content: msg.content,
                metadata: msg.metadata,
                created_at: now,
            }))
        })
        .await
    }
}
