-- Plugin data: operator run history, per-operator learning statistics and
-- the per-vault, per-plugin key-value store. All keyed by vault first.

CREATE TABLE operator_runs (
    vault_id      TEXT NOT NULL,
    id            TEXT NOT NULL,
    operator      TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    duration_ms   REAL NOT NULL,
    success       INTEGER NOT NULL CHECK (success IN (0, 1)),
    effectiveness REAL NOT NULL CHECK (effectiveness >= 0 AND effectiveness <= 1),
    changed       INTEGER NOT NULL DEFAULT 0,
    params        TEXT NOT NULL DEFAULT '{}',
    report        TEXT,
    error_code    TEXT,
    error         TEXT,
    PRIMARY KEY (vault_id, id)
);
CREATE INDEX operator_runs_by_operator ON operator_runs (vault_id, operator, started_at DESC);

-- Beta(alpha, beta) posterior over "this operator helps this vault",
-- updated with each run's effectiveness (success weight e, failure 1 - e).
CREATE TABLE operator_stats (
    vault_id            TEXT NOT NULL,
    operator            TEXT NOT NULL,
    runs                INTEGER NOT NULL DEFAULT 0,
    successes           INTEGER NOT NULL DEFAULT 0,
    failures            INTEGER NOT NULL DEFAULT 0,
    total_duration_ms   REAL NOT NULL DEFAULT 0,
    total_effectiveness REAL NOT NULL DEFAULT 0,
    alpha               REAL NOT NULL DEFAULT 1,
    beta                REAL NOT NULL DEFAULT 1,
    updated_at          TEXT NOT NULL,
    PRIMARY KEY (vault_id, operator)
);

CREATE TABLE plugin_kv (
    vault_id   TEXT NOT NULL,
    plugin     TEXT NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (vault_id, plugin, key)
);
