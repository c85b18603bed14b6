//! Field checks shared by the resource handlers.

use serde_json::Value;

use crate::error::ApiError;
use crate::store::MemoryKind;

/// Longest session name, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// A non-blank name of at most [`MAX_NAME_CHARS`], trimmed.
pub fn name(field: &'static str, raw: &str) -> Result<String, ApiError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(ApiError::invalid(
            field,
            format!("{field} must not be blank"),
        ));
    }
    if trimmed.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::invalid(
            field,
            format!("{field} must be at most {MAX_NAME_CHARS} characters"),
        ));
    }
    Ok(trimmed.to_owned())
}

/// Non-blank text, kept as sent.
pub fn text(field: &'static str, raw: String) -> Result<String, ApiError> {
    if raw.trim().is_empty() {
        return Err(ApiError::invalid(
            field,
            format!("{field} must not be blank"),
        ));
    }
    Ok(raw)
}

/// A JSON object (absent means `{}`).
pub fn object(field: &'static str, v: Option<Value>) -> Result<Value, ApiError> {
    match v {
        None | Some(Value::Null) => Ok(Value::Object(Default::default())),
        Some(v @ Value::Object(_)) => Ok(v),
        Some(_) => Err(ApiError::invalid(
            field,
            format!("{field} must be a JSON object"),
        )),
    }
}

/// A JSON array (absent means `[]`).
pub fn array(field: &'static str, v: Option<Value>) -> Result<Value, ApiError> {
    match v {
        None | Some(Value::Null) => Ok(Value::Array(Vec::new())),
        Some(v @ Value::Array(_)) => Ok(v),
        Some(_) => Err(ApiError::invalid(
            field,
            format!("{field} must be a JSON array"),
        )),
    }
}

/// A number in 0..=1.
pub fn unit_interval(field: &'static str, v: f64) -> Result<f64, ApiError> {
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(ApiError::invalid(
            field,
            format!("{field} must be between 0 and 1, got {v}"),
        ))
    }
}

/// A memory kind name.
pub fn memory_kind(field: &'static str, raw: &str) -> Result<MemoryKind, ApiError> {
    MemoryKind::parse(raw).ok_or_else(|| {
        ApiError::invalid(
            field,
            format!("unknown memory type {raw:?}; expected one of episodic, semantic, identity"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn checks() {
        assert_eq!(name("name", "  a ").unwrap(), "a");
        assert!(name("name", "   ").is_err());
        assert!(name("name", &"x".repeat(201)).is_err());
        assert!(object("metadata", Some(json!([1]))).is_err());
        assert_eq!(object("metadata", None).unwrap(), json!({}));
        assert!(array("goals", Some(json!("x"))).is_err());
        assert!(unit_interval("importance", 1.01).is_err());
        assert!(unit_interval("importance", -0.0).is_ok());
        assert!(memory_kind("type", "procedural").is_err());
        assert_eq!(
            memory_kind("type", "semantic").unwrap(),
            MemoryKind::Semantic
        );
    }
}
