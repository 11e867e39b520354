//! Step 3: the operational boundary and the methodology — each decision with
//! its guidance text in the current language.

use super::panel::PanelCx;
use super::widgets;
use crate::calc::library;
use crate::edit::{Edit, MethodologyChange as M};
use crate::model::{ALL_GASES, GridFactorRule, GwpSet, IsoCategory, Scope, Standard};

/// The default-factor rule being composed.
#[derive(Default)]
pub struct MethodologyPanel {
    pub rule_activity: String,
    pub rule_factor: String,
}

impl MethodologyPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        let p = cx.project();
        let lang = cx.lang();
        let m = p.methodology.clone();
        let b = p.operational_boundary.clone();
        ui.heading(cx.t("Operational boundary & methodology"));

        ui.add_space(6.0);
        ui.strong(cx.t("Standard"));
        let mut standard = m.standard;
        ui.horizontal(|ui| {
            for s in Standard::ALL {
                ui.radio_value(&mut standard, s, s.to_string());
            }
        });
        widgets::guidance_ui(ui, lang, "standard", Some(standard.key()));
        if standard != m.standard {
            cx.edit(Edit::Methodology(M::Standard(standard)));
        }

        ui.add_space(8.0);
        ui.strong(cx.t("GWP set"));
        let mut set = m.gwp_set;
        ui.horizontal(|ui| {
            for g in GwpSet::ALL {
                ui.radio_value(&mut set, g, g.name());
            }
        });
        if set != m.gwp_set {
            cx.edit(Edit::Methodology(M::GwpSet(set)));
        }
        widgets::guidance_ui(ui, lang, "gwp_set", Some(set.name()));

        ui.add_space(8.0);
        ui.strong(cx.t("Scope 2"));
        let mut dual = m.scope2_dual_reporting;
        if ui
            .checkbox(
                &mut dual,
                cx.t("Report both location-based and market-based scope 2"),
            )
            .changed()
        {
            cx.edit(Edit::Methodology(M::Scope2DualReporting(dual)));
        }
        let mut grid = m.grid_factor;
        ui.horizontal(|ui| {
            ui.label(cx.t("Grid factor rule"));
            ui.radio_value(
                &mut grid,
                GridFactorRule::NationalAverage,
                cx.t("National average (MEE/NBS)"),
            );
            ui.radio_value(
                &mut grid,
                GridFactorRule::CarbonMarket,
                cx.t("Carbon-market factor (MEE)"),
            );
        });
        if grid != m.grid_factor {
            cx.edit(Edit::Methodology(M::GridFactor(grid)));
        }
        widgets::guidance_ui(
            ui,
            lang,
            "scope2",
            Some(if dual { "market" } else { "location" }),
        );

        ui.add_space(8.0);
        ui.strong(cx.t("Scopes in the boundary"));
        ui.horizontal(|ui| {
            for s in Scope::ALL {
                let mut on = b.scopes.contains(&s);
                if ui
                    .checkbox(&mut on, format!("{} {}", cx.t("Scope"), s.number()))
                    .changed()
                {
                    cx.edit(Edit::Methodology(M::Scope(s, on)));
                }
            }
        });
        ui.strong(cx.t("ISO 14064-1 categories"));
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
                cx.edit(Edit::Methodology(M::Category(c, on)));
            }
        }
        widgets::guidance_ui(ui, lang, "operational_boundary", None);

        ui.add_space(8.0);
        ui.strong(cx.t("Gases"));
        ui.horizontal_wrapped(|ui| {
            for g in ALL_GASES {
                let mut on = b.gases.contains(&g);
                if ui.checkbox(&mut on, g.to_string()).changed() {
                    cx.edit(Edit::Methodology(M::Gas(g, on)));
                }
            }
        });
        widgets::guidance_ui(ui, lang, "gases", None);

        ui.add_space(8.0);
        self.default_rules_ui(ui, cx);
        ui.add_space(8.0);
        widgets::guidance_ui(ui, lang, "base_year", None);
    }

    fn default_rules_ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        let p = cx.project();
        ui.strong(cx.t("Default-factor rules"));
        ui.label(cx.t("Imported records without a named factor take the library default for their activity; a project rule overrides it for imports from now on."));
        let rules = p.methodology.default_factors.clone();
        let mut remove = None;
        egui::Grid::new("rules").striped(true).show(ui, |ui| {
            ui.strong(cx.t("Activity"));
            ui.strong(cx.t("Factor"));
            ui.label("");
            ui.end_row();
            for (activity, factor) in &rules {
                ui.label(activity);
                ui.label(factor);
                if ui.button(cx.t("Remove")).clicked() {
                    remove = Some(activity.clone());
                }
                ui.end_row();
            }
        });
        if let Some(a) = remove {
            cx.edit(Edit::Methodology(M::DefaultFactor {
                activity: a,
                factor_id: None,
            }));
        }
        let lib = library::bundled();
        let activity = &mut self.rule_activity;
        let factor = &mut self.rule_factor;
        let lang = cx.lang();
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
        let (a, f) = (self.rule_activity.clone(), self.rule_factor.clone());
        if ui
            .add_enabled(
                !a.is_empty() && !f.is_empty(),
                egui::Button::new(cx.t("Add rule")),
            )
            .clicked()
        {
            cx.edit_tagged(
                Edit::Methodology(M::DefaultFactor {
                    activity: a,
                    factor_id: Some(f),
                }),
                "methodology.rule",
            );
        }
        if let Some(Ok(_)) = cx.outcome("methodology.rule") {
            self.rule_factor.clear();
        }
    }
}
