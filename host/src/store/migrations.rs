//! Schema migrations: numbered SQL files embedded at build time, applied in
//! one transaction, recorded in `schema_migrations`.

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

/// The newest schema version this binary knows.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// Applies every pending migration; returns the versions applied.
///
/// Refuses a database whose schema is newer than this binary.
pub fn apply(conn: &mut Connection) -> Result<Vec<i64>, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             name       TEXT NOT NULL,
             applied_at TEXT NOT NULL
         )",
    )?;
    let current: i64 = tx.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        [],
        |r| r.get(0),
    )?;
    if current > latest_version() {
        return Err(StoreError::SchemaTooNew {
            database: current,
            binary: latest_version(),
        });
    }
    let mut applied = Vec::new();
    for (version, name, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
        tx.execute_batch(sql)
            .map_err(|source| StoreError::Migration {
                version: *version,
                name,
                source,
            })?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
            rusqlite::params![version, name, crate::time::now()],
        )?;
        applied.push(*version);
    }
    tx.commit()?;
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_once_and_refuses_newer() {
        let mut conn = Connection::open_in_memory().unwrap();
        let first = apply(&mut conn).unwrap();
        assert_eq!(first.len() as i64, latest_version());
        assert!(apply(&mut conn).unwrap().is_empty());
        conn.execute(
            "INSERT INTO schema_migrations VALUES (?1, 'future', 'x')",
            [latest_version() + 1],
        )
        .unwrap();
        assert!(matches!(
            apply(&mut conn),
            Err(StoreError::SchemaTooNew { .. })
        ));
    }
}
