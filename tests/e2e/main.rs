//! End-to-end tests: each starts the real `metamorph` binary on an ephemeral
//! port with a temporary SQLite file and talks HTTP to it.

mod common;

mod auth;
mod bad_input;
mod config;
mod context;
mod crash;
mod execute;
mod health;
mod identity;
mod isolation;
mod logs;
mod memories;
mod operators;
mod plugin_loading;
mod sdk_walkthrough;
mod sessions;
