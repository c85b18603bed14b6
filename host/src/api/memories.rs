//! `/api/memories` and `/api/memories/:id`.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::{json, Value};
use warp::Filter;

use super::request::{created, ok, req, Ctx, Req};
use super::{validate, AppState, Route};
use crate::auth::Permission;
use crate::error::ApiError;
use crate::store::{MemoryFilter, MemoryPatch, NewMemory};

/// Default page size of the memory list (DESIGN section 7).
const DEFAULT_MEMORY_LIMIT: u32 = 10;
/// Importance of memories created without one.
const DEFAULT_IMPORTANCE: f64 = 0.5;
/// Longest accepted search query, in characters.
const MAX_QUERY_CHARS: usize = 500;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateMemory {
    #[serde(rename = "type")]
    kind: String,
    content: String,
    importance: Option<f64>,
    metadata: Option<Value>,
    session_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct PatchMemory {
    #[serde(rename = "type")]
    kind: Option<String>,
    content: Option<String>,
    importance: Option<f64>,
    decay: Option<f64>,
    metadata: Option<Value>,
}

/// Memory routes.
pub fn routes(state: Arc<AppState>) -> Route {
    let list = warp::path!("api" / "memories")
        .and(warp::get())
        .and(req(state.clone()))
        .then(|r: Req| r.run(Some(Permission::Read), list));
    let create = warp::path!("api" / "memories")
        .and(warp::post())
        .and(req(state.clone()))
        .then(|r: Req| r.run(Some(Permission::Write), create));
    let get = warp::path!("api" / "memories" / String)
        .and(warp::get())
        .and(req(state.clone()))
        .then(|id: String, r: Req| r.run(Some(Permission::Read), move |c| get(c, id)));
    let patch = warp::path!("api" / "memories" / String)
        .and(warp::patch().or(warp::put()).unify())
        .and(req(state.clone()))
        .then(|id: String, r: Req| r.run(Some(Permission::Write), move |c| patch(c, id)));
    let delete = warp::path!("api" / "memories" / String)
        .and(warp::delete())
        .and(req(state))
        .then(|id: String, r: Req| r.run(Some(Permission::Delete), move |c| delete(c, id)));
    list.or(create)
        .unify()
        .or(get)
        .unify()
        .or(patch)
        .unify()
        .or(delete)
        .unify()
        .boxed()
}

async fn list(ctx: Ctx) -> Result<warp::reply::Response, ApiError> {
    let q = ctx.query()?;
    let paging = q.paging(DEFAULT_MEMORY_LIMIT)?;
    let query = q.string("q").map(str::to_owned);
    if query
        .as_ref()
        .is_some_and(|s| s.chars().count() > MAX_QUERY_CHARS)
    {
        return Err(ApiError::InvalidQuery {
            param: "q".into(),
            message: format!("must be at most {MAX_QUERY_CHARS} characters"),
        });
    }
    let filter = MemoryFilter {
        kind: match q.string("type") {
            Some(t) => {
                Some(
                    validate::memory_kind("type", t).map_err(|_| ApiError::InvalidQuery {
                        param: "type".into(),
                        message: format!(
                            "unknown memory type {t:?}; expected episodic, semantic or identity"
                        ),
                    })?,
                )
            }
            None => None,
        },
        min_importance: q.number("minImportance", 0.0, 1.0)?,
        query,
        session_id: q.string("sessionId").map(str::to_owned),
    };
    let page = ctx.store.list_memories(filter, paging).await?;
    ok(&json!({
        "memories": page.items,
        "total": page.total,
        "limit": paging.limit,
        "offset": paging.offset,
        "vaultId": ctx.store.vault().as_str(),
    }))
}

async fn create(mut ctx: Ctx) -> Result<warp::reply::Response, ApiError> {
    let body: CreateMemory = ctx.json()?;
    let new = NewMemory {
        kind: validate::memory_kind("type", &body.kind)?,
        content: validate::text("content", body.content)?,
        importance: validate::unit_interval(
            "importance",
            body.importance.unwrap_or(DEFAULT_IMPORTANCE),
        )?,
        metadata: validate::object("metadata", body.metadata)?,
        session_id: body.session_id,
    };
    created(&ctx.store.create_memory(new).await?)
}

async fn get(ctx: Ctx, id: String) -> Result<warp::reply::Response, ApiError> {
    match ctx.store.get_memory(id.clone()).await? {
        Some(m) => ok(&m),
        None => Err(ApiError::not_found("memory", id)),
    }
}

async fn patch(mut ctx: Ctx, id: String) -> Result<warp::reply::Response, ApiError> {
    let body: PatchMemory = ctx.json()?;
    let patch = MemoryPatch {
        kind: body
            .kind
            .as_deref()
            .map(|k| validate::memory_kind("type", k))
            .transpose()?,
        content: body
            .content
            .map(|c| validate::text("content", c))
            .transpose()?,
        importance: body
            .importance
            .map(|v| validate::unit_interval("importance", v))
            .transpose()?,
        decay: match body.decay {
            Some(d) if d < 0.0 => return Err(ApiError::invalid("decay", "decay must be >= 0")),
            d => d,
        },
        metadata: match body.metadata {
            None => None,
            some => Some(validate::object("metadata", some)?),
        },
    };
    if patch.kind.is_none()
        && patch.content.is_none()
        && patch.importance.is_none()
        && patch.decay.is_none()
        && patch.metadata.is_none()
    {
        return Err(ApiError::Validation {
            message:
                "nothing to update: send at least one of type, content, importance, decay, metadata"
                    .into(),
            field: None,
        });
    }
    match ctx.store.update_memory(id.clone(), patch).await? {
        Some(m) => ok(&m),
        None => Err(ApiError::not_found("memory", id)),
    }
}

async fn delete(ctx: Ctx, id: String) -> Result<warp::reply::Response, ApiError> {
    if ctx.store.delete_memory(id.clone()).await? {
        ok(&json!({"success": true, "id": id, "deletedAt": crate::time::now()}))
    } else {
        Err(ApiError::not_found("memory", id))
    }
}
