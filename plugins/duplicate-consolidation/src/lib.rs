//! `duplicate-consolidation`: merges near-duplicate memories.
//!
//! Texts are normalised (lowercase, punctuation stripped, whitespace
//! collapsed); similarity is the Jaccard index of their word sets (1.0 for
//! identical normalised text). Memories of one kind at least `threshold`
//! similar are grouped (transitively, with union-find). In each group the
//! memory with the highest importance (ties: the oldest) survives, takes the
//! group's highest importance and the union of the group's metadata (its own
//! values win; `mergedFrom` lists the merged ids), and the others are deleted.

mod logic;

use logic::{Item, Params};
use metamorph_sdk::memories::{self, Update};
use metamorph_sdk::time::parse_rfc3339_ms;
use metamorph_sdk::{export_operator, log, Error, Info, MemoryExt, Operator, Report};
use serde_json::json;

/// Most merges listed in the report's details.
const MAX_LISTED_MERGES: usize = 100;

struct DuplicateConsolidation;

impl Operator for DuplicateConsolidation {
    type Params = Params;

    fn info() -> Info {
        Info::new(
            "duplicate-consolidation",
            env!("CARGO_PKG_VERSION"),
            "Merges near-duplicate memories of the same kind, keeping the most important one",
        )
        .params_schema(json!({
            "type": "object",
            "additionalProperties": false,
            "properties": {
                "threshold": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.85,
                               "description": "Jaccard similarity of normalised word sets at or above which memories merge"}
            }
        }))
    }

    fn run(params: Params) -> Result<Report, Error> {
        params.validate().map_err(Error::invalid)?;
        let all = memories::list_all()?;
        let items: Vec<Item> = all
            .iter()
            .map(|m| Item {
                id: &m.id,
                kind: m.kind.as_str(),
                content: &m.content,
                importance: m.importance,
                created_ms: parse_rfc3339_ms(&m.created_at),
                created_at: &m.created_at,
            })
            .collect();
        let groups = logic::group(&items, params.threshold);

        let mut merged_groups = 0u32;
        let mut deleted = 0u32;
        let mut merges = Vec::new();
        for group in &groups {
            let survivor = &all[group[0]];
            let others: Vec<(&str, metamorph_sdk::Map)> = group[1..]
                .iter()
                .map(|&i| (all[i].id.as_str(), all[i].metadata_map()))
                .collect();
            let max_importance = group
                .iter()
                .map(|&i| all[i].importance)
                .fold(f64::NEG_INFINITY, f64::max);
            let metadata = logic::merge_metadata(&survivor.metadata_map(), &others);

            // Survivor first: if that fails nothing has been lost.
            match memories::update(
                &survivor.id,
                &Update::new()
                    .importance(max_importance.clamp(0.0, 1.0))
                    .metadata(metadata),
            ) {
                Ok(_) => {}
                Err(e) if e.is_not_found() => {
                    log::warn(&format!(
                        "survivor {} vanished during the run; group skipped",
                        survivor.id
                    ));
                    continue;
                }
                Err(e) => return Err(e),
            }
            let mut removed = Vec::new();
            for (id, _) in &others {
                if memories::delete(id)? {
                    removed.push(*id);
                }
            }
            merged_groups += 1;
            deleted += removed.len() as u32;
            if merges.len() < MAX_LISTED_MERGES {
                merges.push(json!({"kept": survivor.id, "deleted": removed}));
            }
        }

        let total = all.len() as u32;
        let summary = format!(
            "merged {merged_groups} groups of near-duplicates, deleted {deleted} of {total} memories"
        );
        log::info(&summary);
        let effectiveness = if total == 0 {
            0.0
        } else {
            deleted as f64 / total as f64
        };
        Ok(Report::new(summary)
            .effectiveness(effectiveness)
            .changed(deleted + merged_groups)
            .details(json!({
                "total": total,
                "groups": merged_groups,
                "deleted": deleted,
                "threshold": params.threshold,
                "merges": merges,
            })))
    }
}

export_operator!(DuplicateConsolidation);
