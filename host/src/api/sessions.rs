//! `/api/sessions` and `/api/sessions/:id`.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::json;
use warp::Filter;

use super::query::DEFAULT_LIMIT;
use super::request::{created, ok, req, Ctx, Req};
use super::{validate, AppState, Route};
use crate::auth::Permission;
use crate::error::ApiError;

/// Name given to sessions created without one.
const DEFAULT_NAME: &str = "New session";

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct CreateSession {
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RenameSession {
    name: String,
}

/// Session routes.
pub fn routes(state: Arc<AppState>) -> Route {
    let list = warp::path!("api" / "sessions")
        .and(warp::get())
        .and(req(state.clone()))
        .then(|r: Req| r.run(Some(Permission::Read), list));
    let create = warp::path!("api" / "sessions")
        .and(warp::post())
        .and(req(state.clone()))
        .then(|r: Req| r.run(Some(Permission::Write), create));
    let get = warp::path!("api" / "sessions" / String)
        .and(warp::get())
        .and(req(state.clone()))
        .then(|id: String, r: Req| r.run(Some(Permission::Read), move |c| get(c, id)));
    let rename = warp::path!("api" / "sessions" / String)
        .and(warp::patch().or(warp::put()).unify())
        .and(req(state.clone()))
        .then(|id: String, r: Req| r.run(Some(Permission::Write), move |c| rename(c, id)));
    let delete = warp::path!("api" / "sessions" / String)
        .and(warp::delete())
        .and(req(state))
        .then(|id: String, r: Req| r.run(Some(Permission::Delete), move |c| delete(c, id)));
    list.or(create)
        .unify()
        .or(get)
        .unify()
        .or(rename)
        .unify()
        .or(delete)
        .unify()
        .boxed()
}

async fn list(ctx: Ctx) -> Result<warp::reply::Response, ApiError> {
    let paging = ctx.query()?.paging(DEFAULT_LIMIT)?;
    let page = ctx.store.list_sessions(paging).await?;
    ok(&json!({
        "sessions": page.items,
        "total": page.total,
        "limit": paging.limit,
        "offset": paging.offset,
        "vaultId": ctx.store.vault().as_str(),
    }))
}

async fn create(mut ctx: Ctx) -> Result<warp::reply::Response, ApiError> {
    let body: CreateSession = ctx.json_or_default()?;
    let name = match body.name {
        Some(n) => validate::name("name", &n)?,
        None => DEFAULT_NAME.to_owned(),
    };
    created(&ctx.store.create_session(name).await?)
}

async fn get(ctx: Ctx, id: String) -> Result<warp::reply::Response, ApiError> {
    match ctx.store.get_session(id.clone()).await? {
        Some(s) => ok(&s),
        None => Err(ApiError::not_found("session", id)),
    }
}

async fn rename(mut ctx: Ctx, id: String) -> Result<warp::reply::Response, ApiError> {
    let body: RenameSession = ctx.json()?;
    let name = validate::name("name", &body.name)?;
    match ctx.store.rename_session(id.clone(), name).await? {
        Some(s) => ok(&s),
        None => Err(ApiError::not_found("session", id)),
    }
}

async fn delete(ctx: Ctx, id: String) -> Result<warp::reply::Response, ApiError> {
    if ctx.store.delete_session(id.clone()).await? {
        ok(&json!({"success": true, "id": id, "deletedAt": crate::time::now()}))
    } else {
        Err(ApiError::not_found("session", id))
    }
}
