//! API errors and their one mapping to HTTP: `{"error", "code", "details"}`.

use serde_json::{json, Value};
use warp::http::StatusCode;
use warp::reply::Response;
use warp::Reply;

use crate::auth::{AuthError, Permission};
use crate::store::StoreError;
use crate::vault::NoVaultContext;

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Authentication failed.
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// Authenticated, but lacking a permission.
    #[error("missing permission: {0}")]
    Forbidden(Permission),
    /// No such resource in this vault (or at all: indistinguishable).
    #[error("{kind} not found")]
    NotFound {
        /// What kind of thing.
        kind: &'static str,
        /// The id asked for.
        id: String,
    },
    /// No route for this method and path.
    #[error("no route for {method} {path}")]
    RouteNotFound {
        /// Request method.
        method: String,
        /// Request path.
        path: String,
    },
    /// Route exists, method does not.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// Body is not JSON.
    #[error("malformed JSON body: {0}")]
    InvalidJson(String),
    /// Body is JSON but its fields are wrong.
    #[error("{message}")]
    Validation {
        /// What is wrong, for people.
        message: String,
        /// The offending field, when known.
        field: Option<&'static str>,
    },
    /// A query parameter is wrong.
    #[error("invalid query parameter {param}: {message}")]
    InvalidQuery {
        /// Which parameter.
        param: String,
        /// What is wrong.
        message: String,
    },
    /// Body larger than the configured limit.
    #[error("request body exceeds the limit of {limit} bytes")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// Body could not be read from the connection.
    #[error("could not read request body: {0}")]
    BodyRead(String),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A plugin call failed before running.
    #[error(transparent)]
    Plugin(#[from] crate::plugins::PluginError),
    /// A recorded operator run failed.
    #[error("{source}")]
    PluginRun {
        /// Why.
        source: crate::plugins::PluginError,
        /// The recorded run.
        run_id: String,
    },
    /// No sandbox runtime is loaded.
    #[error("the JavaScript runtime is not available on this server")]
    RuntimeUnavailable,
    /// The sandbox is full for this vault or the server.
    #[error("{0}")]
    ExecutionLimit(String),
    /// A handler ran outside a vault context (a bug).
    #[error(transparent)]
    NoVault(#[from] NoVaultContext),
}

impl ApiError {
    /// A validation error on `field`.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        ApiError::Validation {
            message: message.into(),
            field: Some(field),
        }
    }

    /// A not-found error.
    pub fn not_found(kind: &'static str, id: impl Into<String>) -> Self {
        ApiError::NotFound {
            kind,
            id: id.into(),
        }
    }

    /// Status, code and details for the error body.
    fn parts(&self) -> (StatusCode, &'static str, Value) {
        use ApiError::*;
        match self {
            Auth(AuthError::MissingToken) => (
                StatusCode::UNAUTHORIZED,
                "MISSING_TOKEN",
                json!({"reason": "send Authorization: Bearer <token>"}),
            ),
            Auth(AuthError::InvalidToken(why)) => (
                StatusCode::UNAUTHORIZED,
                "INVALID_TOKEN",
                json!({ "reason": why }),
            ),
            Auth(AuthError::InvalidVaultId(why)) => (
                StatusCode::BAD_REQUEST,
                "INVALID_VAULT_ID",
                json!({ "reason": why.to_string() }),
            ),
            Forbidden(p) => (
                StatusCode::FORBIDDEN,
                "FORBIDDEN",
                json!({ "required": p.as_str() }),
            ),
            NotFound { kind, id } => (
                StatusCode::NOT_FOUND,
                "NOT_FOUND",
                json!({ "resource": kind, "id": id }),
            ),
            RouteNotFound { method, path } => (
                StatusCode::NOT_FOUND,
                "NOT_FOUND",
                json!({ "method": method, "path": path }),
            ),
            MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "METHOD_NOT_ALLOWED",
                Value::Null,
            ),
            InvalidJson(_) => (StatusCode::BAD_REQUEST, "INVALID_JSON", Value::Null),
            Validation { field, .. } => (
                StatusCode::BAD_REQUEST,
                "VALIDATION_ERROR",
                field.map_or(Value::Null, |f| json!({ "field": f })),
            ),
            InvalidQuery { param, .. } => (
                StatusCode::BAD_REQUEST,
                "INVALID_QUERY",
                json!({ "param": param }),
            ),
            PayloadTooLarge { limit } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "PAYLOAD_TOO_LARGE",
                json!({ "limitBytes": limit }),
            ),
            BodyRead(_) => (StatusCode::BAD_REQUEST, "INVALID_BODY", Value::Null),
            Store(StoreError::NotFound { kind, id }) => (
                StatusCode::NOT_FOUND,
                "NOT_FOUND",
                json!({ "resource": kind, "id": id }),
            ),
            Store(StoreError::Limit(_)) => (StatusCode::BAD_REQUEST, "LIMIT_EXCEEDED", Value::Null),
            Store(StoreError::Pool(_)) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "DATABASE_UNAVAILABLE",
                Value::Null,
            ),
            Plugin(e) => (plugin_status(e), e.code(), Value::Null),
            PluginRun { source, run_id } => (
                plugin_status(source),
                source.code(),
                json!({ "runId": run_id }),
            ),
            RuntimeUnavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "RUNTIME_UNAVAILABLE",
                Value::Null,
            ),
            ExecutionLimit(_) => (
                StatusCode::TOO_MANY_REQUESTS,
                "EXECUTION_LIMIT_REACHED",
                Value::Null,
            ),
            Store(_) | NoVault(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL_ERROR",
                Value::Null,
            ),
        }
    }

    /// The HTTP response for this error; server faults are logged, not shown.
    pub fn into_response(self) -> Response {
        let (status, code, details) = self.parts();
        let message = if code == "INTERNAL_ERROR" || code == "DATABASE_UNAVAILABLE" {
            tracing::error!(error = %self, code, "request failed");
            match status {
                StatusCode::SERVICE_UNAVAILABLE => {
                    "database temporarily unavailable, retry".to_string()
                }
                _ => "internal server error".to_string(),
            }
        } else {
            self.to_string()
        };
        let body = json!({ "error": message, "code": code, "details": details });
        warp::reply::with_status(warp::reply::json(&body), status).into_response()
    }
}

/// HTTP status for a plugin failure.
fn plugin_status(e: &crate::plugins::PluginError) -> StatusCode {
    use crate::plugins::PluginError::*;
    match e {
        UnknownPlugin(_) => StatusCode::NOT_FOUND,
        InvalidParams(_) => StatusCode::BAD_REQUEST,
        Failed(_) => StatusCode::UNPROCESSABLE_ENTITY,
        Trapped(_) | MemoryLimit(_) => StatusCode::BAD_GATEWAY,
        Timeout(_) | FuelExhausted(_) => StatusCode::GATEWAY_TIMEOUT,
        Busy => StatusCode::TOO_MANY_REQUESTS,
        Host(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_statuses() {
        let cases: Vec<(ApiError, u16, &str)> = vec![
            (AuthError::MissingToken.into(), 401, "MISSING_TOKEN"),
            (
                AuthError::InvalidToken("x".into()).into(),
                401,
                "INVALID_TOKEN",
            ),
            (ApiError::Forbidden(Permission::Write), 403, "FORBIDDEN"),
            (ApiError::not_found("memory", "mem_x"), 404, "NOT_FOUND"),
            (
                ApiError::PayloadTooLarge { limit: 1 },
                413,
                "PAYLOAD_TOO_LARGE",
            ),
            (ApiError::invalid("type", "bad"), 400, "VALIDATION_ERROR"),
        ];
        for (err, status, code) in cases {
            let (s, c, _) = err.parts();
            assert_eq!((s.as_u16(), c), (status, code));
        }
    }
}
