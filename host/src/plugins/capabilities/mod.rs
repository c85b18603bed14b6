//! Capabilities: the host interfaces a component may be granted.
//!
//! Each capability is one module that links its own host functions and holds
//! its per-instance state (the vault and plugin it serves). A component is
//! loaded only if every `metamorph:plugin` interface it imports is granted by
//! its manifest; the linker of a plugin holds only its granted capabilities.

pub mod clock;
pub mod kv;
pub mod log;
pub mod memory_store;
pub mod random;

use serde::Serialize;
use wasmtime::component::{HasSelf, Linker};

use super::bindings::types;
use super::state::PluginState;

/// The WIT package every host interface belongs to.
pub const PACKAGE: &str = "metamorph:plugin";
/// Its version.
pub const PACKAGE_VERSION: &str = "0.1.0";

/// A grantable host interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Capability {
    /// The vault's memories.
    MemoryStore,
    /// Per-vault, per-plugin key-value store.
    Kv,
    /// Structured logging.
    Log,
    /// Wall-clock time (also un-freezes WASI clocks).
    Clock,
    /// Host randomness.
    Random,
}

impl Capability {
    /// Every capability.
    pub const ALL: [Capability; 5] = [
        Capability::MemoryStore,
        Capability::Kv,
        Capability::Log,
        Capability::Clock,
        Capability::Random,
    ];

    /// Name in manifests and WIT.
    pub fn name(self) -> &'static str {
        match self {
            Capability::MemoryStore => "memory-store",
            Capability::Kv => "kv",
            Capability::Log => "log",
            Capability::Clock => "clock",
            Capability::Random => "random",
        }
    }

    /// Parses a manifest name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }

    /// All names, for error messages.
    pub fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|c| c.name()).collect()
    }

    /// The fully qualified interface, e.g. `metamorph:plugin/kv@0.1.0`.
    pub fn interface(self) -> String {
        format!("{PACKAGE}/{}@{PACKAGE_VERSION}", self.name())
    }

    /// Links this capability's host functions.
    pub fn link(self, linker: &mut Linker<PluginState>) -> wasmtime::Result<()> {
        match self {
            Capability::MemoryStore => memory_store::add_to_linker(linker),
            Capability::Kv => kv::add_to_linker(linker),
            Capability::Log => log::add_to_linker(linker),
            Capability::Clock => clock::add_to_linker(linker),
            Capability::Random => random::add_to_linker(linker),
        }
    }
}

impl types::Host for PluginState {}

/// Builds the linker for a plugin: WASI (confined, see `wasi.rs`), the shared
/// types, and exactly the granted capabilities.
pub fn linker_for(
    engine: &wasmtime::Engine,
    grants: &[Capability],
) -> wasmtime::Result<Linker<PluginState>> {
    let mut linker = Linker::new(engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
    types::add_to_linker::<PluginState, HasSelf<PluginState>>(&mut linker, |s| s)?;
    for cap in grants {
        cap.link(&mut linker)?;
    }
    Ok(linker)
}

/// Checks a component's imports against its grants. Returns a message that
/// names the first offending interface.
pub fn check_imports<'a>(
    imports: impl IntoIterator<Item = &'a str>,
    grants: &[Capability],
) -> Result<(), String> {
    let types_iface = format!("{PACKAGE}/types@{PACKAGE_VERSION}");
    for name in imports {
        if name.starts_with("wasi:") || name == types_iface {
            continue;
        }
        match Capability::ALL.into_iter().find(|c| c.interface() == name) {
            Some(cap) if grants.contains(&cap) => {}
            Some(cap) => {
                return Err(format!(
                    "component imports `{name}` but its manifest does not grant `{}` \
                     (add it to [capabilities] grants, or stop using it)",
                    cap.name()
                ))
            }
            None => {
                return Err(format!(
                    "component imports `{name}`, which this host does not provide \
                     (host interfaces: {PACKAGE}/{{{}}}@{PACKAGE_VERSION} and WASI 0.2)",
                    Capability::names().join(",")
                ))
            }
        }
    }
    Ok(())
}

/// Maps a storage error to the WIT error variant.
pub(crate) fn store_error(e: crate::store::StoreError) -> types::Error {
    use crate::store::StoreError;
    match e {
        StoreError::NotFound { kind, id } => types::Error::NotFound(format!("{kind} {id}")),
        StoreError::Limit(m) => types::Error::Denied(m),
        other => {
            tracing::error!(error = %other, "plugin host call failed");
            types::Error::Internal("storage error".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_must_be_granted() {
        let imports = [
            "wasi:io/streams@0.2.0",
            "metamorph:plugin/types@0.1.0",
            "metamorph:plugin/kv@0.1.0",
        ];
        assert!(check_imports(imports, &[Capability::Kv]).is_ok());
        let err = check_imports(imports, &[Capability::Log]).unwrap_err();
        assert!(
            err.contains("metamorph:plugin/kv@0.1.0") && err.contains("`kv`"),
            "{err}"
        );
        let err = check_imports(["acme:evil/net"], &Capability::ALL).unwrap_err();
        assert!(err.contains("acme:evil/net"), "{err}");
    }
}
