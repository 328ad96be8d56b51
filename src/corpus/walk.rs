//! Finding the statements under a corpus root.
//!
//! Contract: [`walk`] returns every `.txt`, `.md` and `.markdown` file under `root` (or
//! `root` itself when it is a file, whatever its extension), honouring `.gitignore` and
//! skipping hidden files, following symbolic links; and, separately, every path the walk
//! could not enter, each with a reason that says what is wrong with it (a symbolic-link
//! loop is reported at the link, a broken link at the link). Order is unspecified: the index
//! sorts statements itself.

use std::path::{Path, PathBuf};

use crate::files::is_text_file;

/// A path the walk could not use, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkError {
    pub path: PathBuf,
    pub reason: String,
}

/// The statement files under `root` and the paths that could not be walked.
pub fn walk(root: &Path) -> (Vec<PathBuf>, Vec<WalkError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    match std::fs::metadata(root) {
        Err(e) => {
            let reason = if root.symlink_metadata().is_ok() { format!("broken symbolic link ({e})") } else { "no such file or folder".to_string() };
            errors.push(WalkError { path: root.to_path_buf(), reason });
            return (files, errors);
        }
        Ok(m) if m.is_file() => {
            files.push(root.to_path_buf());
            return (files, errors);
        }
        Ok(_) => {}
    }
    let walker = ignore::WalkBuilder::new(root).follow_links(true).hidden(true).build();
    for entry in walker {
        match entry {
            Ok(e) => {
                if e.file_type().is_some_and(|t| t.is_file()) && is_text_file(e.path()) {
                    files.push(e.into_path());
                }
            }
            Err(err) => errors.push(describe(&err, root)),
        }
    }
    (files, errors)
}

fn describe(err: &ignore::Error, root: &Path) -> WalkError {
    match err {
        ignore::Error::WithPath { path, err } => {
            let mut e = describe(err, path);
            if let ignore::Error::Io(io) = &**err {
                if io.kind() == std::io::ErrorKind::NotFound && path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
                    e.reason = "broken symbolic link: its target does not exist".to_string();
                }
            }
            e
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => describe(err, root),
        ignore::Error::Loop { ancestor, child } => {
            WalkError { path: child.clone(), reason: format!("symbolic link loop: it leads back to {}; not followed", ancestor.display()) }
        }
        ignore::Error::Io(io) => WalkError { path: root.to_path_buf(), reason: format!("cannot read: {io}") },
        other => WalkError { path: root.to_path_buf(), reason: other.to_string() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_loops_and_broken_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join("a/b/x.txt"), "x").unwrap();
        std::fs::write(root.join("a/y.md"), "y").unwrap();
        std::fs::write(root.join("a/z.pdf"), "z").unwrap();
        std::fs::write(root.join(".hidden.txt"), "h").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("a"), root.join("a/b/up")).unwrap();
            std::os::unix::fs::symlink(root.join("gone"), root.join("a/broken.txt")).unwrap();
        }
        let (mut files, errors) = walk(root);
        files.sort();
        assert_eq!(files, vec![root.join("a/b/x.txt"), root.join("a/y.md")]);
        #[cfg(unix)]
        {
            assert_eq!(errors.len(), 2, "{errors:?}");
            assert!(errors.iter().any(|e| e.path == root.join("a/b/up") && e.reason.contains("loop")), "{errors:?}");
            assert!(errors.iter().any(|e| e.path == root.join("a/broken.txt") && e.reason.contains("broken")), "{errors:?}");
        }
        assert_eq!(walk(&root.join("a/z.pdf")).0, vec![root.join("a/z.pdf")]);
        assert_eq!(walk(&root.join("nope")).1[0].reason, "no such file or folder");
    }
}
