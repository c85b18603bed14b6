//! Prefixed random ids (`ses_…`, `mem_…`).

use rand::Rng;

const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
/// Random characters after the prefix (~108 bits).
const LEN: usize = 21;

/// A new id such as `mem_3k9x…`.
pub fn new_id(prefix: &str) -> String {
    let mut rng = rand::rng();
    let mut id = String::with_capacity(prefix.len() + 1 + LEN);
    id.push_str(prefix);
    id.push('_');
    id.extend((0..LEN).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char));
    id
}

#[cfg(test)]
mod tests {
    #[test]
    fn shape() {
        let a = super::new_id("ses");
        assert!(a.starts_with("ses_") && a.len() == 25);
        assert_ne!(a, super::new_id("ses"));
    }
}
