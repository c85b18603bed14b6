//! Query-string parsing with errors that name the parameter.

use std::collections::HashMap;

use crate::error::ApiError;
use crate::store::Paging;

/// Default page size for most lists.
pub const DEFAULT_LIMIT: u32 = 50;
/// Largest page size.
pub const MAX_LIMIT: u32 = 100;

/// Parsed query parameters (last value wins on repeats).
#[derive(Debug, Default)]
pub struct Query(HashMap<String, String>);

impl Query {
    /// Parses a raw `a=1&b=2` string.
    pub fn parse(raw: &str) -> Result<Self, ApiError> {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(raw).map_err(|e| ApiError::InvalidQuery {
                param: "(query string)".into(),
                message: e.to_string(),
            })?;
        Ok(Self(pairs.into_iter().collect()))
    }

    /// A string parameter; empty counts as absent.
    pub fn string(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }

    fn bad(name: &str, message: impl Into<String>) -> ApiError {
        ApiError::InvalidQuery {
            param: name.into(),
            message: message.into(),
        }
    }

    /// An integer parameter in `min..=max`.
    pub fn int(&self, name: &str, min: u64, max: u64) -> Result<Option<u64>, ApiError> {
        let Some(raw) = self.string(name) else {
            return Ok(None);
        };
        match raw.parse::<u64>() {
            Ok(v) if (min..=max).contains(&v) => Ok(Some(v)),
            _ => Err(Self::bad(
                name,
                format!("must be an integer from {min} to {max}, got {raw:?}"),
            )),
        }
    }

    /// A number parameter in `min..=max`.
    pub fn number(&self, name: &str, min: f64, max: f64) -> Result<Option<f64>, ApiError> {
        let Some(raw) = self.string(name) else {
            return Ok(None);
        };
        match raw.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= min && v <= max => Ok(Some(v)),
            _ => Err(Self::bad(
                name,
                format!("must be a number from {min} to {max}, got {raw:?}"),
            )),
        }
    }

    /// `limit` (1..=MAX_LIMIT, default `default_limit`) and `offset`.
    pub fn paging(&self, default_limit: u32) -> Result<Paging, ApiError> {
        Ok(Paging {
            limit: self
                .int("limit", 1, u64::from(MAX_LIMIT))?
                .map_or(default_limit, |v| v as u32),
            offset: self.int("offset", 0, i64::MAX as u64)?.unwrap_or(0) as i64,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_defaults_and_bounds() {
        let p = Query::parse("").unwrap().paging(10).unwrap();
        assert_eq!((p.limit, p.offset), (10, 0));
        let p = Query::parse("limit=100&offset=5")
            .unwrap()
            .paging(10)
            .unwrap();
        assert_eq!((p.limit, p.offset), (100, 5));
        for bad in ["limit=0", "limit=101", "limit=x", "offset=-1", "limit=1.5"] {
            assert!(Query::parse(bad).unwrap().paging(10).is_err(), "{bad}");
        }
    }

    #[test]
    fn numbers() {
        let q = Query::parse("a=0.5&b=2&c=NaN").unwrap();
        assert_eq!(q.number("a", 0.0, 1.0).unwrap(), Some(0.5));
        assert!(q.number("b", 0.0, 1.0).is_err());
        assert!(q.number("c", 0.0, 1.0).is_err());
        assert_eq!(q.number("missing", 0.0, 1.0).unwrap(), None);
    }
}
