//! `/api/sessions/:id/messages`: a session's chat history.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::{json, Value};
use warp::Filter;

use super::query::DEFAULT_LIMIT;
use super::request::{created, ok, req, Ctx, Req};
use super::{validate, AppState, Route};
use crate::auth::Permission;
use crate::error::ApiError;
use crate::store::{NewMessage, Role};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AppendMessage {
    role: Role,
    content: String,
    metadata: Option<Value>,
}

/// Message routes.
pub fn routes(state: Arc<AppState>) -> Route {
    let list = warp::path!("api" / "sessions" / String / "messages")
        .and(warp::get())
        .and(req(state.clone()))
        .then(|sid: String, r: Req| r.run(Some(Permission::Read), move |c| list(c, sid)));
    let append = warp::path!("api" / "sessions" / String / "messages")
        .and(warp::post())
        .and(req(state))
        .then(|sid: String, r: Req| r.run(Some(Permission::Write), move |c| append(c, sid)));
    list.or(append).unify().boxed()
}

async fn list(ctx: Ctx, session_id: String) -> Result<warp::reply::Response, ApiError> {
    let paging = ctx.query()?.paging(DEFAULT_LIMIT)?;
    match ctx.store.list_messages(session_id.clone(), paging).await? {
        Some(page) => ok(&json!({
            "messages": page.items,
            "total": page.total,
            "limit": paging.limit,
            "offset": paging.offset,
            "sessionId": session_id,
            "vaultId": ctx.store.vault().as_str(),
        })),
        None => Err(ApiError::not_found("session", session_id)),
    }
}

async fn append(mut ctx: Ctx, session_id: String) -> Result<warp::reply::Response, ApiError> {
    let body: AppendMessage = ctx.json()?;
    let msg = NewMessage {
        role: body.role,
        content: validate::text("content", body.content)?,
        metadata: validate::object("metadata", body.metadata)?,
    };
    match ctx.store.append_message(session_id.clone(), msg).await? {
        Some(m) => created(&m),
        None => Err(ApiError::not_found("session", session_id)),
    }
}
