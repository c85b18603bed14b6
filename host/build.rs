//! Embeds `../migrations/NNNN_name.sql` into the binary, in order.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    let mut out = String::from("/// Embedded migrations: (version, name, sql).\npub const MIGRATIONS: &[(i64, &str, &str)] = &[\n");
    for (i, path) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed={}", path.display());
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
            out,
            "    ({version}, {name:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("migrations.rs");
    std::fs::write(dest, out).unwrap();
}
