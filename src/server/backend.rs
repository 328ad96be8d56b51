//! The `LanguageServer` implementation: state, scheduling and the LSP methods. Every method
//! only translates; the work is done by [`crate::analysis`], converted by [`super::proto`],
//! with [`super::actions`] for code actions and the corpus for locations.
//!
//! Ordering contract: `did_open`, `did_change` and `did_close` apply their content change
//! synchronously, before their first `.await` (the framework runs notifications
//! concurrently). Analysis runs afterwards on the blocking pool, one at a time per document
//! (a newer revision waits for the running analysis; the stale ones queued behind it give
//! up without working, and the running one stops between its phases once its revision is
//! stale); its result is published only if the document still has the
//! revision it analysed (a revision, not a version: versions repeat across close/reopen).
//!
//! Robustness contract: every request runs inside [`Shared::run`], which catches a panic
//! and answers with an internal error; a bad position, an unknown document or bad params
//! get an error answer; a bad notification is logged and ignored.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use ropey::Rope;
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::corpus::Corpus;
use super::documents::{offset_of, Documents, Snapshot};
use super::settings::{self, EditorSettings};
use super::{actions, proto};
use crate::analysis::{self, Knowledge};
use crate::config::Config;
use crate::position::Encoding;

/// Something computed from an open document, with the revision it was computed for.
type RevisionCache<T> = Mutex<std::collections::HashMap<Uri, (u64, Arc<T>)>>;

/// The most workspace symbols returned for one query.
const WORKSPACE_SYMBOLS_MAX: usize = 200;

/// Options fixed when the server starts (not client settings).
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Answer `dragoman/debugPanic` by panicking (for robustness tests only).
    pub debug_panic: bool,
    /// How long the server waits for the client to answer one of its requests
    /// (`workspace/configuration`, `window/workDoneProgress/create`, `client/registerCapability`)
    /// before it goes on without the answer. `DRAGOMAN_CLIENT_TIMEOUT_MS`, default 10 s.
    pub client_timeout: Duration,
    /// The output's frame writer, when the server runs behind [`super::serve`]: diagnostics
    /// are then serialized straight from the typed findings to one frame (no JSON value
    /// tree, which cost about 15 KB per diagnostic) and sent there. Weak, so that pending
    /// work never keeps the output open. `None` (in process): through the framework.
    pub frames: Option<tokio::sync::mpsc::WeakUnboundedSender<Vec<u8>>>,
}

impl Default for ServerOptions {
    fn default() -> Self {
        let ms = std::env::var("DRAGOMAN_CLIENT_TIMEOUT_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
        ServerOptions {
            debug_panic: std::env::var_os("DRAGOMAN_DEBUG_PANIC").is_some_and(|v| v == "1"),
            client_timeout: Duration::from_millis(ms),
            frames: None,
        }
    }
}

fn lock<T>(m: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(|e| e.into_inner())
}

fn lock_mut<T>(m: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    m.write().unwrap_or_else(|e| e.into_inner())
}

/// State shared by the handlers and the background tasks.
pub struct Shared {
    client: Client,
    options: ServerOptions,
    docs: Documents,
    encoding: AtomicU8,
    root: RwLock<Option<PathBuf>>,
    capabilities: RwLock<ClientCapabilities>,
    editor: RwLock<EditorSettings>,
    config: RwLock<Arc<Config>>,
    folders: RwLock<Vec<PathBuf>>,
    corpus: RwLock<Arc<Corpus>>,
    /// Open drafts for the analysis layer, by revision (text, citations and names computed
    /// once per revision; a version repeats across close/reopen, a revision never does).
    drafts: RevisionCache<analysis::Document>,
    /// Per open document, how long its last analysis took (the adaptive debounce).
    costs: Mutex<std::collections::HashMap<Uri, Duration>>,
    /// Per open document, held while its analysis runs (one at a time per document).
    analysing: Mutex<std::collections::HashMap<Uri, Arc<tokio::sync::Mutex<()>>>>,
    /// Serializes publishing, so a stale result never lands after a newer one or a clear.
    publish: tokio::sync::Mutex<()>,
    /// Set when `shutdown` is received (the exit code depends on it).
    shutdown: Arc<AtomicBool>,
    /// Set while a [`release_memory`] is scheduled.
    trim_pending: Arc<AtomicBool>,
}

/// Diagnostics ready to publish: a serialized notification frame, or LSP values and the
/// version (see [`ServerOptions::frames`]).
enum Published {
    Frame(Vec<u8>),
    Lsp(Vec<Diagnostic>, Option<i32>),
}

/// The language server.
pub struct Backend {
    shared: Arc<Shared>,
}

impl Backend {
    pub fn new(client: Client, options: ServerOptions) -> Backend {
        Backend::with_shutdown_flag(client, options, Arc::new(AtomicBool::new(false)))
    }

    /// [`Backend::new`], setting `shutdown` when the client sends `shutdown`.
    pub fn with_shutdown_flag(client: Client, options: ServerOptions, shutdown: Arc<AtomicBool>) -> Backend {
        Backend {
            shared: Arc::new(Shared {
                client,
                options,
                docs: Documents::default(),
                encoding: AtomicU8::new(1),
                root: RwLock::new(None),
                capabilities: RwLock::new(ClientCapabilities::default()),
                editor: RwLock::new(EditorSettings::default()),
                config: RwLock::new(Arc::new(Config::default())),
                folders: RwLock::new(Vec::new()),
                corpus: RwLock::new(Arc::new(Corpus::empty())),
                drafts: Mutex::new(Default::default()),
                costs: Mutex::new(Default::default()),
                analysing: Mutex::new(Default::default()),
                publish: tokio::sync::Mutex::new(()),
                shutdown,
                trim_pending: Arc::new(AtomicBool::new(false)),
            }),
        }
    }

    /// `dragoman/documentText` `{uri}`: the server's copy of an open document,
    /// `{version, text}` (a diagnostic aid for clients and tests: it shows exactly what the
    /// incremental edits produced).
    pub async fn document_text(&self, params: Value) -> Result<Value> {
        let uri: Uri = serde_json::from_value(params.get("uri").cloned().unwrap_or(Value::Null)).map_err(invalid)?;
        let doc = self.shared.docs.get(&uri).ok_or_else(|| invalid(format!("unknown document {}", uri.as_str())))?;
        Ok(serde_json::json!({ "version": doc.version, "text": doc.rope.to_string() }))
    }

    /// `dragoman/debugPanic`: panics when the server was started for robustness tests,
    /// otherwise answers "method not found".
    pub async fn debug_panic(&self, _params: Value) -> Result<Value> {
        if !self.shared.options.debug_panic {
            return Err(Error::method_not_found());
        }
        self.shared.clone().run("dragoman/debugPanic", |_| -> Result<Value> { panic!("requested by dragoman/debugPanic") }).await
    }
}

fn internal(what: &str, message: String) -> Error {
    eprintln!("dragoman: {what}: {message}");
    Error { code: ErrorCode::InternalError, message: format!("dragoman: {what}: {message}").into(), data: None }
}

fn invalid(message: impl std::fmt::Display) -> Error {
    Error::invalid_params(message.to_string())
}

impl Shared {
    fn encoding(&self) -> Encoding {
        match self.encoding.load(Ordering::Relaxed) {
            0 => Encoding::Utf8,
            2 => Encoding::Utf32,
            _ => Encoding::Utf16,
        }
    }

    fn set_encoding(&self, enc: Encoding) {
        self.encoding.store(
            match enc {
                Encoding::Utf8 => 0,
                Encoding::Utf16 => 1,
                Encoding::Utf32 => 2,
            },
            Ordering::Relaxed,
        );
    }

    fn config(&self) -> Arc<Config> {
        lock(&self.config).clone()
    }

    fn corpus(&self) -> Arc<Corpus> {
        lock(&self.corpus).clone()
    }

    /// Run `f` on the blocking pool; a panic becomes an internal-error answer.
    async fn run<T: Send + 'static>(self: Arc<Self>, what: &'static str, f: impl FnOnce(&Shared) -> Result<T> + Send + 'static) -> Result<T> {
        let shared = self.clone();
        match tokio::task::spawn_blocking(move || f(&shared)).await {
            Ok(r) => r,
            Err(e) if e.is_panic() => {
                let p = e.into_panic();
                let msg = p.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| p.downcast_ref::<String>().cloned()).unwrap_or_default();
                Err(internal(what, format!("internal error (panic: {msg})")))
            }
            Err(_) => Err(Error::request_cancelled()),
        }
    }

    /// The document and the byte offset of `pos` in it.
    fn doc_at(&self, uri: &Uri, pos: Position) -> Result<(Snapshot, usize)> {
        let doc = self.docs.get(uri).ok_or_else(|| invalid(format!("unknown document {}", uri.as_str())))?;
        let offset = offset_of(&doc.rope, pos, self.encoding()).map_err(invalid)?;
        Ok((doc, offset))
    }

    /// The analysis layer's copy of an open document, cached per revision.
    fn draft(&self, uri: &Uri, doc: &Snapshot) -> Arc<analysis::Document> {
        if let Some((r, d)) = self.drafts.lock().unwrap_or_else(|e| e.into_inner()).get(uri) {
            if *r == doc.revision {
                return d.clone();
            }
        }
        let d = Arc::new(analysis::Document::new(doc.rope.to_string()));
        self.cache(&self.drafts, uri, doc, d.clone());
        d
    }

    /// Remember `value` for `doc`, unless the document has moved on or been closed
    /// meanwhile (a cache entry must never outlive its text).
    fn cache<T>(&self, cache: &RevisionCache<T>, uri: &Uri, doc: &Snapshot, value: Arc<T>) {
        let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
        if self.docs.revision(uri) == Some(doc.revision) {
            cache.insert(uri.clone(), (doc.revision, value));
        }
    }

    /// Return the memory of closed documents to the system a second after the last close
    /// (one trim for a burst of closes).
    fn release_memory_soon(&self) {
        if self.trim_pending.swap(true, Ordering::SeqCst) {
            return;
        }
        let pending = self.trim_pending.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(1)).await;
            pending.store(false, Ordering::SeqCst);
            let _ = tokio::task::spawn_blocking(release_memory).await;
        });
    }

    /// Forget everything computed from `uri` (closed).
    fn forget(&self, uri: &Uri) {
        self.drafts.lock().unwrap_or_else(|e| e.into_inner()).remove(uri);
        self.analysing.lock().unwrap_or_else(|e| e.into_inner()).remove(uri);
        self.costs.lock().unwrap_or_else(|e| e.into_inner()).remove(uri);
    }

    /// Whether a document is a draft to lint: plain text or Markdown, not excluded, not a
    /// corpus statement.
    fn is_draft(&self, uri: &Uri, language: &str) -> bool {
        if !matches!(language, "plaintext" | "markdown" | "text" | "") {
            return false;
        }
        let Some(path) = uri.to_file_path() else {
            return true;
        };
        let config = self.config();
        let root = lock(&self.root).clone();
        let rel = root.as_deref().and_then(|r| path.strip_prefix(r).ok()).unwrap_or(&path);
        // A corpus folder holding the workspace (`corpus = ["."]` or `["/"]`) would make every
        // draft a corpus statement: drafts open in the editor are checked anyway (the user
        // is told when the configuration is loaded).
        let corpus: Vec<PathBuf> = lock(&self.folders).iter().filter(|f| !holds(f, root.as_deref())).cloned().collect();
        !config.is_excluded(rel) && !settings::in_folders(&path, &corpus)
    }

    /// Diagnostics of `uri` at `revision`, ready to publish, or `None` as soon as the
    /// document has moved on (checked between the phases: the draft's citations and names,
    /// the checks, the conversion), so a stale analysis stops instead of finishing.
    fn analyse(&self, uri: &Uri, doc: &Snapshot, revision: u64) -> Option<Published> {
        let started = std::time::Instant::now();
        let current = || self.docs.revision(uri) == Some(revision);
        let draft = self.draft(uri, doc);
        if !current() {
            return None;
        }
        let findings = analysis::diagnostics::diagnostics(&draft, &self.config(), doc.caret);
        if !current() {
            return None;
        }
        let published = self.published(uri, Some(doc.version), draft.text(), &findings);
        // The cost of a whole analysis, for the adaptive debounce (never kept for a closed document).
        if self.docs.revision(uri).is_some() {
            self.costs.lock().unwrap_or_else(|e| e.into_inner()).insert(uri.clone(), started.elapsed());
        }
        Some(published)
    }

    /// Diagnostics in the form [`Shared::publish`] sends.
    fn published(&self, uri: &Uri, version: Option<i32>, text: &str, findings: &[crate::rules::Finding]) -> Published {
        let enc = self.encoding();
        if self.options.frames.is_some() {
            Published::Frame(proto::publish_frame(uri, version, text, findings, enc))
        } else {
            Published::Lsp(proto::to_diagnostics(text, findings, enc), version)
        }
    }

    /// Send diagnostics (the caller holds `self.publish`). Every publication of the server
    /// goes this one way, so they reach the client in the order they are sent.
    async fn publish(&self, uri: Uri, diagnostics: Published) {
        match diagnostics {
            Published::Frame(frame) => {
                if let Some(out) = self.options.frames.as_ref().and_then(|w| w.upgrade()) {
                    let _ = out.send(frame);
                }
            }
            Published::Lsp(d, version) => self.client.publish_diagnostics(uri, d, version).await,
        }
    }

    /// Analyse `uri` at `revision` after `delay` and publish, unless the document moved on.
    fn schedule(self: &Arc<Self>, uri: Uri, revision: u64, delay: Option<Duration>) {
        let shared = self.clone();
        tokio::spawn(async move {
            if let Some(d) = delay.filter(|d| !d.is_zero()) {
                tokio::time::sleep(d).await;
            }
            if shared.docs.revision(&uri) != Some(revision) {
                return;
            }
            let slot = shared.analysing.lock().unwrap_or_else(|e| e.into_inner()).entry(uri.clone()).or_default().clone();
            let _running = slot.lock().await;
            let Some(doc) = shared.docs.get(&uri).filter(|d| d.revision == revision) else {
                return;
            };
            let diagnostics = if shared.is_draft(&uri, &doc.language) && !is_binary(&doc.rope) {
                let (s, u) = (shared.clone(), uri.clone());
                match tokio::task::spawn_blocking(move || s.analyse(&u, &doc, revision)).await {
                    Ok(Some(d)) => d,
                    Ok(None) => return,
                    Err(e) => {
                        eprintln!("dragoman: analysis of {} failed: {e}", uri.as_str());
                        return;
                    }
                }
            } else {
                shared.published(&uri, Some(doc.version), "", &[])
            };
            let _guard = shared.publish.lock().await;
            if shared.docs.revision(&uri) == Some(revision) {
                shared.publish(uri, diagnostics).await;
            }
        });
    }

    fn reanalyse_all(self: &Arc<Self>) {
        for (uri, doc) in self.docs.all() {
            self.schedule(uri, doc.revision, None);
        }
    }

    /// A notification that could not be applied: logged on stderr and to the client.
    async fn ignored(&self, message: String) {
        eprintln!("dragoman: {message}");
        self.client.log_message(MessageType::WARNING, format!("dragoman: {message}")).await;
    }

    /// The pause before re-analysing `uri` after an edit. Adaptive (the default): none when
    /// its last analysis took under [`settings::EXPENSIVE_ANALYSIS`], else the debounce
    /// (`debounceMs`, default 200 ms), also when no analysis of it has finished yet. An edit
    /// during the pause restarts it, and a stale revision gives up before working, so edits
    /// of a long draft never queue analyses.
    fn debounce(&self, uri: &Uri) -> Duration {
        let last = self.costs.lock().unwrap_or_else(|e| e.into_inner()).get(uri).copied();
        lock(&self.editor).pause_after_edit(last)
    }

    /// Rebuild the configuration from `dragoman.toml` and the editor's settings. Returns
    /// whether the corpus folders changed. A bad configuration is reported and ignored.
    async fn reload_config(&self) -> bool {
        let root = lock(&self.root).clone();
        let editor = lock(&self.editor).clone();
        match settings::merge(root.as_deref(), &editor) {
            Ok(config) => {
                let folders = settings::corpus_folders(&config, root.as_deref());
                *lock_mut(&self.config) = Arc::new(config);
                let holding: Vec<String> = folders.iter().filter(|f| holds(f, root.as_deref())).map(|f| f.display().to_string()).collect();
                let changed = {
                    let mut current = lock_mut(&self.folders);
                    let changed = *current != folders;
                    *current = folders;
                    changed
                };
                if changed && !holding.is_empty() {
                    let message = format!(
                        "Dragoman: the corpus folder {} holds the whole workspace, so every file in it counts as a past statement and is not linted; drafts open in the editor are still checked. Point `corpus` at the folder of past statements.",
                        holding.join(", ")
                    );
                    eprintln!("{message}");
                    self.client.show_message(MessageType::WARNING, message).await;
                }
                changed
            }
            Err(e) => {
                self.client.show_message(MessageType::ERROR, format!("Dragoman configuration: {e}")).await;
                false
            }
        }
    }

    /// Index the corpus folders in the background, reporting `$/progress` when the client
    /// supports it. Requests are answered from the previous corpus meanwhile.
    async fn load_corpus(self: Arc<Self>) {
        let folders = lock(&self.folders).clone();
        let progress_ok = lock(&self.capabilities).window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false);
        let token = NumberOrString::String("dragoman/index".into());
        let created = progress_ok
            && self.answered("window/workDoneProgress/create", self.client.create_work_done_progress(token.clone())).await.is_some_and(|r| r.is_ok());
        let progress = if created { Some(self.client.progress(token, "Indexing the corpus").with_percentage(0).begin().await) } else { None };
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(usize, usize)>();
        let build = tokio::task::spawn_blocking(move || {
            let tx = std::sync::Mutex::new(tx);
            Corpus::build(&folders, &move |done, total| {
                let _ = tx.lock().unwrap_or_else(|e| e.into_inner()).send((done, total));
            })
        });
        while let Some((done, total)) = rx.recv().await {
            if let Some(p) = &progress {
                p.report_with_message(format!("{done}/{total} statements"), (done * 100 / total.max(1)) as u32).await;
            }
        }
        match build.await {
            Ok((corpus, skipped)) => {
                for s in &skipped {
                    eprintln!("dragoman: corpus: skipped {s}");
                }
                if !skipped.is_empty() {
                    let list = skipped.iter().take(20).map(|s| s.to_string()).collect::<Vec<_>>().join("; ");
                    self.client.log_message(MessageType::WARNING, format!("dragoman: corpus: skipped {} files: {list}", skipped.len())).await;
                }
                let n = corpus.statements();
                let corpus = Arc::new(corpus);
                *lock_mut(&self.corpus) = corpus.clone();
                if self.encoding() != Encoding::Utf16 {
                    tokio::task::spawn_blocking(move || corpus.prewarm());
                }
                if let Some(p) = progress {
                    p.finish_with_message(format!("{n} statements")).await;
                }
                self.client.log_message(MessageType::INFO, format!("dragoman: corpus indexed: {n} statements")).await;
            }
            Err(e) => {
                if let Some(p) = progress {
                    p.finish_with_message("failed").await;
                }
                eprintln!("dragoman: indexing the corpus failed: {e}");
            }
        }
    }

    /// The client's answer to a request of the server, or `None` (logged) when it does not
    /// come within [`ServerOptions::client_timeout`]: a client that never answers must not
    /// leave the corpus unindexed forever.
    async fn answered<T>(&self, what: &str, request: impl std::future::Future<Output = T>) -> Option<T> {
        match tokio::time::timeout(self.options.client_timeout, request).await {
            Ok(r) => Some(r),
            Err(_) => {
                let message = format!("dragoman: the client did not answer {what} within {} ms: going on without it", self.options.client_timeout.as_millis());
                eprintln!("{message}");
                self.client.log_message(MessageType::WARNING, message).await;
                None
            }
        }
    }

    /// Ask the client for the `dragoman` settings section (when it supports it).
    async fn pull_settings(&self) {
        let supported = lock(&self.capabilities).workspace.as_ref().and_then(|w| w.configuration).unwrap_or(false);
        if !supported {
            return;
        }
        let item = ConfigurationItem { scope_uri: None, section: Some("dragoman".into()) };
        match self.answered("workspace/configuration", self.client.configuration(vec![item])).await {
            Some(Ok(values)) => self.take_settings(values.first().unwrap_or(&Value::Null)).await,
            Some(Err(e)) => eprintln!("dragoman: workspace/configuration failed: {e}"),
            None => {}
        }
    }

    /// Adopt editor settings (a missing `debounceMs` or `adaptiveDebounce` keeps the current one).
    async fn take_settings(&self, value: &Value) {
        match EditorSettings::from_json(value) {
            Ok(mut s) => {
                let mut current = lock_mut(&self.editor);
                if s.debounce.is_none() {
                    s.debounce = current.debounce;
                }
                if s.adaptive_debounce.is_none() {
                    s.adaptive_debounce = current.adaptive_debounce;
                }
                *current = s;
            }
            Err(e) => self.client.show_message(MessageType::ERROR, format!("Dragoman settings: {e}")).await,
        }
    }

    async fn register_watchers(&self) {
        let dynamic =
            lock(&self.capabilities).workspace.as_ref().and_then(|w| w.did_change_watched_files.as_ref()).and_then(|d| d.dynamic_registration).unwrap_or(false);
        if !dynamic {
            return;
        }
        let watchers = ["**/*.txt", "**/*.md", "**/dragoman.toml"]
            .iter()
            .map(|g| FileSystemWatcher { glob_pattern: GlobPattern::String(g.to_string()), kind: None })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let reg = Registration {
            id: "dragoman-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Some(Err(e)) = self.answered("client/registerCapability", self.client.register_capability(vec![reg])).await {
            eprintln!("dragoman: could not register file watchers: {e}");
        }
    }
}

/// What the server advertises: exactly what it implements, row by row of SPEC §2.
///
/// | SPEC §2 row | how |
/// | --- | --- |
/// | diagnostics | pushed (`publishDiagnostics`, no capability); `save` sync option for on-save checks |
/// | code actions | `codeActionProvider` with `quickfix` and `source.fixAll.dragoman` |
/// | hover, definition, references | `hoverProvider`, `definitionProvider`, `referencesProvider` |
/// | completion | `completionProvider`, triggered by space and `/` (and by typing a word) |
/// | document / workspace symbols | `documentSymbolProvider`, `workspaceSymbolProvider` |
/// | document links | `documentLinkProvider` (no resolve) |
/// | progress | server-initiated `window/workDoneProgress/create` + `$/progress` (no capability) |
/// | configuration | pulled with `workspace/configuration`, `didChangeConfiguration`, watched files registered dynamically (no capability) |
/// | positions, sync | `positionEncoding` as negotiated; `textDocumentSync` incremental with open/close and save |
fn capabilities(enc: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(settings::encoding_kind(enc)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(false) })),
            ..Default::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        document_link_provider: Some(DocumentLinkOptions { resolve_provider: Some(false), work_done_progress_options: Default::default() }),
        completion_provider: Some(CompletionOptions { trigger_characters: Some(vec![" ".into(), "/".into()]), ..Default::default() }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::from(actions::FIX_ALL)]),
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        })),
        ..Default::default()
    }
}

/// Give memory freed by the allocator back to the system. glibc keeps what a thread frees
/// in that thread's arena: after 1,000 drafts were analysed (on the blocking pool's
/// threads) and closed, the process kept 280 MB where it started at 45 MB.
fn release_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> std::os::raw::c_int;
        }
        // SAFETY: malloc_trim only returns free memory of glibc's heaps to the system; it
        // takes the allocator's locks and touches no memory in use.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// Whether the corpus folder `folder` holds the workspace `root` (or is it).
fn holds(folder: &std::path::Path, root: Option<&std::path::Path>) -> bool {
    let Some(root) = root else { return false };
    let canonical = |p: &std::path::Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    canonical(root).starts_with(canonical(folder))
}

/// Whether a document looks binary ([`crate::files::looks_binary`], the test `dragoman
/// check` applies): such a document is not linted.
fn is_binary(rope: &Rope) -> bool {
    let mut seen = 0;
    for chunk in rope.chunks() {
        if seen >= crate::files::BINARY_SNIFF {
            break;
        }
        let take = chunk.len().min(crate::files::BINARY_SNIFF - seen);
        if crate::files::looks_binary(&chunk.as_bytes()[..take]) {
            return true;
        }
        seen += take;
    }
    false
}

fn root_of(params: &InitializeParams) -> Option<PathBuf> {
    #[allow(deprecated)]
    let uri = params.workspace_folders.as_ref().and_then(|f| f.first()).map(|f| f.uri.clone()).or_else(|| params.root_uri.clone());
    uri.and_then(|u| u.to_file_path().map(|p| p.into_owned()))
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let s = &self.shared;
        let enc = settings::negotiate_encoding(&params.capabilities);
        s.set_encoding(enc);
        *lock_mut(&s.root) = root_of(&params);
        *lock_mut(&s.capabilities) = params.capabilities.clone();
        if let Some(opts) = &params.initialization_options {
            s.take_settings(opts).await;
        }
        s.reload_config().await;
        Ok(InitializeResult {
            capabilities: capabilities(enc),
            server_info: Some(ServerInfo { name: "dragoman".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
            ..Default::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let s = self.shared.clone();
        tokio::spawn(async move {
            s.pull_settings().await;
            s.reload_config().await;
            s.reanalyse_all();
            s.register_watchers().await;
            s.clone().load_corpus().await;
        });
    }

    async fn shutdown(&self) -> Result<()> {
        self.shared.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        let doc = self.shared.docs.open(d.uri.clone(), d.language_id, d.version, &d.text);
        if self.shared.is_draft(&d.uri, &doc.language) && is_binary(&doc.rope) {
            self.shared.ignored(format!("{}: binary (a NUL in its first 8 KiB), not checked, as `dragoman check` skips it", d.uri.as_str())).await;
        }
        self.shared.schedule(d.uri, doc.revision, None);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let s = &self.shared;
        let uri = params.text_document.uri;
        match s.docs.change(&uri, params.text_document.version, &params.content_changes, s.encoding()) {
            Ok(doc) => {
                let delay = s.debounce(&uri);
                s.schedule(uri, doc.revision, Some(delay))
            }
            Err(e) => s.ignored(format!("ignored a change to {}: {e}", uri.as_str())).await,
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let s = &self.shared;
        let uri = params.text_document.uri;
        match s.docs.saved(&uri, params.text.as_deref()) {
            Some(doc) => s.schedule(uri, doc.revision, None),
            None => s.ignored(format!("ignored a save of {}: the document is not open", uri.as_str())).await,
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let s = &self.shared;
        let uri = params.text_document.uri;
        if !s.docs.close(&uri) {
            s.ignored(format!("ignored a close of {}: the document is not open", uri.as_str())).await;
            return;
        }
        s.forget(&uri);
        s.release_memory_soon();
        let _guard = s.publish.lock().await;
        if s.docs.version(&uri).is_none() {
            let cleared = s.published(&uri, None, "", &[]);
            s.publish(uri, cleared).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let s = self.shared.clone();
        if params.settings.is_null() || params.settings.as_object().is_some_and(|o| o.is_empty()) {
            s.pull_settings().await;
        } else {
            s.take_settings(&params.settings).await;
        }
        if s.reload_config().await {
            tokio::spawn(s.clone().load_corpus());
        }
        s.reanalyse_all();
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let s = self.shared.clone();
        let mut corpus_changes = Vec::new();
        let mut config_changed = false;
        for change in params.changes {
            let Some(path) = change.uri.to_file_path().map(|p| p.into_owned()) else {
                continue;
            };
            if path.file_name().is_some_and(|n| n == crate::config::FILE_NAME) {
                config_changed = true;
            } else if settings::in_folders(&path, &lock(&s.folders)) {
                corpus_changes.push((path, change.typ));
            }
        }
        if config_changed {
            if s.reload_config().await {
                tokio::spawn(s.clone().load_corpus());
            }
            s.reanalyse_all();
        }
        if !corpus_changes.is_empty() {
            let corpus = s.corpus();
            let work = tokio::task::spawn_blocking(move || {
                for (path, typ) in corpus_changes {
                    if typ == FileChangeType::DELETED || !path.is_file() {
                        corpus.remove_file(&path);
                    } else if crate::files::is_text_file(&path) {
                        if let Err(s) = corpus.update_file(&path) {
                            eprintln!("dragoman: corpus: skipped {s}");
                        }
                    }
                }
            });
            if let Err(e) = work.await {
                eprintln!("dragoman: re-indexing changed files failed: {e}");
            }
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        self.shared
            .clone()
            .run("hover", move |s| {
                let (doc, offset) = s.doc_at(&p.text_document.uri, p.position)?;
                let draft = s.draft(&p.text_document.uri, &doc);
                let corpus = s.corpus();
                let index = corpus.read();
                let facts = |key: &str| corpus.facts(&index, key);
                let k = Knowledge::new(&index).with_facts(&facts);
                Ok(analysis::hover(&draft, &k, offset).map(|h| proto::hover(&doc.rope, &h, s.encoding())))
            })
            .await
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        self.shared
            .clone()
            .run("definition", move |s| {
                let (doc, offset) = s.doc_at(&p.text_document.uri, p.position)?;
                let draft = s.draft(&p.text_document.uri, &doc);
                let corpus = s.corpus();
                let index = corpus.read();
                let Some(target) = analysis::target_at(&draft, &Knowledge::new(&index), offset) else {
                    return Ok(None);
                };
                let locations = corpus.definitions(&index, target.info.key(), s.encoding());
                Ok((!locations.is_empty()).then(|| GotoDefinitionResponse::Array(locations.to_vec())))
            })
            .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        self.shared
            .clone()
            .run("references", move |s| {
                let (doc, offset) = s.doc_at(&p.text_document.uri, p.position)?;
                let draft = s.draft(&p.text_document.uri, &doc);
                let open: Vec<(Uri, Snapshot)> = s.docs.all().into_iter().filter(|(u, d)| s.is_draft(u, &d.language)).collect();
                let docs: Vec<Arc<analysis::Document>> = open.iter().map(|(u, d)| s.draft(u, d)).collect();
                let open: Vec<(Uri, Rope)> = open.into_iter().map(|(u, d)| (u, d.rope)).collect();
                let refs: Vec<&analysis::Document> = docs.iter().map(|d| &**d).collect();
                let corpus = s.corpus();
                let index = corpus.read();
                let Some(r) = analysis::references(&draft, &Knowledge::new(&index), offset, &refs) else {
                    return Ok(None);
                };
                Ok(Some(proto::locations(&r.info, &corpus, &index, &open, s.encoding())))
            })
            .await
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        self.shared
            .clone()
            .run("documentSymbol", move |s| {
                let doc = s.docs.get(&uri).ok_or_else(|| invalid(format!("unknown document {}", uri.as_str())))?;
                let draft = s.draft(&uri, &doc);
                Ok(Some(DocumentSymbolResponse::Nested(proto::document_symbols(&doc.rope, &analysis::document_symbols(&draft), s.encoding()))))
            })
            .await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let uri = params.text_document.uri;
        self.shared
            .clone()
            .run("documentLink", move |s| {
                let doc = s.docs.get(&uri).ok_or_else(|| invalid(format!("unknown document {}", uri.as_str())))?;
                let draft = s.draft(&uri, &doc);
                let options = lock(&s.editor).links;
                Ok(Some(proto::links(&doc.rope, &analysis::links(&draft, options), s.encoding())))
            })
            .await
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        self.shared
            .clone()
            .run("workspace/symbol", move |s| {
                let corpus = s.corpus();
                let index = corpus.read();
                let found = analysis::workspace_symbols(&Knowledge::new(&index), &params.query, WORKSPACE_SYMBOLS_MAX);
                Ok(Some(WorkspaceSymbolResponse::Flat(proto::workspace_symbols(found, &corpus, &index, s.encoding()))))
            })
            .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        self.shared
            .clone()
            .run("completion", move |s| {
                let (doc, offset) = s.doc_at(&p.text_document.uri, p.position)?;
                let draft = s.draft(&p.text_document.uri, &doc);
                let corpus = s.corpus();
                let index = corpus.read();
                Ok(analysis::completion(&draft, &Knowledge::new(&index), offset)
                    .map(|c| CompletionResponse::List(proto::completion(&doc.rope, c, s.encoding()))))
            })
            .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.shared
            .clone()
            .run("codeAction", move |s| {
                let uri = params.text_document.uri;
                let doc = s.docs.get(&uri).ok_or_else(|| invalid(format!("unknown document {}", uri.as_str())))?;
                if !s.is_draft(&uri, &doc.language) {
                    return Ok(None);
                }
                let markdown = actions::is_markdown(&doc.language, &uri);
                let only = params.context.only.as_deref();
                let draft = s.draft(&uri, &doc);
                Ok(Some(actions::actions(&uri, &doc.rope, &draft, markdown, &params.context.diagnostics, only, &s.config(), s.encoding())))
            })
            .await
    }
}
