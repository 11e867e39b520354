//! The record table: a million rows scroll smoothly because only the visible
//! rows are laid out (`TableBuilder::rows`); the selected record's explanation
//! chain is shown beside it.

use super::i18n::n_;
use super::inventory_ui::InventoryPanel;
use super::panel::PanelCx;
use super::widgets::fmt_t;
use crate::audit::Analysis;
use crate::calc::explain;
use egui_extras::{Column, TableBuilder};
use std::sync::Arc;

const ROW_HEIGHT: f32 = 20.0;

impl InventoryPanel {
    /// The filtered indices, recomputed only when the revision or filter changes.
    fn rows(&mut self, cx: &PanelCx) -> Arc<Vec<u32>> {
        let revision = cx.doc().revision;
        let filter = self.filter.clone();
        if let Some((r, f, rows)) = &self.rows
            && *r == revision
            && *f == filter
        {
            return Arc::clone(rows);
        }
        let p = cx.project();
        let rows = Arc::new(match &filter {
            Some(f) => f.apply(p),
            None => (0..p.activity.len() as u32).collect(),
        });
        self.rows = Some((revision, filter, Arc::clone(&rows)));
        rows
    }

    pub(super) fn records_ui(&mut self, ui: &mut egui::Ui, cx: &PanelCx, a: &Analysis) {
        let rows = self.rows(cx);
        let lang = cx.lang();
        let t = |s| super::i18n::tr(lang, s);
        ui.horizontal(|ui| {
            ui.strong(format!(
                "{} ({})",
                t("Records"),
                crate::calc::summary::grouped(rows.len() as f64, 0)
            ));
            let l = ui.label(t("Go to row"));
            let mut go = self.go_to_row;
            if ui
                .add(egui::DragValue::new(&mut go).range(1..=rows.len().max(1)))
                .labelled_by(l.id)
                .changed()
            {
                self.go_to_row = go;
                self.scroll_to = Some(go.saturating_sub(1));
            }
            if let Some(f) = self.filter.clone() {
                ui.label(format!("{}: {}", t("Filter"), f.label(lang)));
                if ui.button(t("Show all records")).clicked() {
                    self.filter = None;
                    self.selected = None;
                }
            }
        });
        let scroll_to = self.scroll_to.take();
        let p = cx.project();
        let selected = self.selected;
        let mut clicked = None;
        let height = 380.0;
        {
            ui.scope(|ui| {
                // Plain (not selectable) labels, so a click selects the row.
                ui.style_mut().interaction.selectable_labels = false;
                let mut table = TableBuilder::new(ui);
                if let Some(r) = scroll_to {
                    table = table.scroll_to_row(r, Some(egui::Align::TOP));
                }
                table
                    .id_salt("records")
                    .striped(true)
                    .resizable(true)
                    .sense(egui::Sense::click())
                    .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                    .column(Column::auto().at_least(70.0))
                    .column(Column::auto().at_least(50.0))
                    .column(Column::auto().at_least(60.0))
                    .column(Column::auto().at_least(40.0))
                    .column(Column::initial(130.0).clip(true))
                    .column(Column::auto().at_least(90.0))
                    .column(Column::auto().at_least(40.0))
                    .column(Column::initial(150.0).clip(true))
                    .column(Column::auto().at_least(90.0))
                    .column(Column::remainder().at_least(80.0).clip(true))
                    .min_scrolled_height(height)
                    .max_scroll_height(height)
                    .header(22.0, |h| {
                        super::widgets::header_ui(
                            h,
                            lang,
                            &[
                                n_("ID"),
                                n_("Entity"),
                                n_("Period"),
                                n_("Scope"),
                                n_("Activity"),
                                n_("Quantity"),
                                n_("Unit"),
                                n_("Factor"),
                                n_("t CO₂e"),
                                n_("Status"),
                            ],
                        )
                    })
                    .body(|body| {
                        body.rows(ROW_HEIGHT, rows.len(), |mut row| {
                            let Some(&i) = rows.get(row.index()) else {
                                return;
                            };
                            let i = i as usize;
                            let (Some(r), Some(res)) =
                                (p.activity.get(i), a.inventory.records.get(i))
                            else {
                                return;
                            };
                            row.set_selected(selected == Some(i));
                            row.col(|ui| {
                                ui.label(&r.id);
                            });
                            row.col(|ui| {
                                ui.label(&r.entity_id);
                            });
                            row.col(|ui| {
                                ui.label(r.period.to_string());
                            });
                            row.col(|ui| {
                                ui.label(r.scope.number().to_string());
                            });
                            row.col(|ui| {
                                ui.label(&r.activity);
                            });
                            row.col(|ui| {
                                ui.label(crate::audit::words::exact(r.quantity));
                            });
                            row.col(|ui| {
                                ui.label(r.unit.as_str());
                            });
                            row.col(|ui| {
                                ui.label(&r.factor_id);
                            });
                            row.col(|ui| {
                                ui.label(fmt_t(res.location_t));
                            });
                            row.col(|ui| {
                                ui.label(match res.status {
                                    crate::calc::BoundaryStatus::Included => t("included"),
                                    _ => t("excluded"),
                                });
                            });
                            if row.response().clicked() {
                                clicked = Some(i);
                            }
                        });
                    });
            });
            // The explanation in a window of its own: moved and resized at
            // will, big enough to read the whole chain beside the table.
            if let Some(i) = selected {
                let mut open = true;
                let id = p.activity.get(i).map_or("", |r| r.id.as_str());
                egui::Window::new(format!("{} — {id}", t("Record explanation")))
                    .id(egui::Id::unique("record_explanation"))
                    .open(&mut open)
                    .resizable(true)
                    .collapsible(false)
                    .default_size([640.0, 520.0])
                    .default_pos(ui.max_rect().right_top() + egui::vec2(-660.0, 40.0))
                    .vscroll(true)
                    .show(ui.ctx(), |ui| explanation_ui(cx, ui, i));
                if !open {
                    self.selected = None;
                }
            }
        }
        if let Some(i) = clicked {
            self.selected = if selected == Some(i) { None } else { Some(i) };
        }
    }
}

fn explanation_ui(cx: &PanelCx, ui: &mut egui::Ui, index: usize) {
    let p = cx.project();
    let lang = cx.lang();
    let t = move |s| super::i18n::tr(lang, s);
    let zh = lang == super::i18n::Lang::Zh;
    ui.strong(t("How this record's emissions are calculated"));
    match explain::explain(p, index) {
        Ok(e) => {
            egui::ScrollArea::vertical()
                .id_salt("explanation")
                .max_height(f32::INFINITY)
                .show(ui, |ui| {
                    // The entity by its Chinese name in Chinese, where it has one.
                    let entity = p
                        .activity
                        .get(index)
                        .and_then(|r| p.entity(&r.entity_id))
                        .filter(|en| zh && !en.name_zh.is_empty())
                        .map_or_else(
                            || e.entity.clone(),
                            |en| format!("{} {}", en.id, en.name_zh),
                        );
                    ui.label(format!(
                        "{} {} — {}, {}",
                        t("Record"),
                        e.record_id,
                        entity,
                        e.period
                    ));
                    ui.label(format!(
                        "1. {}: {} {}",
                        t("Quantity"),
                        crate::audit::words::exact(e.quantity),
                        e.unit
                    ));
                    if let Some(o) = &e.origin {
                        ui.label(format!("   {}: {o}", t("Source")));
                    }
                    for (label, c) in std::iter::once((t("Location-based"), &e.location))
                        .chain(e.market.as_ref().map(|m| (t("Market-based"), m)))
                    {
                        ui.separator();
                        ui.strong(label);
                        ui.label(format!(
                            "2. {}: × {} → {} {}",
                            t("Conversion"),
                            crate::audit::words::exact(c.conversion),
                            crate::audit::words::exact(c.quantity_in_factor_unit),
                            c.factor_unit
                        ));
                        ui.label(format!(
                            "3. {}: {} — {}",
                            t("Factor"),
                            c.factor_id,
                            c.description
                        ));
                        ui.label(format!("   {}: {}", t("Source"), c.source));
                        ui.label(format!(
                            "   {}: {}",
                            t("Why this factor"),
                            if zh { &c.why_zh } else { &c.why }
                        ));
                        ui.label(format!("4. {} ({})", t("Gases × GWP"), e.gwp_set));
                        egui::Grid::new(("gases", label))
                            .striped(true)
                            .show(ui, |ui| {
                                for h in [
                                    n_("Gas"),
                                    n_("kg per unit"),
                                    n_("GWP"),
                                    n_("kg CO₂e per unit"),
                                    n_("Treatment"),
                                ] {
                                    ui.strong(t(h));
                                }
                                ui.end_row();
                                for g in &c.gases {
                                    ui.label(&g.gas);
                                    ui.label(crate::audit::words::significant(
                                        g.kg_per_unit,
                                        crate::audit::words::FACTOR_DIGITS,
                                    ))
                                    .on_hover_text(g.kg_per_unit.to_string());
                                    ui.label(g.gwp.to_string());
                                    ui.label(crate::audit::words::significant(
                                        g.kg_co2e_per_unit,
                                        crate::audit::words::FACTOR_DIGITS,
                                    ))
                                    .on_hover_text(g.kg_co2e_per_unit.to_string());
                                    ui.label(
                                        crate::calc::treatment::Treatment::from_label(&g.treatment)
                                            .filter(|_| zh)
                                            .map_or(g.treatment.as_str(), |x| x.label_zh()),
                                    );
                                    ui.end_row();
                                }
                            });
                        ui.label(format!(
                            "5. {}: {} × {} / 1000 = {} t CO₂e",
                            t("Result at 100 %"),
                            crate::audit::words::exact(c.quantity_in_factor_unit),
                            crate::audit::words::significant(c.kg_co2e_per_unit, 10),
                            fmt_t(c.gross_t)
                        ));
                    }
                    ui.separator();
                    ui.label(format!(
                        "{}: {}",
                        t("Boundary"),
                        if zh { &e.boundary_zh } else { &e.boundary }
                    ));
                    ui.label(
                        egui::RichText::new(format!(
                            "{}: {} × {} = {} t CO₂e",
                            t("In the inventory"),
                            fmt_t(e.location.gross_t),
                            e.share,
                            fmt_t(e.inventory_t)
                        ))
                        .strong(),
                    );
                });
        }
        Err(err) => {
            // Not reached while the inventory computes (it checks the same
            // things); the engine's words are on hover.
            ui.colored_label(
                ui.visuals().error_fg_color,
                t("This record cannot be explained (the reason is on hover)."),
            )
            .on_hover_text(err);
        }
    }
}
