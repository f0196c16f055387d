//! The arguments of the commands that act on a Concord server with an API token: `propose`,
//! `check` and `import`.

use std::path::PathBuf;

use clap::Args;

/// Which Concord server, and whose token.
#[derive(Debug, Clone, Args)]
pub struct ServerArgs {
    /// The Concord server.
    #[arg(long, env = "CONCORD_SERVER", default_value = "http://127.0.0.1:8080")]
    pub server: String,
    /// An API token (`concord_…`) of the organisation proposing.
    #[arg(long, env = "CONCORD_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
}

/// `concord propose`.
#[derive(Debug, Clone, Args)]
pub struct ProposeArgs {
    /// The standard's slug, such as `common/address`.
    #[arg(long)]
    pub standard: String,
    /// The version this schema would be published as.
    #[arg(long)]
    pub version: String,
    /// What this version changes (for a new version or revision; default: names the file).
    #[arg(long)]
    pub changelog: Option<String>,
    /// Why the change is needed (default: names the file).
    #[arg(long)]
    pub rationale: Option<String>,
    /// Submit it for consultation once created.
    #[arg(long)]
    pub submit: bool,
    /// For a new standard: its title (default: the schema's `title`, else the slug).
    #[arg(long)]
    pub title: Option<String>,
    /// For a new standard: its summary (default: the schema's `description`).
    #[arg(long)]
    pub summary: Option<String>,
    /// For a new standard: its theme (default: the slug's first segment).
    #[arg(long)]
    pub theme: Option<String>,
    /// The schema file, then, for a version made of several files, the documents it
    /// references, each named by its path relative to the schema file's folder.
    #[arg(required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Which server, and the token.
    #[command(flatten)]
    pub server: ServerArgs,
}

/// `concord check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// The standard's slug.
    #[arg(long)]
    pub standard: String,
    /// The version the schema would be proposed as.
    #[arg(long)]
    pub version: String,
    /// The schema file, then, for a version made of several files, the documents it
    /// references, each named by its path relative to the schema file's folder.
    #[arg(required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Which server (no token is needed).
    #[command(flatten)]
    pub server: ServerArgs,
}

/// `concord import`.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The folder: one standard per `.json` file or per sub-folder of versions, and optionally
    /// `concord-import.toml`.
    pub dir: PathBuf,
    /// The organisation the drafts are proposed by (the token's).
    #[arg(long)]
    pub org: String,
    /// The theme of new standards whose slug and manifest do not say one.
    #[arg(long)]
    pub theme: Option<String>,
    /// Which server, and the token.
    #[command(flatten)]
    pub server: ServerArgs,
}
