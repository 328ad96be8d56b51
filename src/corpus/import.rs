//! Importing a JSON-lines corpus (plain or gzip) into a corpus folder.
//!
//! Contract: each line is one JSON object with a `text` field; `id`, `session`, `year`,
//! `date`, `country_iso3`, `country` (or `delegation`), `speaker`, `post`, `meeting` are
//! kept as front matter when present (the UN General Debate Corpus has id, session, year,
//! country_iso3, country, speaker, post, text). Statement `<id>` of year `Y` becomes
//! `OUT/Y/<id>.txt` (`OUT/undated/` without a year), so no folder holds more than one
//! year's statements. A line that is not such an object is reported with its number and
//! the import goes on; only I/O errors stop it. Gzip is recognized by its magic bytes.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;

/// A line that could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub imported: usize,
    pub bad_lines: Vec<BadLine>,
    /// Bytes of statement text written.
    pub text_bytes: u64,
}

/// Limits on what an import reads, so that `/dev/zero` or a gzip that inflates to one
/// 2 GiB line fails with a clear message instead of taking gigabytes.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The longest line kept; a longer one is a bad line (skipped, never buffered whole).
    pub line: usize,
    /// The most bytes read (decompressed) before the import stops with an error.
    pub total: u64,
}

impl Default for Limits {
    fn default() -> Self {
        // A statement of the largest size indexed, JSON-escaped, fits a line; the whole
        // UN General Debate corpus is about 0.3 GB.
        Limits { line: 4 * super::MAX_STATEMENT_BYTES as usize, total: 4 << 30 }
    }
}

/// Read one line (with its `\n`) into `buf`, keeping at most `limits.line` bytes: a longer
/// line is consumed, not kept, and `Ok(Some(true))` says so. `Ok(None)` at the end of input.
/// `budget` counts down the bytes read; at zero the read fails.
fn read_line(reader: &mut impl BufRead, buf: &mut Vec<u8>, limits: &Limits, budget: &mut u64) -> io::Result<Option<bool>> {
    buf.clear();
    let mut any = false;
    let mut too_long = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(any.then_some(too_long));
        }
        any = true;
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if !too_long {
            if buf.len() + take > limits.line {
                too_long = true;
                buf.clear();
                buf.shrink_to(1 << 16);
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        reader.consume(take);
        *budget = budget.saturating_sub(take as u64);
        if *budget == 0 {
            return Err(io::Error::other(format!(
                "more than {} GiB read (decompressed) without reaching the end: stopped (is it a JSON-lines corpus?)",
                limits.total >> 30
            )));
        }
        if done {
            return Ok(Some(too_long));
        }
    }
}

/// Import the JSON-lines file `input` (gzip or plain) into `out`.
pub fn import_file(input: &Path, out: &Path) -> io::Result<ImportReport> {
    let mut file = BufReader::with_capacity(1 << 20, File::open(input)?);
    let gz = file.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    let reader: Box<dyn BufRead> = if gz { Box::new(BufReader::with_capacity(1 << 20, flate2::bufread::MultiGzDecoder::new(file))) } else { Box::new(file) };
    import_reader(reader, out)
}

/// Import JSON lines read from `reader` into `out`.
pub fn import_reader(reader: impl BufRead, out: &Path) -> io::Result<ImportReport> {
    import_reader_with(reader, out, Limits::default())
}

/// [`import_reader`] with other [`Limits`].
pub fn import_reader_with(mut reader: impl BufRead, out: &Path, limits: Limits) -> io::Result<ImportReport> {
    let mut budget = limits.total;
    std::fs::create_dir_all(out)?;
    let mut report = ImportReport::default();
    let mut written: HashSet<PathBuf> = HashSet::new();
    let mut made_dirs: HashSet<PathBuf> = HashSet::new();
    let mut buf = Vec::new();
    let mut line_no = 0;
    while let Some(too_long) = read_line(&mut reader, &mut buf, &limits, &mut budget)? {
        line_no += 1;
        if too_long {
            report.bad_lines.push(BadLine { line: line_no, message: format!("longer than {} bytes: skipped", limits.line) });
            continue;
        }
        let line = match std::str::from_utf8(&buf) {
            Ok(l) => l.trim(),
            Err(e) => {
                report.bad_lines.push(BadLine { line: line_no, message: format!("not valid UTF-8 (byte {} of the line)", e.valid_up_to()) });
                continue;
            }
        };
        if line.is_empty() {
            continue;
        }
        let record = match parse_line(line) {
            Ok(r) => r,
            Err(message) => {
                report.bad_lines.push(BadLine { line: line_no, message });
                continue;
            }
        };
        let dir = out.join(record.year.as_deref().unwrap_or("undated"));
        if made_dirs.insert(dir.clone()) {
            std::fs::create_dir_all(&dir)?;
        }
        let stem = record.id.as_deref().map(file_stem).unwrap_or_else(|| format!("line-{line_no}"));
        let mut path = dir.join(format!("{stem}.txt"));
        if !written.insert(path.clone()) {
            path = dir.join(format!("{stem}-line-{line_no}.txt"));
            written.insert(path.clone());
        }
        let mut w = BufWriter::new(File::create(&path)?);
        w.write_all(b"---\n")?;
        for (k, v) in &record.meta {
            writeln!(w, "{k}: {v}")?;
        }
        w.write_all(b"---\n")?;
        w.write_all(record.text.as_bytes())?;
        if !record.text.ends_with('\n') {
            w.write_all(b"\n")?;
        }
        w.flush()?;
        report.imported += 1;
        report.text_bytes += record.text.len() as u64;
    }
    Ok(report)
}

struct Record {
    id: Option<String>,
    year: Option<String>,
    meta: Vec<(&'static str, String)>,
    text: String,
}

/// A value for one front-matter line: strings and numbers, on one line.
fn scalar(v: Option<&Value>) -> Option<String> {
    let s = match v? {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

fn parse_line(line: &str) -> Result<Record, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Object(obj) = value else {
        return Err("not a JSON object".into());
    };
    let text = match obj.get("text") {
        Some(Value::String(t)) if !t.trim().is_empty() => t.clone(),
        Some(Value::String(_)) => return Err("empty \"text\"".into()),
        Some(_) => return Err("\"text\" is not a string".into()),
        None => return Err("no \"text\" field".into()),
    };
    let id = scalar(obj.get("id"));
    let year = scalar(obj.get("year")).or_else(|| scalar(obj.get("date")).and_then(|d| d.get(..4).map(str::to_string)));
    let year = match year {
        Some(y) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => Some(y),
        Some(y) => return Err(format!("\"year\" {y:?} is not a year")),
        None => None,
    };
    let mut meta = Vec::new();
    for (key, fields) in [
        ("id", &["id"][..]),
        ("speaker", &["speaker"]),
        ("post", &["post"]),
        ("delegation", &["country", "delegation"]),
        ("country_iso3", &["country_iso3"]),
        ("date", &["date"]),
        ("year", &["year"]),
        ("session", &["session"]),
        ("meeting", &["meeting"]),
    ] {
        if let Some(v) = fields.iter().find_map(|f| scalar(obj.get(*f))) {
            meta.push((key, v));
        }
    }
    if !meta.iter().any(|(k, _)| *k == "year") {
        if let Some(y) = &year {
            meta.push(("year", y.clone()));
        }
    }
    Ok(Record { id, year, meta, text })
}

/// A safe file name stem for an id: letters, digits, `_`, `-`, `.` kept, the rest `_`.
fn file_stem(id: &str) -> String {
    let s: String = id.chars().take(100).map(|c| if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') { c } else { '_' }).collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() {
        "statement".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_good_lines_and_reports_bad_ones() {
        let dir = tempfile::tempdir().unwrap();
        let input = concat!(
            r#"{"id": "UNGDC_ARG_01_1946", "session": 1, "year": 1946, "country_iso3": "ARG", "country": "Argentina", "speaker": "Mr. Arce", "post": "", "text": "At the resumption of the first session.\nPolitics."}"#,
            "\n",
            "{not json\n",
            "\n",
            r#"{"id": "X", "year": 1950}"#,
            "\n",
            r#"{"id": "../../evil", "year": "1960", "text": "Hello"}"#,
            "\n",
            r#"{"text": "No id or year"}"#,
            "\n",
            r#"{"id": "Y", "year": "19x0", "text": "t"}"#,
            "\n",
        );
        let report = import_reader(input.as_bytes(), dir.path()).unwrap();
        assert_eq!(report.imported, 3);
        let bad: Vec<(usize, bool)> = report.bad_lines.iter().map(|b| (b.line, b.message.is_empty())).collect();
        assert_eq!(bad, vec![(2, false), (4, false), (7, false)]);
        assert!(report.bad_lines[1].message.contains("no \"text\""), "{:?}", report.bad_lines);
        let first = std::fs::read_to_string(dir.path().join("1946/UNGDC_ARG_01_1946.txt")).unwrap();
        assert_eq!(
            first,
            "---\nid: UNGDC_ARG_01_1946\nspeaker: Mr. Arce\ndelegation: Argentina\ncountry_iso3: ARG\nyear: 1946\nsession: 1\n---\nAt the resumption of the first session.\nPolitics.\n"
        );
        let st = crate::corpus::parse_statement(&first);
        assert_eq!(st.label().as_deref(), Some("Argentina (Mr. Arce)"));
        assert!(dir.path().join("1960/_.._evil.txt").exists());
        assert!(dir.path().join("undated/line-6.txt").exists());
    }

    #[test]
    fn reads_gzip() {
        let dir = tempfile::tempdir().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"{\"id\": \"a\", \"year\": 2000, \"text\": \"x\"}\n").unwrap();
        let input = dir.path().join("c.jsonl.gz");
        std::fs::write(&input, gz.finish().unwrap()).unwrap();
        let report = import_file(&input, &dir.path().join("out")).unwrap();
        assert_eq!((report.imported, report.bad_lines.len()), (1, 0));
        assert!(dir.path().join("out/2000/a.txt").exists());
    }
}
