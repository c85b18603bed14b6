//! The [`Operator`] trait and the values it exchanges with the host.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::bindings::{OperatorInfo, Report as WitReport};
use crate::{Error, Map};

/// A memory operator written as plain Rust.
///
/// Implement it for a unit struct and export it with
/// [`export_operator!`](crate::export_operator).
pub trait Operator {
    /// The run's parameters, parsed from the JSON object the caller sent
    /// (`{"params": {...}}` in `POST /api/operators/<name>/run`). An empty
    /// string or `null` gives `Params::default()`; JSON that does not parse
    /// into this type fails the run with `error::invalid`. Use
    /// `#[serde(default)]` so that missing fields take their defaults, and
    /// `#[serde(deny_unknown_fields)]` to reject misspelt ones.
    type Params: DeserializeOwned + Default;

    /// What the operator says about itself (`describe`). `name` must equal
    /// the `name` in its `plugin.toml`.
    fn info() -> Info;

    /// Runs once over the calling vault's memories.
    fn run(params: Self::Params) -> Result<Report, Error>;
}

/// What an operator says about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Info {
    /// Unique name, `[a-z0-9-]`, equal to the manifest's `name`.
    pub name: String,
    /// Semantic version.
    pub version: String,
    /// One line for people.
    pub description: String,
    /// JSON Schema of the params, if any.
    pub params_schema: Option<Value>,
}

impl Info {
    /// An `Info` without a params schema.
    pub fn new(
        name: impl Into<String>,
        version: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        Info {
            name: name.into(),
            version: version.into(),
            description: description.into(),
            params_schema: None,
        }
    }

    /// Sets the JSON Schema of the params.
    pub fn params_schema(mut self, schema: Value) -> Self {
        self.params_schema = Some(schema);
        self
    }

    /// The WIT record (the schema serialized, or `""` without one).
    pub fn into_wit(self) -> OperatorInfo {
        OperatorInfo {
            name: self.name,
            version: self.version,
            description: self.description,
            params_schema: self
                .params_schema
                .map(|s| s.to_string())
                .unwrap_or_default(),
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// One line for people.
    pub summary: String,
    /// How much the run improved the vault, in 0..1 (clamped when sent;
    /// NaN becomes 0).
    pub effectiveness: f64,
    /// Memories changed (updated, merged or deleted).
    pub changed: u32,
    /// Details, sent as a serialized JSON object.
    pub details: Map,
}

impl Report {
    /// A report with a summary, effectiveness 0, nothing changed, no details.
    pub fn new(summary: impl Into<String>) -> Self {
        Report {
            summary: summary.into(),
            ..Report::default()
        }
    }

    /// Sets the effectiveness (0..1).
    pub fn effectiveness(mut self, effectiveness: f64) -> Self {
        self.effectiveness = effectiveness;
        self
    }

    /// Sets how many memories were changed.
    pub fn changed(mut self, changed: u32) -> Self {
        self.changed = changed;
        self
    }

    /// Adds one detail. A value that cannot be serialized becomes `null`.
    pub fn detail(mut self, key: impl Into<String>, value: impl Serialize) -> Self {
        self.details.insert(
            key.into(),
            serde_json::to_value(value).unwrap_or(Value::Null),
        );
        self
    }

    /// Replaces the details with `value` serialized. A JSON object is used as
    /// is; `null` gives `{}`; any other value is stored as `{"value": ...}`.
    pub fn details(mut self, value: impl Serialize) -> Self {
        self.details = match serde_json::to_value(value).unwrap_or(Value::Null) {
            Value::Object(map) => map,
            Value::Null => Map::new(),
            other => {
                let mut map = Map::new();
                map.insert("value".into(), other);
                map
            }
        };
        self
    }

    /// The WIT record.
    pub fn into_wit(self) -> WitReport {
        let effectiveness = if self.effectiveness.is_nan() {
            0.0
        } else {
            self.effectiveness.clamp(0.0, 1.0)
        };
        WitReport {
            summary: self.summary,
            effectiveness,
            changed: self.changed,
            details: Value::Object(self.details).to_string(),
        }
    }
}

/// Parses a run's params: `""` (or only whitespace) and `null` give
/// `P::default()`; otherwise the text must be a JSON object that
/// deserializes into `P`, else `error::invalid("invalid params: ...")`.
pub fn parse_params<P: DeserializeOwned + Default>(params: &str) -> Result<P, Error> {
    let text = params.trim();
    if text.is_empty() || text == "null" {
        return Ok(P::default());
    }
    let value: Value =
        serde_json::from_str(text).map_err(|e| Error::invalid(format!("invalid params: {e}")))?;
    if !value.is_object() {
        return Err(Error::invalid("invalid params: expected a JSON object"));
    }
    serde_json::from_value(value).map_err(|e| Error::invalid(format!("invalid params: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Default, Debug, PartialEq)]
    #[serde(default, deny_unknown_fields, rename_all = "camelCase")]
    struct P {
        half_life: f64,
        dry_run: bool,
    }

    #[test]
    fn params_parse_and_default() {
        assert_eq!(parse_params::<P>("").unwrap(), P::default());
        assert_eq!(parse_params::<P>(" null ").unwrap(), P::default());
        assert_eq!(parse_params::<P>("{}").unwrap(), P::default());
        assert_eq!(
            parse_params::<P>(r#"{"halfLife": 2.5, "dryRun": true}"#).unwrap(),
            P {
                half_life: 2.5,
                dry_run: true
            }
        );
    }

    #[test]
    fn bad_params_are_invalid() {
        for bad in ["{", r#"{"halfLife": "x"}"#, r#"{"nope": 1}"#, "[1]", "3"] {
            match parse_params::<P>(bad) {
                Err(Error::Invalid(m)) => assert!(m.starts_with("invalid params"), "{m}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn report_to_wit() {
        let r = Report::new("done")
            .effectiveness(1.7)
            .changed(3)
            .detail("a", 1)
            .into_wit();
        assert_eq!(r.effectiveness, 1.0);
        assert_eq!(r.changed, 3);
        assert_eq!(r.details, r#"{"a":1}"#);
        assert_eq!(
            Report::new("x")
                .effectiveness(f64::NAN)
                .into_wit()
                .effectiveness,
            0.0
        );
        assert_eq!(
            Report::new("x").details(5).into_wit().details,
            r#"{"value":5}"#
        );
        assert_eq!(Report::new("x").into_wit().details, "{}");
    }

    #[test]
    fn info_to_wit() {
        let i = Info::new("a", "1", "d").into_wit();
        assert_eq!(i.params_schema, "");
        let i = Info::new("a", "1", "d")
            .params_schema(serde_json::json!({"type": "object"}))
            .into_wit();
        assert_eq!(i.params_schema, r#"{"type":"object"}"#);
    }
}
