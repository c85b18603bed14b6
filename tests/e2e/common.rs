//! Test harness: starts the real `metamorph` binary on an ephemeral port
//! with a temporary database and talks HTTP to it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jsonwebtoken::{encode, EncodingKey, Header};
use reqwest::Method;
use serde_json::{json, Value};

/// A 32+ byte secret used by production-mode tests.
pub const SECRET: &str = "test-secret-0123456789-abcdefghijklmnop";

/// How a test server is configured.
#[derive(Clone)]
pub struct Opts {
    /// Extra environment variables.
    pub env: Vec<(String, String)>,
    /// Database file; a fresh temp file when `None`.
    pub db: Option<PathBuf>,
}

impl Opts {
    /// Dev mode (X-Vault-Id auth).
    pub fn dev() -> Self {
        Self {
            env: vec![("EMBLEM_DEV_MODE".into(), "true".into())],
            db: None,
        }
    }

    /// Production mode with the HS256 [`SECRET`].
    pub fn prod() -> Self {
        Self {
            env: vec![("EMBLEM_JWT_SECRET".into(), SECRET.into())],
            db: None,
        }
    }

    /// Adds an environment variable.
    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }

    /// Uses an existing database file.
    pub fn db(mut self, path: &Path) -> Self {
        self.db = Some(path.to_path_buf());
        self
    }
}

/// A running server process.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// The database file.
    pub db: PathBuf,
    stderr: Arc<Mutex<String>>,
    _dir: Option<tempfile::TempDir>,
    client: reqwest::Client,
}

/// The binary under test.
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_metamorph")
}

/// A command for the binary with a clean, test-controlled environment.
pub fn command(opts: &Opts, db: &Path) -> Command {
    let mut cmd = Command::new(binary());
    for (k, _) in std::env::vars() {
        if k.starts_with("EMBLEM_")
            || [
                "PORT",
                "HOST",
                "DATABASE_PATH",
                "RUST_LOG",
                "LOG_FORMAT",
                "MAX_BODY_BYTES",
            ]
            .contains(&k.as_str())
        {
            cmd.env_remove(k);
        }
    }
    cmd.env("PORT", "0")
        .env("HOST", "127.0.0.1")
        .env("DATABASE_PATH", db)
        .env("LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .env("SHUTDOWN_GRACE_SECS", "10")
        // Compiled plugins are shared by all test servers so each does not
        // recompile them; tests that check the cache set their own.
        .env(
            "PLUGIN_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/plugin-cache"),
        )
        .env("PLUGINS_DIR", db.with_file_name("no-extra-plugins"));
    for (k, v) in &opts.env {
        cmd.env(k, v);
    }
    cmd
}

impl Server {
    /// Starts a server and waits until it listens.
    pub fn start(opts: Opts) -> Server {
        let (dir, db) = match &opts.db {
            Some(p) => (None, p.clone()),
            None => {
                let dir = tempfile::tempdir().unwrap();
                let db = dir.path().join("data").join("test.db");
                (Some(dir), db)
            }
        };
        let mut child = command(&opts, &db)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn metamorph");

        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let err_pipe = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err_pipe).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });

        let (tx, rx) = std::sync::mpsc::channel();
        let out_pipe = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out_pipe).lines().map_while(Result::ok) {
                if let Some(addr) = line.strip_prefix("metamorph listening on ") {
                    let _ = tx.send(addr.trim().to_string());
                }
            }
        });
        let base = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(b) => b,
            Err(_) => {
                let _ = child.kill();
                panic!("server did not start; stderr:\n{}", stderr.lock().unwrap());
            }
        };
        Server {
            child,
            base,
            db,
            stderr,
            _dir: dir,
            client: reqwest::Client::builder()
                .pool_max_idle_per_host(64)
                .build()
                .unwrap(),
        }
    }

    /// Everything the server logged so far.
    pub fn logs(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits (up to 5 s) until the log contains `needle`; stderr is read by
    /// another thread, so a line the server already wrote may lag.
    pub fn wait_for_log(&self, needle: &str) -> bool {
        for _ in 0..100 {
            if self.logs().contains(needle) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL, no chance to clean up.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Sends SIGTERM and waits for the process to exit.
    pub fn terminate(&mut self) -> ExitStatus {
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        wait_exit(&mut self.child, Duration::from_secs(30))
            .expect("server did not exit after SIGTERM")
    }

    /// A request builder for `path`.
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{}", self.base, path))
    }

    /// Sends a request as `vault` (dev header) and returns status and JSON.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        vault: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut rb = self.request(method, path).header("x-vault-id", vault);
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        send(rb).await
    }

    /// GET as `vault`.
    pub async fn get(&self, path: &str, vault: &str) -> (u16, Value) {
        self.call(Method::GET, path, vault, None).await
    }

    /// POST JSON as `vault`.
    pub async fn post(&self, path: &str, vault: &str, body: Value) -> (u16, Value) {
        self.call(Method::POST, path, vault, Some(body)).await
    }

    /// PATCH JSON as `vault`.
    pub async fn patch(&self, path: &str, vault: &str, body: Value) -> (u16, Value) {
        self.call(Method::PATCH, path, vault, Some(body)).await
    }

    /// DELETE as `vault`.
    pub async fn delete(&self, path: &str, vault: &str) -> (u16, Value) {
        self.call(Method::DELETE, path, vault, None).await
    }

    /// Sends a request with a bearer token.
    pub async fn with_token(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut rb = self.request(method, path).bearer_auth(token);
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        send(rb).await
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends and decodes; the body must be JSON (every response is).
pub async fn send(rb: reqwest::RequestBuilder) -> (u16, Value) {
    let resp = rb.send().await.expect("request failed");
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    let body =
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("non-JSON body ({status}): {text}"));
    (status, body)
}

/// Waits for a child to exit.
pub fn wait_exit(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(s) = child.try_wait().unwrap() {
            return Some(s);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

/// Seconds since the epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// An HS256 token with `claims` signed by `secret`.
pub fn token_with(secret: &str, claims: Value) -> String {
    encode(
        &Header::default(),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()).unwrap(),
    )
    .unwrap()
}

/// A valid owner token for `vault`, expiring in an hour.
pub fn token(vault: &str) -> String {
    token_with(SECRET, json!({"sub": vault, "exp": now() + 3600}))
}

/// Asserts the JSON error body shape and code.
pub fn assert_error(status: u16, body: &Value, want_status: u16, want_code: &str) {
    assert_eq!(status, want_status, "body: {body}");
    assert_eq!(body["code"], want_code, "body: {body}");
    assert!(
        body["error"].as_str().is_some_and(|s| !s.is_empty()),
        "body: {body}"
    );
    assert!(body.get("details").is_some(), "body: {body}");
}
