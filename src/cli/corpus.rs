//! `dragoman corpus import FILE.jsonl[.gz] --out DIR`: turn a JSON-lines corpus into a
//! corpus folder the index reads.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Subcommand;

use dragoman::corpus::import::import_file;

use super::EXIT_ERROR;

/// Bad lines printed one by one before the rest are only counted.
const SHOW_BAD: usize = 20;

#[derive(Subcommand)]
pub(crate) enum CorpusCommand {
    /// Import a JSON-lines corpus (one statement per line, plain or gzip; the UN General
    /// Debate Corpus fields) into DIR/<year>/<id>.txt files with front matter.
    Import {
        /// The .jsonl or .jsonl.gz file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The folder to write the statements to (created if needed).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

pub(crate) fn run(cmd: CorpusCommand) -> ExitCode {
    match cmd {
        CorpusCommand::Import { file, out } => import(&file, &out),
    }
}

fn import(file: &Path, out: &Path) -> ExitCode {
    let t0 = Instant::now();
    match import_file(file, out) {
        Ok(report) => {
            for b in report.bad_lines.iter().take(SHOW_BAD) {
                eprintln!("dragoman: {}:{}: {}: line skipped", file.display(), b.line, b.message);
            }
            if report.bad_lines.len() > SHOW_BAD {
                eprintln!("dragoman: ... and {} more bad lines", report.bad_lines.len() - SHOW_BAD);
            }
            println!(
                "imported {} statements ({:.1} MB of text) into {} in {:.2} s; {} bad lines skipped",
                report.imported,
                report.text_bytes as f64 / 1e6,
                out.display(),
                t0.elapsed().as_secs_f64(),
                report.bad_lines.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("dragoman: cannot import {} into {}: {e}", file.display(), out.display());
            ExitCode::from(EXIT_ERROR)
        }
    }
}
