//! Organisational boundary: which share of an entity's emissions the park
//! inventory takes (GHG Protocol Corporate Standard, chapter 3).

use crate::model::{Consolidation, Entity};

/// Why an entity's emissions are outside the organisational boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum OutsideReason {
    /// Marked not included (with a justification) in the project.
    NotIncluded,
    /// Control approach and the park does not have that control.
    NoControl,
    /// Equity share approach and the ownership is 0 %.
    NoEquity,
}

/// The share (0–1) of an entity's emissions inside the boundary, or why none is.
///
/// Under a control approach an operation counts 100 % or not at all; under
/// equity share it counts in proportion to ownership.
pub fn share(entity: &Entity, approach: Consolidation) -> Result<f64, OutsideReason> {
    if !entity.included {
        return Err(OutsideReason::NotIncluded);
    }
    match approach {
        Consolidation::OperationalControl if entity.operational_control => Ok(1.0),
        Consolidation::FinancialControl if entity.financial_control => Ok(1.0),
        Consolidation::OperationalControl | Consolidation::FinancialControl => {
            Err(OutsideReason::NoControl)
        }
        Consolidation::EquityShare if entity.ownership_pct > 0.0 => {
            Ok(entity.ownership_pct / 100.0)
        }
        Consolidation::EquityShare => Err(OutsideReason::NoEquity),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(own: f64, op: bool, fin: bool, included: bool) -> Entity {
        Entity {
            id: "E".into(),
            name: "E".into(),
            name_zh: String::new(),
            sector: "steel".into(),
            kind: Default::default(),
            ownership_pct: own,
            operational_control: op,
            financial_control: fin,
            included,
            exclusion_reason: None,
        }
    }

    #[test]
    fn approaches() {
        use Consolidation::*;
        let e = entity(40.0, true, false, true);
        assert_eq!(share(&e, OperationalControl), Ok(1.0));
        assert_eq!(share(&e, FinancialControl), Err(OutsideReason::NoControl));
        assert_eq!(share(&e, EquityShare), Ok(0.4));
        assert_eq!(
            share(&entity(0.0, true, true, true), EquityShare),
            Err(OutsideReason::NoEquity)
        );
        let out = entity(100.0, true, true, false);
        for a in Consolidation::ALL {
            assert_eq!(share(&out, a), Err(OutsideReason::NotIncluded));
        }
    }
}
