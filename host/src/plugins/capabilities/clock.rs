//! `clock`: wall-clock time. Granting it also un-freezes the WASI clocks.

use wasmtime::component::{HasSelf, Linker};

use crate::plugins::bindings::metamorph::plugin::clock;
use crate::plugins::state::PluginState;

/// Stateless: time is the same for every vault.
pub struct ClockCap;

/// Links `metamorph:plugin/clock`.
pub fn add_to_linker(linker: &mut Linker<PluginState>) -> wasmtime::Result<()> {
    clock::add_to_linker::<PluginState, HasSelf<ClockCap>>(linker, |s| &mut s.clock)
}

impl clock::Host for ClockCap {
    fn now_ms(&mut self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
            .unwrap_or(0)
    }

    fn now_rfc3339(&mut self) -> String {
        crate::time::now()
    }
}
