//! Step 2: the organisational boundary — the consolidation approach with its
//! guidance, and the entity table with inline edits whose effect on the total
//! shows at once.

use super::app::App;
use super::i18n::n_;
use super::widgets;
use crate::model::{Consolidation, Entity, Project};
use egui_extras::{Column, TableBuilder};

#[derive(Default)]
pub struct BoundaryState {
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

/// Entities excluded without a written justification.
pub fn unjustified(p: &Project) -> Vec<&str> {
    p.entities
        .iter()
        .filter(|e| {
            !e.included
                && e.exclusion_reason
                    .as_deref()
                    .is_none_or(|r| r.trim().is_empty())
        })
        .map(|e| e.id.as_str())
        .collect()
}

enum Change {
    Ownership(f64),
    Operational(bool),
    Financial(bool),
    Included(bool),
    Reason(String),
}

pub fn boundary_ui(app: &mut App, ui: &mut egui::Ui) {
    let Some(p) = app.project() else { return };
    ui.heading(app.t("Organisational boundary"));
    let current = p.consolidation;
    let mut chosen = current;
    ui.horizontal(|ui| {
        ui.label(app.t("Consolidation approach"));
        for (c, label) in [
            (Consolidation::OperationalControl, n_("Operational control")),
            (Consolidation::FinancialControl, n_("Financial control")),
            (Consolidation::EquityShare, n_("Equity share")),
        ] {
            ui.radio_value(&mut chosen, c, app.t(label));
        }
    });
    if chosen != current {
        let before = app.derived.total_t();
        app.edit("consolidation", "methodology", |p| {
            p.consolidation = chosen;
            Some(format!(
                "consolidation {current} → {chosen}; total before {} t CO2e",
                before.map_or("n/a".into(), widgets::fmt_t)
            ))
        });
    }
    widgets::guidance_ui(ui, app.lang(), "consolidation", Some(chosen.cli_name()));
    ui.add_space(6.0);
    total_line_ui(app, ui);
    ui.add_space(6.0);
    entity_table_ui(app, ui);
}

/// The current total and the effect of the latest change.
pub fn total_line_ui(app: &App, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        match app.derived.total_t() {
            Some(t) => {
                ui.label(
                    egui::RichText::new(format!("{} {} t CO₂e", app.t("Total"), widgets::fmt_t(t)))
                        .size(18.0)
                        .strong(),
                );
                if let Some(prev) = app.derived.previous_total_t {
                    ui.label(format!(
                        "({} {} t CO₂e)",
                        app.t("last change"),
                        widgets::fmt_delta_t(t - prev)
                    ));
                }
            }
            None => {
                ui.label(app.t("The total cannot be computed yet."));
            }
        }
        if app.derived.computing.is_some() {
            ui.spinner();
        }
    });
    if let Some(e) = &app.derived.error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
}

fn entity_table_ui(app: &mut App, ui: &mut egui::Ui) {
    let Some(p) = app.project() else { return };
    let lang = app.lang();
    let flagged = unjustified(p);
    if !flagged.is_empty() {
        ui.colored_label(
            egui::Color32::from_rgb(210, 120, 0),
            format!(
                "⚠ {}: {}",
                app.t("Excluded without justification"),
                flagged.join(", ")
            ),
        );
    }
    ui.horizontal(|ui| {
        let l = ui.label(app.t("Filter"));
        ui.add(egui::TextEdit::singleline(&mut app.boundary.filter).desired_width(220.0))
            .labelled_by(l.id);
        ui.label(app.t("Sort by"));
        for (s, label) in [
            (SortBy::Id, n_("ID")),
            (SortBy::Name, n_("Name")),
            (SortBy::Sector, n_("Sector")),
            (SortBy::Ownership, n_("Ownership %")),
            (SortBy::Contribution, n_("t CO₂e")),
        ] {
            if ui
                .selectable_label(app.boundary.sort == s, app.t(label))
                .clicked()
            {
                if app.boundary.sort == s {
                    app.boundary.descending = !app.boundary.descending;
                } else {
                    app.boundary.sort = s;
                    app.boundary.descending = s == SortBy::Contribution;
                }
            }
        }
    });
    let Some(p) = app.project() else { return };
    let contribution = |id: &str| {
        app.analysis()
            .and_then(|a| a.inventory.by_entity.get(id).copied())
            .unwrap_or(0.0)
    };
    let needle = app.boundary.filter.to_lowercase();
    let mut rows: Vec<(Entity, f64)> = p
        .entities
        .iter()
        .filter(|e| {
            needle.is_empty()
                || e.id.to_lowercase().contains(&needle)
                || e.name.to_lowercase().contains(&needle)
                || e.name_zh.contains(&app.boundary.filter)
                || e.sector.to_lowercase().contains(&needle)
        })
        .map(|e| (e.clone(), contribution(&e.id)))
        .collect();
    rows.sort_by(|(a, ta), (b, tb)| {
        let o = match app.boundary.sort {
            SortBy::Id => a.id.cmp(&b.id),
            SortBy::Name => a.name.cmp(&b.name),
            SortBy::Sector => a.sector.cmp(&b.sector).then(a.id.cmp(&b.id)),
            SortBy::Ownership => a.ownership_pct.total_cmp(&b.ownership_pct),
            SortBy::Contribution => ta.total_cmp(tb),
        };
        if app.boundary.descending {
            o.reverse()
        } else {
            o
        }
    });
    let mut changes: Vec<(String, Change)> = Vec::new();
    let t = |s| super::i18n::tr(lang, s);
    TableBuilder::new(ui)
        .id_salt("entities")
        .striped(true)
        .resizable(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::auto().at_least(48.0))
        .column(Column::initial(230.0).clip(true))
        .column(Column::auto().at_least(80.0))
        .column(Column::auto().at_least(80.0))
        .column(Column::auto())
        .column(Column::auto())
        .column(Column::auto())
        .column(Column::initial(220.0).clip(true))
        .column(Column::remainder().at_least(100.0))
        .max_scroll_height(420.0)
        .header(22.0, |h| {
            widgets::header_ui(
                h,
                lang,
                &[
                    n_("ID"),
                    n_("Name"),
                    n_("Sector"),
                    n_("Ownership %"),
                    n_("Op. control"),
                    n_("Fin. control"),
                    n_("Included"),
                    n_("Justification"),
                    n_("t CO₂e"),
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
                    let name = if lang == super::i18n::Lang::Zh && !e.name_zh.is_empty() {
                        format!("{} ({})", e.name_zh, e.name)
                    } else if e.name_zh.is_empty() {
                        e.name.clone()
                    } else {
                        format!("{} ({})", e.name, e.name_zh)
                    };
                    ui.label(name);
                });
                row.col(|ui| {
                    ui.label(&e.sector);
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
                        changes.push((e.id.clone(), Change::Ownership(v)));
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
                        changes.push((e.id.clone(), Change::Operational(v)));
                    }
                });
                row.col(|ui| {
                    let mut v = e.financial_control;
                    let r = ui
                        .add(egui::Checkbox::without_text(&mut v))
                        .on_hover_text(t("Financial control"));
                    if widgets::a11y_checkbox(r, v, format!("{} {}", e.id, t("Financial control")))
                        .changed()
                    {
                        changes.push((e.id.clone(), Change::Financial(v)));
                    }
                });
                row.col(|ui| {
                    let mut v = e.included;
                    let r = ui
                        .add(egui::Checkbox::without_text(&mut v))
                        .on_hover_text(t("Included"));
                    if widgets::a11y_checkbox(r, v, format!("{} {}", e.id, t("Included"))).changed()
                    {
                        changes.push((e.id.clone(), Change::Included(v)));
                    }
                });
                row.col(|ui| {
                    let mut v = e.exclusion_reason.clone().unwrap_or_default();
                    let missing = !e.included && v.trim().is_empty();
                    let mut edit = egui::TextEdit::singleline(&mut v).hint_text(if missing {
                        t("justification required")
                    } else {
                        ""
                    });
                    if missing {
                        edit = edit.background_color(egui::Color32::from_rgba_unmultiplied(
                            230, 140, 0, 60,
                        ));
                    }
                    let r = ui.add(edit).on_hover_text(t("Justification"));
                    let r = widgets::a11y_named(
                        r,
                        egui::Role::TextInput,
                        format!("{} {}", e.id, t("Justification")),
                    );
                    if r.changed() {
                        changes.push((e.id.clone(), Change::Reason(v)));
                    }
                });
                row.col(|ui| {
                    ui.label(widgets::fmt_t(*total));
                });
            });
        });
    for (id, change) in changes {
        apply_change(app, &id, change);
    }
}

fn apply_change(app: &mut App, id: &str, change: Change) {
    let field = match &change {
        Change::Ownership(_) => "ownership",
        Change::Operational(_) => "operational_control",
        Change::Financial(_) => "financial_control",
        Change::Included(_) => "included",
        Change::Reason(_) => "exclusion_reason",
    };
    let key = format!("entity.{id}.{field}");
    app.edit(&key, "entity", |p| {
        let e = p.entities.iter_mut().find(|e| e.id == id)?;
        let detail = match change {
            Change::Ownership(v) => {
                e.ownership_pct = v;
                format!("{id} ownership {v} %")
            }
            Change::Operational(v) => {
                e.operational_control = v;
                format!("{id} operational control {v}")
            }
            Change::Financial(v) => {
                e.financial_control = v;
                format!("{id} financial control {v}")
            }
            Change::Included(v) => {
                e.included = v;
                format!("{id} included {v}")
            }
            Change::Reason(v) => {
                let d = format!("{id} exclusion justification {v:?}");
                e.exclusion_reason = (!v.trim().is_empty()).then_some(v);
                d
            }
        };
        Some(detail)
    });
}
