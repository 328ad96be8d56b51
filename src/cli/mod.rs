//! Command-line interface. Each subcommand translates arguments into calls of the library
//! and results into output; no analysis happens here.

mod check;
mod corpus;
mod explain;
mod index;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "dragoman", version, about = "A language server for diplomatic drafting: UN citations checked, explained and traced.")]
struct Cli {
    /// Serve the language server on stdin/stdout (the default with no command).
    #[arg(long)]
    stdio: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the language server on stdin/stdout.
    Lsp,
    /// Check the citations of drafts (files or folders of .txt/.md files).
    Check {
        /// Output format: human (carets), json (LSP diagnostics), sarif (SARIF 2.1.0), github
        /// (GitHub Actions annotations).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Write the safe fixes (form only: spaces, case, brackets, symbol format, organ in
        /// full) into the files, print what changed, then report what remains.
        #[arg(long, conflicts_with = "diff")]
        fix: bool,
        /// Print the safe fixes as a unified diff; write nothing.
        #[arg(long)]
        diff: bool,
        /// Corpus folders (adds to dragoman.toml's).
        #[arg(long = "corpus", value_name = "DIR")]
        corpus: Vec<PathBuf>,
        /// Files or folders to check.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Print what hover would show for the citation or name in TEXT.
    Explain {
        /// A citation (`resolution 1540 (2004)`, `S/2017/1025`) or a name or acronym.
        #[arg(required = true, num_args = 1.., value_name = "TEXT")]
        text: Vec<String>,
        /// Corpus folders.
        #[arg(long = "corpus", value_name = "DIR")]
        corpus: Vec<PathBuf>,
        /// Output format: plain text, Markdown as the editor gets it, or JSON.
        #[arg(long, value_enum, default_value_t = explain::ExplainFormat::Human)]
        format: explain::ExplainFormat,
    },
    /// List the rules with their codes and default severities.
    Rules,
    /// Build the corpus index and print its counts, skipped files and timing.
    Index {
        /// Corpus folders or files (default: ./seeds, else the bundled corpus).
        #[arg(long = "corpus", value_name = "DIR")]
        corpus: Vec<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Work with corpus folders.
    Corpus {
        #[command(subcommand)]
        command: corpus::CorpusCommand,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

impl Format {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
        }
    }
}

/// Exit status 2: usage or I/O error.
pub(crate) const EXIT_ERROR: u8 = 2;

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        None | Some(Command::Lsp) => serve(),
        Some(Command::Check { format, fix, diff, corpus, paths }) => {
            let mode = match (fix, diff) {
                (true, _) => check::FixMode::Write,
                (_, true) => check::FixMode::Diff,
                _ => check::FixMode::None,
            };
            check::run(format, mode, &corpus, &paths)
        }
        Some(Command::Explain { text, corpus, format }) => explain::run(&text.join(" "), &corpus, format),
        Some(Command::Index { corpus, json }) => index::run(&corpus, json),
        Some(Command::Corpus { command }) => corpus::run(command),
        Some(Command::Rules) => {
            for rule in dragoman::rules::Rule::ALL {
                println!("{:<32} {:<12} {}", rule.code(), rule.default_severity().name(), rule.summary());
            }
            ExitCode::SUCCESS
        }
    }
}

/// The language server on stdin/stdout. Ends the process as soon as the server stops
/// (after `exit`, or when stdin closes), without waiting for stdin's blocked reader.
fn serve() -> ExitCode {
    match dragoman::server::serve_stdio() {
        Ok(()) => {
            use std::io::Write;
            let _ = std::io::stdout().flush();
            std::process::exit(0)
        }
        Err(e) => {
            eprintln!("dragoman: cannot start the language server: {e}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}
