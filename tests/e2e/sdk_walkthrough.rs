//! The SDK README's walk-through, followed literally: its Cargo.toml,
//! lib.rs and plugin.toml blocks become a fresh crate, which is built for
//! wasm32-wasip2, installed into a PLUGINS_DIR and run through the API.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;

use crate::common::{Opts, Server};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The fenced block of `lang` that follows `heading` in `text`.
fn block_after(text: &str, heading: &str, lang: &str) -> String {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("README lacks {heading:?}"));
    let fence = format!("```{lang}\n");
    let open = start
        + text[start..]
            .find(&fence)
            .unwrap_or_else(|| panic!("no {lang} block after {heading:?}"))
        + fence.len();
    let close = open + text[open..].find("```").unwrap();
    text[open..close].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sdk_readme_walkthrough_produces_a_loaded_plugin() {
    let root = repo_root();
    let readme = std::fs::read_to_string(root.join("sdk/README.md")).unwrap();
    let cargo_toml = block_after(&readme, "### 2. `Cargo.toml`", "toml");
    let lib_rs = block_after(&readme, "### 3. `src/lib.rs`", "rust");
    let plugin_toml = block_after(&readme, "### 5. `plugin.toml`", "toml");

    // Step 1: `cargo new --lib my-operator`, with the README's files.
    let work = tempfile::tempdir().unwrap();
    let krate = work.path().join("my-operator");
    std::fs::create_dir_all(krate.join("src")).unwrap();
    let sdk_path = root.join("sdk");
    assert!(
        cargo_toml.contains("path = \"../metamorph/sdk\""),
        "README's dependency line changed:\n{cargo_toml}"
    );
    let cargo_toml = cargo_toml.replace("../metamorph/sdk", sdk_path.to_str().unwrap());
    std::fs::write(krate.join("Cargo.toml"), cargo_toml).unwrap();
    std::fs::write(krate.join("src/lib.rs"), lib_rs).unwrap();

    // Step 4: build (sharing the plugins' target dir so dependencies are reused).
    let target_dir = root.join("target").join("plugins");
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    for (k, _) in std::env::vars() {
        if k.starts_with("CARGO_") && k != "CARGO_HOME" {
            cmd.env_remove(k);
        }
    }
    let status = cmd
        .current_dir(&root)
        .args([
            "build",
            "--release",
            "--target",
            "wasm32-wasip2",
            "--manifest-path",
        ])
        .arg(krate.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target_dir)
        .status()
        .unwrap();
    assert!(status.success(), "building the README's operator failed");
    let wasm = target_dir.join("wasm32-wasip2/release/my_operator.wasm");
    assert!(wasm.exists(), "{} missing", wasm.display());

    // Step 6: install it.
    let dist = work.path().join("plugins-dist");
    std::fs::create_dir_all(dist.join("my-operator")).unwrap();
    std::fs::write(dist.join("my-operator/plugin.toml"), plugin_toml).unwrap();
    std::fs::copy(&wasm, dist.join("my-operator/my_operator.wasm")).unwrap();

    // Step 7: run it.
    let s = Server::start(Opts::dev().env("PLUGINS_DIR", dist.to_str().unwrap()));
    let (st, ops) = s.get("/api/operators", "my-vault").await;
    assert_eq!(st, 200);
    assert!(
        ops["operators"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["name"] == "my-operator"),
        "not loaded: {ops}\n{}",
        s.logs()
    );
    let (_, m) = s
        .post(
            "/api/memories",
            "my-vault",
            json!({"type": "semantic", "content": "The garden needs watering", "importance": 0.4}),
        )
        .await;
    let (st, run) = s
        .post(
            "/api/operators/my-operator/run",
            "my-vault",
            json!({"params": {"word": "garden", "boost": 0.2}}),
        )
        .await;
    assert_eq!(st, 200, "{run}");
    assert_eq!(run["changed"], 1);
    let (_, after) = s
        .get(
            &format!("/api/memories/{}", m["id"].as_str().unwrap()),
            "my-vault",
        )
        .await;
    assert!(
        (after["importance"].as_f64().unwrap() - 0.6).abs() < 1e-9,
        "{after}"
    );
    // Its own error path: a missing word is the caller's mistake.
    let (st, bad) = s
        .post(
            "/api/operators/my-operator/run",
            "my-vault",
            json!({"params": {}}),
        )
        .await;
    assert_eq!((st, bad["code"].clone()), (400, json!("INVALID_PARAMS")));
}
