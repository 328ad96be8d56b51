//! A small LSP client for the tests and the latency benchmark: Content-Length framing over
//! any async stream, requests with ids, notifications collected in order, and automatic
//! answers to the server's own requests (`workspace/configuration` gets the settings given,
//! everything else `null`). Works in-process (over `tokio::io::duplex`) and over the real
//! binary's stdio.
#![allow(dead_code)]

pub mod rng;

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::{mpsc, Mutex};

pub type Writer = Arc<Mutex<Box<dyn AsyncWrite + Send + Unpin>>>;

/// How long a test waits for any one answer before failing.
pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    writer: Writer,
    rx: mpsc::UnboundedReceiver<Value>,
    /// Messages received but not yet taken.
    pending: VecDeque<Value>,
    next_id: i64,
    /// Every notification the server sent, in order (method, params).
    pub notifications: Vec<(String, Value)>,
    /// Requests the server sent to the client (method, params).
    pub server_requests: Arc<std::sync::Mutex<Vec<(String, Value)>>>,
    pub child: Option<tokio::process::Child>,
}

async fn write_frame(writer: &Writer, body: &[u8]) -> std::io::Result<()> {
    let mut w = writer.lock().await;
    w.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes()).await?;
    w.write_all(body).await?;
    w.flush().await
}

async fn read_frame<R: AsyncRead + Unpin>(r: &mut BufReader<R>) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    r.read_exact(&mut body).await.ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    /// A client over `reader`/`writer`; `settings` answers `workspace/configuration`.
    pub fn new<R>(reader: R, writer: Box<dyn AsyncWrite + Send + Unpin>, settings: Value) -> Client
    where
        R: AsyncRead + Unpin + Send + 'static,
    {
        let writer: Writer = Arc::new(Mutex::new(writer));
        let (tx, rx) = mpsc::unbounded_channel();
        let server_requests = Arc::new(std::sync::Mutex::new(Vec::new()));
        let (w, reqs) = (writer.clone(), server_requests.clone());
        tokio::spawn(async move {
            let mut r = BufReader::new(reader);
            while let Some(msg) = read_frame(&mut r).await {
                if let (Some(id), Some(method)) = (msg.get("id"), msg.get("method").and_then(Value::as_str)) {
                    reqs.lock().unwrap().push((method.to_string(), msg["params"].clone()));
                    let result = match method {
                        "workspace/configuration" => {
                            let n = msg["params"]["items"].as_array().map_or(1, |a| a.len());
                            Value::Array(vec![settings.clone(); n])
                        }
                        _ => Value::Null,
                    };
                    let body = serde_json::to_vec(&json!({"jsonrpc": "2.0", "id": id, "result": result})).unwrap();
                    if write_frame(&w, &body).await.is_err() {
                        break;
                    }
                    continue;
                }
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Client { writer, rx, pending: VecDeque::new(), next_id: 1, notifications: Vec::new(), server_requests, child: None }
    }

    /// The server in this process, over in-memory pipes.
    pub fn in_process(settings: Value) -> Client {
        Client::in_process_with(settings, dragoman::server::ServerOptions { debug_panic: true, ..Default::default() })
    }

    pub fn in_process_with(settings: Value, options: dragoman::server::ServerOptions) -> Client {
        let (client_end, server_end) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_end);
        tokio::spawn(dragoman::server::serve(server_read, server_write, options));
        let (client_read, client_write) = tokio::io::split(client_end);
        Client::new(client_read, Box::new(client_write), settings)
    }

    /// The real binary (`dragoman` with `args`), over its stdio.
    pub fn spawn_binary(exe: &str, args: &[&str], env: &[(&str, &str)], settings: Value) -> Client {
        let mut cmd = tokio::process::Command::new(exe);
        cmd.args(args).stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::null()).kill_on_drop(true);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start dragoman");
        let stdout = child.stdout.take().unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut c = Client::new(stdout, Box::new(stdin), settings);
        c.child = Some(child);
        c
    }

    /// Write raw bytes (for malformed frames).
    pub async fn raw(&self, bytes: &[u8]) {
        let mut w = self.writer.lock().await;
        w.write_all(bytes).await.unwrap();
        w.flush().await.unwrap();
    }

    pub async fn send(&self, msg: &Value) {
        write_frame(&self.writer, &serde_json::to_vec(msg).unwrap()).await.expect("write to server");
    }

    pub async fn notify(&self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }

    /// Send a request and return its id without waiting.
    pub async fn request_start(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        id
    }

    /// The next message, from the buffer or the wire.
    async fn next(&mut self) -> Value {
        let msg = tokio::time::timeout(TIMEOUT, self.rx.recv()).await.expect("the server answered in time").expect("the server is running");
        if let Some(m) = msg.get("method").and_then(Value::as_str) {
            self.notifications.push((m.to_string(), msg["params"].clone()));
        }
        msg
    }

    /// Wait for the response to request `id`: `Ok(result)` or `Err(error)`.
    pub async fn response(&mut self, id: i64) -> Result<Value, Value> {
        if let Some(i) = self.pending.iter().position(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none()) {
            let m = self.pending.remove(i).unwrap();
            return m.get("error").cloned().map_or_else(|| Ok(m["result"].clone()), Err);
        }
        loop {
            let m = self.next().await;
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return m.get("error").cloned().map_or_else(|| Ok(m["result"].clone()), Err);
            }
            self.pending.push_back(m);
        }
    }

    pub async fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.request_start(method, params).await;
        self.response(id).await
    }

    /// Wait for a notification `method` whose params satisfy `pred`; earlier buffered
    /// messages are searched first (and those before the match are dropped).
    pub async fn wait_for(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        while let Some(m) = self.pending.pop_front() {
            if m.get("method").and_then(Value::as_str) == Some(method) && pred(&m["params"]) {
                return m["params"].clone();
            }
        }
        loop {
            let m = self.next().await;
            if m.get("method").and_then(Value::as_str) == Some(method) && pred(&m["params"]) {
                return m["params"].clone();
            }
            if m.get("id").is_some() {
                self.pending.push_back(m);
            }
        }
    }

    /// Wait for any message (response or notification) satisfying `pred`; earlier buffered
    /// messages are searched first.
    pub async fn wait_message(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&pred) {
            return self.pending.remove(i).unwrap();
        }
        loop {
            let m = self.next().await;
            if pred(&m) {
                return m;
            }
            self.pending.push_back(m);
        }
    }

    /// Wait for diagnostics of `uri` (at `version`, when given).
    pub async fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let p = self.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == uri && version.is_none_or(|v| p["version"] == v)).await;
        p["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// `initialize` + `initialized` with `capabilities`; returns the result.
    pub async fn initialize(&mut self, capabilities: Value, root: &std::path::Path, options: Value) -> Value {
        let uri = file_uri(root);
        let r = self
            .request(
                "initialize",
                json!({"processId": null, "rootUri": uri, "capabilities": capabilities, "initializationOptions": options,
                       "workspaceFolders": [{"uri": uri, "name": "ws"}]}),
            )
            .await
            .expect("initialize succeeds");
        self.notify("initialized", json!({})).await;
        r
    }

    /// Wait until the corpus is indexed (the server logs it).
    pub async fn corpus_ready(&mut self) {
        self.wait_for("window/logMessage", |p| p["message"].as_str().is_some_and(|m| m.contains("corpus indexed"))).await;
    }

    pub async fn open(&self, uri: &str, language: &str, version: i64, text: &str) {
        self.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}})).await;
    }

    /// `shutdown` then `exit`, leaving stdin open; for a child process, returns how long it
    /// took to end after `exit` and its exit status.
    pub async fn shutdown(&mut self) -> Option<(Duration, std::process::ExitStatus)> {
        let _ = self.request("shutdown", Value::Null).await;
        self.exit().await
    }

    /// `exit` (with or without `shutdown` before), leaving stdin open; for a child process,
    /// how long it took to end and its exit status.
    pub async fn exit(&mut self) -> Option<(Duration, std::process::ExitStatus)> {
        let start = std::time::Instant::now();
        self.notify("exit", Value::Null).await;
        let child = self.child.as_mut()?;
        let status = tokio::time::timeout(Duration::from_secs(5), child.wait()).await;
        match status {
            Ok(s) => Some((start.elapsed(), s.expect("wait for the server"))),
            Err(_) => {
                let _ = child.kill().await;
                panic!("the server did not exit within 5 s of `exit` with stdin open");
            }
        }
    }

    /// The server process's id (for reading its memory use).
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().and_then(|c| c.id())
    }
}

/// `file://` URI of a path.
pub fn file_uri(path: &std::path::Path) -> String {
    let p = path.to_string_lossy();
    format!("file://{}", p.replace(' ', "%20"))
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Client capabilities with the given position encodings (None: the field left out, as
/// Neovim 0.7 does), work-done progress, dynamic file watching and configuration.
pub fn caps(encodings: Option<&[&str]>) -> Value {
    let mut c = json!({
        "window": {"workDoneProgress": true},
        "workspace": {"configuration": true, "didChangeWatchedFiles": {"dynamicRegistration": true}, "didChangeConfiguration": {"dynamicRegistration": false}},
        "textDocument": {"publishDiagnostics": {"versionSupport": true}, "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source.fixAll"]}}}}
    });
    if let Some(e) = encodings {
        c["general"] = json!({"positionEncodings": e});
    }
    c
}

/// Apply LSP text edits (in `enc`) to `text`, through the crate's position conversion.
pub fn apply_edits(text: &str, edits: &[Value], enc: dragoman::position::Encoding) -> String {
    use dragoman::position::{LineCol, LineIndex};
    let index = LineIndex::new(text);
    let pos = |p: &Value| index.offset(text, LineCol { line: p["line"].as_u64().unwrap() as u32, col: p["character"].as_u64().unwrap() as u32 }, enc).unwrap();
    let mut spans: Vec<(usize, usize, String)> =
        edits.iter().map(|e| (pos(&e["range"]["start"]), pos(&e["range"]["end"]), e["newText"].as_str().unwrap().to_string())).collect();
    spans.sort_by_key(|s| std::cmp::Reverse((s.0, s.1)));
    let mut out = text.to_string();
    for (a, b, t) in spans {
        out.replace_range(a..b, &t);
    }
    out
}

/// The client capabilities of the editors Dragoman is used in, as they send them at
/// `initialize` (the fields that matter to this server, written after the capabilities
/// Neovim 0.7, Neovim 0.11 and VS Code send).
pub struct Editor {
    pub name: &'static str,
    pub capabilities: Value,
    /// The encoding the server must choose for it.
    pub encoding: dragoman::position::Encoding,
}

fn symbol_kinds() -> Value {
    Value::Array((1..=26).map(|k| json!(k)).collect())
}

/// Neovim 0.7: no `positionEncodings` (so UTF-16), no `workspace/configuration`, no file
/// watching, work-done progress, code action literals without `source.fixAll`.
pub fn neovim_0_7() -> Editor {
    Editor {
        name: "Neovim 0.7",
        encoding: dragoman::position::Encoding::Utf16,
        capabilities: json!({
            "window": {"workDoneProgress": true, "showMessage": {"messageActionItem": {"additionalPropertiesSupport": false}}, "showDocument": {"support": false}},
            "workspace": {"applyEdit": true, "workspaceFolders": true, "workspaceEdit": {"resourceOperations": ["rename", "create", "delete"]},
                          "symbol": {"dynamicRegistration": false, "hierarchicalWorkspaceSymbolSupport": true, "symbolKind": {"valueSet": symbol_kinds()}}},
            "textDocument": {
                "synchronization": {"didSave": true, "dynamicRegistration": false, "willSave": false, "willSaveWaitUntil": false},
                "hover": {"contentFormat": ["markdown", "plaintext"], "dynamicRegistration": false},
                "definition": {"linkSupport": true},
                "references": {"dynamicRegistration": false},
                "documentSymbol": {"hierarchicalDocumentSymbolSupport": true, "dynamicRegistration": false, "symbolKind": {"valueSet": symbol_kinds()}},
                "publishDiagnostics": {"relatedInformation": true, "tagSupport": {"valueSet": [1, 2]}},
                "completion": {"dynamicRegistration": false, "contextSupport": false,
                               "completionItem": {"documentationFormat": ["markdown", "plaintext"], "snippetSupport": false}},
                "codeAction": {"dynamicRegistration": false, "dataSupport": true, "resolveSupport": {"properties": ["edit"]},
                               "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["", "Empty", "QuickFix", "Refactor", "Source", "quickfix", "refactor", "source", "source.organizeImports"]}}}
            }
        }),
    }
}

/// Neovim 0.11: `positionEncodings: ["utf-8", "utf-16", "utf-32"]` (so UTF-8),
/// `workspace/configuration`, file watching without dynamic registration.
pub fn neovim_0_11() -> Editor {
    Editor {
        name: "Neovim 0.11",
        encoding: dragoman::position::Encoding::Utf8,
        capabilities: json!({
            "general": {"positionEncodings": ["utf-8", "utf-16", "utf-32"]},
            "window": {"workDoneProgress": true, "showDocument": {"support": true}, "showMessage": {"messageActionItem": {"additionalPropertiesSupport": true}}},
            "workspace": {"applyEdit": true, "configuration": true, "workspaceFolders": true, "didChangeConfiguration": {"dynamicRegistration": false},
                          "didChangeWatchedFiles": {"dynamicRegistration": false, "relativePatternSupport": true},
                          "symbol": {"dynamicRegistration": false, "symbolKind": {"valueSet": symbol_kinds()}}},
            "textDocument": {
                "synchronization": {"didSave": true, "dynamicRegistration": false, "willSave": true, "willSaveWaitUntil": true},
                "hover": {"contentFormat": ["markdown", "plaintext"], "dynamicRegistration": true},
                "definition": {"linkSupport": true, "dynamicRegistration": true},
                "references": {"dynamicRegistration": false},
                "documentSymbol": {"hierarchicalDocumentSymbolSupport": true, "dynamicRegistration": false, "symbolKind": {"valueSet": symbol_kinds()}},
                "publishDiagnostics": {"relatedInformation": true, "dataSupport": true, "tagSupport": {"valueSet": [1, 2]}},
                "diagnostic": {"dynamicRegistration": false},
                "completion": {"dynamicRegistration": false, "contextSupport": true,
                               "completionItem": {"documentationFormat": ["markdown", "plaintext"], "snippetSupport": true, "deprecatedSupport": true}},
                "codeAction": {"dynamicRegistration": true, "dataSupport": true, "isPreferredSupport": true, "resolveSupport": {"properties": ["edit", "command"]},
                               "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["", "quickfix", "refactor", "refactor.extract", "refactor.inline", "refactor.rewrite", "source", "source.organizeImports"]}}}
            }
        }),
    }
}

/// VS Code: `positionEncodings: ["utf-16"]`, `workspace/configuration`, dynamic file
/// watching, versioned diagnostics, every code action kind.
pub fn vscode() -> Editor {
    Editor {
        name: "VS Code",
        encoding: dragoman::position::Encoding::Utf16,
        capabilities: json!({
            "general": {"positionEncodings": ["utf-16"], "markdown": {"parser": "marked", "version": "1.1.0"}},
            "window": {"workDoneProgress": true, "showDocument": {"support": true}},
            "workspace": {"applyEdit": true, "configuration": true, "workspaceFolders": true,
                          "didChangeConfiguration": {"dynamicRegistration": true}, "didChangeWatchedFiles": {"dynamicRegistration": true, "relativePatternSupport": true},
                          "workspaceEdit": {"documentChanges": true}, "symbol": {"dynamicRegistration": true, "symbolKind": {"valueSet": symbol_kinds()}}},
            "textDocument": {
                "synchronization": {"dynamicRegistration": true, "willSave": true, "willSaveWaitUntil": true, "didSave": true},
                "hover": {"dynamicRegistration": true, "contentFormat": ["markdown", "plaintext"]},
                "definition": {"dynamicRegistration": true, "linkSupport": true},
                "references": {"dynamicRegistration": true},
                "documentSymbol": {"dynamicRegistration": true, "hierarchicalDocumentSymbolSupport": true, "symbolKind": {"valueSet": symbol_kinds()}},
                "documentLink": {"dynamicRegistration": true, "tooltipSupport": true},
                "publishDiagnostics": {"relatedInformation": true, "versionSupport": false, "codeDescriptionSupport": true, "dataSupport": true, "tagSupport": {"valueSet": [1, 2]}},
                "completion": {"dynamicRegistration": true, "contextSupport": true,
                               "completionItem": {"snippetSupport": true, "documentationFormat": ["markdown", "plaintext"], "insertReplaceSupport": true, "labelDetailsSupport": true}},
                "codeAction": {"dynamicRegistration": true, "isPreferredSupport": true, "disabledSupport": true, "dataSupport": true, "resolveSupport": {"properties": ["edit"]},
                               "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["", "quickfix", "refactor", "refactor.extract", "refactor.inline", "refactor.rewrite", "source", "source.organizeImports"]}}}
            }
        }),
    }
}

/// The three editors.
pub fn editors() -> [Editor; 3] {
    [neovim_0_7(), neovim_0_11(), vscode()]
}
