//! HTTP API: warp routes, one file per resource, composed here with the
//! not-found handler and the access log.

mod execute;
mod health;
mod identity;
mod memories;
mod messages;
mod operators;
mod plugins;
pub mod query;
pub mod request;
mod sessions;
mod validate;
mod whoami;

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Instant;

use warp::filters::BoxedFilter;
use warp::http::Method;
use warp::path::FullPath;
use warp::reply::Response;
use warp::{Filter, Rejection};

use crate::auth::Authenticator;
use crate::error::ApiError;
use crate::store::Db;
use request::ServedVault;

/// State shared by every request.
#[derive(Debug)]
pub struct AppState {
    /// The database pool.
    pub db: Db,
    /// Turns headers into principals.
    pub auth: Authenticator,
    /// Largest accepted body.
    pub max_body_bytes: u64,
    /// Loaded plugins and their engine.
    pub plugins: Arc<crate::plugins::PluginHost>,
    /// Admission and statistics of `/api/execute`.
    pub exec: Arc<crate::sandbox::ExecGate>,
    /// Process start, for uptime.
    pub started: Instant,
}

/// A boxed route producing a finished response.
pub type Route = BoxedFilter<(Response,)>;

/// Every route, with JSON 404/405 and one access-log line per request.
pub fn routes(
    state: Arc<AppState>,
) -> impl Filter<Extract = (Response,), Error = Infallible> + Clone {
    let api = health::routes(state.clone())
        .or(whoami::routes(state.clone()))
        .unify()
        .or(sessions::routes(state.clone()))
        .unify()
        .or(messages::routes(state.clone()))
        .unify()
        .or(memories::routes(state.clone()))
        .unify()
        .or(identity::routes(state.clone()))
        .unify()
        .or(operators::routes(state.clone()))
        .unify()
        .or(plugins::routes(state.clone()))
        .unify()
        .or(execute::routes(state))
        .unify()
        .boxed();

    warp::any()
        .map(Instant::now)
        .and(warp::method())
        .and(warp::path::full())
        .and(
            api.map(Outcome::Done)
                .recover(|rej| async move { Ok::<_, Infallible>(Outcome::Rejected(rej)) })
                .unify(),
        )
        .map(
            |start: Instant, method: Method, path: FullPath, outcome: Outcome| {
                let resp = match outcome {
                    Outcome::Done(resp) => resp,
                    Outcome::Rejected(rej) => rejection_to_response(&rej, &method, &path),
                };
                access_log(start, &method, &path, resp)
            },
        )
}

/// A route's result, or why no route took the request.
enum Outcome {
    Done(Response),
    Rejected(Rejection),
}

/// Maps what no route accepted to the JSON error body.
fn rejection_to_response(rej: &Rejection, method: &Method, path: &FullPath) -> Response {
    let err = if rej.find::<warp::reject::MethodNotAllowed>().is_some() {
        ApiError::MethodNotAllowed
    } else {
        ApiError::RouteNotFound {
            method: method.to_string(),
            path: path.as_str().to_string(),
        }
    };
    err.into_response()
}

fn access_log(start: Instant, method: &Method, path: &FullPath, resp: Response) -> Response {
    let status = resp.status();
    let vault = resp
        .extensions()
        .get::<ServedVault>()
        .map_or_else(|| "-".to_string(), |v| v.0.to_string());
    let latency_ms = start.elapsed().as_secs_f64() * 1000.0;
    if status.is_server_error() {
        tracing::warn!(target: "metamorph::access", method = %method, path = path.as_str(), status = status.as_u16(), latency_ms, vault, "request");
    } else {
        tracing::info!(target: "metamorph::access", method = %method, path = path.as_str(), status = status.as_u16(), latency_ms, vault, "request");
    }
    resp
}
