//! One structured access-log line per request, with the vault id.

use std::time::Duration;

use serde_json::Value;

use crate::common::{Opts, Server};

#[tokio::test]
async fn one_json_line_per_request_with_vault() {
    let s = Server::start(Opts::dev());
    s.get("/api/sessions?limit=5", "log-vault").await;
    s.get("/api/missing", "log-vault").await;
    // The log reader is another thread: wait until both lines arrived.
    let mut lines: Vec<Value> = Vec::new();
    for _ in 0..100 {
        lines = s
            .logs()
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|v| v["target"] == "metamorph::access")
            .collect();
        if lines.iter().any(|v| v["path"] == "/api/missing") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let ok = lines
        .iter()
        .find(|v| v["path"] == "/api/sessions")
        .expect("access line");
    assert_eq!(ok["method"], "GET");
    assert_eq!(ok["status"], 200);
    assert_eq!(ok["vault"], "log-vault");
    assert!(ok["latency_ms"].as_f64().is_some());
    let miss = lines
        .iter()
        .find(|v| v["path"] == "/api/missing")
        .expect("404 line");
    assert_eq!(miss["status"], 404);
    assert_eq!(
        lines
            .iter()
            .filter(|v| v["path"] == "/api/sessions")
            .count(),
        1
    );
}
