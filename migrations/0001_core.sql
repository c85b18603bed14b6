-- Core tenant tables. Every table is keyed by vault_id first, and every
-- foreign key includes vault_id, so a row can never point into another vault.

CREATE TABLE sessions (
    vault_id      TEXT NOT NULL,
    id            TEXT NOT NULL,
    name          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    last_accessed TEXT NOT NULL,
    PRIMARY KEY (vault_id, id)
);
CREATE INDEX sessions_by_access ON sessions (vault_id, last_accessed DESC, id);

CREATE TABLE messages (
    vault_id   TEXT NOT NULL,
    id         TEXT NOT NULL,
    session_id TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system', 'tool')),
    content    TEXT NOT NULL,
    metadata   TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    PRIMARY KEY (vault_id, id),
    UNIQUE (vault_id, session_id, seq),
    FOREIGN KEY (vault_id, session_id) REFERENCES sessions (vault_id, id) ON DELETE CASCADE
);

CREATE TABLE memories (
    vault_id   TEXT NOT NULL,
    id         TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('episodic', 'semantic', 'identity')),
    content    TEXT NOT NULL,
    importance REAL NOT NULL CHECK (importance >= 0 AND importance <= 1),
    decay      REAL NOT NULL DEFAULT 0 CHECK (decay >= 0),
    metadata   TEXT NOT NULL DEFAULT '{}',
    session_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (vault_id, id),
    FOREIGN KEY (vault_id, session_id) REFERENCES sessions (vault_id, id)
);
-- Lists are newest first (created_at DESC, rowid DESC), which these
-- indexes serve by scanning backwards; counts with an importance floor use
-- the covering (kind, importance) and (importance) indexes.
CREATE INDEX memories_by_time ON memories (vault_id, created_at);
CREATE INDEX memories_by_kind_time ON memories (vault_id, kind, created_at);
CREATE INDEX memories_by_kind_importance ON memories (vault_id, kind, importance);
CREATE INDEX memories_by_importance ON memories (vault_id, importance);
CREATE INDEX memories_by_session ON memories (vault_id, session_id, created_at);

-- Memories outlive the session they came from: detach them before the
-- session row goes (the foreign key has no SET NULL that keeps vault_id).
CREATE TRIGGER sessions_detach_memories BEFORE DELETE ON sessions
BEGIN
    UPDATE memories SET session_id = NULL
     WHERE vault_id = OLD.vault_id AND session_id = OLD.id;
END;

-- Full-text index over memory content; rows are filtered by vault_id in
-- every query that joins it back to memories.
CREATE VIRTUAL TABLE memories_fts USING fts5 (
    content,
    content = 'memories',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER memories_fts_insert AFTER INSERT ON memories
BEGIN
    INSERT INTO memories_fts (rowid, content) VALUES (NEW.rowid, NEW.content);
END;
CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories
BEGIN
    INSERT INTO memories_fts (memories_fts, rowid, content) VALUES ('delete', OLD.rowid, OLD.content);
END;
CREATE TRIGGER memories_fts_update AFTER UPDATE OF content ON memories
BEGIN
    INSERT INTO memories_fts (memories_fts, rowid, content) VALUES ('delete', OLD.rowid, OLD.content);
    INSERT INTO memories_fts (rowid, content) VALUES (NEW.rowid, NEW.content);
END;

CREATE TABLE identity_checkpoints (
    vault_id   TEXT NOT NULL,
    id         TEXT NOT NULL,
    version    INTEGER NOT NULL,
    self_model TEXT NOT NULL,
    core_values TEXT NOT NULL DEFAULT '[]',
    goals      TEXT NOT NULL DEFAULT '[]',
    traits     TEXT NOT NULL DEFAULT '{}',
    metadata   TEXT NOT NULL DEFAULT '{}',
    reason     TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (vault_id, id),
    UNIQUE (vault_id, version)
);
