//! Runtime configuration: environment variables with CLI overrides.
//!
//! Everything the server reads from its environment is declared here, so
//! `metamorph --help` is the complete list.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{builder::BoolishValueParser, Args, Parser, Subcommand, ValueEnum};

/// Minimum HS256 secret length accepted in production mode (RFC 7518 §3.2).
pub const MIN_SECRET_BYTES: usize = 32;

/// Command line of the `metamorph` binary.
#[derive(Debug, Parser)]
#[command(
    name = "metamorph",
    version,
    about = "Metamorph host: a multi-tenant, vault-scoped plugin-host server",
    long_about = "Metamorph host: a multi-tenant, vault-scoped plugin-host server.\n\n\
                  Every setting can come from the environment variable shown in brackets; \
                  a command-line flag overrides it. Without a subcommand, `serve` runs."
)]
pub struct Cli {
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Settings shared by every subcommand.
    #[command(flatten)]
    pub settings: Settings,
}

/// Subcommands.
#[derive(Debug, Subcommand, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Run the HTTP server (applies pending migrations first).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
}

/// Log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable, coloured when on a terminal.
    Pretty,
    /// One JSON object per line, for log collectors.
    Json,
}

/// All settings; each has an environment variable and a flag.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Address to listen on.
    #[arg(long, env = "HOST", default_value = "127.0.0.1", global = true)]
    pub host: IpAddr,

    /// Port to listen on (0 picks a free port; the chosen one is printed).
    #[arg(long, env = "PORT", default_value_t = 3001, global = true)]
    pub port: u16,

    /// SQLite database file; its parent directory is created.
    #[arg(
        long,
        env = "DATABASE_PATH",
        default_value = "./data/metamorph.db",
        global = true
    )]
    pub database_path: PathBuf,

    /// Development mode: trust the `X-Vault-Id` header (default vault `dev-vault`). Never in production.
    #[arg(
        long = "dev-mode",
        env = "EMBLEM_DEV_MODE",
        value_parser = BoolishValueParser::new(),
        default_value = "false",
        default_missing_value = "true",
        num_args = 0..=1,
        global = true
    )]
    pub dev_mode: bool,

    /// HS256 secret for verifying JWTs (at least 32 bytes outside dev mode).
    #[arg(long, env = "EMBLEM_JWT_SECRET", hide_env_values = true, global = true)]
    pub jwt_secret: Option<String>,

    /// Largest accepted request body, in bytes; larger bodies get 413.
    #[arg(long, env = "MAX_BODY_BYTES", default_value_t = 2 * 1024 * 1024, global = true)]
    pub max_body_bytes: u64,

    /// Database connections in the pool.
    #[arg(long, env = "DATABASE_POOL_SIZE", default_value_t = 8, global = true)]
    pub database_pool_size: usize,

    /// Seconds to wait for in-flight requests on SIGTERM/SIGINT before exiting anyway.
    #[arg(long, env = "SHUTDOWN_GRACE_SECS", default_value_t = 30, global = true)]
    pub shutdown_grace_secs: u64,

    /// Directory of extra plugins: folders (or the directory itself) holding a
    /// `plugin.toml` and its component. Missing is fine; bundled plugins always load.
    #[arg(
        long,
        env = "PLUGINS_DIR",
        default_value = "./plugins-dist",
        global = true
    )]
    pub plugins_dir: PathBuf,

    /// Where compiled components are cached (default: `plugin-cache` beside the database).
    #[arg(long, env = "PLUGIN_CACHE_DIR", global = true)]
    pub plugin_cache_dir: Option<PathBuf>,

    /// Cache compiled components on disk so restarts do not recompile.
    #[arg(
        long,
        env = "PLUGIN_CACHE",
        value_parser = BoolishValueParser::new(),
        default_value = "true",
        num_args = 0..=1,
        default_missing_value = "true",
        global = true
    )]
    pub plugin_cache: bool,

    /// Default and largest `timeoutMs` of `/api/execute`.
    #[arg(
        long,
        env = "EXECUTE_TIMEOUT_MS",
        default_value_t = 30_000,
        global = true
    )]
    pub execute_timeout_ms: u32,

    /// Largest `code` accepted by `/api/execute`, in bytes.
    #[arg(
        long,
        env = "EXECUTE_MAX_CODE_BYTES",
        default_value_t = 100_000,
        global = true
    )]
    pub execute_max_code_bytes: usize,

    /// Largest serialized output of one execution, in bytes.
    #[arg(
        long,
        env = "EXECUTE_MAX_OUTPUT_BYTES",
        default_value_t = 1_048_576,
        global = true
    )]
    pub execute_max_output_bytes: u32,

    /// Largest console output of one execution, in bytes.
    #[arg(
        long,
        env = "EXECUTE_MAX_LOG_BYTES",
        default_value_t = 65_536,
        global = true
    )]
    pub execute_max_log_bytes: u32,

    /// Executions at once, all vaults together (more get 429).
    #[arg(
        long,
        env = "EXECUTE_MAX_CONCURRENT",
        default_value_t = 16,
        global = true
    )]
    pub execute_max_concurrent: usize,

    /// Executions at once in one vault (more get 429).
    #[arg(
        long,
        env = "EXECUTE_MAX_CONCURRENT_PER_VAULT",
        default_value_t = 4,
        global = true
    )]
    pub execute_max_concurrent_per_vault: usize,

    /// Log filter in `tracing` syntax, e.g. `info` or `metamorph_host=debug`.
    #[arg(long, env = "RUST_LOG", default_value = "info", global = true)]
    pub log: String,

    /// Log line format.
    #[arg(
        long,
        env = "LOG_FORMAT",
        value_enum,
        default_value = "pretty",
        global = true
    )]
    pub log_format: LogFormat,
}

/// A configuration the server refuses to run with.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    /// No way to authenticate anybody.
    #[error(
        "no authentication configured: set EMBLEM_JWT_SECRET (a random secret of at least \
         {MIN_SECRET_BYTES} bytes) to verify JWTs, or set EMBLEM_DEV_MODE=true for local \
         development with the X-Vault-Id header"
    )]
    NoAuth,
    /// HS256 secret too short for production.
    #[error(
        "EMBLEM_JWT_SECRET is {0} bytes; production mode needs at least {MIN_SECRET_BYTES} \
         (generate one with `openssl rand -hex 32`)"
    )]
    WeakSecret(usize),
    /// A body limit of zero would reject every write.
    #[error("MAX_BODY_BYTES must be at least 1")]
    ZeroBodyLimit,
    /// A pool without connections cannot serve.
    #[error("DATABASE_POOL_SIZE must be at least 1")]
    ZeroPool,
}

impl Settings {
    /// Checks the combination of settings; the server refuses to start on error.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let secret = self.jwt_secret.as_deref().filter(|s| !s.is_empty());
        match (self.dev_mode, secret) {
            (false, None) => return Err(ConfigError::NoAuth),
            (false, Some(s)) if s.len() < MIN_SECRET_BYTES => {
                return Err(ConfigError::WeakSecret(s.len()))
            }
            _ => {}
        }
        if self.max_body_bytes == 0 {
            return Err(ConfigError::ZeroBodyLimit);
        }
        if self.database_pool_size == 0 {
            return Err(ConfigError::ZeroPool);
        }
        Ok(())
    }

    /// The compiled-component cache directory, if caching is on.
    pub fn cache_dir(&self) -> Option<PathBuf> {
        if !self.plugin_cache {
            return None;
        }
        Some(self.plugin_cache_dir.clone().unwrap_or_else(|| {
            self.database_path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."))
                .join("plugin-cache")
        }))
    }

    /// The configured secret, if any (empty counts as unset).
    pub fn secret(&self) -> Option<&str> {
        self.jwt_secret.as_deref().filter(|s| !s.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Settings {
        let mut all = vec!["metamorph"];
        all.extend_from_slice(args);
        Cli::try_parse_from(all).unwrap().settings
    }

    #[test]
    fn refuses_without_auth() {
        let s = parse(&["--jwt-secret", ""]);
        assert_eq!(s.validate(), Err(ConfigError::NoAuth));
    }

    #[test]
    fn refuses_short_secret_in_production() {
        let s = parse(&["--jwt-secret", "short"]);
        assert_eq!(s.validate(), Err(ConfigError::WeakSecret(5)));
        let long = "x".repeat(32);
        assert_eq!(parse(&["--jwt-secret", &long]).validate(), Ok(()));
    }

    #[test]
    fn dev_mode_needs_no_secret() {
        assert_eq!(parse(&["--dev-mode"]).validate(), Ok(()));
        assert_eq!(
            parse(&["--dev-mode", "true", "--jwt-secret", "short"]).validate(),
            Ok(())
        );
    }
}
