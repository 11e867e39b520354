//! The application: persisted settings, the auditor's profile, the open
//! document, the cached analysis, background jobs and the panels. Commands
//! and edits are carried out in one place (`apply.rs`).

use super::command::{self, AppCommand};
use super::derived::{self, DerivedCache};
use super::document::Document;
use super::i18n::{Lang, tr};
use super::jobs::{self, Jobs, Pending};
use super::panel::{EditOutcome, PanelCx};
use super::settings::{RecoveryMeta, Settings};
use super::{
    boundary_ui, cbam_ui, claims_ui, compare_ui, data_ui, export_ui, factors_ui, inventory_ui,
    methodology_ui, project_ui, start_ui, verification_ui, widgets,
};
use crate::model::{Actor, Project};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
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
    /// CBAM goods: the SEE of the park's installations' goods.
    Cbam,
    /// Claims & pathway: zero-carbon-park indicators, credits, the claim, the pathway.
    Claims,
    Verification,
    Export,
    Compare,
}

impl Step {
    pub const ALL: [Step; 11] = [
        Step::Project,
        Step::Boundary,
        Step::Methodology,
        Step::Data,
        Step::Factors,
        Step::Inventory,
        Step::Cbam,
        Step::Claims,
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
            Step::Cbam => tr(lang, "CBAM goods"),
            Step::Claims => tr(lang, "Claims & pathway"),
            Step::Verification => tr(lang, "Verification"),
            Step::Export => tr(lang, "Export & sign"),
            Step::Compare => tr(lang, "Compare methodologies"),
        }
    }

    /// The area of the readiness report this step shows.
    pub fn area(self) -> Option<crate::audit::Area> {
        use crate::audit::Area;
        Some(match self {
            Step::Project => Area::Engagement,
            Step::Boundary => Area::Boundary,
            Step::Methodology => Area::Methodology,
            Step::Data => Area::Data,
            Step::Factors => Area::Factors,
            Step::Inventory => Area::Inventory,
            Step::Verification => Area::Verification,
            Step::Cbam | Step::Claims | Step::Export | Step::Compare => return None,
        })
    }
}

/// A short message in the corner.
pub struct Toast {
    pub text: String,
    pub error: bool,
    pub until: Instant,
    /// The action a failure toast is about (`edit`, `save` …): it goes as
    /// soon as the same action succeeds, so no stale error stays on screen.
    pub action: Option<&'static str>,
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

/// The auditor's profile being edited.
#[derive(Debug, Clone, Default)]
pub struct ProfileForm {
    pub name: String,
    pub organisation: String,
    pub role: String,
    /// Shown at first start: explains why it is asked.
    pub first_run: bool,
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

/// A project read from disk (or a bundled sample).
pub(super) struct Loaded {
    pub path: Option<PathBuf>,
    pub result: Result<Project, String>,
    pub recovered: bool,
    /// The write lock on `path`, taken before reading it (none for a sample
    /// or a recovery file).
    pub lock: Option<Result<crate::io::lock::ProjectLock, crate::io::lock::LockError>>,
}

/// A finished save.
pub(super) struct Saved {
    pub doc_id: u64,
    pub path: PathBuf,
    pub revision: u64,
    pub result: Result<(), String>,
    pub then: Option<AppCommand>,
    /// The lock taken on a new path (Save as).
    pub lock: Option<crate::io::lock::ProjectLock>,
}

/// An analysis computed on a thread, for a document and revision.
pub(super) struct Computed {
    pub doc_id: u64,
    pub revision: u64,
    pub result: derived::Derived,
}

/// An edit applied to a copy of a large project on a thread.
pub(super) struct EditDone {
    pub doc_id: u64,
    pub revision: u64,
    pub tag: Option<&'static str>,
    pub result: Result<(Project, crate::edit::Applied), crate::edit::EditError>,
}

/// The app's own background jobs (panels keep theirs).
#[derive(Default)]
pub(super) struct Tasks {
    pub open: Option<Pending<Loaded>>,
    pub save: Option<Pending<Saved>>,
    pub compute: Option<Pending<Computed>>,
    pub autosave: Option<Pending<Result<(), String>>>,
    pub edit: Option<Pending<EditDone>>,
}

impl Tasks {
    /// A result not yet taken: a job can end after this frame's poll, and
    /// its outcome is applied only on the next one.
    fn is_waiting(&self) -> bool {
        let Tasks {
            open,
            save,
            compute,
            autosave,
            edit,
        } = self;
        open.is_some()
            || save.is_some()
            || compute.is_some()
            || autosave.is_some()
            || edit.is_some()
    }
}

/// The steps' panels, each with its own state and jobs.
#[derive(Default)]
pub struct Panels {
    pub boundary: boundary_ui::BoundaryPanel,
    pub methodology: methodology_ui::MethodologyPanel,
    pub data: data_ui::DataPanel,
    pub factors: factors_ui::FactorsPanel,
    pub inventory: inventory_ui::InventoryPanel,
    pub cbam: cbam_ui::CbamPanel,
    pub claims: claims_ui::ClaimsPanel,
    pub verify: verification_ui::VerifyPanel,
    pub export: export_ui::ExportPanel,
    pub compare: compare_ui::ComparePanel,
}

pub struct App {
    /// Persisted between runs.
    pub settings: Settings,
    /// Who acts: the auditor's profile (`io::profile`).
    pub profile: Option<Actor>,
    /// A name given with `--as` when the app was started.
    pub named_actor: Option<String>,
    /// Where the profile is saved; `None` keeps it in memory (tests).
    pub profile_path: Option<PathBuf>,
    pub profile_form: Option<ProfileForm>,
    pub doc: Option<Document>,
    pub derived: DerivedCache,
    pub jobs: Jobs,
    pub(super) tasks: Tasks,
    pub(super) queue: Vec<AppCommand>,
    /// Outcomes of tagged edits, shown to the panels in the next frame.
    pub(super) outcomes: Vec<EditOutcome>,
    pub toasts: Vec<Toast>,
    /// An error dialog with the full message (file, sheet, row …).
    pub error: Option<String>,
    pub confirm: Option<Confirm>,
    pub path_dialog: Option<PathDialog>,
    pub palette: Option<String>,
    pub about: bool,
    pub references: bool,
    /// Help › Getting started is open.
    pub guide: bool,
    /// Where unsaved work is autosaved; `None` disables autosave (tests).
    pub recovery_path: Option<PathBuf>,
    /// How often unsaved work is autosaved ([`super::settings::AUTOSAVE_SECS`]).
    pub autosave_every: Duration,
    pub recovery_offer: Option<RecoveryMeta>,
    pub(super) last_autosave: Instant,
    pub(super) autosaved_revision: u64,
    pub started: Option<Instant>,
    pub frame_stats: FrameStats,
    applied_zoom: f32,
    applied_dark: Option<bool>,
    title: String,
    pub(super) quit_confirmed: bool,
    pub start: start_ui::StartState,
    pub panels: Panels,
    /// What computes the analysis (`derived::compute`; a test may put a
    /// failing one here). A panic in it is caught and shown as an error.
    pub analyser: fn(&Project) -> derived::Derived,
}

impl App {
    pub fn new(settings: Settings, recovery_path: Option<PathBuf>) -> App {
        let recovery_offer = recovery_path
            .as_deref()
            .and_then(super::recovery::read_recovery_meta);
        let panels = Panels {
            export: export_ui::ExportPanel::from_settings(&settings),
            ..Panels::default()
        };
        App {
            settings,
            profile: None,
            named_actor: None,
            profile_path: None,
            profile_form: None,
            doc: None,
            derived: DerivedCache::default(),
            jobs: Jobs::default(),
            tasks: Tasks::default(),
            queue: Vec::new(),
            outcomes: Vec::new(),
            toasts: Vec::new(),
            error: None,
            confirm: None,
            path_dialog: None,
            palette: None,
            about: false,
            references: false,
            guide: false,
            recovery_path,
            autosave_every: Duration::from_secs(super::settings::AUTOSAVE_SECS),
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
            panels,
            analyser: derived::compute,
        }
    }

    /// Uses the profile file at `path` (read now; asked for at first start
    /// when there is none).
    pub fn use_profile_file(&mut self, path: PathBuf) {
        match crate::io::profile::load(&path) {
            Ok(Some(actor)) => self.profile = Some(actor),
            Ok(None) => {
                self.profile_form = Some(ProfileForm {
                    first_run: true,
                    ..ProfileForm::default()
                })
            }
            Err(e) => self.error = Some(error_chain(&e)),
        }
        self.profile_path = Some(path);
    }

    /// Who acts, as in the CLI (`io::profile::resolve`): the name given with
    /// `--as` when the app was started, else `PARKAUDIT_AUDITOR`, else the
    /// profile, else (marked as such) the login name.
    pub fn actor(&self) -> Actor {
        crate::io::profile::resolve(self.named_actor.as_deref(), self.profile.as_ref())
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

    pub fn analysis(&self) -> Option<&std::sync::Arc<crate::audit::Analysis>> {
        self.derived.analysis.as_ref()
    }

    /// Whether any background job runs (tests wait on this).
    pub fn is_busy(&self) -> bool {
        self.jobs.is_busy()
            || self.derived.computing.is_some()
            || !self.queue.is_empty()
            || self.tasks.is_waiting()
    }

    pub fn toast(&mut self, text: impl Into<String>, error: bool) {
        self.toasts.push(Toast {
            text: text.into(),
            error,
            until: Instant::now() + Duration::from_secs(if error { 10 } else { 4 }),
            action: None,
        });
    }

    /// A failure of `action`, shown until it expires or `action` succeeds.
    pub fn toast_failed(&mut self, action: &'static str, text: impl Into<String>) {
        self.toast(text, true);
        if let Some(t) = self.toasts.last_mut() {
            t.action = Some(action);
        }
    }

    /// `action` succeeded: its earlier failure toasts are no longer true.
    pub fn succeeded(&mut self, action: &'static str) {
        self.toasts.retain(|t| t.action != Some(action));
    }

    pub fn step(&self) -> Step {
        self.settings.step
    }

    /// How many things in a step need attention (`None`: nothing to judge yet).
    pub fn attention(&self, step: Step) -> Option<usize> {
        self.doc.as_ref()?;
        if self.derived.revision == 0 {
            return None;
        }
        match step.area() {
            Some(area) => Some(self.derived.gaps_in(area).count()),
            None if step == Step::Export => Some(self.panels.export.attention()),
            None => self.analysis().map(|_| 0),
        }
    }

    /// The whole frame: one call per frame, from eframe or from a test harness.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let frame_start = Instant::now();
        let ctx = ui.ctx().clone();
        self.apply_view_settings(&ctx);
        self.poll_tasks(&ctx);
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
            // Resizable: narrow it on a small screen to give the step more room.
            egui::Panel::left("steps")
                .resizable(true)
                .default_size(270.0)
                .size_range(190.0..=420.0)
                .show(ui, |ui| self.nav_ui(ui));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if self.doc.is_none() {
                start_ui::start_ui(self, ui);
                return;
            }
            self.panels_ui(ui, &ctx);
        });
        self.dialogs_ui(&ctx);
        widgets::toasts_ui(self, &ctx);
        self.jobs.prune();
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

    /// The panels' jobs, then the current step — each panel with its narrow context.
    fn panels_ui(&mut self, ui: &mut egui::Ui, ctx: &egui::Context) {
        let actor = self.actor();
        let Some(doc) = &self.doc else { return };
        let mut cx = PanelCx::new(
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
        let p = &mut self.panels;
        p.data.poll(&mut cx);
        p.factors.poll(&mut cx);
        p.verify.poll(&mut cx);
        p.export.poll(&mut cx);
        p.compare.poll(&mut cx);
        let step = self.settings.step;
        egui::ScrollArea::vertical()
            .id_salt(("step", step))
            .auto_shrink([false, false])
            .show(ui, |ui| match step {
                Step::Project => project_ui::project_ui(ui, &mut cx),
                Step::Boundary => p.boundary.ui(ui, &mut cx),
                Step::Methodology => p.methodology.ui(ui, &mut cx),
                Step::Data => p.data.ui(ui, &mut cx),
                Step::Factors => p.factors.ui(ui, &mut cx),
                Step::Inventory => p.inventory.ui(ui, &mut cx),
                Step::Cbam => p.cbam.ui(ui, &mut cx),
                Step::Claims => p.claims.ui(ui, &mut cx),
                Step::Verification => p.verify.ui(ui, &mut cx),
                Step::Export => p.export.ui(ui, &mut cx),
                Step::Compare => p.compare.ui(ui, &mut cx),
            });
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
                d.display_name(self.t("(not saved)"), self.lang() == super::i18n::Lang::Zh)
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
            self.open_file(path);
        }
    }

    /// A file given to the app (dropped, or on the command line): a project
    /// opens, a workbook starts an import (into a new project when none is open).
    pub fn open_file(&mut self, path: PathBuf) {
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

    /// Collects the app's own finished jobs. A job that failed (or panicked)
    /// is shown as an error and its state cleared.
    fn poll_tasks(&mut self, ctx: &egui::Context) {
        if let Some(r) = jobs::take(&mut self.tasks.open) {
            match r {
                Ok(l) => self.loaded(l),
                Err(e) => self.error = Some(e),
            }
        }
        if let Some(r) = jobs::take(&mut self.tasks.save) {
            match r {
                Ok(s) => self.saved(s),
                Err(e) => self.error = Some(e),
            }
        }
        if let Some(r) = jobs::take(&mut self.tasks.compute) {
            let working_on = self.derived.computing.take();
            match r {
                Ok(c) => {
                    if self.doc.as_ref().is_some_and(|d| d.id == c.doc_id) {
                        self.derived.set(c.doc_id, c.revision, c.result);
                    }
                }
                Err(e) => {
                    // Remember the failed revision: it is not retried until the project changes.
                    if let (Some(d), Some(revision)) = (&self.doc, working_on) {
                        self.derived.doc_id = d.id;
                        self.derived.revision = revision;
                    }
                    self.derived.error = Some(super::derived::ErrorText::same(e.clone()));
                    self.error = Some(e);
                }
            }
        }
        if let Some(r) = jobs::take(&mut self.tasks.autosave)
            && let Err(e) = r.and_then(|x| x)
        {
            self.toast_failed("save", format!("{}: {e}", self.t("Autosave failed")));
        }
        if let Some(r) = jobs::take(&mut self.tasks.edit) {
            match r {
                Ok(done) => self.edit_done(done),
                Err(e) => self.error = Some(e),
            }
        }
        if self.jobs.is_busy() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    fn loaded(&mut self, l: Loaded) {
        match l.result {
            Ok(project) => {
                if let (Some(p), false) = (&l.path, l.recovered) {
                    self.settings.remember(p);
                }
                let mut doc = Document::new(project, l.path);
                if l.recovered {
                    doc.saved_revision = 0; // unsaved work: ask before it is dropped
                }
                match l.lock {
                    Some(Ok(lock)) => doc.lock = Some(lock),
                    Some(Err(e)) => {
                        let why = match self.settings.lang {
                            Lang::Zh => e.zh(),
                            Lang::En => e.to_string(),
                        };
                        self.toast(format!("{} {why}", self.t("Opened read-only:")), true);
                        doc.read_only = Some(why);
                    }
                    None => {}
                }
                self.set_document(doc);
            }
            Err(e) => self.error = Some(e),
        }
    }

    fn saved(&mut self, s: Saved) {
        match s.result {
            Ok(()) => {
                if let Some(d) = &mut self.doc
                    && d.id == s.doc_id
                {
                    d.mark_saved(s.revision, s.path.clone());
                    if let Some(lock) = s.lock {
                        // Saved under a new name: that file is now the one held.
                        d.lock = Some(lock);
                        d.read_only = None;
                    }
                }
                self.settings.remember(&s.path);
                self.clear_recovery();
                self.succeeded("save");
                self.toast(format!("{} {}", self.t("Saved"), s.path.display()), false);
                if let Some(c) = s.then {
                    self.queue(c);
                }
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// Shows `doc`, resetting every step's state.
    pub fn set_document(&mut self, doc: Document) {
        let path = doc.path.clone();
        self.doc = Some(doc);
        self.derived.clear();
        self.tasks.compute = None;
        self.tasks.edit = None;
        let export = std::mem::take(&mut self.panels.export);
        self.panels = Panels {
            export: export.reset_for(path),
            ..Panels::default()
        };
    }

    /// Keeps the cached analysis in step with the project: inline for small
    /// projects, on a thread for large ones.
    fn refresh_derived(&mut self, ctx: &egui::Context) {
        let Some(doc) = &self.doc else { return };
        if self.derived.is_current(doc.id, doc.revision) || self.derived.computing.is_some() {
            return;
        }
        let (doc_id, revision) = (doc.id, doc.revision);
        let analyser = self.analyser;
        if doc.project().activity.len() <= derived::INLINE_RECORDS {
            let result =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| analyser(doc.project())));
            match result {
                Ok(r) => self.derived.set(doc_id, revision, r),
                Err(_) => {
                    let e = self
                        .t("The inventory could not be computed: an internal error stopped it. Your project is unchanged; please report it.")
                        .to_string();
                    self.derived.doc_id = doc_id;
                    self.derived.revision = revision;
                    self.derived.error = Some(super::derived::ErrorText::same(e.clone()));
                    self.error = Some(e);
                }
            }
        } else {
            let project = doc.shared();
            self.derived.computing = Some(revision);
            self.tasks.compute = Some(self.jobs.spawn(
                ctx,
                "compute",
                self.t("Computing the inventory").to_string(),
                false,
                move |_| Computed {
                    doc_id,
                    revision,
                    result: analyser(&project),
                },
            ));
        }
    }
}

pub use crate::io::error_chain;

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
