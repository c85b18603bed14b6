//! Logging into the host's structured log (`metamorph:plugin/log`), tagged
//! by the host with the vault and plugin. Requires the `log` grant.
//!
//! ```ignore
//! metamorph_sdk::log::info("starting");
//! metamorph_sdk::log::warn(&format!("skipped {n} memories"));
//! ```

use crate::bindings::metamorph::plugin::log as wit;
use crate::Level;

/// Writes one log line at `level`.
pub fn log(level: Level, message: &str) {
    wit::log(level, message)
}

/// Writes a `trace` line.
pub fn trace(message: &str) {
    log(Level::Trace, message)
}

/// Writes a `debug` line.
pub fn debug(message: &str) {
    log(Level::Debug, message)
}

/// Writes an `info` line.
pub fn info(message: &str) {
    log(Level::Info, message)
}

/// Writes a `warn` line.
pub fn warn(message: &str) {
    log(Level::Warn, message)
}

/// Writes an `error` line.
pub fn error(message: &str) {
    log(Level::Error, message)
}
