//! The one wasmtime engine: pooling allocator, copy-on-write memory images,
//! epoch interruption and fuel, plus an on-disk cache of compiled components.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use wasmtime::component::Component;
use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

use super::manifest::MAX_MEMORY_MB;

/// How often the epoch advances; deadlines are counted in these ticks.
pub const EPOCH_TICK: Duration = Duration::from_millis(10);

/// Instances that may exist at once (concurrent calls across all vaults).
pub const MAX_CONCURRENT_INSTANCES: u32 = 64;

/// Where a component came from on load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LoadSource {
    /// Compiled with Cranelift now (and written to the cache).
    Compiled,
    /// Read from the compiled-artifact cache.
    Cache,
}

/// The shared engine.
#[derive(Clone)]
pub struct PluginEngine {
    engine: Engine,
    cache_dir: Option<PathBuf>,
}

impl std::fmt::Debug for PluginEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PluginEngine")
            .field("cache_dir", &self.cache_dir)
            .finish()
    }
}

impl PluginEngine {
    /// Builds the engine and starts the epoch ticker. `cache_dir` = `None`
    /// disables the compiled-artifact cache.
    pub fn new(cache_dir: Option<PathBuf>) -> wasmtime::Result<Self> {
        let mut pool = PoolingAllocationConfig::default();
        // Each Rust component is a handful of core instances with one or two
        // memories and tables; size the pool for that many concurrent calls.
        pool.total_component_instances(MAX_CONCURRENT_INSTANCES)
            .total_core_instances(MAX_CONCURRENT_INSTANCES * 8)
            .total_memories(MAX_CONCURRENT_INSTANCES * 4)
            .total_tables(MAX_CONCURRENT_INSTANCES * 8)
            .max_memory_size(usize::try_from(MAX_MEMORY_MB << 20).unwrap_or(usize::MAX));

        let mut config = Config::new();
        config
            .wasm_component_model(true)
            .epoch_interruption(true)
            .consume_fuel(true)
            .memory_init_cow(true)
            .allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
        let engine = Engine::new(&config)?;

        let ticker = engine.weak();
        std::thread::Builder::new()
            .name("wasm-epoch".into())
            .spawn(move || loop {
                std::thread::sleep(EPOCH_TICK);
                match ticker.upgrade() {
                    Some(e) => e.increment_epoch(),
                    None => break,
                }
            })
            .map_err(|e| wasmtime::Error::msg(format!("cannot start epoch thread: {e}")))?;

        if let Some(dir) = &cache_dir {
            if let Err(e) = std::fs::create_dir_all(dir) {
                tracing::warn!(dir = %dir.display(), error = %e, "compiled-plugin cache disabled");
                return Ok(Self {
                    engine,
                    cache_dir: None,
                });
            }
        }
        Ok(Self { engine, cache_dir })
    }

    /// The wasmtime engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    fn cache_path(&self, bytes: &[u8]) -> Option<PathBuf> {
        let dir = self.cache_dir.as_ref()?;
        let mut h = DefaultHasher::new();
        self.engine.precompile_compatibility_hash().hash(&mut h);
        let digest = Sha256::new()
            .chain_update(bytes)
            .chain_update(h.finish().to_le_bytes())
            .finalize();
        Some(dir.join(format!("{}.cwasm", hex::encode(&digest[..16]))))
    }

    /// Compiles `bytes`, or loads the compiled artifact from the cache.
    pub fn load(&self, bytes: &[u8]) -> wasmtime::Result<(Component, LoadSource, Duration)> {
        let start = Instant::now();
        let path = self.cache_path(bytes);
        if let Some(p) = path.as_deref().filter(|p| p.exists()) {
            // SAFETY: the file was written by `Component::serialize` of this
            // engine configuration (the name includes the engine's
            // compatibility hash) into the server's own cache directory.
            match unsafe { Component::deserialize_file(&self.engine, p) } {
                Ok(c) => return Ok((c, LoadSource::Cache, start.elapsed())),
                Err(e) => {
                    tracing::warn!(path = %p.display(), error = %e, "stale compiled plugin; recompiling")
                }
            }
        }
        let component = Component::new(&self.engine, bytes)?;
        if let Some(p) = path {
            write_cache(&p, &component);
        }
        Ok((component, LoadSource::Compiled, start.elapsed()))
    }
}

/// Writes a compiled component atomically (temp file + rename).
fn write_cache(path: &Path, component: &Component) {
    let result = component
        .serialize()
        .map_err(|e| e.to_string())
        .and_then(|bytes| {
            let tmp = path.with_extension(format!("tmp{}", std::process::id()));
            std::fs::write(&tmp, bytes)
                .and_then(|_| std::fs::rename(&tmp, path))
                .map_err(|e| e.to_string())
        });
    if let Err(e) = result {
        tracing::warn!(path = %path.display(), error = %e, "could not cache compiled plugin");
    }
}
