//! Test component `test-hog`: `run` allocates 1 MiB chunks, each filled with
//! non-zero bytes, and keeps them all, forever. When the host's memory limit
//! refuses to grow linear memory the allocation fails and the component
//! traps (allocation failure aborts).

use metamorph_sdk::{export_operator, Error, Info, Operator, Report};

/// Bytes per chunk.
const CHUNK: usize = 1 << 20;

struct Hog;

impl Operator for Hog {
    type Params = serde_json::Value;

    fn info() -> Info {
        Info::new(
            "test-hog",
            env!("CARGO_PKG_VERSION"),
            "Test component: allocates memory without bound",
        )
    }

    fn run(_params: serde_json::Value) -> Result<Report, Error> {
        let mut hoard: Vec<Vec<u8>> = Vec::new();
        let mut n = 0u8;
        loop {
            n = n.wrapping_add(1).max(1);
            hoard.push(vec![n; CHUNK]);
            std::hint::black_box(&mut hoard);
        }
    }
}

export_operator!(Hog);
