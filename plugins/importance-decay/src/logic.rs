//! The decay math, free of host calls so it is unit-tested natively.

use std::f64::consts::LN_2;

use serde::Deserialize;

/// Smallest change of importance that counts as a change.
pub const EPSILON: f64 = 1e-9;

/// Parameters of a run.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Params {
    /// Days after which an untouched memory's importance has halved.
    pub half_life_days: f64,
    /// Memories whose decayed importance falls below this are deleted.
    pub prune_threshold: f64,
    /// Compute and report, but change nothing.
    pub dry_run: bool,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            half_life_days: 30.0,
            prune_threshold: 0.05,
            dry_run: false,
        }
    }
}

impl Params {
    /// Checks the ranges; the message says what is wrong.
    pub fn validate(&self) -> Result<(), String> {
        if !(self.half_life_days.is_finite() && self.half_life_days > 0.0) {
            return Err(format!(
                "halfLifeDays must be a number > 0, got {}",
                self.half_life_days
            ));
        }
        if !(0.0..=1.0).contains(&self.prune_threshold) {
            return Err(format!(
                "pruneThreshold must be in 0..1, got {}",
                self.prune_threshold
            ));
        }
        Ok(())
    }

    /// The per-day decay rate written to decayed memories: ln 2 / half-life.
    pub fn decay_rate(&self) -> f64 {
        LN_2 / self.half_life_days
    }
}

/// `0.5 ^ (age_days / half_life_days)`; an age below zero (a clock skew)
/// counts as zero.
pub fn decay_factor(age_days: f64, half_life_days: f64) -> f64 {
    0.5f64.powf(age_days.max(0.0) / half_life_days)
}

/// What to do with one memory.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Action {
    /// Importance is (within [`EPSILON`]) what it was.
    Unchanged,
    /// Set importance to this (and decay to the params' rate).
    Decay(f64),
    /// Decayed importance below the threshold: delete.
    Prune(f64),
}

/// Plans one memory of `importance` last changed `age_days` ago.
pub fn plan(importance: f64, age_days: f64, params: &Params) -> Action {
    let decayed = importance * decay_factor(age_days, params.half_life_days);
    if decayed < params.prune_threshold {
        Action::Prune(decayed)
    } else if (importance - decayed).abs() > EPSILON {
        Action::Decay(decayed)
    } else {
        Action::Unchanged
    }
}

/// Tally of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Memories whose importance was lowered.
    pub decayed: u32,
    /// Memories deleted.
    pub pruned: u32,
    /// Memories left as they were.
    pub unchanged: u32,
}

impl Counts {
    /// Counts one planned action.
    pub fn add(&mut self, action: &Action) {
        match action {
            Action::Unchanged => self.unchanged += 1,
            Action::Decay(_) => self.decayed += 1,
            Action::Prune(_) => self.pruned += 1,
        }
    }

    /// Memories seen.
    pub fn total(&self) -> u32 {
        self.decayed + self.pruned + self.unchanged
    }

    /// (decayed + pruned) / total, 0 for an empty vault.
    pub fn effectiveness(&self) -> f64 {
        match self.total() {
            0 => 0.0,
            n => (self.decayed + self.pruned) as f64 / n as f64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use metamorph_sdk::time::{days_between_ms, parse_rfc3339_ms};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn factor_halves_per_half_life() {
        assert!(close(decay_factor(0.0, 30.0), 1.0));
        assert!(close(decay_factor(30.0, 30.0), 0.5));
        assert!(close(decay_factor(60.0, 30.0), 0.25));
        assert!(close(
            decay_factor(1.0, 2.0),
            std::f64::consts::FRAC_1_SQRT_2
        ));
        assert!(close(decay_factor(-5.0, 30.0), 1.0));
    }

    #[test]
    fn rate_is_ln2_over_half_life() {
        let p = Params::default();
        assert!(close(p.decay_rate(), LN_2 / 30.0));
        // exp(-rate * t) is the same curve as 0.5^(t / half-life)
        assert!(close(
            (-p.decay_rate() * 45.0).exp(),
            decay_factor(45.0, 30.0)
        ));
    }

    #[test]
    fn plans() {
        let p = Params::default();
        assert_eq!(plan(0.8, 0.0, &p), Action::Unchanged);
        assert_eq!(plan(0.8, 1e-12, &p), Action::Unchanged);
        match plan(0.8, 30.0, &p) {
            Action::Decay(v) => assert!(close(v, 0.4)),
            other => panic!("{other:?}"),
        }
        // 0.8 * 0.5^4 = 0.05: not below the threshold
        match plan(0.8, 120.0, &p) {
            Action::Decay(v) => assert!(close(v, 0.05)),
            other => panic!("{other:?}"),
        }
        match plan(0.8, 121.0, &p) {
            Action::Prune(v) => assert!(v < 0.05),
            other => panic!("{other:?}"),
        }
        // already below the threshold, even untouched
        assert_eq!(plan(0.01, 0.0, &p), Action::Prune(0.01));
        // threshold 0 prunes nothing
        let keep = Params {
            prune_threshold: 0.0,
            ..p
        };
        assert!(matches!(plan(0.8, 10_000.0, &keep), Action::Decay(_)));
    }

    #[test]
    fn age_from_timestamps() {
        let updated = parse_rfc3339_ms("2026-11-03T16:50:04.957Z").unwrap();
        let now = parse_rfc3339_ms("2026-12-03T16:50:04.957Z").unwrap();
        let age = days_between_ms(updated, now);
        assert!(close(age, 30.0));
        assert_eq!(plan(1.0, age, &Params::default()), Action::Decay(0.5));
    }

    #[test]
    fn validation() {
        assert!(Params::default().validate().is_ok());
        for bad in [
            Params {
                half_life_days: 0.0,
                ..Params::default()
            },
            Params {
                half_life_days: -1.0,
                ..Params::default()
            },
            Params {
                half_life_days: f64::INFINITY,
                ..Params::default()
            },
            Params {
                prune_threshold: 1.5,
                ..Params::default()
            },
            Params {
                prune_threshold: -0.1,
                ..Params::default()
            },
        ] {
            assert!(bad.validate().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn params_from_json() {
        let p: Params =
            metamorph_sdk::parse_params(r#"{"halfLifeDays": 7, "dryRun": true}"#).unwrap();
        assert_eq!(p.half_life_days, 7.0);
        assert_eq!(p.prune_threshold, 0.05);
        assert!(p.dry_run);
        assert!(metamorph_sdk::parse_params::<Params>(r#"{"halfLifeDays": "x"}"#).is_err());
        assert!(metamorph_sdk::parse_params::<Params>(r#"{"halfLife": 3}"#).is_err());
    }

    #[test]
    fn counts() {
        let mut c = Counts::default();
        assert_eq!(c.effectiveness(), 0.0);
        for a in [
            Action::Unchanged,
            Action::Decay(0.3),
            Action::Prune(0.01),
            Action::Unchanged,
        ] {
            c.add(&a);
        }
        assert_eq!((c.decayed, c.pruned, c.unchanged, c.total()), (1, 1, 2, 4));
        assert_eq!(c.effectiveness(), 0.5);
    }
}
