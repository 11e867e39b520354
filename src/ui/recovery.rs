//! Autosave and crash recovery: unsaved work is written to the recovery file
//! every [`settings::AUTOSAVE_SECS`] on a thread, removed on a clean exit, and
//! offered on the start screen when found at start-up.

use super::app::App;
use super::settings::{self, RecoveryMeta};
use crate::model::Project;
use std::path::Path;
use std::time::Instant;

impl App {
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        let Some(path) = self.recovery_path.clone() else {
            return;
        };
        let Some(doc) = &self.doc else { return };
        if !doc.is_dirty()
            || doc.revision == self.autosaved_revision
            || self.last_autosave.elapsed() < self.autosave_every
            || self.tasks.autosave.is_some()
        {
            return;
        }
        self.last_autosave = Instant::now();
        self.autosaved_revision = doc.revision;
        let project = doc.shared();
        let meta = RecoveryMeta {
            original: doc.path.clone(),
            saved_at: crate::io::time::now_rfc3339_utc(),
            park: project.park.name.clone(),
        };
        self.tasks.autosave = Some(self.jobs.spawn(
            ctx,
            "autosave",
            self.t("Autosaving").to_string(),
            false,
            move |_| write_recovery(&path, &project, &meta),
        ));
    }

    /// Removes the recovery file (after a save, or on a clean exit).
    pub fn clear_recovery(&mut self) {
        if let Some(p) = &self.recovery_path {
            let _ = std::fs::remove_file(p);
            let _ = std::fs::remove_file(settings::recovery_meta_path(p));
        }
    }
}

pub(super) fn read_recovery_meta(path: &Path) -> Option<RecoveryMeta> {
    if !path.exists() {
        return None;
    }
    let text = std::fs::read_to_string(settings::recovery_meta_path(path)).ok()?;
    serde_json::from_str(&text).ok()
}

fn write_recovery(path: &Path, project: &Project, meta: &RecoveryMeta) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let text = crate::io::to_ron_string(project).map_err(|e| e.to_string())?;
    crate::io::write_atomic(path, text.as_bytes(), false)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let meta_text = serde_json::to_string_pretty(meta).map_err(|e| e.to_string())?;
    let meta_path = settings::recovery_meta_path(path);
    crate::io::write_atomic(&meta_path, meta_text.as_bytes(), false)
        .map_err(|e| format!("{}: {e}", meta_path.display()))
}
