//! Startup configuration, migrations and graceful shutdown of the binary.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::{binary, command, Opts, Server};

fn run(opts: &Opts, db: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = command(opts, db)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn refuses_to_start_without_auth() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(
        &Opts {
            env: vec![],
            db: None,
        },
        &dir.path().join("x.db"),
        &[],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("EMBLEM_JWT_SECRET") && err.contains("EMBLEM_DEV_MODE"),
        "{err}"
    );
    assert!(
        !dir.path().join("x.db").exists(),
        "nothing created when refusing"
    );
}

#[test]
fn refuses_short_secret_in_production() {
    let dir = tempfile::tempdir().unwrap();
    let opts = Opts {
        env: vec![("EMBLEM_JWT_SECRET".into(), "too-short".into())],
        db: None,
    };
    let (code, _, err) = run(&opts, &dir.path().join("x.db"), &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("32"), "{err}");
}

#[test]
fn help_lists_every_setting() {
    let out = Command::new(binary()).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for var in [
        "PORT",
        "HOST",
        "DATABASE_PATH",
        "EMBLEM_DEV_MODE",
        "EMBLEM_JWT_SECRET",
        "MAX_BODY_BYTES",
        "RUST_LOG",
        "LOG_FORMAT",
        "SHUTDOWN_GRACE_SECS",
        "migrate",
        "serve",
    ] {
        assert!(help.contains(var), "--help does not mention {var}:\n{help}");
    }
}

#[test]
fn dev_mode_warns_loudly() {
    let s = Server::start(Opts::dev());
    assert!(s.wait_for_log("DEV MODE IS ON"), "{}", s.logs());
}

#[test]
fn migrate_applies_records_and_refuses_newer_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nested").join("m.db");
    let opts = Opts {
        env: vec![],
        db: None,
    };
    let (code, _, err) = run(&opts, &db, &["migrate"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("applied migrations"), "{err}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let versions: Vec<i64> = conn
        .prepare("SELECT version FROM schema_migrations ORDER BY version")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(versions.first(), Some(&1));
    let latest = *versions.last().unwrap();
    let (code, _, err) = run(&opts, &db, &["migrate"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("up to date"), "{err}");

    conn.execute(
        "INSERT INTO schema_migrations VALUES (?1, 'from-the-future', 'x')",
        [latest + 1],
    )
    .unwrap();
    drop(conn);
    let (code, _, err) = run(&Opts::dev(), &db, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("newer than this binary"), "{err}");
}

#[test]
fn flags_override_environment() {
    let dir = tempfile::tempdir().unwrap();
    let env_db = dir.path().join("env.db");
    let flag_db = dir.path().join("flag.db");
    let (code, _, err) = run(
        &Opts {
            env: vec![],
            db: None,
        },
        &env_db,
        &["migrate", "--database-path", flag_db.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(flag_db.exists() && !env_db.exists());
}

#[test]
fn sigterm_drains_in_flight_requests() {
    let mut s = Server::start(Opts::dev());
    let addr = s.base.trim_start_matches("http://").to_string();
    let body = br#"{"type":"semantic","content":"written during shutdown"}"#;

    // Start a request and stop half-way through its body.
    let mut conn = TcpStream::connect(&addr).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        conn,
        "POST /api/memories HTTP/1.1\r\nHost: {addr}\r\nX-Vault-Id: drain\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    conn.write_all(&body[..10]).unwrap();
    std::thread::sleep(Duration::from_millis(200));

    unsafe {
        libc::kill(s.pid() as i32, libc::SIGTERM);
    }
    std::thread::sleep(Duration::from_millis(300));
    conn.write_all(&body[10..]).unwrap();
    let mut resp = String::new();
    conn.read_to_string(&mut resp).unwrap();
    assert!(resp.starts_with("HTTP/1.1 201"), "{resp}");

    let status = s.terminate();
    assert!(status.success(), "exit status {status:?}");
    let logs = s.logs();
    assert!(
        logs.contains("draining") && logs.contains("database pool closed"),
        "{logs}"
    );

    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let n: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM memories WHERE vault_id = 'drain'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}
