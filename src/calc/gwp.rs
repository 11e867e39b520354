//! 100-year global warming potentials, from the bundled table
//! `assets/library/gwp100-ipcc.tsv` (one row per gas, each with its citation).
//!
//! Which value `CH4` takes (methane whose origin is not stated):
//! SAR 21, AR4 25 (neither report distinguishes origin), AR5 28 (WG1 Table
//! 8.7, the value without climate–carbon feedback; fossil methane is 30),
//! AR6 27.9 (WG1 Table 7.SM.7, without the CO₂ from oxidation of fossil
//! methane; Table 7.15 gives 29.8 fossil and 27.0 non-fossil).
//! `CO2e` and `CO2_biogenic` weigh 1 under every set. Refrigerant blends
//! (`R-404A`, `R-407C`, `R-410A`) weigh the mass-weighted sum of their
//! components (`assets/library/refrigerant-blends.tsv`).
//!
//! A project freezes the values it uses (`Project::gwp_snapshot`), so a newer
//! bundled table never changes a saved inventory silently.

use crate::model::{Gas, GwpSet, GwpSnapshot, Project};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The bundled table, embedded so the engine works offline.
pub const GWP_TABLE_TSV: &str = include_str!("../../assets/library/gwp100-ipcc.tsv");
/// Refrigerant blend compositions.
pub const BLENDS_TSV: &str = include_str!("../../assets/library/refrigerant-blends.tsv");

/// One component of a refrigerant blend.
#[derive(Debug, Clone, PartialEq)]
pub struct BlendComponent {
    pub blend: Gas,
    pub component: Gas,
    pub mass_fraction: f64,
    pub source: String,
}

/// Parses the blend table; fractions of each blend must sum to 1.
pub fn parse_blends(text: &str) -> Result<Vec<BlendComponent>, String> {
    let mut out: Vec<BlendComponent> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [blend, component, fraction, source] = cols.as_slice() else {
            return Err(format!("line {}: expected 4 tab-separated columns", n + 1));
        };
        let blend = Gas::parse(blend).map_err(|e| format!("line {}: {e}", n + 1))?;
        let component = Gas::parse(component).map_err(|e| format!("line {}: {e}", n + 1))?;
        if !blend.is_blend() || component.is_blend() {
            return Err(format!(
                "line {}: {blend} / {component} is not a blend / component pair",
                n + 1
            ));
        }
        let mass_fraction: f64 = fraction
            .trim()
            .parse()
            .map_err(|_| format!("line {}: bad fraction", n + 1))?;
        out.push(BlendComponent {
            blend,
            component,
            mass_fraction,
            source: source.trim().to_string(),
        });
    }
    for b in out
        .iter()
        .map(|c| c.blend)
        .collect::<std::collections::BTreeSet<_>>()
    {
        let sum: f64 = out
            .iter()
            .filter(|c| c.blend == b)
            .map(|c| c.mass_fraction)
            .sum();
        if (sum - 1.0).abs() > 1e-9 {
            return Err(format!("{b}: mass fractions sum to {sum}, not 1"));
        }
    }
    Ok(out)
}

/// The bundled blend compositions.
pub fn blends() -> &'static [BlendComponent] {
    static B: OnceLock<Vec<BlendComponent>> = OnceLock::new();
    B.get_or_init(|| {
        parse_blends(BLENDS_TSV).unwrap_or_else(|e| panic!("bundled blend table: {e}"))
    })
}

/// One row of the GWP table.
#[derive(Debug, Clone, PartialEq)]
pub struct GwpRow {
    pub gas: Gas,
    /// SAR, AR4, AR5, AR6; `None` where that report gives no value.
    pub values: [Option<f64>; 4],
    pub source: String,
}

fn set_index(set: GwpSet) -> usize {
    match set {
        GwpSet::SAR => 0,
        GwpSet::AR4 => 1,
        GwpSet::AR5 => 2,
        GwpSet::AR6 => 3,
    }
}

/// Parses the TSV table. Public so tests can check a malformed table is refused.
pub fn parse_table(text: &str) -> Result<BTreeMap<Gas, GwpRow>, String> {
    let mut rows = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [gas, sar, ar4, ar5, ar6, source] = cols.as_slice() else {
            return Err(format!("line {line_no}: expected 6 tab-separated columns"));
        };
        let gas = Gas::parse(gas).map_err(|e| format!("line {line_no}: {e}"))?;
        let mut values = [None; 4];
        for (slot, cell) in values.iter_mut().zip([sar, ar4, ar5, ar6]) {
            let cell = cell.trim();
            if !cell.is_empty() {
                let v: f64 = cell
                    .parse()
                    .map_err(|_| format!("line {line_no}: '{cell}' is not a number"))?;
                *slot = Some(v);
            }
        }
        if rows
            .insert(
                gas,
                GwpRow {
                    gas,
                    values,
                    source: source.trim().to_string(),
                },
            )
            .is_some()
        {
            return Err(format!("line {line_no}: {gas} appears twice"));
        }
    }
    Ok(rows)
}

/// The bundled table, parsed once. A broken bundled table is a build defect
/// caught by the tests below, never a user error.
pub fn table() -> &'static BTreeMap<Gas, GwpRow> {
    static TABLE: OnceLock<BTreeMap<Gas, GwpRow>> = OnceLock::new();
    TABLE.get_or_init(|| {
        parse_table(GWP_TABLE_TSV).unwrap_or_else(|e| panic!("bundled GWP table: {e}"))
    })
}

/// The bundled GWP-100 of `gas` under `set`, or `None` if that report gives none.
pub fn gwp(set: GwpSet, gas: Gas) -> Option<f64> {
    match gas {
        Gas::Co2 | Gas::Co2e | Gas::Co2Biogenic => Some(1.0),
        g if g.is_blend() => blends()
            .iter()
            .filter(|c| c.blend == g)
            .map(|c| gwp(set, c.component).map(|v| v * c.mass_fraction))
            .sum(),
        _ => table()
            .get(&gas)
            .and_then(|row| row.values.get(set_index(set)).copied().flatten()),
    }
}

/// The GWP the project uses: its frozen snapshot when it is for the
/// project's set, else the bundled table.
pub fn for_project(project: &Project, gas: Gas) -> Option<f64> {
    match gas {
        Gas::Co2 | Gas::Co2e | Gas::Co2Biogenic => Some(1.0),
        _ => match &project.gwp_snapshot {
            Some(s) if s.set == project.methodology.gwp_set => s.values.get(&gas).copied(),
            _ => gwp(project.methodology.gwp_set, gas),
        },
    }
}

/// A snapshot of the bundled values for `set`, every gas that has one.
pub fn snapshot(set: GwpSet) -> GwpSnapshot {
    GwpSnapshot {
        set,
        library_version: crate::calc::library::LIBRARY_VERSION.to_string(),
        values: crate::model::ALL_GASES
            .iter()
            .filter_map(|&g| gwp(set, g).map(|v| (g, v)))
            .collect(),
    }
}

/// The citation for a gas's row.
pub fn source(gas: Gas) -> Option<&'static str> {
    table().get(&gas).map(|r| r.source.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ALL_GASES;

    #[test]
    fn every_gas_has_a_row() {
        for g in ALL_GASES.into_iter().filter(|g| !g.is_blend()) {
            assert!(table().contains_key(&g), "{g} missing from the GWP table");
            assert!(!source(g).unwrap_or("").is_empty(), "{g} has no citation");
        }
    }

    /// Values as published: IPCC SAR (1995) Table 4 / GHG Protocol GWP table;
    /// AR4 WG1 Table 2.14; AR5 WG1 Table 8.A.1; AR6 WG1 Table 7.SM.7 and 7.15.
    #[test]
    fn published_values() {
        use GwpSet::*;
        let cases: &[(Gas, GwpSet, f64)] = &[
            (Gas::Ch4, SAR, 21.0),
            (Gas::Ch4, AR4, 25.0),
            (Gas::Ch4, AR5, 28.0),
            (Gas::Ch4, AR6, 27.9),
            (Gas::Ch4Fossil, AR5, 30.0),
            (Gas::Ch4Fossil, AR6, 29.8),
            (Gas::Ch4NonFossil, AR5, 28.0),
            (Gas::Ch4NonFossil, AR6, 27.0),
            (Gas::N2o, SAR, 310.0),
            (Gas::N2o, AR4, 298.0),
            (Gas::N2o, AR5, 265.0),
            (Gas::N2o, AR6, 273.0),
            (Gas::Sf6, SAR, 23_900.0),
            (Gas::Sf6, AR4, 22_800.0),
            (Gas::Sf6, AR5, 23_500.0),
            (Gas::Hfc134a, SAR, 1_300.0),
            (Gas::Hfc134a, AR4, 1_430.0),
            (Gas::Hfc134a, AR5, 1_300.0),
            (Gas::Hfc134a, AR6, 1_530.0),
            (Gas::Hfc23, AR5, 12_400.0),
            (Gas::Hfc32, AR6, 771.0),
            (Gas::Hfc125, AR4, 3_500.0),
            (Gas::Cf4, AR5, 6_630.0),
            (Gas::C2f6, AR6, 12_400.0),
            (Gas::Nf3, AR5, 16_100.0),
            (Gas::Co2, AR6, 1.0),
            (Gas::Co2e, SAR, 1.0),
            (Gas::Co2Biogenic, AR5, 1.0),
        ];
        for &(gas, set, want) in cases {
            assert_eq!(gwp(set, gas), Some(want), "{gas} under {set}");
        }
    }

    /// Blends, computed from ASHRAE 34 compositions and the component GWPs:
    /// R-404A AR4 = 0.44 × 3,500 + 0.52 × 4,470 + 0.04 × 1,430 = 3,921.6 (the 3,922 the
    /// EPA and the GHG Protocol table quote); R-410A AR4 = 0.5 × 675 + 0.5 × 3,500 = 2,087.5;
    /// R-407C AR4 = 0.23 × 675 + 0.25 × 3,500 + 0.52 × 1,430 = 1,773.85 (quoted as 1,774).
    #[test]
    fn blends_weigh_their_components() {
        let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-9);
        assert!(close(gwp(GwpSet::AR4, Gas::R404a), 3_921.6));
        assert!(close(gwp(GwpSet::AR4, Gas::R410a), 2_087.5));
        assert!(close(gwp(GwpSet::AR4, Gas::R407c), 1_773.85));
        assert!(close(
            gwp(GwpSet::AR5, Gas::R404a),
            0.44 * 3_170.0 + 0.52 * 4_800.0 + 0.04 * 1_300.0
        ));
        assert!(close(
            gwp(GwpSet::AR6, Gas::R410a),
            0.5 * 771.0 + 0.5 * 3_740.0
        ));
        assert!(
            parse_blends("R-404A\tHFC-125\t0.5\tx\n").is_err(),
            "fractions must sum to 1"
        );
    }

    #[test]
    fn malformed_table_is_refused() {
        assert!(parse_table("CO2\t1\t1\n").is_err());
        assert!(parse_table("CO2\t1\tx\t1\t1\tsrc\n").is_err());
        assert!(parse_table("XX\t1\t1\t1\t1\tsrc\n").is_err());
        assert!(parse_table("CO2\t1\t1\t1\t1\ts\nCO2\t1\t1\t1\t1\ts\n").is_err());
    }
}
