//! Loading rules: broken plugins are reported and skipped, fuel budgets hold.

use serde_json::json;

use crate::common::{assert_error, Opts, Server};

fn stage(dir: &std::path::Path, folder: &str, manifest: &str, wasm: &[u8], file: &str) {
    let d = dir.join(folder);
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(d.join("plugin.toml"), manifest).unwrap();
    std::fs::write(d.join(file), wasm).unwrap();
}

fn testing_wasm(name: &str) -> Vec<u8> {
    let dir = std::path::Path::new(env!("METAMORPH_TEST_PLUGINS_DIR"));
    let folder = name.trim_start_matches("test-");
    std::fs::read(
        dir.join(folder)
            .join(format!("{}.wasm", name.replace('-', "_"))),
    )
    .unwrap()
}

#[tokio::test]
async fn broken_plugins_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    stage(dir.path(), "garbage", "name = \"garbage\"\nversion = \"1\"\nworld = \"memory-operator\"\ndescription = \"x\"\ncomponent = \"g.wasm\"\n", b"\0asm not really", "g.wasm");
    stage(
        dir.path(),
        "bad-manifest",
        "name = \"Bad Name\"\n",
        b"",
        "x.wasm",
    );
    stage(
        dir.path(),
        "missing-file",
        "name = \"missing\"\nversion = \"1\"\nworld = \"memory-operator\"\ndescription = \"x\"\ncomponent = \"nope.wasm\"\n",
        b"",
        "other.wasm",
    );
    // Right component, wrong name: describe() must agree with the manifest.
    stage(
        dir.path(),
        "impostor",
        "name = \"impostor\"\nversion = \"1\"\nworld = \"memory-operator\"\ndescription = \"x\"\ncomponent = \"test_trap.wasm\"\n",
        &testing_wasm("test-trap"),
        "test_trap.wasm",
    );
    // Unknown capability.
    stage(
        dir.path(),
        "greedy",
        "name = \"greedy\"\nversion = \"1\"\nworld = \"memory-operator\"\ndescription = \"x\"\ncomponent = \"a.wasm\"\n[capabilities]\ngrants = [\"network\"]\n",
        b"",
        "a.wasm",
    );
    let s = Server::start(Opts::dev().env("PLUGINS_DIR", dir.path().to_str().unwrap()));
    let (st, p) = s.get("/api/plugins", "v").await;
    assert_eq!(st, 200);
    let rejected = p["rejected"].as_array().unwrap();
    let reason = |needle: &str| {
        rejected
            .iter()
            .find(|r| r["origin"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("{needle} not rejected: {p}"))["reason"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(reason("garbage").contains("not a valid component"));
    assert!(reason("bad-manifest").contains("invalid manifest"));
    assert!(reason("missing-file").contains("cannot read"));
    assert!(reason("impostor").contains("describe()"));
    assert!(reason("greedy").contains("unknown capability"));
    // The bundled operators are unaffected and the server serves.
    assert_eq!(
        p["loaded"].as_array().unwrap().len(),
        4,
        "3 operators + js-runtime: {p}"
    );
    assert_eq!(s.get("/api/health", "v").await.0, 200);
}

#[tokio::test]
async fn fuel_budgets_stop_runaway_loops() {
    let dir = tempfile::tempdir().unwrap();
    stage(
        dir.path(),
        "spin",
        "name = \"test-spin\"\nversion = \"1\"\nworld = \"memory-operator\"\ndescription = \"x\"\ncomponent = \"test_spin.wasm\"\n[limits]\ntimeout-ms = 60000\nfuel = 50000000\n",
        &testing_wasm("test-spin"),
        "test_spin.wasm",
    );
    let s = Server::start(Opts::dev().env("PLUGINS_DIR", dir.path().to_str().unwrap()));
    let (st, body) = s
        .post("/api/operators/test-spin/run", "fuel", json!({}))
        .await;
    assert_error(st, &body, 504, "PLUGIN_FUEL_EXHAUSTED");
}
