//! The repository stands alone: someone who clones it has nothing beside it, so no file in it
//! may point at a folder outside it.

use std::path::Path;

use crate::helpers::repo_path;

/// Folders that are built or installed, never written by hand.
const SKIPPED: &[&str] = &["target", ".git", "node_modules"];

fn visit(dir: &Path, needle: &str, found: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            if !SKIPPED.iter().any(|s| name == *s) {
                visit(&path, needle, found);
            }
        } else if let Ok(text) = std::fs::read_to_string(&path)
            && text.contains(needle)
        {
            found.push(path.display().to_string());
        }
    }
}

#[test]
fn no_file_in_the_repository_refers_to_a_folder_beside_it() {
    // Built at run time, so this file does not contain what it looks for.
    let needle = format!("..{}shared", '/');
    let mut found = Vec::new();
    visit(&repo_path(""), &needle, &mut found);
    assert!(found.is_empty(), "files referring to {needle}: {found:?}");
}

#[test]
fn the_design_document_is_in_the_repository_and_linked_from_the_readme() {
    let readme = std::fs::read_to_string(repo_path("README.md")).expect("README");
    assert!(
        readme.contains("(docs/DESIGN.md)"),
        "the README links docs/DESIGN.md"
    );
    let design = std::fs::read_to_string(repo_path("docs/DESIGN.md")).expect("docs/DESIGN.md");
    for section in ["Where each rule lives", "Layers"] {
        assert!(design.contains(section), "docs/DESIGN.md has {section}");
    }
}
