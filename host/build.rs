//! Build script:
//! 1. embeds `../migrations/NNNN_name.sql` into the binary, in order;
//! 2. builds the first-party plugins and test components in `../plugins`
//!    for `wasm32-wasip2` (their own cargo workspace, their own target dir),
//!    embeds the first-party ones, and stages everything under
//!    `target/plugins-dist/` (tests find the test components there).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = manifest_dir
        .parent()
        .expect("host/ has a parent")
        .to_path_buf();
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    embed_migrations(&root.join("migrations"), &out);
    build_plugins(&root, &out);
}

fn embed_migrations(dir: &Path, out: &Path) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    let mut code = String::from(
        "/// Embedded migrations: (version, name, sql).\npub const MIGRATIONS: &[(i64, &str, &str)] = &[\n",
    );
    for (i, path) in files.iter().enumerate() {
        let stem = path.file_stem().unwrap().to_string_lossy();
        let (num, name) = stem
            .split_once('_')
            .unwrap_or_else(|| panic!("migration {stem} must be named NNNN_name.sql"));
        let version: i64 = num
            .parse()
            .unwrap_or_else(|_| panic!("migration {stem} must start with a number"));
        assert_eq!(
            version,
            i as i64 + 1,
            "migrations must be numbered 1, 2, 3, ... without gaps"
        );
        let abs = path.canonicalize().unwrap();
        writeln!(
            code,
            "    ({version}, {name:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    std::fs::write(out.join("migrations.rs"), code).unwrap();
}

/// Environment variables of this build script that must not leak into the
/// nested cargo (they describe the host build, not the wasm one).
fn scrub(cmd: &mut Command) {
    const KEEP: &[&str] = &["CARGO_HOME", "CARGO_NET_OFFLINE", "CARGO_TERM_COLOR"];
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().into_owned();
        let drop = (k.starts_with("CARGO_")
            && !KEEP.contains(&k.as_str())
            && !k.starts_with("CARGO_REGISTRIES_")
            && !k.starts_with("CARGO_HTTP_"))
            || [
                "RUSTC",
                "RUSTDOC",
                "RUSTC_WORKSPACE_WRAPPER",
                "RUSTFLAGS",
                "TARGET",
                "HOST",
                "OUT_DIR",
            ]
            .contains(&k.as_str());
        if drop {
            cmd.env_remove(&k);
        }
    }
}

fn build_plugins(root: &Path, out: &Path) {
    let plugins = root.join("plugins");
    for dir in ["plugins", "sdk", "wit"] {
        println!("cargo:rerun-if-changed={}", root.join(dir).display());
    }
    let target_root = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root.join(p) })
        .unwrap_or_else(|| root.join("target"));
    let wasm_target_dir = target_root.join("plugins");
    let dist = target_root.join("plugins-dist");

    if !plugins.join("Cargo.toml").exists() {
        println!("cargo:warning=no plugins/Cargo.toml: building without bundled plugins");
        std::fs::write(
            out.join("bundled_plugins.rs"),
            "/// No plugins were available at build time.\npub const BUNDLED: &[(&str, &str, &[u8])] = &[];\n",
        )
        .unwrap();
        println!(
            "cargo:rustc-env=METAMORPH_TEST_PLUGINS_DIR={}",
            dist.join("testing").display()
        );
        return;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    scrub(&mut cmd);
    cmd.args([
        "build",
        "--release",
        "--target",
        "wasm32-wasip2",
        "--manifest-path",
    ])
    .arg(plugins.join("Cargo.toml"))
    .arg("--target-dir")
    .arg(&wasm_target_dir);
    if plugins.join("Cargo.lock").exists() {
        cmd.arg("--locked");
    }
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("cannot run cargo for the plugins: {e}"));
    if !status.success() {
        panic!(
            "building the plugins in {} for wasm32-wasip2 failed ({status}). \
             Is the target installed? Run `rustup toolchain install` in the repository \
             (rust-toolchain.toml names it).",
            plugins.display()
        );
    }
    let built = wasm_target_dir.join("wasm32-wasip2").join("release");

    let mut bundled = String::from(
        "/// (directory, manifest, component bytes) of each first-party plugin.\n\
         pub const BUNDLED: &[(&str, &str, &[u8])] = &[\n",
    );
    let _ = std::fs::remove_dir_all(&dist);
    for (group, dir) in plugin_dirs(&plugins) {
        let manifest_path = dir.join("plugin.toml");
        let text = std::fs::read_to_string(&manifest_path).unwrap();
        let parsed: toml::Table =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", manifest_path.display()));
        let component = parsed
            .get("component")
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("{}: missing `component`", manifest_path.display()));
        let wasm = built.join(component);
        assert!(
            wasm.exists(),
            "{} names {component}, which the plugin build did not produce in {}",
            manifest_path.display(),
            built.display()
        );
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let staged = dist.join(group).join(&name);
        std::fs::create_dir_all(&staged).unwrap();
        std::fs::copy(&manifest_path, staged.join("plugin.toml")).unwrap();
        std::fs::copy(&wasm, staged.join(component)).unwrap();
        if group == "bundled" {
            writeln!(
                bundled,
                "    ({name:?}, include_str!({:?}), include_bytes!({:?})),",
                staged.join("plugin.toml").display().to_string(),
                staged.join(component).display().to_string()
            )
            .unwrap();
        }
    }
    bundled.push_str("];\n");
    std::fs::write(out.join("bundled_plugins.rs"), bundled).unwrap();
    println!(
        "cargo:rustc-env=METAMORPH_TEST_PLUGINS_DIR={}",
        dist.join("testing").display()
    );
}

/// Plugin directories (those with a `plugin.toml`): `bundled` ones directly
/// in `plugins/`, `testing` ones in `plugins/testing/`.
fn plugin_dirs(plugins: &Path) -> Vec<(&'static str, PathBuf)> {
    let mut dirs = Vec::new();
    for (group, base) in [
        ("bundled", plugins.to_path_buf()),
        ("testing", plugins.join("testing")),
    ] {
        let Ok(entries) = std::fs::read_dir(&base) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("plugin.toml").is_file())
            .collect();
        found.sort();
        dirs.extend(found.into_iter().map(|d| (group, d)));
    }
    dirs
}
