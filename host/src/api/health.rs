//! `GET /health` (liveness) and `GET /api/health` (readiness detail).

use std::sync::Arc;

use serde_json::json;
use warp::http::StatusCode;
use warp::Filter;

use super::request::json;
use super::{AppState, Route};
use crate::store::migrations;

/// Health routes; neither needs authentication.
pub fn routes(state: Arc<AppState>) -> Route {
    let live = warp::path!("health").and(warp::get()).map(|| {
        json(
            StatusCode::OK,
            &json!({"status": "ok", "timestamp": crate::time::now()}),
        )
    });

    let ready = warp::path!("api" / "health")
        .and(warp::get())
        .then(move || {
            let state = state.clone();
            async move {
                let db = state.db.schema_version().await;
                let status = if db.is_ok() {
                    StatusCode::OK
                } else {
                    StatusCode::SERVICE_UNAVAILABLE
                };
                if let Err(e) = &db {
                    tracing::error!(error = %e, "health check: database unavailable");
                }
                json(
                    status,
                    &json!({
                        "status": if db.is_ok() { "ok" } else { "degraded" },
                        "version": env!("CARGO_PKG_VERSION"),
                        "timestamp": crate::time::now(),
                        "uptimeSeconds": state.started.elapsed().as_secs(),
                        "devMode": state.auth.dev_mode(),
                        "plugins": {
                            "loaded": state.plugins.operators().count(),
                            "rejected": state.plugins.rejected().len(),
                        },
                        "database": {
                            "ok": db.is_ok(),
                            "schemaVersion": db.as_ref().ok(),
                            "latestSchemaVersion": migrations::latest_version(),
                        },
                    }),
                )
            }
        });
    live.or(ready).unify().boxed()
}
