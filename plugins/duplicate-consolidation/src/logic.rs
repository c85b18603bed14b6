//! Text normalisation, Jaccard similarity, union-find grouping and metadata
//! merging, free of host calls so they are unit-tested natively.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::{Map, Value};

/// Metadata key listing the ids merged into a survivor.
pub const MERGED_FROM: &str = "mergedFrom";

/// Parameters of a run.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Params {
    /// Memories at least this similar (Jaccard over words, 0..1) are merged.
    pub threshold: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params { threshold: 0.85 }
    }
}

impl Params {
    /// Checks the ranges; the message says what is wrong.
    pub fn validate(&self) -> Result<(), String> {
        if !(0.0..=1.0).contains(&self.threshold) {
            return Err(format!("threshold must be in 0..1, got {}", self.threshold));
        }
        Ok(())
    }
}

/// Lowercases, drops apostrophes (`don't` -> `dont`), turns every other
/// character that is neither alphanumeric nor whitespace into a space, and
/// collapses whitespace runs into single spaces (no leading or trailing).
pub fn normalize(text: &str) -> String {
    let mut spaced = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            spaced.push(c);
        } else if matches!(c, '\'' | '\u{2019}' | '\u{2018}') {
            // dropped
        } else {
            spaced.push(' ');
        }
    }
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The set of words of a normalised text.
pub fn word_set(normalized: &str) -> BTreeSet<&str> {
    normalized.split(' ').filter(|w| !w.is_empty()).collect()
}

/// Jaccard similarity of two sorted, deduplicated slices: |A∩B| / |A∪B|;
/// two empty sets are identical (1.0).
pub fn jaccard_sorted<T: Ord>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / (a.len() + b.len() - common) as f64
}

/// Similarity of two raw texts: 1.0 when their normalised forms are equal,
/// else the Jaccard similarity of their word sets.
#[cfg_attr(not(test), allow(dead_code))]
pub fn similarity(a: &str, b: &str) -> f64 {
    let (na, nb) = (normalize(a), normalize(b));
    if na == nb {
        return 1.0;
    }
    let wa: Vec<&str> = word_set(&na).into_iter().collect();
    let wb: Vec<&str> = word_set(&nb).into_iter().collect();
    jaccard_sorted(&wa, &wb)
}

/// Disjoint sets over `0..n`, with path halving and union by size.
#[derive(Debug, Clone)]
pub struct UnionFind {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl UnionFind {
    /// `n` singletons.
    pub fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    /// The representative of `x`'s set.
    pub fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins the sets of `a` and `b`; false if they were already one.
    pub fn union(&mut self, a: usize, b: usize) -> bool {
        let (mut ra, mut rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        if self.size[ra] < self.size[rb] {
            std::mem::swap(&mut ra, &mut rb);
        }
        self.parent[rb] = ra;
        self.size[ra] += self.size[rb];
        true
    }

    /// Whether `a` and `b` are in one set.
    pub fn same(&mut self, a: usize, b: usize) -> bool {
        self.find(a) == self.find(b)
    }
}

/// What grouping needs to know of a memory.
#[derive(Debug, Clone)]
pub struct Item<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its kind; only memories of one kind are grouped.
    pub kind: &'a str,
    /// Its text.
    pub content: &'a str,
    /// Its importance.
    pub importance: f64,
    /// Creation time in ms since the epoch, if it parsed.
    pub created_ms: Option<i64>,
    /// Creation time as sent (tie-breaker when it did not parse).
    pub created_at: &'a str,
}

/// Survivor order: highest importance first, then the oldest, then by id.
pub fn rank(a: &Item, b: &Item) -> Ordering {
    b.importance
        .total_cmp(&a.importance)
        .then_with(|| match (a.created_ms, b.created_ms) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then_with(|| a.created_at.cmp(b.created_at))
        .then_with(|| a.id.cmp(b.id))
}

/// Groups of at least two items of one kind that are (transitively) at
/// least `threshold` similar. Each group lists indices into `items` in
/// [`rank`] order, so its first element is the survivor. Groups are ordered
/// by their survivor's rank.
pub fn group(items: &[Item], threshold: f64) -> Vec<Vec<usize>> {
    let mut uf = UnionFind::new(items.len());

    // Intern words so sets are sorted vectors of small integers.
    let mut vocabulary: BTreeMap<String, u32> = BTreeMap::new();
    let mut normalized = Vec::with_capacity(items.len());
    let mut sets: Vec<Vec<u32>> = Vec::with_capacity(items.len());
    for item in items {
        let norm = normalize(item.content);
        let mut ids: Vec<u32> = word_set(&norm)
            .into_iter()
            .map(|w| {
                let next = vocabulary.len() as u32;
                *vocabulary.entry(w.to_string()).or_insert(next)
            })
            .collect();
        ids.sort_unstable();
        sets.push(ids);
        normalized.push(norm);
    }

    let mut by_kind: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        by_kind.entry(item.kind).or_default().push(i);
    }
    for members in by_kind.values_mut() {
        // Identical normalised text: similarity 1.
        let mut first_with_text: BTreeMap<&str, usize> = BTreeMap::new();
        for &i in members.iter() {
            match first_with_text.get(normalized[i].as_str()) {
                Some(&j) => {
                    uf.union(i, j);
                }
                None => {
                    first_with_text.insert(&normalized[i], i);
                }
            }
        }
        // Pairs by ascending set size: J(A, B) <= |A| / |B| when |A| <= |B|,
        // so once that ratio drops below the threshold no larger B can match.
        members.sort_by_key(|&i| (sets[i].len(), i));
        for x in 0..members.len() {
            let a = members[x];
            for &b in &members[x + 1..] {
                let (la, lb) = (sets[a].len(), sets[b].len());
                if lb > 0 && (la as f64) < threshold * lb as f64 {
                    break;
                }
                if uf.same(a, b) {
                    continue;
                }
                if jaccard_sorted(&sets[a], &sets[b]) >= threshold {
                    uf.union(a, b);
                }
            }
        }
    }

    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..items.len() {
        let root = uf.find(i);
        groups.entry(root).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups
        .into_values()
        .filter(|g| g.len() > 1)
        .map(|mut g| {
            g.sort_by(|&a, &b| rank(&items[a], &items[b]));
            g
        })
        .collect();
    out.sort_by(|a, b| rank(&items[a[0]], &items[b[0]]));
    out
}

/// The survivor's metadata merged with the others' (given in rank order):
/// the union of the keys, the survivor's value winning on conflicts (then
/// the higher-ranked other's), plus `mergedFrom`: the survivor's earlier
/// `mergedFrom`, the others' `mergedFrom`, then the others' ids, each once.
pub fn merge_metadata(
    survivor: &Map<String, Value>,
    others: &[(&str, Map<String, Value>)],
) -> Map<String, Value> {
    let mut merged = survivor.clone();
    let mut merged_from: Vec<String> = Vec::new();
    let push = |id: &str, list: &mut Vec<String>| {
        if !list.iter().any(|x| x == id) {
            list.push(id.to_string());
        }
    };
    let earlier = |m: &Map<String, Value>| -> Vec<String> {
        match m.get(MERGED_FROM) {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        }
    };
    for id in earlier(survivor) {
        push(&id, &mut merged_from);
    }
    for (_, meta) in others {
        for id in earlier(meta) {
            push(&id, &mut merged_from);
        }
        for (k, v) in meta {
            if k != MERGED_FROM && !merged.contains_key(k) {
                merged.insert(k.clone(), v.clone());
            }
        }
    }
    for (id, _) in others {
        push(id, &mut merged_from);
    }
    merged.insert(
        MERGED_FROM.into(),
        Value::Array(merged_from.into_iter().map(Value::String).collect()),
    );
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item<'a>(
        id: &'a str,
        kind: &'a str,
        content: &'a str,
        importance: f64,
        created_ms: i64,
    ) -> Item<'a> {
        Item {
            id,
            kind,
            content,
            importance,
            created_ms: Some(created_ms),
            created_at: "",
        }
    }

    #[test]
    fn normalizes() {
        assert_eq!(normalize("  The SKY,  is   blue!! "), "the sky is blue");
        assert_eq!(normalize("Don't stop—now"), "dont stop now");
        assert_eq!(normalize("well-known\tfacts\n"), "well known facts");
        assert_eq!(normalize("Ünïcödé Straße"), "ünïcödé straße");
        assert_eq!(normalize("?!."), "");
    }

    #[test]
    fn jaccard() {
        assert_eq!(similarity("The sky is blue.", "the SKY is blue"), 1.0);
        assert_eq!(similarity("a b c d", "a b c e"), 3.0 / 5.0);
        assert_eq!(similarity("blue sky", "sky blue blue"), 1.0);
        assert_eq!(similarity("red", "green"), 0.0);
        assert_eq!(similarity("", "..."), 1.0);
        assert_eq!(similarity("", "word"), 0.0);
        assert_eq!(jaccard_sorted::<u32>(&[], &[]), 1.0);
        assert_eq!(jaccard_sorted(&[1, 2, 3], &[2, 3, 4, 5]), 2.0 / 5.0);
    }

    #[test]
    fn union_find() {
        let mut uf = UnionFind::new(6);
        assert!(uf.union(0, 1));
        assert!(uf.union(2, 3));
        assert!(!uf.union(1, 0));
        assert!(uf.union(1, 3));
        assert!(uf.same(0, 2));
        assert!(!uf.same(0, 4));
        assert!(!uf.same(4, 5));
    }

    #[test]
    fn groups_same_kind_only_and_transitively() {
        let items = [
            item("a", "semantic", "the cat sat on the mat today", 0.5, 10),
            item("b", "semantic", "The cat sat on the mat, today!", 0.9, 20),
            item("c", "episodic", "the cat sat on the mat today", 0.7, 5),
            item("d", "semantic", "something else entirely", 0.4, 1),
            // 5 of 6 words shared with a/b: 5/7 ~ 0.71 at 0.7 groups
            item("e", "semantic", "the cat sat on the mat yesterday", 0.6, 1),
        ];
        let g = group(&items, 0.85);
        assert_eq!(g, vec![vec![1, 0]]);
        let g = group(&items, 0.7);
        assert_eq!(g, vec![vec![1, 4, 0]]);
        assert!(group(&items, 1.0).len() == 1);
        // threshold 0: everything of one kind is one group
        let g = group(&items, 0.0);
        assert_eq!(g, vec![vec![1, 4, 0, 3]]);
    }

    #[test]
    fn chains_link_through_a_middle_item() {
        // J(x,y) = J(y,z) = 3/4 (>= 0.75) but J(x,z) = 2/4 = 0.5
        let items = [
            item("x", "semantic", "a b c", 0.1, 1),
            item("y", "semantic", "a b c d", 0.2, 1),
            item("z", "semantic", "b c d", 0.3, 1),
        ];
        assert_eq!(group(&items, 0.75), vec![vec![2, 1, 0]]);
        assert!(group(&items, 0.8).is_empty());
    }

    #[test]
    fn survivor_ties_go_to_the_oldest() {
        let items = [
            item("new", "semantic", "same text", 0.8, 200),
            item("old", "semantic", "Same text.", 0.8, 100),
            item("low", "semantic", "same  text", 0.2, 1),
        ];
        assert_eq!(group(&items, 0.85), vec![vec![1, 0, 2]]);
    }

    #[test]
    fn merges_metadata() {
        let survivor = json!({"a": 1, "shared": "survivor", "mergedFrom": ["old1"]});
        let o1 = json!({"shared": "o1", "b": 2, "mergedFrom": ["old2", "old1"]});
        let o2 = json!({"b": 3, "c": [true]});
        let merged = merge_metadata(
            survivor.as_object().unwrap(),
            &[
                ("m1", o1.as_object().unwrap().clone()),
                ("m2", o2.as_object().unwrap().clone()),
            ],
        );
        assert_eq!(
            Value::Object(merged),
            json!({
                "a": 1, "shared": "survivor", "b": 2, "c": [true],
                "mergedFrom": ["old1", "old2", "m1", "m2"]
            })
        );
        let merged = merge_metadata(&Map::new(), &[("m1", Map::new())]);
        assert_eq!(Value::Object(merged), json!({"mergedFrom": ["m1"]}));
    }

    #[test]
    fn params() {
        assert!(Params::default().validate().is_ok());
        assert!(Params { threshold: 1.01 }.validate().is_err());
        assert!(Params { threshold: -0.5 }.validate().is_err());
        assert!(metamorph_sdk::parse_params::<Params>(r#"{"threshold": "high"}"#).is_err());
        let p: Params = metamorph_sdk::parse_params("{}").unwrap();
        assert_eq!(p.threshold, 0.85);
    }
}
