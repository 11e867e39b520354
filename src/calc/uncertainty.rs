//! Uncertainty propagation, IPCC 2006 Guidelines Vol. 1 ch. 3, Approach 1
//! (error propagation). Uncertainties are half-widths of the 95 % interval
//! in percent of the value. Valid for small, symmetric uncertainties (the
//! Guidelines' rule of thumb: under about 30–60 %); the Monte Carlo of
//! Approach 2 is for the rest. Pure functions, the building blocks of the
//! inventory's uncertainty (issue 18).

/// A value with its uncertainty (% half-width of the 95 % interval).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Uncertain {
    pub value: f64,
    pub u_pct: f64,
}

/// The uncertainty of a product of uncertain terms (eq. 3.1):
/// U = √(U₁² + U₂² + … ).
pub fn product(u_pct: &[f64]) -> f64 {
    u_pct.iter().map(|u| u * u).sum::<f64>().sqrt()
}

/// The uncertainty of a sum of independent terms (eq. 3.2):
/// U = √((U₁·x₁)² + (U₂·x₂)² + …) / |x₁ + x₂ + …|; 0 for a sum of 0.
pub fn sum(terms: &[Uncertain]) -> f64 {
    let total: f64 = terms.iter().map(|t| t.value).sum();
    if total == 0.0 {
        return 0.0;
    }
    terms
        .iter()
        .map(|t| (t.u_pct * t.value).powi(2))
        .sum::<f64>()
        .sqrt()
        / total.abs()
}

/// Terms that share one uncertain input (records computed with the same
/// factor) are fully correlated in it: their part of the uncertainty adds
/// linearly, U·Σxᵢ, before it combines with the independent rest — summing
/// them as independent terms would understate it.
pub fn shared(terms: &[f64], u_pct: f64) -> Uncertain {
    Uncertain {
        value: terms.iter().sum(),
        u_pct,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9 * b.abs().max(1.0)
    }

    /// Eq. 3.1: activity data ±5 %, emission factor ±7 % → √(25 + 49) =
    /// √74 = 8.602325… %.
    #[test]
    fn a_product_of_uncertain_terms() {
        assert!(close(product(&[5.0, 7.0]), 74f64.sqrt()));
        assert!(close(product(&[5.0, 7.0]), 8.602_325_267_042_627));
    }

    /// Eq. 3.2: 100 t ±10 % and 50 t ±20 % → √(1,000² + 1,000²) / 150 =
    /// 1,414.2136 / 150 = 9.428090… %.
    #[test]
    fn a_two_source_inventory() {
        let u = sum(&[
            Uncertain {
                value: 100.0,
                u_pct: 10.0,
            },
            Uncertain {
                value: 50.0,
                u_pct: 20.0,
            },
        ]);
        assert!(close(u, 2_000_000f64.sqrt() / 150.0), "{u}");
        assert!(close(u, 9.428_090_415_820_634));
        assert_eq!(sum(&[]), 0.0);
    }

    /// Two records of 100 t with one factor ±10 %: as independent terms
    /// √2 × 1,000 / 200 = 7.071 %; sharing the factor, 10 % — wider.
    #[test]
    fn a_shared_factor_is_wider_than_independent_ones() {
        let independent = sum(&[
            Uncertain {
                value: 100.0,
                u_pct: 10.0,
            },
            Uncertain {
                value: 100.0,
                u_pct: 10.0,
            },
        ]);
        assert!(close(independent, 2f64.sqrt() * 1_000.0 / 200.0));
        let correlated = sum(&[shared(&[100.0, 100.0], 10.0)]);
        assert!(close(correlated, 10.0));
        assert!(correlated > independent);
    }
}
