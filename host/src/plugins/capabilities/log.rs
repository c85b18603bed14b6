//! `log`: plugin log lines into the host's `tracing` output, tagged with
//! vault and plugin, with caps so a plugin cannot flood the log.

use std::sync::Arc;

use wasmtime::component::{HasSelf, Linker};

use crate::plugins::bindings::metamorph::plugin::log;
use crate::plugins::bindings::types::Level;
use crate::plugins::state::PluginState;

/// Longest message kept, in bytes.
const MAX_MESSAGE_BYTES: usize = 4096;
/// Most lines one call may log.
const MAX_LINES: u32 = 1000;

/// Per-instance state: who is logging, and how much so far.
pub struct LogCap {
    plugin: Arc<str>,
    vault: String,
    lines: u32,
}

impl LogCap {
    /// For `plugin` serving `vault`.
    pub fn new(plugin: Arc<str>, vault: String) -> Self {
        Self {
            plugin,
            vault,
            lines: 0,
        }
    }
}

/// Links `metamorph:plugin/log`.
pub fn add_to_linker(linker: &mut Linker<PluginState>) -> wasmtime::Result<()> {
    log::add_to_linker::<PluginState, HasSelf<LogCap>>(linker, |s| &mut s.log)
}

impl log::Host for LogCap {
    fn log(&mut self, level: Level, message: String) {
        self.lines += 1;
        if self.lines > MAX_LINES {
            if self.lines == MAX_LINES + 1 {
                tracing::warn!(target: "metamorph::plugin", plugin = %self.plugin, vault = %self.vault, "log limit reached; further lines dropped");
            }
            return;
        }
        let mut msg = message;
        if msg.len() > MAX_MESSAGE_BYTES {
            let mut cut = MAX_MESSAGE_BYTES;
            while !msg.is_char_boundary(cut) {
                cut -= 1;
            }
            msg.truncate(cut);
            msg.push('…');
        }
        let (p, v) = (&*self.plugin, self.vault.as_str());
        match level {
            Level::Trace => {
                tracing::trace!(target: "metamorph::plugin", plugin = p, vault = v, "{msg}")
            }
            Level::Debug => {
                tracing::debug!(target: "metamorph::plugin", plugin = p, vault = v, "{msg}")
            }
            Level::Info => {
                tracing::info!(target: "metamorph::plugin", plugin = p, vault = v, "{msg}")
            }
            Level::Warn => {
                tracing::warn!(target: "metamorph::plugin", plugin = p, vault = v, "{msg}")
            }
            Level::Error => {
                tracing::error!(target: "metamorph::plugin", plugin = p, vault = v, "{msg}")
            }
        }
    }
}
