//! Unique ids for a document's headings: the heading's slug, then `-2`,
//! `-3` ... for the second and later headings that would share it.

use std::collections::{HashMap, HashSet};

/// The ids given so far in one document.
#[derive(Default)]
pub(super) struct HeadingIds {
    used: HashSet<String>,
    /// For each slug given, the last suffix tried for it: every smaller
    /// one is taken, so the next heading with that slug starts there and
    /// the work stays linear in the number of headings (10,000 `## a`
    /// used to take seconds, each one trying every suffix before it).
    last_suffix: HashMap<String, usize>,
}

impl HeadingIds {
    /// A new id for a heading that reads `label`, unique in the document.
    pub(super) fn next(&mut self, prefix: &str, label: &str) -> String {
        let base = format!("{prefix}{}", slug::slugify(label));
        let mut n = self.last_suffix.get(&base).copied().unwrap_or(1);
        let mut id = with_suffix(&base, n);
        while self.used.contains(&id) {
            n += 1;
            id = with_suffix(&base, n);
        }
        self.used.insert(id.clone());
        self.last_suffix.insert(base, n);
        id
    }
}

/// `base` for the first heading, `base-n` for the n-th.
fn with_suffix(base: &str, n: usize) -> String {
    if n == 1 {
        base.to_string()
    } else {
        format!("{base}-{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::cpu_time::fastest;

    fn ids(labels: &[&str]) -> Vec<String> {
        let mut ids = HeadingIds::default();
        labels.iter().map(|l| ids.next("s-", l)).collect()
    }

    #[test]
    fn repeated_headings_are_numbered_from_two() {
        assert_eq!(ids(&["A", "a", "A"]), ["s-a", "s-a-2", "s-a-3"]);
        assert_eq!(ids(&["", ""]), ["s-", "s--2"]);
    }

    #[test]
    fn a_heading_that_reads_like_a_numbered_one_is_not_given_twice() {
        // The ids the first version's search gave: each heading takes the
        // first free one of its slug, `-2`, `-3` ...
        assert_eq!(
            ids(&["a", "a", "a-2", "a", "a-2"]),
            ["s-a", "s-a-2", "s-a-2-2", "s-a-3", "s-a-2-3"]
        );
        assert_eq!(
            ids(&["a-2", "a", "a", "a"]),
            ["s-a-2", "s-a", "s-a-3", "s-a-4"]
        );
    }

    #[test]
    fn many_equal_headings_take_time_linear_in_their_number() {
        // Issue 21: `## a` 10,000 times took 7.2 s, each heading trying
        // every suffix before its own.
        let time = |n: usize| {
            fastest(|| {
                let mut ids = HeadingIds::default();
                for _ in 0..n {
                    ids.next("", "a");
                }
            })
        };
        let small = time(5_000);
        let large = time(50_000);
        assert!(
            large < small * 30,
            "50,000 equal headings took {large:?}, 5,000 took {small:?}"
        );
    }
}
