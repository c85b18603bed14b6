//! `/api/operators`: list, run, performance, suggestion and run history of
//! the memory operators, for the caller's vault.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::{json, Map, Value};
use warp::Filter;

use super::query::DEFAULT_LIMIT;
use super::request::{ok, req, Ctx, Req};
use super::{AppState, Route};
use crate::auth::Permission;
use crate::error::ApiError;
use crate::plugins::stats::{thompson, Posterior};
use crate::plugins::{LoadedPlugin, PluginError};
use crate::store::NewRun;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RunBody {
    params: Option<Value>,
}

/// Operator routes.
pub fn routes(state: Arc<AppState>) -> Route {
    let list = warp::path!("api" / "operators")
        .and(warp::get())
        .and(req(state.clone()))
        .then(|r: Req| r.run(Some(Permission::Read), list));
    let performance = warp::path!("api" / "operators" / "performance")
        .and(warp::get())
        .and(req(state.clone()))
        .then(|r: Req| r.run(Some(Permission::Read), performance));
    let runs = warp::path!("api" / "operators" / "runs")
        .and(warp::get())
        .and(req(state.clone()))
        .then(|r: Req| r.run(Some(Permission::Read), runs));
    let suggest = warp::path!("api" / "operators" / "suggest")
        .and(warp::post())
        .and(req(state.clone()))
        .then(|r: Req| r.run(Some(Permission::Read), suggest));
    let run = warp::path!("api" / "operators" / String / "run")
        .and(warp::post())
        .and(req(state))
        .then(|name: String, r: Req| r.run(Some(Permission::Write), move |c| run(c, name)));
    list.or(performance)
        .unify()
        .or(runs)
        .unify()
        .or(suggest)
        .unify()
        .or(run)
        .unify()
        .boxed()
}

fn describe(p: &LoadedPlugin) -> Value {
    json!({
        "name": p.manifest.name,
        "version": p.info.version,
        "description": p.info.description,
        "world": p.manifest.world,
        "capabilities": p.manifest.capabilities,
        "limits": p.manifest.limits,
        "paramsSchema": p.info.params_schema,
    })
}

async fn list(ctx: Ctx) -> Result<warp::reply::Response, ApiError> {
    let ops: Vec<Value> = ctx.state.plugins.operators().map(|p| describe(p)).collect();
    ok(&json!({ "operators": ops, "total": ops.len() }))
}

async fn run(mut ctx: Ctx, name: String) -> Result<warp::reply::Response, ApiError> {
    let plugin = ctx
        .state
        .plugins
        .get(&name)
        .ok_or_else(|| ApiError::not_found("operator", &name))?;
    let body: RunBody = ctx.json_or_default()?;
    let params = match body.params {
        None | Some(Value::Null) => Value::Object(Map::new()),
        Some(v @ Value::Object(_)) => v,
        Some(_) => return Err(ApiError::invalid("params", "params must be a JSON object")),
    };
    let started_at = crate::time::now();
    let start = std::time::Instant::now();
    let outcome = ctx
        .state
        .plugins
        .run_operator(plugin.clone(), ctx.store.clone(), params.to_string())
        .await;
    let wall_ms = start.elapsed().as_secs_f64() * 1000.0;
    match outcome {
        Ok((report, call)) => {
            let record = ctx
                .store
                .record_run(NewRun {
                    operator: name.clone(),
                    started_at,
                    duration_ms: call.as_secs_f64() * 1000.0,
                    success: true,
                    effectiveness: report.effectiveness,
                    changed: report.changed,
                    params,
                    report: Some(serde_json::to_value(&report).unwrap_or(Value::Null)),
                    error_code: None,
                    error: None,
                })
                .await?;
            tracing::info!(operator = %name, run = %record.id, changed = report.changed, effectiveness = report.effectiveness, "operator run");
            ok(&json!({
                "runId": record.id,
                "operator": name,
                "success": true,
                "durationMs": record.duration_ms,
                "totalMs": wall_ms,
                "effectiveness": record.effectiveness,
                "changed": report.changed,
                "report": report,
            }))
        }
        // Bad params are the caller's mistake, not the operator's: not recorded.
        Err(e @ (PluginError::InvalidParams(_) | PluginError::Busy | PluginError::Host(_))) => {
            Err(e.into())
        }
        Err(e) => {
            let record = ctx
                .store
                .record_run(NewRun {
                    operator: name.clone(),
                    started_at,
                    duration_ms: wall_ms,
                    success: false,
                    effectiveness: 0.0,
                    changed: 0,
                    params,
                    report: None,
                    error_code: Some(e.code().to_string()),
                    error: Some(e.to_string()),
                })
                .await?;
            tracing::warn!(operator = %name, run = %record.id, error = %e, "operator run failed");
            Err(ApiError::PluginRun {
                source: e,
                run_id: record.id,
            })
        }
    }
}

async fn performance(ctx: Ctx) -> Result<warp::reply::Response, ApiError> {
    let stats = ctx.store.operator_stats().await?;
    let mut names: Vec<String> = ctx
        .state
        .plugins
        .operators()
        .map(|p| p.manifest.name.clone())
        .collect();
    for s in &stats {
        if !names.contains(&s.operator) {
            names.push(s.operator.clone());
        }
    }
    names.sort();
    let rows: Vec<Value> = names
        .iter()
        .map(|name| {
            let s = stats.iter().find(|s| &s.operator == name);
            let post = s.map_or_else(Posterior::default, |s| Posterior {
                alpha: s.alpha,
                beta: s.beta,
            });
            let runs = s.map_or(0, |s| s.runs);
            let mean = |total: f64| {
                if runs > 0 {
                    Some(total / runs as f64)
                } else {
                    None
                }
            };
            json!({
                "name": name,
                "installed": ctx.state.plugins.get(name).is_some(),
                "runs": runs,
                "successes": s.map_or(0, |s| s.successes),
                "failures": s.map_or(0, |s| s.failures),
                "meanDurationMs": s.and_then(|s| mean(s.total_duration_ms)),
                "meanEffectiveness": s.and_then(|s| mean(s.total_effectiveness)),
                "posterior": { "alpha": post.alpha, "beta": post.beta, "mean": post.mean() },
            })
        })
        .collect();
    ok(&json!({ "operators": rows, "vaultId": ctx.store.vault().as_str() }))
}

async fn suggest(ctx: Ctx) -> Result<warp::reply::Response, ApiError> {
    let stats = ctx.store.operator_stats().await?;
    let names: Vec<String> = ctx
        .state
        .plugins
        .operators()
        .map(|p| p.manifest.name.clone())
        .collect();
    let posteriors: Vec<Posterior> = names
        .iter()
        .map(|n| {
            stats
                .iter()
                .find(|s| &s.operator == n)
                .map_or_else(Posterior::default, |s| Posterior {
                    alpha: s.alpha,
                    beta: s.beta,
                })
        })
        .collect();
    let Some((best, draws)) = thompson(&posteriors, &mut rand::rng()) else {
        return Err(ApiError::not_found("operator", "(none installed)"));
    };
    let candidates: Vec<Value> = names
        .iter()
        .zip(posteriors.iter().zip(&draws))
        .map(|(n, (p, d))| json!({"name": n, "sample": d, "posterior": {"alpha": p.alpha, "beta": p.beta, "mean": p.mean()}}))
        .collect();
    ok(&json!({
        "operator": names[best],
        "method": "thompson-sampling",
        "candidates": candidates,
        "vaultId": ctx.store.vault().as_str(),
    }))
}

async fn runs(ctx: Ctx) -> Result<warp::reply::Response, ApiError> {
    let q = ctx.query()?;
    let paging = q.paging(DEFAULT_LIMIT)?;
    let operator = q.string("operator").map(str::to_owned);
    let page = ctx.store.list_runs(operator, paging).await?;
    ok(&json!({
        "runs": page.items,
        "total": page.total,
        "limit": paging.limit,
        "offset": paging.offset,
        "vaultId": ctx.store.vault().as_str(),
    }))
}
