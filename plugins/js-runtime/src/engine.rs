//! One execution: a fresh Boa context, the sandbox's globals, the user's
//! function body, and the result as JSON.

use std::rc::Rc;

use boa_engine::ast::expression::Expression;
use boa_engine::ast::scope::Scope;
use boa_engine::ast::{Statement, StatementListItem};
use boa_engine::builtins::promise::PromiseState;
use boa_engine::interner::Interner;
use boa_engine::parser::Parser;
use boa_engine::context::HostHooks;
use boa_engine::property::PropertyKey;
use boa_engine::realm::Realm;
use boa_engine::{
    js_string, Context, EngineError, JsError, JsNativeError, JsObject, JsResult, JsString,
    JsValue, RuntimeLimitError, Source,
};

use crate::metamorph::plugin::log;
use crate::metamorph::plugin::types::Level;
use crate::{natives, ExecuteOptions, ExecutionResult};

/// Most nested calls (JavaScript frames plus native re-entries).
const RECURSION_LIMIT: usize = 10_000;
/// Most values on the VM's stack.
const STACK_SIZE_LIMIT: usize = 1 << 20;
/// Largest `ArrayBuffer`, in bytes.
const MAX_BUFFER_BYTES: u64 = 64 << 20;

/// Sets up `console`, `require`, `__vaultData__` and locks `eval`.
const BOOTSTRAP: &str = include_str!("../js/bootstrap.js");

/// The source of a shim module: a function expression
/// `(function (module, exports, require, native) { ... })`.
pub fn module_source(name: &str) -> Option<&'static str> {
    Some(match name {
        "path" => include_str!("../js/path.js"),
        "url" => include_str!("../js/url.js"),
        "querystring" => include_str!("../js/querystring.js"),
        "util" => include_str!("../js/util.js"),
        "events" => include_str!("../js/events.js"),
        "buffer" => include_str!("../js/buffer.js"),
        "crypto" => include_str!("../js/crypto.js"),
        _ => return None,
    })
}

/// Host hooks: no code generation from strings (`eval`, `Function`,
/// `AsyncFunction`, `GeneratorFunction`, ...). The runtime compiles the
/// user's body as a script, which does not go through this hook.
struct Hooks;

impl HostHooks for Hooks {
    fn ensure_can_compile_strings(
        &self,
        _realm: Realm,
        _parameters: &[JsString],
        _body: &JsString,
        direct: bool,
        _context: &mut Context,
    ) -> JsResult<()> {
        // The global `eval` is replaced by the bootstrap, so the only way
        // here without `direct` is one of the Function constructors.
        let message = if direct {
            "eval is not allowed in sandbox."
        } else {
            "Function constructor is not allowed in sandbox."
        };
        Err(JsNativeError::error().with_message(message).into())
    }

    fn max_buffer_size(&self, _context: &mut Context) -> u64 {
        MAX_BUFFER_BYTES
    }
}

/// Runs one execution and packs its outcome.
pub fn execute(code: &str, context_json: &str, options: &ExecuteOptions) -> ExecutionResult {
    let max_logs = (options.max_log_bytes != 0).then_some(options.max_log_bytes as usize);
    natives::reset_logs(max_logs);
    let outcome = run(code, context_json, options);
    let logs = natives::take_logs();
    match outcome {
        Ok(json) => ExecutionResult {
            success: true,
            output: Some(json),
            error: None,
            logs,
        },
        Err(message) => ExecutionResult {
            success: false,
            output: None,
            error: Some(message),
            logs,
        },
    }
}

/// The result as JSON, or the error message.
fn run(code: &str, context_json: &str, options: &ExecuteOptions) -> Result<String, String> {
    let mut ctx = Context::builder()
        .host_hooks(Rc::new(Hooks))
        .build()
        .map_err(|e| format!("engine setup failed: {e}"))?;
    let limits = ctx.runtime_limits_mut();
    limits.set_recursion_limit(RECURSION_LIMIT);
    limits.set_stack_size_limit(STACK_SIZE_LIMIT);
    limits.disable_loop_iteration_limit();

    if let Err(e) = bootstrap(&mut ctx) {
        // A bug in the runtime, not in the user's code: tell the host too.
        let message = format!("sandbox setup failed: {}", message_of(e, &mut ctx));
        log::log(Level::Error, &message);
        return Err(message);
    }

    let (names, values) = parse_context(context_json, &mut ctx)?;
    // A plain function; if the body only parses as an async function (it
    // uses `await`), an async one, whose promise is awaited below.
    let source = match wrap_body(&names, code, false) {
        Ok(source) => source,
        Err(sync_error) => wrap_body(&names, code, true).map_err(|_| sync_error)?,
    };

    // Taken before the user's code runs, which may replace JSON.stringify.
    let stringify = ctx
        .intrinsics()
        .objects()
        .json()
        .get(js_string!("stringify"), &mut ctx)
        .map_err(|e| message_of(e, &mut ctx))?
        .as_callable()
        .ok_or_else(|| "internal error: JSON.stringify missing".to_string())?;

    // The checked script evaluates to the function (in the global scope,
    // like the Function constructor would create it).
    let function = ctx
        .eval(Source::from_bytes(source.as_bytes()))
        .map_err(|e| format!("SyntaxError: {}", shift_lines(&message_of(e, &mut ctx), 2)))?;
    let function = function
        .as_callable()
        .ok_or_else(|| "internal error: compiled body is not callable".to_string())?;

    let result = function.call(&JsValue::undefined(), &values, &mut ctx);
    let value = settle(result, &mut ctx).map_err(|e| message_of(e, &mut ctx))?;

    let json = serialize(&stringify, &value, &mut ctx)?;
    let max = options.max_output_bytes;
    if max != 0 && json.len() > max as usize {
        return Err(format!("Output exceeds {max} bytes"));
    }
    Ok(json)
}

/// Runs the bootstrap script with the `native` object.
fn bootstrap(ctx: &mut Context) -> JsResult<()> {
    let native = natives::native_object(ctx);
    let setup = ctx.eval(Source::from_bytes(BOOTSTRAP))?;
    let setup = setup
        .as_callable()
        .ok_or_else(|| JsNativeError::typ().with_message("bootstrap is not a function"))?;
    setup.call(&JsValue::undefined(), &[native.into()], ctx)?;
    Ok(())
}

/// Runs pending jobs; if `result` is a promise, waits for it.
fn settle(result: JsResult<JsValue>, ctx: &mut Context) -> JsResult<JsValue> {
    let value = result?;
    ctx.run_jobs()?;
    let Some(promise) = value.as_promise() else {
        return Ok(value);
    };
    match promise.state() {
        PromiseState::Fulfilled(v) => Ok(v),
        PromiseState::Rejected(e) => Err(JsError::from_opaque(e)),
        PromiseState::Pending => Err(JsNativeError::error()
            .with_message("The returned promise never settled (timers are not available in sandbox)")
            .into()),
    }
}

/// The context object's keys (checked to be identifiers) and values.
fn parse_context(text: &str, ctx: &mut Context) -> Result<(Vec<String>, Vec<JsValue>), String> {
    if text.trim().is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let json = ctx.intrinsics().objects().json();
    let parse = json
        .get(js_string!("parse"), ctx)
        .map_err(|e| message_of(e, ctx))?;
    let parse = parse
        .as_callable()
        .ok_or_else(|| "internal error: JSON.parse missing".to_string())?;
    let parsed = parse
        .call(&JsValue::undefined(), &[JsString::from(text).into()], ctx)
        .map_err(|e| format!("Invalid context: {}", message_of(e, ctx)))?;
    let object = match parsed.as_object() {
        Some(o) if !o.is_array() => o,
        _ => return Err("Invalid context: expected a JSON object".to_string()),
    };
    let keys = object.own_property_keys(ctx).map_err(|e| message_of(e, ctx))?;
    let mut names = Vec::with_capacity(keys.len());
    let mut values = Vec::with_capacity(keys.len());
    for key in keys {
        let name = match &key {
            PropertyKey::String(s) => s.to_std_string_lossy(),
            PropertyKey::Index(i) => i.get().to_string(),
            PropertyKey::Symbol(_) => continue,
        };
        check_identifier(&name)?;
        let value = object.get(key, ctx).map_err(|e| message_of(e, ctx))?;
        names.push(name);
        values.push(value);
    }
    Ok((names, values))
}

/// Words that cannot name a parameter of a (non-strict) function. Words
/// reserved only in strict code (`let`, `static`, `private`, ...) are
/// allowed, as `new Function(...keys, code)` allows them.
const RESERVED: &[&str] = &[
    "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
    "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import",
    "in", "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true",
    "try", "typeof", "var", "void", "while", "with",
];

/// Checks that a context key can be a parameter name.
fn check_identifier(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let valid = match chars.next() {
        Some(c) if c == '$' || c == '_' || c.is_alphabetic() => chars
            .all(|c| c == '$' || c == '_' || c == '\u{200c}' || c == '\u{200d}' || c.is_alphanumeric()),
        _ => false,
    };
    if !valid {
        return Err(format!(
            "Invalid context key '{name}': not a valid JavaScript identifier"
        ));
    }
    if RESERVED.contains(&name) {
        return Err(format!(
            "Invalid context key '{name}': '{name}' is a reserved word"
        ));
    }
    Ok(())
}

/// The value as JSON (`JSON.stringify`, `undefined` and the like as
/// `null`).
fn serialize(stringify: &JsObject, value: &JsValue, ctx: &mut Context) -> Result<String, String> {
    match stringify.call(&JsValue::undefined(), std::slice::from_ref(value), ctx) {
        Ok(v) => match v.as_string() {
            Some(s) => Ok(s.to_std_string_lossy()),
            None => Ok("null".to_string()),
        },
        Err(e) => {
            if e.as_engine().is_some() {
                return Err(message_of(e, ctx));
            }
            Err(format!(
                "Result is not serializable to JSON: {}",
                message_of(e, ctx)
            ))
        }
    }
}

/// The script `([async ]function anonymous(NAMES\n) {\nCODE\n})`, checked to be
/// exactly one function expression: the body cannot close the function
/// early and run code outside it. Syntax errors are reported with the
/// body's own line numbers.
fn wrap_body(names: &[String], code: &str, is_async: bool) -> Result<String, String> {
    let keyword = if is_async { "async function" } else { "function" };
    let text = format!("({keyword} anonymous({}\n) {{\n{code}\n}})", names.join(","));
    let mut interner = Interner::default();
    let mut parser = Parser::new(Source::from_bytes(text.as_bytes()));
    let script = parser
        .parse_script(&Scope::new_global(), &mut interner)
        .map_err(|e| format!("SyntaxError: {}", shift_lines(&e.to_string(), 2)))?;
    let whole = match script.statements().statements() {
        [StatementListItem::Statement(statement)] => matches!(
            &**statement,
            Statement::Expression(Expression::Parenthesized(p)) if matches!(
                (p.expression(), is_async),
                (Expression::FunctionExpression(_), false)
                    | (Expression::AsyncFunctionExpression(_), true)
            )
        ),
        _ => false,
    };
    if whole {
        Ok(text)
    } else {
        Err("SyntaxError: Unexpected token '}' (unbalanced braces in the function body)".to_string())
    }
}

/// Decrements each "line N" in a parser message by `by`.
fn shift_lines(message: &str, by: u64) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(pos) = rest.find("line ") {
        let (head, tail) = rest.split_at(pos + 5);
        out.push_str(head);
        let digits = tail.chars().take_while(char::is_ascii_digit).count();
        match tail[..digits].parse::<u64>() {
            Ok(n) if n > by => out.push_str(&(n - by).to_string()),
            _ => out.push_str(&tail[..digits]),
        }
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

/// The message of a thrown value: an `Error`'s message, anything else as
/// a string.
pub fn message_of(err: JsError, ctx: &mut Context) -> String {
    if let Some(engine) = err.as_engine() {
        return match engine {
            EngineError::RuntimeLimit(RuntimeLimitError::Recursion)
            | EngineError::RuntimeLimit(RuntimeLimitError::StackSize) => {
                "Maximum call stack size exceeded".to_string()
            }
            other => other.to_string(),
        };
    }
    if let Some(native) = err.as_native() {
        if !native.message().is_empty() {
            return native.message().to_string();
        }
    }
    let value = match err.into_opaque(ctx) {
        Ok(v) => v,
        Err(e) => return e.to_string(),
    };
    if let Some(object) = value.as_object() {
        if object.is::<boa_engine::builtins::error::Error>() {
            if let Ok(message) = object.get(js_string!("message"), ctx) {
                if let Some(s) = message.as_string() {
                    if !s.is_empty() {
                        return s.to_std_string_lossy();
                    }
                }
            }
        }
    }
    display(&value, ctx)
}

/// `String(value)`, not failing.
fn display(value: &JsValue, ctx: &mut Context) -> String {
    if let Some(symbol) = value.as_symbol() {
        return symbol.descriptive_string().to_std_string_lossy();
    }
    match value.to_string(ctx) {
        Ok(s) => s.to_std_string_lossy(),
        Err(_) => "Uncaught exception (not convertible to a string)".to_string(),
    }
}
