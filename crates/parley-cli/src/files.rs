//! Which playbooks a run reads, and reading them.
//!
//! A path on the command line is a file (checked whatever its extension), a
//! folder (searched recursively for `*.parley`, in sorted order, skipping
//! hidden entries and symlinked folders), or `-` for stdin. Every problem is a
//! one-line message naming the path; the caller reports them and exits 2.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The extension of a playbook file.
pub const EXTENSION: &str = "parley";

/// Where a playbook's text comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Stdin,
    File(PathBuf),
}

/// One playbook to check: its name as shown to the user, and its origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub name: String,
    pub origin: Origin,
}

impl Input {
    pub fn is_stdin(&self) -> bool {
        self.origin == Origin::Stdin
    }
}

/// Resolves the command line's paths into the playbooks to check, in the
/// order given (each folder's playbooks sorted), without duplicates.
/// `stdin_name` is how stdin input is named in the output.
pub fn discover(paths: &[PathBuf], stdin_name: &str) -> Result<Vec<Input>, Vec<String>> {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        if path.as_os_str() == "-" {
            if seen.insert(PathBuf::from("-")) {
                inputs.push(Input {
                    name: stdin_name.to_string(),
                    origin: Origin::Stdin,
                });
            }
            continue;
        }
        let metadata = match fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) => {
                problems.push(format!("{}: {}", path.display(), describe(&error)));
                continue;
            }
        };
        let found = if metadata.is_dir() {
            let mut found = Vec::new();
            if let Err(problem) = walk(path, &mut found) {
                problems.push(problem);
                continue;
            }
            if found.is_empty() {
                problems.push(format!(
                    "{}: no playbooks (*.{EXTENSION} files) in this folder",
                    path.display()
                ));
                continue;
            }
            found
        } else {
            vec![path.clone()]
        };
        for file in found {
            let key = fs::canonicalize(&file).unwrap_or_else(|_| file.clone());
            if seen.insert(key) {
                inputs.push(Input {
                    name: display_name(&file),
                    origin: Origin::File(file),
                });
            }
        }
    }
    if problems.is_empty() {
        Ok(inputs)
    } else {
        Err(problems)
    }
}

/// Collects the playbooks under `folder`, depth first, entries sorted by name.
fn walk(folder: &Path, found: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(folder).map_err(|error| {
        format!(
            "{}: cannot read folder: {}",
            folder.display(),
            describe(&error)
        )
    })?;
    let mut children = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|error| {
            format!(
                "{}: cannot read folder: {}",
                folder.display(),
                describe(&error)
            )
        })?;
        children.push(entry);
    }
    children.sort_by_key(|entry| entry.file_name());
    for entry in children {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            walk(&path, found)?;
        } else if is_playbook(&path) && (file_type.is_file() || path.is_file()) {
            // A symlink counts when it points at a file; symlinked folders are
            // not followed, so a link cycle cannot loop.
            found.push(path);
        }
    }
    Ok(())
}

fn is_playbook(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension == EXTENSION)
}

/// A path as the user reads it: as given, without a leading `./`.
fn display_name(path: &Path) -> String {
    let shown = path.display().to_string();
    match shown.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => shown,
    }
}

/// The largest playbook read: 64 MiB, as the language server's largest
/// message. Checking takes some thirteen times a text's size in memory,
/// and a path such as `/dev/zero` never ends.
pub const MAX_BYTES: u64 = 64 << 20;

/// Reads a playbook's text, which must be UTF-8 and at most [`MAX_BYTES`].
pub fn read(input: &Input) -> Result<String, String> {
    let bytes = match &input.origin {
        Origin::Stdin => read_bounded(io::stdin().lock(), 0, &input.name, "cannot read stdin")?,
        Origin::File(path) => {
            let file = fs::File::open(path)
                .map_err(|error| format!("{}: cannot read: {}", input.name, describe(&error)))?;
            // Sized from the file's length, so that reading never holds a
            // doubled buffer and its copy at once (a hint only: the file may
            // change meanwhile, and `/dev/zero` says 0).
            let size = file.metadata().map_or(0, |metadata| metadata.len());
            read_bounded(file, size, &input.name, "cannot read")?
        }
    };
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        format!(
            "{}: not UTF-8 (invalid byte at offset {offset}); playbooks must be UTF-8 text",
            input.name
        )
    })
}

/// Reads at most [`MAX_BYTES`], refusing anything longer; `size_hint` is
/// the length expected.
fn read_bounded(
    reader: impl Read,
    size_hint: u64,
    name: &str,
    cannot: &str,
) -> Result<Vec<u8>, String> {
    let capacity = usize::try_from(size_hint.min(MAX_BYTES)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    reader
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| format!("{name}: {cannot}: {}", describe(&error)))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(format!(
            "{name}: larger than 64 MiB, too large for a playbook; nothing was checked or written"
        ));
    }
    Ok(bytes)
}

/// An IO error in a few words, without the `(os error N)` suffix.
pub fn describe(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "is a folder, not a file".to_string(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(cut) => text.get(..cut).unwrap_or(&text).to_string(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_searched_recursively_in_sorted_order_skipping_hidden_entries() {
        let root = tempfile::tempdir().unwrap();
        let base = root.path();
        fs::create_dir_all(base.join("b/nested")).unwrap();
        fs::create_dir_all(base.join(".hidden")).unwrap();
        for file in [
            "z.parley",
            "a.parley",
            "notes.txt",
            "b/nested/c.parley",
            "b/a.parley",
            ".hidden/x.parley",
            ".dot.parley",
        ] {
            fs::write(base.join(file), "").unwrap();
        }
        let inputs = discover(&[base.to_path_buf()], "<stdin>").unwrap();
        let names: Vec<_> = inputs
            .iter()
            .map(|input| match &input.origin {
                Origin::File(path) => path.strip_prefix(base).unwrap().display().to_string(),
                Origin::Stdin => "-".to_string(),
            })
            .collect();
        assert_eq!(
            names,
            ["a.parley", "b/a.parley", "b/nested/c.parley", "z.parley"]
        );
    }

    #[test]
    fn duplicates_are_checked_once_and_missing_paths_are_named() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("a.parley");
        fs::write(&file, "").unwrap();
        let inputs = discover(&[file.clone(), root.path().to_path_buf()], "-").unwrap();
        assert_eq!(inputs.len(), 1);

        let missing = root.path().join("missing.parley");
        let empty = root.path().join("empty");
        fs::create_dir(&empty).unwrap();
        let problems = discover(&[missing.clone(), empty.clone()], "-").unwrap_err();
        assert_eq!(
            problems,
            [
                format!("{}: no such file or folder", missing.display()),
                format!(
                    "{}: no playbooks (*.parley files) in this folder",
                    empty.display()
                ),
            ]
        );
    }

    /// `parley check /dev/zero` read until memory ran out.
    #[test]
    fn an_endless_input_is_refused_after_64_mib() {
        let refused = read_bounded(io::repeat(b'a'), 0, "zero", "cannot read").unwrap_err();
        assert_eq!(
            refused,
            "zero: larger than 64 MiB, too large for a playbook; nothing was checked or written"
        );
        let exact = read_bounded(io::repeat(b'a').take(MAX_BYTES), 0, "x", "cannot read").unwrap();
        assert_eq!(exact.len() as u64, MAX_BYTES);
        // A size hint is only a hint: past the limit, or wrong either way.
        let hinted = read_bounded(io::repeat(b'a'), u64::MAX, "zero", "cannot read");
        assert!(hinted.is_err());
        for hint in [0, 3, 5, 1 << 20] {
            let read = read_bounded(&b"abcde"[..], hint, "x", "cannot read").unwrap();
            assert_eq!(read, b"abcde");
        }
    }

    #[test]
    fn display_names_drop_a_leading_dot_slash() {
        assert_eq!(display_name(Path::new("./a/b.parley")), "a/b.parley");
        assert_eq!(display_name(Path::new("a/b.parley")), "a/b.parley");
    }
}
