//! Host-side bindings generated from `wit/` (package `metamorph:plugin`).
//! The two worlds share their interfaces: the sandbox world reuses the
//! operator world's generated modules, so one capability implementation
//! serves both.

wasmtime::component::bindgen!({
    path: "../wit",
    world: "memory-operator",
});

pub use metamorph::plugin::types;

/// Bindings of the `sandbox-runtime` world.
pub mod sandbox {
    wasmtime::component::bindgen!({
        path: "../wit",
        world: "sandbox-runtime",
        with: {
            "metamorph:plugin/types": super::metamorph::plugin::types,
            "metamorph:plugin/kv": super::metamorph::plugin::kv,
            "metamorph:plugin/log": super::metamorph::plugin::log,
            "metamorph:plugin/clock": super::metamorph::plugin::clock,
            "metamorph:plugin/random": super::metamorph::plugin::random,
        },
    });
}
