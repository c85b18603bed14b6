//! `POST /api/execute`: JavaScript in the per-vault Wasm sandbox.

use std::sync::Arc;

use serde_json::{json, Value};

use crate::common::{assert_error, Opts, Server};

async fn exec(s: &Server, vault: &str, body: Value) -> Value {
    let (st, b) = s.post("/api/execute", vault, body).await;
    assert_eq!(st, 200, "{b}");
    assert!(b["executionTimeMs"].as_f64().is_some(), "{b}");
    b
}

async fn run(s: &Server, code: &str) -> Value {
    exec(s, "js", json!({ "code": code })).await
}

#[tokio::test]
async fn function_bodies_return_exact_json() {
    let s = Server::start(Opts::dev());
    let r = run(&s, "return 1 + 2;").await;
    assert_eq!(
        (r["success"].clone(), r["output"].clone()),
        (json!(true), json!(3))
    );
    assert_eq!(r["output"].to_string(), "3", "an integer stays an integer");
    let r = exec(
        &s,
        "js",
        json!({"code": "return x * y;", "context": {"x": 10, "y": 5}}),
    )
    .await;
    assert_eq!(r["output"], 50);
    assert_eq!(run(&s, "return undefined;").await["output"], Value::Null);
    assert_eq!(run(&s, "return 1.5;").await["output"], 1.5);
    assert_eq!(run(&s, "return 'hi';").await["output"], "hi");
    assert_eq!(
        run(&s, "return {a: [1, 'b', null, true], n: {m: 2}};").await["output"],
        json!({"a": [1, "b", null, true], "n": {"m": 2}})
    );
    let r = exec(&s, "js", json!({"code": "return ctx.items.length + ctx.name;", "context": {"ctx": {"items": [1, 2], "name": "x"}}})).await;
    assert_eq!(r["output"], "2x");
}

#[tokio::test]
async fn errors_and_console() {
    let s = Server::start(Opts::dev());
    let r = run(&s, "throw new Error('m');").await;
    assert_eq!(
        (r["success"].clone(), r["error"].clone()),
        (json!(false), json!("m"))
    );
    let r = run(&s, "return (;").await;
    assert_eq!(r["success"], false);
    assert!(r["error"].as_str().is_some_and(|e| !e.is_empty()));
    let r = run(
        &s,
        "console.log('a', 1, {b: 2}); console.warn('w'); console.error('e'); return 0;",
    )
    .await;
    let logs = r["logs"].as_array().unwrap();
    assert_eq!(logs.len(), 3, "{r}");
    assert_eq!(logs[0]["level"], "log");
    assert!(
        logs[0]["message"].as_str().unwrap().starts_with("a 1"),
        "{r}"
    );
    assert_eq!(
        (logs[1]["level"].clone(), logs[2]["level"].clone()),
        (json!("warn"), json!("error"))
    );
}

#[tokio::test]
async fn require_allowlist_and_blocked_modules() {
    let s = Server::start(Opts::dev());
    for m in [
        "fs",
        "child_process",
        "net",
        "http",
        "https",
        "os",
        "cluster",
        "worker_threads",
        "vm",
    ] {
        let r = run(&s, &format!("return require('{m}');")).await;
        assert_eq!(r["success"], false);
        assert_eq!(
            r["error"],
            format!("Module '{m}' is not allowed in sandbox.")
        );
    }
    let r = run(
        &s,
        "const p = require('path'); return p.join('/a', 'b', '../c.txt');",
    )
    .await;
    assert_eq!(r["output"], "/a/c.txt", "{r}");
    let r = run(&s, "const u = new (require('url').URL)('https://x.io:8080/p?q=1#h'); return [u.hostname, u.port, u.pathname, u.searchParams.get('q')];").await;
    assert_eq!(r["output"], json!(["x.io", "8080", "/p", "1"]), "{r}");
    let r = run(&s, "return require('querystring').parse('a=1&b=2');").await;
    assert_eq!(r["output"], json!({"a": "1", "b": "2"}), "{r}");
    let r = run(&s, "return require('util').format('%s=%d', 'n', 5);").await;
    assert_eq!(r["output"], "n=5", "{r}");
    let r = run(&s, "const E = require('events'); const e = new E(); let n = 0; e.on('x', v => n += v); e.emit('x', 2); e.emit('x', 3); return n;").await;
    assert_eq!(r["output"], 5, "{r}");
    let r = run(
        &s,
        "return require('buffer').Buffer.from('hi').toString('hex');",
    )
    .await;
    assert_eq!(r["output"], "6869", "{r}");
    let r = run(
        &s,
        "return require('crypto').createHash('sha256').update('abc').digest('hex');",
    )
    .await;
    assert_eq!(
        r["output"], "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "{r}"
    );
    let r = run(&s, "return require('crypto').randomUUID().length;").await;
    assert_eq!(r["output"], 36, "{r}");
}

#[tokio::test]
async fn no_eval_timers_or_host_objects() {
    let s = Server::start(Opts::dev());
    assert_eq!(run(&s, "return eval('1+1');").await["success"], false);
    assert_eq!(
        run(&s, "return new Function('return 1')();").await["success"],
        false
    );
    assert_eq!(
        run(
            &s,
            "return typeof setTimeout + typeof setInterval + typeof process;"
        )
        .await["output"],
        "undefinedundefinedundefined"
    );
    let r = run(&s, "return Object.keys(globalThis).filter(k => /process|Deno|Bun|require_native|fetch/.test(k));").await;
    assert_eq!(r["output"], json!([]), "{r}");
}

#[tokio::test]
async fn vault_data_persists_per_vault() {
    let s = Server::start(Opts::dev());
    let r = exec(&s, "va", json!({"code": "__vaultData__.set('k', {n: 1}); __vaultData__.set('j', 2); return __vaultData__.size;"})).await;
    assert_eq!(r["output"], 2, "{r}");
    let r = exec(&s, "va", json!({"code": "return [__vaultData__.get('k'), __vaultData__.has('j'), __vaultData__.keys().sort()];"})).await;
    assert_eq!(r["output"], json!([{"n": 1}, true, ["j", "k"]]), "{r}");
    let r = exec(
        &s,
        "vb",
        json!({"code": "return [__vaultData__.size, __vaultData__.get('k') === undefined];"}),
    )
    .await;
    assert_eq!(
        r["output"],
        json!([0, true]),
        "another vault sees nothing: {r}"
    );
    let r = exec(
        &s,
        "va",
        json!({"code": "return __vaultData__.delete('j') && !__vaultData__.has('j');"}),
    )
    .await;
    assert_eq!(r["output"], true);
}

#[tokio::test]
async fn bad_requests() {
    let s = Server::start(Opts::dev().env("EXECUTE_MAX_CODE_BYTES", "100"));
    let (st, b) = s
        .post("/api/execute", "v", json!({"code": "x".repeat(200)}))
        .await;
    assert_error(st, &b, 400, "VALIDATION_ERROR");
    let (st, b) = s
        .post(
            "/api/execute",
            "v",
            json!({"code": "return 1", "context": [1]}),
        )
        .await;
    assert_error(st, &b, 400, "VALIDATION_ERROR");
    let (st, b) = s
        .post(
            "/api/execute",
            "v",
            json!({"code": "return 1", "timeoutMs": 0}),
        )
        .await;
    assert_error(st, &b, 400, "VALIDATION_ERROR");
    let (st, b) = s
        .post(
            "/api/execute",
            "v",
            json!({"code": "return 1", "timeoutMs": 999999}),
        )
        .await;
    assert_error(st, &b, 400, "VALIDATION_ERROR");
    let (st, b) = s.post("/api/execute", "v", json!({})).await;
    assert_error(st, &b, 400, "VALIDATION_ERROR");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hostile_code_is_contained() {
    let s = Arc::new(Server::start(Opts::dev()));
    let hostile = [
        ("while (true) {}", "TIMEOUT"),
        (
            "const a = []; while (true) a.push(new Uint8Array(1 << 24));",
            "MEMORY_LIMIT",
        ),
        ("let s = 'x'; while (true) s = s + s;", "MEMORY_LIMIT"),
    ];
    let mut tasks = Vec::new();
    for (i, (code, want)) in hostile.into_iter().enumerate() {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            let r = exec(
                &s,
                &format!("evil-{i}"),
                json!({"code": code, "timeoutMs": 2000}),
            )
            .await;
            assert_eq!(r["success"], false, "{code}: {r}");
            assert_eq!(r["errorCode"], want, "{code}: {r}");
        }));
    }
    // Meanwhile another vault is served.
    for _ in 0..5 {
        let r = exec(&s, "calm", json!({"code": "return 40 + 2;"})).await;
        assert_eq!(r["output"], 42);
    }
    for t in tasks {
        t.await.unwrap();
    }
    let r = exec(
        &s,
        "x",
        json!({"code": "function f(n) { return f(n + 1); } return f(0);"}),
    )
    .await;
    assert_eq!(r["success"], false, "deep recursion: {r}");
    let r = exec(
        &s,
        "x",
        json!({"code": "return 'x'.repeat(5 * 1024 * 1024);"}),
    )
    .await;
    assert_eq!(r["success"], false, "huge output: {r}");
    let r = exec(
        &s,
        "x",
        json!({"code": "for (let i = 0; i < 100000; i++) console.log('spam ' + i); return 1;"}),
    )
    .await;
    let logs = r["logs"].as_array().unwrap();
    let bytes: usize = logs
        .iter()
        .map(|l| l["message"].as_str().unwrap().len())
        .sum();
    assert!(
        bytes <= 65_536 + 100,
        "log volume capped at 64 KiB, got {bytes}"
    );
    assert!(
        logs.last().unwrap()["message"]
            .as_str()
            .unwrap()
            .contains("truncated"),
        "{:?}",
        logs.last()
    );
    // Prototype pollution does not carry over to the next execution.
    exec(
        &s,
        "x",
        json!({"code": "Object.prototype.polluted = 1; Array.prototype.push = null; return 1;"}),
    )
    .await;
    let r = exec(
        &s,
        "x",
        json!({"code": "return [({}).polluted === undefined, typeof [].push];"}),
    )
    .await;
    assert_eq!(r["output"], json!([true, "function"]), "{r}");
    // Stats (admin) saw all of it.
    let (st, stats) = s.get("/api/sandbox/stats", "x").await;
    assert_eq!(st, 200);
    assert!(stats["timedOut"].as_u64().unwrap() >= 1);
    assert!(stats["completed"].as_u64().unwrap() >= 5);
    assert_eq!(stats["running"], 0);
    assert!(stats["vaults"]["calm"]["completed"].as_u64().unwrap() >= 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrency_limits_answer_429() {
    let s = Arc::new(Server::start(
        Opts::dev().env("EXECUTE_MAX_CONCURRENT_PER_VAULT", "1"),
    ));
    let busy = {
        let s = s.clone();
        tokio::spawn(async move {
            // Retry until admitted: the probes below may hold the slot briefly.
            loop {
                let (st, b) = s
                    .post(
                        "/api/execute",
                        "one",
                        json!({"code": "while (true) {}", "timeoutMs": 1500}),
                    )
                    .await;
                if st != 429 {
                    return b;
                }
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
        })
    };
    // Wait until the loop holds the vault's only slot.
    let mut saw_429 = false;
    for _ in 0..100 {
        let (st, b) = s
            .post("/api/execute", "one", json!({"code": "return 1"}))
            .await;
        if st == 429 {
            assert_eq!(b["code"], "EXECUTION_LIMIT_REACHED");
            saw_429 = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(saw_429, "the vault's second execution must be refused");
    // Another vault is not affected.
    assert_eq!(
        exec(&s, "two", json!({"code": "return 2"})).await["output"],
        2
    );
    assert_eq!(busy.await.unwrap()["errorCode"], "TIMEOUT");
}

#[tokio::test]
async fn vault_data_survives_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vd.db");
    let first = Server::start(Opts::dev().db(&db));
    exec(
        &first,
        "keep",
        json!({"code": "__vaultData__.set('n', 41); return 1;"}),
    )
    .await;
    drop(first);
    let second = Server::start(Opts::dev().db(&db));
    let r = exec(
        &second,
        "keep",
        json!({"code": "return __vaultData__.get('n') + 1;"}),
    )
    .await;
    assert_eq!(r["output"], 42, "{r}");
}
