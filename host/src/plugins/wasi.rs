//! The WASI context every plugin gets: nothing ambient.
//!
//! No preopened directories, no environment, no arguments, no network, no
//! stdin; stdout/stderr are discarded. Clocks are frozen at the epoch unless
//! the plugin was granted `clock`.

use std::time::Duration;

use wasmtime_wasi::{HostMonotonicClock, HostWallClock, WasiCtx, WasiCtxBuilder};

/// A wall clock stuck at the Unix epoch.
struct FrozenWall;

impl HostWallClock for FrozenWall {
    fn resolution(&self) -> Duration {
        Duration::from_secs(1)
    }
    fn now(&self) -> Duration {
        Duration::ZERO
    }
}

/// A monotonic clock that never advances.
struct FrozenMonotonic;

impl HostMonotonicClock for FrozenMonotonic {
    fn resolution(&self) -> u64 {
        1_000_000_000
    }
    fn now(&self) -> u64 {
        0
    }
}

/// Builds the confined context; `clock` un-freezes the WASI clocks.
pub fn confined_ctx(clock: bool) -> WasiCtx {
    let mut b = WasiCtxBuilder::new();
    b.allow_tcp(false)
        .allow_udp(false)
        .allow_ip_name_lookup(false);
    if !clock {
        b.wall_clock(FrozenWall).monotonic_clock(FrozenMonotonic);
    }
    b.build()
}
