//! `GET /api/plugins` (admin): every plugin the server tried to load, with
//! the reason for each rejection.

use std::sync::Arc;

use serde_json::json;
use warp::Filter;

use super::request::{ok, req, Req};
use super::{AppState, Route};
use crate::auth::Permission;

/// Plugin admin routes.
pub fn routes(state: Arc<AppState>) -> Route {
    warp::path!("api" / "plugins")
        .and(warp::get())
        .and(req(state))
        .then(|r: Req| {
            r.run(Some(Permission::Admin), |ctx| async move {
                let loaded: Vec<_> = ctx
                    .state
                    .plugins
                    .all()
                    .map(|p| {
                        json!({
                            "name": p.manifest.name,
                            "version": p.info.version,
                            "world": p.manifest.world,
                            "origin": p.origin,
                            "capabilities": p.manifest.capabilities,
                            "limits": p.manifest.limits,
                            "loadSource": p.load_source,
                            "loadMs": p.load_time.as_secs_f64() * 1000.0,
                        })
                    })
                    .collect();
                ok(&json!({ "loaded": loaded, "rejected": ctx.state.plugins.rejected() }))
            })
        })
        .boxed()
}
