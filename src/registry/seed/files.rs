//! Reading the catalogue folder's files (`organisations.toml`, `<slug>/standard.toml`,
//! `<slug>/<version>.json`) into checked values. Every error names the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::{
    CompatibilityMode, CompatibilityPolicy, DocumentPath, NamedDocument, SchemaDocument,
    SchemaFiles, Slug, Tag, Theme, VersionNumber, VersionStatus,
};
use crate::registry::{Error, NewOrganisation, Result, Upstream};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganisationsFile {
    organisation: Vec<OrganisationEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganisationEntry {
    slug: String,
    name: String,
    kind: String,
    gss_code: Option<String>,
    register_code: Option<String>,
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path)
        .map_err(|e| Error::bad_input(path.display().to_string(), format!("cannot be read: {e}")))
}

/// Reads an organisations file.
pub fn load_organisations_file(path: &Path) -> Result<Vec<NewOrganisation>> {
    parse_organisations_toml(&read(path)?, &path.display().to_string())
}

/// Parses the text of an organisations file; `name` names it in errors.
pub fn parse_organisations_toml(text: &str, name: &str) -> Result<Vec<NewOrganisation>> {
    let file: OrganisationsFile =
        toml::from_str(text).map_err(|e| Error::bad_input(name, e.message()))?;
    file.organisation
        .into_iter()
        .map(|o| {
            NewOrganisation::parse(
                &o.slug,
                &o.name,
                &o.kind,
                o.gss_code.as_deref(),
                o.register_code.as_deref(),
            )
            .map_err(|e| Error::bad_input(name, format!("organisation `{}`: {e}", o.slug)))
        })
        .collect()
}

/// `standard.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StandardFile {
    pub title: String,
    pub summary: String,
    pub theme: String,
    pub owner: String,
    pub compatibility: Option<String>,
    pub policy: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub upstream: Option<Upstream>,
    #[serde(default)]
    pub versions: BTreeMap<String, VersionMeta>,
}

/// One `[versions."x.y.z"]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VersionMeta {
    pub published: Option<NaiveDate>,
    pub changelog: String,
    pub status: Option<String>,
    pub successor: Option<String>,
    pub sunset: Option<NaiveDate>,
    pub note: Option<String>,
}

/// A standard of the catalogue with its versions in ascending order.
#[derive(Debug)]
pub(crate) struct CatalogueStandard {
    pub dir: PathBuf,
    pub slug: Slug,
    pub theme: Theme,
    pub tags: Vec<Tag>,
    pub mode: CompatibilityMode,
    pub policy: CompatibilityPolicy,
    pub file: StandardFile,
    pub versions: Vec<CatalogueVersion>,
}

impl CatalogueStandard {
    /// A file of this standard, for error messages.
    pub fn path(&self, name: &str) -> String {
        self.dir.join(name).display().to_string()
    }
}

/// One version of a catalogue standard.
#[derive(Debug)]
pub(crate) struct CatalogueVersion {
    pub number: VersionNumber,
    /// Its files: `{number}.json`, or a folder `{number}/` holding `schema.json` and the
    /// documents it references.
    pub schema: SchemaFiles,
    pub status: VersionStatus,
    pub meta: VersionMeta,
}

/// A file whose text is published as it is, so the authors' layout is kept.
fn parse_json(path: &Path) -> Result<SchemaDocument> {
    SchemaDocument::parse(read(path)?)
        .map_err(|e| Error::bad_input(path.display().to_string(), format!("not valid JSON: {e}")))
}

/// A version of several files: `schema.json` is the root, and every other `.json` file under
/// the folder is a named document at its path relative to the folder.
fn read_version_folder(folder: &Path) -> Result<SchemaFiles> {
    let root = folder.join("schema.json");
    if !root.is_file() {
        return Err(Error::bad_input(
            folder.display().to_string(),
            "a version folder needs its root schema as `schema.json`",
        ));
    }
    let mut found = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| {
            Error::bad_input(dir.display().to_string(), format!("cannot be read: {e}"))
        })?;
        for entry in entries {
            let path = entry
                .map_err(|e| Error::bad_input(dir.display().to_string(), e.to_string()))?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "json") && path != root {
                found.push(path);
            }
        }
    }
    found.sort();
    let mut documents = Vec::with_capacity(found.len());
    for path in found {
        let relative = path
            .strip_prefix(folder)
            .map_err(|e| Error::bad_input(path.display().to_string(), e.to_string()))?
            .to_string_lossy()
            .replace(std::path::MAIN_SEPARATOR, "/");
        documents.push(NamedDocument {
            path: DocumentPath::parse(&relative)
                .map_err(|e| Error::bad_input(path.display().to_string(), e))?,
            document: parse_json(&path)?,
        });
    }
    SchemaFiles::new(parse_json(&root)?, documents)
        .map_err(|(_, e)| Error::bad_input(folder.display().to_string(), e))
}

/// Finds every `standard.toml` one or two folders below `dir`.
fn standard_dirs(dir: &Path) -> Result<Vec<(PathBuf, String)>> {
    let list = |d: &Path| -> Result<Vec<PathBuf>> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(d)
            .map_err(|e| Error::bad_input(d.display().to_string(), format!("cannot be read: {e}")))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        entries.sort();
        Ok(entries)
    };
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut found = Vec::new();
    for first in list(dir)? {
        if first.join("standard.toml").exists() {
            found.push((first.clone(), name(&first)));
        }
        for second in list(&first)? {
            if second.join("standard.toml").exists() {
                found.push((
                    second.clone(),
                    format!("{}/{}", name(&first), name(&second)),
                ));
            }
        }
    }
    Ok(found)
}

/// Reads every standard of the catalogue at `dir`.
pub(crate) fn read_catalogue(dir: &Path) -> Result<Vec<CatalogueStandard>> {
    standard_dirs(dir)?
        .into_iter()
        .map(|(path, slug)| read_standard(path, &slug))
        .collect()
}

fn read_standard(dir: PathBuf, slug: &str) -> Result<CatalogueStandard> {
    let toml_path = dir.join("standard.toml");
    let name = toml_path.display().to_string();
    let bad = |message: String| Error::bad_input(&name, message);
    let file: StandardFile =
        toml::from_str(&read(&toml_path)?).map_err(|e| bad(e.message().to_owned()))?;
    let slug = Slug::parse(slug).map_err(|e| bad(format!("folder name: {e}")))?;
    let theme = Theme::parse(&file.theme).map_err(|e| bad(format!("theme: {e}")))?;
    let tags = file
        .tags
        .iter()
        .map(|t| Tag::parse(t).map_err(|e| bad(format!("tags: {e}"))))
        .collect::<Result<Vec<_>>>()?;
    let mode = file
        .compatibility
        .as_deref()
        .map(CompatibilityMode::parse)
        .transpose()
        .map_err(|e| bad(format!("compatibility: {e}")))?
        .unwrap_or(CompatibilityMode::Backward);
    let policy = file
        .policy
        .as_deref()
        .map(CompatibilityPolicy::parse)
        .transpose()
        .map_err(|e| bad(format!("policy: {e}")))?
        .unwrap_or(CompatibilityPolicy::Lenient);
    let mut versions = Vec::new();
    for (number, meta) in &file.versions {
        let parsed = VersionNumber::parse(number).map_err(|e| bad(format!("versions: {e}")))?;
        let folder = dir.join(number);
        let schema = if folder.is_dir() {
            read_version_folder(&folder)?
        } else {
            parse_json(&dir.join(format!("{number}.json")))?.into()
        };
        let status = meta
            .status
            .as_deref()
            .map(VersionStatus::parse)
            .transpose()
            .map_err(|e| bad(format!("versions.\"{number}\".status: {e}")))?
            .unwrap_or(VersionStatus::Active);
        versions.push(CatalogueVersion {
            number: parsed,
            schema,
            status,
            meta: meta.clone(),
        });
    }
    versions.sort_by(|a, b| a.number.cmp(&b.number));
    for entry in std::fs::read_dir(&dir).map_err(|e| bad(e.to_string()))? {
        let path = entry.map_err(|e| bad(e.to_string()))?.path();
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        let name = path.file_name().map(|s| s.to_string_lossy().into_owned());
        let version_folder = path.is_dir()
            && name
                .as_deref()
                .is_some_and(|n| VersionNumber::parse(n).is_ok());
        let listed = |n: &Option<String>| versions.iter().any(|v| Some(v.number.to_string()) == *n);
        if (version_folder && !listed(&name))
            || (path.extension().is_some_and(|e| e == "json") && !path.is_dir() && !listed(&stem))
        {
            return Err(Error::bad_input(
                path.display().to_string(),
                "has no [versions] entry in standard.toml",
            ));
        }
    }
    Ok(CatalogueStandard {
        dir,
        slug,
        theme,
        tags,
        mode,
        policy,
        file,
        versions,
    })
}
