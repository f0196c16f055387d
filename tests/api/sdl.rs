//! The checked-in SDL must be what the code serves.

use crate::helpers::repo_path;

#[test]
fn the_checked_in_sdl_matches_the_schema_the_code_builds() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
        .arg("sdl")
        .output()
        .expect("run concord sdl");
    assert!(output.status.success());
    let built = String::from_utf8(output.stdout).expect("utf-8");
    let checked_in =
        std::fs::read_to_string(repo_path("schema/concord.graphql")).unwrap_or_default();
    assert!(
        built == checked_in,
        "schema/concord.graphql is out of date: run `cargo run -- sdl > schema/concord.graphql`"
    );
}

#[test]
fn every_type_and_field_of_the_sdl_is_documented() {
    let sdl = concord::graphql::sdl();
    let undocumented = undocumented_in(&sdl);
    assert!(
        undocumented.is_empty(),
        "undocumented in the SDL: {undocumented:#?}"
    );
}

/// Declarations (types, inputs, enums, scalars and their members) not preceded by a
/// description. async-graphql indents members with one tab; Relay plumbing it generates
/// (edges, page info) is exempt.
fn undocumented_in(sdl: &str) -> Vec<String> {
    let generated = |name: &str| {
        name.ends_with("Edge")
            || name.ends_with("Connection")
            || name == "PageInfo"
            || [
                "edges",
                "pageInfo",
                "cursor",
                "node",
                "hasNextPage",
                "hasPreviousPage",
                "startCursor",
                "endCursor",
            ]
            .contains(&name)
    };
    let mut in_description = false;
    let mut in_schema_definition = false;
    let mut described = false;
    let mut undocumented = Vec::new();
    for line in sdl.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("\"\"\"") {
            // A block opens and closes on lines of their own; a one-line block does both.
            let one_line = trimmed.len() > 6 && trimmed.ends_with("\"\"\"");
            if !one_line {
                in_description = !in_description;
            }
            described = !in_description;
            continue;
        }
        if trimmed.starts_with("schema ") {
            in_schema_definition = true;
        }
        if trimmed == "}" {
            in_schema_definition = false;
        }
        if in_description || in_schema_definition || trimmed.is_empty() || trimmed == "}" {
            continue;
        }
        let declaration = [
            "type ",
            "input ",
            "enum ",
            "scalar ",
            "union ",
            "interface ",
        ]
        .iter()
        .find_map(|k| trimmed.strip_prefix(k));
        let name = match declaration {
            Some(rest) => rest.split([' ', '{']).next().unwrap_or(rest),
            None if line.starts_with('\t') => {
                trimmed.split(['(', ':', ' ']).next().unwrap_or(trimmed)
            }
            None => {
                described = false;
                continue;
            }
        };
        if !generated(name) && !described {
            undocumented.push(trimmed.to_owned());
        }
        described = false;
    }
    undocumented
}

#[test]
fn the_documentation_check_finds_an_undocumented_field_and_type() {
    let sdl = "\"\"\"\nA standard.\n\"\"\"\ntype Standard {\n\t\"\"\"\n\tIts slug.\n\t\"\"\"\n\tslug: String!\n\ttitle: String!\n}\n\ntype Bare {\n\t\"\"\"\n\tDocumented.\n\t\"\"\"\n\tx: Int\n}\n";
    assert_eq!(undocumented_in(sdl), ["title: String!", "type Bare {"]);
}
