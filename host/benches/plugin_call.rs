//! Plugin host benchmark: first-load time with and without the compiled
//! cache, instantiation alone (from `InstancePre`), and one operator call
//! end to end (instantiate, run, host calls into SQLite) on a seeded vault.
//!
//! Run: `cargo bench -p metamorph-host --bench plugin_call`
//! Knobs: `BENCH_ITERS` (calls per figure, default 200),
//! `BENCH_MEMORIES` (vault size, default 200).

use std::sync::Arc;
use std::time::{Duration, Instant};

use metamorph_host::plugins::{PluginEngine, PluginHost};
use metamorph_host::store::{Db, MemoryKind, NewMemory, VaultStore};
use metamorph_host::vault::VaultId;

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// p50, p99 and mean of `samples`, in milliseconds.
fn summary(mut samples: Vec<Duration>) -> (f64, f64, f64) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| ms(samples[((samples.len() as f64 - 1.0) * q).round() as usize]);
    let mean = samples.iter().map(|d| ms(*d)).sum::<f64>() / samples.len() as f64;
    (at(0.5), at(0.99), mean)
}

async fn load(cache: Option<std::path::PathBuf>) -> (Arc<PluginHost>, Duration) {
    let start = Instant::now();
    let engine = PluginEngine::new(cache).expect("engine");
    let rt = tokio::runtime::Handle::current();
    let host = tokio::task::spawn_blocking(move || PluginHost::load(engine, None, rt))
        .await
        .unwrap();
    (Arc::new(host), start.elapsed())
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(run());
}

async fn run() {
    let iters = env_num("BENCH_ITERS", 200);
    let n_memories = env_num("BENCH_MEMORIES", 200);
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("plugin-cache");

    println!(
        "plugin_call: iterations={iters} vault memories={n_memories} cpus={}",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!();
    println!("{:<44} {:>10}", "first load (all bundled plugins)", "ms");
    let (_, none) = load(None).await;
    println!(
        "{:<44} {:>10.1}",
        "no cache (Cranelift compile)",
        none.as_secs_f64() * 1000.0
    );
    let (_, cold) = load(Some(cache.clone())).await;
    println!(
        "{:<44} {:>10.1}",
        "empty cache (compile + write)",
        cold.as_secs_f64() * 1000.0
    );
    let (host, warm) = load(Some(cache.clone())).await;
    println!(
        "{:<44} {:>10.1}",
        "warm cache (deserialize)",
        warm.as_secs_f64() * 1000.0
    );
    for p in host.operators() {
        println!(
            "  {:<42} {:>10.1}  ({:?})",
            p.manifest.name,
            p.load_time.as_secs_f64() * 1000.0,
            p.load_source
        );
    }

    let db = Db::open(&dir.path().join("bench.db"), 4).unwrap();
    db.migrate().await.unwrap();
    let store = VaultStore::for_vault(&db, VaultId::parse("bench-vault").unwrap());
    let words = [
        "garden", "river", "music", "stone", "light", "cloud", "table", "night", "green", "house",
    ];
    for i in 0..n_memories {
        let content = (0..8)
            .map(|j| words[(i * 7 + j * 3) % words.len()])
            .collect::<Vec<_>>()
            .join(" ");
        store
            .create_memory(NewMemory {
                kind: MemoryKind::Semantic,
                content: format!("{content} {i}"),
                importance: 0.5,
                metadata: serde_json::json!({}),
                session_id: None,
            })
            .await
            .unwrap();
    }

    println!();
    println!(
        "{:<44} {:>10} {:>10} {:>10}",
        "per call", "p50 ms", "p99 ms", "mean ms"
    );
    for p in host.operators() {
        let host2 = host.clone();
        let name = p.manifest.name.clone();
        let samples = tokio::task::spawn_blocking(move || {
            let plugin = host2.get(&name).unwrap();
            (0..iters)
                .map(|_| host2.time_instantiation(&plugin).unwrap())
                .collect::<Vec<_>>()
        })
        .await
        .unwrap();
        let (p50, p99, mean) = summary(samples);
        println!(
            "{:<44} {:>10.3} {:>10.3} {:>10.3}",
            format!("instantiate only: {}", p.manifest.name),
            p50,
            p99,
            mean
        );
    }
    // Sandboxed JavaScript in process (no HTTP): a trivial snippet.
    if let Some(js) = host.runtime("js-runtime") {
        use metamorph_host::plugins::bindings::sandbox::ExecuteOptions;
        let mut samples = Vec::with_capacity(iters);
        for _ in 0..iters {
            let opts = ExecuteOptions {
                timeout_ms: 30_000,
                max_output_bytes: 1 << 20,
                max_log_bytes: 1 << 16,
            };
            let start = Instant::now();
            let (r, _) = host
                .execute(
                    js.clone(),
                    store.clone(),
                    "return 1 + 2;".into(),
                    "{}".into(),
                    opts,
                )
                .await
                .unwrap();
            samples.push(start.elapsed());
            assert!(r.success);
        }
        let (p50, p99, mean) = summary(samples);
        println!(
            "{:<44} {:>10.3} {:>10.3} {:>10.3}",
            "execute in process: return 1 + 2", p50, p99, mean
        );
    }
    // Runs that leave the vault as it was, so every iteration does the same work.
    let runs = [
        ("importance-decay", r#"{"dryRun": true}"#),
        ("keyword-tagging", r#"{"topK": 5}"#),
        ("duplicate-consolidation", r#"{"threshold": 0.99}"#),
    ];
    for (name, params) in runs {
        let Some(plugin) = host.get(name) else {
            continue;
        };
        let mut samples = Vec::with_capacity(iters);
        for _ in 0..iters {
            let start = Instant::now();
            host.run_operator(plugin.clone(), store.clone(), params.to_string())
                .await
                .unwrap();
            samples.push(start.elapsed());
        }
        let (p50, p99, mean) = summary(samples);
        println!(
            "{:<44} {:>10.3} {:>10.3} {:>10.3}",
            format!("run end to end: {name} @{n_memories}"),
            p50,
            p99,
            mean
        );
    }
}
