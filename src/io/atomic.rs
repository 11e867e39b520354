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

/// The file `path` names, following symbolic links (up to 40, like the OS):
/// a save through a link replaces the file it points to and keeps the link.
/// A path that is not a link, or cannot be read as one, is returned as is.
pub fn resolve_links(path: &Path) -> PathBuf {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => match std::fs::read_link(&p) {
                Ok(target) if target.is_absolute() => p = target,
                Ok(target) => p = folder_of(&p).join(target),
                Err(_) => break,
            },
            _ => break,
        }
    }
    p
}

/// When this process first wrote a file: temporary files of ours older than
/// that, by ten minutes, are left over from a save that was killed.
static FIRST_WRITE: std::sync::OnceLock<std::time::SystemTime> = std::sync::OnceLock::new();

/// Removes `.parkaudit-*.tmp` files in `dir` left by killed saves: older than
/// this process's first write by more than ten minutes (a save still running
/// elsewhere keeps writing its file, so it is newer).
pub fn remove_stale_temporaries(dir: &Path) -> usize {
    let since = *FIRST_WRITE.get_or_init(std::time::SystemTime::now);
    let Some(cutoff) = since.checked_sub(std::time::Duration::from_secs(600)) else {
        return 0;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".parkaudit-") && name.ends_with(".tmp")) {
            continue;
        }
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t < cutoff);
        if old && std::fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
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

/// Keeps the file at `path` as it is under `NAME.bak`, the original staying
/// in place until the final rename replaces it in one step. A second name
/// (a hard link) costs nothing and needs no copy: once the new file is
/// renamed over `path`, the old contents live on under the backup's name
/// alone (our saves never write a file in place). Where the file system has
/// no hard links (FAT on a USB stick), the file is copied and fsynced.
fn backup(path: &Path, dir: &Path) -> io::Result<()> {
    let linked = tempfile::Builder::new()
        .prefix(".parkaudit-")
        .suffix(".tmp")
        .make_in(dir, |link| std::fs::hard_link(path, link));
    let tmp = match linked {
        Ok(link) => link.into_temp_path(),
        Err(_) => {
            let mut previous = File::open(path)?;
            synced_temp(dir, |w| io::copy(&mut previous, w).map(|_| ()))?.into_temp_path()
        }
    };
    tmp.persist(backup_path(path)).map_err(|e| e.error)
}

/// Writes `bytes` to `path` atomically; see [`write_atomic_with`].
pub fn write_atomic(path: &Path, bytes: &[u8], keep_backup: bool) -> io::Result<()> {
    write_atomic_with(path, keep_backup, |w| w.write_all(bytes))
}

/// Replaces `path` atomically with what `fill` writes (streamed, so a large
/// project is never held twice in memory): a temporary file in the same
/// folder is written and fsynced, the previous file (if any) is kept as
/// `NAME.bak` (see [`backup`]), then the temporary file is renamed over
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
    FIRST_WRITE.get_or_init(std::time::SystemTime::now);
    // Through a link: write beside the target and replace it; the link stays.
    let target = resolve_links(path);
    let path = target.as_path();
    let dir = folder_of(path);
    remove_stale_temporaries(&dir);
    let tmp = synced_temp(&dir, fill)?;
    match std::fs::metadata(path) {
        // The temporary file is created 0600: keep it so for secrets, else
        // keep the old file's permissions, or the usual 0644 for a new file.
        _ if private => {}
        Ok(meta) => std::fs::set_permissions(tmp.path(), meta.permissions())?,
        Err(_) => default_permissions(tmp.path())?,
    }
    if keep_backup && path.exists() {
        backup(path, &dir)?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(&dir);
    Ok(())
}

/// What is in place after a failed [`replace_pair`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairState {
    /// Both files are as they were.
    Unchanged,
    /// The first file is the new one, the second is absent: its old version
    /// is gone and the new one could not be written.
    FirstWithoutSecond,
}

/// A failed [`replace_pair`]: which file failed, and what is in place.
#[derive(Debug, thiserror::Error)]
#[error("{}", match state {
    PairState::Unchanged => format!(
        "{}: cannot write it — nothing was changed ({} and {} are as they were)",
        failed.display(), first.display(), second.display()
    ),
    PairState::FirstWithoutSecond => format!(
        "{}: cannot write it — {} is the new file, now without {}",
        failed.display(), first.display(), second.display()
    ),
})]
pub struct PairError {
    pub first: PathBuf,
    pub second: PathBuf,
    /// The file whose writing failed.
    pub failed: PathBuf,
    pub state: PairState,
    #[source]
    pub source: io::Error,
}

/// Replaces `first` and `second` together (a workbook and its detached
/// signature): `second` is written from `second_bytes`, or removed when
/// `None`. The two never disagree, whatever fails and wherever the process
/// dies: both old, both new, or the new first without a second. Both new
/// files are written and fsynced first; the old second is set aside; then
/// `first` is replaced (on failure the old second is put back), then `second`.
pub fn replace_pair(
    first: &Path,
    first_bytes: &[u8],
    second: &Path,
    second_bytes: Option<&[u8]>,
) -> Result<(), PairError> {
    replace_pair_with(first, first_bytes, second, second_bytes, &mut |_| Ok(()))
}

/// The steps of [`replace_pair`], for tests that make one fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    WriteFirst,
    WriteSecond,
    SetAside,
    PersistFirst,
    PersistSecond,
}

fn replace_pair_with(
    first: &Path,
    first_bytes: &[u8],
    second: &Path,
    second_bytes: Option<&[u8]>,
    fault: &mut dyn FnMut(Step) -> io::Result<()>,
) -> Result<(), PairError> {
    FIRST_WRITE.get_or_init(std::time::SystemTime::now);
    let (first, second) = (resolve_links(first), resolve_links(second));
    let fail = |failed: &Path, state, source| PairError {
        first: first.clone(),
        second: second.clone(),
        failed: failed.to_path_buf(),
        state,
        source,
    };
    let unchanged = |failed: &Path, e| fail(failed, PairState::Unchanged, e);
    let (dir1, dir2) = (folder_of(&first), folder_of(&second));
    remove_stale_temporaries(&dir1);
    let tmp1 = fault(Step::WriteFirst)
        .and_then(|()| synced_temp(&dir1, |w| w.write_all(first_bytes)))
        .map_err(|e| unchanged(&first, e))?;
    let tmp2 = match second_bytes {
        Some(b) => Some(
            fault(Step::WriteSecond)
                .and_then(|()| synced_temp(&dir2, |w| w.write_all(b)))
                .map_err(|e| unchanged(&second, e))?,
        ),
        None => None,
    };
    for (tmp, path) in [(Some(&tmp1), &first), (tmp2.as_ref(), &second)] {
        if let Some(tmp) = tmp {
            match std::fs::metadata(path) {
                Ok(meta) => std::fs::set_permissions(tmp.path(), meta.permissions()),
                Err(_) => default_permissions(tmp.path()),
            }
            .map_err(|e| unchanged(path, e))?;
        }
    }
    // The old second aside, under a temporary name a later save would clear.
    let aside = if second.exists() {
        let aside = dir2.join(format!(
            ".parkaudit-aside-{}-{}.tmp",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        fault(Step::SetAside)
            .and_then(|()| std::fs::rename(&second, &aside))
            .map_err(|e| unchanged(&second, e))?;
        Some(aside)
    } else {
        None
    };
    let persisted = fault(Step::PersistFirst)
        .and_then(|()| tmp1.persist(&first).map(|_| ()).map_err(|e| e.error));
    if let Err(e) = persisted {
        if let Some(aside) = &aside {
            let _ = std::fs::rename(aside, &second);
        }
        return Err(unchanged(&first, e));
    }
    sync_dir(&dir1);
    // The old second belongs to the old first: gone with it.
    if let Some(aside) = aside {
        let _ = std::fs::remove_file(aside);
    }
    if let Some(tmp2) = tmp2 {
        fault(Step::PersistSecond)
            .and_then(|()| tmp2.persist(&second).map(|_| ()).map_err(|e| e.error))
            .map_err(|e| fail(&second, PairState::FirstWithoutSecond, e))?;
    }
    sync_dir(&dir2);
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

    /// The backup is a second name for the previous file, not a copy: after
    /// the save each name has its own file (one link each), so the next save
    /// or an edit of one never changes the other.
    #[cfg(unix)]
    #[test]
    fn the_backup_is_the_previous_file_under_its_own_name() -> io::Result<()> {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir()?;
        let p = dir.path().join("p.ron");
        write_atomic(&p, b"one", true)?;
        let first = fs::metadata(&p)?.ino();
        write_atomic(&p, b"two", true)?;
        let bak = fs::metadata(backup_path(&p))?;
        assert_eq!(bak.ino(), first, "the previous file itself, not a copy");
        assert_eq!((bak.nlink(), fs::metadata(&p)?.nlink()), (1, 1));
        write_atomic(&p, b"three", true)?;
        assert_eq!(fs::read(&p)?, b"three");
        assert_eq!(fs::read(backup_path(&p))?, b"two");
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_save_through_a_link_replaces_the_target_and_keeps_the_link() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let shared = dir.path().join("shared");
        fs::create_dir(&shared)?;
        let target = shared.join("p.ron");
        write_atomic(&target, b"one", true)?;
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink(&target, &link)?;
        write_atomic(&link, b"two", true)?;
        assert!(fs::symlink_metadata(&link)?.file_type().is_symlink());
        assert_eq!(fs::read(&target)?, b"two");
        assert_eq!(fs::read(backup_path(&target))?, b"one");
        // A relative link, two deep.
        let rel = dir.path().join("rel.ron");
        std::os::unix::fs::symlink("link.ron", &rel)?;
        write_atomic(&rel, b"three", false)?;
        assert!(fs::symlink_metadata(&rel)?.file_type().is_symlink());
        assert_eq!(fs::read(&target)?, b"three");
        Ok(())
    }

    #[test]
    fn temporaries_of_killed_saves_are_removed_by_the_next_save() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let stale = dir.path().join(".parkaudit-killed.tmp");
        let fresh = dir.path().join(".parkaudit-running.tmp");
        let other = dir.path().join("notes.tmp");
        for p in [&stale, &fresh, &other] {
            fs::write(p, b"x")?;
        }
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for p in [&stale, &other] {
            fs::File::options()
                .write(true)
                .open(p)?
                .set_modified(hour_ago)?;
        }
        write_atomic(&dir.path().join("p.ron"), b"x", false)?;
        assert!(!stale.exists(), "a killed save's temporary is removed");
        assert!(
            fresh.exists(),
            "a save that may still be running is left alone"
        );
        assert!(other.exists(), "only ParkAudit's temporaries");
        Ok(())
    }

    #[test]
    fn a_pair_is_replaced_together_or_not_at_all() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let (wb, sig) = (dir.path().join("w.xlsx"), dir.path().join("w.xlsx.sig"));
        replace_pair(&wb, b"wb1", &sig, Some(b"sig1")).expect("first pair");
        replace_pair(&wb, b"wb2", &sig, Some(b"sig2")).expect("second pair");
        assert_eq!(
            (fs::read(&wb)?, fs::read(&sig)?),
            (b"wb2".to_vec(), b"sig2".to_vec())
        );
        // Unsigned: the old signature goes with the old workbook.
        replace_pair(&wb, b"wb3", &sig, None).expect("unsigned");
        assert_eq!(fs::read(&wb)?, b"wb3");
        assert!(!sig.exists());
        replace_pair(&wb, b"wb4", &sig, Some(b"sig4")).expect("signed again");

        // The workbook cannot be replaced (a folder is in its place): both stay.
        let (wb_dir, sig_dir) = (dir.path().join("d.xlsx"), dir.path().join("d.xlsx.sig"));
        fs::create_dir(&wb_dir)?;
        fs::write(wb_dir.join("inside"), b"x")?;
        fs::write(&sig_dir, b"old sig")?;
        let e = replace_pair(&wb_dir, b"new", &sig_dir, Some(b"new sig")).expect_err("refused");
        assert_eq!(e.state, PairState::Unchanged);
        assert!(e.to_string().contains("nothing was changed"), "{e}");
        assert_eq!(
            fs::read(&sig_dir)?,
            b"old sig",
            "the old signature is put back"
        );

        // Each step failing in turn (the OS refusing: disk full, permissions):
        // the pair is both old, or the new workbook without a signature —
        // never the new workbook beside the old signature.
        for step in [
            Step::WriteFirst,
            Step::WriteSecond,
            Step::SetAside,
            Step::PersistFirst,
            Step::PersistSecond,
        ] {
            let e = replace_pair_with(&wb, b"wb5", &sig, Some(b"sig5"), &mut |s| {
                if s == step {
                    Err(io::Error::other("injected"))
                } else {
                    Ok(())
                }
            })
            .expect_err("injected failure");
            let now = (fs::read(&wb)?, fs::read(&sig).ok());
            if step == Step::PersistSecond {
                assert_eq!(e.state, PairState::FirstWithoutSecond);
                assert_eq!(now, (b"wb5".to_vec(), None), "{step:?}");
                assert!(
                    e.to_string().contains("w.xlsx.sig: cannot write it — "),
                    "{e}"
                );
                assert!(
                    e.to_string()
                        .contains("w.xlsx is the new file, now without"),
                    "{e}"
                );
                replace_pair(&wb, b"wb4", &sig, Some(b"sig4")).expect("restored");
            } else {
                assert_eq!(e.state, PairState::Unchanged, "{step:?}");
                assert_eq!(now, (b"wb4".to_vec(), Some(b"sig4".to_vec())), "{step:?}");
            }
        }
        // No temporary file is left behind by a failure.
        let stray: Vec<_> = fs::read_dir(dir.path())?
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(stray.is_empty(), "{stray:?}");
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
