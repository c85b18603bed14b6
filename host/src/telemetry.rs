//! Log setup: `tracing` with a pretty or JSON formatter.

use std::io::IsTerminal;

use tracing_subscriber::{fmt, EnvFilter};

use crate::config::LogFormat;

/// Installs the global subscriber. Logs go to stderr; stdout carries only
/// the "listening on" line so scripts can read the bound address.
pub fn init(filter: &str, format: LogFormat) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|e| {
        eprintln!("warning: bad log filter {filter:?} ({e}); using \"info\"");
        EnvFilter::new("info")
    });
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .init(),
        LogFormat::Pretty => builder
            .compact()
            .with_ansi(std::io::stderr().is_terminal())
            .init(),
    }
}
