//! Background work in named threads. Whoever starts a job keeps its
//! [`Pending`] result (a panel owns its own); the shared [`Jobs`] registry only
//! knows what runs, for the status bar, progress and Cancel. A job that panics,
//! or whose thread cannot be started, comes back as an error to show — never
//! silently lost.

use crate::io::Progress;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Instant;

/// Records from which a list (or an analysis of them) is freed by
/// [`drop_aside`]; below, freeing takes well under a millisecond.
pub(crate) const DROP_ASIDE_FROM: usize = 10_000;

/// Frees `x` on a short-lived thread, not the UI's (freeing a million
/// records takes a tenth of a second). Where no thread can be started it is
/// freed here.
pub(crate) fn drop_aside<T: Send + 'static>(x: T) {
    // A thread that cannot start drops its closure, and `x` with it, here.
    let _ = std::thread::Builder::new()
        .name("drop-records".into())
        .spawn(move || drop(x));
}

/// A running job, as the status bar shows it.
pub struct JobInfo {
    /// The thread's name (`parkaudit-import` …).
    pub name: String,
    /// What the user sees ("Importing jinghai.xlsx").
    pub label: String,
    pub progress: Arc<Progress>,
    pub started: Instant,
    pub cancellable: bool,
    finished: Arc<AtomicBool>,
}

/// The jobs in flight.
#[derive(Default)]
pub struct Jobs {
    pub running: Vec<JobInfo>,
}

/// The result of a job, once it ends: what it returned, or why there is nothing.
pub struct Pending<T> {
    /// The job's thread name.
    pub name: String,
    rx: Option<Receiver<Result<T, String>>>,
    /// Set when the job could not start: handed out by the first poll.
    failed: Option<String>,
}

impl<T> Pending<T> {
    /// The job's outcome when it has ended (once); `Err` when it panicked or
    /// could not start.
    pub fn poll(&mut self) -> Option<Result<T, String>> {
        if let Some(e) = self.failed.take() {
            return Some(Err(e));
        }
        let rx = self.rx.as_ref()?;
        match rx.try_recv() {
            Ok(out) => {
                self.rx = None;
                Some(out)
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.rx = None;
                Some(Err(format!("{} ended without a result", self.name)))
            }
        }
    }
}

/// Polls an optional pending job: its outcome when it ended, clearing the slot.
pub fn take<T>(slot: &mut Option<Pending<T>>) -> Option<Result<T, String>> {
    let out = slot.as_mut()?.poll()?;
    *slot = None;
    Some(out)
}

/// The text of a panic payload.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".into())
}

impl Jobs {
    /// Runs `work` on a thread named `parkaudit-{name}`; `ctx` is woken when it ends.
    pub fn spawn<T: Send + 'static>(
        &mut self,
        ctx: &egui::Context,
        name: &str,
        label: String,
        cancellable: bool,
        work: impl FnOnce(Arc<Progress>) -> T + Send + 'static,
    ) -> Pending<T> {
        let (tx, rx) = channel();
        let progress = Arc::new(Progress::default());
        let finished = Arc::new(AtomicBool::new(false));
        let (p, done) = (Arc::clone(&progress), Arc::clone(&finished));
        let ctx = ctx.clone();
        let thread_name = format!("parkaudit-{name}");
        let shown = label.clone();
        let spawned = std::thread::Builder::new()
            .name(thread_name.clone())
            .spawn(move || {
                let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(p)))
                    .map_err(|payload| {
                        format!(
                            "{shown}: the work stopped on an internal error ({}). Nothing was changed; please report it.",
                            panic_text(payload.as_ref())
                        )
                    });
                let _ = tx.send(out);
                done.store(true, Ordering::Release);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.running.push(JobInfo {
                    name: thread_name.clone(),
                    label,
                    progress,
                    started: Instant::now(),
                    cancellable,
                    finished,
                });
                Pending {
                    name: thread_name,
                    rx: Some(rx),
                    failed: None,
                }
            }
            Err(e) => Pending {
                failed: Some(format!("{label}: cannot start a thread ({e})")),
                name: thread_name,
                rx: None,
            },
        }
    }

    /// Forgets the jobs that ended (their results wait in their `Pending`).
    pub fn prune(&mut self) {
        self.running.retain(|j| !j.finished.load(Ordering::Acquire));
    }

    pub fn is_busy(&self) -> bool {
        self.running
            .iter()
            .any(|j| !j.finished.load(Ordering::Acquire))
    }

    /// Whether a job with this thread name suffix is running.
    pub fn is_running(&self, name: &str) -> bool {
        let full = format!("parkaudit-{name}");
        self.running
            .iter()
            .any(|j| j.name == full && !j.finished.load(Ordering::Acquire))
    }

    pub fn cancel_all(&self) {
        for j in &self.running {
            if j.cancellable {
                j.progress.cancel();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait<T>(mut p: Pending<T>) -> Result<T, String> {
        let start = Instant::now();
        loop {
            if let Some(o) = p.poll() {
                return o;
            }
            assert!(start.elapsed().as_secs() < 10, "the job never finished");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    #[test]
    fn a_job_runs_on_a_named_thread_and_reports() {
        let ctx = egui::Context::default();
        let mut jobs = Jobs::default();
        let p = jobs.spawn(&ctx, "test", "testing".into(), true, |p| {
            p.add(1);
            std::thread::current().name().unwrap_or("").to_string()
        });
        assert!(jobs.is_running("test") || !jobs.is_busy());
        assert_eq!(wait(p), Ok("parkaudit-test".to_string()));
        jobs.prune();
        assert!(!jobs.is_busy());
        assert!(jobs.running.is_empty());
    }

    #[test]
    fn a_panicking_job_is_an_error_not_a_silence() {
        let ctx = egui::Context::default();
        let mut jobs = Jobs::default();
        let p: Pending<u32> = jobs.spawn(&ctx, "boom", "Computing".into(), false, |_| {
            panic!("index out of bounds")
        });
        let e = wait(p).expect_err("the panic is reported");
        assert!(
            e.starts_with("Computing: the work stopped on an internal error (index out of bounds)"),
            "{e}"
        );
        jobs.prune();
        assert!(!jobs.is_busy());
    }
}
