//! How each gas of a factor is weighted and reported — the one place these
//! rules live, used by the inventory, the explanation of a record, the
//! workbook and the factor-deviation check:
//! - every gas is weighted by the project's GWP ([`gwp::for_project`]); a gas
//!   without one is an error, never a silent 0;
//! - `CO2_biogenic` is reported outside the scopes;
//! - a gas the operational boundary covers ([`covers`]) counts in the inventory;
//! - any other gas is outside the boundary (reported as excluded, at 100 %).

use super::error::CalcError;
use super::gwp;
use crate::model::{EmissionFactor, Gas, Project};
use serde::Serialize;

/// Whether `gas` is covered by an operational boundary listing `list`: CH₄
/// covers its fossil and non-fossil variants, a blend is covered when it or
/// all its components are listed, and an already weighted `CO2e` component is
/// always covered (its gases cannot be told apart).
pub fn covers(list: &[Gas], gas: Gas) -> bool {
    list.contains(&gas)
        || gas == Gas::Co2e
        || (matches!(gas, Gas::Ch4Fossil | Gas::Ch4NonFossil) && list.contains(&Gas::Ch4))
        || (gas.is_blend() && {
            let comps: Vec<Gas> = gwp::blends()
                .iter()
                .filter(|b| b.blend == gas)
                .map(|b| b.component)
                .collect();
            !comps.is_empty() && comps.iter().all(|c| list.contains(c))
        })
}

/// Where a gas's emissions are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Treatment {
    /// In the inventory (scopes 1–3).
    Inventory,
    /// Biogenic CO₂, reported separately, outside the scopes.
    Biogenic,
    /// Outside the operational boundary: reported as excluded, at 100 %.
    Outside,
}

impl Treatment {
    /// The treatment of `gas` in `project`.
    pub fn of(project: &Project, gas: Gas) -> Treatment {
        if gas.is_biogenic() {
            Treatment::Biogenic
        } else if covers(&project.operational_boundary.gases, gas) {
            Treatment::Inventory
        } else {
            Treatment::Outside
        }
    }

    /// How the explanation of a record names it.
    pub fn label(self) -> &'static str {
        match self {
            Treatment::Inventory => "inventory",
            Treatment::Biogenic => "biogenic (outside the scopes)",
            Treatment::Outside => "outside the operational boundary",
        }
    }

    /// The label of [`Self::label`], in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            Treatment::Inventory => "计入清单",
            Treatment::Biogenic => "生物质（范围之外）",
            Treatment::Outside => "运营边界之外",
        }
    }

    /// The treatment a label of [`Self::label`] names.
    pub fn from_label(label: &str) -> Option<Treatment> {
        [
            Treatment::Inventory,
            Treatment::Biogenic,
            Treatment::Outside,
        ]
        .into_iter()
        .find(|t| t.label() == label)
    }

    /// The workbook's two flags: (in the inventory, biogenic), 1 or 0.
    pub fn flags(self) -> (f64, f64) {
        match self {
            Treatment::Inventory => (1.0, 0.0),
            Treatment::Biogenic => (0.0, 1.0),
            Treatment::Outside => (0.0, 0.0),
        }
    }
}

/// One component of a factor, weighted for a project.
#[derive(Debug, Clone, PartialEq)]
pub struct WeightedGas {
    pub gas: Gas,
    pub kg_per_unit: f64,
    pub gwp: f64,
    /// `kg_per_unit × gwp`.
    pub kg_co2e_per_unit: f64,
    pub treatment: Treatment,
}

/// A factor's components weighted for a project, with the sum per treatment
/// (kg CO₂e per factor unit; biogenic in kg CO₂).
#[derive(Debug, Clone, PartialEq)]
pub struct WeightedFactor {
    pub gases: Vec<WeightedGas>,
    pub inventory_kg: f64,
    pub biogenic_kg: f64,
    pub outside_kg: f64,
}

impl WeightedFactor {
    /// Σ kg CO₂e per unit of the components with treatment `t`, in component
    /// order (the workbook's SUMIFS adds them in the same order), from +0 so
    /// that a factor without such components gives 0, never −0.
    pub fn sum(&self, t: Treatment) -> f64 {
        self.gases
            .iter()
            .filter(|g| g.treatment == t)
            .fold(0.0, |acc, g| acc + g.kg_co2e_per_unit)
    }
}

/// Weighs every component of `factor` with the project's GWP values. A factor
/// without components, a non-finite value or a gas without a GWP under the
/// project's set is an error (all of them are returned), never a 0.
pub fn weigh(project: &Project, factor: &EmissionFactor) -> Result<WeightedFactor, Vec<CalcError>> {
    let mut errors = Vec::new();
    if factor.components.is_empty() {
        errors.push(CalcError::EmptyFactor {
            factor_id: factor.id.clone(),
        });
    }
    let mut gases = Vec::with_capacity(factor.components.len());
    for c in &factor.components {
        if !c.kg_per_unit.is_finite() {
            errors.push(CalcError::NonFiniteFactor {
                factor_id: factor.id.clone(),
                gas: c.gas,
                value: c.kg_per_unit,
            });
            continue;
        }
        let Some(w) = gwp::for_project(project, c.gas) else {
            errors.push(CalcError::NoGwp {
                factor_id: factor.id.clone(),
                gas: c.gas,
                set: project.methodology.gwp_set,
            });
            continue;
        };
        gases.push(WeightedGas {
            gas: c.gas,
            kg_per_unit: c.kg_per_unit,
            gwp: w,
            kg_co2e_per_unit: c.kg_per_unit * w,
            treatment: Treatment::of(project, c.gas),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut w = WeightedFactor {
        gases,
        inventory_kg: 0.0,
        biogenic_kg: 0.0,
        outside_kg: 0.0,
    };
    w.inventory_kg = w.sum(Treatment::Inventory);
    w.biogenic_kg = w.sum(Treatment::Biogenic);
    w.outside_kg = w.sum(Treatment::Outside);
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::GasComponent;

    fn factor(components: &[(Gas, f64)]) -> EmissionFactor {
        EmissionFactor {
            id: "f".into(),
            description: String::new(),
            unit: crate::model::Unit::Tonne,
            components: components
                .iter()
                .map(|&(gas, kg_per_unit)| GasComponent::new(gas, kg_per_unit))
                .collect(),
            source: "test".into(),
            year: None,
            region: String::new(),
            activity_key: None,
            derivation: None,
            library_version: None,
        }
    }

    /// IPCC 2006 Vol. 2 Tables 1.4 and 2.3 (NCV 43.0 TJ/Gg): diesel per tonne
    /// 3,186.3 kg CO2, 0.129 kg CH4, 0.0258 kg N2O; AR5 GWP CH4 28, N2O 265.
    #[test]
    fn diesel_under_ar5_with_and_without_n2o_in_the_boundary() {
        let mut p = Project::new("P", 2024);
        let f = factor(&[(Gas::Co2, 3186.3), (Gas::Ch4, 0.129), (Gas::N2o, 0.0258)]);
        let w = weigh(&p, &f).expect("weighs");
        assert_eq!(w.inventory_kg, 3186.3 + 0.129 * 28.0 + 0.0258 * 265.0);
        assert_eq!((w.biogenic_kg, w.outside_kg), (0.0, 0.0));
        p.operational_boundary.gases.retain(|g| *g != Gas::N2o);
        let w = weigh(&p, &f).expect("weighs");
        assert_eq!(w.outside_kg, 0.0258 * 265.0);
        assert_eq!(w.gases[2].treatment, Treatment::Outside);
        assert_eq!(
            Treatment::Outside.label(),
            "outside the operational boundary"
        );
    }

    #[test]
    fn a_gas_without_a_gwp_is_an_error_not_zero() {
        let mut p = Project::new("P", 2024);
        p.methodology.gwp_set = crate::model::GwpSet::SAR;
        p.gwp_snapshot = None;
        let e = weigh(&p, &factor(&[(Gas::Co2, 1.0), (Gas::Nf3, 1.0)])).expect_err("no NF3 in SAR");
        assert_eq!(
            e,
            vec![CalcError::NoGwp {
                factor_id: "f".into(),
                gas: Gas::Nf3,
                set: crate::model::GwpSet::SAR
            }]
        );
        assert!(weigh(&p, &factor(&[])).is_err());
    }

    #[test]
    fn biogenic_co2_is_reported_apart() {
        let p = Project::new("P", 2024);
        let w = weigh(&p, &factor(&[(Gas::Co2Biogenic, 1800.0), (Gas::Ch4, 1.0)])).expect("weighs");
        assert_eq!((w.biogenic_kg, w.inventory_kg), (1800.0, 28.0));
        assert_eq!(Treatment::of(&p, Gas::Ch4Fossil), Treatment::Inventory);
    }
}
