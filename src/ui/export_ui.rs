//! Step 8: export and sign — output path, key file, passphrase (masked),
//! progress, then the verification of the written file (signer, fingerprint,
//! intact). A newcomer without a key can create one here.

use super::app::error_chain;
use super::command::AppCommand;
use super::jobs::{self, Pending};
use super::panel::PanelCx;
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

/// The export form, its jobs and what the last export found.
#[derive(Default)]
pub struct ExportPanel {
    pub path: String,
    /// A draft (DRAFT on every page) rather than the final package.
    pub draft: bool,
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
    /// What is exported: the audit workbook (`None`) or the CBAM
    /// communication of this installation.
    pub cbam: Option<String>,
    export_job: Option<Pending<Result<ExportDone, String>>>,
    key_job: Option<Pending<Result<(PathBuf, String), String>>>,
}

impl ExportPanel {
    pub fn from_settings(s: &Settings) -> ExportPanel {
        ExportPanel {
            sign: true,
            key_path: s.key_path.clone(),
            name: s.signer_name.clone(),
            org: s.signer_org.clone(),
            new_key_path: default_key_path(),
            ..Default::default()
        }
    }

    /// For another project: its workbook suggested beside it; the signer
    /// and key kept.
    pub fn reset_for(mut self, project_path: Option<PathBuf>) -> ExportPanel {
        self.done = None;
        self.cbam = None;
        self.error = None;
        self.passphrase.clear();
        self.export_job = None;
        self.path = project_path
            .map(|p| p.with_extension("xlsx"))
            .unwrap_or_else(|| std::env::temp_dir().join("parkaudit-workbook.xlsx"))
            .display()
            .to_string();
        self
    }

    /// Chooses what to export (the CBAM step sends its installation), with a
    /// file name beside the current one.
    pub fn choose_cbam(&mut self, installation: Option<String>) {
        if self.cbam == installation {
            return;
        }
        let path = PathBuf::from(self.path.trim());
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| "parkaudit".into());
        let base = stem.split("-cbam-").next().unwrap_or(&stem).to_string();
        let name = match &installation {
            Some(id) => format!("{base}-cbam-{id}.xlsx"),
            None => format!("{base}.xlsx"),
        };
        self.path = path.with_file_name(name).display().to_string();
        self.cbam = installation;
        self.done = None;
        self.error = None;
    }

    /// The step's badge: 1 until the project is exported in this session.
    pub fn attention(&self) -> usize {
        usize::from(self.done.is_none())
    }

    /// Collects the panel's finished jobs.
    pub fn poll(&mut self, cx: &mut PanelCx) {
        match jobs::take(&mut self.export_job).map(|r| r.and_then(|x| x)) {
            Some(Ok(d)) => {
                cx.toast(format!("{} {}", cx.t("Exported"), d.path.display()), false);
                self.done = Some(d);
            }
            Some(Err(e)) => self.error = Some(e),
            None => {}
        }
        match jobs::take(&mut self.key_job).map(|r| r.and_then(|x| x)) {
            Some(Ok((path, fingerprint))) => {
                self.key_path = path.display().to_string();
                self.key_message = Some(format!(
                    "{} {} ({fingerprint})",
                    cx.t("Key created:"),
                    path.display()
                ));
            }
            Some(Err(e)) => cx.error(e),
            None => {}
        }
    }
}

fn default_key_path() -> String {
    std::env::var_os("HOME")
        .map(|h| PathBuf::from(h).join(".parkaudit").join("signing-key"))
        .unwrap_or_else(|| PathBuf::from("parkaudit-signing-key"))
        .display()
        .to_string()
}

impl ExportPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        ui.heading(cx.t("Export & sign"));
        ui.label(cx.t("Writes the audit workbook (cover, boundary, methodology, factors, activity, inventory, charts, findings, trail) and signs it with your Ed25519 key."));
        ui.add_space(6.0);
        let busy = self.export_job.is_some();
        let installations: Vec<(String, String)> = cx
            .project()
            .cbam
            .as_ref()
            .map(|c| {
                c.installations
                    .iter()
                    .map(|i| (i.entity_id.clone(), i.name_en.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let mut choice = self.cbam.clone();
        egui::Grid::new("export")
            .num_columns(2)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                if !installations.is_empty() {
                    ui.label(cx.t("What to export"));
                    let current = match &choice {
                        None => cx.t("The audit workbook").to_string(),
                        Some(id) => format!("{} {id}", cx.t("CBAM communication of")),
                    };
                    egui::ComboBox::from_id_salt("export_what")
                        .selected_text(current)
                        .width(420.0)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut choice, None, cx.t("The audit workbook"));
                            for (id, name) in &installations {
                                ui.selectable_value(
                                    &mut choice,
                                    Some(id.clone()),
                                    format!("{} {id} · {name}", cx.t("CBAM communication of")),
                                );
                            }
                        });
                    ui.end_row();
                }
                let l = ui.label(cx.t("Output workbook"));
                ui.horizontal(|ui| {
                    ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(420.0))
                        .labelled_by(l.id);
                    if ui.button(cx.t("Browse…")).clicked()
                        && let Some(p) = rfd::FileDialog::new()
                            .add_filter("Workbook", &["xlsx"])
                            .save_file()
                    {
                        self.path = p.display().to_string();
                    }
                });
                ui.end_row();
                ui.label("");
                ui.checkbox(
                    &mut self.draft,
                    super::i18n::tr(cx.lang(), "Draft — not a verification statement"),
                );
                ui.end_row();
                ui.label("");
                ui.checkbox(
                    &mut self.sign,
                    super::i18n::tr(cx.lang(), "Sign the workbook"),
                );
                ui.end_row();
                if self.sign {
                    let l = ui.label(cx.t("Key file"));
                    ui.horizontal(|ui| {
                        ui.add(egui::TextEdit::singleline(&mut self.key_path).desired_width(420.0))
                            .labelled_by(l.id);
                        if ui.button(cx.t("Browse…")).clicked()
                            && let Some(p) = rfd::FileDialog::new().pick_file()
                        {
                            self.key_path = p.display().to_string();
                        }
                    });
                    ui.end_row();
                    let l = ui.label(cx.t("Passphrase"));
                    ui.add(
                        egui::TextEdit::singleline(&mut self.passphrase)
                            .password(true)
                            .desired_width(240.0),
                    )
                    .labelled_by(l.id);
                    ui.end_row();
                    let l = ui.label(cx.t("Signer name"));
                    ui.add(egui::TextEdit::singleline(&mut self.name).desired_width(240.0))
                        .labelled_by(l.id);
                    ui.end_row();
                    let l = ui.label(cx.t("Organisation"));
                    ui.add(egui::TextEdit::singleline(&mut self.org).desired_width(240.0))
                        .labelled_by(l.id);
                    ui.end_row();
                }
            });
        if choice != self.cbam {
            self.choose_cbam(choice);
        }
        // A final package only when nothing is open (the export checks again).
        let open = cx.derived().gaps.len();
        let allowed = self.draft || open == 0;
        let ready = allowed
            && !self.path.trim().is_empty()
            && (!self.sign || (!self.key_path.trim().is_empty() && !self.passphrase.is_empty()));
        // Why the button is disabled, said beside it (and on hover).
        let why = if !allowed {
            Some(cx.t(
                "A final package needs the open items below closed — or tick Draft to export a draft.",
            ))
        } else if self.path.trim().is_empty() {
            Some(cx.t("Give the file to write the workbook to."))
        } else if !ready {
            Some(cx.t("Give the signing key and its passphrase, or untick Sign the workbook."))
        } else {
            None
        };
        ui.horizontal(|ui| {
            let mut button =
                ui.add_enabled(ready && !busy, egui::Button::new(cx.t("Export workbook")));
            if let Some(w) = why {
                button = button.on_disabled_hover_text(w);
            }
            if button.clicked() {
                self.start_export(cx);
            }
            if let Some(w) = why {
                ui.colored_label(egui::Color32::from_rgb(210, 120, 0), w);
            } else if self.draft && open > 0 {
                // Allowed, but the recipient must not mistake it for the final package.
                ui.colored_label(
                    egui::Color32::from_rgb(210, 120, 0),
                    format!(
                        "⚠ {} {}",
                        open,
                        cx.t("items are still open: this draft's cover says it is not a verification statement.")
                    ),
                );
            }
            if busy {
                ui.spinner();
                ui.label(cx.t("Exporting…"));
            }
        });
        gaps_ui(ui, cx);
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        self.result_ui(ui, cx);
        ui.add_space(12.0);
        egui::CollapsingHeader::new(cx.t("Create a signing key"))
            .default_open(self.key_path.is_empty())
            .show(ui, |ui| self.keygen_ui(ui, cx));
    }

    fn start_export(&mut self, cx: &mut PanelCx) {
        let project = cx.doc().shared();
        let st = self;
        st.done = None;
        st.error = None;
        let path = PathBuf::from(st.path.trim());
        let key = st.sign.then(|| PathBuf::from(st.key_path.trim()));
        let pass = std::mem::take(&mut st.passphrase);
        let (name, org) = (st.name.trim().to_string(), st.org.trim().to_string());
        let package = if st.draft {
            export::Package::Draft
        } else {
            export::Package::Final
        };
        let zh = cx.lang() == super::i18n::Lang::Zh;
        let cbam = st.cbam.clone();
        cx.send(AppCommand::RememberSigner {
            name: name.clone(),
            org: org.clone(),
            key_path: st.key_path.trim().to_string(),
        });
        let label = format!("{} {}", cx.t("Exporting"), path.display());
        st.export_job = Some(cx.spawn("export", label, true, move |progress| {
            let run = || -> Result<ExportDone, String> {
                let signer = match &key {
                    Some(k) => {
                        progress.phase("loading the key");
                        let n = (!name.is_empty()).then_some(name.as_str());
                        let o = (!org.is_empty()).then_some(org.as_str());
                        Some(
                            signing::Signer::load(k, Some(&pass), n, o)
                                .map_err(|e| e.message(zh))?,
                        )
                    }
                    None => None,
                };
                let at = crate::io::time::now_rfc3339_utc();
                let summary = match &cbam {
                    None => export::export_with(
                        &project,
                        &path,
                        package,
                        signer.as_ref(),
                        &at,
                        Some(&progress),
                    )
                    .map_err(|e| {
                        let text = match e.zh() {
                            Some(t) if zh => t,
                            _ => error_chain(&e),
                        };
                        format!("{}: {text}", path.display())
                    })?,
                    Some(id) => {
                        progress.phase("writing sheets");
                        export::export_cbam(&project, id, &path, package, signer.as_ref(), &at)
                            .map_err(|e| {
                                let text = match e.zh() {
                                    Some(t) if zh => t,
                                    _ => error_chain(&e),
                                };
                                format!("{}: {text}", path.display())
                            })?
                    }
                };
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
            run()
        }));
    }

    fn result_ui(&self, ui: &mut egui::Ui, cx: &PanelCx) {
        let Some(d) = &self.done else { return };
        let lang = cx.lang();
        let t = move |s| super::i18n::tr(lang, s);
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
                        for p in r.problems_in(lang == super::i18n::Lang::Zh) {
                            ui.label(p);
                        }
                        // The detached signature's state in the app's language;
                        // the verifier's own words (file, cause) on hover.
                        match &r.file_signature {
                            verify::FileSignature::Mismatch(e) => {
                                ui.label(t("The detached signature (.sig) does not match the file's bytes."))
                                    .on_hover_text(e);
                            }
                            verify::FileSignature::Unreadable(e) => {
                                ui.label(t("The detached signature (.sig) cannot be read."))
                                    .on_hover_text(e);
                            }
                            _ => {}
                        }
                    }
                }
                Err(e) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
            }
        });
    }

    fn keygen_ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        let lang = cx.lang();
        let t = |s| super::i18n::tr(lang, s);
        let running = self.key_job.is_some();
        let st = self;
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
            .add_enabled(ok && !running, egui::Button::new(t("Create key")))
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
            let exists = format!(
                "{}: {}",
                out.display(),
                t(
                    "a file already exists there — choose another name (an existing key is never overwritten)"
                )
            );
            st.key_job = Some(cx.spawn(
                "keygen",
                t("Creating the key").to_string(),
                false,
                move |_| {
                    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty())
                        && let Err(e) = std::fs::create_dir_all(dir)
                    {
                        return Err(format!("{}: {e}", dir.display()));
                    }
                    if out.exists() {
                        return Err(exists);
                    }
                    signing::keygen(&out, &name, &org, &pass).map(|(_, fp)| (out.clone(), fp))
                },
            ));
        }
        if let Some(m) = &st.key_message {
            ui.label(m);
        }
    }
}

/// What is missing or open before the verification is complete.
fn gaps_ui(ui: &mut egui::Ui, cx: &PanelCx) {
    let gaps = &cx.derived().gaps;
    if gaps.is_empty() {
        ui.colored_label(
            egui::Color32::from_rgb(40, 150, 70),
            cx.t("✔ Nothing is missing or open: the verification is complete."),
        );
        return;
    }
    let zh = cx.lang() == super::i18n::Lang::Zh;
    egui::CollapsingHeader::new(format!(
        "⚠ {} ({})",
        cx.t("The verification is not complete"),
        gaps.len()
    ))
    .id_salt("export_gaps")
    .default_open(gaps.len() <= 8)
    .show(ui, |ui| {
        for g in gaps {
            ui.label(format!("• {}", g.message(zh)));
        }
    });
}
