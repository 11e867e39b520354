//! Step 8: export and sign — output path, key file, passphrase (masked),
//! progress, then the verification of the written file (signer, fingerprint,
//! intact). A newcomer without a key can create one here.

use super::app::{App, Output, error_chain};
use super::settings::Settings;
use crate::io::export::{self, signing, verify};
use std::path::PathBuf;

/// What an export wrote, and what reading it back found.
pub struct ExportDone {
    pub path: PathBuf,
    pub digest: String,
    pub signed: bool,
    pub sig_path: Option<PathBuf>,
    pub report: Result<verify::VerifyReport, String>,
}

#[derive(Default)]
pub struct ExportState {
    pub path: String,
    pub sign: bool,
    pub key_path: String,
    pub passphrase: String,
    pub name: String,
    pub org: String,
    pub done: Option<ExportDone>,
    pub error: Option<String>,
    pub new_key_path: String,
    pub new_pass: String,
    pub new_pass2: String,
    pub key_message: Option<String>,
}

impl ExportState {
    pub fn from_settings(s: &Settings) -> ExportState {
        ExportState {
            sign: true,
            key_path: s.key_path.clone(),
            name: s.signer_name.clone(),
            org: s.signer_org.clone(),
            new_key_path: default_key_path(),
            ..Default::default()
        }
    }

    /// A new project: suggest its workbook beside it.
    pub fn reset_for(&mut self, project_path: Option<PathBuf>) {
        self.done = None;
        self.error = None;
        self.passphrase.clear();
        self.path = project_path
            .map(|p| p.with_extension("xlsx"))
            .unwrap_or_else(|| std::env::temp_dir().join("parkaudit-workbook.xlsx"))
            .display()
            .to_string();
    }
}

fn default_key_path() -> String {
    std::env::var_os("HOME")
        .map(|h| PathBuf::from(h).join(".parkaudit").join("signing-key"))
        .unwrap_or_else(|| PathBuf::from("parkaudit-signing-key"))
        .display()
        .to_string()
}

pub fn export_ui(app: &mut App, ui: &mut egui::Ui) {
    let ctx = ui.ctx().clone();
    ui.heading(app.t("Export & sign"));
    ui.label(app.t("Writes the audit workbook (cover, boundary, methodology, factors, activity, inventory, charts, findings, trail) and signs it with your Ed25519 key."));
    ui.add_space(6.0);
    let busy = app.jobs.is_running("export");
    egui::Grid::new("export")
        .num_columns(2)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            let l = ui.label(app.t("Output workbook"));
            ui.horizontal(|ui| {
                ui.add(egui::TextEdit::singleline(&mut app.export.path).desired_width(420.0))
                    .labelled_by(l.id);
                if ui.button(app.t("Browse…")).clicked()
                    && let Some(p) = rfd::FileDialog::new()
                        .add_filter("Workbook", &["xlsx"])
                        .save_file()
                {
                    app.export.path = p.display().to_string();
                }
            });
            ui.end_row();
            ui.label("");
            ui.checkbox(
                &mut app.export.sign,
                super::i18n::tr(app.settings.lang, "Sign the workbook"),
            );
            ui.end_row();
            if app.export.sign {
                let l = ui.label(app.t("Key file"));
                ui.horizontal(|ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut app.export.key_path).desired_width(420.0),
                    )
                    .labelled_by(l.id);
                    if ui.button(app.t("Browse…")).clicked()
                        && let Some(p) = rfd::FileDialog::new().pick_file()
                    {
                        app.export.key_path = p.display().to_string();
                    }
                });
                ui.end_row();
                let l = ui.label(app.t("Passphrase"));
                ui.add(
                    egui::TextEdit::singleline(&mut app.export.passphrase)
                        .password(true)
                        .desired_width(240.0),
                )
                .labelled_by(l.id);
                ui.end_row();
                let l = ui.label(app.t("Signer name"));
                ui.add(egui::TextEdit::singleline(&mut app.export.name).desired_width(240.0))
                    .labelled_by(l.id);
                ui.end_row();
                let l = ui.label(app.t("Organisation"));
                ui.add(egui::TextEdit::singleline(&mut app.export.org).desired_width(240.0))
                    .labelled_by(l.id);
                ui.end_row();
            }
        });
    let ready = !app.export.path.trim().is_empty()
        && (!app.export.sign
            || (!app.export.key_path.trim().is_empty() && !app.export.passphrase.is_empty()));
    ui.horizontal(|ui| {
        if ui
            .add_enabled(ready && !busy, egui::Button::new(app.t("Export workbook")))
            .clicked()
        {
            start_export(app, &ctx);
        }
        if busy {
            ui.spinner();
            ui.label(app.t("Exporting…"));
        }
    });
    if let Some(e) = &app.export.error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    result_ui(app, ui);
    ui.add_space(12.0);
    egui::CollapsingHeader::new(app.t("Create a signing key"))
        .default_open(app.export.key_path.is_empty())
        .show(ui, |ui| keygen_ui(app, ui, &ctx));
}

fn start_export(app: &mut App, ctx: &egui::Context) {
    let Some(doc) = &app.doc else { return };
    let project = doc.shared();
    let st = &mut app.export;
    st.done = None;
    st.error = None;
    let path = PathBuf::from(st.path.trim());
    let key = st.sign.then(|| PathBuf::from(st.key_path.trim()));
    let pass = std::mem::take(&mut st.passphrase);
    let (name, org) = (st.name.trim().to_string(), st.org.trim().to_string());
    app.settings.key_path = st.key_path.trim().to_string();
    app.settings.signer_name = name.clone();
    app.settings.signer_org = org.clone();
    let label = format!("{} {}", app.t("Exporting"), path.display());
    app.jobs.spawn(ctx, "export", label, true, move |progress| {
        let run = || -> Result<ExportDone, String> {
            let signer = match &key {
                Some(k) => {
                    progress.phase("loading the key");
                    let n = (!name.is_empty()).then_some(name.as_str());
                    let o = (!org.is_empty()).then_some(org.as_str());
                    Some(
                        signing::Signer::load(k, Some(&pass), n, o)
                            .map_err(|e| format!("{}: {e}", k.display()))?,
                    )
                }
                None => None,
            };
            let at = crate::io::time::now_rfc3339_utc();
            let summary =
                export::export_with(&project, &path, signer.as_ref(), &at, Some(&progress))
                    .map_err(|e| format!("{}: {}", path.display(), error_chain(&e)))?;
            progress.phase("reading the file back");
            let report = verify::verify_file(&path, None);
            Ok(ExportDone {
                path: path.clone(),
                digest: summary.digest,
                signed: summary.signed.is_some(),
                sig_path: summary.sig_path,
                report,
            })
        };
        Output::Export(Box::new(run()))
    });
}

pub fn export_done(app: &mut App, r: Result<ExportDone, String>) {
    match r {
        Ok(d) => {
            app.toast(format!("{} {}", app.t("Exported"), d.path.display()), false);
            app.export.done = Some(d);
        }
        Err(e) => app.export.error = Some(e),
    }
}

fn result_ui(app: &App, ui: &mut egui::Ui) {
    let Some(d) = &app.export.done else { return };
    let t = {
        let lang = app.lang();
        move |s| super::i18n::tr(lang, s)
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.strong(format!("{} {}", t("Written"), d.path.display()));
        ui.label(format!("{}: {}", t("Content digest (SHA-256)"), d.digest));
        if let Some(s) = &d.sig_path {
            ui.label(format!("{}: {}", t("Detached signature"), s.display()));
        }
        match &d.report {
            Ok(r) => {
                if r.signed {
                    ui.label(format!(
                        "{}: {} ({})",
                        t("Signer"),
                        r.signer,
                        r.organisation
                    ));
                    ui.label(format!("{}: {}", t("Fingerprint"), r.fingerprint));
                    ui.label(format!("{}: {}", t("Signed at"), r.signed_at));
                }
                if r.is_intact() {
                    ui.colored_label(
                        egui::Color32::from_rgb(40, 150, 70),
                        t("✔ Verified: the workbook is intact and the signature is valid."),
                    );
                } else if !r.signed && r.problems.is_empty() {
                    ui.label(t(
                        "The workbook is not signed; its content digest was checked.",
                    ));
                } else {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        t("The workbook does not verify:"),
                    );
                    for p in &r.problems {
                        ui.label(p);
                    }
                }
            }
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
        }
    });
}

fn keygen_ui(app: &mut App, ui: &mut egui::Ui, ctx: &egui::Context) {
    let st = &mut app.export;
    let t = |s| super::i18n::tr(app.settings.lang, s);
    ui.label(t("An Ed25519 key in OpenSSH format, encrypted with a passphrase; the .pub file beside it is what a recipient checks the signature against."));
    egui::Grid::new("keygen").num_columns(2).show(ui, |ui| {
        let l = ui.label(t("New key file"));
        ui.add(egui::TextEdit::singleline(&mut st.new_key_path).desired_width(420.0))
            .labelled_by(l.id);
        ui.end_row();
        let l = ui.label(t("New passphrase"));
        ui.add(egui::TextEdit::singleline(&mut st.new_pass).password(true))
            .labelled_by(l.id);
        ui.end_row();
        let l = ui.label(t("Repeat the passphrase"));
        ui.add(egui::TextEdit::singleline(&mut st.new_pass2).password(true))
            .labelled_by(l.id);
        ui.end_row();
    });
    let matches = !st.new_pass.is_empty() && st.new_pass == st.new_pass2;
    if !st.new_pass2.is_empty() && !matches {
        ui.colored_label(ui.visuals().error_fg_color, t("The passphrases differ."));
    }
    let ok = matches && !st.new_key_path.trim().is_empty() && !st.name.trim().is_empty();
    if st.name.trim().is_empty() {
        ui.label(t("Enter the signer name above first (Sign the workbook)."));
    }
    if ui
        .add_enabled(
            ok && !app.jobs.is_running("keygen"),
            egui::Button::new(t("Create key")),
        )
        .clicked()
    {
        let out = PathBuf::from(st.new_key_path.trim());
        let (name, org, pass) = (
            st.name.trim().to_string(),
            st.org.trim().to_string(),
            st.new_pass.clone(),
        );
        st.new_pass.clear();
        st.new_pass2.clear();
        app.jobs.spawn(ctx, "keygen", t("Creating the key").to_string(), false, move |_| {
            if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty())
                && let Err(e) = std::fs::create_dir_all(dir)
            {
                return Output::Key(Err(format!("{}: {e}", dir.display())));
            }
            if out.exists() {
                return Output::Key(Err(format!(
                    "{}: a file already exists there — choose another name (an existing key is never overwritten)",
                    out.display()
                )));
            }
            Output::Key(signing::keygen(&out, &name, &org, &pass).map(|(_, fp)| (out.clone(), fp)))
        });
    }
    if let Some(m) = &app.export.key_message {
        ui.label(m);
    }
}

pub fn key_done(app: &mut App, r: Result<(PathBuf, String), String>) {
    match r {
        Ok((path, fingerprint)) => {
            app.export.key_path = path.display().to_string();
            app.export.key_message = Some(format!(
                "{} {} ({fingerprint})",
                app.t("Key created:"),
                path.display()
            ));
        }
        Err(e) => app.error = Some(e),
    }
}
