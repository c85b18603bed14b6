//! What a store carries for one call: the vault-bound capability states,
//! a confined WASI context and the memory limiter.

use std::sync::Arc;

use wasmtime::component::ResourceTable;
use wasmtime::ResourceLimiter;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use super::capabilities::{
    clock::ClockCap, kv::KvCap, log::LogCap, memory_store::MemoryStoreCap, random::RandomCap,
    Capability,
};
use super::wasi;
use crate::store::{StoreError, VaultStore};

/// The vault and plugin a call serves; shared by its capabilities.
#[derive(Clone)]
pub struct CallContext {
    /// Storage bound to the calling vault; `None` while a plugin is being
    /// described at load time (no vault yet).
    store: Option<VaultStore>,
    /// The plugin's name.
    pub plugin: Arc<str>,
    /// Runtime used to drive async storage from this blocking call thread.
    rt: tokio::runtime::Handle,
}

impl CallContext {
    /// A context for `plugin`, bound to `store`'s vault if given.
    pub fn new(store: Option<VaultStore>, plugin: Arc<str>, rt: tokio::runtime::Handle) -> Self {
        Self { store, plugin, rt }
    }

    /// The vault's id, or `-` when there is none.
    pub fn vault_label(&self) -> String {
        self.store
            .as_ref()
            .map_or_else(|| "-".into(), |s| s.vault().to_string())
    }

    /// Runs a storage operation for this call's vault.
    pub fn with_store<T, F, Fut>(&self, f: F) -> Result<T, super::bindings::types::Error>
    where
        F: FnOnce(VaultStore) -> Fut,
        Fut: std::future::Future<Output = Result<T, StoreError>>,
    {
        let store = self.store.clone().ok_or_else(|| {
            super::bindings::types::Error::Denied(
                "no vault is bound while a plugin is being described".into(),
            )
        })?;
        // Calls run on blocking threads (never on a runtime worker), so
        // blocking on the runtime here is allowed.
        self.rt
            .block_on(f(store))
            .map_err(super::capabilities::store_error)
    }
}

/// Denies memory growth past the plugin's limit and remembers that it did,
/// so the failure is reported as a memory limit rather than a plain trap.
pub struct CallLimiter {
    memory_bytes: usize,
    /// Set once a growth was refused.
    pub hit: bool,
}

/// Most table elements one instance may have.
const MAX_TABLE_ELEMENTS: usize = 100_000;

impl ResourceLimiter for CallLimiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _max: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.memory_bytes {
            self.hit = true;
            return Err(wasmtime::Error::msg(format!(
                "memory limit of {} MiB exceeded",
                self.memory_bytes >> 20
            )));
        }
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _max: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }
}

/// Store data of one plugin call.
pub struct PluginState {
    wasi: WasiCtx,
    table: ResourceTable,
    /// Memory limiter for this call.
    pub limiter: CallLimiter,
    /// `memory-store` state.
    pub memory_store: MemoryStoreCap,
    /// `kv` state.
    pub kv: KvCap,
    /// `log` state.
    pub log: LogCap,
    /// `clock` state.
    pub clock: ClockCap,
    /// `random` state.
    pub random: RandomCap,
}

impl PluginState {
    /// State for one call of a plugin with `grants`, bound to `ctx`'s vault.
    pub fn new(ctx: CallContext, grants: &[Capability], memory_bytes: u64) -> Self {
        let vault = ctx.vault_label();
        Self {
            wasi: wasi::confined_ctx(grants.contains(&Capability::Clock)),
            table: ResourceTable::new(),
            limiter: CallLimiter {
                memory_bytes: usize::try_from(memory_bytes).unwrap_or(usize::MAX),
                hit: false,
            },
            memory_store: MemoryStoreCap::new(ctx.clone()),
            kv: KvCap::new(ctx.clone()),
            log: LogCap::new(ctx.plugin.clone(), vault),
            clock: ClockCap,
            random: RandomCap,
        }
    }
}

impl WasiView for PluginState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}
