//! The plugin host: loads WIT components (bundled first-party operators and
//! any in `PLUGINS_DIR`), checks them against their manifests, and runs them
//! for one vault at a time under memory, time and fuel limits.

pub mod bindings;
pub mod capabilities;
pub mod engine;
pub mod error;
pub mod manifest;
pub mod state;
pub mod stats;
mod wasi;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;
use tokio::sync::Semaphore;
use wasmtime::{Store, Trap};

use bindings::sandbox::{ExecuteOptions, SandboxRuntime, SandboxRuntimePre};
use bindings::{MemoryOperator, MemoryOperatorPre};
pub use engine::{LoadSource, PluginEngine};
pub use error::PluginError;
use manifest::{Manifest, World};
use state::{CallContext, PluginState};

use crate::store::VaultStore;

/// First-party plugins compiled into the binary by `build.rs`:
/// (directory name, manifest text, component bytes).
mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled_plugins.rs"));
}

/// How long a call waits for a free instance slot before `PLUGIN_BUSY`.
const SLOT_WAIT: Duration = Duration::from_secs(10);

/// A plugin that loaded and is ready to run.
pub struct LoadedPlugin {
    /// Its manifest.
    pub manifest: Manifest,
    /// `bundled` or the manifest path.
    pub origin: String,
    /// What `describe` returned.
    pub info: OperatorInfo,
    /// Compiled now or read from the cache.
    pub load_source: LoadSource,
    /// Load (compile or deserialize) time.
    pub load_time: Duration,
    pre: Pre,
}

/// A pre-linked component of either world.
enum Pre {
    Operator(MemoryOperatorPre<PluginState>),
    Runtime(SandboxRuntimePre<PluginState>),
}

/// What one sandbox execution produced.
#[derive(Debug, Clone)]
pub struct Execution {
    /// Whether the code returned normally.
    pub success: bool,
    /// The returned value as JSON text.
    pub output: Option<String>,
    /// The error message.
    pub error: Option<String>,
    /// Console lines (level, text).
    pub logs: Vec<(String, String)>,
}

/// An operator's self-description.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OperatorInfo {
    /// Name (equals the manifest's).
    pub name: String,
    /// Version.
    pub version: String,
    /// One line.
    pub description: String,
    /// JSON Schema of the params, if given.
    pub params_schema: Option<Value>,
}

/// A plugin that did not load, and why.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rejected {
    /// Where it came from.
    pub origin: String,
    /// Its name, if the manifest got that far.
    pub name: Option<String>,
    /// Why it was refused.
    pub reason: String,
}

/// The outcome of one operator run.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// One line.
    pub summary: String,
    /// 0..1.
    pub effectiveness: f64,
    /// Memories changed.
    pub changed: u32,
    /// Free-form details.
    pub details: Value,
}

/// Loaded plugins plus the engine that runs them.
pub struct PluginHost {
    engine: PluginEngine,
    plugins: BTreeMap<String, Arc<LoadedPlugin>>,
    rejected: Vec<Rejected>,
    rt: tokio::runtime::Handle,
    slots: Arc<Semaphore>,
}

impl std::fmt::Debug for PluginHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PluginHost")
            .field("loaded", &self.plugins.keys().collect::<Vec<_>>())
            .field("rejected", &self.rejected.len())
            .finish()
    }
}

/// A plugin waiting to be loaded.
struct Candidate {
    origin: String,
    manifest: Result<Manifest, String>,
    bytes: Result<Vec<u8>, String>,
}

impl PluginHost {
    /// Loads the bundled plugins and those in `dir`. Broken ones are logged
    /// and listed as rejected; they never stop the server. Must run on a
    /// blocking thread (it calls `describe` on each component).
    pub fn load(engine: PluginEngine, dir: Option<&Path>, rt: tokio::runtime::Handle) -> Self {
        let mut host = PluginHost {
            engine,
            plugins: BTreeMap::new(),
            rejected: Vec::new(),
            rt,
            slots: Arc::new(Semaphore::new(engine::MAX_CONCURRENT_INSTANCES as usize)),
        };
        let mut candidates: Vec<Candidate> = bundled::BUNDLED
            .iter()
            .map(|(dir, manifest, bytes)| Candidate {
                origin: format!("bundled:{dir}"),
                manifest: Manifest::parse(manifest, Path::new(dir)).map_err(|e| e.to_string()),
                bytes: Ok(bytes.to_vec()),
            })
            .collect();
        if let Some(dir) = dir {
            candidates.extend(scan_dir(dir));
        }
        for c in candidates {
            let name = c.manifest.as_ref().ok().map(|m| m.name.clone());
            match host.load_one(c.manifest, c.bytes, &c.origin) {
                Ok(p) => {
                    tracing::info!(
                        plugin = %p.manifest.name,
                        origin = %c.origin,
                        source = ?p.load_source,
                        load_ms = p.load_time.as_secs_f64() * 1000.0,
                        grants = ?p.manifest.capabilities.iter().map(|c| c.name()).collect::<Vec<_>>(),
                        "plugin loaded"
                    );
                    host.plugins.insert(p.manifest.name.clone(), Arc::new(p));
                }
                Err(reason) => {
                    tracing::warn!(origin = %c.origin, plugin = name.as_deref().unwrap_or("-"), %reason, "plugin rejected");
                    host.rejected.push(Rejected {
                        origin: c.origin,
                        name,
                        reason,
                    });
                }
            }
        }
        host
    }

    fn load_one(
        &self,
        manifest: Result<Manifest, String>,
        bytes: Result<Vec<u8>, String>,
        origin: &str,
    ) -> Result<LoadedPlugin, String> {
        let manifest = manifest?;
        if self.plugins.contains_key(&manifest.name) {
            return Err(format!(
                "a plugin named {:?} is already loaded",
                manifest.name
            ));
        }
        let bytes = bytes?;
        let (component, load_source, load_time) = self
            .engine
            .load(&bytes)
            .map_err(|e| format!("not a valid component: {e:#}"))?;
        let engine = self.engine.engine();
        let ty = component.component_type();
        capabilities::check_imports(ty.imports(engine).map(|(n, _)| n), &manifest.capabilities)?;
        let linker = capabilities::linker_for(engine, &manifest.capabilities)
            .map_err(|e| format!("{e:#}"))?;
        let pre = linker
            .instantiate_pre(&component)
            .map_err(|e| format!("cannot link: {e:#}"))?;
        let pre = match manifest.world {
            World::MemoryOperator => Pre::Operator(
                MemoryOperatorPre::new(pre)
                    .map_err(|e| format!("does not implement the memory-operator world: {e:#}"))?,
            ),
            World::SandboxRuntime => Pre::Runtime(
                SandboxRuntimePre::new(pre)
                    .map_err(|e| format!("does not implement the sandbox-runtime world: {e:#}"))?,
            ),
        };
        let mut loaded = LoadedPlugin {
            info: OperatorInfo {
                name: manifest.name.clone(),
                version: manifest.version.clone(),
                description: manifest.description.clone(),
                params_schema: None,
            },
            manifest,
            origin: origin.to_string(),
            load_source,
            load_time,
            pre,
        };
        if matches!(loaded.pre, Pre::Operator(_)) {
            let described = self
                .call_operator(&loaded, None, None, |store, op| op.call_describe(store))
                .map_err(|e| format!("describe() failed: {e}"))?;
            if described.name != loaded.manifest.name {
                return Err(format!(
                    "describe() says its name is {:?} but the manifest says {:?}",
                    described.name, loaded.manifest.name
                ));
            }
            loaded.info.version = described.version;
            loaded.info.description = described.description;
            loaded.info.params_schema = serde_json::from_str(&described.params_schema).ok();
        }
        Ok(loaded)
    }

    /// Every loaded plugin, by name.
    pub fn all(&self) -> impl Iterator<Item = &Arc<LoadedPlugin>> {
        self.plugins.values()
    }

    /// Loaded memory operators, by name.
    pub fn operators(&self) -> impl Iterator<Item = &Arc<LoadedPlugin>> {
        self.plugins
            .values()
            .filter(|p| matches!(p.pre, Pre::Operator(_)))
    }

    /// One loaded memory operator.
    pub fn get(&self, name: &str) -> Option<Arc<LoadedPlugin>> {
        self.plugins
            .get(name)
            .filter(|p| matches!(p.pre, Pre::Operator(_)))
            .cloned()
    }

    /// One loaded sandbox runtime.
    pub fn runtime(&self, name: &str) -> Option<Arc<LoadedPlugin>> {
        self.plugins
            .get(name)
            .filter(|p| matches!(p.pre, Pre::Runtime(_)))
            .cloned()
    }

    /// Plugins that failed to load.
    pub fn rejected(&self) -> &[Rejected] {
        &self.rejected
    }

    /// Runs `plugin` for the vault of `store` off the async reactor.
    /// Returns the report and the wall time of the call.
    pub async fn run_operator(
        self: &Arc<Self>,
        plugin: Arc<LoadedPlugin>,
        store: VaultStore,
        params: String,
    ) -> Result<(Report, Duration), PluginError> {
        self.off_reactor(move |host| {
            let start = Instant::now();
            let out =
                host.call_operator(&plugin, Some(store), None, |s, op| op.call_run(s, &params))?;
            let elapsed = start.elapsed();
            match out {
                Ok(r) => Ok((
                    Report {
                        summary: r.summary,
                        effectiveness: if r.effectiveness.is_finite() {
                            r.effectiveness.clamp(0.0, 1.0)
                        } else {
                            0.0
                        },
                        changed: r.changed,
                        details: serde_json::from_str(&r.details)
                            .unwrap_or(Value::String(r.details)),
                    },
                    elapsed,
                )),
                Err(bindings::types::Error::Invalid(m)) => Err(PluginError::InvalidParams(m)),
                Err(other) => Err(PluginError::Failed(describe_error(&other))),
            }
        })
        .await
    }

    /// Runs sandboxed `code` with the runtime `plugin` for the vault of
    /// `store`, off the async reactor. `timeout` (capped by the manifest)
    /// is the hard deadline. Returns the execution and its wall time.
    pub async fn execute(
        self: &Arc<Self>,
        plugin: Arc<LoadedPlugin>,
        store: VaultStore,
        code: String,
        context: String,
        options: ExecuteOptions,
    ) -> Result<(Execution, Duration), PluginError> {
        let timeout = Duration::from_millis(u64::from(options.timeout_ms));
        self.off_reactor(move |host| {
            let start = Instant::now();
            let r = host.call_runtime(&plugin, Some(store), Some(timeout), |s, rt| {
                rt.call_execute(s, &code, &context, options)
            })?;
            Ok((
                Execution {
                    success: r.success,
                    output: r.output,
                    error: r.error,
                    logs: r.logs.into_iter().map(|l| (l.level, l.message)).collect(),
                },
                start.elapsed(),
            ))
        })
        .await
    }

    /// Runs `f` on a blocking thread once an instance slot is free (waiting
    /// at most `SLOT_WAIT`), inside the caller's tracing span.
    async fn off_reactor<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&PluginHost) -> Result<T, PluginError> + Send + 'static,
    ) -> Result<T, PluginError> {
        let permit = tokio::time::timeout(SLOT_WAIT, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| PluginError::Busy)?
            .map_err(|_| PluginError::Busy)?;
        let host = self.clone();
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let _entered = span.enter();
            f(&host)
        })
        .await
        .map_err(|e| PluginError::Host(format!("plugin call task failed: {e}")))?
    }

    /// Instantiates `plugin` in a fresh store without calling it and returns
    /// how long that took: the per-call fixed cost (for benchmarks).
    pub fn time_instantiation(&self, plugin: &LoadedPlugin) -> Result<Duration, PluginError> {
        let start = Instant::now();
        let mut store = self.new_store(plugin, None, None)?;
        let r = match &plugin.pre {
            Pre::Operator(pre) => pre.instantiate(&mut store).map(|_| ()),
            Pre::Runtime(pre) => pre.instantiate(&mut store).map(|_| ()),
        };
        r.map_err(|e| classify(&e, &store, &plugin.manifest))?;
        Ok(start.elapsed())
    }

    /// A fresh store for one call of `plugin`, with its limits; `timeout`
    /// may shorten (never lengthen) the manifest's deadline.
    fn new_store(
        &self,
        plugin: &LoadedPlugin,
        vault: Option<VaultStore>,
        timeout: Option<Duration>,
    ) -> Result<Store<PluginState>, PluginError> {
        let limits = plugin.manifest.limits;
        let ctx = CallContext::new(
            vault,
            Arc::from(plugin.manifest.name.as_str()),
            self.rt.clone(),
        );
        let state = PluginState::new(ctx, &plugin.manifest.capabilities, limits.memory_bytes);
        let mut store = Store::new(self.engine.engine(), state);
        store.limiter(|s| &mut s.limiter);
        let ms = timeout.map_or(limits.timeout_ms, |t| {
            (t.as_millis() as u64).min(limits.timeout_ms)
        });
        let ticks = ms.div_ceil(engine::EPOCH_TICK.as_millis() as u64) + 1;
        store.set_epoch_deadline(ticks);
        store.epoch_deadline_trap();
        store
            .set_fuel(limits.fuel.unwrap_or(u64::MAX))
            .map_err(|e| PluginError::Host(e.to_string()))?;
        Ok(store)
    }

    /// One call of a memory operator in a fresh store and instance.
    fn call_operator<T>(
        &self,
        plugin: &LoadedPlugin,
        vault: Option<VaultStore>,
        timeout: Option<Duration>,
        f: impl FnOnce(&mut Store<PluginState>, &MemoryOperator) -> wasmtime::Result<T>,
    ) -> Result<T, PluginError> {
        let Pre::Operator(pre) = &plugin.pre else {
            return Err(PluginError::UnknownPlugin(plugin.manifest.name.clone()));
        };
        self.call_with(plugin, vault, timeout, |s| pre.instantiate(s), f)
    }

    /// One call of a sandbox runtime in a fresh store and instance.
    fn call_runtime<T>(
        &self,
        plugin: &LoadedPlugin,
        vault: Option<VaultStore>,
        timeout: Option<Duration>,
        f: impl FnOnce(&mut Store<PluginState>, &SandboxRuntime) -> wasmtime::Result<T>,
    ) -> Result<T, PluginError> {
        let Pre::Runtime(pre) = &plugin.pre else {
            return Err(PluginError::UnknownPlugin(plugin.manifest.name.clone()));
        };
        self.call_with(plugin, vault, timeout, |s| pre.instantiate(s), f)
    }

    /// Fresh store, instantiate, call, and classify any failure.
    fn call_with<I, T>(
        &self,
        plugin: &LoadedPlugin,
        vault: Option<VaultStore>,
        timeout: Option<Duration>,
        instantiate: impl FnOnce(&mut Store<PluginState>) -> wasmtime::Result<I>,
        f: impl FnOnce(&mut Store<PluginState>, &I) -> wasmtime::Result<T>,
    ) -> Result<T, PluginError> {
        let mut store = self.new_store(plugin, vault, timeout)?;
        let result = instantiate(&mut store).and_then(|inst| f(&mut store, &inst));
        result.map_err(|e| classify(&e, &store, &plugin.manifest).with_timeout(timeout))
    }
}

/// Turns a wasmtime error into the typed plugin error.
fn classify(e: &wasmtime::Error, store: &Store<PluginState>, m: &Manifest) -> PluginError {
    if store.data().limiter.hit {
        return PluginError::MemoryLimit(m.limits.memory_bytes >> 20);
    }
    match e.downcast_ref::<Trap>() {
        Some(Trap::Interrupt) => PluginError::Timeout(m.limits.timeout_ms),
        Some(Trap::OutOfFuel) => PluginError::FuelExhausted(m.limits.fuel.unwrap_or(0)),
        Some(trap) => PluginError::Trapped(trap.to_string()),
        None => PluginError::Trapped(format!("{e:#}")),
    }
}

fn describe_error(e: &bindings::types::Error) -> String {
    use bindings::types::Error as E;
    match e {
        E::NotFound(m) => format!("not found: {m}"),
        E::Invalid(m) => format!("invalid: {m}"),
        E::Denied(m) => format!("denied: {m}"),
        E::Internal(m) => format!("internal: {m}"),
    }
}

/// Finds `plugin.toml` files in `dir` and its immediate subdirectories.
fn scan_dir(dir: &Path) -> Vec<Candidate> {
    let mut manifests: Vec<PathBuf> = Vec::new();
    let direct = dir.join("plugin.toml");
    if direct.is_file() {
        manifests.push(direct);
    }
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            let mut subs: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir() && p.join("plugin.toml").is_file())
                .map(|p| p.join("plugin.toml"))
                .collect();
            subs.sort();
            manifests.extend(subs);
        }
        Err(e) => tracing::warn!(dir = %dir.display(), error = %e, "cannot read PLUGINS_DIR"),
    }
    manifests
        .into_iter()
        .map(|path| {
            let origin = path.display().to_string();
            let manifest = Manifest::load(&path).map_err(|e| e.to_string());
            let bytes = match &manifest {
                Ok(m) => {
                    let wasm = path.with_file_name(&m.component);
                    std::fs::read(&wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))
                }
                Err(_) => Err(String::new()),
            };
            Candidate {
                origin,
                manifest,
                bytes,
            }
        })
        .collect()
}
