//! Sessions and messages.

use serde_json::json;

use crate::common::{assert_error, Opts, Server};

#[tokio::test]
async fn session_lifecycle_with_messages_and_cascade() {
    let s = Server::start(Opts::dev());
    let v = "sess-vault";

    let (st, created) = s
        .post("/api/sessions", v, json!({"name": "  Planning  "}))
        .await;
    assert_eq!(st, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("ses_"));
    assert_eq!(created["name"], "Planning");
    assert_eq!(created["messageCount"], 0);
    for k in ["createdAt", "updatedAt", "lastAccessed"] {
        assert!(created[k].as_str().unwrap().ends_with('Z'), "{k}");
    }

    // Default name, with `{}` or no body at all.
    let (st, unnamed) = s.post("/api/sessions", v, json!({})).await;
    assert_eq!((st, unnamed["name"].clone()), (201, json!("New session")));
    let (st, bare) = crate::common::send(
        s.request(reqwest::Method::POST, "/api/sessions")
            .header("x-vault-id", v),
    )
    .await;
    assert_eq!((st, bare["name"].clone()), (201, json!("New session")));

    // Messages, in order, with the count on the detail.
    for (role, text) in [
        ("user", "hi"),
        ("assistant", "hello"),
        ("system", "note"),
        ("tool", "{}"),
    ] {
        let (st, m) = s
            .post(
                &format!("/api/sessions/{id}/messages"),
                v,
                json!({"role": role, "content": text}),
            )
            .await;
        assert_eq!(st, 201, "{m}");
        assert!(m["id"].as_str().unwrap().starts_with("msg_"));
        assert_eq!(
            (
                m["role"].as_str().unwrap(),
                m["sessionId"].as_str().unwrap()
            ),
            (role, id.as_str())
        );
    }
    let (st, hist) = s.get(&format!("/api/sessions/{id}/messages"), v).await;
    assert_eq!(st, 200);
    assert_eq!(hist["total"], 4);
    let contents: Vec<&str> = hist["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["content"].as_str().unwrap())
        .collect();
    assert_eq!(contents, ["hi", "hello", "note", "{}"]);
    let (_, page) = s
        .get(&format!("/api/sessions/{id}/messages?limit=2&offset=1"), v)
        .await;
    let contents: Vec<&str> = page["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["content"].as_str().unwrap())
        .collect();
    assert_eq!(
        (contents, page["total"].clone()),
        (vec!["hello", "note"], json!(4))
    );

    let (st, detail) = s.get(&format!("/api/sessions/{id}"), v).await;
    assert_eq!(st, 200);
    assert_eq!(detail["messageCount"], 4);
    assert!(detail["lastAccessed"].as_str().unwrap() >= created["lastAccessed"].as_str().unwrap());

    // List: newest access first, total and vaultId.
    let (st, list) = s.get("/api/sessions", v).await;
    assert_eq!(st, 200);
    assert_eq!(list["total"], 3);
    assert_eq!(list["vaultId"], v);
    assert_eq!(list["sessions"][0]["id"], id.as_str());
    let (_, page) = s.get("/api/sessions?limit=1&offset=1", v).await;
    assert_eq!(page["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(page["total"], 3);

    // Rename.
    let (st, renamed) = s
        .patch(
            &format!("/api/sessions/{id}"),
            v,
            json!({"name": "Renamed"}),
        )
        .await;
    assert_eq!((st, renamed["name"].clone()), (200, json!("Renamed")));
    assert_eq!(
        s.get(&format!("/api/sessions/{id}"), v).await.1["name"],
        "Renamed"
    );

    // A memory tied to the session survives it, detached.
    let (_, mem) = s
        .post(
            "/api/memories",
            v,
            json!({"type": "episodic", "content": "we planned", "sessionId": id}),
        )
        .await;
    assert_eq!(mem["sessionId"], id.as_str());

    // Delete cascades to messages.
    let (st, del) = s.delete(&format!("/api/sessions/{id}"), v).await;
    assert_eq!(st, 200);
    assert_eq!(del["success"], true);
    assert!(del["deletedAt"].as_str().unwrap().ends_with('Z'));
    let (st, body) = s.get(&format!("/api/sessions/{id}"), v).await;
    assert_error(st, &body, 404, "NOT_FOUND");
    let (st, body) = s.get(&format!("/api/sessions/{id}/messages"), v).await;
    assert_error(st, &body, 404, "NOT_FOUND");
    let (st, body) = s.delete(&format!("/api/sessions/{id}"), v).await;
    assert_error(st, &body, 404, "NOT_FOUND");
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let left: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM messages WHERE session_id = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    let (_, kept) = s
        .get(&format!("/api/memories/{}", mem["id"].as_str().unwrap()), v)
        .await;
    assert_eq!(kept["sessionId"], serde_json::Value::Null);
    assert_eq!(kept["content"], "we planned");
}

#[tokio::test]
async fn message_validation() {
    let s = Server::start(Opts::dev());
    let (_, sess) = s.post("/api/sessions", "mv", json!({"name": "x"})).await;
    let path = format!("/api/sessions/{}/messages", sess["id"].as_str().unwrap());
    for bad in [
        json!({"role": "robot", "content": "x"}),
        json!({"role": "user"}),
        json!({"role": "user", "content": "   "}),
        json!({"role": "user", "content": 5}),
        json!({"role": "user", "content": "x", "metadata": [1]}),
        json!({"role": "user", "content": "x", "extra": true}),
    ] {
        let (st, body) = s.post(&path, "mv", bad.clone()).await;
        assert_error(st, &body, 400, "VALIDATION_ERROR");
    }
    assert_eq!(s.get(&path, "mv").await.1["total"], 0, "no partial writes");
    let (st, body) = s
        .post(
            "/api/sessions/ses_missing/messages",
            "mv",
            json!({"role": "user", "content": "x"}),
        )
        .await;
    assert_error(st, &body, 404, "NOT_FOUND");
}
