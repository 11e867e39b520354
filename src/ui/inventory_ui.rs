//! Step 6: the inventory — headline figures, the charts, and the record table
//! (virtualised, filtered by a clicked bar) with the explanation chain of the
//! selected record.

use super::charts_ui;
use super::i18n::Lang;
use super::panel::PanelCx;
use super::widgets::{figure_ui, fmt_t};
use crate::audit::Analysis;
use crate::model::{Gas, Period, Project};
use std::collections::HashSet;
use std::sync::Arc;

/// What the record table shows: everything, or what a clicked bar stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordFilter {
    Scope(u8),
    Entity(String),
    Month(Period),
    Gas(Gas),
    Sector(String),
}

impl RecordFilter {
    pub fn label(&self, lang: Lang) -> String {
        let t = |s| super::i18n::tr(lang, s);
        match self {
            RecordFilter::Scope(s) => format!("{} {s}", t("Scope")),
            RecordFilter::Entity(e) => format!("{} {e}", t("Entity")),
            RecordFilter::Month(p) => format!("{} {p}", t("Month")),
            RecordFilter::Gas(g) => format!("{} {g}", t("Gas")),
            RecordFilter::Sector(s) => format!("{} {s}", t("Sector")),
        }
    }

    /// Indices of the records that match, in project order.
    pub fn apply(&self, p: &Project) -> Vec<u32> {
        let sector_entities: HashSet<&str> = match self {
            RecordFilter::Sector(s) => p
                .entities
                .iter()
                .filter(|e| &e.sector == s)
                .map(|e| e.id.as_str())
                .collect(),
            _ => HashSet::new(),
        };
        let gas_factors: HashSet<&str> = match self {
            RecordFilter::Gas(g) => p
                .factors
                .iter()
                .filter(|f| f.components.iter().any(|c| c.gas == *g))
                .map(|f| f.id.as_str())
                .collect(),
            _ => HashSet::new(),
        };
        p.activity
            .iter()
            .enumerate()
            .filter(|(_, r)| match self {
                RecordFilter::Scope(s) => r.scope.number() == *s,
                RecordFilter::Entity(e) => &r.entity_id == e,
                RecordFilter::Month(m) => r.period == *m,
                RecordFilter::Gas(_) => {
                    gas_factors.contains(r.factor_id.as_str())
                        || r.market_factor_id
                            .as_deref()
                            .is_some_and(|m| gas_factors.contains(m))
                }
                RecordFilter::Sector(_) => sector_entities.contains(r.entity_id.as_str()),
            })
            .map(|(i, _)| i as u32)
            .collect()
    }
}

/// The record table's filter, selection and scroll position.
#[derive(Default)]
pub struct InventoryPanel {
    pub filter: Option<RecordFilter>,
    /// Index into `Project::activity`.
    pub selected: Option<usize>,
    /// Filtered indices for (revision, filter).
    pub rows: Option<(u64, Option<RecordFilter>, Arc<Vec<u32>>)>,
    /// A row of the (filtered) table to scroll to on the next frame.
    pub scroll_to: Option<usize>,
    pub go_to_row: usize,
}

impl InventoryPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        // Measured before anything is laid out: the charts share this width.
        let full = ui.available_width();
        ui.heading(cx.t("Inventory"));
        let Some(a) = cx.analysis().cloned() else {
            match &cx.derived().error {
                Some(e) => {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        cx.t("The inventory cannot be computed:"),
                    );
                    ui.label(e.get(cx.lang()));
                }
                None => {
                    ui.spinner();
                    ui.label(cx.t("Computing the inventory…"));
                }
            }
            return;
        };
        if cx.derived().computing.is_some() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(cx.t("Recomputing after a change; the figures below are from before it."));
            });
        }
        headline_ui(cx, ui, &a, full);
        ui.add_space(6.0);
        let lang = cx.lang();
        let mut clicked = None;
        let half = (full - 16.0) / 2.0;
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(half);
                ui.strong(cx.t("By scope"));
                clicked = clicked
                    .take()
                    .or(charts_ui::by_scope_ui(ui, half, lang, &a));
            });
            ui.vertical(|ui| {
                ui.set_width(half);
                ui.strong(cx.t("Top entities by scope"));
                clicked = clicked
                    .take()
                    .or(charts_ui::top_entities_ui(ui, half, lang, &a));
            });
        });
        ui.horizontal_top(|ui| {
            let third = (full - 24.0) / 3.0;
            ui.vertical(|ui| {
                ui.set_width(third);
                ui.strong(cx.t("Monthly trend"));
                clicked = clicked
                    .take()
                    .or(charts_ui::monthly_ui(ui, third, lang, &a));
            });
            ui.vertical(|ui| {
                ui.set_width(third);
                ui.strong(cx.t("By gas"));
                clicked = clicked.take().or(charts_ui::by_gas_ui(ui, third, lang, &a));
            });
            ui.vertical(|ui| {
                ui.set_width(third);
                ui.strong(cx.t("By sector"));
                clicked = clicked
                    .take()
                    .or(charts_ui::by_sector_ui(ui, third, lang, &a));
            });
        });
        ui.label(egui::RichText::new(cx.t("Click a bar to show its records below. Error bars: the 95 % interval (Monte Carlo).")).weak());
        if let Some(f) = clicked {
            self.filter = Some(f);
            self.selected = None;
        }
        ui.add_space(6.0);
        egui::CollapsingHeader::new(cx.t("Uncertainty"))
            .id_salt("uncertainty_panel")
            .default_open(false)
            .show(ui, |ui| super::uncertainty_ui::uncertainty_ui(ui, cx, &a));
        ui.add_space(6.0);
        self.records_ui(ui, cx, &a);
    }
}

fn headline_ui(cx: &PanelCx, ui: &mut egui::Ui, a: &Analysis, width: f32) {
    let inv = &a.inventory;
    let u = &a.uncertainty;
    let unit = "t CO₂e";
    // The 95 % interval (Monte Carlo) beside a location-based total.
    let with = |i: Option<&crate::calc::uncertainty::Interval>| match i {
        Some(i) => format!(
            "{unit} · {}",
            super::uncertainty_ui::interval_text(i.mc_lower_pct(), i.mc_upper_pct())
        ),
        None => unit.to_string(),
    };
    let scope = |k: &str| u.by_scope.iter().find(|i| i.key == k);
    let figures = [
        (
            cx.t("Total (location-based)"),
            fmt_t(inv.total_t_co2e),
            with(Some(&u.total)),
        ),
        (
            cx.t("Total (market-based)"),
            fmt_t(inv.total_market_t_co2e),
            unit.to_string(),
        ),
        (cx.t("Scope 1"), fmt_t(inv.scope1_t), with(scope("1"))),
        (
            cx.t("Scope 2 (location)"),
            fmt_t(inv.scope2_location_t),
            with(scope("2")),
        ),
        (
            cx.t("Scope 2 (market)"),
            fmt_t(inv.scope2_market_t),
            unit.to_string(),
        ),
        (cx.t("Scope 3"), fmt_t(inv.scope3_t), with(scope("3"))),
        (
            cx.t("Excluded (at 100 %)"),
            fmt_t(inv.excluded_t),
            unit.to_string(),
        ),
        (
            cx.t("Biogenic CO₂ (outside scopes)"),
            fmt_t(inv.biogenic_co2_t),
            "t CO₂".to_string(),
        ),
        (cx.t("Energy"), fmt_t(a.energy_tce), "tce".to_string()),
    ];
    // Frames are not wrapped by a wrapping layout: lay out rows by hand.
    let per_row = ((width / 172.0).floor() as usize).max(1);
    for row in figures.chunks(per_row) {
        ui.horizontal(|ui| {
            for (label, value, unit) in row {
                figure_ui(ui, label, value, unit);
            }
        });
    }
}
