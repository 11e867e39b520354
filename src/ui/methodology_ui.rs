//! Step 3: the operational boundary and the methodology — each decision with
//! its guidance text in the current language.

use super::app::App;
use super::widgets;
use crate::calc::{gwp, library};
use crate::model::{ALL_GASES, GridFactorRule, GwpSet, IsoCategory, Project, Scope, Standard};

pub fn methodology_ui(app: &mut App, ui: &mut egui::Ui) {
    let Some(p) = app.project() else { return };
    let lang = app.lang();
    let m = p.methodology.clone();
    let b = p.operational_boundary.clone();
    ui.heading(app.t("Operational boundary & methodology"));

    ui.add_space(6.0);
    ui.strong(app.t("Standard"));
    let mut standard = m.standard;
    ui.horizontal(|ui| {
        for s in [
            Standard::Iso14064_1_2018,
            Standard::GhgProtocolCorporate,
            Standard::ChinaMeeGuidelines,
        ] {
            ui.radio_value(&mut standard, s, s.to_string());
        }
    });
    let standard_id = match standard {
        Standard::Iso14064_1_2018 => "iso14064-1",
        Standard::GhgProtocolCorporate => "ghg-protocol",
        Standard::ChinaMeeGuidelines => "china-mee",
    };
    widgets::guidance_ui(ui, lang, "standard", Some(standard_id));
    if standard != m.standard {
        app.edit("methodology.standard", "methodology", |p| {
            let old = p.methodology.standard;
            p.methodology.standard = standard;
            Some(format!("standard {old} → {standard}"))
        });
    }

    ui.add_space(8.0);
    ui.strong(app.t("GWP set"));
    let mut set = m.gwp_set;
    ui.horizontal(|ui| {
        for g in GwpSet::ALL {
            ui.radio_value(&mut set, g, g.name());
        }
    });
    if set != m.gwp_set {
        let before = app.derived.total_t();
        app.edit("methodology.gwp_set", "methodology", |p| {
            let old = p.methodology.gwp_set;
            p.methodology.gwp_set = set;
            p.gwp_snapshot = Some(gwp::snapshot(set));
            Some(format!(
                "GWP {old} → {set}; total before {} t CO2e",
                before.map_or("n/a".into(), widgets::fmt_t)
            ))
        });
    }
    widgets::guidance_ui(ui, lang, "gwp_set", Some(set.name()));

    ui.add_space(8.0);
    ui.strong(app.t("Scope 2"));
    let mut dual = m.scope2_dual_reporting;
    if ui
        .checkbox(
            &mut dual,
            app.t("Report both location-based and market-based scope 2"),
        )
        .changed()
    {
        app.edit("methodology.scope2_dual_reporting", "methodology", |p| {
            p.methodology.scope2_dual_reporting = dual;
            Some(format!("scope 2 dual reporting {dual}"))
        });
    }
    let mut grid = m.grid_factor;
    ui.horizontal(|ui| {
        ui.label(app.t("Grid factor rule"));
        ui.radio_value(
            &mut grid,
            GridFactorRule::NationalAverage,
            app.t("National average (MEE/NBS)"),
        );
        ui.radio_value(
            &mut grid,
            GridFactorRule::CarbonMarket,
            app.t("Carbon-market factor (MEE)"),
        );
    });
    if grid != m.grid_factor {
        app.edit("methodology.grid_factor", "methodology", |p| {
            p.methodology.grid_factor = grid;
            Some(format!("grid factor rule {grid:?}"))
        });
    }
    widgets::guidance_ui(
        ui,
        lang,
        "scope2",
        Some(if dual { "market" } else { "location" }),
    );

    ui.add_space(8.0);
    ui.strong(app.t("Scopes in the boundary"));
    ui.horizontal(|ui| {
        for s in Scope::ALL {
            let mut on = b.scopes.contains(&s);
            if ui
                .checkbox(&mut on, format!("{} {}", app.t("Scope"), s.number()))
                .changed()
            {
                app.edit(&format!("boundary.scope.{}", s.number()), "boundary", |p| {
                    toggle(&mut p.operational_boundary.scopes, s, on);
                    Some(format!(
                        "scope {} {}",
                        s.number(),
                        if on { "included" } else { "excluded" }
                    ))
                });
            }
        }
    });
    ui.strong(app.t("ISO 14064-1 categories"));
    let guidance = crate::model::guidance::Guidance::bundled().decision("operational_boundary");
    for c in IsoCategory::all() {
        let mut on = b.iso_categories.contains(&c);
        let label = guidance
            .and_then(|d| {
                d.options
                    .iter()
                    .find(|o| o.id == format!("category-{}", c.number()))
            })
            .map_or_else(
                || c.title().to_string(),
                |o| o.label.get(lang.code()).to_string(),
            );
        if ui.checkbox(&mut on, label).changed() {
            app.edit(
                &format!("boundary.category.{}", c.number()),
                "boundary",
                |p| {
                    toggle(&mut p.operational_boundary.iso_categories, c, on);
                    Some(format!(
                        "ISO category {} {}",
                        c.number(),
                        if on { "included" } else { "excluded" }
                    ))
                },
            );
        }
    }
    widgets::guidance_ui(ui, lang, "operational_boundary", None);

    ui.add_space(8.0);
    ui.strong(app.t("Gases"));
    ui.horizontal_wrapped(|ui| {
        for g in ALL_GASES {
            let mut on = b.gases.contains(&g);
            if ui.checkbox(&mut on, g.to_string()).changed() {
                app.edit(&format!("boundary.gas.{g}"), "boundary", |p| {
                    toggle(&mut p.operational_boundary.gases, g, on);
                    Some(format!(
                        "gas {g} {}",
                        if on { "included" } else { "excluded" }
                    ))
                });
            }
        }
    });
    widgets::guidance_ui(ui, lang, "gases", None);

    ui.add_space(8.0);
    default_rules_ui(app, ui);
    ui.add_space(8.0);
    widgets::guidance_ui(ui, lang, "base_year", None);
}

fn toggle<T: PartialEq + Ord + Copy>(list: &mut Vec<T>, item: T, on: bool) {
    list.retain(|x| *x != item);
    if on {
        list.push(item);
        list.sort();
    }
}

fn default_rules_ui(app: &mut App, ui: &mut egui::Ui) {
    let Some(p) = app.project() else { return };
    ui.strong(app.t("Default-factor rules"));
    ui.label(app.t("Imported records without a named factor take the library default for their activity; a project rule overrides it for imports from now on."));
    let rules = p.methodology.default_factors.clone();
    let mut remove = None;
    egui::Grid::new("rules").striped(true).show(ui, |ui| {
        ui.strong(app.t("Activity"));
        ui.strong(app.t("Factor"));
        ui.label("");
        ui.end_row();
        for (activity, factor) in &rules {
            ui.label(activity);
            ui.label(factor);
            if ui.button(app.t("Remove")).clicked() {
                remove = Some(activity.clone());
            }
            ui.end_row();
        }
    });
    if let Some(a) = remove {
        app.edit(&format!("rule.{a}"), "methodology", |p| {
            p.methodology.default_factors.remove(&a);
            Some(format!("default-factor rule for {a} removed"))
        });
    }
    let lib = library::bundled();
    let activity = &mut app.factors.rule_activity;
    let factor = &mut app.factors.rule_factor;
    let lang = app.settings.lang;
    ui.horizontal(|ui| {
        egui::ComboBox::from_id_salt("rule_activity")
            .selected_text(if activity.is_empty() {
                super::i18n::tr(lang, "Activity…")
            } else {
                activity.as_str()
            })
            .show_ui(ui, |ui| {
                for a in &lib.activities {
                    let name = if lang == super::i18n::Lang::Zh {
                        &a.name_zh
                    } else {
                        &a.name_en
                    };
                    ui.selectable_value(activity, a.key.clone(), format!("{} — {name}", a.key));
                }
            });
        let candidates: Vec<&library::LibraryFactor> = lib
            .factors
            .iter()
            .filter(|f| f.factor.activity_key.as_deref() == Some(activity.as_str()))
            .collect();
        egui::ComboBox::from_id_salt("rule_factor")
            .selected_text(if factor.is_empty() {
                super::i18n::tr(lang, "Factor…")
            } else {
                factor.as_str()
            })
            .show_ui(ui, |ui| {
                for f in candidates {
                    ui.selectable_value(
                        factor,
                        f.factor.id.clone(),
                        format!("{} — {}", f.factor.id, f.factor.description),
                    );
                }
            });
    });
    let (a, f) = (
        app.factors.rule_activity.clone(),
        app.factors.rule_factor.clone(),
    );
    if ui
        .add_enabled(
            !a.is_empty() && !f.is_empty(),
            egui::Button::new(app.t("Add rule")),
        )
        .clicked()
    {
        let ok = add_rule(app, &a, &f);
        if ok {
            app.factors.rule_factor.clear();
        }
    }
}

fn add_rule(app: &mut App, activity: &str, factor: &str) -> bool {
    let lib = library::bundled();
    let Some(lf) = lib.factor(factor) else {
        return false;
    };
    let lf = lf.factor.clone();
    app.edit(
        &format!("rule.{activity}"),
        "methodology",
        |p: &mut Project| {
            // The rule's factor is frozen into the project like any library factor.
            if p.factor(&lf.id).is_none() {
                p.factors.push(lf.clone());
            }
            p.methodology
                .default_factors
                .insert(activity.to_string(), lf.id.clone());
            Some(format!("default-factor rule {activity} → {}", lf.id))
        },
    )
}
