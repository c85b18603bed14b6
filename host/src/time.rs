//! Timestamps: RFC 3339 UTC with milliseconds, which also sort as text.

use chrono::{SecondsFormat, Utc};

/// Now, formatted for storage and JSON.
pub fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}
