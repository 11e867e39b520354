//! The methodology decisions an auditor walks through, with guidance text in
//! English and Chinese (`assets/methodology/guidance.ron`, embedded). The GUI
//! renders these; the CLI and tests read them.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The bundled definitions.
pub const GUIDANCE_RON: &str = include_str!("../../assets/methodology/guidance.ron");

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: String,
    pub zh: String,
}

impl Text {
    /// The text in `lang` (`"zh"` for Chinese, anything else English).
    pub fn get(&self, lang: &str) -> &str {
        if lang == "zh" { &self.zh } else { &self.en }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionOption {
    pub id: String,
    pub label: Text,
    pub text: Text,
}

/// One methodology decision (consolidation, boundary, gases, GWP set, scope 2, base year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub id: String,
    pub title: Text,
    pub guidance: Text,
    pub options: Vec<DecisionOption>,
}

/// A GHG Protocol scope 3 category and the ISO 14064-1 category it falls in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope3Category {
    pub number: u8,
    pub name: Text,
    pub iso_category: u8,
}

/// One of China's 24 industry GHG accounting guidelines, with the sector codes it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guideline {
    pub id: String,
    pub batch: u8,
    pub year: i32,
    pub name: Text,
    pub sectors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    pub decisions: Vec<Decision>,
    pub scope3_categories: Vec<Scope3Category>,
    pub guidelines: Vec<Guideline>,
}

impl Guidance {
    /// The bundled guidance, parsed once. A broken bundled file is a build
    /// defect that the tests catch, not a user error.
    pub fn bundled() -> &'static Guidance {
        static G: OnceLock<Guidance> = OnceLock::new();
        G.get_or_init(|| {
            ron::from_str(GUIDANCE_RON).unwrap_or_else(|e| panic!("bundled guidance.ron: {e}"))
        })
    }

    pub fn decision(&self, id: &str) -> Option<&Decision> {
        self.decisions.iter().find(|d| d.id == id)
    }

    /// The MEE guideline that applies to a sector code.
    pub fn guideline_for_sector(&self, sector: &str) -> Option<&Guideline> {
        self.guidelines
            .iter()
            .find(|g| g.sectors.iter().any(|s| s == sector))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(t: &Text, what: &str) {
        assert!(!t.en.trim().is_empty(), "{what}: English missing");
        assert!(
            t.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{what}: Chinese missing"
        );
    }

    #[test]
    fn every_decision_has_text_in_both_languages() {
        let g = Guidance::bundled();
        for id in [
            "consolidation",
            "operational_boundary",
            "gases",
            "gwp_set",
            "scope2",
            "base_year",
        ] {
            let d = g.decision(id).unwrap_or_else(|| panic!("decision {id}"));
            both(&d.title, id);
            both(&d.guidance, id);
            assert!(!d.options.is_empty(), "{id}");
            for o in &d.options {
                both(&o.label, &o.id);
                both(&o.text, &o.id);
            }
        }
        for c in &g.scope3_categories {
            both(&c.name, "scope 3 category");
        }
        for gl in &g.guidelines {
            both(&gl.name, &gl.id);
        }
    }

    #[test]
    fn structure() {
        let g = Guidance::bundled();
        assert_eq!(g.guidelines.len(), 24, "China's 24 industry guidelines");
        assert_eq!(
            (
                g.guidelines.iter().filter(|x| x.batch == 1).count(),
                g.guidelines.iter().filter(|x| x.batch == 2).count()
            ),
            (10, 4)
        );
        let numbers: Vec<u8> = g.scope3_categories.iter().map(|c| c.number).collect();
        assert_eq!(numbers, (1..=15).collect::<Vec<u8>>());
        assert!(
            g.scope3_categories
                .iter()
                .all(|c| (3..=6).contains(&c.iso_category))
        );
        let consolidation: Vec<&str> = g
            .decision("consolidation")
            .map(|d| d.options.iter().map(|o| o.id.as_str()).collect())
            .unwrap_or_default();
        let cli: Vec<&str> = crate::model::Consolidation::ALL
            .iter()
            .map(|c| c.key())
            .collect();
        assert_eq!(consolidation, cli, "one text per consolidation approach");
        let sets: Vec<&str> = g
            .decision("gwp_set")
            .map(|d| d.options.iter().map(|o| o.id.as_str()).collect())
            .unwrap_or_default();
        assert_eq!(sets, ["SAR", "AR4", "AR5", "AR6"]);
    }
}
