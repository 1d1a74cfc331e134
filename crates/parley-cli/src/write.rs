//! Writing a playbook back in place, atomically.
//!
//! The new text goes to a temporary file beside the original, takes the
//! original's permissions, and replaces it with one rename: a reader sees the
//! old file or the new one, never half of either. A symlink is followed, so
//! the link stays a link. A read-only file is refused and left untouched.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

use crate::files::describe;

/// Replaces the file at `path` with `text`. `name` is how the path is shown
/// in the error message.
pub fn write_atomically(path: &Path, name: &str, text: &str) -> Result<(), String> {
    let target = fs::canonicalize(path)
        .map_err(|error| format!("{name}: cannot write: {}", describe(&error)))?;
    let metadata = fs::metadata(&target)
        .map_err(|error| format!("{name}: cannot write: {}", describe(&error)))?;
    // `readonly` holds when no one may write, which even root should respect;
    // opening for writing (without truncating) covers files owned by others.
    if metadata.permissions().readonly() || OpenOptions::new().write(true).open(&target).is_err() {
        return Err(format!(
            "{name}: the file is read-only; fixes were not written and the file is untouched"
        ));
    }
    let folder = target.parent().unwrap_or(Path::new("."));
    let mut temporary = tempfile::Builder::new()
        .prefix(".parley-fix-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(|error| {
            format!(
                "{name}: cannot create a temporary file beside it: {}",
                describe(&error)
            )
        })?;
    let written = temporary
        .write_all(text.as_bytes())
        .and_then(|()| temporary.as_file().sync_all())
        .and_then(|()| fs::set_permissions(temporary.path(), metadata.permissions()));
    if let Err(error) = written {
        return Err(format!("{name}: cannot write: {}", describe(&error)));
    }
    temporary.persist(&target).map_err(|error| {
        format!(
            "{name}: cannot replace the file: {}",
            describe(&error.error)
        )
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn replaces_the_text_and_keeps_the_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("deal.parley");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, "deal.parley", "new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let leftovers = fs::read_dir(folder.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn follows_a_symlink_instead_of_replacing_it() {
        let folder = tempfile::tempdir().unwrap();
        let real = folder.path().join("real.parley");
        let link = folder.path().join("link.parley");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, "link.parley", "new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }

    #[test]
    fn refuses_a_read_only_file_and_leaves_it_untouched() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("deal.parley");
        fs::write(&path, "old").unwrap();
        let mut permissions = fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        fs::set_permissions(&path, permissions).unwrap();
        let error = write_atomically(&path, "deal.parley", "new").unwrap_err();
        assert_eq!(
            error,
            "deal.parley: the file is read-only; fixes were not written and the file is untouched"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
    }
}
