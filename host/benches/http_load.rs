//! HTTP load driver for the `metamorph` server.
//!
//! Starts the real release binary on an ephemeral port with a fresh SQLite
//! database, seeds one vault with 10,000 memories, then drives a handful of
//! read and write endpoints with concurrent clients and prints throughput and
//! latency figures. It is a measurement tool, not a test: nothing is asserted
//! about timings, and it only fails outright when a scenario gets no expected
//! response at all.
//!
//! Run it with:
//!
//! ```text
//! cargo bench -p metamorph-host --bench http_load
//! ```
//!
//! Knobs (environment variables):
//!
//! * `BENCH_CONCURRENCY` — concurrent in-flight requests (default 16); also
//!   used while seeding.
//! * `BENCH_REQUESTS` — requests per measured scenario (default 4000). The
//!   seed size is fixed at 10,000 memories so the "@10k" rows stay comparable
//!   between runs.
//!
//! The client and server share the machine, so figures are end-to-end
//! numbers for this host, not the server's ceiling.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use rand::seq::IndexedRandom;
use rand::Rng;
use reqwest::{Client, RequestBuilder, StatusCode};
use serde_json::{json, Value};

/// Vault holding the 10k seed and read scenarios.
const VAULT: &str = "bench-vault";
/// Vault receiving the measured creates, so the seeded vault stays at 10k.
const WRITE_VAULT: &str = "bench-vault-2";
/// Memories seeded before the read scenarios.
const SEED_MEMORIES: usize = 10_000;
/// Sessions seeded so the session list has something to return.
const SEED_SESSIONS: usize = 20;
/// Seeding progress goes to stderr this often.
const PROGRESS_EVERY: usize = 2_000;
/// How many failing responses of a scenario are shown in full.
const SHOWN_ERRORS: usize = 5;
/// Line the server prints on stdout once it accepts connections.
const READY_PREFIX: &str = "metamorph listening on ";

/// Memory content is drawn from this vocabulary, so any word of it used as a
/// `q` search term is likely to hit (and the FTS index sees realistic text).
const VOCAB: &[&str] = &[
    "apple", "anchor", "arrow", "autumn", "badge", "bamboo", "banner", "basket", "beacon", "berry",
    "blanket", "bottle", "bridge", "bronze", "bucket", "button", "cabin", "cactus", "camera",
    "candle", "canyon", "carbon", "carpet", "castle", "cedar", "cellar", "cherry", "circle",
    "cliff", "clock", "cloud", "cobalt", "coffee", "comet", "copper", "coral", "cotton", "crane",
    "crystal", "dagger", "desert", "diamond", "dolphin", "dragon", "drum", "eagle", "echo",
    "ember", "engine", "falcon", "feather", "fern", "fiddle", "forest", "fossil", "fountain",
    "galaxy", "garden", "garnet", "ginger", "glacier", "goblet", "granite", "gravel", "harbor",
    "harvest", "hazel", "helmet", "heron", "hollow", "honey", "horizon", "iceberg", "indigo",
    "island", "ivory", "jacket", "jasmine", "jigsaw", "journal", "jungle", "kettle", "kernel",
    "kiwi", "ladder", "lagoon", "lantern", "lava", "lemon", "lichen", "lizard", "lobster",
    "magnet", "mango", "maple", "marble", "meadow", "meteor", "mirror", "monsoon", "mosaic",
    "mountain", "nectar", "needle", "nickel", "noodle", "nutmeg", "oasis", "ocean", "olive",
    "onyx", "orange", "orchid", "otter", "paddle", "palace", "panda", "paper", "parrot", "pebble",
    "pepper", "pillow", "pine", "planet", "plum", "pocket", "pollen", "prairie", "prism", "puzzle",
    "quartz", "quill", "quiver", "rabbit", "radar", "raven", "reef", "ribbon", "river", "rocket",
    "saddle", "saffron", "salmon", "sandal", "satchel", "scarlet", "shadow", "shell", "silver",
    "sketch", "sparrow", "spider", "spiral", "spruce", "stone", "summit", "sunset", "swallow",
    "tablet", "tangle", "temple", "thistle", "thunder", "timber", "tulip", "tundra", "turtle",
    "umbrella", "valley", "velvet", "violet", "volcano", "wagon", "walnut", "walrus", "whisper",
    "willow", "window", "winter", "wizard", "wolf", "yarrow", "yellow", "yonder", "zebra",
    "zenith", "zephyr", "zinc", "acorn", "almond", "amber", "aspen", "bison", "blossom", "breeze",
    "canopy", "cinder", "clover", "crimson", "delta", "dune", "fjord", "flint", "glade", "grove",
    "hammock", "juniper",
];

/// Memory kinds the API accepts.
const KINDS: [&str; 3] = ["episodic", "semantic", "identity"];

fn main() {
    let concurrency = env_usize("BENCH_CONCURRENCY", 16);
    let requests = env_usize("BENCH_REQUESTS", 4000);
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());

    // The guard lives for the whole run and kills the server even if a
    // scenario panics.
    let server = Server::start();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("build tokio runtime");
    runtime.block_on(run(&server.base, concurrency, requests, cpus));
    drop(runtime);
    drop(server);
}

async fn run(base: &str, concurrency: usize, requests: usize, cpus: usize) {
    let client = Client::builder()
        // One idle connection per worker, so keep-alive is never starved.
        .pool_max_idle_per_host(concurrency * 2)
        // Loopback only; an inherited HTTP(S)_PROXY must not reroute us.
        .no_proxy()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("build reqwest client");

    let mut rows = Vec::new();

    // Seed: sessions first (not reported; too few to mean anything), then
    // the 10k memories, which double as the "create memory" figure at 0 -> 10k.
    let stats = drive(
        &client,
        SEED_SESSIONS,
        concurrency,
        StatusCode::CREATED,
        None,
        {
            let base = base.to_owned();
            move |c, i| {
                c.post(format!("{base}/api/sessions"))
                    .header("x-vault-id", VAULT)
                    .json(&json!({ "name": format!("bench session {i}") }))
            }
        },
    )
    .await;
    stats.report_errors("seed sessions");

    eprintln!("seeding {SEED_MEMORIES} memories into {VAULT} (concurrency {concurrency})...");
    let seed = drive(
        &client,
        SEED_MEMORIES,
        concurrency,
        StatusCode::CREATED,
        Some(PROGRESS_EVERY),
        {
            let base = base.to_owned();
            move |c, i| {
                c.post(format!("{base}/api/memories"))
                    .header("x-vault-id", VAULT)
                    .json(&random_memory(i))
            }
        },
    )
    .await;
    seed.report_errors("seed memories");
    rows.push(seed.row(&format!("create memory (seed 0->10k, {VAULT})")));

    sanity_check(&client, base).await;

    let list_sessions = drive(&client, requests, concurrency, StatusCode::OK, None, {
        let base = base.to_owned();
        move |c, _| {
            c.get(format!("{base}/api/sessions?limit=50"))
                .header("x-vault-id", VAULT)
        }
    })
    .await;
    list_sessions.report_errors("list sessions");
    rows.push(list_sessions.row("list sessions"));

    let create = drive(&client, requests, concurrency, StatusCode::CREATED, None, {
        let base = base.to_owned();
        move |c, i| {
            c.post(format!("{base}/api/memories"))
                .header("x-vault-id", WRITE_VAULT)
                .json(&random_memory(i))
        }
    })
    .await;
    create.report_errors("create memory");
    rows.push(create.row(&format!("create memory ({WRITE_VAULT})")));

    let filter = drive(&client, requests, concurrency, StatusCode::OK, None, {
        let base = base.to_owned();
        move |c, _| {
            c.get(format!(
                "{base}/api/memories?type=semantic&minImportance=0.5&limit=10"
            ))
            .header("x-vault-id", VAULT)
        }
    })
    .await;
    filter.report_errors("list memories (filter)");
    rows.push(filter.row("list memories (filter) @10k"));

    let search = drive(&client, requests, concurrency, StatusCode::OK, None, {
        let base = base.to_owned();
        move |c, _| {
            let word = VOCAB
                .choose(&mut rand::rng())
                .expect("vocabulary is not empty");
            c.get(format!("{base}/api/memories?q={word}&limit=10"))
                .header("x-vault-id", VAULT)
        }
    })
    .await;
    search.report_errors("search memories (q)");
    rows.push(search.row("search memories (q) @10k"));

    // Sandboxed JavaScript: latency alone, throughput across vaults, and a
    // compute-heavy snippet. Fewer requests: each one is a fresh instance.
    let exec_requests = (requests / 4).max(1);
    let exec = |code: &'static str, vaults: usize| {
        let base = base.to_owned();
        move |c: &Client, i: usize| {
            c.post(format!("{base}/api/execute"))
                .header("x-vault-id", format!("exec-vault-{}", i % vaults))
                .json(&serde_json::json!({ "code": code }))
        }
    };
    let trivial = drive(
        &client,
        exec_requests,
        1,
        StatusCode::OK,
        None,
        exec("return 1 + 2;", 1),
    )
    .await;
    trivial.report_errors("execute trivial");
    rows.push(trivial.row("execute `return 1 + 2` (1 client)"));
    let parallel = drive(
        &client,
        exec_requests,
        concurrency.min(16),
        StatusCode::OK,
        None,
        exec("return 1 + 2;", 8),
    )
    .await;
    parallel.report_errors("execute parallel");
    rows.push(parallel.row(&format!(
        "execute trivial, 8 vaults, {} clients",
        concurrency.min(16)
    )));
    let heavy = drive(
        &client,
        20,
        1,
        StatusCode::OK,
        None,
        exec(
            "let s = 0; for (let i = 0; i < 1000000; i++) s += i; return s;",
            1,
        ),
    )
    .await;
    heavy.report_errors("execute heavy");
    rows.push(heavy.row("execute 1e6 additions (1 client)"));

    println!();
    println!(
        "http_load: concurrency={concurrency} requests/scenario={requests} cpus={cpus} \
         seed={SEED_MEMORIES} memories in {VAULT}; measured creates go to {WRITE_VAULT}"
    );
    print_table(&rows);
}

/// Confirms the seed landed and that search has something to find, so the
/// read figures below are measured against the intended data.
async fn sanity_check(client: &Client, base: &str) {
    let total = |v: &Value| v.get("total").and_then(Value::as_u64).unwrap_or(0);
    let all: Value = get_json(client, &format!("{base}/api/memories?limit=1")).await;
    let hits: Value = get_json(
        client,
        &format!("{base}/api/memories?q={}&limit=1", VOCAB[0]),
    )
    .await;
    let filtered: Value = get_json(
        client,
        &format!("{base}/api/memories?type=semantic&minImportance=0.5&limit=1"),
    )
    .await;
    eprintln!(
        "seeded vault {VAULT}: total={} filter(semantic, >=0.5) total={} q={:?} total={}",
        total(&all),
        total(&filtered),
        VOCAB[0],
        total(&hits)
    );
}

async fn get_json(client: &Client, url: &str) -> Value {
    let resp = client
        .get(url)
        .header("x-vault-id", VAULT)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let status = resp.status();
    let body = resp.text().await.unwrap_or_default();
    assert!(status.is_success(), "GET {url}: {status} {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {url}: bad JSON ({e}): {body}"))
}

/// A memory with a random kind, importance and 8–24 vocabulary words.
fn random_memory(i: usize) -> Value {
    let mut rng = rand::rng();
    let words = rng.random_range(8..=24);
    let content = (0..words)
        .map(|_| *VOCAB.choose(&mut rng).expect("vocabulary is not empty"))
        .collect::<Vec<_>>()
        .join(" ");
    json!({
        "type": KINDS.choose(&mut rng).expect("kinds is not empty"),
        "content": content,
        "importance": rng.random::<f64>(),
        "metadata": { "source": "http_load", "seq": i },
    })
}

/// Outcome of one scenario.
struct Stats {
    requests: usize,
    wall: Duration,
    /// Latency of every request, failed ones included (a slow error is still
    /// load the client saw).
    latencies: Vec<Duration>,
    errors: usize,
    /// The first few failures, verbatim.
    samples: Vec<String>,
}

impl Stats {
    fn report_errors(&self, name: &str) {
        if self.errors == 0 {
            return;
        }
        eprintln!(
            "{name}: {} of {} requests failed; first ones:",
            self.errors, self.requests
        );
        for s in &self.samples {
            eprintln!("  {s}");
        }
        // Figures from a scenario where nothing worked would be meaningless.
        assert!(
            self.errors < self.requests,
            "{name}: every request failed; is the server healthy?"
        );
    }

    fn row(&self, name: &str) -> Row {
        let mut sorted = self.latencies.clone();
        sorted.sort_unstable();
        let secs = self.wall.as_secs_f64();
        Row {
            name: name.to_owned(),
            requests: self.requests,
            errors: self.errors,
            wall_s: secs,
            rps: if secs > 0.0 {
                self.requests as f64 / secs
            } else {
                0.0
            },
            p50: percentile(&sorted, 0.50),
            p99: percentile(&sorted, 0.99),
            max: sorted.last().copied().unwrap_or_default(),
        }
    }
}

/// Nearest-rank percentile of an ascending slice.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

struct Row {
    name: String,
    requests: usize,
    errors: usize,
    wall_s: f64,
    rps: f64,
    p50: Duration,
    p99: Duration,
    max: Duration,
}

fn print_table(rows: &[Row]) {
    let width = rows.iter().map(|r| r.name.len()).max().unwrap_or(8).max(8);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{:<width$}  {:>8}  {:>6}  {:>8}  {:>9}  {:>8}  {:>8}  {:>8}",
        "scenario", "requests", "errors", "wall s", "req/s", "p50 ms", "p99 ms", "max ms"
    );
    println!("{}", "-".repeat(width + 72));
    for r in rows {
        println!(
            "{:<width$}  {:>8}  {:>6}  {:>8.2}  {:>9.1}  {:>8.2}  {:>8.2}  {:>8.2}",
            r.name,
            r.requests,
            r.errors,
            r.wall_s,
            r.rps,
            ms(r.p50),
            ms(r.p99),
            ms(r.max)
        );
    }
}

/// Sends `total` requests built by `make` (given the request index) with
/// `concurrency` workers pulling indices from a shared counter, so the
/// number of requests in flight stays constant until the tail.
async fn drive<F>(
    client: &Client,
    total: usize,
    concurrency: usize,
    expected: StatusCode,
    progress: Option<usize>,
    make: F,
) -> Stats
where
    F: Fn(&Client, usize) -> RequestBuilder + Send + Sync + 'static,
{
    let make = Arc::new(make);
    let next = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();

    let workers: Vec<_> = (0..concurrency.min(total).max(1))
        .map(|_| {
            let (client, make, next, done) =
                (client.clone(), make.clone(), next.clone(), done.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0usize;
                let mut samples = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= total {
                        break;
                    }
                    let request = make(&client, i);
                    let t0 = Instant::now();
                    // Latency covers the whole exchange, body included.
                    let outcome = match request.send().await {
                        Ok(resp) => {
                            let status = resp.status();
                            match resp.bytes().await {
                                Ok(_) if status == expected => Ok(()),
                                Ok(body) => Err(format!(
                                    "#{i}: status {status}, expected {expected}: {}",
                                    String::from_utf8_lossy(&body[..body.len().min(300)])
                                )),
                                Err(e) => Err(format!("#{i}: reading body: {e}")),
                            }
                        }
                        Err(e) => Err(format!("#{i}: send: {e}")),
                    };
                    latencies.push(t0.elapsed());
                    if let Err(msg) = outcome {
                        errors += 1;
                        if samples.len() < SHOWN_ERRORS {
                            samples.push(msg);
                        }
                    }
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if let Some(every) = progress {
                        if n % every == 0 {
                            eprintln!("  {n}/{total} ({:.1}s)", started.elapsed().as_secs_f64());
                        }
                    }
                }
                (latencies, errors, samples)
            })
        })
        .collect();

    let mut stats = Stats {
        requests: total,
        wall: Duration::ZERO,
        latencies: Vec::with_capacity(total),
        errors: 0,
        samples: Vec::new(),
    };
    for w in futures_util::future::join_all(workers).await {
        let (latencies, errors, samples) = w.expect("load worker panicked");
        stats.latencies.extend(latencies);
        stats.errors += errors;
        stats.samples.extend(samples);
    }
    stats.wall = started.elapsed();
    stats.samples.truncate(SHOWN_ERRORS);
    stats
}

/// The server process; killed on drop so a panicking bench leaves nothing
/// running. The temp dir (and database) is removed after the kill.
struct Server {
    child: Child,
    base: String,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        let dir = tempfile::tempdir().expect("create temp dir");
        let db = dir.path().join("bench.db");

        let mut cmd = Command::new(env!("CARGO_BIN_EXE_metamorph"));
        // Whatever the caller's shell configures must not leak into the
        // server (a JWT secret would switch off dev mode, a PORT would clash).
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy().into_owned();
            if key.starts_with("EMBLEM_")
                || ["PORT", "HOST", "DATABASE_PATH", "RUST_LOG", "LOG_FORMAT"]
                    .contains(&key.as_str())
            {
                cmd.env_remove(&key);
            }
        }
        cmd.current_dir(dir.path())
            .env("EMBLEM_DEV_MODE", "true")
            .env("PORT", "0")
            .env("HOST", "127.0.0.1")
            .env("DATABASE_PATH", &db)
            // warn: per-request access logs would otherwise be part of what
            // we measure.
            .env("RUST_LOG", "warn")
            .env("LOG_FORMAT", "json")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());

        let mut child = cmd.spawn().expect("spawn metamorph (built by cargo bench)");
        let stdout = child.stdout.take().expect("stdout is piped");

        // Keep reading after the ready line so the pipe never fills and
        // blocks the server; the sender drops at EOF, which unblocks
        // recv_timeout below if the server dies before it is ready.
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix(READY_PREFIX) {
                    let _ = tx.send(url.trim().to_owned());
                }
            }
        });

        // Construct the guard before waiting so a startup failure still kills the child.
        let mut server = Server {
            child,
            base: String::new(),
            _dir: dir,
        };
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(url) => server.base = url,
            Err(_) => {
                let status = server.child.try_wait().ok().flatten();
                panic!("metamorph did not report it was listening (exit status: {status:?})");
            }
        }
        eprintln!("metamorph running at {}", server.base);
        server
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn env_usize(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) => match v.trim().parse::<usize>() {
            Ok(n) if n > 0 => n,
            _ => panic!("{name} must be a positive integer, got {v:?}"),
        },
        Err(_) => default,
    }
}
