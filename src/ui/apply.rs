//! The one place the app changes in response to menus, shortcuts, buttons,
//! dropped files and the panels' outboxes: [`App::apply`]. Changes to the
//! project go on to the edit layer through [`Document::apply`].

use super::app::{App, Confirm, EditDone, Loaded, PathDialog, PathKind, ProfileForm, Saved, Step};
use super::command::AppCommand;
use super::derived::INLINE_RECORDS;
use super::document::Document;
use super::i18n::{Lang, tr};
use super::panel::EditOutcome;
use crate::edit::{Applied, Edit, EditError};
use crate::model::Project;
use std::path::PathBuf;

impl App {
    pub(super) fn apply_queue(&mut self, ctx: &egui::Context) {
        let queued = std::mem::take(&mut self.queue);
        // Outcomes live for the one frame after their edit.
        self.outcomes.clear();
        let any = !queued.is_empty();
        for c in queued {
            self.apply(ctx, c);
        }
        if any {
            ctx.request_repaint();
        }
    }

    /// Whether `c` would drop unsaved changes (then it asks first).
    fn guarded(&self, c: &AppCommand) -> bool {
        matches!(
            c,
            AppCommand::NewProject
                | AppCommand::CreateProject { .. }
                | AppCommand::Open
                | AppCommand::OpenPath(_)
                | AppCommand::OpenSample(_)
                | AppCommand::Quit
                | AppCommand::CloseProject
                | AppCommand::RestoreRecovery
        ) && self.doc.as_ref().is_some_and(Document::is_dirty)
    }

    /// Carries out a command.
    pub fn apply(&mut self, ctx: &egui::Context, c: AppCommand) {
        if self.guarded(&c) && self.confirm.is_none() {
            self.confirm = Some(Confirm { then: c });
            return;
        }
        match c {
            AppCommand::NewProject => {
                self.close_document();
                self.start.show_new = true;
            }
            AppCommand::CreateProject { name, year } => {
                if let Some(p) = self.create_project(name, year) {
                    self.set_document(Document::new(p, None));
                    self.settings.step = Step::Project;
                }
            }
            AppCommand::Open => match rfd::FileDialog::new()
                .add_filter("ParkAudit project", &["ron"])
                .pick_file()
            {
                Some(p) => self.queue(AppCommand::OpenPath(p)),
                None => self.ask_path(PathKind::Open, String::new()),
            },
            AppCommand::OpenPath(path) => self.load(ctx, Some(path), None, false),
            AppCommand::OpenSample(i) => {
                if let Some((_, file, text)) = super::SAMPLES.get(i) {
                    let text: &'static str = text;
                    let name = PathBuf::from(file);
                    self.tasks.open = Some(self.jobs.spawn(
                        ctx,
                        "open",
                        format!("{} {file}", self.t("Opening")),
                        false,
                        move |_| Loaded {
                            path: None,
                            result: crate::io::from_ron_str(text, &name).map_err(|e| e.to_string()),
                            recovered: false,
                            lock: None,
                        },
                    ));
                }
            }
            AppCommand::Save => match self.doc.as_ref().and_then(|d| d.path.clone()) {
                Some(p) => self.save(ctx, p, None),
                None => self.queue(AppCommand::SaveAs),
            },
            AppCommand::SaveAs => {
                if self.doc.is_none() {
                    return;
                }
                let suggested = self.suggested_file_name();
                match rfd::FileDialog::new()
                    .add_filter("ParkAudit project", &["ron"])
                    .set_file_name(&suggested)
                    .save_file()
                {
                    Some(p) => self.queue(AppCommand::SaveTo(p)),
                    None => self.ask_path(PathKind::SaveAs, suggested),
                }
            }
            AppCommand::SaveTo(p) => self.save(ctx, p, None),
            AppCommand::Import => {
                if self.doc.is_none() {
                    return;
                }
                self.settings.step = Step::Data;
                match rfd::FileDialog::new()
                    .add_filter("Workbook", &["xlsx", "xlsm", "xls", "xlsb", "ods"])
                    .pick_file()
                {
                    Some(p) => self.queue(AppCommand::ImportPath(p)),
                    None => self.ask_path(PathKind::Import, String::new()),
                }
            }
            AppCommand::ImportPath(p) => self.import_path(ctx, p),
            AppCommand::Export => {
                if self.doc.is_some() {
                    self.settings.step = Step::Export;
                }
            }
            AppCommand::Undo => {
                if let Some(d) = &mut self.doc
                    && !d.undo()
                {
                    self.toast(tr(self.settings.lang, "Nothing to undo"), false);
                }
            }
            AppCommand::Redo => {
                if let Some(d) = &mut self.doc
                    && !d.redo()
                {
                    self.toast(tr(self.settings.lang, "Nothing to redo"), false);
                }
            }
            AppCommand::Quit => {
                self.quit_confirmed = true;
                self.clear_recovery();
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            AppCommand::CloseProject => self.close_document(),
            AppCommand::SetLang(l) => self.settings.lang = l,
            AppCommand::ToggleTheme => self.settings.dark = !self.settings.dark,
            AppCommand::ZoomIn => self.settings.zoom = (self.settings.zoom + 0.1).min(3.0),
            AppCommand::ZoomOut => self.settings.zoom = (self.settings.zoom - 0.1).max(0.5),
            AppCommand::ZoomReset => self.settings.zoom = 1.0,
            AppCommand::Goto(s) => {
                if let Some(d) = &mut self.doc {
                    d.end_coalescing();
                }
                self.settings.step = s;
            }
            AppCommand::ExportCbam(id) => {
                self.panels.export.choose_cbam(Some(id));
                self.settings.step = Step::Export;
            }
            AppCommand::Palette => self.palette = Some(String::new()),
            AppCommand::About => self.about = true,
            AppCommand::References => self.references = true,
            AppCommand::GettingStarted => self.guide = true,
            AppCommand::RestoreRecovery => {
                let meta = self.recovery_offer.take();
                if let (Some(path), Some(meta)) = (self.recovery_path.clone(), meta) {
                    self.load(ctx, meta.original.clone(), Some(path), true);
                }
            }
            AppCommand::DiscardRecovery => {
                self.recovery_offer = None;
                self.clear_recovery();
            }
            AppCommand::Edit { edit, tag } => self.apply_edit(ctx, *edit, tag),
            AppCommand::Toast { text, error } => self.toast(text, error),
            AppCommand::ShowError(e) => self.error = Some(e),
            AppCommand::RememberSigner {
                name,
                org,
                key_path,
            } => {
                self.settings.signer_name = name;
                self.settings.signer_org = org;
                self.settings.key_path = key_path;
            }
            AppCommand::EditProfile => {
                let p = self.profile.clone().unwrap_or_default();
                self.profile_form = Some(ProfileForm {
                    name: p.name,
                    organisation: p.organisation,
                    role: p.role,
                    first_run: false,
                });
            }
            AppCommand::EndCoalescing => {
                if let Some(d) = &mut self.doc {
                    d.end_coalescing();
                }
            }
        }
    }

    /// A new project through the edit layer (its creation is the first trail
    /// entry); a refusal is shown.
    fn create_project(&mut self, name: String, year: i32) -> Option<Project> {
        let actor = self.actor();
        let created = crate::edit::new_project(
            crate::edit::NewProject {
                name,
                reporting_year: year,
                consolidation: Default::default(),
                gwp_set: Default::default(),
            },
            &crate::edit::Context::now(&actor),
        );
        match created {
            Ok(p) => Some(p),
            Err(e) => {
                self.toast(e.message(self.settings.lang == Lang::Zh), true);
                None
            }
        }
    }

    fn ask_path(&mut self, kind: PathKind, text: String) {
        self.path_dialog = Some(PathDialog { kind, text });
    }

    /// A workbook to import: into the open project, or a new one for it.
    fn import_path(&mut self, ctx: &egui::Context, p: PathBuf) {
        if self.doc.is_none() {
            let name = p.file_stem().map_or_else(
                || "New park".to_string(),
                |s| s.to_string_lossy().into_owned(),
            );
            let year = crate::io::time::current_year() - 1;
            let Some(project) = self.create_project(name, year) else {
                return;
            };
            self.set_document(Document::new(project, None));
            self.toast(
                self.t("A new project was started for the workbook; check the reporting year in step 1"),
                false,
            );
        }
        self.settings.step = Step::Data;
        let actor = self.actor();
        let Some(doc) = &self.doc else { return };
        let mut cx = super::panel::PanelCx::new(
            doc,
            &self.derived,
            self.settings.lang,
            &actor,
            &self.settings,
            &mut self.jobs,
            ctx.clone(),
            &mut self.queue,
            &self.outcomes,
        );
        self.panels.data.start_preview(&mut cx, p, None);
    }

    /// Applies an edit to the open project: at once, or — when it reads every
    /// record of a large project — on a copy on a thread.
    fn apply_edit(&mut self, ctx: &egui::Context, edit: Edit, tag: Option<&'static str>) {
        let actor = self.actor();
        let Some(doc) = &mut self.doc else { return };
        let analysis = self.derived.current(doc.id, doc.revision).cloned();
        if doc.project().activity.len() > INLINE_RECORDS && edit.reads_records() {
            if self.tasks.edit.is_some() {
                self.toast(
                    self.t("Another change is still being recorded — try again in a moment"),
                    true,
                );
                return;
            }
            let (project, doc_id, revision) = (doc.shared(), doc.id, doc.revision);
            let label = self.t("Recording the change").to_string();
            self.tasks.edit = Some(self.jobs.spawn(ctx, "edit", label, false, move |_| {
                let mut q = (*project).clone();
                let cx = crate::edit::Context {
                    actor: &actor,
                    at: crate::io::time::now_rfc3339_utc(),
                    inventory: analysis.as_ref().map(|a| &a.inventory),
                };
                EditDone {
                    doc_id,
                    revision,
                    tag,
                    result: crate::edit::apply_in(&mut q, edit, &cx).map(|a| (q, a)),
                }
            }));
            return;
        }
        let result = doc.apply(edit, &actor, analysis.as_ref().map(|a| &a.inventory));
        self.edit_result(tag, result);
    }

    /// Shows what an edit did or why it was refused, and hands a tagged
    /// outcome to the panels.
    fn edit_result(&mut self, tag: Option<&'static str>, result: Result<Applied, EditError>) {
        let zh = self.settings.lang == Lang::Zh;
        let action = tag.unwrap_or("edit");
        match &result {
            Ok(a) => {
                self.succeeded(action);
                if let Some(id) = &a.created
                    && a.action == "finding.raise"
                {
                    self.toast(format!("{} {id}", self.t("Raised")), false);
                }
            }
            Err(EditError::Unchanged { .. }) => {}
            Err(e) => self.toast_failed(action, e.message(zh)),
        }
        if let Some(tag) = tag {
            self.outcomes.push(EditOutcome {
                tag,
                result: result.map_err(|e| e.message(zh)),
            });
        }
    }

    pub(super) fn edit_done(&mut self, done: EditDone) {
        let current = self
            .doc
            .as_ref()
            .is_some_and(|d| d.id == done.doc_id && d.revision == done.revision);
        match done.result {
            Ok((project, applied)) if current => {
                if let Some(d) = &mut self.doc {
                    d.replace_applied(project, applied.detail.clone());
                }
                self.toast(applied.detail.clone(), false);
                self.edit_result(done.tag, Ok(applied));
            }
            Ok(_) => self.toast(
                self.t("The project changed meanwhile — nothing was recorded; try again"),
                true,
            ),
            Err(e) => self.edit_result(done.tag, Err(e)),
        }
    }

    fn close_document(&mut self) {
        self.doc = None;
        self.derived.clear();
        self.clear_recovery();
    }

    fn suggested_file_name(&self) -> String {
        self.project()
            .map(|p| {
                let slug: String = p
                    .park
                    .name
                    .chars()
                    .map(|c| {
                        if c.is_alphanumeric() {
                            c.to_ascii_lowercase()
                        } else {
                            '-'
                        }
                    })
                    .collect();
                format!("{}.ron", slug.trim_matches('-'))
            })
            .unwrap_or_else(|| "project.ron".into())
    }

    /// Loads `path` (or `from`, a recovery file standing in for it) on a thread.
    fn load(
        &mut self,
        ctx: &egui::Context,
        path: Option<PathBuf>,
        from: Option<PathBuf>,
        recovered: bool,
    ) {
        let Some(read) = from.clone().or_else(|| path.clone()) else {
            return;
        };
        let label = format!(
            "{} {}",
            self.t("Opening"),
            read.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        // The write lock first (briefly waiting), then the read: nothing can
        // change the file between the two. Held by another writer, the
        // project opens read-only.
        let lock_for = path.clone().filter(|_| from.is_none());
        let zh = self.settings.lang == Lang::Zh;
        self.tasks.open = Some(self.jobs.spawn(ctx, "open", label, false, move |_| {
            let lock = lock_for.map(|p| {
                crate::io::lock::acquire(&p, "the app", std::time::Duration::from_secs(1))
            });
            Loaded {
                result: crate::io::load(&read).map_err(|e| e.message(zh)),
                path,
                recovered,
                lock,
            }
        }));
    }

    /// Saves on a thread (atomic, keeps `.bak`); `then` runs after success.
    pub fn save(&mut self, ctx: &egui::Context, path: PathBuf, then: Option<AppCommand>) {
        let Some(doc) = &self.doc else { return };
        if self.tasks.save.is_some() {
            self.toast(self.t("A save is already running"), false);
            return;
        }
        // Over the file it was opened from: only when this app holds its
        // lock. Elsewhere (Save as): the new file's lock is taken first.
        if let Some(why) = &doc.read_only
            && doc.path.as_ref() == Some(&path)
        {
            self.error = Some(format!(
                "{} {why} — {}",
                self.t("Opened read-only:"),
                self.t("save it under another name with Save as.")
            ));
            return;
        }
        let held = doc.lock.as_ref().map(|l| l.path().to_path_buf());
        let needs_lock = held != Some(crate::io::lock::lock_path(&path));
        let project = doc.shared();
        let (doc_id, revision) = (doc.id, doc.revision);
        let label = format!("{} {}", self.t("Saving"), path.display());
        let lang = self.settings.lang;
        let zh = self.settings.lang == Lang::Zh;
        self.tasks.save = Some(self.jobs.spawn(ctx, "save", label, false, move |_| {
            let lock = match needs_lock {
                true => match crate::io::lock::acquire(
                    &path,
                    "the app",
                    std::time::Duration::from_secs(1),
                ) {
                    Ok(l) => Some(l),
                    Err(e) => {
                        return Saved {
                            doc_id,
                            result: Err(match lang {
                                super::i18n::Lang::Zh => e.zh(),
                                super::i18n::Lang::En => e.to_string(),
                            }),
                            path,
                            revision,
                            then,
                            lock: None,
                        };
                    }
                },
                false => None,
            };
            Saved {
                doc_id,
                result: crate::io::save(&project, &path).map_err(|e| e.message(zh)),
                path,
                revision,
                then,
                lock,
            }
        }));
    }

    /// Saves the profile form as the auditor's profile (and to its file).
    pub(super) fn save_profile(&mut self, form: &ProfileForm) -> Result<(), String> {
        let actor = crate::model::Actor::new(&form.name, &form.organisation, &form.role);
        if actor.name.is_empty() {
            return Err(self
                .t("Give your name: it is recorded with every change you make.")
                .into());
        }
        if let Some(path) = &self.profile_path {
            crate::io::profile::save(path, &actor).map_err(|e| super::app::error_chain(&e))?;
        }
        self.profile = Some(actor);
        if let Some(d) = &mut self.doc {
            d.end_coalescing();
        }
        Ok(())
    }
}
