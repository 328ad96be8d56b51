//! The language server (SPEC §2) over `tower-lsp-server`. This module only translates
//! between LSP and the crate's pure functions:
//!
//! - [`documents`]: open documents on ropes, incremental edits applied in order;
//! - [`settings`]: position-encoding negotiation and configuration merging;
//! - [`analysis`]: diagnostics (exactly `dragoman check --format json`'s) and the typing filter;
//! - [`actions`]: quick fixes, "silence this rule here", `source.fixAll.dragoman`;
//! - [`navigate`]: hover, definition, references, symbols, links, completion;
//! - [`corpus`]: what the server asks of the corpus, and a minimal scanning implementation;
//! - [`backend`]: the `LanguageServer` implementation and scheduling.

pub mod actions;
pub mod analysis;
pub mod backend;
pub mod corpus;
pub mod documents;
pub mod navigate;
pub mod settings;

pub use backend::{Backend, ServerOptions};

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};

/// Serve the language server on `input`/`output` until the client sends `exit` (or closes
/// the input). Returns whether `shutdown` was received before.
pub async fn serve<I, O>(input: I, output: O, options: ServerOptions)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let (service, socket) = LspService::build(|client| Backend::new(client, options))
        .custom_method("dragoman/debugPanic", Backend::debug_panic)
        .custom_method("dragoman/documentText", Backend::document_text)
        .finish();
    Server::new(input, output, socket).serve(service).await;
}

/// Serve on stdin/stdout. Returns when the client sends `exit` or closes stdin; the caller
/// should then end the process (stdin's reader thread may still be blocked on a read).
pub fn serve_stdio() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout(), ServerOptions::default()));
    // Do not wait for the blocking stdin reader.
    runtime.shutdown_timeout(std::time::Duration::from_millis(50));
    Ok(())
}
