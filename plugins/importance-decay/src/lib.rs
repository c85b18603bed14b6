//! `importance-decay`: lowers every memory's importance by a half-life
//! since its last change, and deletes what falls below a threshold.
//!
//! For each memory, `age = now - updated_at` and
//! `importance' = importance * 0.5^(age_days / halfLifeDays)`.
//! Below `pruneThreshold` the memory is deleted; otherwise, if importance
//! changed by more than 1e-9, it is updated, with `decay` set to the
//! per-day rate `ln 2 / halfLifeDays`. Updating a memory moves its
//! `updated_at` to now, so repeated runs decay from the last run on.

mod logic;

use logic::{Action, Counts, Params};
use metamorph_sdk::memories::{self, Update};
use metamorph_sdk::time::{days_between_ms, parse_rfc3339_ms};
use metamorph_sdk::{clock, export_operator, log, Error, Info, Operator, Report};
use serde_json::json;

/// Most ids listed in the report's details.
const MAX_LISTED_IDS: usize = 100;

struct ImportanceDecay;

impl Operator for ImportanceDecay {
    type Params = Params;

    fn info() -> Info {
        Info::new(
            "importance-decay",
            env!("CARGO_PKG_VERSION"),
            "Decays importance with a half-life and prunes what falls below a threshold",
        )
        .params_schema(json!({
            "type": "object",
            "additionalProperties": false,
            "properties": {
                "halfLifeDays": {"type": "number", "exclusiveMinimum": 0, "default": 30,
                                  "description": "Days for importance to halve"},
                "pruneThreshold": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.05,
                                    "description": "Delete memories whose decayed importance is below this"},
                "dryRun": {"type": "boolean", "default": false,
                            "description": "Report what would change without changing anything"}
            }
        }))
    }

    fn run(params: Params) -> Result<Report, Error> {
        params.validate().map_err(Error::invalid)?;
        let now = clock::now_ms() as i64;
        let rate = params.decay_rate();
        let all = memories::list_all()?;

        let mut counts = Counts::default();
        let mut unparsable = 0u32;
        let mut vanished = 0u32;
        let mut pruned_ids = Vec::new();
        for memory in &all {
            let Some(updated) = parse_rfc3339_ms(&memory.updated_at)
                .or_else(|| parse_rfc3339_ms(&memory.created_at))
            else {
                unparsable += 1;
                counts.add(&Action::Unchanged);
                continue;
            };
            let action = logic::plan(memory.importance, days_between_ms(updated, now), &params);
            if !params.dry_run {
                let result = match action {
                    Action::Unchanged => Ok(()),
                    Action::Decay(importance) => memories::update(
                        &memory.id,
                        &Update::new()
                            .importance(importance.clamp(0.0, 1.0))
                            .decay(rate),
                    )
                    .map(drop),
                    Action::Prune(_) => memories::delete(&memory.id).map(drop),
                };
                match result {
                    Ok(()) => {}
                    // Deleted by someone else meanwhile: nothing left to do.
                    Err(e) if e.is_not_found() => {
                        vanished += 1;
                        counts.add(&Action::Unchanged);
                        continue;
                    }
                    Err(e) => return Err(e),
                }
            }
            if matches!(action, Action::Prune(_)) && pruned_ids.len() < MAX_LISTED_IDS {
                pruned_ids.push(memory.id.clone());
            }
            counts.add(&action);
        }
        if unparsable > 0 {
            log::warn(&format!(
                "{unparsable} memories have unparsable timestamps; left unchanged"
            ));
        }

        let verb = if params.dry_run {
            "would decay"
        } else {
            "decayed"
        };
        let prune_verb = if params.dry_run {
            "would prune"
        } else {
            "pruned"
        };
        let summary = format!(
            "{verb} {}, {prune_verb} {}, unchanged {} of {} memories (half-life {} days)",
            counts.decayed,
            counts.pruned,
            counts.unchanged,
            counts.total(),
            params.half_life_days
        );
        log::info(&summary);
        let changed = if params.dry_run {
            0
        } else {
            counts.decayed + counts.pruned
        };
        // A dry run changes nothing, so it must not earn credit in the
        // vault's posterior.
        let effectiveness = if params.dry_run { 0.0 } else { counts.effectiveness() };
        Ok(Report::new(summary)
            .effectiveness(effectiveness)
            .changed(changed)
            .details(json!({
                "total": counts.total(),
                "decayed": counts.decayed,
                "pruned": counts.pruned,
                "unchanged": counts.unchanged,
                "unparsableTimestamps": unparsable,
                "vanished": vanished,
                "prunedIds": pruned_ids,
                "dryRun": params.dry_run,
                "halfLifeDays": params.half_life_days,
                "pruneThreshold": params.prune_threshold,
                "decayRate": rate,
                "nowMs": now,
            })))
    }
}

export_operator!(ImportanceDecay);
