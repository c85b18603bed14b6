//! The per-request pipeline shared by every vault route: authenticate,
//! check the permission, bind the vault context, run the handler, and turn
//! any error into the JSON error body.

use std::future::Future;
use std::sync::Arc;

use bytes::{Buf, Bytes, BytesMut};
use futures_util::{Stream, StreamExt};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tracing::Instrument;
use warp::http::{HeaderMap, StatusCode};
use warp::reply::Response;
use warp::{Filter, Reply};

use super::query::Query;
use super::AppState;
use crate::auth::{Permission, Principal};
use crate::error::ApiError;
use crate::store::VaultStore;
use crate::vault::{self, VaultId};

/// Everything a route needs from the raw request.
pub struct Req {
    state: Arc<AppState>,
    headers: HeaderMap,
    query: String,
    body: Result<Bytes, ApiError>,
}

/// What a handler gets once the request is authenticated and bound.
pub struct Ctx {
    /// Shared server state.
    pub state: Arc<AppState>,
    /// The caller.
    pub principal: Arc<Principal>,
    /// Storage bound to the caller's vault.
    pub store: VaultStore,
    query: String,
    body: Result<Bytes, ApiError>,
}

/// Marks a response with the vault it served, for the access log.
#[derive(Debug, Clone)]
pub struct ServedVault(pub VaultId);

/// Extracts a [`Req`]; reads the body up to the configured limit.
pub fn req(state: Arc<AppState>) -> impl Filter<Extract = (Req,), Error = warp::Rejection> + Clone {
    let raw_query = warp::query::raw().or(warp::any().map(String::new)).unify();
    warp::any()
        .map(move || state.clone())
        .and(warp::header::headers_cloned())
        .and(raw_query)
        .and(warp::body::stream())
        .then(
            |state: Arc<AppState>, headers: HeaderMap, query: String, body| async move {
                let limit = state.max_body_bytes;
                let body = read_body(&headers, body, limit).await;
                Req {
                    state,
                    headers,
                    query,
                    body,
                }
            },
        )
}

/// Collects the body, failing fast once it passes `limit`.
async fn read_body<S, B>(headers: &HeaderMap, body: S, limit: u64) -> Result<Bytes, ApiError>
where
    S: Stream<Item = Result<B, warp::Error>>,
    B: Buf,
{
    let declared = headers
        .get(warp::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(ApiError::PayloadTooLarge { limit });
    }
    let mut out = BytesMut::new();
    let mut body = std::pin::pin!(body);
    while let Some(chunk) = body.next().await {
        let mut chunk = chunk.map_err(|e| ApiError::BodyRead(e.to_string()))?;
        if out.len() as u64 + chunk.remaining() as u64 > limit {
            return Err(ApiError::PayloadTooLarge { limit });
        }
        while chunk.has_remaining() {
            let part = chunk.chunk();
            out.extend_from_slice(part);
            let n = part.len();
            chunk.advance(n);
        }
    }
    Ok(out.freeze())
}

impl Req {
    /// Runs `handler` for an authenticated caller holding `needed` (or any
    /// authenticated caller when `None`), inside that caller's vault context.
    pub async fn run<F, Fut>(self, needed: Option<Permission>, handler: F) -> Response
    where
        F: FnOnce(Ctx) -> Fut,
        Fut: Future<Output = Result<Response, ApiError>>,
    {
        let principal = match self.state.auth.authenticate(&self.headers, None) {
            Ok(p) => Arc::new(p),
            Err(e) => return ApiError::from(e).into_response(),
        };
        let vault_id = principal.vault_id.clone();
        let span = tracing::info_span!("vault", vault = %vault_id, user = %principal.user_id);
        let mut response = async {
            if let Some(p) = needed.filter(|p| !principal.permissions.allows(*p)) {
                return Err(ApiError::Forbidden(p));
            }
            // The one place a request is bound to its vault.
            vault::scope(principal.clone(), async {
                let ctx = Ctx {
                    store: VaultStore::current(&self.state.db)?,
                    state: self.state,
                    principal: principal.clone(),
                    query: self.query,
                    body: self.body,
                };
                handler(ctx).await
            })
            .await
        }
        .instrument(span)
        .await
        .unwrap_or_else(ApiError::into_response);
        response.extensions_mut().insert(ServedVault(vault_id));
        response
    }

    /// The raw request headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Shared server state.
    pub fn state(&self) -> &Arc<AppState> {
        &self.state
    }
}

impl Ctx {
    /// The parsed query string.
    pub fn query(&self) -> Result<Query, ApiError> {
        Query::parse(&self.query)
    }

    /// The body parsed as JSON into `T`; an empty body gives `T::default()`.
    pub fn json_or_default<T: DeserializeOwned + Default>(&mut self) -> Result<T, ApiError> {
        let body = std::mem::replace(&mut self.body, Ok(Bytes::new()))?;
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(T::default());
        }
        parse_json(&body)
    }

    /// The body parsed as JSON into `T`.
    pub fn json<T: DeserializeOwned>(&mut self) -> Result<T, ApiError> {
        let body = std::mem::replace(&mut self.body, Ok(Bytes::new()))?;
        parse_json(&body)
    }
}

/// Parses a JSON body; syntax problems are `INVALID_JSON`, shape problems
/// `VALIDATION_ERROR`.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::InvalidJson(
            "request body is empty; send a JSON object".into(),
        ));
    }
    serde_json::from_slice(body).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => {
            let message = e.to_string();
            let field = field_in_message(&message);
            ApiError::Validation { message, field }
        }
        _ => ApiError::InvalidJson(e.to_string()),
    })
}

/// Field names the request bodies use, so serde's messages can be mapped
/// to `details.field` without allocating.
const FIELDS: &[&str] = &[
    "name",
    "role",
    "content",
    "metadata",
    "type",
    "importance",
    "decay",
    "sessionId",
    "selfModel",
    "values",
    "goals",
    "traits",
    "reason",
    "params",
];

/// The field a serde message is about (`unknown field `x``, `missing field
/// `x``, or `... at line 1 column N` after `"x":`), when it is one we know.
fn field_in_message(message: &str) -> Option<&'static str> {
    let quoted = message.split('`').nth(1)?;
    if message.starts_with("unknown field") || message.starts_with("missing field") {
        return FIELDS.iter().copied().find(|f| *f == quoted);
    }
    None
}

/// A JSON response with `status`.
pub fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    warp::reply::with_status(warp::reply::json(body), status).into_response()
}

/// A 200 JSON response.
pub fn ok<T: Serialize>(body: &T) -> Result<Response, ApiError> {
    Ok(json(StatusCode::OK, body))
}

/// A 201 JSON response.
pub fn created<T: Serialize>(body: &T) -> Result<Response, ApiError> {
    Ok(json(StatusCode::CREATED, body))
}
