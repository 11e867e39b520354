//! The open project with its undo history. Every change goes through
//! [`Document::apply`], which hands the [`Edit`] to the edit layer
//! (`edit::apply_in`: validated, made, recorded once in the trail) and keeps
//! the state before it for undo.
//!
//! Undo snapshots leave the activity records out (a snapshot holding the list
//! would keep every imported list alive beside the next): no edit changes an
//! existing record, imports only append, so a snapshot keeps the record counts
//! and undo cuts the list back to them. The records are shared
//! (`model::Records`): cutting back is a shorter view of the same list, and
//! redo returns to the project undo left, so neither copies a record — nor
//! does an edit while a background job holds the project.

use crate::calc::Inventory;
use crate::edit::{self, Applied, Edit, EditError};
use crate::model::{Actor, Project};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// How many edits can be undone.
pub const UNDO_DEPTH: usize = 200;

/// The project without its records, and how many there were.
#[derive(Debug, Clone)]
struct Snapshot {
    rest: Project,
    activity_len: usize,
    base_len: usize,
    /// What the edit after this state did (for "Undo …").
    label: String,
}

/// The project as undo found it, to return to on redo.
#[derive(Debug, Clone)]
struct Redo {
    /// Shared, as the document holds it: undo and redo copy nothing.
    project: Arc<Project>,
    label: String,
}

impl Snapshot {
    fn of(p: &Project, label: String) -> Snapshot {
        Snapshot {
            rest: p.without_records(),
            activity_len: p.activity.len(),
            base_len: p.base_year_activity.len(),
            label,
        }
    }

    /// Puts this state back into `p`, keeping `p`'s records up to the counts.
    fn restore_into(&self, p: &mut Project) {
        let mut activity = std::mem::take(&mut p.activity);
        let mut base = std::mem::take(&mut p.base_year_activity);
        activity.truncate(self.activity_len);
        base.truncate(self.base_len);
        *p = self.rest.clone();
        p.activity = activity;
        p.base_year_activity = base;
    }
}

/// Documents are numbered so that a background result for one is never
/// applied to another opened later.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// The open project.
pub struct Document {
    /// Unique for every document opened in this run.
    pub id: u64,
    /// Shared with background jobs (compute, save, export) without copying.
    project: Arc<Project>,
    /// Where it is saved; `None` for a new project or a bundled sample.
    pub path: Option<PathBuf>,
    /// Bumped on every change; the derived analysis is cached against it.
    pub revision: u64,
    pub saved_revision: u64,
    undo: Vec<Snapshot>,
    redo: Vec<Redo>,
    /// The coalescing key of the last edit: typing into one field is one undo
    /// step and one trail entry (`Edit::coalesce_key`).
    last_key: Option<String>,
    /// Trail length after the last coalescible edit.
    coalesce_trail_len: usize,
    /// Who made it: another person's typing is never merged into it.
    coalesce_actor: Option<Actor>,
    /// The write lock on `path` while this document is open (runtime only).
    pub lock: Option<crate::io::lock::ProjectLock>,
    /// Why the file at `path` must not be saved over: another writer held
    /// it when it was opened (the document can still be saved elsewhere).
    pub read_only: Option<String>,
}

impl Document {
    pub fn new(project: Project, path: Option<PathBuf>) -> Document {
        Document {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            project: Arc::new(project),
            path,
            revision: 1,
            saved_revision: 1,
            undo: Vec::new(),
            redo: Vec::new(),
            last_key: None,
            coalesce_trail_len: 0,
            coalesce_actor: None,
            lock: None,
            read_only: None,
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

    /// What undo would take back, e.g. `Lead auditor: "" → "Li Ming"`.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|r| r.label.as_str())
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

    /// Applies `edit` as `actor` (see `edit::apply_in`; `inventory` is the
    /// project's current one when the caller has it). Consecutive edits with
    /// the same coalescing key replace each other: one trail entry, one undo
    /// step, as if only the last had been made. On an error nothing changed.
    pub fn apply(
        &mut self,
        edit: Edit,
        actor: &Actor,
        inventory: Option<&Inventory>,
    ) -> Result<Applied, EditError> {
        let key = edit.coalesce_key();
        let coalesce = key.is_some()
            && self.last_key == key
            && self.coalesce_actor.as_ref() == Some(actor)
            && self.project.trail.len() == self.coalesce_trail_len
            && !self.undo.is_empty();
        let current = Snapshot::of(&self.project, String::new());
        let p = Arc::make_mut(&mut self.project);
        if coalesce && let Some(start) = self.undo.last() {
            // The state before the run of typing: the edit replaces the run.
            start.restore_into(p);
        }
        let cx = edit::Context {
            actor,
            at: crate::io::time::now_rfc3339_utc(),
            inventory: if coalesce { None } else { inventory },
        };
        match edit::apply_in(p, edit, &cx) {
            Ok(applied) => {
                if coalesce {
                    if let Some(s) = self.undo.last_mut() {
                        s.label = applied.detail.clone();
                    }
                    self.redo.clear();
                } else {
                    let mut before = current;
                    before.label = applied.detail.clone();
                    self.push_undo(before);
                }
                self.coalesce_trail_len = self.project.trail.len();
                self.last_key = key;
                self.coalesce_actor = Some(actor.clone());
                self.revision += 1;
                Ok(applied)
            }
            Err(e) => {
                current.restore_into(p);
                if coalesce && matches!(e, EditError::Unchanged { .. }) {
                    // Typed back to the value before the run: the run is undone.
                    self.undo();
                    self.redo.clear();
                }
                Err(e)
            }
        }
    }

    /// Replaces the project with one the edit layer changed on a copy (on a
    /// thread, for a large project), when nothing changed meanwhile.
    pub fn replace_applied(&mut self, project: Project, label: String) {
        debug_assert!(project.activity.len() >= self.project.activity.len());
        self.push_undo(Snapshot::of(&self.project, label));
        let before = std::mem::replace(&mut self.project, Arc::new(project));
        if before.activity.held() + before.base_year_activity.held() >= super::jobs::DROP_ASIDE_FROM
        {
            // An import made a new list: freeing the old one's million
            // records would take a frame's time many times over.
            super::jobs::drop_aside(before);
        }
        self.last_key = None;
        self.revision += 1;
    }

    pub fn undo(&mut self) -> bool {
        let Some(s) = self.undo.pop() else {
            return false;
        };
        let mut back = s.rest;
        back.activity = self.project.activity.clone();
        back.base_year_activity = self.project.base_year_activity.clone();
        back.activity.truncate(s.activity_len);
        back.base_year_activity.truncate(s.base_len);
        let current = std::mem::replace(&mut self.project, Arc::new(back));
        self.redo.push(Redo {
            project: current,
            label: s.label,
        });
        self.last_key = None;
        self.revision += 1;
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(r) = self.redo.pop() else {
            return false;
        };
        self.undo.push(Snapshot::of(&self.project, r.label));
        // Nothing changed since the undo (an edit ends redo): its project,
        // records and all, is the state to return to.
        self.project = r.project;
        self.last_key = None;
        self.revision += 1;
        true
    }

    /// Marks the revision a save wrote. What is saved is never merged into
    /// later typing.
    pub fn mark_saved(&mut self, revision: u64, path: PathBuf) {
        self.saved_revision = revision;
        self.path = Some(path);
        self.end_coalescing();
    }

    /// The title shown in the window and status bar; `unsaved` is the
    /// translated "(not saved)"; `zh` picks the park's Chinese name where it has one.
    pub fn display_name(&self, unsaved: &str, zh: bool) -> String {
        let park = &self.project.park;
        match &self.path {
            Some(p) => p.display().to_string(),
            None if zh && !park.name_zh.is_empty() => format!("{} {unsaved}", park.name_zh),
            None => format!("{} {unsaved}", park.name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{EngagementField, ParkField};

    fn doc() -> Document {
        let mut p = Project::new("Test park", 2024);
        p.engagement.client = "A".into();
        Document::new(p, None)
    }

    fn actor() -> Actor {
        Actor::new("Li Ming", "Example Verification Co.", "Lead verifier")
    }

    fn client(s: &str) -> Edit {
        Edit::Engagement(EngagementField::Client(s.into()))
    }

    #[test]
    fn typing_into_one_field_is_one_undo_step_and_one_trail_entry() {
        let mut d = doc();
        for s in ["B", "Bo", "Bob"] {
            d.apply(client(s), &actor(), None).expect("applies");
        }
        let p = d.project();
        assert_eq!(p.trail.len(), 1);
        assert_eq!(p.trail[0].detail, "Client: \"A\" → \"Bob\"");
        assert_eq!(p.trail[0].field("from"), Some("A"));
        assert_eq!(p.trail[0].who, "Li Ming");
        assert_eq!(p.trail[0].organisation, "Example Verification Co.");
        assert!(crate::audit::trail::verify(p).is_ok());
        assert_eq!(d.undo_label(), Some("Client: \"A\" → \"Bob\""));
        assert!(d.undo());
        assert_eq!(d.project().engagement.client, "A");
        assert!(d.project().trail.is_empty());
        assert!(d.redo());
        assert_eq!(d.project().engagement.client, "Bob");
        assert!(!d.can_redo());
    }

    #[test]
    fn a_refused_edit_changes_nothing_and_typing_back_undoes_the_run() {
        let mut d = doc();
        let e = d
            .apply(Edit::Park(ParkField::ReportingYear(1800)), &actor(), None)
            .expect_err("refused");
        assert!(e.to_string().contains("1990"), "{e}");
        assert!(!d.is_dirty());
        assert!(d.project().trail.is_empty());
        d.apply(client("AB"), &actor(), None).expect("applies");
        let e = d
            .apply(client("A"), &actor(), None)
            .expect_err("back to the start");
        assert!(matches!(e, EditError::Unchanged { .. }));
        assert_eq!(d.project().engagement.client, "A");
        assert!(d.project().trail.is_empty());
        assert!(!d.can_undo());
    }

    #[test]
    fn another_persons_typing_or_a_save_ends_the_run() {
        let mut d = doc();
        d.apply(client("AB"), &actor(), None).expect("applies");
        let wang = Actor::new("Wang Fang", "Example Verification Co.", "Reviewer");
        d.apply(client("ABC"), &wang, None).expect("applies");
        let p = d.project();
        assert_eq!(p.trail.len(), 2, "Li's change stays in the trail");
        assert_eq!(
            (p.trail[0].who.as_str(), p.trail[1].who.as_str()),
            ("Li Ming", "Wang Fang")
        );
        d.mark_saved(d.revision, "p.ron".into());
        d.apply(client("ABCD"), &wang, None).expect("applies");
        assert_eq!(
            d.project().trail.len(),
            3,
            "the saved entry is not replaced"
        );
    }

    #[test]
    fn undo_restores_records_and_redo_puts_them_back() {
        let mut d = doc();
        let mut q = d.project().clone();
        let sample = crate::io::from_ron_str(super::super::SAMPLES[0].2, "sample".as_ref())
            .expect("the sample parses");
        q.activity = sample.activity[..3].to_vec().into();
        d.replace_applied(q, "import".into());
        assert_eq!(d.project().activity.len(), 3);
        d.undo();
        assert_eq!(d.project().activity.len(), 0);
        d.redo();
        assert_eq!(d.project().activity.len(), 3);
        assert_eq!(d.project().activity[2].id, sample.activity[2].id);
    }

    /// Issue 19: an edit, an undo or a redo while a background job holds
    /// the project shares the records with the job's copy instead of
    /// copying them (the copy of a million took a third of a second on the
    /// UI thread); undoing an import the job still reads copies nothing
    /// either, and the job's copy keeps every record.
    #[test]
    fn edits_while_a_job_holds_the_project_share_its_records() {
        let sample = crate::io::from_ron_str(super::super::SAMPLES[0].2, "sample".as_ref())
            .expect("the sample parses");
        let mut d = Document::new(sample, None);
        let n = d.project().activity.len();
        assert!(n > 10, "the sample has records");
        let job = d.shared();
        d.apply(client("B"), &actor(), None).expect("applies");
        assert!(d.project().activity.shares_with(&job.activity));
        assert!(d.undo());
        assert!(d.redo());
        assert!(d.project().activity.shares_with(&job.activity));

        let mut imported = d.project().clone();
        imported.activity.extend(imported.activity[..3].to_vec());
        d.replace_applied(imported, "import".into());
        let job = d.shared();
        assert!(d.undo(), "undo the import");
        assert_eq!(d.project().activity.len(), n);
        assert!(
            d.project().activity.shares_with(&job.activity),
            "cut short, not copied"
        );
        assert_eq!(job.activity.len(), n + 3, "the job still reads all");
        assert!(d.redo());
        assert_eq!(d.project().activity.len(), n + 3);
        assert!(
            d.project().activity.shares_with(&job.activity),
            "redo copies nothing either"
        );
        assert_eq!(d.project().activity[n].id, job.activity[n].id);
        assert_eq!(job.activity.len(), n + 3);
        drop(job);
        assert!(d.undo());
        d.apply(client("C"), &actor(), None).expect("applies");
        assert_eq!(d.project().activity.len(), n, "an edit after the undo");
        assert!(!d.can_redo());
    }
}
