//! Atomic file replacement: a crash or a full disk never leaves a
//! half-written project behind.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The backup path kept beside `path` (`NAME.ron` → `NAME.ron.bak`).
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder
/// is written and fsynced, the previous file (if any) is copied to
/// `NAME.bak`, then the temporary file is renamed over `path` and the folder
/// fsynced. On any error the original file is untouched and the temporary
/// file removed.
pub fn write_atomic(path: &Path, bytes: &[u8], keep_backup: bool) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "path has no file name"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(file_name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);

    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        if keep_backup && path.exists() {
            // Copy rather than rename: the original stays in place until the
            // final rename replaces it in one step.
            let bak = backup_path(path);
            let data = fs::read(path)?;
            let mut bak_tmp = tmp.clone().into_os_string();
            bak_tmp.push(".bak");
            let bak_tmp = PathBuf::from(bak_tmp);
            {
                let mut b = OpenOptions::new()
                    .write(true)
                    .create(true)
                    .truncate(true)
                    .open(&bak_tmp)?;
                b.write_all(&data)?;
                b.sync_all()?;
            }
            fs::rename(&bak_tmp, &bak).inspect_err(|_| {
                let _ = fs::remove_file(&bak_tmp);
            })?;
        }
        fs::rename(&tmp, path)?;
        sync_dir(&dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
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
