//! Bad input is a 4xx with the JSON error body, never a 500 and never a
//! partial write.

use std::io::{Read, Write};

use reqwest::Method;
use serde_json::json;

use crate::common::{assert_error, send, Opts, Server};

async fn raw(
    s: &Server,
    method: Method,
    path: &str,
    body: &'static str,
) -> (u16, serde_json::Value) {
    send(
        s.request(method, path)
            .header("x-vault-id", "bad")
            .header("content-type", "application/json")
            .body(body),
    )
    .await
}

#[tokio::test]
async fn malformed_json_and_wrong_types() {
    let s = Server::start(Opts::dev());
    for body in [
        "{",
        "not json",
        "{\"type\": \"semantic\",}",
        "{\"type\": \"semantic\", \"content\": \"x\"",
        "\u{0}",
    ] {
        let (st, b) = raw(&s, Method::POST, "/api/memories", body).await;
        assert_error(st, &b, 400, "INVALID_JSON");
    }
    let (st, b) = raw(&s, Method::POST, "/api/memories", "").await;
    assert_error(st, &b, 400, "INVALID_JSON");
    for body in [
        json!([]),
        json!("string"),
        json!({"type": 1, "content": "x"}),
        json!({"type": "semantic", "content": ["x"]}),
        json!({"type": "semantic", "content": "x", "importance": "high"}),
        json!({"type": "semantic", "content": "x", "importance": 1.5}),
        json!({"type": "semantic", "content": "x", "importance": -0.01}),
        json!({"type": "procedural", "content": "x"}),
        json!({"type": "semantic"}),
        json!({"type": "semantic", "content": ""}),
        json!({"type": "semantic", "content": "x", "metadata": "tags"}),
        json!({"type": "semantic", "content": "x", "sessionId": 12}),
        json!({"type": "semantic", "content": "x", "surprise": true}),
    ] {
        let (st, b) = s.post("/api/memories", "bad", body.clone()).await;
        assert_error(st, &b, 400, "VALIDATION_ERROR");
    }
    let (st, b) = s
        .post(
            "/api/memories",
            "bad",
            json!({"type": "procedural", "content": "x"}),
        )
        .await;
    assert_error(st, &b, 400, "VALIDATION_ERROR");
    assert_eq!(b["details"]["field"], "type");
    assert!(b["error"].as_str().unwrap().contains("episodic"));

    for body in [
        json!({"name": 5}),
        json!({"name": ""}),
        json!({"name": "x".repeat(201)}),
        json!({"title": "x"}),
    ] {
        let (st, b) = s.post("/api/sessions", "bad", body).await;
        assert_error(st, &b, 400, "VALIDATION_ERROR");
    }
    // Nothing was written by any of the above.
    assert_eq!(s.get("/api/memories", "bad").await.1["total"], 0);
    assert_eq!(s.get("/api/sessions", "bad").await.1["total"], 0);
}

#[tokio::test]
async fn patch_validation_leaves_row_untouched() {
    let s = Server::start(Opts::dev());
    let (_, m) = s
        .post(
            "/api/memories",
            "bad",
            json!({"type": "semantic", "content": "keep me", "importance": 0.3}),
        )
        .await;
    let path = format!("/api/memories/{}", m["id"].as_str().unwrap());
    for body in [
        json!({}),
        json!({"importance": 2}),
        json!({"type": "nope"}),
        json!({"content": "   "}),
        json!({"decay": -1}),
        json!({"metadata": 3}),
        json!({"importance": 0.9, "type": "nope"}),
        json!({"id": "mem_other"}),
    ] {
        let (st, b) = s.patch(&path, "bad", body.clone()).await;
        assert_error(st, &b, 400, "VALIDATION_ERROR");
    }
    let (_, after) = s.get(&path, "bad").await;
    assert_eq!(after, m, "a rejected patch must not change anything");
    let (st, b) = s
        .patch("/api/sessions/ses_x", "bad", json!({"name": ""}))
        .await;
    assert_error(st, &b, 400, "VALIDATION_ERROR");
}

#[tokio::test]
async fn bad_query_parameters() {
    let s = Server::start(Opts::dev());
    for q in [
        "limit=0",
        "limit=101",
        "limit=ten",
        "limit=-5",
        "offset=-1",
        "offset=1.5",
        "minImportance=2",
        "minImportance=high",
        "type=procedural",
    ] {
        let (st, b) = s.get(&format!("/api/memories?{q}"), "bad").await;
        assert_error(st, &b, 400, "INVALID_QUERY");
    }
    let long_q = "a".repeat(501);
    let (st, b) = s.get(&format!("/api/memories?q={long_q}"), "bad").await;
    assert_error(st, &b, 400, "INVALID_QUERY");
    for path in [
        "/api/sessions?limit=1000",
        "/api/identity/checkpoints?offset=x",
    ] {
        let (st, b) = s.get(path, "bad").await;
        assert_error(st, &b, 400, "INVALID_QUERY");
        assert!(b["details"]["param"].is_string());
    }
    // Unknown parameters are ignored; limit=100 is allowed.
    assert_eq!(
        s.get("/api/memories?limit=100&whatever=1", "bad").await.0,
        200
    );
}

#[tokio::test]
async fn oversized_bodies_get_413() {
    let s = Server::start(Opts::dev().env("MAX_BODY_BYTES", "4096"));
    let big = json!({"type": "semantic", "content": "x".repeat(5000)});
    let (st, b) = s.post("/api/memories", "bad", big).await;
    assert_error(st, &b, 413, "PAYLOAD_TOO_LARGE");
    assert_eq!(b["details"]["limitBytes"], 4096);
    // A chunked body without Content-Length is cut off too.
    let addr = s.base.trim_start_matches("http://").to_string();
    let mut conn = std::net::TcpStream::connect(&addr).unwrap();
    conn.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let head = format!(
        "POST /api/sessions HTTP/1.1\r\nHost: {addr}\r\nX-Vault-Id: bad\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    let _ = conn.write_all(head.as_bytes());
    for _ in 0..10 {
        let chunk = format!("3e8\r\n{}\r\n", " ".repeat(1000));
        if conn.write_all(chunk.as_bytes()).is_err() {
            break;
        }
    }
    let _ = conn.write_all(b"0\r\n\r\n");
    let mut resp = String::new();
    let _ = conn.read_to_string(&mut resp);
    assert!(resp.starts_with("HTTP/1.1 413"), "{resp}");
    // Just under the limit works.
    let ok = json!({"type": "semantic", "content": "x".repeat(3900)});
    assert_eq!(s.post("/api/memories", "bad", ok).await.0, 201);
    assert_eq!(s.get("/api/memories", "bad").await.1["total"], 1);
}

#[tokio::test]
async fn other_vaults_ids_are_plain_404s() {
    let s = Server::start(Opts::dev());
    let (_, sess) = s
        .post("/api/sessions", "owner", json!({"name": "private"}))
        .await;
    let (_, mem) = s
        .post(
            "/api/memories",
            "owner",
            json!({"type": "semantic", "content": "secret"}),
        )
        .await;
    let sid = sess["id"].as_str().unwrap();
    let mid = mem["id"].as_str().unwrap();

    let cases: Vec<(Method, String, Option<serde_json::Value>)> = vec![
        (Method::GET, format!("/api/sessions/{sid}"), None),
        (
            Method::PATCH,
            format!("/api/sessions/{sid}"),
            Some(json!({"name": "pwned"})),
        ),
        (Method::DELETE, format!("/api/sessions/{sid}"), None),
        (Method::GET, format!("/api/sessions/{sid}/messages"), None),
        (
            Method::POST,
            format!("/api/sessions/{sid}/messages"),
            Some(json!({"role": "user", "content": "pwned"})),
        ),
        (Method::GET, format!("/api/memories/{mid}"), None),
        (
            Method::PATCH,
            format!("/api/memories/{mid}"),
            Some(json!({"content": "pwned"})),
        ),
        (Method::DELETE, format!("/api/memories/{mid}"), None),
        (
            Method::POST,
            "/api/memories".into(),
            Some(json!({"type": "semantic", "content": "x", "sessionId": sid})),
        ),
    ];
    for (method, path, body) in cases {
        let foreign = s
            .call(method.clone(), &path, "intruder", body.clone())
            .await;
        let missing_path = path
            .replace(sid, "ses_doesnotexist000000000")
            .replace(mid, "mem_doesnotexist000000000");
        let body_missing = body.map(|b| {
            let t = b.to_string().replace(sid, "ses_doesnotexist000000000");
            serde_json::from_str(&t).unwrap()
        });
        let missing = s
            .call(method.clone(), &missing_path, "intruder", body_missing)
            .await;
        assert_error(foreign.0, &foreign.1, 404, "NOT_FOUND");
        assert_eq!(foreign.0, missing.0, "{method} {path}");
        assert_eq!(foreign.1["code"], missing.1["code"]);
        assert_eq!(
            foreign.1["details"]["resource"],
            missing.1["details"]["resource"]
        );
    }
    // The owner's data is intact.
    let (_, s_after) = s.get(&format!("/api/sessions/{sid}"), "owner").await;
    assert_eq!(
        (s_after["name"].as_str(), s_after["messageCount"].as_i64()),
        (Some("private"), Some(0))
    );
    let (_, m_after) = s.get(&format!("/api/memories/{mid}"), "owner").await;
    assert_eq!(m_after["content"], "secret");
    assert_eq!(s.get("/api/memories", "intruder").await.1["total"], 0);
}
