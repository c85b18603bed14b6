//! Memory operators: real components built from `plugins/`, run per vault.

use std::sync::Arc;

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{assert_error, send, Opts, Server};

/// Test components (spin, hog, trap, sneaky, echo) staged by the build.
fn testing_dir() -> &'static str {
    env!("METAMORPH_TEST_PLUGINS_DIR")
}

fn with_test_plugins() -> Opts {
    Opts::dev().env("PLUGINS_DIR", testing_dir())
}

async fn memories(s: &Server, vault: &str) -> Vec<Value> {
    let (st, body) = s.get("/api/memories?limit=100", vault).await;
    assert_eq!(st, 200, "{body}");
    body["memories"].as_array().unwrap().clone()
}

async fn seed(s: &Server, vault: &str, rows: &[(&str, &str, f64)]) -> Vec<String> {
    let mut ids = Vec::new();
    for (kind, content, importance) in rows {
        let (st, m) = s
            .post("/api/memories", vault, json!({"type": kind, "content": content, "importance": importance, "metadata": {"src": "seed"}}))
            .await;
        assert_eq!(st, 201, "{m}");
        ids.push(m["id"].as_str().unwrap().to_string());
    }
    ids
}

async fn run_op(s: &Server, vault: &str, name: &str, params: Value) -> (u16, Value) {
    s.post(
        &format!("/api/operators/{name}/run"),
        vault,
        json!({ "params": params }),
    )
    .await
}

#[tokio::test]
async fn bundled_operators_are_listed_and_broken_plugins_rejected() {
    let s = Server::start(with_test_plugins());
    let (st, body) = s.get("/api/operators", "v").await;
    assert_eq!(st, 200, "{body}");
    let names: Vec<&str> = body["operators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    for want in [
        "importance-decay",
        "duplicate-consolidation",
        "keyword-tagging",
        "test-echo",
        "test-spin",
        "test-hog",
        "test-trap",
    ] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
    assert!(!names.contains(&"test-sneaky"));
    let decay = body["operators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "importance-decay")
        .unwrap();
    assert!(decay["capabilities"]
        .as_array()
        .unwrap()
        .contains(&json!("memory-store")));
    assert!(decay["description"].as_str().is_some_and(|d| !d.is_empty()));

    // Admin view: the component importing an ungranted interface is refused by name.
    let (st, plugins) = s.get("/api/plugins", "v").await;
    assert_eq!(st, 200);
    let sneaky = plugins["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "test-sneaky")
        .expect("test-sneaky rejected");
    let reason = sneaky["reason"].as_str().unwrap();
    assert!(
        reason.contains("metamorph:plugin/kv") && reason.contains("does not grant"),
        "{reason}"
    );
    assert!(s.wait_for_log("plugin rejected"), "{}", s.logs());

    let (st, health) = s.get("/api/health", "v").await;
    assert_eq!(st, 200);
    assert!(health["plugins"]["loaded"].as_u64().unwrap() >= 3);
}

#[tokio::test]
async fn plugins_view_needs_admin() {
    let s = Server::start(Opts::prod());
    let owner = crate::common::token("someone");
    let (st, body) = s
        .with_token(Method::GET, "/api/plugins", &owner, None)
        .await;
    assert_error(st, &body, 403, "FORBIDDEN");
    assert_eq!(body["details"]["required"], "admin");
}

#[tokio::test]
async fn importance_decay_halves_month_old_memories_in_one_vault_only() {
    let s = Server::start(Opts::dev());
    let rows = [
        ("episodic", "old walk in the park", 0.8),
        ("semantic", "old fact", 0.06),
        ("semantic", "fresh fact", 0.5),
    ];
    let a = seed(&s, "decay-a", &rows).await;
    let b = seed(&s, "decay-b", &rows).await;
    // Age the first two memories of both vaults by 30 days, straight in SQLite.
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let month_ago = (chrono::Utc::now() - chrono::Duration::days(30))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    for id in a[..2].iter().chain(&b[..2]) {
        conn.execute(
            "UPDATE memories SET updated_at = ?1 WHERE id = ?2",
            [&month_ago, id],
        )
        .unwrap();
    }
    let before_b = memories(&s, "decay-b").await;

    let (st, run) = run_op(
        &s,
        "decay-a",
        "importance-decay",
        json!({"halfLifeDays": 30, "pruneThreshold": 0.05}),
    )
    .await;
    assert_eq!(st, 200, "{run}");
    assert!(run["runId"].as_str().unwrap().starts_with("run_"));
    assert!(run["durationMs"].as_f64().unwrap() >= 0.0);
    let eff = run["effectiveness"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&eff));
    assert!(run["changed"].as_u64().unwrap() >= 2, "{run}");

    let after: Vec<Value> = memories(&s, "decay-a").await;
    let by_id = |id: &str| after.iter().find(|m| m["id"] == id).cloned();
    let walk = by_id(&a[0]).expect("decayed, not pruned");
    let imp = walk["importance"].as_f64().unwrap();
    assert!(
        (imp - 0.4).abs() < 0.01,
        "0.8 after one half-life should be ~0.4, got {imp}"
    );
    assert!(
        by_id(&a[1]).is_none(),
        "0.06 -> 0.03 is under the threshold and must be pruned"
    );
    let fresh = by_id(&a[2]).unwrap();
    assert!((fresh["importance"].as_f64().unwrap() - 0.5).abs() < 0.001);

    assert_eq!(
        memories(&s, "decay-b").await,
        before_b,
        "another vault must be untouched"
    );
}

#[tokio::test]
async fn duplicate_consolidation_merges_within_the_vault() {
    let s = Server::start(Opts::dev());
    let rows = [
        ("semantic", "The cat sat on the mat.", 0.3),
        ("semantic", "the cat sat on the mat", 0.9),
        ("semantic", "Dogs chase cars", 0.5),
        ("episodic", "the cat sat on the mat", 0.2),
    ];
    let a = seed(&s, "dup-a", &rows).await;
    seed(&s, "dup-b", &rows).await;
    let (_, extra) = s
        .patch(
            &format!("/api/memories/{}", a[0]),
            "dup-a",
            json!({"metadata": {"src": "seed", "color": "red"}}),
        )
        .await;
    assert_eq!(extra["metadata"]["color"], "red");
    let before_b = memories(&s, "dup-b").await;

    let (st, run) = run_op(&s, "dup-a", "duplicate-consolidation", json!({})).await;
    assert_eq!(st, 200, "{run}");
    let after = memories(&s, "dup-a").await;
    assert_eq!(after.len(), 3, "one semantic duplicate merged: {after:?}");
    let cats: Vec<&Value> = after
        .iter()
        .filter(|m| {
            m["type"] == "semantic"
                && m["content"]
                    .as_str()
                    .unwrap()
                    .to_lowercase()
                    .contains("cat")
        })
        .collect();
    assert_eq!(cats.len(), 1);
    assert_eq!(cats[0]["importance"], 0.9, "keeps the highest importance");
    assert_eq!(
        cats[0]["metadata"]["color"], "red",
        "metadata merged from the deleted copy"
    );
    assert!(
        after.iter().any(|m| m["type"] == "episodic"),
        "different kinds are not merged"
    );
    assert!(run["changed"].as_u64().unwrap() >= 1);

    assert_eq!(
        memories(&s, "dup-b").await,
        before_b,
        "another vault must be untouched"
    );
}

#[tokio::test]
async fn keyword_tagging_writes_tags_for_this_vault() {
    let s = Server::start(Opts::dev());
    let rows = [
        (
            "semantic",
            "Rust ownership makes memory safety practical",
            0.5,
        ),
        ("semantic", "Python is popular for data science", 0.5),
        (
            "semantic",
            "Rust borrow checker enforces ownership rules",
            0.5,
        ),
    ];
    seed(&s, "tag-a", &rows).await;
    seed(&s, "tag-b", &rows).await;
    let before_b = memories(&s, "tag-b").await;

    let (st, run) = run_op(&s, "tag-a", "keyword-tagging", json!({"topK": 3})).await;
    assert_eq!(st, 200, "{run}");
    for m in memories(&s, "tag-a").await {
        let tags = m["metadata"]["tags"]
            .as_array()
            .unwrap_or_else(|| panic!("no tags on {m}"));
        assert!(!tags.is_empty() && tags.len() <= 3, "{m}");
        assert_eq!(m["metadata"]["src"], "seed", "other metadata kept");
        let content = m["content"].as_str().unwrap().to_lowercase();
        for t in tags {
            assert!(
                content.contains(t.as_str().unwrap()),
                "tag {t} not from {content}"
            );
        }
    }
    assert_eq!(
        memories(&s, "tag-b").await,
        before_b,
        "another vault must be untouched"
    );
}

#[tokio::test]
async fn bad_runs_are_rejected() {
    let s = Server::start(Opts::dev());
    let (st, body) = run_op(&s, "v", "no-such-operator", json!({})).await;
    assert_error(st, &body, 404, "NOT_FOUND");
    let (st, body) = s
        .post(
            "/api/operators/importance-decay/run",
            "v",
            json!({"params": [1]}),
        )
        .await;
    assert_error(st, &body, 400, "VALIDATION_ERROR");
    let (st, body) = run_op(&s, "v", "importance-decay", json!({"halfLifeDays": "soon"})).await;
    assert_error(st, &body, 400, "INVALID_PARAMS");
    let (st, body) = run_op(&s, "v", "importance-decay", json!({"halfLifeDays": -1})).await;
    assert_error(st, &body, 400, "INVALID_PARAMS");
    // An empty body runs with defaults.
    let (st, body) = send(
        s.request(Method::POST, "/api/operators/keyword-tagging/run")
            .header("x-vault-id", "v"),
    )
    .await;
    assert_eq!(st, 200, "{body}");
}

#[tokio::test]
async fn runs_are_recorded_with_posteriors_and_suggestions() {
    let s = Server::start(with_test_plugins());
    seed(
        &s,
        "perf",
        &[
            ("semantic", "alpha beta gamma", 0.5),
            ("semantic", "alpha beta gamma", 0.4),
        ],
    )
    .await;
    assert_eq!(
        run_op(&s, "perf", "duplicate-consolidation", json!({}))
            .await
            .0,
        200
    );
    assert_eq!(
        run_op(&s, "perf", "keyword-tagging", json!({})).await.0,
        200
    );
    let (st, failed) = run_op(&s, "perf", "test-trap", json!({})).await;
    assert_error(st, &failed, 502, "PLUGIN_TRAPPED");
    assert!(failed["details"]["runId"]
        .as_str()
        .unwrap()
        .starts_with("run_"));

    let (st, perf) = s.get("/api/operators/performance", "perf").await;
    assert_eq!(st, 200);
    let row = |n: &str| {
        perf["operators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == n)
            .unwrap()
            .clone()
    };
    let dup = row("duplicate-consolidation");
    assert_eq!(
        (
            dup["runs"].clone(),
            dup["successes"].clone(),
            dup["failures"].clone()
        ),
        (json!(1), json!(1), json!(0))
    );
    let e = dup["meanEffectiveness"].as_f64().unwrap();
    assert!((dup["posterior"]["alpha"].as_f64().unwrap() - (1.0 + e)).abs() < 1e-9);
    assert!((dup["posterior"]["beta"].as_f64().unwrap() - (2.0 - e)).abs() < 1e-9);
    let trap = row("test-trap");
    assert_eq!(
        (trap["runs"].clone(), trap["failures"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(trap["posterior"]["beta"], 2.0);
    let decay = row("importance-decay");
    assert_eq!(decay["runs"], 0);
    assert_eq!(decay["posterior"]["mean"], 0.5);

    // Another vault has its own statistics.
    let (_, other) = s.get("/api/operators/performance", "perf-other").await;
    assert!(other["operators"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["runs"] == 0));

    let (st, hist) = s
        .get("/api/operators/runs?operator=test-trap", "perf")
        .await;
    assert_eq!((st, hist["total"].clone()), (200, json!(1)));
    assert_eq!(hist["runs"][0]["errorCode"], "PLUGIN_TRAPPED");
    assert_eq!(s.get("/api/operators/runs", "perf").await.1["total"], 3);

    let (st, sug) = s.post("/api/operators/suggest", "perf", json!({})).await;
    assert_eq!(st, 200, "{sug}");
    let names: Vec<&str> = sug["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&sug["operator"].as_str().unwrap()));
    assert_eq!(sug["method"], "thompson-sampling");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hostile_components_are_stopped_while_other_vaults_carry_on() {
    let s = Arc::new(Server::start(with_test_plugins()));
    seed(&s, "calm", &[("semantic", "calm vault memory", 0.5)]).await;

    let hostile = {
        let s = s.clone();
        tokio::spawn(async move {
            let spin = run_op(&s, "evil-1", "test-spin", json!({}));
            let hog = run_op(&s, "evil-2", "test-hog", json!({}));
            let trap = run_op(&s, "evil-3", "test-trap", json!({}));
            tokio::join!(spin, hog, trap)
        })
    };
    // While those run, another vault's ordinary and plugin requests succeed.
    for i in 0..10 {
        let (st, body) = s.get("/api/memories", "calm").await;
        assert_eq!((st, body["total"].clone()), (200, json!(1)), "round {i}");
        let (st, body) = run_op(&s, "calm", "test-echo", json!({"round": i})).await;
        assert_eq!(st, 200, "round {i}: {body}");
    }
    let ((st, spin), (st2, hog), (st3, trap)) = hostile.await.unwrap();
    assert_error(st, &spin, 504, "PLUGIN_TIMEOUT");
    assert_error(st2, &hog, 502, "PLUGIN_MEMORY_LIMIT");
    assert_error(st3, &trap, 502, "PLUGIN_TRAPPED");
    // And the server is still healthy.
    assert_eq!(s.get("/api/health", "calm").await.0, 200);
}

#[tokio::test]
async fn kv_and_memory_store_are_scoped_to_the_calling_vault() {
    let s = Server::start(with_test_plugins());
    seed(
        &s,
        "kv-a",
        &[("semantic", "one", 0.5), ("semantic", "two", 0.5)],
    )
    .await;
    let (st, a) = run_op(&s, "kv-a", "test-echo", json!({"note": "from a"})).await;
    assert_eq!(st, 200, "{a}");
    let (st, b) = run_op(&s, "kv-b", "test-echo", json!({"note": "from b"})).await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(a["report"]["details"]["count"], 2);
    assert_eq!(b["report"]["details"]["count"], 0);
    assert_eq!(a["report"]["details"]["params"]["note"], "from a");
    // Each vault's kv is its own: the previous value seen is its own last run.
    let (_, a2) = run_op(&s, "kv-a", "test-echo", json!({"note": "again a"})).await;
    assert!(
        a2.to_string().contains("from a") && !a2.to_string().contains("from b"),
        "{a2}"
    );
}

#[tokio::test]
async fn compiled_components_are_cached_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.db");
    let cache = dir.path().join("plugin-cache");
    let opts = Opts::dev()
        .db(&db)
        .env("PLUGIN_CACHE_DIR", cache.to_str().unwrap());
    let first = Server::start(opts.clone());
    let (_, p1) = first.get("/api/plugins", "v").await;
    drop(first);
    let second = Server::start(opts);
    let (_, p2) = second.get("/api/plugins", "v").await;
    let sources = |p: &Value| {
        p["loaded"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["loadSource"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(sources(&p2).iter().all(|s| s == "cache"), "{p2}");
    assert_eq!(sources(&p1).len(), sources(&p2).len());
    assert!(sources(&p1).iter().all(|s| s == "compiled"), "{p1}");
    assert!(cache.is_dir());
}

#[tokio::test]
async fn wasi_gives_no_ambient_authority() {
    let s = Server::start(with_test_plugins().env("SOME_HOST_SECRET", "leak-me"));
    let (st, run) = run_op(&s, "snoop", "test-snoop", json!({})).await;
    assert_eq!(st, 200, "{run}");
    let d = &run["report"]["details"];
    assert_eq!(d["env"], json!([]), "no environment: {d}");
    assert_eq!(d["args"], json!([]), "no arguments: {d}");
    for probe in ["readRoot", "readCwd", "readPasswd", "tcpConnect"] {
        assert_eq!(d[probe], false, "{probe} must fail: {d}");
    }
    // Without the `clock` grant, WASI clocks are frozen.
    assert_eq!(
        (d["wallSecs"].clone(), d["monotonicNs"].clone()),
        (json!(0), json!(0)),
        "{d}"
    );
    assert!(!run.to_string().contains("leak-me"));
}
