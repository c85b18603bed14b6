//! Sandboxed user code: admission (concurrency per vault and overall) and
//! statistics for `POST /api/execute`. The code itself runs in a
//! `sandbox-runtime` component through the plugin host.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::vault::VaultId;

/// Limits on `/api/execute`.
#[derive(Debug, Clone, Copy)]
pub struct ExecLimits {
    /// Default and maximum `timeoutMs`.
    pub max_timeout_ms: u32,
    /// Largest `code`, in bytes.
    pub max_code_bytes: usize,
    /// Largest serialized output, in bytes.
    pub max_output_bytes: u32,
    /// Largest total console output, in bytes.
    pub max_log_bytes: u32,
    /// Executions at once, all vaults together.
    pub max_concurrent: usize,
    /// Executions at once in one vault.
    pub max_per_vault: usize,
}

/// How an execution ended, for the statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Returned normally.
    Completed,
    /// Threw, trapped or hit a limit other than time.
    Failed,
    /// Ran past its deadline.
    TimedOut,
}

#[derive(Debug, Default, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct VaultCounts {
    running: u64,
    completed: u64,
    failed: u64,
    timed_out: u64,
    rejected: u64,
}

/// Admission control and counters, shared by all requests.
#[derive(Debug)]
pub struct ExecGate {
    limits: ExecLimits,
    running: AtomicU64,
    completed: AtomicU64,
    failed: AtomicU64,
    timed_out: AtomicU64,
    rejected: AtomicU64,
    vaults: Mutex<HashMap<VaultId, VaultCounts>>,
}

/// A granted execution slot; releasing it (drop) frees the slot.
#[derive(Debug)]
pub struct Slot {
    gate: Arc<ExecGate>,
    vault: VaultId,
    finished: bool,
}

/// Why an execution was not admitted.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Rejected {
    /// The vault already runs its maximum.
    #[error("this vault already runs {0} executions; retry when one finishes")]
    Vault(usize),
    /// The server already runs its maximum.
    #[error("the server already runs {0} executions; retry shortly")]
    Server(usize),
}

impl ExecGate {
    /// A gate with `limits`.
    pub fn new(limits: ExecLimits) -> Self {
        Self {
            limits,
            running: AtomicU64::new(0),
            completed: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            timed_out: AtomicU64::new(0),
            rejected: AtomicU64::new(0),
            vaults: Mutex::new(HashMap::new()),
        }
    }

    /// The configured limits.
    pub fn limits(&self) -> ExecLimits {
        self.limits
    }

    /// Takes a slot for `vault`, or says which limit is full. Never waits:
    /// a full sandbox answers 429 at once.
    pub fn admit(self: &Arc<Self>, vault: &VaultId) -> Result<Slot, Rejected> {
        let mut vaults = self.vaults.lock().unwrap_or_else(|e| e.into_inner());
        let counts = vaults.entry(vault.clone()).or_default();
        let verdict = if counts.running as usize >= self.limits.max_per_vault {
            Err(Rejected::Vault(self.limits.max_per_vault))
        } else if self.running.load(Ordering::SeqCst) as usize >= self.limits.max_concurrent {
            Err(Rejected::Server(self.limits.max_concurrent))
        } else {
            Ok(())
        };
        match verdict {
            Err(r) => {
                counts.rejected += 1;
                self.rejected.fetch_add(1, Ordering::Relaxed);
                Err(r)
            }
            Ok(()) => {
                counts.running += 1;
                self.running.fetch_add(1, Ordering::SeqCst);
                Ok(Slot {
                    gate: self.clone(),
                    vault: vault.clone(),
                    finished: false,
                })
            }
        }
    }

    /// Counters as JSON: totals and per vault.
    pub fn stats(&self) -> serde_json::Value {
        let vaults = self.vaults.lock().unwrap_or_else(|e| e.into_inner());
        serde_json::json!({
            "running": self.running.load(Ordering::SeqCst),
            "completed": self.completed.load(Ordering::Relaxed),
            "failed": self.failed.load(Ordering::Relaxed),
            "timedOut": self.timed_out.load(Ordering::Relaxed),
            "rejected": self.rejected.load(Ordering::Relaxed),
            "limits": {
                "maxConcurrent": self.limits.max_concurrent,
                "maxConcurrentPerVault": self.limits.max_per_vault,
                "maxTimeoutMs": self.limits.max_timeout_ms,
                "maxCodeBytes": self.limits.max_code_bytes,
                "maxOutputBytes": self.limits.max_output_bytes,
                "maxLogBytes": self.limits.max_log_bytes,
            },
            "vaults": vaults.iter().map(|(k, v)| (k.to_string(), serde_json::to_value(v).unwrap_or_default())).collect::<serde_json::Map<_, _>>(),
        })
    }
}

impl Slot {
    /// Records how the execution ended and frees the slot.
    pub fn finish(mut self, outcome: Outcome) {
        self.release(Some(outcome));
    }

    fn release(&mut self, outcome: Option<Outcome>) {
        if self.finished {
            return;
        }
        self.finished = true;
        let g = &self.gate;
        g.running.fetch_sub(1, Ordering::SeqCst);
        let mut vaults = g.vaults.lock().unwrap_or_else(|e| e.into_inner());
        let counts = vaults.entry(self.vault.clone()).or_default();
        counts.running = counts.running.saturating_sub(1);
        // A slot dropped without an outcome (request cancelled) counts as failed.
        match outcome.unwrap_or(Outcome::Failed) {
            Outcome::Completed => {
                counts.completed += 1;
                g.completed.fetch_add(1, Ordering::Relaxed);
            }
            Outcome::Failed => {
                counts.failed += 1;
                g.failed.fetch_add(1, Ordering::Relaxed);
            }
            Outcome::TimedOut => {
                counts.timed_out += 1;
                g.timed_out.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.release(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate(total: usize, per_vault: usize) -> Arc<ExecGate> {
        Arc::new(ExecGate::new(ExecLimits {
            max_timeout_ms: 1000,
            max_code_bytes: 10,
            max_output_bytes: 10,
            max_log_bytes: 10,
            max_concurrent: total,
            max_per_vault: per_vault,
        }))
    }

    #[test]
    fn per_vault_and_total_limits() {
        let g = gate(3, 2);
        let a = VaultId::parse("a").unwrap();
        let b = VaultId::parse("b").unwrap();
        let a1 = g.admit(&a).unwrap();
        let _a2 = g.admit(&a).unwrap();
        assert_eq!(g.admit(&a).unwrap_err(), Rejected::Vault(2));
        let _b1 = g.admit(&b).unwrap();
        assert_eq!(g.admit(&b).unwrap_err(), Rejected::Server(3));
        a1.finish(Outcome::TimedOut);
        assert!(g.admit(&b).is_ok());
        let s = g.stats();
        assert_eq!(s["timedOut"], 1);
        assert_eq!(s["rejected"], 2);
        assert_eq!(s["vaults"]["a"]["timedOut"], 1);
    }
}
