//! Test component `test-echo`, for isolation tests. `run`:
//!
//! - reads the kv key `echo:last`, then writes the params (serialized) to
//!   it and reads it back;
//! - counts the vault's memories and lists their ids;
//! - returns `details`:
//!   `{"params", "count", "listed", "ids", "kvPrevious", "kvValue",
//!     "nowMs", "random"}`
//!   where `kvPrevious` is what an earlier run *in the same vault* stored
//!   (`null` if none), `kvValue` is what this run read back, and `ids` are
//!   all the memory ids it can see (at most 1000).

use metamorph_sdk::{
    clock, export_operator, kv, log, memories, random, Error, Info, Operator, Report,
};
use serde_json::{json, Value};

/// Key written and read back.
const KEY: &str = "echo:last";
/// Most ids returned.
const MAX_IDS: usize = 1000;

struct Echo;

impl Operator for Echo {
    type Params = Value;

    fn info() -> Info {
        Info::new(
            "test-echo",
            env!("CARGO_PKG_VERSION"),
            "Test component: echoes params, the vault's memory count and a kv round trip",
        )
    }

    fn run(params: Value) -> Result<Report, Error> {
        let previous = kv::get(KEY)?;
        let text = params.to_string();
        kv::set(KEY, &text)?;
        let value = kv::get(KEY)?;
        let count = memories::count_all()?;
        let all = memories::list_all()?;
        let ids: Vec<&str> = all.iter().take(MAX_IDS).map(|m| m.id.as_str()).collect();
        let now = clock::now_ms();
        let rnd = random::next_u64();
        log::info(&format!("echo: {count} memories"));
        Ok(
            Report::new(format!("echo: {count} memories")).details(json!({
                "params": params,
                "count": count,
                "listed": all.len(),
                "ids": ids,
                "kvPrevious": previous,
                "kvValue": value,
                "nowMs": now,
                "random": rnd.to_string(),
            })),
        )
    }
}

export_operator!(Echo);
