//! `dragoman check`: human output with the source line and a caret, or JSON with the LSP
//! diagnostics the server would publish. Exit 0 when nothing at warning level or above,
//! 1 when something is, 2 on a usage or I/O error (the other files are still checked).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use annotate_snippets::{Level, Renderer, Snippet};
use dragoman::check::Checker;
use dragoman::config::Config;
use dragoman::files::{read_draft, walk};
use dragoman::position::{Encoding, LineIndex};
use dragoman::report::diagnostics_json;
use dragoman::rules::{Finding, Severity};

use super::{Format, EXIT_ERROR};

pub fn run(format: Format, corpus: &[PathBuf], paths: &[PathBuf]) -> ExitCode {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    // dragoman.toml from the working directory up, else from the first path's folder up
    // (`dragoman check /path/to/workspace` run from elsewhere).
    let first_dir = paths.first().map(|p| if p.is_dir() { p.clone() } else { p.parent().map(Path::to_path_buf).unwrap_or_default() });
    let discovered = Config::discover(&cwd).and_then(|c| match (c, &first_dir) {
        (None, Some(dir)) if !dir.as_os_str().is_empty() => Config::discover(dir),
        (c, _) => Ok(c),
    });
    let config = match discovered {
        Ok(c) => c.unwrap_or_default(),
        Err(e) => {
            eprintln!("dragoman: {e}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let mut io_error = false;
    for dir in corpus {
        if !dir.is_dir() {
            eprintln!("dragoman: corpus folder {}: not a folder", dir.display());
            io_error = true;
        }
    }
    let corpus_dirs = corpus_folders(&config, corpus, &cwd);
    let checker = Checker::new(&config);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut json_files = Vec::new();
    let (mut files, mut errors, mut warnings, mut others) = (0usize, 0usize, 0usize, 0usize);
    for root in paths {
        let (paths_found, walk_errors) = walk(root);
        for e in walk_errors {
            eprintln!("dragoman: {}: {}", e.path.display(), e.reason);
            io_error = true;
        }
        // Corpus folders to leave out of this root's walk (none when a file is named).
        let skip_dirs = if root.is_dir() { corpus_folders_to_skip(root, &corpus_dirs, config.corpus.is_empty() && corpus.is_empty()) } else { Vec::new() };
        for path in paths_found {
            if root.is_dir() && config.is_excluded(path.strip_prefix(root).unwrap_or(&path)) {
                continue;
            }
            if !skip_dirs.is_empty() && path.canonicalize().is_ok_and(|p| skip_dirs.iter().any(|d| p.starts_with(d))) {
                continue;
            }
            let text = match read_draft(&path) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("dragoman: {}: {e}", path.display());
                    io_error = true;
                    continue;
                }
            };
            files += 1;
            let findings = checker.check(&text);
            for f in &findings {
                match f.severity {
                    Severity::Error => errors += 1,
                    Severity::Warning => warnings += 1,
                    _ => others += 1,
                }
            }
            match format {
                Format::Json => json_files.push(serde_json::json!({
                    "path": path.display().to_string(),
                    "diagnostics": diagnostics_json(&text, &findings, Encoding::Utf16),
                })),
                Format::Human => {
                    let index = LineIndex::new(&text);
                    for f in &findings {
                        let _ = writeln!(out, "{}\n", render(&renderer, &path, &text, &index, f));
                    }
                }
            }
        }
    }
    match format {
        Format::Json => {
            let _ = writeln!(out, "{}", serde_json::Value::Array(json_files));
        }
        Format::Human => {
            let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
            let _ =
                writeln!(out, "{} checked: {}, {}, {}", plural(files, "file"), plural(errors, "error"), plural(warnings, "warning"), plural(others, "note"));
        }
    }
    if io_error {
        ExitCode::from(EXIT_ERROR)
    } else if errors + warnings > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The corpus folders (configured, given with `--corpus`, else the workspace's `seeds/`),
/// canonicalized. Corpus files are indexed, never linted (SPEC §1).
fn corpus_folders(config: &Config, extra: &[PathBuf], cwd: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = config.corpus.iter().chain(extra).cloned().collect();
    if dirs.is_empty() {
        dirs.push(cwd.join("seeds"));
    }
    dirs.iter().filter_map(|d| d.canonicalize().ok()).collect()
}

/// The corpus folders whose statements a walk of the folder `root` leaves out: corpus files
/// are indexed, not linted. A corpus folder named on the command line (`dragoman check
/// seeds/`) is checked: the user asked. With no corpus configured, the `seeds/` folder of
/// the folder being walked is the workspace's corpus too (`dragoman check /path/to/ws`).
fn corpus_folders_to_skip(root: &Path, corpus_dirs: &[PathBuf], default_corpus: bool) -> Vec<PathBuf> {
    let Ok(root) = root.canonicalize() else { return Vec::new() };
    let root_seeds = default_corpus.then(|| root.join("seeds")).and_then(|d| d.canonicalize().ok());
    corpus_dirs.iter().chain(&root_seeds).filter(|dir| !root.starts_with(dir)).cloned().collect()
}

/// One finding as a caret diagram over the lines it covers.
fn render(renderer: &Renderer, path: &Path, text: &str, index: &LineIndex, f: &Finding) -> String {
    let level = match f.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Information => Level::Info,
        Severity::Hint => Level::Help,
    };
    // Only the lines the finding covers go to the renderer.
    let first = index.line_col(text, f.span.start, Encoding::Utf8).line;
    let last = index.line_col(text, f.span.end, Encoding::Utf8).line;
    let start = index.line_start(first).unwrap_or(0);
    let end = index.line_start(last + 1).unwrap_or(text.len());
    let source = text[start..end].trim_end_matches(['\n', '\r']);
    let span = (f.span.start - start)..(f.span.end - start).min(source.len());
    let origin = path.display().to_string();
    let code = f.rule.code();
    let fix_label = f.fix.as_ref().map(|x| format!("fix: {}", x.title));
    let snippet = Snippet::source(source).line_start(first as usize + 1).origin(&origin).annotation(level.span(span));
    let mut message = level.title(&f.message).id(&code).snippet(snippet);
    if let Some(label) = &fix_label {
        message = message.footer(Level::Help.title(label));
    }
    let rendered = renderer.render(message).to_string();
    rendered
}
