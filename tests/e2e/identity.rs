//! Identity checkpoints.

use serde_json::json;

use crate::common::{assert_error, Opts, Server};

#[tokio::test]
async fn checkpoints_evolve_newest_first() {
    let s = Server::start(Opts::dev());
    let v = "id-vault";
    let (st, body) = s.get("/api/identity", v).await;
    assert_error(st, &body, 404, "NOT_FOUND");
    let (st, hist) = s.get("/api/identity/checkpoints", v).await;
    assert_eq!((st, hist["total"].clone()), (200, json!(0)));

    let (st, c1) = s
        .post("/api/identity/checkpoints", v, json!({"selfModel": {"summary": "a helper"}, "values": ["honesty"], "goals": ["learn"], "reason": "first"}))
        .await;
    assert_eq!(st, 201, "{c1}");
    assert!(c1["id"].as_str().unwrap().starts_with("chk_"));
    assert_eq!(c1["version"], 1);
    assert_eq!(c1["values"], json!(["honesty"]));
    assert_eq!(c1["traits"], json!({}));
    let (st, c2) = s
        .post("/api/identity/checkpoints", v, json!({"selfModel": "a better helper", "values": ["honesty", "care"], "traits": {"curiosity": 0.9}}))
        .await;
    assert_eq!(st, 201);
    assert_eq!(c2["version"], 2);
    assert_eq!(c2["goals"], json!([]));

    let (st, latest) = s.get("/api/identity", v).await;
    assert_eq!((st, &latest), (200, &c2));
    let (_, hist) = s.get("/api/identity/checkpoints", v).await;
    assert_eq!(hist["total"], 2);
    assert_eq!(hist["vaultId"], v);
    assert_eq!(hist["checkpoints"][0]["version"], 2);
    assert_eq!(hist["checkpoints"][1]["version"], 1);
    let (_, page) = s.get("/api/identity/checkpoints?limit=1&offset=1", v).await;
    assert_eq!(page["checkpoints"][0]["id"], c1["id"]);

    // Another vault has its own history.
    assert_eq!(s.get("/api/identity", "other-id-vault").await.0, 404);
    let (_, o1) = s
        .post(
            "/api/identity/checkpoints",
            "other-id-vault",
            json!({"selfModel": {}}),
        )
        .await;
    assert_eq!(o1["version"], 1);
}

#[tokio::test]
async fn checkpoint_validation() {
    let s = Server::start(Opts::dev());
    for bad in [
        json!({}),
        json!({"selfModel": null}),
        json!({"selfModel": {}, "values": "honesty"}),
        json!({"selfModel": {}, "goals": {"a": 1}}),
        json!({"selfModel": {}, "traits": [1]}),
        json!({"selfModel": {}, "reason": 7}),
        json!({"selfModel": {}, "unknown": 1}),
    ] {
        let (st, body) = s.post("/api/identity/checkpoints", "cv", bad.clone()).await;
        assert_error(st, &body, 400, "VALIDATION_ERROR");
    }
    assert_eq!(s.get("/api/identity/checkpoints", "cv").await.1["total"], 0);
}
