//! `concord import DIR --org SLUG`: a folder of schemas an organisation already has, brought in
//! as draft proposals. One standard per file (`address.json`, `address-1.2.0.json`) or per
//! sub-folder of versions (`address/1.0.0.json`, `address/1.2.0.json`, of which the latest is
//! proposed); slugs, versions, titles and themes from the names or from `concord-import.toml`.
//! Every file it could not take is reported with why; exit 0 when every schema was taken, 1 when
//! any was not, 2 on usage or connection errors.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use serde::Deserialize;

use super::client::{Client, Failure};
use super::propose::{Candidate, my_organisation, propose, read_schema};
use crate::config::ImportArgs;
use crate::domain::{Slug, VersionNumber};

/// The manifest's name inside the folder.
pub const MANIFEST: &str = "concord-import.toml";

/// What the manifest may say about one standard, keyed by its file stem or sub-folder name.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    slug: Option<String>,
    version: Option<String>,
    title: Option<String>,
    summary: Option<String>,
    theme: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    #[serde(default)]
    standards: BTreeMap<String, Entry>,
}

/// One thing found in the folder: a candidate to propose, or a file not taken and why.
enum Found {
    Candidate(Box<Candidate>),
    NotTaken(PathBuf, String),
}

/// Splits `address-1.2.0` into (`address`, `1.2.0`); a stem without a version stays whole.
fn split_version(stem: &str) -> (&str, Option<&str>) {
    for separator in ['@', '-', '_'] {
        if let Some((name, version)) = stem.rsplit_once(separator)
            && VersionNumber::parse(version).is_ok()
        {
            return (name, Some(version));
        }
    }
    (stem, None)
}

fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// The candidate for standard `name`, whose latest file is `file` at `version`.
fn candidate(
    name: &str,
    file: PathBuf,
    version: Option<String>,
    entry: Option<&Entry>,
    theme: Option<&str>,
) -> Found {
    let entry_or = |f: fn(&Entry) -> &Option<String>| entry.and_then(|e| f(e).clone());
    let slug = entry_or(|e| &e.slug).unwrap_or_else(|| name.to_owned());
    if let Err(e) = Slug::parse(&slug) {
        return Found::NotTaken(
            file,
            format!("{e}; give its slug in {MANIFEST} under [standards.{name}]"),
        );
    }
    let Some(version) = entry_or(|e| &e.version).or(version) else {
        return Found::NotTaken(
            file,
            format!(
                "no version: name the file {name}-1.0.0.json, or give `version` in {MANIFEST} under [standards.{name}]"
            ),
        );
    };
    let theme = entry_or(|e| &e.theme)
        .or_else(|| theme.map(str::to_owned))
        .or_else(|| slug.split_once('/').map(|(t, _)| t.to_owned()));
    if theme.is_none() {
        return Found::NotTaken(
            file,
            format!(
                "`{slug}` needs a theme: pass --theme, or give `theme` or a two-segment `slug` in {MANIFEST}"
            ),
        );
    }
    let schema = match read_schema(&file) {
        Ok(schema) => schema,
        Err(e) => return Found::NotTaken(file, format!("{e:#}")),
    };
    Found::Candidate(Box::new(Candidate {
        file,
        slug,
        version,
        schema,
        documents: Vec::new(),
        title: entry_or(|e| &e.title),
        summary: entry_or(|e| &e.summary),
        theme,
        changelog: None,
        rationale: None,
    }))
}

/// Everything in `dir`, sorted by name, as candidates and files not taken.
fn survey(dir: &Path, theme: Option<&str>) -> Result<Vec<Found>> {
    let manifest: Manifest = match std::fs::read_to_string(dir.join(MANIFEST)) {
        Ok(text) => toml::from_str(&text)
            .with_context(|| format!("reading {}", dir.join(MANIFEST).display()))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Manifest::default(),
        Err(e) => {
            return Err(e).with_context(|| format!("reading {}", dir.join(MANIFEST).display()));
        }
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading the folder {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .filter(|p| p.file_name().is_some_and(|n| n != MANIFEST))
        .collect();
    entries.sort();
    let mut found = Vec::new();
    for path in entries {
        let name = if path.is_dir() {
            path.file_name()
        } else {
            path.file_stem()
        }
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
        if path.is_dir() {
            let mut versions: Vec<(VersionNumber, PathBuf)> = Vec::new();
            for file in
                std::fs::read_dir(&path).with_context(|| format!("reading {}", path.display()))?
            {
                let file = file?.path();
                let stem = file
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                match VersionNumber::parse(split_version(&stem).1.unwrap_or(&stem)) {
                    Ok(version) if is_json(&file) => versions.push((version, file)),
                    _ => found.push(Found::NotTaken(file, "not a version's schema: a sub-folder holds one standard's versions as 1.0.0.json, 1.1.0.json…".to_owned())),
                }
            }
            versions.sort_by(|a, b| a.0.cmp(&b.0));
            let Some((latest, file)) = versions.pop() else {
                found.push(Found::NotTaken(
                    path,
                    "no version's schema (1.0.0.json…) in this folder".to_owned(),
                ));
                continue;
            };
            for (version, earlier) in versions {
                found.push(Found::NotTaken(earlier, format!("only the latest version, {latest}, is proposed; {version} cannot be proposed beside it")));
            }
            found.push(candidate(
                &name,
                file,
                Some(latest.to_string()),
                manifest.standards.get(&name),
                theme,
            ));
        } else if is_json(&path) {
            let (standard, version) = split_version(&name);
            let entry = manifest
                .standards
                .get(&name)
                .or_else(|| manifest.standards.get(standard));
            found.push(candidate(
                standard,
                path.clone(),
                version.map(str::to_owned),
                entry,
                theme,
            ));
        } else {
            found.push(Found::NotTaken(path, "not a .json schema file".to_owned()));
        }
    }
    Ok(found)
}

/// Runs `concord import`.
pub async fn run(args: ImportArgs) -> Result<ExitCode> {
    let client = Client::new(&args.server)?;
    let found = survey(&args.dir, args.theme.as_deref())?;
    let mine = match my_organisation(&client).await {
        Ok(mine) => mine,
        Err(Failure::Usage(e)) => return Err(e),
        Err(Failure::Refused(r)) => return Err(anyhow!("{}", r.describe())),
    };
    if mine != args.org {
        return Err(anyhow!(
            "the token belongs to {mine}, not {}: import with a token of {}",
            args.org,
            args.org
        ));
    }
    let (mut taken, mut not_taken) = (0, 0);
    let mut out = String::new();
    for item in found {
        match item {
            Found::NotTaken(file, why) => {
                not_taken += 1;
                let _ = writeln!(out, "not taken: {}: {why}", file.display());
            }
            Found::Candidate(candidate) => match propose(&client, &candidate, false).await {
                Ok(created) => {
                    taken += 1;
                    let _ = writeln!(
                        out,
                        "taken: {} as {} {} ({} proposal {}): {}",
                        candidate.file.display(),
                        candidate.slug,
                        candidate.version,
                        created.action,
                        created.id,
                        created.url
                    );
                }
                Err(Failure::Refused(refusal)) => {
                    not_taken += 1;
                    let _ = write!(
                        out,
                        "not taken: {}: {}",
                        candidate.file.display(),
                        refusal.describe()
                    );
                }
                Err(Failure::Usage(e)) => {
                    super::emit(&out)?;
                    return Err(e);
                }
            },
        }
    }
    let _ = writeln!(
        out,
        "{taken} taken as draft proposals, {not_taken} not taken"
    );
    super::emit(&out)?;
    Ok(if not_taken == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[cfg(test)]
mod tests {
    use super::split_version;

    #[test]
    fn a_version_is_read_from_the_end_of_a_file_name() {
        assert_eq!(split_version("address-1.2.0"), ("address", Some("1.2.0")));
        assert_eq!(
            split_version("waste-depot@2.0.0"),
            ("waste-depot", Some("2.0.0"))
        );
        assert_eq!(split_version("waste-depot"), ("waste-depot", None));
        assert_eq!(split_version("bus-route-12"), ("bus-route-12", None));
    }
}
