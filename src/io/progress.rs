//! Progress and cancellation shared between a long job (import, export) and
//! whoever watches it (the desktop UI's status bar). Plain atomics: the job
//! never waits for the watcher.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Counts work done, names the current phase, and carries a cancel request.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicU64,
    total: AtomicU64,
    cancelled: AtomicBool,
    phase: Mutex<String>,
}

impl Progress {
    /// Adds `n` units of work done (rows read, cells written).
    pub fn add(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// The expected amount of work, 0 when unknown.
    pub fn set_total(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
    }

    pub fn total(&self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }

    /// Done as a fraction of the total, when the total is known.
    pub fn fraction(&self) -> Option<f32> {
        let total = self.total();
        (total > 0).then(|| (self.done() as f64 / total as f64).min(1.0) as f32)
    }

    /// Starts a new phase (e.g. "writing", "signing") and resets the counts.
    pub fn phase(&self, name: &str) {
        if let Ok(mut p) = self.phase.lock() {
            *p = name.to_string();
        }
        self.done.store(0, Ordering::Relaxed);
        self.total.store(0, Ordering::Relaxed);
    }

    pub fn phase_name(&self) -> String {
        self.phase.lock().map(|p| p.clone()).unwrap_or_default()
    }

    /// Asks the job to stop at its next check.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_phases_and_cancel() {
        let p = Progress::default();
        assert_eq!(p.fraction(), None);
        p.set_total(4);
        p.add(1);
        assert_eq!(p.fraction(), Some(0.25));
        p.phase("signing");
        assert_eq!(
            (p.done(), p.total(), p.phase_name().as_str()),
            (0, 0, "signing")
        );
        assert!(!p.is_cancelled());
        p.cancel();
        assert!(p.is_cancelled());
    }
}
