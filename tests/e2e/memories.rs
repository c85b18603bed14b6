//! Memories: CRUD, filters, search, paging.

use serde_json::{json, Value};

use crate::common::{assert_error, Opts, Server};

fn ids(list: &Value) -> Vec<String> {
    list["memories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn crud_round_trip() {
    let s = Server::start(Opts::dev());
    let v = "mem-vault";
    let (st, m) = s
        .post("/api/memories", v, json!({"type": "semantic", "content": "Paris is in France", "importance": 0.9, "metadata": {"source": "atlas", "n": 1}}))
        .await;
    assert_eq!(st, 201, "{m}");
    let id = m["id"].as_str().unwrap();
    assert!(id.starts_with("mem_"));
    assert_eq!(m["type"], "semantic");
    assert_eq!(m["importance"], 0.9);
    assert_eq!(m["metadata"], json!({"source": "atlas", "n": 1}));
    assert_eq!(m["sessionId"], Value::Null);

    let (st, got) = s.get(&format!("/api/memories/{id}"), v).await;
    assert_eq!((st, &got), (200, &m));

    let (st, patched) = s
        .patch(&format!("/api/memories/{id}"), v, json!({"importance": 0.25, "metadata": {"source": "edited"}, "type": "episodic", "decay": 0.1}))
        .await;
    assert_eq!(st, 200, "{patched}");
    assert_eq!(patched["importance"], 0.25);
    assert_eq!(patched["type"], "episodic");
    assert_eq!(patched["decay"], 0.1);
    assert_eq!(patched["metadata"], json!({"source": "edited"}));
    assert_eq!(patched["content"], "Paris is in France");
    assert!(patched["updatedAt"].as_str().unwrap() >= m["updatedAt"].as_str().unwrap());

    let (_, content_patch) = s
        .patch(
            &format!("/api/memories/{id}"),
            v,
            json!({"content": "Lyon is in France"}),
        )
        .await;
    assert_eq!(content_patch["content"], "Lyon is in France");
    // Search follows the content change.
    assert_eq!(s.get("/api/memories?q=Lyon", v).await.1["total"], 1);
    assert_eq!(s.get("/api/memories?q=Paris", v).await.1["total"], 0);

    let (st, del) = s.delete(&format!("/api/memories/{id}"), v).await;
    assert_eq!((st, del["success"].clone()), (200, json!(true)));
    let (st, body) = s.get(&format!("/api/memories/{id}"), v).await;
    assert_error(st, &body, 404, "NOT_FOUND");
    assert_eq!(s.get("/api/memories?q=Lyon", v).await.1["total"], 0);
}

#[tokio::test]
async fn defaults_and_integer_importance() {
    let s = Server::start(Opts::dev());
    let (st, m) = s
        .post(
            "/api/memories",
            "d",
            json!({"type": "identity", "content": "I am curious"}),
        )
        .await;
    assert_eq!(st, 201);
    assert_eq!(m["importance"], 0.5);
    assert_eq!(m["metadata"], json!({}));
    let (st, m) = s
        .post(
            "/api/memories",
            "d",
            json!({"type": "identity", "content": "edge", "importance": 1}),
        )
        .await;
    assert_eq!((st, m["importance"].as_f64()), (201, Some(1.0)));
    let (st, _) = s
        .post(
            "/api/memories",
            "d",
            json!({"type": "identity", "content": "edge", "importance": 0}),
        )
        .await;
    assert_eq!(st, 201);
}

#[tokio::test]
async fn filters_search_and_paging() {
    let s = Server::start(Opts::dev());
    let v = "filter-vault";
    let (_, sess) = s.post("/api/sessions", v, json!({"name": "s"})).await;
    let sid = sess["id"].as_str().unwrap();
    let rows = [
        ("episodic", "walked the dog in the park", 0.2, None),
        ("episodic", "the dog barked at a cat", 0.7, Some(sid)),
        ("semantic", "cats are mammals", 0.9, None),
        ("semantic", "Dogs are loyal companions", 0.4, Some(sid)),
        ("identity", "I prefer cats to dogs", 0.6, None),
        ("semantic", "Café au lait is coffee with milk", 0.5, None),
    ];
    for (kind, content, imp, session) in rows {
        let mut body = json!({"type": kind, "content": content, "importance": imp});
        if let Some(sid) = session {
            body["sessionId"] = json!(sid);
        }
        assert_eq!(s.post("/api/memories", v, body).await.0, 201);
    }
    let (st, all) = s.get("/api/memories", v).await;
    assert_eq!(st, 200);
    assert_eq!(all["total"], 6);
    assert_eq!(all["vaultId"], v);
    // Newest first.
    assert_eq!(
        all["memories"][0]["content"],
        "Café au lait is coffee with milk"
    );

    let total = |q: &str| {
        let q = q.to_string();
        let s = &s;
        async move {
            s.get(&format!("/api/memories?{q}"), v).await.1["total"]
                .as_i64()
                .unwrap()
        }
    };
    assert_eq!(total("type=semantic").await, 3);
    assert_eq!(total("type=episodic&minImportance=0.5").await, 1);
    assert_eq!(total("minImportance=0.6").await, 3);
    assert_eq!(total(&format!("sessionId={sid}")).await, 2);
    // Full-text: every word must match, case-insensitive, prefixes match.
    assert_eq!(total("q=dog").await, 4);
    assert_eq!(total("q=DOG%20park").await, 1);
    assert_eq!(total("q=cat").await, 3);
    assert_eq!(total("q=cats&type=identity").await, 1);
    assert_eq!(total("q=cafe").await, 1, "diacritics folded");
    assert_eq!(total("q=zebra").await, 0);
    assert_eq!(
        total("q=%22%20OR%20%2A").await,
        0,
        "FTS syntax is not interpreted"
    );
    assert_eq!(total("q=dog&sessionId=ses_nope").await, 0);

    // Default limit is 10; limit/offset page through with a stable total.
    for i in 0..15 {
        s.post(
            "/api/memories",
            v,
            json!({"type": "semantic", "content": format!("filler {i}")}),
        )
        .await;
    }
    let (_, first) = s.get("/api/memories", v).await;
    assert_eq!(first["memories"].as_array().unwrap().len(), 10);
    assert_eq!(first["total"], 21);
    let mut seen = Vec::new();
    for offset in (0..21).step_by(7) {
        let (_, page) = s
            .get(&format!("/api/memories?limit=7&offset={offset}"), v)
            .await;
        assert_eq!(page["total"], 21);
        seen.extend(ids(&page));
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (21, 21));
    let (_, past) = s.get("/api/memories?offset=500", v).await;
    assert_eq!(
        (
            past["memories"].as_array().unwrap().len(),
            past["total"].clone()
        ),
        (0, json!(21))
    );
}
