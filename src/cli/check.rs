//! `dragoman check`: human output with the source line and a caret, JSON with the LSP
//! diagnostics the server would publish, SARIF 2.1.0, or GitHub Actions annotations.
//! `--fix` writes the safe fixes in place and reports what remains; `--diff` prints them as
//! a unified diff without writing.
//!
//! Exit 0 when nothing at warning level or above remains, 1 when something does, 2 on a
//! usage or I/O error (the other files are still checked). A file that cannot be read is an
//! I/O error when it was named on the command line; a binary file met while walking a
//! folder is skipped with a notice and does not change the exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use annotate_snippets::{Level, Renderer, Snippet};
use dragoman::check::Checker;
use dragoman::config::Config;
use dragoman::files::{read_text, walk, write_text_like, ReadError};
use dragoman::position::{Encoding, LineIndex};
use dragoman::report::diagnostics_json;
use dragoman::rules::{fix_until_stable, Applied, Finding, Severity};
use dragoman::sarif;

use super::{Format, EXIT_ERROR};

/// What `check` does with the safe fixes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Report only.
    None,
    /// Write them in place, then report what remains.
    Write,
    /// Print them as a unified diff, write nothing.
    Diff,
}

/// One checked file, kept for the formats that print once at the end.
struct Checked {
    path: PathBuf,
    text: String,
    findings: Vec<Finding>,
}

/// A file that was skipped (`error == false`) or could not be checked.
struct Notice {
    path: PathBuf,
    message: String,
    error: bool,
}

#[derive(Default)]
struct Counts {
    files: usize,
    skipped: usize,
    errors: usize,
    warnings: usize,
    others: usize,
    fixes: usize,
    fixed_files: usize,
}

pub fn run(format: Format, mode: FixMode, corpus: &[PathBuf], paths: &[PathBuf]) -> ExitCode {
    if mode == FixMode::Diff && format != Format::Human {
        eprintln!("dragoman: --diff prints a unified diff: it cannot be combined with --format {}", format.name());
        return ExitCode::from(EXIT_ERROR);
    }
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
    let mut notices: Vec<Notice> = Vec::new();
    for dir in corpus {
        if !dir.is_dir() {
            notices.push(Notice { path: dir.clone(), message: "corpus folder: not a folder".into(), error: true });
        }
    }
    let corpus_dirs = corpus_folders(&config, corpus, &cwd);
    let checker = Checker::new(&config);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    // Machine-readable formats keep stdout for the report; what --fix did goes to stderr.
    let human = format == Format::Human;
    let mut checked: Vec<Checked> = Vec::new();
    let mut counts = Counts::default();
    let mut empty_roots: Vec<&Path> = Vec::new();
    for root in paths {
        let (paths_found, walk_errors) = walk(root);
        for e in walk_errors {
            notices.push(Notice { path: e.path, message: e.reason, error: true });
        }
        let walked = root.is_dir();
        // Corpus folders to leave out of this root's walk (none when a file is named).
        let skip_dirs = if walked { corpus_folders_to_skip(root, &corpus_dirs, config.corpus.is_empty() && corpus.is_empty()) } else { Vec::new() };
        let mut found_here = 0;
        for path in paths_found {
            if walked && config.is_excluded(path.strip_prefix(root).unwrap_or(&path)) {
                continue;
            }
            if !skip_dirs.is_empty() && path.canonicalize().is_ok_and(|p| skip_dirs.iter().any(|d| p.starts_with(d))) {
                continue;
            }
            found_here += 1;
            let text = match read_text(&path) {
                Ok(t) => t,
                // Met while walking a folder, a binary file is not a draft: skip it.
                Err(ReadError::Binary) if walked => {
                    notices.push(Notice { path, message: "binary file, not text: skipped".into(), error: false });
                    counts.skipped += 1;
                    continue;
                }
                Err(ReadError::Binary) => {
                    notices.push(Notice { path, message: "binary file, not text: cannot check it".into(), error: true });
                    continue;
                }
                Err(e) => {
                    notices.push(Notice { path, message: e.to_string(), error: true });
                    continue;
                }
            };
            counts.files += 1;
            let text = match mode {
                FixMode::None => text,
                FixMode::Write | FixMode::Diff => {
                    let fixed = fix_until_stable(&text, |t| checker.check(t));
                    if fixed.applied.is_empty() {
                        text
                    } else if mode == FixMode::Diff {
                        let _ = write!(out, "{}", unified_diff(&path, &text, &fixed.text));
                        counts.fixes += fixed.applied.len();
                        counts.fixed_files += 1;
                        // Nothing was written: what remains is the file as it is.
                        text
                    } else {
                        match write_text_like(&path, &fixed.text) {
                            Ok(()) => {
                                let log = fixed_log(&path, &fixed.applied);
                                if human {
                                    let _ = write!(out, "{log}");
                                } else {
                                    eprint!("{log}");
                                }
                                counts.fixes += fixed.applied.len();
                                counts.fixed_files += 1;
                                fixed.text
                            }
                            Err(e) => {
                                notices.push(Notice { path: path.clone(), message: format!("cannot write the fixes: {e}"), error: true });
                                text
                            }
                        }
                    }
                }
            };
            let findings = checker.check(&text);
            for f in &findings {
                match f.severity {
                    Severity::Error => counts.errors += 1,
                    Severity::Warning => counts.warnings += 1,
                    _ => counts.others += 1,
                }
            }
            match format {
                Format::Human if mode != FixMode::Diff => {
                    let index = LineIndex::new(&text);
                    for f in &findings {
                        let _ = writeln!(out, "{}\n", render(&renderer, &path, &text, &index, f));
                    }
                }
                Format::Github => {
                    let index = LineIndex::new(&text);
                    for f in &findings {
                        let _ = writeln!(out, "{}", github_annotation(&path, &text, &index, f));
                    }
                }
                Format::Json | Format::Sarif => checked.push(Checked { path, text, findings }),
                Format::Human => {}
            }
        }
        if walked && found_here == 0 {
            empty_roots.push(root);
        }
    }
    // Notices go to stderr in every format (and into the SARIF log as notifications).
    for n in &notices {
        let kind = if n.error { "" } else { "notice: " };
        eprintln!("dragoman: {kind}{}: {}", n.path.display(), n.message);
    }
    let io_error = notices.iter().any(|n| n.error);
    match format {
        Format::Json => {
            let files: Vec<serde_json::Value> = checked
                .iter()
                .map(|c| serde_json::json!({ "path": c.path.display().to_string(), "diagnostics": diagnostics_json(&c.text, &c.findings, Encoding::Utf16) }))
                .collect();
            let _ = writeln!(out, "{}", serde_json::Value::Array(files));
        }
        Format::Sarif => {
            let files: Vec<sarif::FileFindings<'_>> =
                checked.iter().map(|c| sarif::FileFindings { path: &c.path, text: &c.text, findings: &c.findings }).collect();
            let ns: Vec<sarif::Notice<'_>> = notices.iter().map(|n| sarif::Notice { path: &n.path, message: &n.message, error: n.error }).collect();
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&sarif::log(&files, &ns)).unwrap_or_default());
        }
        Format::Human | Format::Github => {}
    }
    let summary = summary(&counts, mode);
    if human && mode != FixMode::Diff {
        let _ = writeln!(out, "{summary}");
    } else {
        eprintln!("{summary}");
    }
    if counts.files == 0 {
        for root in &empty_roots {
            eprintln!(
                "hint: no .txt, .md or .markdown draft under {} (hidden files, files ignored by .gitignore, excluded paths and corpus folders are left out); name a file to check it whatever its extension",
                root.display()
            );
        }
    }
    if io_error {
        ExitCode::from(EXIT_ERROR)
    } else if counts.errors + counts.warnings > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize, w: &str) -> String {
    format!("{n} {w}{}", if n == 1 { "" } else { "s" })
}

/// `2 files checked: 0 errors, 1 warning, 0 notes`, with the skipped files and the fixes
/// when there are any.
fn summary(c: &Counts, mode: FixMode) -> String {
    let mut s = plural(c.files, "file") + " checked";
    if c.skipped > 0 {
        s += &format!(" ({} skipped)", c.skipped);
    }
    let remaining = format!("{}, {}, {}", plural(c.errors, "error"), plural(c.warnings, "warning"), plural(c.others, "note"));
    match mode {
        FixMode::None => format!("{s}: {remaining}"),
        FixMode::Write => {
            format!("{s}: {} in {} applied; remaining: {remaining}", plural(c.fixes, "fix").replace("fixs", "fixes"), plural(c.fixed_files, "file"))
        }
        FixMode::Diff => format!(
            "{s}: {} in {} would be applied (nothing written); {remaining}",
            plural(c.fixes, "fix").replace("fixs", "fixes"),
            plural(c.fixed_files, "file")
        ),
    }
}

/// One line per applied fix: `draft.md:3: fixed dragoman/missing-space (Insert a space)`.
fn fixed_log(path: &Path, applied: &[Applied]) -> String {
    let was = |a: &Applied| if a.before.is_empty() { String::new() } else { format!(" (was “{}”)", a.before) };
    applied.iter().map(|a| format!("{}:{}: fixed {}: {}{}\n", path.display(), a.line + 1, a.rule.code(), a.title, was(a))).collect()
}

/// A unified diff of `old` and `new` (the file's lines; fixes keep most lines as they are),
/// with three lines of context, as `git apply` and `patch -p1` read it.
fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    let name = path.display().to_string();
    let name = name.strip_prefix("./").unwrap_or(&name);
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        out.push_str(&hunk.to_string());
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// A finding as a GitHub Actions workflow command (`::warning file=…,line=…::message`):
/// 1-based lines and columns; `%`, CR and LF escaped in the message, and `,` and `:` too in
/// the properties.
fn github_annotation(path: &Path, text: &str, index: &LineIndex, f: &Finding) -> String {
    fn data(s: &str) -> String {
        s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
    }
    fn prop(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let command = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "notice",
    };
    let a = index.line_col(text, f.span.start, Encoding::Utf16);
    let b = index.line_col(text, f.span.end, Encoding::Utf16);
    let name = path.display().to_string();
    let name = name.strip_prefix("./").unwrap_or(&name);
    let mut props = format!("file={},line={},endLine={}", prop(name), a.line + 1, b.line + 1);
    // GitHub takes columns only for an annotation on one line.
    if a.line == b.line {
        props += &format!(",col={},endColumn={}", a.col + 1, b.col + 1);
    }
    props += &format!(",title={}", prop(&f.rule.code()));
    let message = match &f.fix {
        Some(fix) if fix.is_safe() => format!("{} (fix: {})", f.message, fix.title),
        Some(fix) => format!("{} (suggestion: {})", f.message, fix.title),
        None => f.message.clone(),
    };
    format!("::{command} {props}::{}", data(&message))
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
    let fix_label = f.fix.as_ref().map(|x| if x.is_safe() { format!("fix: {}", x.title) } else { format!("suggestion: {}", x.title) });
    let snippet = Snippet::source(source).line_start(first as usize + 1).origin(&origin).annotation(level.span(span));
    let mut message = level.title(&f.message).id(&code).snippet(snippet);
    if let Some(label) = &fix_label {
        message = message.footer(Level::Help.title(label));
    }
    let rendered = renderer.render(message).to_string();
    rendered
}
