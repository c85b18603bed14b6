//! Adversarial cross-vault isolation: several vaults run hundreds of random
//! operations concurrently, including attacks on each other's ids. No
//! response may carry another vault's data, and at the end every vault sees
//! exactly its own rows.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{Opts, Server};

const VAULTS: usize = 6;
const OPS_PER_VAULT: usize = 120;

fn vault(i: usize) -> String {
    format!("iso-vault-{i}")
}

/// A token that appears in every row a vault writes, and nowhere else.
fn marker(i: usize) -> String {
    format!("zq{i:03}mark")
}

/// Fails if `body` mentions any vault other than `me`.
fn assert_clean(me: usize, body: &Value, what: &str) {
    let text = body.to_string();
    for other in (0..VAULTS).filter(|o| *o != me) {
        assert!(
            !text.contains(&marker(other)),
            "{what}: vault {me} saw vault {other}'s data: {text}"
        );
        assert!(
            !text.contains(&format!("\"{}\"", vault(other))),
            "{what}: vault {me} saw vault id {other}: {text}"
        );
    }
}

#[derive(Default)]
struct Registry {
    memories: Vec<(usize, String)>,
    sessions: Vec<(usize, String)>,
}

async fn run_vault(
    s: Arc<Server>,
    me: usize,
    seed: u64,
    reg: Arc<Mutex<Registry>>,
) -> (BTreeMap<String, String>, Vec<String>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let v = vault(me);
    let mk = marker(me);
    let mut memories: BTreeMap<String, String> = BTreeMap::new();
    let mut sessions: Vec<String> = Vec::new();

    for op in 0..OPS_PER_VAULT {
        let foreign_mem = {
            let r = reg.lock().unwrap();
            let theirs: Vec<&(usize, String)> =
                r.memories.iter().filter(|(o, _)| *o != me).collect();
            (!theirs.is_empty()).then(|| theirs[rng.random_range(0..theirs.len())].1.clone())
        };
        let foreign_ses = {
            let r = reg.lock().unwrap();
            let theirs: Vec<&(usize, String)> =
                r.sessions.iter().filter(|(o, _)| *o != me).collect();
            (!theirs.is_empty()).then(|| theirs[rng.random_range(0..theirs.len())].1.clone())
        };
        let choice = rng.random_range(0..12);
        let what = format!("vault {me} op {op} choice {choice}");
        let (status, body) = match choice {
            0..=2 => {
                let content = format!("common note {op} {mk}");
                let (st, b) = s
                    .post(
                        "/api/memories",
                        &v,
                        json!({"type": "semantic", "content": content, "metadata": {"owner": mk}}),
                    )
                    .await;
                assert_eq!(st, 201, "{what}: {b}");
                let id = b["id"].as_str().unwrap().to_string();
                memories.insert(id.clone(), content);
                reg.lock().unwrap().memories.push((me, id));
                (st, b)
            }
            3 => {
                let (st, b) = s
                    .post(
                        "/api/sessions",
                        &v,
                        json!({"name": format!("session {op} {mk}")}),
                    )
                    .await;
                assert_eq!(st, 201, "{what}: {b}");
                let id = b["id"].as_str().unwrap().to_string();
                sessions.push(id.clone());
                reg.lock().unwrap().sessions.push((me, id));
                (st, b)
            }
            4 => {
                let (st, b) = s.get("/api/memories?limit=100", &v).await;
                assert_eq!(st, 200);
                assert_eq!(
                    b["total"].as_u64().unwrap() as usize,
                    memories.len(),
                    "{what}"
                );
                (st, b)
            }
            5 => {
                let (st, b) = s.get("/api/memories?q=common&limit=100", &v).await;
                assert_eq!(
                    b["total"].as_u64().unwrap() as usize,
                    memories.len(),
                    "{what}: search"
                );
                (st, b)
            }
            6 => match foreign_mem {
                Some(id) => {
                    let method = [Method::GET, Method::PATCH, Method::DELETE]
                        [rng.random_range(0..3)]
                    .clone();
                    let body = (method == Method::PATCH)
                        .then(|| json!({"content": format!("stolen by {mk}"), "importance": 0}));
                    let (st, b) = s
                        .call(method, &format!("/api/memories/{id}"), &v, body)
                        .await;
                    assert_eq!(st, 404, "{what}: foreign memory reachable: {b}");
                    (st, b)
                }
                None => s.get("/api/sessions", &v).await,
            },
            7 => match foreign_ses {
                Some(id) => {
                    let (method, path, body) = match rng.random_range(0..4) {
                        0 => (Method::GET, format!("/api/sessions/{id}"), None),
                        1 => (Method::DELETE, format!("/api/sessions/{id}"), None),
                        2 => (
                            Method::POST,
                            format!("/api/sessions/{id}/messages"),
                            Some(json!({"role": "user", "content": "x"})),
                        ),
                        _ => (
                            Method::POST,
                            "/api/memories".to_string(),
                            Some(
                                json!({"type": "semantic", "content": format!("x {mk}"), "sessionId": id}),
                            ),
                        ),
                    };
                    let (st, b) = s.call(method, &path, &v, body).await;
                    assert_eq!(st, 404, "{what}: foreign session reachable: {b}");
                    (st, b)
                }
                None => s.get("/api/sessions", &v).await,
            },
            8 if !memories.is_empty() => {
                let id = memories
                    .keys()
                    .nth(rng.random_range(0..memories.len()))
                    .unwrap()
                    .clone();
                let content = format!("common edited {op} {mk}");
                let (st, b) = s
                    .patch(
                        &format!("/api/memories/{id}"),
                        &v,
                        json!({"content": content}),
                    )
                    .await;
                assert_eq!(st, 200, "{what}: {b}");
                memories.insert(id, content);
                (st, b)
            }
            9 if !memories.is_empty() => {
                let id = memories
                    .keys()
                    .nth(rng.random_range(0..memories.len()))
                    .unwrap()
                    .clone();
                let (st, b) = s.delete(&format!("/api/memories/{id}"), &v).await;
                assert_eq!(st, 200, "{what}: {b}");
                memories.remove(&id);
                (st, b)
            }
            10 if !memories.is_empty() => {
                let (id, content) = memories
                    .iter()
                    .nth(rng.random_range(0..memories.len()))
                    .unwrap();
                let (st, b) = s.get(&format!("/api/memories/{id}"), &v).await;
                assert_eq!(
                    (st, b["content"].as_str().unwrap()),
                    (200, content.as_str()),
                    "{what}"
                );
                (st, b)
            }
            _ => {
                let (st, b) = s.get("/api/sessions?limit=100", &v).await;
                assert_eq!(
                    b["total"].as_u64().unwrap() as usize,
                    sessions.len(),
                    "{what}"
                );
                (st, b)
            }
        };
        assert!(status < 500, "{what}: server error {body}");
        assert_clean(me, &body, &what);
    }
    (memories, sessions)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn random_operations_never_cross_vaults() {
    let s = Arc::new(Server::start(Opts::dev()));
    let reg = Arc::new(Mutex::new(Registry::default()));
    let seed: u64 = std::env::var("ISOLATION_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(rand::random);
    eprintln!("isolation seed: {seed} (set ISOLATION_SEED to replay)");

    let tasks: Vec<_> = (0..VAULTS)
        .map(|i| {
            tokio::spawn(run_vault(
                s.clone(),
                i,
                seed.wrapping_add(i as u64),
                reg.clone(),
            ))
        })
        .collect();
    let mut models = Vec::new();
    for t in tasks {
        models.push(t.await.expect("vault task panicked"));
    }

    // Every vault sees exactly its own rows, untouched by the others.
    for (i, (memories, sessions)) in models.iter().enumerate() {
        let v = vault(i);
        let mut seen = BTreeMap::new();
        let mut offset = 0;
        loop {
            let (_, page) = s
                .get(&format!("/api/memories?limit=100&offset={offset}"), &v)
                .await;
            assert_clean(i, &page, "final memory list");
            let items = page["memories"].as_array().unwrap();
            if items.is_empty() {
                break;
            }
            for m in items {
                seen.insert(
                    m["id"].as_str().unwrap().to_string(),
                    m["content"].as_str().unwrap().to_string(),
                );
            }
            offset += items.len();
        }
        assert_eq!(
            &seen, memories,
            "vault {i} memories differ from its own history"
        );
        let (_, list) = s.get("/api/sessions?limit=100", &v).await;
        let mut got: Vec<String> = list["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_string())
            .collect();
        let mut want = sessions.clone();
        got.sort();
        want.sort();
        assert_eq!(got, want, "vault {i} sessions");
    }

    // And at the storage level, every row carries its own vault's marker.
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let mut stmt = conn
        .prepare("SELECT vault_id, content FROM memories")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap();
    for row in rows {
        let (vid, content) = row.unwrap();
        let i: usize = vid.trim_start_matches("iso-vault-").parse().unwrap();
        assert!(content.contains(&marker(i)), "row of {vid} holds {content}");
    }
}
