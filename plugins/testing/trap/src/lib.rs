//! Test component `test-trap`: `run` executes the wasm `unreachable`
//! instruction, i.e. traps. `describe` works normally.

use metamorph_sdk::{export_operator, Error, Info, Operator, Report};

struct Trap;

impl Operator for Trap {
    type Params = serde_json::Value;

    fn info() -> Info {
        Info::new(
            "test-trap",
            env!("CARGO_PKG_VERSION"),
            "Test component: traps",
        )
    }

    fn run(_params: serde_json::Value) -> Result<Report, Error> {
        #[cfg(target_arch = "wasm32")]
        core::arch::wasm32::unreachable();
        #[cfg(not(target_arch = "wasm32"))]
        panic!("test-trap: deliberate trap");
    }
}

export_operator!(Trap);
