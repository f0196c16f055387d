//! A compatibility report for people: changes grouped by the place in a document they apply to,
//! breaking groups first, each change in a sentence with its witness (a document one version
//! accepts and the other refuses) folded away under it. The diff page, the proposal page and
//! "Check" on the propose forms all show reports this way.

use maud::{Markup, html};

use crate::compat::{Change, Report};

/// A place in a document as people read it: `evses[].capabilities` for `/evses/*/capabilities`.
pub fn place(instance_path: &str) -> String {
    if instance_path.is_empty() || instance_path == "/" {
        return "the document itself".to_owned();
    }
    let mut out = String::new();
    for segment in instance_path.trim_start_matches('/').split('/') {
        if segment == "*" {
            out.push_str("[]");
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment.replace("~1", "/").replace("~0", "~"));
        }
    }
    out
}

struct Group<'a> {
    place: String,
    breaking: bool,
    changes: Vec<&'a Change>,
}

fn groups(changes: &[Change]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    for change in changes {
        let at = place(&change.instance_path);
        match groups.iter_mut().find(|g| g.place == at) {
            Some(group) => {
                group.breaking |= change.breaking;
                group.changes.push(change);
            }
            None => groups.push(Group {
                place: at,
                breaking: change.breaking,
                changes: vec![change],
            }),
        }
    }
    // Breaking places first; otherwise the order the engine met them.
    groups.sort_by_key(|g| !g.breaking);
    groups
}

/// The verdict line and the grouped changes of a report.
pub fn report(report: &Report) -> Markup {
    let breaking = report.changes.iter().filter(|c| c.breaking).count();
    html! {
        p class="govuk-body" {
            "Under " code { (report.mode) } " (" code { (report.policy) } "): "
            @if report.compatible { strong { "compatible" } } @else { strong class="concord-breaking" { "breaks the standard's compatibility mode" } }
            ". The changes need a " strong { (report.required_bump) } " version. "
            (report.changes.len()) " change" @if report.changes.len() != 1 { "s" }
            @if breaking > 0 { ", " (breaking) " breaking" } "."
        }
        @for group in groups(&report.changes) {
            div class="concord-field" {
                h3 class="govuk-heading-s" {
                    @if group.breaking { span class="concord-breaking" { "Breaking: " } }
                    (group.changes.len()) " change" @if group.changes.len() != 1 { "s" } " to " code { (group.place) }
                }
                ul class="govuk-list govuk-list--bullet" {
                    @for change in &group.changes {
                        li {
                            (change.message)
                            " " span class="concord-muted" { "(" code { (change.kind) } ")" }
                            @if change.breaking { " " strong class="govuk-tag govuk-tag--red" { "breaking" } }
                            @if change.paths.len() > 1 {
                                br; span class="concord-muted" { "Also reached at: "
                                    @for (i, path) in change.paths.iter().skip(1).enumerate() {
                                        @if i > 0 { ", " }
                                        code { (place(path)) }
                                    }
                                }
                            }
                            @if let Some(witness) = &change.witness {
                                details class="govuk-details concord-details" {
                                    summary class="govuk-details__summary" { span class="govuk-details__summary-text" { "A document valid under the " (witness.valid_under) " schema only" } }
                                    div class="govuk-details__text" { pre class="concord-code" { (serde_json::to_string_pretty(&witness.document).unwrap_or_default()) } }
                                }
                            } @else if let Some(note) = &change.witness_note {
                                br; span class="concord-muted" { (note) }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_read_as_paths_with_brackets_for_any_item() {
        assert_eq!(place("/evses/*/capabilities"), "evses[].capabilities");
        assert_eq!(place(""), "the document itself");
        assert_eq!(place("/a~1b"), "a/b");
    }
}
