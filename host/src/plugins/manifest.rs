//! `plugin.toml`: what a component is, what it may touch, and its limits.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::capabilities::Capability;

/// Default per-call memory limit.
pub const DEFAULT_MEMORY_MB: u64 = 128;
/// Default per-call deadline.
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;
/// Largest memory limit a manifest may ask for.
pub const MAX_MEMORY_MB: u64 = 1024;
/// Largest deadline a manifest may ask for.
pub const MAX_TIMEOUT_MS: u64 = 10 * 60 * 1000;

/// Which WIT world a component implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum World {
    /// Reads and reworks a vault's memories.
    MemoryOperator,
    /// Runs user code.
    SandboxRuntime,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawManifest {
    name: String,
    version: String,
    world: World,
    description: String,
    component: String,
    #[serde(default)]
    capabilities: RawCapabilities,
    #[serde(default)]
    limits: RawLimits,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCapabilities {
    #[serde(default)]
    grants: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLimits {
    memory_mb: Option<u64>,
    timeout_ms: Option<u64>,
    fuel: Option<u64>,
}

/// Per-call limits of a plugin.
#[derive(Debug, Clone, Copy, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    /// Linear memory cap in bytes.
    pub memory_bytes: u64,
    /// Wall-clock deadline in milliseconds.
    pub timeout_ms: u64,
    /// Instruction budget, if any.
    pub fuel: Option<u64>,
}

/// A validated manifest.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    /// Unique name, `[a-z0-9-]`.
    pub name: String,
    /// Version string.
    pub version: String,
    /// The world it implements.
    pub world: World,
    /// One line for people.
    pub description: String,
    /// Component file name, beside the manifest.
    #[serde(skip)]
    pub component: String,
    /// Granted capabilities.
    pub capabilities: Vec<Capability>,
    /// Per-call limits.
    pub limits: Limits,
}

/// Why a manifest was rejected.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// Could not read the file.
    #[error("cannot read {0}: {1}")]
    Read(PathBuf, std::io::Error),
    /// Not valid TOML or wrong fields.
    #[error("invalid manifest {0}: {1}")]
    Parse(PathBuf, String),
    /// A field's value is out of range.
    #[error("invalid manifest {0}: {1}")]
    Invalid(PathBuf, String),
}

/// Whether `name` is a valid plugin name.
pub fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
}

impl Manifest {
    /// Reads and validates a manifest file.
    pub fn load(path: &Path) -> Result<Self, ManifestError> {
        let text =
            std::fs::read_to_string(path).map_err(|e| ManifestError::Read(path.into(), e))?;
        Self::parse(&text, path)
    }

    /// Parses manifest text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &Path) -> Result<Self, ManifestError> {
        let raw: RawManifest = toml::from_str(text)
            .map_err(|e| ManifestError::Parse(origin.into(), e.message().to_string()))?;
        let invalid = |m: String| ManifestError::Invalid(origin.into(), m);
        if !valid_name(&raw.name) {
            return Err(invalid(format!(
                "name {:?} must be 1-64 chars of a-z, 0-9 and -",
                raw.name
            )));
        }
        if raw.component.contains('/')
            || raw.component.contains("..")
            || !raw.component.ends_with(".wasm")
        {
            return Err(invalid(format!(
                "component {:?} must be a .wasm file name beside the manifest",
                raw.component
            )));
        }
        let mut capabilities = Vec::new();
        for g in &raw.capabilities.grants {
            let cap = Capability::parse(g).ok_or_else(|| {
                invalid(format!(
                    "unknown capability {g:?}; known: {}",
                    Capability::names().join(", ")
                ))
            })?;
            if !capabilities.contains(&cap) {
                capabilities.push(cap);
            }
        }
        let memory_mb = raw.limits.memory_mb.unwrap_or(DEFAULT_MEMORY_MB);
        if !(1..=MAX_MEMORY_MB).contains(&memory_mb) {
            return Err(invalid(format!(
                "limits.memory-mb must be 1-{MAX_MEMORY_MB}"
            )));
        }
        let timeout_ms = raw.limits.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS);
        if !(1..=MAX_TIMEOUT_MS).contains(&timeout_ms) {
            return Err(invalid(format!(
                "limits.timeout-ms must be 1-{MAX_TIMEOUT_MS}"
            )));
        }
        if raw.limits.fuel == Some(0) {
            return Err(invalid("limits.fuel must be positive".into()));
        }
        Ok(Manifest {
            name: raw.name,
            version: raw.version,
            world: raw.world,
            description: raw.description,
            component: raw.component,
            capabilities,
            limits: Limits {
                memory_bytes: memory_mb * 1024 * 1024,
                timeout_ms,
                fuel: raw.limits.fuel,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
name = "importance-decay"
version = "0.1.0"
world = "memory-operator"
description = "decay"
component = "importance_decay.wasm"
[capabilities]
grants = ["memory-store", "log", "log"]
[limits]
memory-mb = 64
fuel = 1000
"#;

    #[test]
    fn parses_and_defaults() {
        let m = Manifest::parse(GOOD, Path::new("x")).unwrap();
        assert_eq!(
            m.capabilities,
            vec![Capability::MemoryStore, Capability::Log]
        );
        assert_eq!(m.limits.memory_bytes, 64 << 20);
        assert_eq!(m.limits.timeout_ms, DEFAULT_TIMEOUT_MS);
        assert_eq!(m.limits.fuel, Some(1000));
    }

    #[test]
    fn rejects_bad_fields() {
        for (from, to) in [
            ("\"memory-store\", \"log\", \"log\"", "\"network\""),
            ("importance-decay\"", "Bad Name\""),
            ("importance_decay.wasm", "../x.wasm"),
            ("memory-mb = 64", "memory-mb = 0"),
            ("world = \"memory-operator\"", "world = \"other\""),
            ("fuel = 1000", "fuel = 1000\nextra = 1"),
        ] {
            let text = GOOD.replace(from, to);
            assert!(Manifest::parse(&text, Path::new("x")).is_err(), "{to}");
        }
    }

    #[test]
    fn names() {
        assert!(valid_name("a-1"));
        assert!(!valid_name("-a") && !valid_name("A") && !valid_name("") && !valid_name("a_b"));
    }
}
