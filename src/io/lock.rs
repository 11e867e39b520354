//! One writer at a time: an advisory lock on a project, held by every command
//! that changes it (for the whole load → edit → save) and by the app while a
//! project is open for editing. Reading never takes it.
//!
//! The lock is the operating system's (`flock` on Unix, `LockFileEx` on
//! Windows, through `std::fs::File::lock`) on a file beside the project,
//! `NAME.ron.lock` — not on the project itself, which every save replaces.
//! The lock file is never deleted (deleting it would let two writers lock two
//! different files); it holds a line naming the current holder, which a
//! refused writer quotes. The OS releases the lock when the holder exits or
//! is killed, so a crash never leaves a project locked.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a second writer waits for the first before it refuses.
pub const WAIT: Duration = Duration::from_secs(5);

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct ProjectLock {
    file: File,
    path: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another writer holds the project.
    #[error(
        "{}: being changed by {holder} — nothing was changed; try again when it has finished (reading the project is still possible)",
        project.display()
    )]
    Held { project: PathBuf, holder: String },
    #[error("{}: cannot lock the project for writing", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl LockError {
    /// The message in Chinese, for the app.
    pub fn zh(&self) -> String {
        match self {
            LockError::Held { project, holder } => format!(
                "{}：正由{holder}修改——未作任何更改；请待其完成后重试（仍可只读打开）",
                project.display()
            ),
            LockError::Io { path, source } => {
                format!("{}：无法锁定项目以写入：{source}", path.display())
            }
        }
    }
}

/// The lock file of a project (`NAME.ron` → `NAME.ron.lock`), beside the file
/// a link points to, so every path to one project shares one lock.
pub fn lock_path(project: &Path) -> PathBuf {
    super::atomic::with_suffix(&super::atomic::resolve_links(project), ".lock")
}

/// Who holds a lock, as a refused writer reads it.
fn holder_line(what: &str) -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown user".into());
    format!(
        "ParkAudit ({what}), process {} of {user}, since {}",
        std::process::id(),
        super::time::now_rfc3339_utc()
    )
}

/// Locks `project` for writing on behalf of `what` (`import`, `the app` …),
/// waiting up to `wait` for another writer to finish.
pub fn acquire(project: &Path, what: &str, wait: Duration) -> Result<ProjectLock, LockError> {
    let path = lock_path(project);
    let io = |source| LockError::Io {
        path: path.clone(),
        source,
    };
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io)?;
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) if start.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(TryLockError::WouldBlock) => {
                // Windows refuses reading a locked file: then the holder is unnamed.
                let mut holder = String::new();
                let _ = File::open(&path).and_then(|mut f| f.read_to_string(&mut holder));
                let holder = holder.trim();
                return Err(LockError::Held {
                    project: project.to_path_buf(),
                    holder: if holder.is_empty() {
                        "another ParkAudit process".into()
                    } else {
                        holder.to_string()
                    },
                });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
    }
    // Name the holder (best effort: the lock itself is what counts).
    let _ = file
        .set_len(0)
        .and_then(|()| file.seek(SeekFrom::Start(0)))
        .and_then(|_| file.write_all(holder_line(what).as_bytes()))
        .and_then(|()| file.flush());
    Ok(ProjectLock { file, path })
}

impl ProjectLock {
    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for ProjectLock {
    fn drop(&mut self) {
        // The holder line goes first, so a later reader does not quote a
        // writer that has finished; the OS would release the lock anyway.
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_naming_the_first_and_may_go_once_it_is_done() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("p.ron");
        let first = acquire(&p, "import", WAIT).expect("first");
        let err = acquire(&p, "set", Duration::from_millis(100)).expect_err("held");
        let msg = err.to_string();
        assert!(
            msg.contains("p.ron: being changed by ParkAudit (import), process")
                && msg.contains(&std::process::id().to_string()),
            "{msg}"
        );
        assert!(err.zh().contains("正由ParkAudit (import)"));
        drop(first);
        let again = acquire(&p, "set", Duration::from_millis(100)).expect("free again");
        assert!(again.path().ends_with("p.ron.lock"));
    }
}
