//! Metamorph host: a multi-tenant, vault-scoped plugin-host server.
//!
//! Request path: [`api`] routes → [`auth`] (principal) → [`vault`] context →
//! handler → [`store::VaultStore`] (every statement bound to the vault).

pub mod api;
pub mod auth;
pub mod config;
pub mod error;
pub mod ids;
pub mod plugins;
pub mod sandbox;
pub mod server;
pub mod store;
pub mod telemetry;
pub mod time;
pub mod vault;
