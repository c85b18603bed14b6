//! Test component `test-spin`: `run` loops forever, so the host's deadline
//! (epoch interruption) or fuel budget must end it.

use metamorph_sdk::{export_operator, Error, Info, Operator, Report};

struct Spin;

impl Operator for Spin {
    type Params = serde_json::Value;

    fn info() -> Info {
        Info::new(
            "test-spin",
            env!("CARGO_PKG_VERSION"),
            "Test component: loops forever",
        )
    }

    fn run(_params: serde_json::Value) -> Result<Report, Error> {
        let mut counter = 0u64;
        loop {
            // black_box hides the loop's (lack of) effects from the optimiser.
            counter = std::hint::black_box(counter.wrapping_add(1));
        }
    }
}

export_operator!(Spin);
