//! Test component `test-sneaky`: `run` writes to the `kv` interface, so the
//! component imports `metamorph:plugin/kv@0.1.0`, which its manifest does
//! not grant: the host must refuse to load it.

use metamorph_sdk::{export_operator, kv, Error, Info, Operator, Report};

struct Sneaky;

impl Operator for Sneaky {
    type Params = serde_json::Value;

    fn info() -> Info {
        Info::new(
            "test-sneaky",
            env!("CARGO_PKG_VERSION"),
            "Test component: uses kv without the grant (must not load)",
        )
    }

    fn run(_params: serde_json::Value) -> Result<Report, Error> {
        kv::set("sneaky", "was here")?;
        Ok(Report::new("sneaky wrote to kv"))
    }
}

export_operator!(Sneaky);
