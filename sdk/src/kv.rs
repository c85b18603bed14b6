//! A key-value store private to the calling vault *and* plugin
//! (`metamorph:plugin/kv`). Requires the `kv` grant.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::bindings::metamorph::plugin::kv as wit;
use crate::Error;

/// The value under `key`, if any.
pub fn get(key: &str) -> Result<Option<String>, Error> {
    wit::get(key)
}

/// Sets `key` to `value`.
pub fn set(key: &str, value: &str) -> Result<(), Error> {
    wit::set(key, value)
}

/// Removes `key`; `false` if it was absent.
pub fn delete(key: &str) -> Result<bool, Error> {
    wit::delete(key)
}

/// Keys starting with `prefix`, sorted.
pub fn keys(prefix: &str) -> Result<Vec<String>, Error> {
    wit::keys(prefix)
}

/// The value under `key` parsed as JSON into `T`. A stored value that does
/// not parse is an `error::internal`.
pub fn get_json<T: DeserializeOwned>(key: &str) -> Result<Option<T>, Error> {
    match get(key)? {
        None => Ok(None),
        Some(text) => serde_json::from_str(&text).map(Some).map_err(|e| {
            Error::internal(format!("kv value {key:?} is not the expected JSON: {e}"))
        }),
    }
}

/// Sets `key` to `value` serialized as JSON.
pub fn set_json<T: Serialize + ?Sized>(key: &str, value: &T) -> Result<(), Error> {
    let text = serde_json::to_string(value)
        .map_err(|e| Error::internal(format!("cannot serialize kv value {key:?}: {e}")))?;
    set(key, &text)
}
