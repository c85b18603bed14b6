//! `GET /api/whoami`: the principal this request was authenticated as,
//! read back from the vault context.

use std::sync::Arc;

use serde_json::json;
use warp::Filter;

use super::request::{ok, req, Req};
use super::{AppState, Route};
use crate::vault;

/// The whoami route; any authenticated caller may use it.
pub fn routes(state: Arc<AppState>) -> Route {
    warp::path!("api" / "whoami")
        .and(warp::get())
        .and(req(state))
        .then(|r: Req| {
            r.run(None, |_ctx| async {
                // Read from the task-local context, not from the request,
                // so this endpoint shows what every layer below sees.
                let principal = vault::current()?;
                ok(&json!({
                    "vaultId": vault::current_vault()?.as_str(),
                    "userId": principal.user_id,
                    "email": principal.email,
                    "permissions": principal.permissions,
                    "tier": principal.tier,
                }))
            })
        })
        .boxed()
}
