//! `kv`: a key-value store private to one vault and one plugin.

use wasmtime::component::{HasSelf, Linker};

use crate::plugins::bindings::metamorph::plugin::kv;
use crate::plugins::bindings::types::Error;
use crate::plugins::state::{CallContext, PluginState};

/// Per-instance state: the vault and the plugin namespace.
pub struct KvCap {
    ctx: CallContext,
}

impl KvCap {
    /// Bound to `ctx`'s vault and plugin.
    pub fn new(ctx: CallContext) -> Self {
        Self { ctx }
    }
}

/// Links `metamorph:plugin/kv`.
pub fn add_to_linker(linker: &mut Linker<PluginState>) -> wasmtime::Result<()> {
    kv::add_to_linker::<PluginState, HasSelf<KvCap>>(linker, |s| &mut s.kv)
}

impl kv::Host for KvCap {
    fn get(&mut self, key: String) -> Result<Option<String>, Error> {
        let plugin = self.ctx.plugin.to_string();
        self.ctx
            .with_store(|s| async move { s.kv_get(plugin, key).await })
    }

    fn set(&mut self, key: String, value: String) -> Result<(), Error> {
        let plugin = self.ctx.plugin.to_string();
        self.ctx
            .with_store(|s| async move { s.kv_set(plugin, key, value).await })
    }

    fn delete(&mut self, key: String) -> Result<bool, Error> {
        let plugin = self.ctx.plugin.to_string();
        self.ctx
            .with_store(|s| async move { s.kv_delete(plugin, key).await })
    }

    fn keys(&mut self, prefix: String) -> Result<Vec<String>, Error> {
        let plugin = self.ctx.plugin.to_string();
        self.ctx
            .with_store(|s| async move { s.kv_keys(plugin, prefix).await })
    }
}
