//! `dragoman explain TEXT`: the hover text for the first citation in TEXT.

use std::path::PathBuf;
use std::process::ExitCode;

use dragoman::catalogue::Catalogue;
use dragoman::citation::scan;
use dragoman::hover::hover_markdown;

pub fn run(text: &str, _corpus: &[PathBuf]) -> ExitCode {
    let citations = scan(text);
    match citations.first() {
        Some(c) => {
            println!("{}", hover_markdown(c, Catalogue::bundled(), None));
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("dragoman: no citation or known name in {text:?}");
            ExitCode::from(1)
        }
    }
}
