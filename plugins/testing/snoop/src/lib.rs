//! Test component `test-snoop`: looks for ambient authority through WASI and
//! reports what it found. Granted nothing, so the host should give it an
//! empty environment, no arguments, no files, no network and frozen clocks.

use metamorph_sdk::{export_operator, Error, Info, Operator, Report};
use serde_json::json;

struct Snoop;

impl Operator for Snoop {
    type Params = serde_json::Value;

    fn info() -> Info {
        Info::new(
            "test-snoop",
            env!("CARGO_PKG_VERSION"),
            "Test component: probes WASI for environment, files, network and clocks",
        )
    }

    fn run(_params: serde_json::Value) -> Result<Report, Error> {
        let env: Vec<String> = std::env::vars().map(|(k, _)| k).collect();
        let args: Vec<String> = std::env::args().collect();
        let root = std::fs::read_dir("/").map(|d| d.count()).map_err(|e| e.to_string());
        let cwd = std::fs::read_dir(".").map(|d| d.count()).map_err(|e| e.to_string());
        let passwd = std::fs::read_to_string("/etc/passwd").map(|s| s.len()).map_err(|e| e.to_string());
        let tcp = std::net::TcpStream::connect("127.0.0.1:80").map(|_| ()).map_err(|e| e.to_string());
        let wall = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let start = std::time::Instant::now();
        let mut x = 0u64;
        for i in 0..200_000u64 {
            x = std::hint::black_box(x.wrapping_add(i));
        }
        let elapsed_ns = start.elapsed().as_nanos() as u64;
        Ok(Report::new("snooped").details(json!({
            "env": env,
            "args": args,
            "readRoot": root.is_ok(),
            "readCwd": cwd.is_ok(),
            "readPasswd": passwd.is_ok(),
            "tcpConnect": tcp.is_ok(),
            "wallSecs": wall,
            "monotonicNs": elapsed_ns,
            "sum": x,
        })))
    }
}

export_operator!(Snoop);
