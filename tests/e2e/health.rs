use reqwest::Method;

use crate::common::{assert_error, send, Opts, Server};

#[tokio::test]
async fn liveness_needs_no_auth() {
    let s = Server::start(Opts::prod());
    let (st, body) = send(s.request(Method::GET, "/health")).await;
    assert_eq!(st, 200);
    assert_eq!(body["status"], "ok");
    assert!(body["timestamp"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn readiness_reports_version_and_database() {
    let s = Server::start(Opts::prod());
    let (st, body) = send(s.request(Method::GET, "/api/health")).await;
    assert_eq!(st, 200, "{body}");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body["database"]["ok"], true);
    assert_eq!(
        body["database"]["schemaVersion"],
        body["database"]["latestSchemaVersion"]
    );
    assert_eq!(body["devMode"], false);
}

#[tokio::test]
async fn unknown_routes_and_methods_get_json_errors() {
    let s = Server::start(Opts::dev());
    let (st, body) = s.get("/api/nothing-here", "v").await;
    assert_error(st, &body, 404, "NOT_FOUND");
    assert_eq!(body["details"]["path"], "/api/nothing-here");
    let (st, body) = s.get("/", "v").await;
    assert_error(st, &body, 404, "NOT_FOUND");
    let (st, body) = s.delete("/api/memories", "v").await;
    assert_error(st, &body, 405, "METHOD_NOT_ALLOWED");
    let (st, body) = s.call(Method::PUT, "/api/sessions", "v", None).await;
    assert_error(st, &body, 405, "METHOD_NOT_ALLOWED");
}
