//! Why a plugin call failed.

/// A failed plugin call. Each variant maps to one API error code.
#[derive(Debug, thiserror::Error)]
pub enum PluginError {
    /// No plugin of that name is loaded.
    #[error("no operator named {0:?}")]
    UnknownPlugin(String),
    /// The plugin rejected its params.
    #[error("{0}")]
    InvalidParams(String),
    /// The plugin returned an error.
    #[error("plugin failed: {0}")]
    Failed(String),
    /// The plugin trapped (panic, unreachable, bad memory access, ...).
    #[error("plugin trapped: {0}")]
    Trapped(String),
    /// The call ran past its deadline.
    #[error("plugin exceeded its time limit of {0} ms")]
    Timeout(u64),
    /// The call used up its instruction budget.
    #[error("plugin used up its instruction budget of {0}")]
    FuelExhausted(u64),
    /// The call tried to grow memory past its limit.
    #[error("plugin exceeded its memory limit of {0} MiB")]
    MemoryLimit(u64),
    /// Every instance slot is busy.
    #[error("too many plugin calls in progress; retry shortly")]
    Busy,
    /// The host failed around the call.
    #[error("plugin host error: {0}")]
    Host(String),
}

impl PluginError {
    /// Reports a timeout against the deadline actually used for the call.
    pub fn with_timeout(self, timeout: Option<std::time::Duration>) -> Self {
        match (self, timeout) {
            (PluginError::Timeout(ms), Some(t)) => {
                PluginError::Timeout((t.as_millis() as u64).min(ms))
            }
            (other, _) => other,
        }
    }

    /// The API error code.
    pub fn code(&self) -> &'static str {
        match self {
            PluginError::UnknownPlugin(_) => "NOT_FOUND",
            PluginError::InvalidParams(_) => "INVALID_PARAMS",
            PluginError::Failed(_) => "PLUGIN_FAILED",
            PluginError::Trapped(_) => "PLUGIN_TRAPPED",
            PluginError::Timeout(_) => "PLUGIN_TIMEOUT",
            PluginError::FuelExhausted(_) => "PLUGIN_FUEL_EXHAUSTED",
            PluginError::MemoryLimit(_) => "PLUGIN_MEMORY_LIMIT",
            PluginError::Busy => "PLUGIN_BUSY",
            PluginError::Host(_) => "INTERNAL_ERROR",
        }
    }
}
