//! Randomized differential tests of incremental sync: random edits (multi-byte and astral
//! characters, CRLF and lone CR, edits across line ends, whole-text replacements, several
//! changes per notification) in all three encodings. After each edit the server's text
//! must equal a reference `String` edited by byte offsets, and the published diagnostics
//! must equal a fresh check of the reference text (with the typing filter at the reference
//! caret; after a save, with no filter at all).
//!
//! Positions are computed for the reference with `LineIndex` (the `check` side of the
//! crate), independent of the rope conversions under test.

mod common;
use common::rng::Rng;

use common::{caps, repo, Client};
use dragoman::config::Config;
use dragoman::position::{Encoding, LineIndex};
use dragoman::server::documents::apply_changes;
use dragoman::server::proto;
use proptest::prelude::*;
use ropey::Rope;
use serde_json::{json, Value};
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

const FRAGMENTS: &[&str] = &[
    "resolution 1540 (2004)",
    "resolution 1540(2004)",
    " Resolution 2325 (2016)",
    "resolutions 1540 and 2325 (2016)",
    "UNSCR 1540",
    "S/2017/1025",
    "S/PRST 2017/2",
    "the IAEA",
    "é",
    "€",
    "𝄞",
    "😀",
    "\r\n",
    "\n",
    "\r",
    " ",
    "\u{a0}",
    "a",
    "(",
    ")",
    "2016",
    "\u{2028}",
];

fn random_text(rng: &mut Rng, parts: usize) -> String {
    (0..parts).map(|_| FRAGMENTS[rng.below(FRAGMENTS.len())]).collect()
}

/// A byte offset of `text` that an LSP position can express: a char boundary, not
/// between the `\r` and `\n` of a pair.
fn addressable(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    if at > 0 && text.as_bytes()[at - 1] == b'\r' && text.as_bytes().get(at) == Some(&b'\n') {
        at -= 1;
    }
    at
}

fn position(text: &str, index: &LineIndex, at: usize, enc: Encoding) -> Position {
    let lc = index.line_col(text, at, enc);
    Position { line: lc.line, character: lc.col }
}

/// One random change against `reference`, applied to it; returns the change event and
/// the caret (end of the inserted text) or `None` for a whole-text replacement.
fn random_change(rng: &mut Rng, reference: &mut String, enc: Encoding) -> (TextDocumentContentChangeEvent, Option<usize>) {
    let parts = rng.below(4);
    let insert = random_text(rng, parts);
    if rng.below(40) == 0 {
        *reference = insert.clone();
        return (TextDocumentContentChangeEvent { range: None, range_length: None, text: insert }, None);
    }
    let a = addressable(reference, rng.below(reference.len() + 1));
    // Mostly short spans (typing), sometimes long ones across lines.
    let len = if rng.below(4) == 0 { rng.below(reference.len() + 1) } else { rng.below(4) };
    let b = addressable(reference, a + len).max(a);
    let index = LineIndex::new(reference);
    let range = Range { start: position(reference, &index, a, enc), end: position(reference, &index, b, enc) };
    reference.replace_range(a..b, &insert);
    let caret = a + insert.len();
    (TextDocumentContentChangeEvent { range: Some(range), range_length: None, text: insert }, Some(caret))
}

fn encodings() -> [(Encoding, &'static [&'static str]); 3] {
    [(Encoding::Utf8, &["utf-8", "utf-16"]), (Encoding::Utf16, &["utf-16"]), (Encoding::Utf32, &["utf-32"])]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// The rope after each change equals the reference (pure, no protocol): 200 cases x 40
    /// edits in each of the three encodings.
    #[test]
    fn rope_follows_reference(seed in 1u64..u64::MAX) {
        for (enc, _) in encodings() {
            let mut rng = Rng(seed);
            let mut reference = random_text(&mut rng, 6);
            let mut rope = Rope::from_str(&reference);
            for _ in 0..40 {
                let (change, caret) = random_change(&mut rng, &mut reference, enc);
                let got = apply_changes(&mut rope, &[change], enc).expect("in range");
                prop_assert_eq!(got, caret);
                prop_assert_eq!(rope.to_string(), reference.clone());
            }
        }
    }
}

/// Drive one server through `edits` random edits per document, checking text and
/// diagnostics after each.
async fn differential(client: &mut Client, enc: Encoding, seed: u64, docs: usize, edits: usize) {
    let config = Config::default();
    let expected = |text: &str, caret: Option<usize>| serde_json::to_value(proto::diagnostics(text, &config, enc, caret)).unwrap();
    let mut rng = Rng(seed);
    for d in 0..docs {
        let uri = format!("file:///tmp/dragoman-diff/{seed}-{d}.md");
        let mut reference = random_text(&mut rng, 8);
        client.open(&uri, "markdown", 1, &reference).await;
        assert_eq!(Value::Array(client.diagnostics(&uri, Some(1)).await), expected(&reference, None));
        for v in 2..(edits as i64 + 2) {
            // One to three changes in a notification, each relative to the previous.
            let mut changes = Vec::new();
            let mut caret = None;
            for _ in 0..1 + rng.below(3) / 2 {
                let (c, k) = random_change(&mut rng, &mut reference, enc);
                changes.push(c);
                caret = k;
            }
            client.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": changes})).await;
            let got = Value::Array(client.diagnostics(&uri, Some(v)).await);
            let text = client.request("dragoman/documentText", json!({"uri": uri})).await.unwrap();
            assert_eq!(text["text"], reference.as_str(), "seed {seed} doc {d} version {v} {enc:?}");
            assert_eq!(got, expected(&reference, caret), "seed {seed} doc {d} version {v} {enc:?}\n{reference:?}");
            if rng.below(8) == 0 {
                client.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}})).await;
                let saved = Value::Array(client.diagnostics(&uri, Some(v)).await);
                assert_eq!(saved, expected(&reference, None), "after save: seed {seed} doc {d} version {v} {enc:?}");
            }
        }
        client.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}})).await;
    }
}

/// In process: 3 encodings x 8 documents x 100 edits, every version's diagnostics checked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn published_diagnostics_follow_random_edits_in_process() {
    for (i, (enc, offered)) in encodings().into_iter().enumerate() {
        let mut c = Client::in_process(json!({"debounceMs": 0}));
        c.initialize(caps(Some(offered)), &repo(), json!({"debounceMs": 0})).await;
        differential(&mut c, enc, 0x9E37_79B9_7F4A_7C15 ^ i as u64, 8, 100).await;
        c.shutdown().await;
    }
}

/// Over the real binary's stdio: 3 encodings x 2 documents x 60 edits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn published_diagnostics_follow_random_edits_over_stdio() {
    for (i, (enc, offered)) in encodings().into_iter().enumerate() {
        let mut c = Client::spawn_binary(env!("CARGO_BIN_EXE_dragoman"), &[], &[], json!({"debounceMs": 0}));
        c.initialize(caps(Some(offered)), &repo(), json!({"debounceMs": 0})).await;
        differential(&mut c, enc, 0xD1B5_4A32_D192_ED03 ^ i as u64, 2, 60).await;
        c.shutdown().await;
    }
}
