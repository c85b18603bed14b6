//! The calling vault's memories (`metamorph:plugin/memory-store`).
//!
//! Every call acts on the vault whose request instantiated the component;
//! no function takes a vault id. Requires the `memory-store` grant.
//!
//! Metadata crosses the WIT as a serialized JSON object: use
//! [`parse_metadata`] / [`MemoryExt::metadata_map`] to read it and
//! [`metadata_to_string`] (or [`Update::metadata`]) to write it.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::bindings::metamorph::plugin::memory_store as wit;
use crate::{Error, Map, Memory, MemoryFilter, MemoryKind, MemoryUpdate, NewMemory};

/// Page size used by [`list_all`] and [`list_all_matching`].
pub const PAGE_SIZE: u32 = 500;

/// Which memories to list or count. Built with chained setters:
/// `Filter::new().kind(MemoryKind::Semantic).min_importance(0.5).limit(20)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// Only this kind.
    pub kind: Option<MemoryKind>,
    /// Only importance >= this.
    pub min_importance: Option<f64>,
    /// Full-text query: every word must match as a word prefix.
    pub query: Option<String>,
    /// At most this many (the host caps it at 1000). Default 100.
    pub limit: u32,
    /// Skip this many. Default 0.
    pub offset: u64,
}

impl Default for Filter {
    fn default() -> Self {
        Filter::new()
    }
}

impl Filter {
    /// Everything, first 100.
    pub fn new() -> Self {
        Filter {
            kind: None,
            min_importance: None,
            query: None,
            limit: 100,
            offset: 0,
        }
    }

    /// Only memories of `kind`.
    pub fn kind(mut self, kind: MemoryKind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Only memories with importance >= `min`.
    pub fn min_importance(mut self, min: f64) -> Self {
        self.min_importance = Some(min);
        self
    }

    /// Full-text query (every word must match as a prefix).
    pub fn query(mut self, query: impl Into<String>) -> Self {
        self.query = Some(query.into());
        self
    }

    /// At most `limit` memories.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = limit;
        self
    }

    /// Skip the first `offset` memories.
    pub fn offset(mut self, offset: u64) -> Self {
        self.offset = offset;
        self
    }

    /// The WIT record.
    pub fn to_wit(&self) -> MemoryFilter {
        MemoryFilter {
            kind: self.kind,
            min_importance: self.min_importance,
            query: self.query.clone(),
            limit: self.limit,
            offset: self.offset,
        }
    }
}

/// Memories matching `filter`, newest first (one page: `limit`/`offset`).
pub fn list(filter: &Filter) -> Result<Vec<Memory>, Error> {
    wit::list(&filter.to_wit())
}

/// Every memory of the vault, newest first, fetched in pages of
/// [`PAGE_SIZE`].
pub fn list_all() -> Result<Vec<Memory>, Error> {
    list_all_matching(&Filter::new())
}

/// Every memory matching `filter`'s kind, importance and query (its
/// `limit` and `offset` are ignored), fetched in pages of [`PAGE_SIZE`].
/// A memory seen on two pages (rows changed meanwhile) is returned once.
pub fn list_all_matching(filter: &Filter) -> Result<Vec<Memory>, Error> {
    let mut page_filter = filter.to_wit();
    page_filter.limit = PAGE_SIZE;
    page_filter.offset = 0;
    let mut seen = BTreeSet::new();
    let mut all = Vec::new();
    loop {
        let page = wit::list(&page_filter)?;
        let n = page.len();
        for memory in page {
            if seen.insert(memory.id.clone()) {
                all.push(memory);
            }
        }
        if n < PAGE_SIZE as usize {
            return Ok(all);
        }
        page_filter.offset += n as u64;
    }
}

/// How many memories match `filter` (its `limit` and `offset` are ignored).
pub fn count(filter: &Filter) -> Result<u64, Error> {
    wit::count(&filter.to_wit())
}

/// How many memories the vault has.
pub fn count_all() -> Result<u64, Error> {
    count(&Filter::new())
}

/// One memory, or `None` if the vault has no memory with that id.
pub fn get(id: &str) -> Result<Option<Memory>, Error> {
    wit::get(id)
}

/// Creates a memory from the WIT record.
pub fn put(memory: &NewMemory) -> Result<Memory, Error> {
    wit::put(memory)
}

/// Creates a memory.
pub fn create(
    kind: MemoryKind,
    content: impl Into<String>,
    importance: f64,
    metadata: &Map,
) -> Result<Memory, Error> {
    put(&NewMemory {
        kind,
        content: content.into(),
        importance,
        metadata: metadata_to_string(metadata),
    })
}

/// Changes a memory; fields left `None` in `changes` are kept.
pub fn update(id: &str, changes: &Update) -> Result<Memory, Error> {
    wit::update(id, &changes.to_wit())
}

/// Deletes a memory; `false` if it did not exist.
pub fn delete(id: &str) -> Result<bool, Error> {
    wit::delete(id)
}

/// Changes to a memory, built with chained setters:
/// `Update::new().importance(0.4).decay(0.02)`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Update {
    /// New kind.
    pub kind: Option<MemoryKind>,
    /// New text.
    pub content: Option<String>,
    /// New importance in 0..1.
    pub importance: Option<f64>,
    /// New decay rate, >= 0.
    pub decay: Option<f64>,
    /// Replacement metadata (a whole object, not a patch).
    pub metadata: Option<Map>,
}

impl Update {
    /// No changes.
    pub fn new() -> Self {
        Update::default()
    }

    /// Sets the kind.
    pub fn kind(mut self, kind: MemoryKind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Sets the text.
    pub fn content(mut self, content: impl Into<String>) -> Self {
        self.content = Some(content.into());
        self
    }

    /// Sets the importance.
    pub fn importance(mut self, importance: f64) -> Self {
        self.importance = Some(importance);
        self
    }

    /// Sets the decay rate.
    pub fn decay(mut self, decay: f64) -> Self {
        self.decay = Some(decay);
        self
    }

    /// Replaces the metadata with `metadata`.
    pub fn metadata(mut self, metadata: Map) -> Self {
        self.metadata = Some(metadata);
        self
    }

    /// Whether nothing would change.
    pub fn is_empty(&self) -> bool {
        self == &Update::default()
    }

    /// The WIT record (metadata serialized).
    pub fn to_wit(&self) -> MemoryUpdate {
        MemoryUpdate {
            kind: self.kind,
            content: self.content.clone(),
            importance: self.importance,
            decay: self.decay,
            metadata: self.metadata.as_ref().map(metadata_to_string),
        }
    }
}

/// Parses serialized metadata. Anything that is not a JSON object (an empty
/// string, `null`, bad JSON) gives an empty map.
pub fn parse_metadata(metadata: &str) -> Map {
    match serde_json::from_str::<Value>(metadata) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// Serializes metadata for the WIT.
pub fn metadata_to_string(metadata: &Map) -> String {
    // Serializing a map of `Value`s cannot fail.
    serde_json::to_string(metadata).unwrap_or_else(|_| "{}".into())
}

/// Conveniences on [`Memory`].
pub trait MemoryExt {
    /// The metadata as a JSON object (empty if absent or malformed).
    fn metadata_map(&self) -> Map;
    /// `created-at` in milliseconds since the Unix epoch, if it parses.
    fn created_at_ms(&self) -> Option<i64>;
    /// `updated-at` in milliseconds since the Unix epoch, if it parses.
    fn updated_at_ms(&self) -> Option<i64>;
}

impl MemoryExt for Memory {
    fn metadata_map(&self) -> Map {
        parse_metadata(&self.metadata)
    }

    fn created_at_ms(&self) -> Option<i64> {
        crate::time::parse_rfc3339_ms(&self.created_at)
    }

    fn updated_at_ms(&self) -> Option<i64> {
        crate::time::parse_rfc3339_ms(&self.updated_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_round_trip() {
        let m = parse_metadata(r#"{"a": 1, "b": [true]}"#);
        assert_eq!(m.len(), 2);
        assert_eq!(parse_metadata(&metadata_to_string(&m)), m);
        assert!(parse_metadata("").is_empty());
        assert!(parse_metadata("null").is_empty());
        assert!(parse_metadata("[1]").is_empty());
        assert!(parse_metadata("{").is_empty());
    }

    #[test]
    fn builders() {
        let f = Filter::new()
            .kind(MemoryKind::Semantic)
            .min_importance(0.5)
            .query("dog")
            .limit(7)
            .offset(3)
            .to_wit();
        assert_eq!(f.kind, Some(MemoryKind::Semantic));
        assert_eq!(f.min_importance, Some(0.5));
        assert_eq!(f.query.as_deref(), Some("dog"));
        assert_eq!((f.limit, f.offset), (7, 3));

        assert!(Update::new().is_empty());
        let mut meta = Map::new();
        meta.insert("k".into(), Value::from("v"));
        let u = Update::new().importance(0.25).metadata(meta).to_wit();
        assert_eq!(u.importance, Some(0.25));
        assert_eq!(u.metadata.as_deref(), Some(r#"{"k":"v"}"#));
        assert_eq!(u.content, None);
    }
}
