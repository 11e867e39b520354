//! The application: persisted settings, the open document, derived numbers,
//! background jobs, and the one place commands are applied.

use super::command::{self, AppCommand};
use super::derived::{self, Analysis, DerivedCache};
use super::document::Document;
use super::i18n::{Lang, tr};
use super::jobs::Jobs;
use super::settings::{self, RecoveryMeta, Settings};
use super::{
    boundary_ui, compare_ui, data_ui, export_ui, factors_ui, inventory_ui, methodology_ui,
    project_ui, start_ui, verification_ui, widgets,
};
use crate::model::Project;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The walkthrough, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Step {
    #[default]
    Project,
    Boundary,
    Methodology,
    Data,
    Factors,
    Inventory,
    Verification,
    Export,
    Compare,
}

impl Step {
    pub const ALL: [Step; 9] = [
        Step::Project,
        Step::Boundary,
        Step::Methodology,
        Step::Data,
        Step::Factors,
        Step::Inventory,
        Step::Verification,
        Step::Export,
        Step::Compare,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Step::Project => tr(lang, "Project & engagement"),
            Step::Boundary => tr(lang, "Organisational boundary"),
            Step::Methodology => tr(lang, "Operational boundary & methodology"),
            Step::Data => tr(lang, "Data import"),
            Step::Factors => tr(lang, "Emission factors"),
            Step::Inventory => tr(lang, "Inventory"),
            Step::Verification => tr(lang, "Verification"),
            Step::Export => tr(lang, "Export & sign"),
            Step::Compare => tr(lang, "Compare methodologies"),
        }
    }
}

/// What background jobs hand back.
pub enum Output {
    Loaded {
        path: Option<PathBuf>,
        result: Box<Result<Project, String>>,
        recovered: bool,
    },
    Saved {
        path: PathBuf,
        revision: u64,
        result: Result<(), String>,
        then: Option<AppCommand>,
    },
    Computed {
        revision: u64,
        result: Result<Arc<Analysis>, String>,
    },
    Autosaved(Result<(), String>),
    Import(Box<data_ui::PreviewResult>),
    Export(Box<Result<export_ui::ExportDone, String>>),
    Key(Result<(PathBuf, String), String>),
    Checks {
        revision: u64,
        result: Vec<crate::audit::CheckFinding>,
    },
    FactorPlan {
        revision: u64,
        result: Box<crate::calc::update::UpdatePlan>,
    },
    Compared(Box<Result<compare_ui::Comparison, String>>),
    /// A library function ran on a copy of a large project (a sign-off):
    /// the copy replaces the project if nothing changed meanwhile.
    Replaced {
        revision: u64,
        done: String,
        result: Box<Result<Project, String>>,
    },
    Drawn(Vec<crate::audit::sampling::SampleItem>),
    /// A small job's outcome for a toast, or an error for the dialog.
    Message(Result<String, String>),
    MappingSaved(Result<PathBuf, String>),
}

/// A short message in the corner.
pub struct Toast {
    pub text: String,
    pub error: bool,
    pub until: Instant,
}

/// "Save changes?" before something that would drop them.
pub struct Confirm {
    pub then: AppCommand,
}

/// A path typed or picked (works without a desktop portal, too).
pub struct PathDialog {
    pub kind: PathKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    Open,
    SaveAs,
    Import,
}

/// Frame-time statistics (shown in About, used for the README's figures).
#[derive(Default)]
pub struct FrameStats {
    pub frames: u64,
    pub last_ms: f32,
    pub worst_ms: f32,
    pub total_ms: f64,
    pub first_frame_ms: Option<f32>,
}

pub struct App {
    /// Persisted between runs.
    pub settings: Settings,
    pub doc: Option<Document>,
    pub derived: DerivedCache,
    pub jobs: Jobs<Output>,
    queue: Vec<AppCommand>,
    pub toasts: Vec<Toast>,
    /// An error dialog with the full message (file, sheet, row …).
    pub error: Option<String>,
    pub confirm: Option<Confirm>,
    pub path_dialog: Option<PathDialog>,
    pub palette: Option<String>,
    pub about: bool,
    pub references: bool,
    /// Where unsaved work is autosaved; `None` disables autosave (tests).
    pub recovery_path: Option<PathBuf>,
    /// How often unsaved work is autosaved ([`settings::AUTOSAVE_SECS`]).
    pub autosave_every: Duration,
    pub recovery_offer: Option<RecoveryMeta>,
    pub(super) last_autosave: Instant,
    pub(super) autosaved_revision: u64,
    pub started: Option<Instant>,
    pub frame_stats: FrameStats,
    applied_zoom: f32,
    applied_dark: Option<bool>,
    title: String,
    quit_confirmed: bool,
    pub start: start_ui::StartState,
    pub boundary: boundary_ui::BoundaryState,
    pub data: data_ui::ImportState,
    pub factors: factors_ui::FactorsState,
    pub inventory: inventory_ui::InventoryState,
    pub verify: verification_ui::VerifyState,
    pub export: export_ui::ExportState,
    pub compare: compare_ui::CompareState,
}

impl App {
    pub fn new(settings: Settings, recovery_path: Option<PathBuf>) -> App {
        let recovery_offer = recovery_path
            .as_deref()
            .and_then(super::recovery::read_recovery_meta);
        let export = export_ui::ExportState::from_settings(&settings);
        App {
            settings,
            doc: None,
            derived: DerivedCache::default(),
            jobs: Jobs::default(),
            queue: Vec::new(),
            toasts: Vec::new(),
            error: None,
            confirm: None,
            path_dialog: None,
            palette: None,
            about: false,
            references: false,
            recovery_path,
            autosave_every: Duration::from_secs(settings::AUTOSAVE_SECS),
            recovery_offer,
            last_autosave: Instant::now(),
            autosaved_revision: 0,
            started: None,
            frame_stats: FrameStats::default(),
            applied_zoom: 0.0,
            applied_dark: None,
            title: String::new(),
            quit_confirmed: false,
            start: Default::default(),
            boundary: Default::default(),
            data: Default::default(),
            factors: Default::default(),
            inventory: Default::default(),
            verify: Default::default(),
            export,
            compare: Default::default(),
        }
    }

    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    /// Translates a UI string into the current language.
    pub fn t(&self, en: &'static str) -> &'static str {
        tr(self.settings.lang, en)
    }

    /// Asks for `c` to be applied after this frame's drawing.
    pub fn queue(&mut self, c: AppCommand) {
        self.queue.push(c);
    }

    pub fn project(&self) -> Option<&Project> {
        self.doc.as_ref().map(Document::project)
    }

    pub fn analysis(&self) -> Option<&Arc<Analysis>> {
        self.derived.analysis.as_ref()
    }

    /// Whether any background job runs (tests wait on this).
    pub fn is_busy(&self) -> bool {
        self.jobs.is_busy() || self.derived.computing.is_some()
    }

    pub fn toast(&mut self, text: impl Into<String>, error: bool) {
        self.toasts.push(Toast {
            text: text.into(),
            error,
            until: Instant::now() + Duration::from_secs(if error { 10 } else { 4 }),
        });
    }

    /// Edits the open project (see [`Document::edit`]).
    pub fn edit(
        &mut self,
        key: &str,
        action: &str,
        f: impl FnOnce(&mut Project) -> Option<String>,
    ) -> bool {
        match &mut self.doc {
            Some(d) => d.edit(key, action, f),
            None => false,
        }
    }

    pub fn step(&self) -> Step {
        self.settings.step
    }

    /// The whole frame: one call per frame, from eframe or from a test harness.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let frame_start = Instant::now();
        let ctx = ui.ctx().clone();
        self.apply_view_settings(&ctx);
        self.poll_jobs(&ctx);
        self.refresh_derived(&ctx);
        for c in command::pressed(&ctx) {
            self.queue(c);
        }
        self.dropped_files(&ctx);
        self.close_request(&ctx);
        self.autosave(&ctx);

        egui::Panel::top("menu_bar").show(ui, |ui| self.menu_bar_ui(ui));
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar_ui(ui));
        if self.doc.is_some() {
            egui::Panel::left("steps")
                .resizable(false)
                .exact_size(300.0)
                .show(ui, |ui| self.nav_ui(ui));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if self.doc.is_none() {
                start_ui::start_ui(self, ui);
                return;
            }
            egui::ScrollArea::vertical()
                .id_salt(("step", self.step()))
                .auto_shrink([false, false])
                .show(ui, |ui| match self.step() {
                    Step::Project => project_ui::project_ui(self, ui),
                    Step::Boundary => boundary_ui::boundary_ui(self, ui),
                    Step::Methodology => methodology_ui::methodology_ui(self, ui),
                    Step::Data => data_ui::data_ui(self, ui),
                    Step::Factors => factors_ui::factors_ui(self, ui),
                    Step::Inventory => inventory_ui::inventory_ui(self, ui),
                    Step::Verification => verification_ui::verification_ui(self, ui),
                    Step::Export => export_ui::export_ui(self, ui),
                    Step::Compare => compare_ui::compare_ui(self, ui),
                });
        });
        self.dialogs_ui(&ctx);
        widgets::toasts_ui(self, &ctx);
        self.apply_queue(&ctx);
        if self.is_busy() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        self.frame_stats.frames += 1;
        let ms = frame_start.elapsed().as_secs_f32() * 1000.0;
        self.frame_stats.last_ms = ms;
        self.frame_stats.total_ms += f64::from(ms);
        if self.frame_stats.frames > 2 {
            self.frame_stats.worst_ms = self.frame_stats.worst_ms.max(ms);
        }
        if self.frame_stats.first_frame_ms.is_none()
            && let Some(s) = self.started
        {
            let first = s.elapsed().as_secs_f32() * 1000.0;
            self.frame_stats.first_frame_ms = Some(first);
            if std::env::var_os("PARKAUDIT_TIMING").is_some() {
                eprintln!("parkaudit: start to first frame {first:.0} ms");
            }
        }
    }

    fn apply_view_settings(&mut self, ctx: &egui::Context) {
        if self.applied_dark != Some(self.settings.dark) {
            ctx.set_theme(if self.settings.dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
            self.applied_dark = Some(self.settings.dark);
        }
        if self.applied_zoom != self.settings.zoom {
            ctx.set_zoom_factor(self.settings.zoom);
            self.applied_zoom = self.settings.zoom;
        }
        let title = match &self.doc {
            Some(d) => format!(
                "{}{} — ParkAudit",
                if d.is_dirty() { "● " } else { "" },
                d.display_name()
            ),
            None => "ParkAudit".to_string(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        for path in dropped {
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            if ext == "ron" {
                self.queue(AppCommand::OpenPath(path));
            } else if matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods") {
                self.queue(AppCommand::ImportPath(path));
            } else {
                self.toast(
                    format!(
                        "{}: {}",
                        path.display(),
                        self.t("not a project (.ron) or a workbook (.xlsx, .xls, .ods)")
                    ),
                    true,
                );
            }
        }
    }

    fn close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && !self.quit_confirmed
            && self.doc.as_ref().is_some_and(Document::is_dirty)
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.confirm = Some(Confirm {
                then: AppCommand::Quit,
            });
        }
    }

    fn poll_jobs(&mut self, ctx: &egui::Context) {
        for out in self.jobs.poll() {
            self.job_done(ctx, out);
        }
    }

    fn job_done(&mut self, ctx: &egui::Context, out: Output) {
        match out {
            Output::Loaded {
                path,
                result,
                recovered,
            } => match *result {
                Ok(project) => {
                    if let (Some(p), false) = (&path, recovered) {
                        self.settings.remember(p);
                    }
                    let mut doc = Document::new(project, path);
                    if recovered {
                        doc.saved_revision = 0; // unsaved work: ask before it is dropped
                    }
                    self.set_document(doc);
                }
                Err(e) => self.error = Some(e),
            },
            Output::Saved {
                path,
                revision,
                result,
                then,
            } => match result {
                Ok(()) => {
                    if let Some(d) = &mut self.doc {
                        d.mark_saved(revision, path.clone());
                    }
                    self.settings.remember(&path);
                    self.clear_recovery();
                    self.toast(format!("{} {}", self.t("Saved"), path.display()), false);
                    if let Some(c) = then {
                        self.queue(c);
                    }
                }
                Err(e) => self.error = Some(e),
            },
            Output::Computed { revision, result } => {
                self.derived.computing = None;
                self.derived.set(revision, result);
            }
            Output::Autosaved(r) => {
                if let Err(e) = r {
                    self.toast(format!("{}: {e}", self.t("Autosave failed")), true);
                }
            }
            Output::Import(r) => data_ui::preview_done(self, *r),
            Output::Export(r) => export_ui::export_done(self, *r),
            Output::Key(r) => export_ui::key_done(self, r),
            Output::Checks { revision, result } => {
                self.verify.checks = Some((revision, result));
            }
            Output::FactorPlan { revision, result } => {
                self.factors.plan = Some((revision, result));
            }
            Output::Compared(r) => compare_ui::compared(self, *r),
            Output::Replaced {
                revision,
                done,
                result,
            } => match (*result, &mut self.doc) {
                (Ok(p), Some(d)) if d.revision == revision => {
                    d.replace(p);
                    self.toast(done, false);
                }
                (Ok(_), _) => self.toast(
                    self.t("The project changed meanwhile — nothing was recorded; try again"),
                    true,
                ),
                (Err(e), _) => self.toast(e, true),
            },
            Output::Drawn(items) => self.verify.drawn = Some(items),
            Output::Message(Ok(text)) => self.toast(text, false),
            Output::Message(Err(e)) => self.error = Some(e),
            Output::MappingSaved(Ok(path)) => {
                self.data.mapping_file = path.file_name().map(|n| n.to_string_lossy().into_owned());
                self.toast(format!("{} {}", self.t("Saved as"), path.display()), false);
            }
            Output::MappingSaved(Err(e)) => self.error = Some(e),
        }
        ctx.request_repaint();
    }

    /// Shows `doc`, resetting every step's state.
    pub fn set_document(&mut self, doc: Document) {
        self.doc = Some(doc);
        self.derived.clear();
        self.data = Default::default();
        self.verify = Default::default();
        self.factors = Default::default();
        self.inventory = Default::default();
        self.compare = Default::default();
        self.boundary = Default::default();
        self.export
            .reset_for(self.doc.as_ref().and_then(|d| d.path.clone()));
    }

    /// Keeps the cached analysis in step with the project: inline for small
    /// projects, on a thread for large ones.
    fn refresh_derived(&mut self, ctx: &egui::Context) {
        let Some(doc) = &self.doc else { return };
        if doc.revision == self.derived.revision || self.derived.computing.is_some() {
            return;
        }
        let revision = doc.revision;
        if doc.project().activity.len() <= derived::INLINE_RECORDS {
            let result = derived::analyse(doc.project()).map(Arc::new);
            self.derived.set(revision, result);
        } else {
            let project = doc.shared();
            self.derived.computing = Some(revision);
            self.jobs.spawn(
                ctx,
                "compute",
                self.t("Computing the inventory").to_string(),
                false,
                move |_| Output::Computed {
                    revision,
                    result: derived::analyse(&project).map(Arc::new),
                },
            );
        }
    }

    fn apply_queue(&mut self, ctx: &egui::Context) {
        let queued = std::mem::take(&mut self.queue);
        for c in queued {
            self.apply(ctx, c);
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

    /// Carries out a command: the one place that changes the app's state in
    /// response to menus, shortcuts, buttons and dropped files.
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
                self.set_document(Document::new(Project::new(&name, year), None));
                self.settings.step = Step::Project;
            }
            AppCommand::Open => {
                match rfd::FileDialog::new()
                    .add_filter("ParkAudit project", &["ron"])
                    .pick_file()
                {
                    Some(p) => self.queue(AppCommand::OpenPath(p)),
                    None => {
                        self.path_dialog = Some(PathDialog {
                            kind: PathKind::Open,
                            text: String::new(),
                        })
                    }
                }
            }
            AppCommand::OpenPath(path) => self.load(ctx, Some(path), None, false),
            AppCommand::OpenSample(i) => {
                if let Some((_, file, text)) = super::SAMPLES.get(i) {
                    let text: &'static str = text;
                    let name = PathBuf::from(file);
                    self.jobs.spawn(
                        ctx,
                        "open",
                        format!("{} {file}", self.t("Opening")),
                        false,
                        move |_| Output::Loaded {
                            path: None,
                            result: Box::new(
                                crate::io::from_ron_str(text, &name).map_err(|e| e.to_string()),
                            ),
                            recovered: false,
                        },
                    );
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
                    None => {
                        self.path_dialog = Some(PathDialog {
                            kind: PathKind::SaveAs,
                            text: suggested,
                        })
                    }
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
                    None => {
                        self.path_dialog = Some(PathDialog {
                            kind: PathKind::Import,
                            text: String::new(),
                        })
                    }
                }
            }
            AppCommand::ImportPath(p) => {
                if self.doc.is_none() {
                    // A workbook with no project open: start a new project for it.
                    let name = p.file_stem().map_or_else(
                        || "New park".to_string(),
                        |s| s.to_string_lossy().into_owned(),
                    );
                    let year = crate::io::time::current_year() - 1;
                    self.set_document(Document::new(Project::new(&name, year), None));
                    self.toast(
                        self.t("A new project was started for the workbook; check the reporting year in step 1"),
                        false,
                    );
                }
                self.settings.step = Step::Data;
                data_ui::start_preview(self, ctx, p, None);
            }
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
            AppCommand::Palette => self.palette = Some(String::new()),
            AppCommand::About => self.about = true,
            AppCommand::References => self.references = true,
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
        self.jobs
            .spawn(ctx, "open", label, false, move |_| Output::Loaded {
                result: Box::new(crate::io::load(&read).map_err(|e| error_chain(&e))),
                path,
                recovered,
            });
    }

    /// Saves on a thread (atomic, keeps `.bak`); `then` runs after success.
    pub fn save(&mut self, ctx: &egui::Context, path: PathBuf, then: Option<AppCommand>) {
        let Some(doc) = &self.doc else { return };
        if self.jobs.is_running("save") {
            self.toast(self.t("A save is already running"), false);
            return;
        }
        let project = doc.shared();
        let revision = doc.revision;
        let label = format!("{} {}", self.t("Saving"), path.display());
        self.jobs
            .spawn(ctx, "save", label, false, move |_| Output::Saved {
                result: crate::io::save(&project, &path).map_err(|e| error_chain(&e)),
                path,
                revision,
                then,
            });
    }
}

/// An error with its causes, one per line (`{:#}` style).
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(c) = source {
        s.push_str(": ");
        s.push_str(&c.to_string());
        source = c.source();
    }
    s
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }

    fn on_exit(&mut self) {
        // A clean exit: nothing to recover next time (unsaved work was confirmed away).
        self.clear_recovery();
        if std::env::var_os("PARKAUDIT_TIMING").is_some() {
            let s = &self.frame_stats;
            eprintln!(
                "parkaudit: {} frames, UI work per frame: mean {:.2} ms, worst {:.2} ms",
                s.frames,
                s.total_ms / s.frames.max(1) as f64,
                s.worst_ms
            );
        }
    }
}
