//! `concord propose` and `concord check`: a schema in a repository proposed to a Concord server
//! (a new standard, a new version, or a new revision of the caller's open proposal), or checked
//! as it would be judged without storing anything, for a pull request. Both print the
//! compatibility report; exit 0 when created (or acceptable), 1 when the registry's rules refuse
//! it, 2 on usage or connection errors.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use serde_json::{Value, json};

use super::client::{Client, Failure, Refusal};
use super::report::{report_text, warnings_text};
use crate::config::{CheckArgs, ProposeArgs};

/// What a proposal's report is read with.
const REPORT_FIELDS: &str = "mode policy compatible requiredBump brokenVersions
  changes { kind direction pointer message paths breaking witness { document validUnder } witnessNote }
  versionCheck { accepted message }";

/// One schema to propose, with what a proposal needs besides it.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The file it came from (named in every message).
    pub file: PathBuf,
    /// The standard's slug.
    pub slug: String,
    /// The version it declares.
    pub version: String,
    /// The schema.
    pub schema: Value,
    /// For a version of several files, its documents as `DocumentInput`s (`{path, schema}`).
    pub documents: Vec<Value>,
    /// For a new standard: its title, summary and theme (from the schema and slug otherwise).
    pub title: Option<String>,
    /// See `title`.
    pub summary: Option<String>,
    /// See `title`.
    pub theme: Option<String>,
    /// What this version changes.
    pub changelog: Option<String>,
    /// Why.
    pub rationale: Option<String>,
}

/// A proposal made or revised.
#[derive(Debug)]
pub struct Created {
    /// Its id.
    pub id: String,
    /// Its page.
    pub url: String,
    /// What was done: `proposed`, `revised` or `proposed and submitted`.
    pub action: String,
    /// Its state now.
    pub state: String,
    /// The latest revision (compatibility and warnings).
    pub revision: Value,
}

/// Reads a version's files: the root, then each document named by its path relative to the
/// root's folder (`definitions.json`, `parts/phone.json`), as `DocumentInput`s.
pub fn read_files(files: &[PathBuf]) -> Result<(PathBuf, Value, Vec<Value>)> {
    let (root, others) = files
        .split_first()
        .ok_or_else(|| anyhow!("give the schema file"))?;
    let folder = root.parent().unwrap_or(Path::new(""));
    let mut documents = Vec::with_capacity(others.len());
    for file in others {
        let relative = file.strip_prefix(folder).map_err(|_| {
            anyhow!(
                "{} is not inside {}, the folder of the schema file; a document is named by its \
                 path from there",
                file.display(),
                if folder.as_os_str().is_empty() {
                    Path::new(".").display()
                } else {
                    folder.display()
                }
            )
        })?;
        let path = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        documents.push(json!({ "path": path, "schema": read_schema(file)? }));
    }
    Ok((root.clone(), read_schema(root)?, documents))
}

/// Reads a schema file.
pub fn read_schema(file: &Path) -> Result<Value> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not JSON", file.display()))
}

/// The default sentence saying where a proposal came from.
fn from_file(candidate: &Candidate) -> String {
    format!(
        "Proposed from {} with `concord propose`.",
        candidate.file.display()
    )
}

/// The caller's organisation, or a usage error without a token.
pub async fn my_organisation(client: &Client) -> Result<String, Failure> {
    if !client.has_token() {
        return Err(Failure::Usage(anyhow!(
            "proposing needs an API token: pass --token or set CONCORD_TOKEN"
        )));
    }
    let data = client
        .query("{ me { organisation { slug } } }", json!({}))
        .await?;
    data["me"]["organisation"]["slug"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| Failure::Usage(anyhow!("the server does not know this token's account")))
}

/// The caller's organisation's proposal for `slug` that can still be revised, if any.
async fn open_proposal(client: &Client, slug: &str, mine: &str) -> Result<Option<String>, Failure> {
    const OPEN: &str = "query($state: ProposalState!, $after: String) {
      proposals(state: $state, first: 100, after: $after) {
        nodes { id standardSlug authorOrganisation { slug } }
        pageInfo { hasNextPage endCursor }
      } }";
    for state in ["DRAFT", "CONSULTATION"] {
        let mut after = Value::Null;
        loop {
            let data = client
                .query(OPEN, json!({ "state": state, "after": after }))
                .await?;
            let page = &data["proposals"];
            let found = page["nodes"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|p| p["standardSlug"] == slug && p["authorOrganisation"]["slug"] == mine);
            if let Some(found) = found {
                return Ok(found["id"].as_str().map(str::to_owned));
            }
            if page["pageInfo"]["hasNextPage"] != true {
                break;
            }
            after = page["pageInfo"]["endCursor"].clone();
        }
    }
    Ok(None)
}

/// Proposes `candidate`: a new revision of the caller's open proposal for the standard, else a
/// new version of a published standard, else a new standard. Submits it with `submit`.
pub async fn propose(
    client: &Client,
    candidate: &Candidate,
    submit: bool,
) -> Result<Created, Failure> {
    let mine = my_organisation(client).await?;
    let exists = client
        .query(
            "query($slug: String!) { standard(slug: $slug) { slug } }",
            json!({ "slug": candidate.slug }),
        )
        .await?["standard"]
        .is_object();
    let changelog = candidate
        .changelog
        .clone()
        .unwrap_or_else(|| from_file(candidate));
    let rationale = candidate
        .rationale
        .clone()
        .unwrap_or_else(|| from_file(candidate));
    let (id, mut action) = match open_proposal(client, &candidate.slug, &mine).await? {
        Some(id) => {
            const REVISE: &str = "mutation($id: ID!, $schema: JSON!, $documents: [DocumentInput!], $version: String!, $changelog: String!) {
              reviseProposal(id: $id, schema: $schema, documents: $documents, version: $version, changelog: $changelog) { proposal { id } } }";
            let vars = json!({ "id": id, "schema": candidate.schema, "documents": candidate.documents,
                "version": candidate.version, "changelog": changelog });
            client.query(REVISE, vars).await?;
            (id, "revised".to_owned())
        }
        None if exists => {
            const VERSION: &str = "mutation($input: ProposeVersionInput!) { proposeVersion(input: $input) { proposal { id } } }";
            let input = json!({ "standard": candidate.slug, "version": candidate.version,
                "schema": candidate.schema, "documents": candidate.documents,
                "changelog": changelog, "rationale": rationale });
            let data = client.query(VERSION, json!({ "input": input })).await?;
            (id_of(&data["proposeVersion"])?, "proposed".to_owned())
        }
        None => {
            const STANDARD: &str = "mutation($input: ProposeStandardInput!) { proposeStandard(input: $input) { proposal { id } } }";
            let input = new_standard_input(candidate, &rationale)?;
            let data = client.query(STANDARD, json!({ "input": input })).await?;
            (id_of(&data["proposeStandard"])?, "proposed".to_owned())
        }
    };
    if submit {
        client
            .query(
                "mutation($id: ID!) { submitProposal(id: $id) { proposal { id } } }",
                json!({ "id": id }),
            )
            .await?;
        action.push_str(" and submitted");
    }
    let query = format!(
        "query($id: ID!) {{ proposal(id: $id) {{ id state latestRevision {{ version
           warnings {{ document pointer message }} compatibility {{ {REPORT_FIELDS} }} }} }} }}"
    );
    let data = client.query(&query, json!({ "id": id })).await?;
    let proposal = &data["proposal"];
    Ok(Created {
        url: client.url_of(&format!("/proposals/{id}")),
        id,
        action,
        state: proposal["state"].as_str().unwrap_or("").to_owned(),
        revision: proposal["latestRevision"].clone(),
    })
}

fn id_of(payload: &Value) -> Result<String, Failure> {
    payload["proposal"]["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| Failure::Usage(anyhow!("the server's answer has no proposal id")))
}

/// The `ProposeStandardInput` for a standard new to the registry: title and summary from the
/// flags, else the schema's `title` and `description`; the theme from the flag, else the slug's
/// first segment.
fn new_standard_input(candidate: &Candidate, rationale: &str) -> Result<Value, Failure> {
    let theme = candidate
        .theme
        .clone()
        .or_else(|| {
            candidate
                .slug
                .split_once('/')
                .map(|(theme, _)| theme.to_owned())
        })
        .ok_or_else(|| {
            Failure::Usage(anyhow!(
                "`{}` is a new standard with a one-segment slug: say its theme with --theme",
                candidate.slug
            ))
        })?;
    let title = candidate
        .title
        .clone()
        .or_else(|| candidate.schema["title"].as_str().map(str::to_owned))
        .unwrap_or_else(|| candidate.slug.clone());
    let summary = candidate
        .summary
        .clone()
        .or_else(|| candidate.schema["description"].as_str().map(str::to_owned))
        .unwrap_or_else(|| format!("{title}, proposed from {}.", candidate.file.display()));
    Ok(
        json!({ "slug": candidate.slug, "title": title, "summary": summary, "theme": theme,
        "tags": [], "version": candidate.version, "schema": candidate.schema,
        "documents": candidate.documents, "rationale": rationale }),
    )
}

/// The files as the registry will read them (for the offline checks and the warnings); a path
/// the registry would refuse is a usage error here.
fn schema_files(schema: &Value, documents: &[Value]) -> Result<crate::domain::SchemaFiles> {
    use crate::domain::{SchemaDocument, SchemaFiles};
    let named = documents
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap_or_default().to_owned(),
                SchemaDocument::from_value(d["schema"].clone()),
            )
        })
        .collect();
    SchemaFiles::parse(SchemaDocument::from_value(schema.clone()), named)
        .map_err(|(place, e)| anyhow!("{place}: {e}"))
}

/// The exit code and output of a failure, or the error that makes it exit 2.
pub fn refused(refusal: &Refusal, file: &Path) -> Result<ExitCode> {
    super::emit(&format!("{}: {}", file.display(), refusal.describe()))?;
    Ok(ExitCode::from(1))
}

/// Runs `concord propose`.
pub async fn run_propose(args: ProposeArgs) -> Result<ExitCode> {
    let client = Client::new(&args.server)?;
    let (file, schema, documents) = read_files(&args.files)?;
    let candidate = Candidate {
        schema,
        documents,
        file,
        slug: args.standard,
        version: args.version,
        title: args.title,
        summary: args.summary,
        theme: args.theme,
        changelog: args.changelog,
        rationale: args.rationale,
    };
    match propose(&client, &candidate, args.submit).await {
        Ok(created) => {
            let mut out = format!(
                "{} {} {} as proposal {} ({}): {}\n",
                created.action,
                candidate.slug,
                candidate.version,
                created.id,
                created.state,
                created.url
            );
            report_text(&created.revision["compatibility"], &mut out);
            warnings_text(&created.revision["warnings"], &mut out);
            super::emit(&out)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(Failure::Refused(refusal)) => refused(&refusal, &candidate.file),
        Err(Failure::Usage(error)) => Err(error),
    }
}

/// Runs `concord check`: the proposal judged as it would be, nothing stored.
pub async fn run_check(args: CheckArgs) -> Result<ExitCode> {
    let client = Client::new(&args.server)?;
    let (file, schema, documents) = read_files(&args.files)?;
    let mut out = String::new();
    let query = format!(
        "query($standard: String!, $schema: JSON!, $documents: [DocumentInput!], $version: String) {{
           compatibility(standard: $standard, schema: $schema, documents: $documents, version: $version) {{ {REPORT_FIELDS} }} }}"
    );
    let vars = json!({ "standard": args.standard, "schema": schema, "documents": documents,
        "version": args.version });
    // The files as the registry reads them, for the offline checks and the warnings.
    let files = schema_files(&schema, &documents)?;
    let acceptable = match client.query(&query, vars).await {
        Ok(data) => {
            let report = &data["compatibility"];
            report_text(report, &mut out);
            report["versionCheck"]["accepted"] == true
        }
        Err(Failure::Refused(refusal)) if refusal.code == "NOT_FOUND" => {
            // Nothing published to compare with: the schema itself is what would be judged.
            new_standard_check(
                &client,
                &args.standard,
                &args.version,
                &files,
                &file,
                &mut out,
            )?
        }
        Err(Failure::Refused(refusal)) => return refused(&refusal, &file),
        Err(Failure::Usage(error)) => return Err(error),
    };
    let warnings = serde_json::to_value(crate::validate::version_warnings(&files))?;
    warnings_text(&warnings, &mut out);
    out.push_str(if acceptable {
        "would be accepted\n"
    } else {
        "would be refused\n"
    });
    super::emit(&out)?;
    Ok(if acceptable {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `concord check` for a standard the registry does not have yet: the schema is inspected
/// offline with the functions a proposal is judged by (draft, meta-schema, the form of its
/// references, patterns). Only the server knows whether a referenced version exists and its
/// size limits, so those wait for `propose`, and the output says so.
fn new_standard_check(
    client: &Client,
    slug: &str,
    version: &str,
    files: &crate::domain::SchemaFiles,
    file: &Path,
    out: &mut String,
) -> Result<bool> {
    let slug = crate::domain::Slug::parse(slug).map_err(|e| anyhow!("--standard: {e}"))?;
    let version =
        crate::domain::VersionNumber::parse(version).map_err(|e| anyhow!("--version: {e}"))?;
    let addresses = crate::validate::Addresses::new(&client.url_of(""));
    let own = addresses.canonical(&slug, &version);
    let _ = writeln!(
        out,
        "{slug} is a new standard: no published version to compare with; the schema was \
         checked offline (referenced versions, size limits and, with such references, compiling \
         are checked when it is proposed)"
    );
    let problems = match crate::validate::inspect_version(files, &own, &addresses) {
        Ok(inspection) if inspection.references.is_empty() => crate::validate::compile(
            files.root().value(),
            &crate::validate::root_uri(&own, files.is_multi_file()),
            &crate::validate::as_referenced(files, &own),
        )
        .err()
        .unwrap_or_default(),
        Ok(_) => Vec::new(),
        Err(problems) => problems,
    };
    for problem in &problems {
        let _ = writeln!(
            out,
            "{}: {} at {}",
            problem
                .document
                .as_ref()
                .map_or_else(|| file.display().to_string(), |d| d.clone()),
            problem.message,
            if problem.pointer.is_empty() {
                "(root)"
            } else {
                &problem.pointer
            }
        );
    }
    Ok(problems.is_empty())
}
