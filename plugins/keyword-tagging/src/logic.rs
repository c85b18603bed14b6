//! Tokenising and TF-IDF ranking, free of host calls so they are
//! unit-tested natively.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

/// Metadata key the tags are written to.
pub const TAGS: &str = "tags";

/// Shortest word (in characters) that can be a keyword.
pub const MIN_WORD_CHARS: usize = 3;

/// English stop words (sorted, for binary search). Words shorter than
/// [`MIN_WORD_CHARS`] are dropped anyway and not listed.
pub const STOP_WORDS: &[&str] = &[
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "and",
    "any",
    "are",
    "aren",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "can",
    "cannot",
    "could",
    "couldn",
    "did",
    "didn",
    "does",
    "doesn",
    "doing",
    "don",
    "down",
    "during",
    "each",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "gets",
    "got",
    "had",
    "hadn",
    "has",
    "hasn",
    "have",
    "haven",
    "having",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "into",
    "isn",
    "its",
    "itself",
    "just",
    "let",
    "like",
    "made",
    "make",
    "many",
    "may",
    "might",
    "mine",
    "more",
    "most",
    "much",
    "must",
    "mustn",
    "myself",
    "never",
    "nor",
    "not",
    "now",
    "off",
    "once",
    "one",
    "only",
    "other",
    "ought",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "said",
    "same",
    "say",
    "says",
    "shall",
    "shan",
    "she",
    "should",
    "shouldn",
    "since",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "thus",
    "too",
    "under",
    "until",
    "upon",
    "very",
    "was",
    "wasn",
    "way",
    "well",
    "were",
    "weren",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "won",
    "would",
    "wouldn",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Parameters of a run.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Params {
    /// Tags per memory, 1..20.
    pub top_k: usize,
    /// Terms scoring below this are not tags (>= 0).
    pub min_score: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            top_k: 5,
            min_score: 0.0,
        }
    }
}

impl Params {
    /// Checks the ranges; the message says what is wrong.
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=20).contains(&self.top_k) {
            return Err(format!("topK must be in 1..20, got {}", self.top_k));
        }
        if !(self.min_score.is_finite() && self.min_score >= 0.0) {
            return Err(format!("minScore must be >= 0, got {}", self.min_score));
        }
        Ok(())
    }
}

/// Whether `word` (lowercase) is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Lowercase alphanumeric words of at least [`MIN_WORD_CHARS`] characters
/// that are not stop words, in text order (repeats kept).
pub fn tokenize(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= MIN_WORD_CHARS && !is_stop_word(w))
        .map(String::from)
        .collect()
}

/// TF-IDF over a corpus of tokenised documents.
///
/// `tf = count / document length`, `idf = ln((1 + N) / (1 + df)) + 1`
/// (smoothed, so a term in every document still scores above zero and a
/// one-memory vault still gets tags), `score = tf * idf`.
#[derive(Debug, Clone, Default)]
pub struct Tfidf {
    docs: usize,
    df: BTreeMap<String, usize>,
}

impl Tfidf {
    /// Counts document frequencies.
    pub fn new(docs: &[Vec<String>]) -> Self {
        let mut df: BTreeMap<String, usize> = BTreeMap::new();
        for doc in docs {
            let mut terms: Vec<&String> = doc.iter().collect();
            terms.sort_unstable();
            terms.dedup();
            for t in terms {
                *df.entry(t.clone()).or_default() += 1;
            }
        }
        Tfidf {
            docs: docs.len(),
            df,
        }
    }

    /// Distinct terms in the corpus.
    pub fn vocabulary_size(&self) -> usize {
        self.df.len()
    }

    /// Inverse document frequency of `term`.
    pub fn idf(&self, term: &str) -> f64 {
        let df = self.df.get(term).copied().unwrap_or(0);
        ((1.0 + self.docs as f64) / (1.0 + df as f64)).ln() + 1.0
    }

    /// Every distinct term of `doc` with its score, best first (ties
    /// alphabetically).
    pub fn scores(&self, doc: &[String]) -> Vec<(String, f64)> {
        if doc.is_empty() {
            return Vec::new();
        }
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for t in doc {
            *counts.entry(t).or_default() += 1;
        }
        let len = doc.len() as f64;
        let mut scored: Vec<(String, f64)> = counts
            .into_iter()
            .map(|(t, c)| (t.to_string(), c as f64 / len * self.idf(t)))
            .collect();
        scored.sort_by(|a, b| {
            b.1.partial_cmp(&a.1)
                .unwrap_or(Ordering::Equal)
                .then_with(|| a.0.cmp(&b.0))
        });
        scored
    }

    /// The `top_k` best terms of `doc` scoring at least `min_score`.
    pub fn top_terms(&self, doc: &[String], top_k: usize, min_score: f64) -> Vec<String> {
        self.scores(doc)
            .into_iter()
            .filter(|(_, s)| *s >= min_score)
            .take(top_k)
            .map(|(t, _)| t)
            .collect()
    }
}

/// Whether writing `tags` would change metadata whose current `tags` value
/// is `current`. No tags where there were none is no change.
pub fn tags_changed(current: Option<&Value>, tags: &[String]) -> bool {
    match current {
        None => !tags.is_empty(),
        Some(Value::Array(old)) => {
            old.len() != tags.len()
                || old
                    .iter()
                    .zip(tags)
                    .any(|(o, t)| o.as_str() != Some(t.as_str()))
        }
        Some(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn docs(texts: &[&str]) -> Vec<Vec<String>> {
        texts.iter().map(|t| tokenize(t)).collect()
    }

    #[test]
    fn stop_words_are_sorted_lowercase_and_long_enough() {
        assert!(
            STOP_WORDS.windows(2).all(|w| w[0] < w[1]),
            "sorted, no repeats"
        );
        assert!(STOP_WORDS
            .iter()
            .all(|w| w.chars().count() >= MIN_WORD_CHARS && *w == w.to_lowercase()));
        assert!(is_stop_word("the") && is_stop_word("about") && !is_stop_word("dog"));
    }

    #[test]
    fn tokenizes() {
        assert_eq!(
            tokenize("The Dog walked in the PARK; the dog's ball: 42, 2024!"),
            ["dog", "walked", "park", "dog", "ball", "2024"]
        );
        assert_eq!(tokenize("a an to of"), Vec::<String>::new());
        assert_eq!(tokenize("Café résumé"), ["café", "résumé"]);
    }

    #[test]
    fn idf_is_smoothed() {
        let t = Tfidf::new(&docs(&["apple banana", "apple cherry", "apple"]));
        assert_eq!(t.vocabulary_size(), 3);
        assert!((t.idf("apple") - 1.0).abs() < 1e-12);
        assert!((t.idf("banana") - ((4.0f64 / 2.0).ln() + 1.0)).abs() < 1e-12);
        assert!(t.idf("banana") > t.idf("apple"));
        assert!((t.idf("unseen") - ((4.0f64).ln() + 1.0)).abs() < 1e-12);
    }

    #[test]
    fn ranks_rare_and_frequent_terms_first() {
        let corpus = docs(&[
            "rust rust compiler memory safety",
            "python memory garbage",
            "memory leaks",
        ]);
        let t = Tfidf::new(&corpus);
        // rust: tf 2/5, rare -> first; memory: in every doc -> last
        let top = t.top_terms(&corpus[0], 5, 0.0);
        assert_eq!(top, ["rust", "compiler", "safety", "memory"]);
        assert_eq!(t.top_terms(&corpus[0], 2, 0.0), ["rust", "compiler"]);
        // minScore cuts low scorers
        let s = t.scores(&corpus[0]);
        let cut = s[1].1;
        assert_eq!(
            t.top_terms(&corpus[0], 5, cut),
            ["rust", "compiler", "safety"]
        );
        assert!(t.top_terms(&[], 5, 0.0).is_empty());
    }

    #[test]
    fn ties_break_alphabetically_and_deterministically() {
        let corpus = docs(&["zebra yak xylophone", "zebra yak xylophone"]);
        let t = Tfidf::new(&corpus);
        assert_eq!(t.top_terms(&corpus[0], 2, 0.0), ["xylophone", "yak"]);
        assert_eq!(
            t.top_terms(&corpus[1], 3, 0.0),
            ["xylophone", "yak", "zebra"]
        );
    }

    #[test]
    fn single_document_vault_gets_tags() {
        let corpus = docs(&["Walked the dog in the park"]);
        let t = Tfidf::new(&corpus);
        assert_eq!(t.top_terms(&corpus[0], 5, 0.0), ["dog", "park", "walked"]);
    }

    #[test]
    fn change_detection() {
        let tags = vec!["a".to_string(), "b".to_string()];
        assert!(tags_changed(None, &tags));
        assert!(!tags_changed(None, &[]));
        assert!(!tags_changed(Some(&json!(["a", "b"])), &tags));
        assert!(tags_changed(Some(&json!(["b", "a"])), &tags));
        assert!(tags_changed(Some(&json!(["a"])), &tags));
        assert!(tags_changed(Some(&json!("a,b")), &tags));
        assert!(tags_changed(Some(&json!(["a"])), &[]));
    }

    #[test]
    fn params() {
        assert!(Params::default().validate().is_ok());
        for (k, s) in [(0, 0.0), (21, 0.0), (5, -0.1), (5, f64::NAN)] {
            assert!(Params {
                top_k: k,
                min_score: s
            }
            .validate()
            .is_err());
        }
        assert!(metamorph_sdk::parse_params::<Params>(r#"{"topK": -1}"#).is_err());
        assert!(metamorph_sdk::parse_params::<Params>(r#"{"topK": 2.5}"#).is_err());
        let p: Params = metamorph_sdk::parse_params(r#"{"topK": 3}"#).unwrap();
        assert_eq!((p.top_k, p.min_score), (3, 0.0));
    }
}
