//! The `concord` command: parses the command line, sets up logging, and runs the command.

use clap::Parser;
use concord::config::{Cli, LogFormat};
use tracing_subscriber::EnvFilter;

// Validation allocates a tree per document and frees it at once; glibc's allocator spent about
// a third of the server's time on that (docs/PERFORMANCE.md), mimalloc a fraction of it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let serving = matches!(cli.command, concord::config::Command::Serve(_));
    let default_level = concord::telemetry::default_log_level(serving);
    let level = cli.log.log_level.as_deref().unwrap_or(default_level);
    let filter = EnvFilter::try_new(level).unwrap_or_else(|_| EnvFilter::new(default_level));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    match cli.log.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().init(),
    }
    match concord::cli::run(cli.command).await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::from(2)
        }
    }
}
