//! The open project with its undo history. Edits go through [`Document::edit`],
//! which snapshots for undo and appends to the project's audit trail.
//!
//! Undo snapshots leave the activity records out (a million of them would make
//! every snapshot hundreds of megabytes): edits in the app never change an
//! existing record, imports only append, so a snapshot keeps the record counts
//! and undo truncates; redo keeps the truncated tail.

use crate::audit::trail;
use crate::model::{ActivityRecord, Project};
use std::path::PathBuf;
use std::sync::Arc;

/// How many edits can be undone.
pub const UNDO_DEPTH: usize = 200;

/// The project without its records, and how many there were.
#[derive(Debug, Clone)]
struct Snapshot {
    rest: Project,
    activity_len: usize,
    base_len: usize,
}

/// What undo took away, to put back on redo.
#[derive(Debug, Clone)]
struct Redo {
    rest: Project,
    activity_tail: Vec<ActivityRecord>,
    base_tail: Vec<ActivityRecord>,
}

/// A clone of everything but the activity records.
fn light_clone(p: &Project) -> Project {
    Project {
        format_version: p.format_version,
        park: p.park.clone(),
        engagement: p.engagement.clone(),
        consolidation: p.consolidation,
        operational_boundary: p.operational_boundary.clone(),
        methodology: p.methodology.clone(),
        entities: p.entities.clone(),
        factors: p.factors.clone(),
        activity: Vec::new(),
        base_year_activity: Vec::new(),
        gwp_snapshot: p.gwp_snapshot.clone(),
        imports: p.imports.clone(),
        trail: p.trail.clone(),
        trail_head: p.trail_head.clone(),
        instruments: p.instruments.clone(),
        verification: p.verification.clone(),
    }
}

impl Snapshot {
    fn of(p: &Project) -> Snapshot {
        Snapshot {
            rest: light_clone(p),
            activity_len: p.activity.len(),
            base_len: p.base_year_activity.len(),
        }
    }
}

/// The open project.
pub struct Document {
    /// Shared with background jobs (compute, save, export) without copying.
    project: Arc<Project>,
    /// Where it is saved; `None` for a new project or a bundled sample.
    pub path: Option<PathBuf>,
    /// Bumped on every change; the derived inventory is cached against it.
    pub revision: u64,
    pub saved_revision: u64,
    undo: Vec<Snapshot>,
    redo: Vec<Redo>,
    /// The field the last edit changed: typing into one field is one undo step
    /// and one trail entry.
    last_key: Option<String>,
    /// Trail length after the last coalescible edit.
    coalesce_trail_len: usize,
    /// Who edits, for the trail.
    pub who: String,
}

impl Document {
    pub fn new(project: Project, path: Option<PathBuf>) -> Document {
        Document {
            project: Arc::new(project),
            path,
            revision: 1,
            saved_revision: 1,
            undo: Vec::new(),
            redo: Vec::new(),
            last_key: None,
            coalesce_trail_len: 0,
            who: crate::io::user_name(),
        }
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    /// A cheap handle for a background job.
    pub fn shared(&self) -> Arc<Project> {
        Arc::clone(&self.project)
    }

    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Ends the current typing run: the next edit is a new undo step.
    pub fn end_coalescing(&mut self) {
        self.last_key = None;
    }

    /// Records `before` as the state undo returns to; a new edit ends redo.
    fn push_undo(&mut self, before: Snapshot) {
        self.undo.push(before);
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Changes the project: `key` names the field (consecutive edits of one
    /// field coalesce), `action` is the trail's action, and `f` makes the change
    /// and returns the trail's detail, or returns `None` without changing
    /// anything to refuse (then nothing is recorded).
    pub fn edit(
        &mut self,
        key: &str,
        action: &str,
        f: impl FnOnce(&mut Project) -> Option<String>,
    ) -> bool {
        let coalesce = self.last_key.as_deref() == Some(key)
            && self.project.trail.len() == self.coalesce_trail_len;
        let before = (!coalesce).then(|| Snapshot::of(&self.project));
        let p = Arc::make_mut(&mut self.project);
        let trail_before = (p.trail.clone(), p.trail_head.clone());
        if coalesce {
            // Replace the run's trail entry rather than adding one per keystroke.
            p.trail.pop();
            p.trail_head = trail::head(p);
        }
        let Some(detail) = f(p) else {
            (p.trail, p.trail_head) = trail_before;
            return false;
        };
        trail::append(
            p,
            &crate::io::time::now_rfc3339_utc(),
            &self.who,
            action,
            detail,
        );
        match before {
            Some(s) => self.push_undo(s),
            None => self.redo.clear(),
        }
        self.coalesce_trail_len = self.project.trail.len();
        self.last_key = Some(key.to_string());
        self.revision += 1;
        true
    }

    /// Runs a library function that changes the project and records itself in
    /// the trail (a sign-off); on error the project is left as it was.
    pub fn run(
        &mut self,
        f: impl FnOnce(&mut Project) -> Result<(), String>,
    ) -> Result<(), String> {
        let before = Snapshot::of(&self.project);
        let p = Arc::make_mut(&mut self.project);
        match f(p) {
            Ok(()) => {
                self.push_undo(before);
                self.last_key = None;
                self.revision += 1;
                Ok(())
            }
            Err(e) => {
                let activity = std::mem::take(&mut p.activity);
                let base = std::mem::take(&mut p.base_year_activity);
                *p = before.rest;
                p.activity = activity;
                p.base_year_activity = base;
                Err(e)
            }
        }
    }

    /// Replaces the project with one a library function produced (an import,
    /// a factor update), which has already recorded itself in the trail.
    pub fn replace(&mut self, project: Project) {
        debug_assert!(project.activity.len() >= self.project.activity.len());
        self.push_undo(Snapshot::of(&self.project));
        self.project = Arc::new(project);
        self.last_key = None;
        self.revision += 1;
    }

    pub fn undo(&mut self) -> bool {
        let Some(s) = self.undo.pop() else {
            return false;
        };
        let p = Arc::make_mut(&mut self.project);
        let activity_tail = p.activity.split_off(s.activity_len.min(p.activity.len()));
        let base_tail = p
            .base_year_activity
            .split_off(s.base_len.min(p.base_year_activity.len()));
        let mut current = std::mem::replace(p, s.rest);
        p.activity = std::mem::take(&mut current.activity);
        p.base_year_activity = std::mem::take(&mut current.base_year_activity);
        self.redo.push(Redo {
            rest: current,
            activity_tail,
            base_tail,
        });
        self.last_key = None;
        self.revision += 1;
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(r) = self.redo.pop() else {
            return false;
        };
        self.undo.push(Snapshot::of(&self.project));
        let p = Arc::make_mut(&mut self.project);
        let mut activity = std::mem::take(&mut p.activity);
        let mut base = std::mem::take(&mut p.base_year_activity);
        activity.extend(r.activity_tail);
        base.extend(r.base_tail);
        *p = r.rest;
        p.activity = activity;
        p.base_year_activity = base;
        self.last_key = None;
        self.revision += 1;
        true
    }

    /// Marks the revision a save wrote.
    pub fn mark_saved(&mut self, revision: u64, path: PathBuf) {
        self.saved_revision = revision;
        self.path = Some(path);
    }

    /// The title shown in the window and status bar.
    pub fn display_name(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => format!("{} (not saved)", self.project.park.name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        let mut p = Project::new("Test park", 2024);
        p.engagement.client = "A".into();
        Document::new(p, None)
    }

    #[test]
    fn typing_into_one_field_is_one_undo_step_and_one_trail_entry() {
        let mut d = doc();
        for s in ["B", "Bo", "Bob"] {
            assert!(d.edit("client", "engagement", |p| {
                p.engagement.client = s.into();
                Some(format!("client {s}"))
            }));
        }
        assert_eq!(d.project().trail.len(), 1);
        assert_eq!(d.project().trail[0].detail, "client Bob");
        assert!(crate::audit::trail::verify(d.project()).is_ok());
        assert!(d.undo());
        assert_eq!(d.project().engagement.client, "A");
        assert!(d.project().trail.is_empty());
        assert!(d.redo());
        assert_eq!(d.project().engagement.client, "Bob");
        assert!(!d.can_redo());
    }

    #[test]
    fn undo_restores_records_and_redo_puts_them_back() {
        let mut d = doc();
        let mut q = d.project().clone();
        let sample = crate::io::from_ron_str(super::super::SAMPLES[0].2, "sample".as_ref())
            .expect("the sample parses");
        q.activity = sample.activity[..3].to_vec();
        d.replace(q);
        assert_eq!(d.project().activity.len(), 3);
        d.undo();
        assert_eq!(d.project().activity.len(), 0);
        d.redo();
        assert_eq!(d.project().activity.len(), 3);
        assert_eq!(d.project().activity[2].id, sample.activity[2].id);
    }

    #[test]
    fn a_refused_edit_changes_nothing() {
        let mut d = doc();
        assert!(!d.edit("client", "engagement", |_| None));
        assert!(!d.is_dirty());
        assert!(d.project().trail.is_empty());
    }
}
