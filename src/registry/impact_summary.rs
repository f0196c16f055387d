//! The sentence a board member reads about a proposal's impact: how many adopters it affects,
//! each named, with where it breaks them.

use super::impact::Affected;
use crate::domain::VersionNumber;

/// Most adopters named in the sentence; the rest are counted.
const NAMED: usize = 5;

/// "2 of 11 adopters affected: Hackney (1 fixture breaks at /address/uprn) and Camden (…)".
pub fn summarise(
    adopters: usize,
    fixtures: usize,
    affected: &[Affected],
    proposed: &VersionNumber,
) -> String {
    if adopters == 0 {
        return "No organisation has declared adoption of this standard, so no adopter is affected."
            .to_owned();
    }
    if affected.is_empty() {
        let who = if adopters == 1 {
            "The one adopter is not affected".to_owned()
        } else {
            format!("None of the {adopters} adopters is affected")
        };
        return match fixtures {
            0 => format!(
                "{who} as far as Concord can tell: no fixture is published to check against {proposed}."
            ),
            1 => format!("{who}: the one fixture published is valid under {proposed}."),
            n => format!("{who}: all {n} fixtures published are valid under {proposed}."),
        };
    }
    let mut named: Vec<String> = affected
        .iter()
        .take(NAMED)
        .map(|a| describe(a, proposed))
        .collect();
    let rest = affected.len().saturating_sub(NAMED);
    if rest > 0 {
        named.push(format!("{rest} more"));
    }
    format!(
        "{} of {adopters} adopter{} affected: {}.",
        affected.len(),
        plural(adopters),
        join(&named)
    )
}

fn describe(a: &Affected, proposed: &VersionNumber) -> String {
    let mut parts = Vec::new();
    if !a.broken_fixtures.is_empty() {
        let mut places: Vec<&str> = a
            .broken_fixtures
            .iter()
            .filter_map(|b| b.errors.first())
            .map(|v| {
                if v.instance_path.is_empty() {
                    "the root"
                } else {
                    v.instance_path.as_str()
                }
            })
            .collect();
        places.dedup();
        places.truncate(3);
        let n = a.broken_fixtures.len();
        parts.push(format!(
            "{n} fixture{} break{} at {}",
            plural(n),
            if n == 1 { "s" } else { "" },
            join(&places.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>())
        ));
    }
    if !a.unreadable.is_empty() {
        let current = a
            .current
            .as_ref()
            .map(|v| format!("its version {v}"))
            .unwrap_or_else(|| "its version".to_owned());
        let mut places: Vec<String> = a
            .unreadable
            .iter()
            .filter_map(|u| u.errors.first())
            .map(|v| {
                if v.instance_path.is_empty() {
                    "the root".to_owned()
                } else {
                    v.instance_path.clone()
                }
            })
            .collect();
        places.dedup();
        places.truncate(3);
        parts.push(if places.is_empty() {
            format!("would receive documents {current} rejects")
        } else {
            format!(
                "would receive documents {current} rejects at {}",
                join(&places)
            )
        });
    }
    if !a.in_range {
        parts.push(format!(
            "{proposed} is outside its range {}",
            a.adoption.range
        ));
    }
    format!("{} ({})", a.organisation_name, parts.join("; "))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// "a", "a and b", "a, b and c".
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_lists_as_a_sentence_does() {
        let words = |w: &[&str]| w.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(join(&words(&["a"])), "a");
        assert_eq!(join(&words(&["a", "b"])), "a and b");
        assert_eq!(join(&words(&["a", "b", "c"])), "a, b and c");
    }

    #[test]
    fn says_plainly_when_nobody_is_affected() {
        let v = VersionNumber::parse("2.1.0").expect("version");
        assert!(summarise(0, 0, &[], &v).starts_with("No organisation has declared adoption"));
        assert_eq!(
            summarise(11, 20, &[], &v),
            "None of the 11 adopters is affected: all 20 fixtures published are valid under 2.1.0."
        );
        assert_eq!(
            summarise(1, 0, &[], &v),
            "The one adopter is not affected as far as Concord can tell: no fixture is published to check against 2.1.0."
        );
    }
}
