//! A guard around the JSON-RPC transport.
//!
//! `tower-lsp-server` (through `tokio-util`'s `FramedRead`) ends its input stream after the
//! first frame it cannot decode: one malformed frame (bad JSON, a bad `Content-Length`,
//! invalid UTF-8, JSON that is not a JSON-RPC message) and the server stops reading and
//! exits. SPEC §7 asks for an error answer and a server that lives on. So the server reads
//! its input through [`screen`], which parses the framing itself and passes on only frames
//! the framework will accept; for anything else it answers a JSON-RPC error (`-32700` parse
//! error, `-32600` invalid request, with the message's `id` when it has one) and skips to the
//! next `Content-Length` header. Answers and the server's own output go out through one
//! writer, frame by frame, so they never interleave inside a frame.

use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tower_lsp_server::jsonrpc::{Request, Response};

use super::repair::repair;

const HEADER_END: &[u8] = b"\r\n\r\n";
const LENGTH: &[u8] = b"content-length";
/// A header block longer than this is garbage.
const MAX_HEADER: usize = 8 * 1024;
/// The largest body the server buffers. A larger `Content-Length` is answered with an
/// error at once and the input resynchronised on the next header, instead of buffering
/// whatever follows (a draft of [`crate::files::MAX_FILE_BYTES`], JSON-escaped, fits).
pub const MAX_BODY: usize = 2 * crate::files::MAX_FILE_BYTES as usize + (1 << 20);

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// Where `Content-Length` (any case) first occurs in `buf`.
fn find_length(buf: &[u8]) -> Option<usize> {
    let lower = buf.to_ascii_lowercase();
    find(&lower, LENGTH)
}

/// What to do with the front of the input buffer.
#[derive(Debug, PartialEq, Eq)]
enum Step {
    /// Wait for more bytes.
    More,
    /// Drop `n` bytes, answering a parse error (`Some(why)`) or silently.
    Skip(usize, Option<String>),
    /// A frame: its headers take `header` bytes, its body `body` bytes after them.
    Frame { header: usize, body: usize },
}

/// The content length of a header block, or why the block is not one.
fn parse_headers(block: &[u8]) -> Result<usize, String> {
    let text = std::str::from_utf8(block).map_err(|_| "headers are not UTF-8".to_string())?;
    let mut length = None;
    for line in text.split("\r\n") {
        let Some((name, value)) = line.split_once(':') else { return Err(format!("not a header: {line:?}")) };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(format!("not a header: {line:?}"));
        }
        if name.eq_ignore_ascii_case("content-length") {
            length = Some(value.trim().parse::<usize>().map_err(|e| format!("bad Content-Length {:?}: {e}", value.trim()))?);
        }
    }
    length.ok_or_else(|| "no Content-Length header".to_string())
}

/// Decide what the front of `buf` is. `resync`: after an error, garbage before the next
/// `Content-Length` is dropped without another answer.
fn step(buf: &[u8], resync: bool, max_body: usize) -> Step {
    let lead = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
    if lead > 0 {
        return Step::Skip(lead, None);
    }
    if buf.is_empty() {
        return Step::More;
    }
    match find_length(&buf[..buf.len().min(MAX_HEADER)]) {
        // Something else before the header (it may legitimately be `Content-Type`).
        Some(k) if k > 0 && resync => return Step::Skip(k, None),
        None if resync => return Step::Skip(buf.len().saturating_sub(LENGTH.len()), None).nonzero(),
        _ => {}
    }
    let Some(end) = find(&buf[..buf.len().min(MAX_HEADER + HEADER_END.len())], HEADER_END) else {
        return if buf.len() > MAX_HEADER { Step::Skip(buf.len(), Some("headers too long".into())) } else { Step::More };
    };
    match parse_headers(&buf[..end]) {
        Ok(body) if body > max_body => Step::Skip(end + HEADER_END.len(), Some(format!("Content-Length {body} is over the limit of {max_body} bytes"))),
        Ok(body) => {
            let header = end + HEADER_END.len();
            // `body <= max_body`, so the sum cannot overflow.
            if buf.len() < header + body {
                Step::More
            } else {
                Step::Frame { header, body }
            }
        }
        // Garbage, then a header: drop the garbage only.
        Err(why) => match find_length(&buf[..end]) {
            Some(k) if k > 0 => Step::Skip(k, Some(why)),
            _ => Step::Skip(end + HEADER_END.len(), Some(why)),
        },
    }
}

impl Step {
    fn nonzero(self) -> Step {
        match self {
            Step::Skip(0, _) => Step::More,
            s => s,
        }
    }
}

/// A frame holding `body`.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn error_frame(id: Value, code: i64, message: &str) -> Vec<u8> {
    frame(&serde_json::to_vec(&json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})).unwrap_or_default())
}

/// Whether the framework will accept `body` (after [`repair`]), else the error answer
/// for it. The framework reads a frame as UTF-8 text: a body that parses as bytes but is
/// not UTF-8 (invalid bytes in a field it ignores) would end its input stream.
fn check_body(body: &[u8]) -> Result<(), Vec<u8>> {
    if std::str::from_utf8(body).is_err() {
        return Err(error_frame(Value::Null, -32700, "Parse error: the message is not UTF-8"));
    }
    if body.is_empty() || serde_json::from_slice::<Request>(body).is_ok() || serde_json::from_slice::<Response>(body).is_ok() {
        return Ok(());
    }
    let Ok(text) = std::str::from_utf8(body) else { return Err(error_frame(Value::Null, -32700, "Parse error: the message is not UTF-8")) };
    match serde_json::from_str::<Value>(text) {
        Ok(v) => {
            let id = v.get("id").filter(|id| id.is_string() || id.is_number()).cloned().unwrap_or(Value::Null);
            Err(error_frame(id, -32600, "Invalid request: not a JSON-RPC 2.0 request, notification or response"))
        }
        Err(e) => Err(error_frame(Value::Null, -32700, &format!("Parse error: {e}"))),
    }
}

/// Read frames from `input`; pass the acceptable ones to `to_server`, answer the others
/// through `answers`. Ends at the end of `input` (dropping `to_server`, which ends the
/// server) or when the server stops reading.
pub async fn screen<I, W>(mut input: I, mut to_server: W, answers: UnboundedSender<Vec<u8>>)
where
    I: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 16);
    let mut chunk = vec![0u8; 1 << 16];
    let mut resync = false;
    loop {
        match step(&buf, resync, MAX_BODY) {
            Step::More => match input.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            },
            Step::Skip(n, why) => {
                buf.drain(..n);
                if let Some(why) = why {
                    eprintln!("dragoman: malformed frame: {why}");
                    let _ = answers.send(error_frame(Value::Null, -32700, &format!("Parse error: {why}")));
                    resync = true;
                }
            }
            Step::Frame { header, body } => {
                resync = false;
                let (b, notes) = repair(&buf[header..header + body]);
                if !notes.is_empty() && !b.is_empty() {
                    let note = format!("dragoman: a message was repaired before use: {}", notes.join("; "));
                    eprintln!("{note}");
                    let log = json!({"jsonrpc": "2.0", "method": "window/logMessage", "params": {"type": 2, "message": note}});
                    let _ = answers.send(frame(&serde_json::to_vec(&log).unwrap_or_default()));
                }
                match check_body(&b) {
                    Ok(()) if b.is_empty() => {}
                    Ok(()) => {
                        if to_server.write_all(&frame(&b)).await.is_err() || to_server.flush().await.is_err() {
                            return;
                        }
                    }
                    Err(answer) => {
                        eprintln!("dragoman: malformed message: {}", String::from_utf8_lossy(&answer));
                        let _ = answers.send(answer);
                    }
                }
                buf.drain(..header + body);
            }
        }
    }
}

/// Split the server's output (well-formed frames) into frames for [`write_frames`].
pub async fn copy_frames<R: AsyncRead + Unpin>(mut from_server: R, out: UnboundedSender<Vec<u8>>) {
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 16);
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        match step(&buf, false, usize::MAX / 2) {
            Step::Frame { header, body } => {
                let f: Vec<u8> = buf.drain(..header + body).collect();
                if out.send(f).is_err() {
                    return;
                }
            }
            Step::Skip(n, _) => {
                buf.drain(..n);
            }
            Step::More => match from_server.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            },
        }
    }
}

/// Write whole frames to `output` in the order they come, until every sender is gone.
pub async fn write_frames<O: AsyncWrite + Unpin>(mut frames: UnboundedReceiver<Vec<u8>>, mut output: O) {
    while let Some(f) = frames.recv().await {
        if output.write_all(&f).await.is_err() {
            return;
        }
        while let Ok(f) = frames.try_recv() {
            if output.write_all(&f).await.is_err() {
                return;
            }
        }
        if output.flush().await.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_over_frames_and_garbage() {
        let f = frame(br#"{"jsonrpc":"2.0","method":"x"}"#);
        assert_eq!(step(&f, false, MAX_BODY), Step::Frame { header: f.len() - 30, body: 30 });
        assert_eq!(step(&f[..f.len() - 1], false, MAX_BODY), Step::More);
        assert_eq!(step(b"Content-Length: 5\r\n", false, MAX_BODY), Step::More);
        assert_eq!(step(b"\r\nContent", false, MAX_BODY), Step::Skip(2, None));
        let typed = b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 2\r\n\r\n{}";
        assert!(matches!(step(typed, false, MAX_BODY), Step::Frame { body: 2, .. }));
        assert!(matches!(step(b"Content-Length: twelve\r\n\r\n{", false, MAX_BODY), Step::Skip(26, Some(_))));
        assert!(matches!(step(b"garbage\r\n\r\n", false, MAX_BODY), Step::Skip(11, Some(_))));
        // After an error, garbage up to the next header goes silently.
        assert_eq!(step(b"{\"x\": 1}Content-Length: 2\r\n\r\n{}", true, MAX_BODY), Step::Skip(8, None));
        assert_eq!(step(b"{\"x\": 1}", true, MAX_BODY), Step::More);
        let g = b"{\"x\": 1} and a lot more garbage";
        assert_eq!(step(g, true, MAX_BODY), Step::Skip(g.len() - LENGTH.len(), None));
        // Garbage glued to a good frame: the garbage is answered, the frame kept.
        assert!(matches!(step(b"{bad}Content-Length: 2\r\n\r\n{}", false, MAX_BODY), Step::Skip(5, Some(_))));
        // A length near usize::MAX or over the limit: answered at once, never added to the
        // header's length (which overflowed) and never buffered.
        for huge in ["18446744073709551615", "18446744073709551600", "18446744073709551577", "1000000000000"] {
            let f = format!("Content-Length: {huge}\r\n\r\n{{}}");
            assert_eq!(
                step(f.as_bytes(), false, MAX_BODY),
                Step::Skip(f.len() - 2, Some(format!("Content-Length {huge} is over the limit of {MAX_BODY} bytes")))
            );
        }
    }

    #[test]
    fn checks_bodies_like_the_framework() {
        assert!(check_body(br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#).is_ok());
        assert!(check_body(br#"{"jsonrpc":"2.0","method":"initialized"}"#).is_ok());
        assert!(check_body(br#"{"jsonrpc":"2.0","id":3,"result":null}"#).is_ok());
        let answer = |b: &[u8]| {
            let f = check_body(b).unwrap_err();
            let at = find(&f, HEADER_END).unwrap() + 4;
            serde_json::from_slice::<Value>(&f[at..]).unwrap()
        };
        assert_eq!(answer(b"{bad")["error"]["code"], -32700);
        assert_eq!(answer(b"\xff\xfe")["error"]["code"], -32700);
        // Valid JSON bytes for serde (it does not check ignored strings) but not UTF-8.
        assert_eq!(answer(b"{\"jsonrpc\":\"2.0\",\"method\":\"$/x\",\"junk\":\"\xff\"}")["error"]["code"], -32700);
        let v = answer(br#"{"id": 7, "hello": "world"}"#);
        assert_eq!((v["id"].clone(), v["error"]["code"].clone()), (json!(7), json!(-32600)));
    }
}
