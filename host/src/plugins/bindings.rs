//! Host-side bindings generated from `wit/` (package `metamorph:plugin`).

wasmtime::component::bindgen!({
    path: "../wit",
    world: "memory-operator",
});

pub use metamorph::plugin::types;
