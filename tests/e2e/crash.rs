//! Acknowledged writes survive SIGKILL.

use std::sync::Arc;

use serde_json::json;

use crate::common::{Opts, Server};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let s = Arc::new(Server::start(Opts::dev().db(&db)));

    // Concurrent writers; only 2xx answers count as acknowledged.
    let mut tasks = Vec::new();
    for w in 0..8 {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            let mut acked = Vec::new();
            for i in 0..40 {
                let (st, m) = s
                    .post(
                        "/api/memories",
                        "crash-vault",
                        json!({"type": "episodic", "content": format!("writer {w} item {i}")}),
                    )
                    .await;
                assert_eq!(st, 201);
                acked.push(m["id"].as_str().unwrap().to_string());
            }
            acked
        }));
    }
    let mut acked = Vec::new();
    for t in tasks {
        acked.extend(t.await.unwrap());
    }
    let (_, sess) = s
        .post("/api/sessions", "crash-vault", json!({"name": "durable"}))
        .await;

    let mut s = Arc::try_unwrap(s).ok().expect("no other owners");
    s.kill();
    drop(s);

    let s = Server::start(Opts::dev().db(&db));
    let (_, list) = s.get("/api/memories?limit=1", "crash-vault").await;
    assert_eq!(list["total"].as_u64().unwrap() as usize, acked.len());
    for id in &acked {
        assert_eq!(
            s.get(&format!("/api/memories/{id}"), "crash-vault").await.0,
            200,
            "{id} lost"
        );
    }
    assert_eq!(
        s.get(
            &format!("/api/sessions/{}", sess["id"].as_str().unwrap()),
            "crash-vault"
        )
        .await
        .0,
        200
    );
}
