//! Background work in named threads. A job reports progress through
//! [`Progress`] and its result through a channel; the UI polls every frame
//! and asks for a repaint while anything runs, so it never waits.

use crate::io::Progress;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Instant;

/// A running job.
pub struct Job<T> {
    /// The thread's name (`parkaudit-import` …), also shown in the status bar.
    pub name: String,
    /// What the user sees ("Importing jinghai.xlsx").
    pub label: String,
    pub progress: Arc<Progress>,
    pub started: Instant,
    pub cancellable: bool,
    rx: Receiver<T>,
}

/// The jobs in flight, of one output type.
pub struct Jobs<T> {
    pub running: Vec<Job<T>>,
}

impl<T> Default for Jobs<T> {
    fn default() -> Self {
        Jobs {
            running: Vec::new(),
        }
    }
}

impl<T: Send + 'static> Jobs<T> {
    /// Runs `work` on a thread named `parkaudit-{name}`; `ctx` is woken when it ends.
    pub fn spawn(
        &mut self,
        ctx: &egui::Context,
        name: &str,
        label: String,
        cancellable: bool,
        work: impl FnOnce(Arc<Progress>) -> T + Send + 'static,
    ) {
        let (tx, rx) = channel();
        let progress = Arc::new(Progress::default());
        let p = Arc::clone(&progress);
        let ctx = ctx.clone();
        let thread_name = format!("parkaudit-{name}");
        let spawned = std::thread::Builder::new()
            .name(thread_name.clone())
            .spawn(move || {
                let out = work(p);
                let _ = tx.send(out);
                ctx.request_repaint();
            });
        if let Err(e) = spawned {
            // No thread: the job simply never reports; say why in its label.
            log_spawn_failure(&thread_name, &e);
            return;
        }
        self.running.push(Job {
            name: thread_name,
            label,
            progress,
            started: Instant::now(),
            cancellable,
            rx,
        });
    }

    /// Results of the jobs that finished since the last poll.
    pub fn poll(&mut self) -> Vec<T> {
        let mut done = Vec::new();
        self.running.retain(|job| match job.rx.try_recv() {
            Ok(out) => {
                done.push(out);
                false
            }
            Err(TryRecvError::Empty) => true,
            Err(TryRecvError::Disconnected) => false,
        });
        done
    }

    pub fn is_busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// Whether a job with this thread name suffix is running.
    pub fn is_running(&self, name: &str) -> bool {
        let full = format!("parkaudit-{name}");
        self.running.iter().any(|j| j.name == full)
    }

    pub fn cancel_all(&self) {
        for j in &self.running {
            if j.cancellable {
                j.progress.cancel();
            }
        }
    }
}

fn log_spawn_failure(name: &str, e: &std::io::Error) {
    eprintln!("parkaudit: cannot start thread {name}: {e}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_runs_on_a_named_thread_and_reports() {
        let ctx = egui::Context::default();
        let mut jobs: Jobs<String> = Jobs::default();
        jobs.spawn(&ctx, "test", "testing".into(), true, |p| {
            p.add(1);
            std::thread::current().name().unwrap_or("").to_string()
        });
        assert!(jobs.is_running("test"));
        let start = Instant::now();
        let out = loop {
            let mut done = jobs.poll();
            if let Some(o) = done.pop() {
                break o;
            }
            assert!(start.elapsed().as_secs() < 10, "the job never finished");
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        assert_eq!(out, "parkaudit-test");
        assert!(!jobs.is_busy());
    }
}
