//! The vault context is per request: many concurrent requests for different
//! vaults never see each other's.

use std::sync::Arc;

use reqwest::Method;

use crate::common::{token, Opts, Server};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_requests_keep_their_own_vault() {
    let s = Arc::new(Server::start(Opts::prod()));
    let mut tasks = Vec::new();
    for i in 0..400 {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            let vault = format!("ctx-{}", i % 40);
            let (st, body) = s
                .with_token(Method::GET, "/api/whoami", &token(&vault), None)
                .await;
            assert_eq!(st, 200);
            assert_eq!(body["vaultId"], vault.as_str(), "request {i}");
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
}
