//! `random`: bytes from the host's CSPRNG.

use rand::RngCore;
use wasmtime::component::{HasSelf, Linker};

use crate::plugins::bindings::metamorph::plugin::random;
use crate::plugins::state::PluginState;

/// Most bytes one call returns.
const MAX_BYTES: u32 = 65_536;

/// Stateless.
pub struct RandomCap;

/// Links `metamorph:plugin/random`.
pub fn add_to_linker(linker: &mut Linker<PluginState>) -> wasmtime::Result<()> {
    random::add_to_linker::<PluginState, HasSelf<RandomCap>>(linker, |s| &mut s.random)
}

impl random::Host for RandomCap {
    fn bytes(&mut self, len: u32) -> Vec<u8> {
        let mut buf = vec![0u8; len.min(MAX_BYTES) as usize];
        rand::rng().fill_bytes(&mut buf);
        buf
    }

    fn next_u64(&mut self) -> u64 {
        rand::rng().next_u64()
    }
}
