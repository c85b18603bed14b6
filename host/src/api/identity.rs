//! `/api/identity` (latest checkpoint) and `/api/identity/checkpoints`.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::{json, Value};
use warp::Filter;

use super::query::DEFAULT_LIMIT;
use super::request::{created, ok, req, Ctx, Req};
use super::{validate, AppState, Route};
use crate::auth::Permission;
use crate::error::ApiError;
use crate::store::NewCheckpoint;

/// Longest checkpoint reason, in characters.
const MAX_REASON_CHARS: usize = 1000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateCheckpoint {
    self_model: Option<Value>,
    values: Option<Value>,
    goals: Option<Value>,
    traits: Option<Value>,
    metadata: Option<Value>,
    reason: Option<String>,
}

/// Identity routes.
pub fn routes(state: Arc<AppState>) -> Route {
    let latest = warp::path!("api" / "identity")
        .and(warp::get())
        .and(req(state.clone()))
        .then(|r: Req| r.run(Some(Permission::Read), latest));
    let history = warp::path!("api" / "identity" / "checkpoints")
        .and(warp::get())
        .and(req(state.clone()))
        .then(|r: Req| r.run(Some(Permission::Read), history));
    let create = warp::path!("api" / "identity" / "checkpoints")
        .and(warp::post())
        .and(req(state))
        .then(|r: Req| r.run(Some(Permission::Write), create));
    latest.or(history).unify().or(create).unify().boxed()
}

async fn latest(ctx: Ctx) -> Result<warp::reply::Response, ApiError> {
    match ctx.store.latest_checkpoint().await? {
        Some(c) => ok(&c),
        None => Err(ApiError::not_found("identity checkpoint", "latest")),
    }
}

async fn history(ctx: Ctx) -> Result<warp::reply::Response, ApiError> {
    let paging = ctx.query()?.paging(DEFAULT_LIMIT)?;
    let page = ctx.store.list_checkpoints(paging).await?;
    ok(&json!({
        "checkpoints": page.items,
        "total": page.total,
        "limit": paging.limit,
        "offset": paging.offset,
        "vaultId": ctx.store.vault().as_str(),
    }))
}

async fn create(mut ctx: Ctx) -> Result<warp::reply::Response, ApiError> {
    let body: CreateCheckpoint = ctx.json()?;
    let self_model = match body.self_model {
        None | Some(Value::Null) => {
            return Err(ApiError::invalid("selfModel", "selfModel is required"))
        }
        Some(v) => v,
    };
    let reason = match body.reason {
        Some(r) if r.chars().count() > MAX_REASON_CHARS => {
            return Err(ApiError::invalid(
                "reason",
                format!("reason must be at most {MAX_REASON_CHARS} characters"),
            ))
        }
        r => r,
    };
    let new = NewCheckpoint {
        self_model,
        values: validate::array("values", body.values)?,
        goals: validate::array("goals", body.goals)?,
        traits: validate::object("traits", body.traits)?,
        metadata: validate::object("metadata", body.metadata)?,
        reason,
    };
    created(&ctx.store.create_checkpoint(new).await?)
}
