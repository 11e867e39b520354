//! Small shared pieces: number formatting, status badges, headline figures,
//! guidance boxes, toasts and the small dialogs (palette, about, references).

use super::app::{App, Step};
use super::command::{self, AppCommand};
use super::i18n::{Lang, n_, tr};
use crate::model::guidance::Guidance;

/// Tonnes on screen: the one rule of `audit::words::t_short`.
pub fn fmt_t(t: f64) -> String {
    crate::audit::words::t_short(t)
}

/// A signed change in tonnes, e.g. `+1,234` or `-56.0`.
pub fn fmt_delta_t(t: f64) -> String {
    if t > 0.0 {
        format!("+{}", fmt_t(t))
    } else {
        fmt_t(t)
    }
}

/// The words for the verification's values, in the current language (the
/// library's `label()`s are English only).
pub fn severity_label(lang: Lang, s: crate::audit::Severity) -> &'static str {
    use crate::audit::Severity as S;
    tr(
        lang,
        match s {
            S::High => n_("High"),
            S::Medium => n_("Medium"),
            S::Low => n_("Low"),
            S::Info => n_("Info"),
        },
    )
}

pub fn finding_type_label(lang: Lang, k: crate::model::FindingType) -> &'static str {
    use crate::model::FindingType as K;
    tr(
        lang,
        match k {
            K::Misstatement => n_("Misstatement"),
            K::NonConformity => n_("Non-conformity"),
            K::Observation => n_("Observation"),
        },
    )
}

pub fn status_label(lang: Lang, s: crate::model::FindingStatus) -> &'static str {
    use crate::model::FindingStatus as S;
    tr(
        lang,
        match s {
            S::Open => n_("Open"),
            S::Responded => n_("Responded"),
            S::Closed => n_("Closed"),
        },
    )
}

/// A sector as entered (`steel`, `data_centre`), named in the app's
/// language where it is one of the usual ones; others show as entered.
pub fn sector_label(lang: Lang, sector: &str) -> String {
    const NAMES: &[(&str, &str, &str)] = &[
        ("administration", "Administration", "管理机构"),
        ("aluminium", "Aluminium", "铝"),
        ("battery_materials", "Battery materials", "电池材料"),
        ("cement", "Cement", "水泥"),
        ("chemicals", "Chemicals", "化工"),
        ("data_centre", "Data centre", "数据中心"),
        ("electronics", "Electronics", "电子"),
        ("fertiliser", "Fertiliser", "化肥"),
        ("food", "Food", "食品"),
        ("glass", "Glass", "玻璃"),
        ("hydrogen", "Hydrogen", "氢"),
        ("logistics", "Logistics", "物流"),
        ("machinery", "Machinery", "机械"),
        ("paper", "Paper", "造纸"),
        ("pharmaceuticals", "Pharmaceuticals", "医药"),
        ("power", "Power", "电力"),
        ("residential", "Residential", "居住"),
        ("services", "Services", "服务业"),
        ("steel", "Steel", "钢铁"),
        ("textiles", "Textiles", "纺织"),
        ("utilities", "Utilities", "公用设施"),
    ];
    match NAMES.iter().find(|(k, _, _)| *k == sector) {
        Some((_, en, zh)) => (if lang == Lang::Zh { zh } else { en }).to_string(),
        None => sector.to_string(),
    }
}

pub fn consolidation_label(lang: Lang, c: crate::model::Consolidation) -> &'static str {
    use crate::model::Consolidation as C;
    tr(
        lang,
        match c {
            C::OperationalControl => n_("Operational control"),
            C::FinancialControl => n_("Financial control"),
            C::EquityShare => n_("Equity share"),
        },
    )
}

pub fn opinion_label(lang: Lang, o: crate::model::Opinion) -> &'static str {
    use crate::model::Opinion as O;
    tr(
        lang,
        match o {
            O::Unmodified => n_("Unmodified"),
            O::Modified => n_("Modified"),
            O::Adverse => n_("Adverse"),
            O::Disclaimer => n_("Disclaimer"),
        },
    )
}

pub fn role_label(lang: Lang, r: crate::model::Role) -> &'static str {
    use crate::model::Role as R;
    tr(
        lang,
        match r {
            R::Preparer => n_("Preparer"),
            R::Reviewer => n_("Reviewer"),
            R::LeadVerifier => n_("Lead verifier"),
            R::IndependentReviewer => n_("Independent reviewer"),
        },
    )
}

pub fn section_label(lang: Lang, s: crate::model::Section) -> &'static str {
    use crate::model::Section as S;
    tr(
        lang,
        match s {
            S::Boundary => n_("Boundary"),
            S::Methodology => n_("Methodology"),
            S::Data => n_("Data"),
            S::Inventory => n_("Inventory"),
            S::Findings => n_("Findings"),
            S::Opinion => n_("Opinion"),
        },
    )
}

pub fn test_result_label(lang: Lang, r: &crate::model::TestResult) -> String {
    use crate::model::TestResult as T;
    match r {
        T::Agreed => tr(lang, n_("Agreed")).to_string(),
        T::Misstated { verified_quantity } => format!(
            "{} ({} {})",
            tr(lang, n_("Misstated")),
            tr(lang, n_("verified")),
            verified_quantity
        ),
        T::NotSupported => tr(lang, n_("Not supported")).to_string(),
    }
}

/// ✔ when nothing needs attention, ⚠ n otherwise.
pub fn badge_ui(ui: &mut egui::Ui, lang: Lang, attention: Option<usize>) {
    match attention {
        Some(0) => {
            ui.colored_label(egui::Color32::from_rgb(40, 150, 70), "✔")
                .on_hover_text(tr(lang, "Complete"));
        }
        Some(n) => {
            ui.colored_label(egui::Color32::from_rgb(210, 120, 0), format!("⚠ {n}"))
                .on_hover_text(tr(lang, "Needs attention"));
        }
        None => {}
    }
}

/// Gives a widget without visible text (a checkbox in a table cell) its
/// accessible name, e.g. "E01 included".
pub fn a11y_checkbox(r: egui::Response, checked: bool, name: String) -> egui::Response {
    r.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, checked, &name));
    r
}

/// The accessible name of a value field in a table cell.
pub fn a11y_named(r: egui::Response, kind: egui::Role, name: String) -> egui::Response {
    r.widget_info(|| egui::WidgetInfo::labeled(kind, true, &name));
    r
}

/// A table's header row: each label translated, in bold.
pub fn header_ui(mut row: egui_extras::TableRow<'_, '_>, lang: Lang, labels: &[&'static str]) {
    for label in labels {
        row.col(|ui| {
            ui.strong(tr(lang, label));
        });
    }
}

/// A big number with its label, e.g. the inventory's headline figures.
pub fn figure_ui(ui: &mut egui::Ui, label: &str, value: &str, unit: &str) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_min_width(150.0);
        ui.vertical(|ui| {
            ui.label(egui::RichText::new(label).small());
            ui.label(egui::RichText::new(value).size(20.0).strong());
            ui.label(egui::RichText::new(unit).small().weak());
        });
    });
}

/// The guidance text of a methodology decision, in the current language.
pub fn guidance_ui(ui: &mut egui::Ui, lang: Lang, decision: &str, option: Option<&str>) {
    let Some(d) = Guidance::bundled().decision(decision) else {
        return;
    };
    egui::Frame::group(ui.style())
        .fill(ui.visuals().faint_bg_color)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(egui::RichText::new(d.title.get(lang.code())).strong());
            ui.add(egui::Label::new(d.guidance.get(lang.code())).wrap());
            if let Some(o) = option.and_then(|id| d.options.iter().find(|o| o.id == id)) {
                ui.add_space(4.0);
                ui.label(egui::RichText::new(o.label.get(lang.code())).italics());
                ui.add(egui::Label::new(o.text.get(lang.code())).wrap());
            }
        });
}

pub fn toasts_ui(app: &mut App, ctx: &egui::Context) {
    let now = std::time::Instant::now();
    app.toasts.retain(|t| t.until > now);
    if app.toasts.is_empty() {
        return;
    }
    ctx.request_repaint_after(std::time::Duration::from_millis(500));
    egui::Area::new(egui::Id::unique("toasts"))
        .anchor(egui::Align2::RIGHT_BOTTOM, [-12.0, -36.0])
        .show(ctx, |ui| {
            for t in &app.toasts {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(420.0);
                    if t.error {
                        ui.colored_label(ui.visuals().error_fg_color, &t.text);
                    } else {
                        ui.label(&t.text);
                    }
                });
            }
        });
}

/// Ctrl+Shift+P: every command of the list, filtered by what is typed.
pub fn palette_ui(app: &mut App, ctx: &egui::Context) {
    let Some(mut filter) = app.palette.clone() else {
        return;
    };
    let mut chosen = None;
    let mut close = false;
    egui::Modal::new(egui::Id::unique("palette")).show(ctx, |ui| {
        ui.heading(app.t("Command palette"));
        let r = ui.add(
            egui::TextEdit::singleline(&mut filter)
                .hint_text(app.t("Type to filter"))
                .desired_width(360.0),
        );
        r.request_focus();
        let needle = filter.to_lowercase();
        let mut entries: Vec<(String, AppCommand)> = command::commands()
            .into_iter()
            .map(|c| (app.t(c.label).to_string(), c.command))
            .collect();
        entries.extend(
            Step::ALL
                .iter()
                .map(|s| (format!("→ {}", s.label(app.lang())), AppCommand::Goto(*s))),
        );
        for (label, c) in entries
            .into_iter()
            .filter(|(l, _)| l.to_lowercase().contains(&needle))
        {
            if ui.button(label).clicked() {
                chosen = Some(c);
            }
        }
        if ui.button(app.t("Close")).clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            close = true;
        }
    });
    app.palette = Some(filter);
    if let Some(c) = chosen {
        app.queue(c);
        close = true;
    }
    if close {
        app.palette = None;
    }
}

pub fn about_ui(app: &mut App, ctx: &egui::Context) {
    if !app.about {
        return;
    }
    egui::Modal::new(egui::Id::unique("about")).show(ctx, |ui| {
        ui.heading(format!("ParkAudit {}", env!("CARGO_PKG_VERSION")));
        ui.label(app.t("Offline verification of industrial-park carbon inventories (ISO 14064-1/-3, GHG Protocol)."));
        ui.label(format!(
            "{} {}",
            app.t("Factor library"),
            crate::calc::library::LIBRARY_VERSION
        ));
        ui.label(app.t("Chinese font: Noto Sans CJK SC (subset), SIL Open Font License 1.1."));
        let s = &app.frame_stats;
        ui.label(format!(
            "{}: {:.1} ms ({} {:.1} ms)",
            app.t("Last frame"),
            s.last_ms,
            app.t("worst"),
            s.worst_ms
        ));
        if ui.button(app.t("Close")).clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            app.about = false;
        }
    });
}

pub fn references_ui(app: &mut App, ctx: &egui::Context) {
    if !app.references {
        return;
    }
    let lang = app.lang();
    egui::Modal::new(egui::Id::unique("references")).show(ctx, |ui| {
        ui.set_max_width(720.0);
        ui.heading(app.t("Methodology references"));
        egui::ScrollArea::vertical().max_height(480.0).show(ui, |ui| {
            for (name, what) in [
                ("ISO 14064-1:2018", app.t("Organisation-level GHG inventories: categories 1–6, boundaries, reporting.")),
                ("ISO 14064-3:2019", app.t("Verification and validation: evidence, materiality, the opinion.")),
                ("ISO 14068-1:2023", app.t("Carbon neutrality: the path from inventory to claims.")),
                ("GHG Protocol Corporate Standard", app.t("Consolidation approaches, scopes 1–3, base year.")),
                ("GHG Protocol Scope 2 Guidance", app.t("Location- and market-based scope 2, quality criteria for instruments.")),
                ("IPCC 2006 Guidelines (2019 Refinement)", app.t("Default emission factors and methods.")),
                ("GB/T 32150-2015", app.t("China's general guideline for industrial enterprises' GHG accounting.")),
            ] {
                ui.label(egui::RichText::new(name).strong());
                ui.label(what);
                ui.add_space(4.0);
            }
            ui.separator();
            ui.label(egui::RichText::new(app.t("MEE sector guidelines")).strong());
            for g in &Guidance::bundled().guidelines {
                ui.label(format!("{} ({}) — {}", g.name.get(lang.code()), g.year, g.sectors.join(", ")));
            }
        });
        if ui.button(app.t("Close")).clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            app.references = false;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tonnes_are_grouped_and_rounded() {
        assert_eq!(fmt_t(7_947_666.4), "7,947,666");
        assert_eq!(fmt_t(999.4), "999.4");
        assert_eq!(fmt_t(-1234.0), "-1,234");
        assert_eq!(fmt_t(0.0), "0");
        assert_eq!(fmt_delta_t(12.0), "+12.0");
        assert_eq!(fmt_t(-0.0001), "> -0.01");
    }
}

/// What a number field holds while it is being typed in: the text as typed
/// and why it was not taken. Runtime only (egui's temporary memory).
#[derive(Clone, Default)]
struct Draft {
    text: String,
    error: Option<String>,
}

/// A number field that never rewrites what the user typed: text that is
/// not a number, or a value the edit layer refuses, stays in the field with
/// the reason beside it, and the project keeps its value. `edit` makes the
/// edit for a parsed value; `tag` names its outcome.
pub fn number_field(
    ui: &mut egui::Ui,
    cx: &mut super::panel::PanelCx,
    label_id: egui::Id,
    current: f64,
    tag: &'static str,
    edit: impl FnOnce(f64) -> crate::edit::Edit,
) {
    let id = label_id.with("number_field");
    let mut draft: Option<Draft> = ui.data(|d| d.get_temp(id));
    if let Some(result) = cx.outcome(tag)
        && let Some(d) = draft.as_mut()
    {
        d.error = result.as_ref().err().cloned();
    }
    let mut text = draft
        .as_ref()
        .map_or_else(|| crate::audit::words::exact(current), |d| d.text.clone());
    let r = ui
        .add(egui::TextEdit::singleline(&mut text).desired_width(80.0))
        .labelled_by(label_id);
    if r.changed() {
        let parsed = text
            .trim()
            .trim_end_matches('%')
            .trim()
            .replace(',', "")
            .parse::<f64>();
        let error = match parsed {
            Ok(v) if v == current => None,
            Ok(v) => {
                cx.edit_tagged(edit(v), tag);
                None
            }
            Err(_) => Some(cx.t("not a number: type digits, e.g. 5 or 2.5").to_string()),
        };
        draft = Some(Draft { text, error });
    } else if r.lost_focus() && draft.as_ref().is_some_and(|d| d.error.is_none()) {
        draft = None; // taken: show the project's value again
    }
    if let Some(e) = draft.as_ref().and_then(|d| d.error.as_ref()) {
        ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {e}"));
    }
    ui.data_mut(|d| match draft {
        Some(x) => {
            d.insert_temp(id, x);
        }
        None => d.remove::<Draft>(id),
    });
}
