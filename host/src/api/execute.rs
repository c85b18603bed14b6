//! `POST /api/execute`: run JavaScript in this vault's sandbox runtime, and
//! `GET /api/sandbox/stats` (admin).

use std::sync::Arc;

use serde::Deserialize;
use serde_json::{json, Value};
use warp::http::StatusCode;
use warp::Filter;

use super::request::{json as reply, ok, req, Ctx, Req};
use super::{AppState, Route};
use crate::auth::Permission;
use crate::error::ApiError;
use crate::plugins::bindings::sandbox::ExecuteOptions;
use crate::plugins::PluginError;
use crate::sandbox::Outcome;

/// The bundled runtime that runs `/api/execute`.
pub const JS_RUNTIME: &str = "js-runtime";

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ExecuteBody {
    code: String,
    context: Option<Value>,
    timeout_ms: Option<u64>,
}

/// Execute and stats routes.
pub fn routes(state: Arc<AppState>) -> Route {
    let execute = warp::path!("api" / "execute")
        .and(warp::post())
        .and(req(state.clone()))
        .then(|r: Req| r.run(Some(Permission::Write), execute));
    let stats = warp::path!("api" / "sandbox" / "stats")
        .and(warp::get())
        .and(req(state))
        .then(|r: Req| {
            r.run(Some(Permission::Admin), |ctx| async move {
                ok(&ctx.state.exec.stats())
            })
        });
    execute.or(stats).unify().boxed()
}

async fn execute(mut ctx: Ctx) -> Result<warp::reply::Response, ApiError> {
    let body: ExecuteBody = ctx.json()?;
    let limits = ctx.state.exec.limits();
    if body.code.len() > limits.max_code_bytes {
        return Err(ApiError::invalid(
            "code",
            format!(
                "code is {} bytes; the limit is {}",
                body.code.len(),
                limits.max_code_bytes
            ),
        ));
    }
    let context = match body.context {
        None | Some(Value::Null) => Value::Object(Default::default()),
        Some(v @ Value::Object(_)) => v,
        Some(_) => {
            return Err(ApiError::invalid(
                "context",
                "context must be a JSON object",
            ))
        }
    };
    let timeout_ms = match body.timeout_ms {
        None => limits.max_timeout_ms,
        Some(t) if t >= 1 && t <= u64::from(limits.max_timeout_ms) => t as u32,
        Some(t) => {
            return Err(ApiError::invalid(
                "timeoutMs",
                format!("timeoutMs must be 1-{}, got {t}", limits.max_timeout_ms),
            ))
        }
    };
    let runtime = ctx
        .state
        .plugins
        .runtime(JS_RUNTIME)
        .ok_or(ApiError::RuntimeUnavailable)?;
    let slot = ctx
        .state
        .exec
        .admit(ctx.store.vault())
        .map_err(|r| ApiError::ExecutionLimit(r.to_string()))?;

    let options = ExecuteOptions {
        timeout_ms,
        max_output_bytes: limits.max_output_bytes,
        max_log_bytes: limits.max_log_bytes,
    };
    let started = std::time::Instant::now();
    let result = ctx
        .state
        .plugins
        .execute(
            runtime,
            ctx.store.clone(),
            body.code,
            context.to_string(),
            options,
        )
        .await;
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    let ms = (elapsed_ms * 1000.0).round() / 1000.0;
    let (outcome, body) = match result {
        Ok((exec, _)) => {
            let logs: Vec<Value> = exec
                .logs
                .iter()
                .map(|(level, message)| json!({"level": level, "message": message}))
                .collect();
            if exec.success {
                let output = exec
                    .output
                    .as_deref()
                    .map(|o| serde_json::from_str(o).unwrap_or(Value::Null))
                    .unwrap_or(Value::Null);
                (
                    Outcome::Completed,
                    json!({"success": true, "output": output, "logs": logs, "executionTimeMs": ms}),
                )
            } else {
                let error = exec.error.unwrap_or_else(|| "execution failed".into());
                (
                    Outcome::Failed,
                    json!({"success": false, "error": error, "logs": logs, "executionTimeMs": ms}),
                )
            }
        }
        Err(e @ (PluginError::Busy | PluginError::Host(_))) => {
            slot.finish(Outcome::Failed);
            return Err(e.into());
        }
        Err(e) => {
            let (outcome, code, error) = match &e {
                PluginError::Timeout(t) => (
                    Outcome::TimedOut,
                    "TIMEOUT",
                    format!("Execution timed out after {t} ms"),
                ),
                PluginError::MemoryLimit(m) => (
                    Outcome::Failed,
                    "MEMORY_LIMIT",
                    format!("Execution exceeded the memory limit of {m} MiB"),
                ),
                PluginError::FuelExhausted(_) => (Outcome::TimedOut, "TIMEOUT", e.to_string()),
                _ => (
                    Outcome::Failed,
                    "RUNTIME_ERROR",
                    format!("The sandbox stopped the execution: {e}"),
                ),
            };
            (
                outcome,
                json!({"success": false, "error": error, "errorCode": code, "logs": [], "executionTimeMs": ms}),
            )
        }
    };
    slot.finish(outcome);
    Ok(reply(StatusCode::OK, &body))
}
