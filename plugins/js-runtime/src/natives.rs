//! Native (Rust) functions handed to the JavaScript shims.
//!
//! They are collected in one object (`native`) that is passed to the
//! bootstrap script and to each module's wrapper function; it is never put
//! on the global object.

use std::cell::RefCell;

use boa_engine::object::builtins::{JsArray, JsUint8Array};
use boa_engine::object::ObjectInitializer;
use boa_engine::{
    js_string, Context, JsArgs, JsNativeError, JsObject, JsResult, JsString, JsValue,
    NativeFunction, Source,
};
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};

use crate::metamorph::plugin::{kv, random, types};
use crate::LogEntry;

/// Prefix of the kv keys behind `__vaultData__`.
pub const VAULT_PREFIX: &str = "vd:";

/// Most bytes the host's `random.bytes` hands out per call.
const RANDOM_CHUNK: u32 = 65536;

/// The message appended once console output is cut.
pub const TRUNCATED_MESSAGE: &str = "log output truncated";

/// Console output collected during one execution.
#[derive(Default)]
pub struct Logs {
    /// Entries, in order.
    pub entries: Vec<LogEntry>,
    /// Bytes of the messages kept so far.
    bytes: usize,
    /// Largest total, `None` for no limit.
    max: Option<usize>,
    /// Set once output was cut.
    truncated: bool,
}

thread_local! {
    static LOGS: RefCell<Logs> = RefCell::new(Logs::default());
}

/// Starts a new execution's log with the given byte budget (`None`: none).
pub fn reset_logs(max: Option<usize>) {
    LOGS.with(|l| {
        *l.borrow_mut() = Logs {
            max,
            ..Logs::default()
        }
    });
}

/// Takes the collected log entries.
pub fn take_logs() -> Vec<LogEntry> {
    LOGS.with(|l| std::mem::take(&mut l.borrow_mut().entries))
}

/// Records one console line, honouring the byte budget.
fn push_log(level: &str, message: String) {
    LOGS.with(|l| {
        let mut logs = l.borrow_mut();
        if logs.truncated {
            return;
        }
        let total = logs.bytes + message.len();
        if logs.max.is_some_and(|max| total > max) {
            logs.truncated = true;
            logs.entries.push(LogEntry {
                level: "warn".to_string(),
                message: TRUNCATED_MESSAGE.to_string(),
            });
            return;
        }
        logs.bytes = total;
        logs.entries.push(LogEntry {
            level: level.to_string(),
            message,
        });
    });
}

/// The argument at `index` as a Rust string (`ToString`, lossy for lone
/// surrogates).
fn arg_string(args: &[JsValue], index: usize, context: &mut Context) -> JsResult<String> {
    Ok(args
        .get_or_undefined(index)
        .to_string(context)?
        .to_std_string_lossy())
}

/// The bytes of the `Uint8Array` (or `Buffer`) at `index`.
fn arg_bytes(args: &[JsValue], index: usize, context: &mut Context) -> JsResult<Vec<u8>> {
    let object = args
        .get_or_undefined(index)
        .as_object()
        .ok_or_else(|| JsNativeError::typ().with_message("expected a Uint8Array"))?;
    JsUint8Array::from_object(object)?.to_vec(context)
}

/// A new `Uint8Array` holding `bytes`.
fn new_bytes(bytes: Vec<u8>, context: &mut Context) -> JsResult<JsValue> {
    Ok(JsUint8Array::from_iter(bytes, context)?.into())
}

/// A JavaScript `Error` for a failed host call.
fn host_error(what: &str, error: types::Error) -> boa_engine::JsError {
    let detail = match error {
        types::Error::NotFound(m) => format!("not found: {m}"),
        types::Error::Invalid(m) => format!("invalid: {m}"),
        types::Error::Denied(m) => format!("denied: {m}"),
        types::Error::Internal(m) => format!("internal error: {m}"),
    };
    JsNativeError::error()
        .with_message(format!("{what} failed: {detail}"))
        .into()
}

/// `native.log(level, message)`.
fn log(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let level = arg_string(args, 0, context)?;
    let level = match level.as_str() {
        "info" | "warn" | "error" | "debug" => level,
        _ => "log".to_string(),
    };
    let message = arg_string(args, 1, context)?;
    push_log(&level, message);
    Ok(JsValue::undefined())
}

/// `native.kvGet(key)`: the stored string, or `undefined`.
fn kv_get(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let key = format!("{VAULT_PREFIX}{}", arg_string(args, 0, context)?);
    match kv::get(&key) {
        Ok(Some(value)) => Ok(JsString::from(value).into()),
        Ok(None) => Ok(JsValue::undefined()),
        Err(e) => Err(host_error("__vaultData__.get", e)),
    }
}

/// `native.kvSet(key, string)`.
fn kv_set(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let key = format!("{VAULT_PREFIX}{}", arg_string(args, 0, context)?);
    let value = arg_string(args, 1, context)?;
    kv::set(&key, &value).map_err(|e| host_error("__vaultData__.set", e))?;
    Ok(JsValue::undefined())
}

/// `native.kvDelete(key)`: whether the key existed.
fn kv_delete(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let key = format!("{VAULT_PREFIX}{}", arg_string(args, 0, context)?);
    let existed = kv::delete(&key).map_err(|e| host_error("__vaultData__.delete", e))?;
    Ok(existed.into())
}

/// `native.kvKeys()`: the keys (without prefix), sorted.
fn kv_keys(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let keys = kv::keys(VAULT_PREFIX).map_err(|e| host_error("__vaultData__.keys", e))?;
    let values = keys.into_iter().map(|k| {
        let k = k.strip_prefix(VAULT_PREFIX).unwrap_or(&k);
        JsValue::from(JsString::from(k))
    });
    Ok(JsArray::from_iter(values, context).into())
}

/// `len` random bytes from the host (several calls if needed).
pub fn random_bytes(len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        let want = (len - out.len()).min(RANDOM_CHUNK as usize) as u32;
        let chunk = random::bytes(want);
        if chunk.is_empty() {
            break;
        }
        out.extend_from_slice(&chunk);
    }
    out.truncate(len);
    out
}

/// `native.randomBytes(n)`: a `Uint8Array` of `n` random bytes.
fn random_bytes_fn(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let n = args.get_or_undefined(0).to_number(context)?;
    if !(0.0..=(1u64 << 31) as f64).contains(&n) || n.fract() != 0.0 {
        return Err(JsNativeError::range()
            .with_message(format!("invalid number of random bytes: {n}"))
            .into());
    }
    new_bytes(random_bytes(n as usize), context)
}

/// `native.hash(algorithm, bytes)`: the digest as a `Uint8Array`.
fn hash(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let algorithm = arg_string(args, 0, context)?.to_ascii_lowercase();
    let data = arg_bytes(args, 1, context)?;
    let digest = match algorithm.as_str() {
        "sha256" | "sha-256" => Sha256::digest(&data).to_vec(),
        "sha1" | "sha-1" => Sha1::digest(&data).to_vec(),
        "md5" => Md5::digest(&data).to_vec(),
        "sha224" | "sha-224" => Sha224::digest(&data).to_vec(),
        "sha384" | "sha-384" => Sha384::digest(&data).to_vec(),
        "sha512" | "sha-512" => Sha512::digest(&data).to_vec(),
        _ => {
            return Err(JsNativeError::error()
                .with_message("Digest method not supported")
                .into())
        }
    };
    new_bytes(digest, context)
}

/// `native.encode(string, encoding)`: the string's bytes as a `Uint8Array`.
fn encode(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let text = args.get_or_undefined(0).to_string(context)?;
    let encoding = arg_string(args, 1, context)?;
    let bytes = crate::codec::encode(&text, &encoding)
        .ok_or_else(|| JsNativeError::typ().with_message(format!("Unknown encoding: {encoding}")))?;
    new_bytes(bytes, context)
}

/// `native.decode(bytes, encoding)`: the bytes as a string.
fn decode(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let bytes = arg_bytes(args, 0, context)?;
    let encoding = arg_string(args, 1, context)?;
    let text = crate::codec::decode(&bytes, &encoding)
        .ok_or_else(|| JsNativeError::typ().with_message(format!("Unknown encoding: {encoding}")))?;
    Ok(text.into())
}

/// `native.promiseState(p)`: `["pending"]`, `["fulfilled", v]`,
/// `["rejected", e]`, or `undefined` if `p` is not a promise.
fn promise_state(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    use boa_engine::builtins::promise::PromiseState;
    let Some(promise) = args.get_or_undefined(0).as_promise() else {
        return Ok(JsValue::undefined());
    };
    let items: Vec<JsValue> = match promise.state() {
        PromiseState::Pending => vec![js_string!("pending").into()],
        PromiseState::Fulfilled(v) => vec![js_string!("fulfilled").into(), v],
        PromiseState::Rejected(v) => vec![js_string!("rejected").into(), v],
    };
    Ok(JsArray::from_iter(items, context).into())
}

/// `native.load(name)`: compiles the shim module `name` and returns its
/// wrapper function `(module, exports, require, native) => {...}`.
fn load(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let name = arg_string(args, 0, context)?;
    let source = crate::engine::module_source(&name).ok_or_else(|| {
        JsNativeError::error().with_message(format!("Module '{name}' is not allowed in sandbox."))
    })?;
    context.eval(Source::from_bytes(source))
}

/// Builds the `native` object.
pub fn native_object(context: &mut Context) -> JsObject {
    type Native = fn(&JsValue, &[JsValue], &mut Context) -> JsResult<JsValue>;
    let functions: [(&str, Native, usize); 12] = [
        ("log", log, 2),
        ("kvGet", kv_get, 1),
        ("kvSet", kv_set, 2),
        ("kvDelete", kv_delete, 1),
        ("kvKeys", kv_keys, 0),
        ("randomBytes", random_bytes_fn, 1),
        ("hash", hash, 2),
        ("encode", encode, 2),
        ("decode", decode, 2),
        ("promiseState", promise_state, 1),
        ("load", load, 1),
        ("nowMs", now_ms, 0),
    ];
    let mut init = ObjectInitializer::new(context);
    for (name, f, len) in functions {
        init.function(NativeFunction::from_fn_ptr(f), JsString::from(name), len);
    }
    init.build()
}

/// `native.nowMs()`: the host's wall clock, in milliseconds.
fn now_ms(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(JsValue::from(crate::metamorph::plugin::clock::now_ms() as f64))
}
