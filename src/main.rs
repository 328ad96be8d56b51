//! The `dragoman` binary: the language server (default), `check`, `explain`, `index`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
