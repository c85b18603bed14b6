//! `js-runtime`: a JavaScript runtime (the Boa engine) implementing the
//! `sandbox-runtime` world.
//!
//! `execute(code, context, options)` runs `code` as the body of a function
//! whose parameters are the keys of the JSON object `context`, and returns
//! the function's result serialized as JSON, or the error it threw, plus
//! what it wrote to `console`.
//!
//! The sandbox offers, besides the ECMAScript built-ins:
//! - `console.log/info/warn/error/debug` (captured, Node-like formatting);
//! - `require(name)` for the shims `path`, `url`, `querystring`, `util`,
//!   `events`, `buffer` and `crypto` (any other name throws
//!   `Module 'NAME' is not allowed in sandbox.`);
//! - `__vaultData__`, a Map-like store backed by the host's `kv` interface.
//!
//! It has no `eval` of strings, no `Function` constructor, no timers, no
//! `process`, no file system and no network. Each call builds a fresh engine.

mod codec;
mod engine;
mod natives;

wit_bindgen::generate!({
    path: "../../wit",
    world: "sandbox-runtime",
});

struct JsRuntime;

impl Guest for JsRuntime {
    fn execute(code: String, context: String, options: ExecuteOptions) -> ExecutionResult {
        engine::execute(&code, &context, &options)
    }
}

export!(JsRuntime);
