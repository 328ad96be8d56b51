//! The language server (SPEC §2) over `tower-lsp-server`. This module only translates
//! between LSP and the crate's pure functions:
//!
//! - [`documents`]: open documents on ropes, incremental edits applied in order;
//! - [`settings`]: position-encoding negotiation and configuration merging;
//! - [`actions`]: quick fixes, "silence this rule here", `source.fixAll.dragoman`;
//! - [`proto`]: every conversion between the analysis layer's values and LSP types
//!   (hover, locations, symbols, links, completion, diagnostics);
//! - [`corpus`]: the corpus index behind a lock, and its mentions as LSP locations;
//! - [`backend`]: the `LanguageServer` implementation and scheduling;
//! - [`framing`]: a guard in front of the JSON-RPC transport (malformed frames get an error);
//! - [`repair`]: bodies the protocol layer would drop, repaired (bad UTF-8, lone surrogates, raw URIs).

pub mod actions;
pub mod backend;
pub mod corpus;
pub mod documents;
pub mod framing;
pub mod proto;
pub mod repair;
pub mod settings;

pub use backend::{Backend, ServerOptions};

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};

/// Serve the language server on `input`/`output` until the client sends `exit` (or closes
/// the input). Returns whether `shutdown` was received before.
///
/// The input goes through [`framing::screen`], so a malformed frame gets an error answer
/// instead of ending the server.
pub async fn serve<I, O>(input: I, output: O, options: ServerOptions) -> bool
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let (frames_tx, frames_rx) = tokio::sync::mpsc::unbounded_channel();
    let options = ServerOptions { frames: Some(frames_tx.downgrade()), ..options };
    let (to_server, server_in) = tokio::io::duplex(1 << 16);
    let (server_out, from_server) = tokio::io::duplex(1 << 16);
    let reader = tokio::spawn(framing::screen(input, to_server, frames_tx.clone()));
    let copier = tokio::spawn(framing::copy_frames(from_server, frames_tx));
    let writer = tokio::spawn(framing::write_frames(frames_rx, output));
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    let (service, socket) = LspService::build(move |client| Backend::with_shutdown_flag(client, options, flag))
        .custom_method("dragoman/debugPanic", Backend::debug_panic)
        .custom_method("dragoman/documentText", Backend::document_text)
        .finish();
    Server::new(server_in, server_out, socket).serve(service).await;
    // The server is gone (its output closed): stop reading, send what it wrote, and end.
    reader.abort();
    let _ = copier.await;
    let _ = writer.await;
    shutdown.load(Ordering::SeqCst)
}

/// Serve on stdin/stdout. Returns when the client sends `exit` after `shutdown`; the caller
/// should then end the process (stdin's reader thread may still be blocked on a read).
/// When the client sends `exit` without `shutdown` first, or closes stdin without either,
/// this ends the process itself with exit code 1, as LSP asks.
pub fn serve_stdio() -> std::io::Result<()> {
    // Analyses and requests run on the blocking pool. Its default of 512 threads let 1,000
    // drafts opened at once start hundreds of threads (each with its stack and allocator
    // arena: memory kept after the drafts closed) for work two cores do.
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).max_blocking_threads(16).enable_all().build()?;
    let clean = runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout(), ServerOptions::default()));
    // Do not wait for the blocking stdin reader.
    runtime.shutdown_timeout(std::time::Duration::from_millis(50));
    if !clean {
        use std::io::Write;
        let _ = std::io::stdout().flush();
        std::process::exit(1);
    }
    Ok(())
}
