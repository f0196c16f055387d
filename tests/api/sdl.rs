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
    let mut previous = "";
    let mut undocumented = Vec::new();
    for line in sdl.lines() {
        let trimmed = line.trim();
        let declares = trimmed.starts_with("type ")
            || trimmed.starts_with("input ")
            || trimmed.starts_with("enum ")
            || (line.starts_with("  ")
                && !trimmed.starts_with('"')
                && !trimmed.is_empty()
                && trimmed != "}");
        let builtin = trimmed.starts_with("type Query")
            || trimmed.starts_with("type Mutation")
            || trimmed.starts_with("type PageInfo")
            || trimmed.contains("Connection")
            || trimmed.contains("Edge")
            || trimmed.starts_with("edges")
            || trimmed.starts_with("nodes")
            || trimmed.starts_with("pageInfo")
            || trimmed.starts_with("cursor")
            || trimmed.starts_with("node:")
            || trimmed.starts_with("hasNextPage")
            || trimmed.starts_with("hasPreviousPage")
            || trimmed.starts_with("startCursor")
            || trimmed.starts_with("endCursor");
        if declares && !builtin && !previous.trim().ends_with('"') {
            undocumented.push(trimmed.to_owned());
        }
        previous = line;
    }
    assert!(
        undocumented.is_empty(),
        "undocumented in the SDL: {undocumented:#?}"
    );
}
