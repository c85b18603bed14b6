//! `memory-store`: the calling vault's memories, and only those.

use serde_json::Value;
use wasmtime::component::{HasSelf, Linker};

use crate::plugins::bindings::metamorph::plugin::memory_store;
use crate::plugins::bindings::types::{
    Error, Memory, MemoryFilter, MemoryKind, MemoryUpdate, NewMemory,
};
use crate::plugins::state::{CallContext, PluginState};
use crate::store::{self, Paging};

/// Most rows one `list` call returns.
pub const MAX_LIST: u32 = 1000;

/// Per-instance state: the vault this instance may touch.
pub struct MemoryStoreCap {
    ctx: CallContext,
}

impl MemoryStoreCap {
    /// Bound to `ctx`'s vault.
    pub fn new(ctx: CallContext) -> Self {
        Self { ctx }
    }
}

/// Links `metamorph:plugin/memory-store`.
pub fn add_to_linker(linker: &mut Linker<PluginState>) -> wasmtime::Result<()> {
    memory_store::add_to_linker::<PluginState, HasSelf<MemoryStoreCap>>(linker, |s| {
        &mut s.memory_store
    })
}

fn kind_in(k: MemoryKind) -> store::MemoryKind {
    match k {
        MemoryKind::Episodic => store::MemoryKind::Episodic,
        MemoryKind::Semantic => store::MemoryKind::Semantic,
        MemoryKind::Identity => store::MemoryKind::Identity,
    }
}

fn kind_out(k: store::MemoryKind) -> MemoryKind {
    match k {
        store::MemoryKind::Episodic => MemoryKind::Episodic,
        store::MemoryKind::Semantic => MemoryKind::Semantic,
        store::MemoryKind::Identity => MemoryKind::Identity,
    }
}

fn to_wit(m: store::Memory) -> Memory {
    Memory {
        id: m.id,
        kind: kind_out(m.kind),
        content: m.content,
        importance: m.importance,
        decay: m.decay,
        metadata: m.metadata.to_string(),
        session_id: m.session_id,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

fn metadata(raw: &str) -> Result<Value, Error> {
    match serde_json::from_str::<Value>(raw) {
        Ok(v @ Value::Object(_)) => Ok(v),
        _ => Err(Error::Invalid("metadata must be a JSON object".into())),
    }
}

fn importance(v: f64) -> Result<f64, Error> {
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(Error::Invalid(format!(
            "importance must be between 0 and 1, got {v}"
        )))
    }
}

fn content(s: String) -> Result<String, Error> {
    if s.trim().is_empty() {
        Err(Error::Invalid("content must not be blank".into()))
    } else {
        Ok(s)
    }
}

fn filter(f: &MemoryFilter) -> Result<store::MemoryFilter, Error> {
    Ok(store::MemoryFilter {
        kind: f.kind.map(kind_in),
        min_importance: f.min_importance.map(importance).transpose()?,
        query: f.query.clone(),
        session_id: None,
    })
}

impl memory_store::Host for MemoryStoreCap {
    fn list(&mut self, f: MemoryFilter) -> Result<Vec<Memory>, Error> {
        let filt = filter(&f)?;
        let paging = Paging {
            limit: f.limit.clamp(1, MAX_LIST),
            offset: i64::try_from(f.offset).unwrap_or(i64::MAX),
        };
        let page = self
            .ctx
            .with_store(|s| async move { s.list_memories(filt, paging).await })?;
        Ok(page.items.into_iter().map(to_wit).collect())
    }

    fn count(&mut self, f: MemoryFilter) -> Result<u64, Error> {
        let filt = filter(&f)?;
        let paging = Paging {
            limit: 1,
            offset: 0,
        };
        let page = self
            .ctx
            .with_store(|s| async move { s.list_memories(filt, paging).await })?;
        Ok(u64::try_from(page.total).unwrap_or(0))
    }

    fn get(&mut self, id: String) -> Result<Option<Memory>, Error> {
        Ok(self
            .ctx
            .with_store(|s| async move { s.get_memory(id).await })?
            .map(to_wit))
    }

    fn put(&mut self, m: NewMemory) -> Result<Memory, Error> {
        let new = store::NewMemory {
            kind: kind_in(m.kind),
            content: content(m.content)?,
            importance: importance(m.importance)?,
            metadata: metadata(&m.metadata)?,
            session_id: None,
        };
        self.ctx
            .with_store(|s| async move { s.create_memory(new).await })
            .map(to_wit)
    }

    fn update(&mut self, id: String, c: MemoryUpdate) -> Result<Memory, Error> {
        if c.decay.is_some_and(|d| !(d >= 0.0 && d.is_finite())) {
            return Err(Error::Invalid("decay must be >= 0".into()));
        }
        let patch = store::MemoryPatch {
            kind: c.kind.map(kind_in),
            content: c.content.map(content).transpose()?,
            importance: c.importance.map(importance).transpose()?,
            decay: c.decay,
            metadata: c.metadata.as_deref().map(metadata).transpose()?,
        };
        let missing = id.clone();
        self.ctx
            .with_store(|s| async move { s.update_memory(id, patch).await })?
            .map(to_wit)
            .ok_or(Error::NotFound(format!("memory {missing}")))
    }

    fn delete(&mut self, id: String) -> Result<bool, Error> {
        self.ctx
            .with_store(|s| async move { s.delete_memory(id).await })
    }
}
