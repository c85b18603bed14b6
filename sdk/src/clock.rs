//! Wall-clock time from the host (`metamorph:plugin/clock`). Requires the
//! `clock` grant. To parse the memories' RFC 3339 timestamps see
//! [`crate::time`].

use crate::bindings::metamorph::plugin::clock as wit;

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    wit::now_ms()
}

/// The current time as RFC 3339 UTC, e.g. `2026-12-03T16:50:04.957Z`.
pub fn now_rfc3339() -> String {
    wit::now_rfc3339()
}
