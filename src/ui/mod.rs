//! The desktop app (feature `gui`): an eframe/egui shell over the library.
//! The persisted state is [`Settings`] (and the auditor's profile file); the
//! open [`Document`], the derived analysis, background jobs and dialogs live
//! beside it and are never saved. Each step is a panel that sees only a
//! [`panel::PanelCx`] and sends edits and commands to its outbox; every action
//! goes through [`AppCommand`] and one `apply` function, every change to the
//! project through the edit layer; menus and shortcuts come from one list
//! ([`command::commands`]).

mod app;
mod apply;
mod boundary_ui;
pub mod cbam_ui;
mod charts_ui;
mod checks_ui;
pub mod claims_ui;
pub mod command;
mod compare_ui;
mod data_ui;
pub mod derived;
mod dialogs_ui;
pub mod document;
mod export_ui;
mod factors_ui;
mod findings_ui;
pub mod fonts;
mod guide_ui;
pub mod i18n;
pub mod inventory_ui;
pub mod jobs;
mod methodology_ui;
mod opinion_ui;
pub mod panel;
mod project_ui;
mod records_ui;
mod recovery;
mod sampling_ui;
pub mod settings;
mod shell_ui;
mod start_ui;
mod uncertainty_ui;
mod validation_ui;
mod verification_ui;
pub mod widgets;

pub use app::{App, PathDialog, PathKind, Step};
pub use command::AppCommand;
pub use document::Document;
pub use i18n::Lang;
pub use inventory_ui::RecordFilter;
pub use settings::Settings;

use std::path::PathBuf;

/// The application id: eframe's storage folder and the window's app id.
pub const APP_ID: &str = "parkaudit";

/// Sample projects bundled in the binary, so the start screen can open them
/// anywhere (name, file name, RON text).
pub const SAMPLES: &[(&str, &str, &str)] = &[(
    "Jinghai Industrial Park (synthetic, 34 entities, 912 records)",
    "jinghai-park.ron",
    include_str!("../../sample-projects/jinghai-park/jinghai-park.ron"),
)];

/// Fonts and style shared by the app and its tests (kittest must load the
/// same CJK fallback, or it panics on the first Chinese glyph).
pub fn setup_context(ctx: &egui::Context) {
    fonts::install(ctx);
}

/// Opens the desktop window; with `open`, loads that project (or starts an
/// import when it is a workbook).
pub fn run(open: Option<PathBuf>, named_actor: Option<String>) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    // `PARKAUDIT_WINDOW=1024x700`: the window's size, for scripted screenshots
    // of small screens (the remembered size is not used then).
    let size = std::env::var("PARKAUDIT_WINDOW").ok().and_then(|s| {
        let (w, h) = s.split_once('x')?;
        Some([w.trim().parse::<f32>().ok()?, h.trim().parse::<f32>().ok()?])
    });
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("ParkAudit")
            .with_app_id(APP_ID)
            .with_inner_size(size.unwrap_or([1360.0, 860.0]))
            .with_min_inner_size([900.0, 600.0])
            .with_drag_and_drop(true),
        persist_window: size.is_none(),
        ..Default::default()
    };
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| {
            setup_context(&cc.egui_ctx);
            let mut settings: Settings = cc
                .storage
                .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                .unwrap_or_default();
            settings.apply_env();
            let recovery = settings::recovery_path();
            let mut app = App::new(settings, recovery);
            if let Some(path) = crate::io::profile::default_path() {
                app.use_profile_file(path);
            }
            app.named_actor = named_actor;
            app.started = Some(started);
            if let Some(path) = open {
                app.open_file(path);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
