//! Randomness from the host's CSPRNG (`metamorph:plugin/random`). Requires
//! the `random` grant.

use crate::bindings::metamorph::plugin::random as wit;

/// The host serves at most this many bytes per call.
pub const MAX_BYTES_PER_CALL: u32 = 65536;

/// `len` random bytes (any length; fetched in calls of at most
/// [`MAX_BYTES_PER_CALL`]).
pub fn bytes(len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        let want = (len - out.len()).min(MAX_BYTES_PER_CALL as usize) as u32;
        let chunk = wit::bytes(want);
        if chunk.is_empty() {
            break;
        }
        out.extend_from_slice(&chunk);
    }
    out.truncate(len);
    out
}

/// A random 64-bit number.
pub fn next_u64() -> u64 {
    wit::next_u64()
}

/// A uniformly distributed number in `[0, 1)`.
pub fn next_f64() -> f64 {
    (next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A uniformly distributed number in `0..n` (`n` > 0), without modulo bias.
pub fn below(n: u64) -> u64 {
    assert!(n > 0, "random::below(0)");
    let zone = u64::MAX - (u64::MAX - n + 1) % n;
    loop {
        let x = next_u64();
        if x <= zone {
            return x % n;
        }
    }
}
