//! Unit conversion within one dimension.
//!
//! Each unit's size is an exact rational multiple of its dimension's base
//! unit (kg, GJ, m³, Nm³), so a conversion factor is computed with a single
//! correctly rounded division: kWh → MWh is exactly 0.001, not 0.0009999….

use crate::model::{Dimension, Unit};

/// Size of `unit` in its dimension's base unit, as numerator / denominator.
fn size_in_base(unit: Unit) -> (u64, u64) {
    match unit {
        // base: kg
        Unit::Kg => (1, 1),
        Unit::Tonne => (1_000, 1),
        Unit::Kilotonne => (1_000_000, 1),
        // base: GJ; 1 kWh = 3.6 MJ
        Unit::KWh => (36, 10_000),
        Unit::TenThousandKWh => (36, 1),
        Unit::MWh => (36, 10),
        Unit::GWh => (3_600, 1),
        Unit::MJ => (1, 1_000),
        Unit::GJ => (1, 1),
        Unit::TJ => (1_000, 1),
        // 1 tce = 7,000 kcal/kgce × 1,000 kg × 4.1868 kJ/kcal = 29.3076 GJ (GB/T 2589-2020)
        Unit::Tce => (293_076, 10_000),
        // base: m³
        Unit::Litre => (1, 1_000),
        Unit::M3 => (1, 1),
        Unit::TenThousandM3 => (10_000, 1),
        // base: Nm³
        Unit::Nm3 => (1, 1),
        Unit::TenThousandNm3 => (10_000, 1),
    }
}

/// Why two units cannot be converted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot convert {from} ({from_dim}) to {to} ({to_dim})")]
pub struct ConversionError {
    pub from: Unit,
    pub from_dim: Dimension,
    pub to: Unit,
    pub to_dim: Dimension,
}

/// The factor that turns a quantity in `from` into a quantity in `to`.
pub fn conversion_factor(from: Unit, to: Unit) -> Result<f64, ConversionError> {
    if from.dimension() != to.dimension() {
        return Err(ConversionError {
            from,
            from_dim: from.dimension(),
            to,
            to_dim: to.dimension(),
        });
    }
    if from == to {
        return Ok(1.0);
    }
    let (fn_, fd) = size_in_base(from);
    let (tn, td) = size_in_base(to);
    // (fn/fd) / (tn/td) = (fn·td) / (fd·tn); all products fit in u128 exactly.
    let num = u128::from(fn_) * u128::from(td);
    let den = u128::from(fd) * u128::from(tn);
    Ok(num as f64 / den as f64)
}

/// Converts a quantity between units of one dimension.
pub fn convert(quantity: f64, from: Unit, to: Unit) -> Result<f64, ConversionError> {
    Ok(quantity * conversion_factor(from, to)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ALL_UNITS;

    #[test]
    fn exact_conversions() {
        assert_eq!(conversion_factor(Unit::KWh, Unit::MWh), Ok(0.001));
        assert_eq!(conversion_factor(Unit::MWh, Unit::KWh), Ok(1000.0));
        assert_eq!(conversion_factor(Unit::MWh, Unit::GJ), Ok(3.6));
        assert_eq!(conversion_factor(Unit::TenThousandKWh, Unit::MWh), Ok(10.0));
        assert_eq!(conversion_factor(Unit::Kg, Unit::Tonne), Ok(0.001));
        assert_eq!(conversion_factor(Unit::Kilotonne, Unit::Kg), Ok(1.0e6));
        assert_eq!(conversion_factor(Unit::Tce, Unit::GJ), Ok(29.3076));
        assert_eq!(conversion_factor(Unit::TJ, Unit::GJ), Ok(1000.0));
        assert_eq!(
            conversion_factor(Unit::TenThousandNm3, Unit::Nm3),
            Ok(10_000.0)
        );
        assert_eq!(conversion_factor(Unit::Litre, Unit::M3), Ok(0.001));
        assert_eq!(conversion_factor(Unit::GWh, Unit::TJ), Ok(3.6));
    }

    #[test]
    fn cross_dimension_is_an_error() {
        assert!(conversion_factor(Unit::Tonne, Unit::GJ).is_err());
        assert!(conversion_factor(Unit::M3, Unit::Nm3).is_err());
        assert!(conversion_factor(Unit::Litre, Unit::Kg).is_err());
    }

    #[test]
    fn round_trips_are_identity_within_rounding() {
        for a in ALL_UNITS {
            for b in ALL_UNITS {
                if let (Ok(ab), Ok(ba)) = (conversion_factor(a, b), conversion_factor(b, a)) {
                    assert!((ab * ba - 1.0).abs() < 1e-15, "{a} ↔ {b}");
                }
            }
        }
    }
}
