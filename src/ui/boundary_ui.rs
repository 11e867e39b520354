//! Step 2: the organisational boundary — the consolidation approach with its
//! guidance, and the entity table with inline edits whose effect on the total
//! shows at once.

use super::i18n::n_;
use super::panel::PanelCx;
use super::widgets;
use crate::audit::Area;
use crate::edit::{Edit, EntityChange, MethodologyChange};
use crate::model::{Consolidation, Entity};
use egui_extras::{Column, TableBuilder};

/// The entity table's filter and sort order.
#[derive(Default)]
pub struct BoundaryPanel {
    pub filter: String,
    pub sort: SortBy,
    pub descending: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Id,
    Name,
    Sector,
    Ownership,
    Contribution,
}

impl BoundaryPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        let p = cx.project();
        ui.heading(cx.t("Organisational boundary"));
        let current = p.consolidation;
        let mut chosen = current;
        ui.horizontal(|ui| {
            ui.label(cx.t("Consolidation approach"));
            for c in Consolidation::ALL {
                ui.radio_value(&mut chosen, c, widgets::consolidation_label(cx.lang(), c));
            }
        });
        if chosen != current {
            cx.edit(Edit::Methodology(MethodologyChange::Consolidation(chosen)));
        }
        widgets::guidance_ui(ui, cx.lang(), "consolidation", Some(chosen.key()));
        ui.add_space(6.0);
        total_line_ui(ui, cx);
        ui.add_space(6.0);
        self.entity_table_ui(ui, cx);
    }
}

/// The current total and the effect of the latest change.
pub fn total_line_ui(ui: &mut egui::Ui, cx: &PanelCx) {
    let derived = cx.derived();
    ui.horizontal(|ui| {
        match derived.total_t() {
            Some(t) => {
                ui.label(
                    egui::RichText::new(format!("{} {} t CO₂e", cx.t("Total"), widgets::fmt_t(t)))
                        .size(18.0)
                        .strong(),
                );
                if let Some(prev) = derived.previous_total_t {
                    ui.label(format!(
                        "({} {} t CO₂e)",
                        cx.t("last change"),
                        widgets::fmt_delta_t(t - prev)
                    ));
                }
            }
            None => {
                ui.label(cx.t("The total cannot be computed yet."));
            }
        }
        if derived.computing.is_some() {
            ui.spinner();
        }
    });
    if let Some(e) = &derived.error {
        ui.colored_label(ui.visuals().error_fg_color, e.get(cx.lang()));
    }
}

impl BoundaryPanel {
    fn entity_table_ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        let p = cx.project();
        let lang = cx.lang();
        let flagged: Vec<String> = cx
            .derived()
            .gaps_in(Area::Boundary)
            .filter_map(|g| match g {
                crate::audit::Gap::UnjustifiedExclusion { entity } => Some(entity.clone()),
                _ => None,
            })
            .collect();
        if !flagged.is_empty() {
            ui.colored_label(
                egui::Color32::from_rgb(210, 120, 0),
                format!(
                    "⚠ {}: {}",
                    cx.t("Excluded without justification"),
                    flagged.join(", ")
                ),
            );
        }
        ui.horizontal(|ui| {
            let l = ui.label(cx.t("Filter"));
            ui.add(egui::TextEdit::singleline(&mut self.filter).desired_width(220.0))
                .labelled_by(l.id);
            ui.label(cx.t("Sort by"));
            for (s, label) in [
                (SortBy::Id, n_("ID")),
                (SortBy::Name, n_("Name")),
                (SortBy::Sector, n_("Sector")),
                (SortBy::Ownership, n_("Ownership %")),
                (SortBy::Contribution, n_("t CO₂e")),
            ] {
                if ui.selectable_label(self.sort == s, cx.t(label)).clicked() {
                    if self.sort == s {
                        self.descending = !self.descending;
                    } else {
                        self.sort = s;
                        self.descending = s == SortBy::Contribution;
                    }
                }
            }
        });
        let analysis = cx.analysis();
        let contribution = |id: &str| {
            analysis
                .and_then(|a| a.inventory.by_entity.get(id).copied())
                .unwrap_or(0.0)
        };
        let needle = self.filter.to_lowercase();
        let mut rows: Vec<(Entity, f64)> = p
            .entities
            .iter()
            .filter(|e| {
                needle.is_empty()
                    || e.id.to_lowercase().contains(&needle)
                    || e.name.to_lowercase().contains(&needle)
                    || e.name_zh.contains(&self.filter)
                    || e.sector.to_lowercase().contains(&needle)
            })
            .map(|e| (e.clone(), contribution(&e.id)))
            .collect();
        rows.sort_by(|(a, ta), (b, tb)| {
            let o = match self.sort {
                SortBy::Id => a.id.cmp(&b.id),
                SortBy::Name => a.name.cmp(&b.name),
                SortBy::Sector => a.sector.cmp(&b.sector).then(a.id.cmp(&b.id)),
                SortBy::Ownership => a.ownership_pct.total_cmp(&b.ownership_pct),
                SortBy::Contribution => ta.total_cmp(tb),
            };
            if self.descending { o.reverse() } else { o }
        });
        let mut changes: Vec<(String, EntityChange)> = Vec::new();
        let t = |s| super::i18n::tr(lang, s);
        egui::ScrollArea::horizontal()
            .id_salt("entities_h")
            .show(ui, |ui| {
                TableBuilder::new(ui)
                    .id_salt("entities")
                    .striped(true)
                    .resizable(true)
                    .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                    // The entity's t CO₂e beside its name: on a small screen the
                    // figure stays in view; the justification scrolls.
                    .column(Column::auto().at_least(48.0))
                    .column(Column::initial(210.0).clip(true))
                    .column(Column::auto().at_least(80.0))
                    .column(Column::auto().at_least(70.0))
                    .column(Column::auto().at_least(80.0))
                    .column(Column::auto())
                    .column(Column::auto())
                    .column(Column::auto())
                    .column(Column::remainder().at_least(160.0))
                    .max_scroll_height(420.0)
                    .header(22.0, |h| {
                        widgets::header_ui(
                            h,
                            lang,
                            &[
                                n_("ID"),
                                n_("Name"),
                                n_("t CO₂e"),
                                n_("Sector"),
                                n_("Ownership %"),
                                n_("Op. control"),
                                n_("Fin. control"),
                                n_("Included"),
                                n_("Justification"),
                            ],
                        )
                    })
                    .body(|body| {
                        body.rows(24.0, rows.len(), |mut row| {
                            let Some((e, total)) = rows.get(row.index()) else {
                                return;
                            };
                            row.col(|ui| {
                                ui.label(&e.id);
                            });
                            row.col(|ui| {
                                let name = if lang == super::i18n::Lang::Zh && !e.name_zh.is_empty()
                                {
                                    format!("{} ({})", e.name_zh, e.name)
                                } else if e.name_zh.is_empty() {
                                    e.name.clone()
                                } else {
                                    format!("{} ({})", e.name, e.name_zh)
                                };
                                ui.label(name);
                            });
                            row.col(|ui| {
                                ui.label(widgets::fmt_t(*total));
                            });
                            row.col(|ui| {
                                ui.label(widgets::sector_label(cx.lang(), &e.sector));
                            });
                            row.col(|ui| {
                                let mut v = e.ownership_pct;
                                let r = ui
                                    .add(
                                        egui::DragValue::new(&mut v)
                                            .range(0.0..=100.0)
                                            .speed(0.5)
                                            .suffix(" %"),
                                    )
                                    .on_hover_text(t(
                                        "Share held by the reporting organisation (equity share)",
                                    ));
                                let r = widgets::a11y_named(
                                    r,
                                    egui::Role::SpinButton,
                                    format!("{} {}", e.id, t("Ownership %")),
                                );
                                if r.changed() {
                                    changes.push((e.id.clone(), EntityChange::OwnershipPct(v)));
                                }
                            });
                            row.col(|ui| {
                                let mut v = e.operational_control;
                                let r = ui
                                    .add(egui::Checkbox::without_text(&mut v))
                                    .on_hover_text(t("Operational control"));
                                if widgets::a11y_checkbox(
                                    r,
                                    v,
                                    format!("{} {}", e.id, t("Operational control")),
                                )
                                .changed()
                                {
                                    changes
                                        .push((e.id.clone(), EntityChange::OperationalControl(v)));
                                }
                            });
                            row.col(|ui| {
                                let mut v = e.financial_control;
                                let r = ui
                                    .add(egui::Checkbox::without_text(&mut v))
                                    .on_hover_text(t("Financial control"));
                                if widgets::a11y_checkbox(
                                    r,
                                    v,
                                    format!("{} {}", e.id, t("Financial control")),
                                )
                                .changed()
                                {
                                    changes.push((e.id.clone(), EntityChange::FinancialControl(v)));
                                }
                            });
                            row.col(|ui| {
                                let mut v = e.included;
                                let r = ui
                                    .add(egui::Checkbox::without_text(&mut v))
                                    .on_hover_text(t("Included"));
                                if widgets::a11y_checkbox(
                                    r,
                                    v,
                                    format!("{} {}", e.id, t("Included")),
                                )
                                .changed()
                                {
                                    changes.push((e.id.clone(), EntityChange::Included(v)));
                                }
                            });
                            row.col(|ui| {
                                let mut v = e.exclusion_reason.clone().unwrap_or_default();
                                let missing = !e.included && v.trim().is_empty();
                                let mut edit =
                                    egui::TextEdit::singleline(&mut v).hint_text(if missing {
                                        t("justification required")
                                    } else {
                                        ""
                                    });
                                if missing {
                                    edit = edit.background_color(
                                        egui::Color32::from_rgba_unmultiplied(230, 140, 0, 60),
                                    );
                                }
                                let r = ui.add(edit).on_hover_text(t("Justification"));
                                let r = widgets::a11y_named(
                                    r,
                                    egui::Role::TextInput,
                                    format!("{} {}", e.id, t("Justification")),
                                );
                                if r.changed() {
                                    changes.push((e.id.clone(), EntityChange::Justification(v)));
                                }
                            });
                        });
                    });
            });
        for (id, change) in changes {
            cx.edit(Edit::Entity { id, change });
        }
    }
}
