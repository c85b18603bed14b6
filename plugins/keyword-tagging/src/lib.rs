//! `keyword-tagging`: writes each memory's top TF-IDF keywords into
//! `metadata.tags`.
//!
//! Words are lowercase alphanumeric runs of at least three characters, less
//! an English stop-word list. Scores are TF-IDF over all of the vault's
//! memories; each memory gets its `topK` best terms scoring at least
//! `minScore` (ties alphabetical), written as an array of strings to
//! `metadata.tags` with its other metadata kept. Only memories whose tags
//! change are updated.

mod logic;

use logic::{Params, Tfidf, TAGS};
use metamorph_sdk::memories::{self, Update};
use metamorph_sdk::{export_operator, log, Error, Info, MemoryExt, Operator, Report};
use serde_json::{json, Value};

struct KeywordTagging;

impl Operator for KeywordTagging {
    type Params = Params;

    fn info() -> Info {
        Info::new(
            "keyword-tagging",
            env!("CARGO_PKG_VERSION"),
            "Tags each memory with its top TF-IDF keywords (metadata.tags)",
        )
        .params_schema(json!({
            "type": "object",
            "additionalProperties": false,
            "properties": {
                "topK": {"type": "integer", "minimum": 1, "maximum": 20, "default": 5,
                          "description": "Tags per memory"},
                "minScore": {"type": "number", "minimum": 0, "default": 0.0,
                              "description": "Lowest TF-IDF score a tag may have"}
            }
        }))
    }

    fn run(params: Params) -> Result<Report, Error> {
        params.validate().map_err(Error::invalid)?;
        let all = memories::list_all()?;
        let docs: Vec<Vec<String>> = all.iter().map(|m| logic::tokenize(&m.content)).collect();
        let tfidf = Tfidf::new(&docs);

        let mut changed = 0u32;
        let mut tagged = 0u32;
        for (memory, doc) in all.iter().zip(&docs) {
            let tags = tfidf.top_terms(doc, params.top_k, params.min_score);
            if !tags.is_empty() {
                tagged += 1;
            }
            let mut metadata = memory.metadata_map();
            if !logic::tags_changed(metadata.get(TAGS), &tags) {
                continue;
            }
            metadata.insert(
                TAGS.into(),
                Value::Array(tags.into_iter().map(Value::String).collect()),
            );
            match memories::update(&memory.id, &Update::new().metadata(metadata)) {
                Ok(_) => changed += 1,
                Err(e) if e.is_not_found() => {}
                Err(e) => return Err(e),
            }
        }

        let total = all.len() as u32;
        let summary = format!(
            "tagged {tagged} of {total} memories ({changed} changed), vocabulary of {} terms",
            tfidf.vocabulary_size()
        );
        log::info(&summary);
        let effectiveness = if total == 0 {
            0.0
        } else {
            changed as f64 / total as f64
        };
        Ok(Report::new(summary)
            .effectiveness(effectiveness)
            .changed(changed)
            .details(json!({
                "total": total,
                "tagged": tagged,
                "changed": changed,
                "unchanged": total - changed,
                "vocabularySize": tfidf.vocabulary_size(),
                "topK": params.top_k,
                "minScore": params.min_score,
            })))
    }
}

export_operator!(KeywordTagging);
