//! Atomic file replacement: a crash or a full disk never leaves a
//! half-written project behind.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// `path` with `suffix` appended to its file name (`p.ron` + `.bak` → `p.ron.bak`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

/// The backup path kept beside `path` (`NAME.ron` → `NAME.ron.bak`).
pub fn backup_path(path: &Path) -> PathBuf {
    with_suffix(path, ".bak")
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A fresh temporary file in `dir` (unique name, removed if anything fails
/// before it is persisted), filled by `fill` and fsynced.
fn synced_temp(
    dir: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<NamedTempFile> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".parkaudit-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    {
        let mut w = BufWriter::new(tmp.as_file_mut());
        fill(&mut w)?;
        w.flush()?;
    }
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// Writes `bytes` to `path` atomically; see [`write_atomic_with`].
pub fn write_atomic(path: &Path, bytes: &[u8], keep_backup: bool) -> io::Result<()> {
    write_atomic_with(path, keep_backup, |w| w.write_all(bytes))
}

/// Replaces `path` atomically with what `fill` writes (streamed, so a large
/// project is never held twice in memory): a temporary file in the same
/// folder is written and fsynced, the previous file (if any) is copied to
/// `NAME.bak` (itself atomically), then the temporary file is renamed over
/// `path` and the folder fsynced. On any error the original file is
/// untouched and the temporary files are gone.
pub fn write_atomic_with(
    path: &Path,
    keep_backup: bool,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write_atomic_impl(path, keep_backup, false, fill)
}

/// Writes a secret (a private key) atomically; the file is never readable by
/// others, not even for a moment (mode 0600 on Unix).
pub fn write_atomic_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_impl(path, false, true, |w| w.write_all(bytes))
}

fn write_atomic_impl(
    path: &Path,
    keep_backup: bool,
    private: bool,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    if path.file_name().is_none() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "path has no file name",
        ));
    }
    let dir = folder_of(path);
    let tmp = synced_temp(&dir, fill)?;
    match std::fs::metadata(path) {
        // The temporary file is created 0600: keep it so for secrets, else
        // keep the old file's permissions, or the usual 0644 for a new file.
        _ if private => {}
        Ok(meta) => std::fs::set_permissions(tmp.path(), meta.permissions())?,
        Err(_) => default_permissions(tmp.path())?,
    }
    if keep_backup && path.exists() {
        // Copy rather than rename: the original stays in place until the
        // final rename replaces it in one step.
        let mut previous = File::open(path)?;
        synced_temp(&dir, |w| io::copy(&mut previous, w).map(|_| ()))?
            .persist(backup_path(path))
            .map_err(|e| e.error)?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(&dir);
    Ok(())
}

/// A new file is readable by others (0644), like any file the user creates;
/// private keys tighten this themselves.
#[cfg(unix)]
fn default_permissions(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(_path: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) {
    // Makes the rename durable; failure here cannot undo the rename, so it is not an error.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn replaces_and_keeps_backup() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let p = dir.path().join("p.ron");
        write_atomic(&p, b"one", true)?;
        assert_eq!(fs::read(&p)?, b"one");
        assert!(!backup_path(&p).exists());
        write_atomic(&p, b"two", true)?;
        assert_eq!(fs::read(&p)?, b"two");
        assert_eq!(fs::read(backup_path(&p))?, b"one");
        // No temporary files left behind.
        let names: Vec<_> = fs::read_dir(dir.path())?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        Ok(())
    }

    #[test]
    fn failed_write_leaves_original() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let p = dir.path().join("missing-dir").join("p.ron");
        assert!(write_atomic(&p, b"x", true).is_err());
        assert!(!p.exists());
        Ok(())
    }
}
