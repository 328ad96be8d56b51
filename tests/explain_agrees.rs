//! `dragoman explain` and the server's hover agree: on a table of inputs, `explain` (run
//! as a process, with the seeds as its corpus) finds the same thing as hover on the same
//! text opened as a draft (with the seeds as the workspace corpus), and says the same
//! about it: the same span, and the same Markdown from the same `Hover` value.

mod common;

use std::process::Command;

use common::{caps, repo, Client};
use dragoman::analysis::{render, Hover};
use dragoman::position::{Encoding, LineIndex};
use serde_json::{json, Value};

const INPUTS: &[&str] = &[
    "resolution 1540 (2004)",
    "We recall resolution 1540\n(2004) and the IAEA.",
    "resolution 1540 (2005)",
    "resolution 9999 (2030)",
    "resolution 79/1 and resolution 70/1",
    "the report (S/2017/1025)",
    "the Arms Trade Treaty",
    "Señor 𝄞 — the IAEA and S/2017/1025",
    "the 2030 Agenda for\nSustainable Development",
    "The United Nations and the Security Council",
    "S/PV.8000 and S/PRST/2019/1",
];

fn explain(text: &str, format: &str) -> Option<String> {
    let o = Command::new(env!("CARGO_BIN_EXE_dragoman")).args(["explain", "--format", format, text]).current_dir(repo()).output().expect("run dragoman");
    o.status.success().then(|| String::from_utf8(o.stdout).expect("UTF-8"))
}

#[tokio::test]
async fn explain_finds_and_says_what_hover_does() {
    let mut c = Client::in_process(json!({"debounceMs": 0}));
    c.initialize(caps(None), &repo(), json!({"debounceMs": 0})).await;
    c.corpus_ready().await;
    for (i, text) in INPUTS.iter().enumerate() {
        let uri = format!("file:///tmp/dragoman-explain-agrees/{i}.md");
        c.open(&uri, "markdown", 1, text).await;
        let out: Value = serde_json::from_str(&explain(text, "json").unwrap_or_else(|| panic!("explain found nothing in {text:?}"))).unwrap();
        let (start, end) = (out["start"].as_u64().unwrap() as usize, out["end"].as_u64().unwrap() as usize);
        assert_eq!(out["text"], text[start..end], "{text:?}");
        let index = LineIndex::new(text);
        let lc = |o: usize| {
            let p = index.line_col(text, o, Encoding::Utf16);
            json!({"line": p.line, "character": p.col})
        };
        let h = c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": lc(start)})).await.unwrap();
        assert_eq!(h["range"], json!({"start": lc(start), "end": lc(end)}), "{text:?}");
        let hover: Hover = serde_json::from_value(out["hover"].clone()).unwrap();
        let md = h["contents"]["value"].as_str().unwrap();
        assert_eq!(md, render::markdown(&hover), "{text:?}");
        assert_eq!(explain(text, "markdown").unwrap(), format!("{md}\n"), "{text:?}");
        assert_eq!(explain(text, "human").unwrap(), format!("{}\n", render::plain(&hover)), "{text:?}");
    }
    // Where explain finds nothing, hover finds nothing anywhere in the text.
    let text = "nothing to see, nothing at all";
    assert_eq!(explain(text, "human"), None);
    let uri = "file:///tmp/dragoman-explain-agrees/none.md";
    c.open(uri, "markdown", 1, text).await;
    for col in 0..=text.len() as u32 {
        let h = c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": col}})).await.unwrap();
        assert_eq!(h, Value::Null, "at {col}");
    }
    c.shutdown().await;
}
