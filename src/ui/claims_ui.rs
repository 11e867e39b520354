//! The Claims & pathway step: the zero-carbon-park indicators with pass or
//! fail and their gaps, the credits register (a block added through the
//! edit layer, which refuses overlaps, late retirements and miscounts), the
//! ISO 14068-1 claim in words, the trajectory against the targets, and the
//! abatement curve. Figures come from the cached analysis and `calc::claims`.

use super::i18n::{Lang, n_, tr};
use super::panel::PanelCx;
use super::widgets::fmt_t;
use crate::audit::words::significant;
use crate::calc::claims;
use crate::edit::{ClaimsChange, Edit};
use crate::model::claims::{Claims, ClaimsMethod, Credit, CreditKind};
use egui_plot::{Bar, BarChart, Legend, Line, Plot, PlotPoints};

/// The step's view state: the credit block being typed in.
#[derive(Default)]
pub struct ClaimsPanel {
    pub credit: CreditForm,
}

/// A credit block as typed (numbers as text, so nothing is rewritten).
#[derive(Default)]
pub struct CreditForm {
    pub id: String,
    pub programme: String,
    pub project: String,
    pub removal: bool,
    pub first: String,
    pub last: String,
    pub vintage: String,
    pub quantity: String,
    pub retired_on: String,
    pub registry: String,
    pub evidence: String,
}

const GREEN: egui::Color32 = egui::Color32::from_rgb(40, 150, 70);

fn verdict(ui: &mut egui::Ui, lang: Lang, passes: Option<bool>) {
    match passes {
        Some(true) => ui.colored_label(GREEN, tr(lang, "✔ meets it")),
        Some(false) => ui.colored_label(ui.visuals().error_fg_color, tr(lang, "⚠ short")),
        None => ui.label(tr(lang, "not assessed")),
    };
}

impl ClaimsPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        let lang = cx.lang();
        let t = move |s| tr(lang, s);
        ui.heading(t("Claims & pathway"));
        ui.label(t("What the park can claim from its verified inventory: the national zero-carbon-park indicators, an ISO 14068-1 carbon-neutrality claim of the park operator with its retired credits, and the pathway to the 2030 and 2060 goals."));
        let Some(a) = cx.analysis().cloned() else {
            ui.spinner();
            return;
        };
        let c = cx.project().claims.clone().unwrap_or_default();
        self.core_ui(ui, cx, &a.core_indicator, &c.method);
        guiding_ui(ui, lang, &c, &cx.project().verification.indicator_tests);
        ui.separator();
        credits_ui(ui, lang, &c);
        self.credit_form_ui(ui, cx);
        ui.separator();
        let year = cx.project().park.reporting_year;
        let base = (cx.project().park.base_year, a.claim_base_t);
        claim_ui(ui, lang, &c, &a.inventory.by_entity, year, base);
        if let Some(b) = &a.base_year {
            ui.label(format!(
                "{} {}: {} {} t, {} {} t ({} %){}",
                t("Base year"),
                cx.project().park.base_year,
                t("recorded"),
                fmt_t(b.recorded_t),
                t("recomputed today"),
                fmt_t(b.recomputed_t),
                significant(b.change_pct, 3),
                if b.recalculate {
                    t(" — beyond the threshold: recalculate the base year")
                } else {
                    ""
                }
            ));
        }
        ui.separator();
        let years = claims::trajectory(
            &c,
            cx.project().park.base_year,
            year,
            a.inventory.total_t_co2e,
        );
        trajectory_ui(ui, lang, &years);
        match claims::targets_met(&c, &years) {
            Some(Ok(())) => {
                ui.colored_label(
                    GREEN,
                    t("✔ The planned measures meet every target of the park."),
                );
            }
            Some(Err((year, gap))) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!(
                        "⚠ {} {year}: {} t CO₂e",
                        t("The planned measures fall short of the park's target in"),
                        fmt_t(gap)
                    ),
                );
            }
            None => {}
        }
        abatement_ui(ui, lang, &c);
    }

    fn core_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut PanelCx,
        core: &claims::CoreIndicator,
        method: &ClaimsMethod,
    ) {
        let lang = cx.lang();
        let t = move |s| tr(lang, s);
        ui.add_space(6.0);
        ui.strong(t(
            "Zero-carbon park: CO₂ per unit of energy consumption (发改环资〔2025〕910号)",
        ));
        egui::Grid::new("core_indicator")
            .num_columns(2)
            .show(ui, |ui| {
                ui.label(t("Energy consumption"));
                ui.label(format!("{} tce", fmt_t(core.energy_tce)));
                ui.end_row();
                ui.label(t("CO₂ counted"));
                ui.label(format!("{} t", fmt_t(core.co2_t)));
                ui.end_row();
                ui.label(t("CO₂ per tce"));
                ui.strong(significant(core.value, 4));
                ui.end_row();
                ui.label(t("Threshold"));
                ui.label(core.threshold.map_or_else(
                    || t("none: the notice sets none under 200,000 tce").to_string(),
                    |v| format!("≤ {v}"),
                ));
                ui.end_row();
                ui.label(t("Result"));
                verdict(ui, lang, core.passes());
                ui.end_row();
                if core.excess_co2_t > 0.0 {
                    ui.label(t("Gap"));
                    ui.label(match core.green_mwh_to_close {
                        Some(mwh) => format!(
                            "−{} t CO₂ {} +{} MWh {}",
                            fmt_t(core.excess_co2_t),
                            t("or"),
                            fmt_t(mwh),
                            t("of green electricity")
                        ),
                        None => format!("−{} t CO₂", fmt_t(core.excess_co2_t)),
                    });
                    ui.end_row();
                }
            });
        let mut m = method.clone();
        ui.checkbox(
            &mut m.green_electricity_zero,
            t("Certificate-backed green electricity counts at zero"),
        );
        ui.checkbox(&mut m.include_process_co2, t("Process CO₂ counts as well"));
        if &m != method {
            cx.edit(Edit::Claims(ClaimsChange::Method(m)));
        }
    }

    fn credit_form_ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        let lang = cx.lang();
        let t = move |s| tr(lang, s);
        let year = cx.project().park.reporting_year;
        egui::CollapsingHeader::new(t("Add a credit block"))
            .id_salt("add_credit")
            .show(ui, |ui| {
                let f = &mut self.credit;
                egui::Grid::new("credit_form")
                    .num_columns(2)
                    .show(ui, |ui| {
                        for (label, slot) in [
                            (n_("Block id"), &mut f.id),
                            (n_("Programme"), &mut f.programme),
                            (n_("Project"), &mut f.project),
                            (n_("First serial"), &mut f.first),
                            (n_("Last serial"), &mut f.last),
                            (n_("Vintage"), &mut f.vintage),
                            (n_("Quantity (t)"), &mut f.quantity),
                            (n_("Retired on (YYYY-MM-DD)"), &mut f.retired_on),
                            (n_("Registry"), &mut f.registry),
                            (n_("Retirement evidence"), &mut f.evidence),
                        ] {
                            let l = ui.label(t(label));
                            ui.add(egui::TextEdit::singleline(slot).desired_width(260.0))
                                .labelled_by(l.id);
                            ui.end_row();
                        }
                        ui.label(t("Kind"));
                        ui.horizontal(|ui| {
                            ui.radio_value(&mut f.removal, false, t("Avoidance"));
                            ui.radio_value(&mut f.removal, true, t("Removal"));
                        });
                        ui.end_row();
                    });
                let parsed = (
                    f.vintage.trim().parse::<i32>(),
                    f.quantity.trim().replace(',', "").parse::<f64>(),
                );
                let ready = parsed.0.is_ok() && parsed.1.is_ok();
                let r = ui.add_enabled(
                    ready,
                    egui::Button::new(format!("{} {year}", t("Record the block for"))),
                );
                if r.clicked()
                    && let (Ok(vintage), Ok(quantity_t)) = parsed
                {
                    let credit = Credit {
                        id: f.id.trim().to_string(),
                        programme: f.programme.trim().to_string(),
                        project: f.project.trim().to_string(),
                        kind: if f.removal {
                            CreditKind::Removal
                        } else {
                            CreditKind::Avoidance
                        },
                        serial_first: f.first.trim().to_string(),
                        serial_last: f.last.trim().to_string(),
                        vintage,
                        quantity_t,
                        retired_on: f.retired_on.trim().to_string(),
                        registry: f.registry.trim().to_string(),
                        evidence: f.evidence.trim().to_string(),
                        claim_year: year,
                    };
                    cx.edit_tagged(
                        Edit::Claims(ClaimsChange::AddCredit(credit)),
                        "claims.credit",
                    );
                }
                if !ready {
                    ui.label(t("Give the vintage and the quantity as numbers."));
                }
            });
        match cx.outcome("claims.credit") {
            Some(Ok(_)) => self.credit = CreditForm::default(),
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            None => {}
        }
    }
}

fn guiding_ui(ui: &mut egui::Ui, lang: Lang, c: &Claims, tests: &[crate::model::IndicatorTest]) {
    let t = move |s| tr(lang, s);
    ui.add_space(6.0);
    ui.strong(t("Guiding indicators"));
    if c.indicators.is_empty() {
        ui.label(t(
            "None entered yet: enter them with their evidence (`parkaudit claims apply`).",
        ));
        return;
    }
    egui::ScrollArea::horizontal()
        .id_salt("guiding")
        .show(ui, |ui| {
            egui::Grid::new("guiding").striped(true).show(ui, |ui| {
                for h in [
                    n_("Indicator"),
                    n_("Value"),
                    n_("Threshold"),
                    n_("Result"),
                    n_("Gap"),
                    n_("Tested"),
                    n_("Evidence"),
                ] {
                    ui.strong(t(h));
                }
                ui.end_row();
                for e in &c.indicators {
                    let g = claims::guiding(e);
                    let name = if lang == Lang::Zh {
                        e.indicator.label_zh()
                    } else {
                        e.indicator.label()
                    };
                    if e.product.is_empty() {
                        ui.label(name);
                    } else {
                        ui.label(format!("{name} ({})", e.product));
                    }
                    ui.label(format!("{} %", significant(g.value_pct, 3)));
                    ui.label(format!("{} %", e.indicator.threshold_pct()));
                    verdict(ui, lang, Some(g.passes));
                    ui.label(if g.passes {
                        "–".to_string()
                    } else {
                        format!("{} {}", significant(g.gap, 4), e.unit)
                    });
                    let reference = e.reference();
                    ui.label(match tests.iter().find(|x| x.indicator == reference) {
                        None => t("not tested"),
                        Some(x) => match x.result {
                            crate::model::TestResult::Agreed => t("Agreed"),
                            crate::model::TestResult::Misstated { .. } => t("Misstated"),
                            crate::model::TestResult::NotSupported => t("Not supported"),
                        },
                    });
                    ui.label(&e.evidence);
                    ui.end_row();
                }
            });
        });
}

fn credits_ui(ui: &mut egui::Ui, lang: Lang, c: &Claims) {
    let t = move |s| tr(lang, s);
    ui.strong(t("Credits register"));
    if c.credits.is_empty() {
        ui.label(t("No credits retired yet."));
        return;
    }
    egui::ScrollArea::horizontal()
        .id_salt("credits")
        .show(ui, |ui| {
            egui::Grid::new("credits_grid")
                .striped(true)
                .show(ui, |ui| {
                    for h in [
                        n_("Block id"),
                        n_("Programme"),
                        n_("Kind"),
                        n_("Serials"),
                        n_("Quantity (t)"),
                        n_("Retired on (YYYY-MM-DD)"),
                        n_("Claim year"),
                    ] {
                        ui.strong(t(h));
                    }
                    ui.end_row();
                    for k in &c.credits {
                        ui.label(&k.id);
                        ui.label(&k.programme);
                        ui.label(match k.kind {
                            CreditKind::Avoidance => t("Avoidance"),
                            CreditKind::Removal => t("Removal"),
                        });
                        ui.label(format!("{} … {}", k.serial_first, k.serial_last));
                        ui.label(fmt_t(k.quantity_t));
                        ui.label(&k.retired_on);
                        ui.label(k.claim_year.to_string());
                        ui.end_row();
                    }
                });
        });
}

fn claim_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    c: &Claims,
    by_entity: &std::collections::BTreeMap<String, f64>,
    year: i32,
    base: (i32, Option<f64>),
) {
    let t = move |s| tr(lang, s);
    ui.strong(t("Carbon-neutrality claim (ISO 14068-1:2023)"));
    match (c.claim.as_ref(), claims::balance(c, by_entity, year)) {
        (Some(claim), Some(b)) => {
            let (en, zh) = crate::audit::claims::statement(claim, &b, year, base);
            // Wrapped to the panel, whatever width the tables above took.
            let width = ui.clip_rect().width().min(ui.available_width()) - 16.0;
            ui.scope(|ui| {
                ui.set_max_width(width.max(240.0));
                ui.add(egui::Label::new(if lang == Lang::Zh { zh } else { en }).wrap());
            });
            if b.surplus_t < 0.0 {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!(
                        "{} {} t",
                        t("Credits short of the residual:"),
                        fmt_t(-b.surplus_t)
                    ),
                );
            }
        }
        _ => {
            ui.label(t("No claim recorded."));
        }
    }
}

fn trajectory_ui(ui: &mut egui::Ui, lang: Lang, years: &[claims::Year]) {
    let t = move |s| tr(lang, s);
    ui.strong(t("Trajectory against the targets (t CO₂e)"));
    let series = |f: &dyn Fn(&claims::Year) -> Option<f64>| -> Vec<[f64; 2]> {
        years
            .iter()
            .filter_map(|y| f(y).map(|v| [f64::from(y.year), v]))
            .collect()
    };
    let lines: [(&str, Vec<[f64; 2]>, egui::Color32); 6] = [
        (
            n_("Actual"),
            series(&|y| y.actual_t),
            egui::Color32::from_rgb(30, 30, 30),
        ),
        (
            n_("Planned"),
            series(&|y| y.planned_t),
            egui::Color32::from_rgb(50, 120, 200),
        ),
        (
            n_("Park target"),
            series(&|y| y.target_t),
            egui::Color32::from_rgb(40, 150, 70),
        ),
        (
            n_("National 30/60"),
            series(&|y| y.national_t),
            egui::Color32::from_rgb(200, 60, 60),
        ),
        (
            n_("2 °C upper"),
            series(&|y| y.band_t.map(|b| b.0)),
            egui::Color32::from_rgb(200, 140, 60),
        ),
        (
            n_("2 °C lower"),
            series(&|y| y.band_t.map(|b| b.1)),
            egui::Color32::from_rgb(230, 180, 100),
        ),
    ];
    let width = ui.available_width().clamp(320.0, 760.0);
    Plot::new("trajectory")
        .height(240.0)
        .width(width)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .y_axis_formatter(|mark, _| fmt_t(mark.value))
        .legend(Legend::default())
        .show(ui, |pui| {
            for (name, points, colour) in lines {
                if !points.is_empty() {
                    pui.line(Line::new(t(name), PlotPoints::from(points)).color(colour));
                }
            }
        });
    // The gaps at the target years.
    let gaps: Vec<String> = years
        .iter()
        .filter(|y| y.year % 5 == 0)
        .filter_map(|y| y.gap_t.map(|g| format!("{} {}", y.year, fmt_t(g))))
        .collect();
    if !gaps.is_empty() {
        ui.label(format!(
            "{}: {}",
            t("Planned minus the park's target (t CO₂e)"),
            gaps.join(" · ")
        ));
    }
}

fn abatement_ui(ui: &mut egui::Ui, lang: Lang, c: &Claims) {
    let t = move |s| tr(lang, s);
    let curve = claims::abatement_curve(&c.measures);
    if curve.is_empty() {
        return;
    }
    ui.strong(t(
        "Marginal abatement cost curve (CNY per t CO₂e, width: t CO₂e a year)",
    ));
    let mut start = 0.0;
    let bars: Vec<Bar> = curve
        .iter()
        .map(|(m, cum)| {
            let w = m.reduction_t_per_year;
            let b = Bar::new(start + w / 2.0, m.cost_cny_per_t)
                .width(w)
                .name(format!("{} ({} t/a)", m.name, fmt_t(w)));
            start = *cum;
            b
        })
        .collect();
    let width = ui.available_width().clamp(320.0, 760.0);
    Plot::new("abatement")
        .height(200.0)
        .width(width)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .x_axis_formatter(|mark, _| fmt_t(mark.value))
        .show(ui, |pui| {
            pui.bar_chart(
                BarChart::new(t("Measures"), bars)
                    .element_formatter(Box::new(|b, _| format!("{}\n{} CNY/t", b.name, b.value))),
            );
        });
}
