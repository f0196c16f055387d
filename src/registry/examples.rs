//! The catalogue's example documents: for each version of a catalogue standard, the payloads in
//! `{catalogue}/{slug}/examples/{version}/valid/` that its tests prove valid. A standard's page
//! shows them; standards proposed through Concord have none there.

use std::path::Path;

use serde_json::Value;

use super::Registry;
use crate::domain::{Slug, VersionNumber};

/// The most examples shown for one version, and the largest file read.
const MAX_EXAMPLES: usize = 3;
const MAX_EXAMPLE_BYTES: u64 = 64 * 1024;

/// An example document.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Its file name without `.json` (it says what it shows: `city-rapid-hub`).
    pub name: String,
    /// The document.
    pub document: Value,
}

impl Registry {
    /// The catalogue's valid examples for a version, by name (none when the deployment has no
    /// catalogue folder, or the version has none).
    pub fn catalogue_examples(&self, slug: &Slug, version: &VersionNumber) -> Vec<Example> {
        let Some(dir) = &self.settings().catalogue_dir else {
            return Vec::new();
        };
        read_examples(
            &dir.join(slug.as_str())
                .join("examples")
                .join(version.to_string())
                .join("valid"),
        )
    }
}

fn read_examples(dir: &Path) -> Vec<Example> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() <= MAX_EXAMPLE_BYTES))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let document = serde_json::from_str(&text).ok()?;
            let name = path.file_stem()?.to_string_lossy().into_owned();
            Some(Example { name, document })
        })
        .take(MAX_EXAMPLES)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_are_read_by_name_and_bad_files_are_skipped() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("b-second.json"), r#"{"b": 2}"#).expect("write");
        std::fs::write(dir.path().join("a-first.json"), r#"{"a": 1}"#).expect("write");
        std::fs::write(dir.path().join("broken.json"), "{").expect("write");
        std::fs::write(dir.path().join("notes.txt"), "{}").expect("write");
        let examples = read_examples(dir.path());
        let names: Vec<&str> = examples.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["a-first", "b-second"]);
        assert!(read_examples(&dir.path().join("missing")).is_empty());
    }
}
