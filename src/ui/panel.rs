//! What a panel sees: the open document (read-only), the cached analysis,
//! the language, who acts, and an outbox of edits and commands that the app
//! applies in one place after the frame. Panels never see `App`.

use super::command::AppCommand;
use super::derived::DerivedCache;
use super::document::Document;
use super::i18n::{Lang, tr};
use super::jobs::{Jobs, Pending};
use super::settings::Settings;
use crate::audit::Analysis;
use crate::edit::{Applied, Edit};
use crate::io::Progress;
use crate::model::{Actor, Project};
use std::sync::Arc;

/// The outcome of a tagged edit, handed to the panels in the frame after it
/// was applied (a form clears itself only when its edit was taken).
#[derive(Debug, Clone)]
pub struct EditOutcome {
    pub tag: &'static str,
    /// The change, or why it was refused (in the user's language).
    pub result: Result<Applied, String>,
}

/// A panel's narrow view of the app.
pub struct PanelCx<'a> {
    doc: &'a Document,
    derived: &'a DerivedCache,
    lang: Lang,
    actor: &'a Actor,
    settings: &'a Settings,
    jobs: &'a mut Jobs,
    ctx: egui::Context,
    out: &'a mut Vec<AppCommand>,
    outcomes: &'a [EditOutcome],
}

impl<'a> PanelCx<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        doc: &'a Document,
        derived: &'a DerivedCache,
        lang: Lang,
        actor: &'a Actor,
        settings: &'a Settings,
        jobs: &'a mut Jobs,
        ctx: egui::Context,
        out: &'a mut Vec<AppCommand>,
        outcomes: &'a [EditOutcome],
    ) -> PanelCx<'a> {
        PanelCx {
            doc,
            derived,
            lang,
            actor,
            settings,
            jobs,
            ctx,
            out,
            outcomes,
        }
    }

    pub fn doc(&self) -> &'a Document {
        self.doc
    }

    pub fn project(&self) -> &'a Project {
        self.doc.project()
    }

    pub fn derived(&self) -> &'a DerivedCache {
        self.derived
    }

    /// The cached analysis (of this or, while recomputing, an earlier revision).
    pub fn analysis(&self) -> Option<&'a Arc<Analysis>> {
        self.derived.analysis.as_ref()
    }

    /// The analysis only when it is of the project as it is now.
    pub fn current_analysis(&self) -> Option<&'a Arc<Analysis>> {
        self.derived.current(self.doc.id, self.doc.revision)
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// `en` in the current language.
    pub fn t(&self, en: &'static str) -> &'static str {
        tr(self.lang, en)
    }

    /// Who acts (the auditor's profile).
    pub fn actor(&self) -> &'a Actor {
        self.actor
    }

    pub fn settings(&self) -> &'a Settings {
        self.settings
    }

    pub fn ctx(&self) -> &egui::Context {
        &self.ctx
    }

    /// Asks for `edit` to be applied after this frame.
    pub fn edit(&mut self, edit: Edit) {
        self.out.push(AppCommand::Edit {
            edit: Box::new(edit),
            tag: None,
        });
    }

    /// Like [`Self::edit`]; its outcome comes back under `tag` ([`Self::outcome`]).
    pub fn edit_tagged(&mut self, edit: Edit, tag: &'static str) {
        self.out.push(AppCommand::Edit {
            edit: Box::new(edit),
            tag: Some(tag),
        });
    }

    /// The outcome of the edit sent under `tag`, in the frame after it was applied.
    pub fn outcome(&self, tag: &str) -> Option<&'a Result<Applied, String>> {
        self.outcomes
            .iter()
            .rev()
            .find(|o| o.tag == tag)
            .map(|o| &o.result)
    }

    pub fn send(&mut self, c: AppCommand) {
        self.out.push(c);
    }

    pub fn toast(&mut self, text: impl Into<String>, error: bool) {
        self.out.push(AppCommand::Toast {
            text: text.into(),
            error,
        });
    }

    /// An error with its full message, in a dialog.
    pub fn error(&mut self, text: impl Into<String>) {
        self.out.push(AppCommand::ShowError(text.into()));
    }

    /// Runs `work` on a named thread (see [`Jobs::spawn`]); the caller keeps the result.
    pub fn spawn<T: Send + 'static>(
        &mut self,
        name: &str,
        label: String,
        cancellable: bool,
        work: impl FnOnce(Arc<Progress>) -> T + Send + 'static,
    ) -> Pending<T> {
        let ctx = self.ctx.clone();
        self.jobs.spawn(&ctx, name, label, cancellable, work)
    }

    pub fn is_running(&self, name: &str) -> bool {
        self.jobs.is_running(name)
    }
}
