//! Every instance path that reaches a change. A pair of locations is compared once overall
//! (a definition referenced from many places is compared once, at its first path), so each time
//! the walk meets an already compared pair again it notes the new path here; a change found
//! while comparing that pair is then reached by each of those paths too, and is reported once
//! with all of them (`Change::paths`).

use std::collections::HashMap;

/// The most paths one change lists.
pub(crate) const MAX_PATHS: usize = 20;

/// The pairs being compared (innermost last) with the instance path each was entered at, when a
/// change is found.
pub(crate) type Stack = Vec<(usize, String)>;

/// What the walk learns about which paths reach which pairs.
#[derive(Debug, Default)]
pub(crate) struct Reach {
    ids: HashMap<String, usize>,
    active: Stack,
    /// Pair id → the other instance paths it was met at after it was compared.
    also: HashMap<usize, Vec<String>>,
}

impl Reach {
    /// The id of the pair with memo key `key`.
    pub(crate) fn id(&mut self, key: &str) -> usize {
        let next = self.ids.len();
        *self.ids.entry(key.to_owned()).or_insert(next)
    }

    /// The walk starts comparing pair `id` at instance path `ipath`.
    pub(crate) fn enter(&mut self, id: usize, ipath: &str) {
        self.active.push((id, ipath.to_owned()));
    }

    /// The walk has finished comparing the innermost pair.
    pub(crate) fn leave(&mut self) {
        self.active.pop();
    }

    /// Pair `id`, already compared, is reached again at `ipath`.
    pub(crate) fn met_again(&mut self, id: usize, ipath: &str) {
        let paths = self.also.entry(id).or_default();
        if paths.len() < MAX_PATHS && !paths.iter().any(|p| p == ipath) {
            paths.push(ipath.to_owned());
        }
    }

    /// The pairs being compared now, for a change found here.
    pub(crate) fn stack(&self) -> Stack {
        self.active.clone()
    }

    /// Every instance path that reaches a change found at `ipath` inside `stack`: its own first,
    /// then, for each enclosing pair met again elsewhere, that path with the rest of `ipath`.
    pub(crate) fn paths(&self, ipath: &str, stack: &Stack) -> Vec<String> {
        let mut out = vec![ipath.to_owned()];
        for (id, base) in stack {
            let Some(rest) = ipath.strip_prefix(base.as_str()) else {
                continue;
            };
            for other in self.also.get(id).into_iter().flatten() {
                let path = format!("{other}{rest}");
                if out.len() < MAX_PATHS && !out.contains(&path) {
                    out.push(path);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_met_again_adds_its_path_to_the_changes_inside_it() {
        let mut reach = Reach::default();
        let outer = reach.id("root");
        let address = reach.id("address");
        assert_eq!(reach.id("address"), address, "ids are stable");
        reach.enter(outer, "");
        reach.enter(address, "/home");
        let stack = reach.stack();
        reach.leave();
        reach.met_again(address, "/work");
        reach.met_again(address, "/work");
        reach.leave();
        assert_eq!(
            reach.paths("/home/postcode", &stack),
            ["/home/postcode", "/work/postcode"]
        );
        assert_eq!(reach.paths("/home", &stack), ["/home", "/work"]);
    }
}
