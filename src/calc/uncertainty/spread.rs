//! An input's spread as the two approaches use it: the relative standard
//! deviation Approach 1 propagates, the multiplier the Monte Carlo draws,
//! products of spreads (NCV × emission factor) and the pedigree rule.

use crate::model::{Distribution, Pedigree, Spread};

/// The standard normal's 97.5 % quantile: a 95 % interval is ±Z95 σ.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Default pedigree variances of ln-transformed data, by indicator
/// (reliability, completeness, temporal, geographical, further
/// technological) and score 1–5: Weidema et al. (2013), *Data quality
/// guideline for the ecoinvent database version 3*, Table 10.5 (⚠ read as
/// cited by implementations, not in the report itself). Each variance is
/// (ln Uᵢ / 2)² of the ecoinvent v2 factor Uᵢ (Frischknecht et al. 2007,
/// after Weidema & Wesnæs 1996), with the two empty v2 cells filled.
pub const PEDIGREE_VARIANCE: [[f64; 5]; 5] = [
    [0.0, 0.0006, 0.002, 0.008, 0.04],
    [0.0, 0.0001, 0.0006, 0.002, 0.008],
    [0.0, 0.0002, 0.002, 0.008, 0.04],
    [0.0, 0.000_025, 0.0001, 0.0006, 0.002],
    [0.0, 0.0006, 0.008, 0.04, 0.12],
];

/// The pedigree's citation, for the workbook and the CLI.
pub const PEDIGREE_SOURCE: &str = "Pedigree matrix: σ_ln = ½·√(ln(U_b)² + Σ ln(U_i)²), U_i = exp(2·√v_i) with v_i the default variances of Weidema et al. (2013), ecoinvent data quality guideline v3, Table 10.5 (⚠ as cited by implementations)";

/// The uncertainty factor Uᵢ (a 95 % multiplicative factor, GSD²) of one
/// indicator's score (indicator 0–4, score 1–5; out of range: 1).
pub fn pedigree_factor(indicator: usize, score: u8) -> f64 {
    let v = PEDIGREE_VARIANCE
        .get(indicator)
        .and_then(|row| row.get(usize::from(score.max(1)) - 1))
        .copied()
        .unwrap_or(0.0);
    (2.0 * v.sqrt()).exp()
}

/// σ of ln for a basic uncertainty `basic_gsd2` (e.g. 1.05) and pedigree
/// scores: ½·√(ln(U_b)² + Σ ln(Uᵢ)²).
pub fn pedigree_sigma(p: &Pedigree, basic_gsd2: f64) -> f64 {
    let mut s = basic_gsd2.max(1.0).ln().powi(2);
    for (i, score) in p.scores().into_iter().enumerate() {
        s += pedigree_factor(i, score).ln().powi(2);
    }
    0.5 * s.sqrt()
}

/// The lognormal spread of σ_ln around a median (bounds ±Z95·σ_ln in ln).
pub fn lognormal_of_sigma(sigma: f64, source: String) -> Spread {
    Spread {
        distribution: Distribution::Lognormal,
        lower_pct: (1.0 - (-Z95 * sigma).exp()) * 100.0,
        upper_pct: ((Z95 * sigma).exp() - 1.0) * 100.0,
        source,
    }
}

/// How the Monte Carlo draws an input: a multiplier of its value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Draw {
    /// No uncertainty.
    Fixed,
    /// 1 + sd·z, truncated at 0 (an amount is never negative).
    Normal { sd: f64 },
    /// exp(mu + sigma·z).
    Lognormal { mu: f64, sigma: f64 },
    /// Evenly in [lo, hi].
    Uniform { lo: f64, hi: f64 },
    /// Triangular on [lo, hi] with its mode at 1.
    Triangular { lo: f64, hi: f64 },
}

impl Draw {
    /// The draw a spread describes.
    pub fn of(s: &Spread) -> Draw {
        let l = (s.lower_pct / 100.0).clamp(0.0, 1.0);
        let u = (s.upper_pct / 100.0).max(0.0);
        if l == 0.0 && u == 0.0 {
            return Draw::Fixed;
        }
        match s.distribution {
            // Asymmetric bounds: the larger side (IPCC 2006 Vol. 1 §3.2.3.1).
            Distribution::Normal => Draw::Normal { sd: l.max(u) / Z95 },
            Distribution::Lognormal => {
                let lo = (1.0 - l).max(1e-9).ln();
                let hi = (1.0 + u).ln();
                Draw::Lognormal {
                    mu: (lo + hi) / 2.0,
                    sigma: (hi - lo) / (2.0 * Z95),
                }
            }
            Distribution::Uniform => Draw::Uniform {
                lo: 1.0 - l,
                hi: 1.0 + u,
            },
            Distribution::Triangular => Draw::Triangular {
                lo: 1.0 - l,
                hi: 1.0 + u,
            },
        }
    }

    /// The relative standard deviation Approach 1 propagates. A lognormal
    /// counts by its larger side (the Guidelines' rule for asymmetric
    /// ranges), uniform and triangular by their standard deviations.
    pub fn a1_sd(&self) -> f64 {
        match *self {
            Draw::Fixed => 0.0,
            Draw::Normal { sd } => sd,
            Draw::Lognormal { mu, sigma } => {
                let up = (mu + Z95 * sigma).exp() - 1.0;
                let down = 1.0 - (mu - Z95 * sigma).exp();
                up.max(down) / Z95
            }
            Draw::Uniform { lo, hi } => (hi - lo) / 12f64.sqrt(),
            Draw::Triangular { lo, hi } => {
                let c = 1.0;
                ((lo * lo + hi * hi + c * c - lo * hi - lo * c - hi * c) / 18.0).sqrt()
            }
        }
    }

    /// Whether Approach 1's assumptions hold for this input: symmetric and
    /// a relative standard deviation under 0.3 (IPCC 2006 Vol. 1 §3.2.3.1).
    pub fn a1_holds(&self) -> bool {
        match *self {
            Draw::Fixed => true,
            Draw::Normal { sd } => sd < 0.3,
            Draw::Lognormal { .. } => false,
            Draw::Uniform { lo, hi } | Draw::Triangular { lo, hi } => {
                ((1.0 - lo) - (hi - 1.0)).abs() < 1e-9 && self.a1_sd() < 0.3
            }
        }
    }

    /// The multiplier for a standard normal `z` and a uniform `u` in (0, 1)
    /// (each kind uses one of them). `ln`/`exp` are `libm`'s, identical on
    /// every platform.
    pub fn multiplier(&self, z: f64, u: f64) -> f64 {
        match *self {
            Draw::Fixed => 1.0,
            Draw::Normal { sd } => (1.0 + sd * z).max(0.0),
            Draw::Lognormal { mu, sigma } => libm::exp(mu + sigma * z),
            Draw::Uniform { lo, hi } => lo + (hi - lo) * u,
            Draw::Triangular { lo, hi } => {
                // Inverse CDF with the mode at 1.
                let f = (1.0 - lo) / (hi - lo);
                if u < f {
                    lo + (u * (hi - lo) * (1.0 - lo)).sqrt()
                } else {
                    hi - ((1.0 - u) * (hi - lo) * (hi - 1.0)).sqrt()
                }
            }
        }
    }

    /// Whether this draw takes a uniform rather than a normal variate.
    pub fn uses_uniform(&self) -> bool {
        matches!(self, Draw::Uniform { .. } | Draw::Triangular { .. })
    }
}

/// Approach 1's 95 % half-width (%) of a spread.
pub fn a1_pct(s: &Spread) -> f64 {
    Draw::of(s).a1_sd() * Z95 * 100.0
}

/// σ and μ of ln for a spread (a normal one by ln(1 + U)/Z95, centred).
fn ln_params(s: &Spread) -> (f64, f64) {
    match Draw::of(s) {
        Draw::Lognormal { mu, sigma } => (mu, sigma),
        d => (0.0, (1.0 + d.a1_sd() * Z95).ln() / Z95),
    }
}

/// The spread of a product of two uncertain terms (an NCV and an emission
/// factor per TJ): two normals combine by IPCC 2006 Vol. 1 eq. 3.1,
/// √(U₁² + U₂²); otherwise as lognormals, adding the variances of ln.
pub fn product(a: &Spread, b: &Spread, source: String) -> Spread {
    if a.distribution == Distribution::Normal && b.distribution == Distribution::Normal {
        let u = super::product(&[a1_pct(a), a1_pct(b)]);
        return Spread::normal(u, source);
    }
    let (ma, sa) = ln_params(a);
    let (mb, sb) = ln_params(b);
    let (mu, sigma) = (ma + mb, (sa * sa + sb * sb).sqrt());
    Spread {
        distribution: Distribution::Lognormal,
        lower_pct: (1.0 - (mu - Z95 * sigma).exp()) * 100.0,
        upper_pct: ((mu + Z95 * sigma).exp() - 1.0) * 100.0,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    /// The v3 variances reproduce the v2 factors: 0.0006 ↔ 1.05, 0.04 ↔
    /// 1.49, 0.12 ↔ 2.00 (exp(2·√0.12) = 1.9997).
    #[test]
    fn pedigree_factors_match_the_published_table() {
        assert!(close(pedigree_factor(0, 2), 1.05, 0.001));
        assert!(close(pedigree_factor(0, 5), 1.49, 0.005));
        assert!(close(pedigree_factor(4, 5), 2.00, 0.001));
        assert!(close(pedigree_factor(3, 2), 1.01, 0.001));
        assert_eq!(pedigree_factor(2, 1), 1.0);
    }

    /// Scores (2,1,2,3,1) on U_b 1.05: σ² = (ln 1.05 / 2)² + 0.0006 +
    /// 0.0002 + 0.0001 = 0.000595 + 0.0009 = 0.001495, σ = 0.038666;
    /// 95 % bounds exp(±1.959964 × 0.038666): −7.30 %, +7.87 %.
    #[test]
    fn the_pedigree_rule_by_hand() {
        let p = Pedigree::parse("2,1,2,3,1").expect("scores");
        let sigma = pedigree_sigma(&p, 1.05);
        let expected = ((1.05f64.ln() / 2.0).powi(2) + 0.0009).sqrt();
        assert!(close(sigma, expected, 1e-12));
        assert!(close(sigma, 0.038_666, 1e-6), "{sigma}");
        let s = lognormal_of_sigma(sigma, String::new());
        assert!(close(s.upper_pct, 7.873, 0.001), "{}", s.upper_pct);
        assert!(close(s.lower_pct, 7.298, 0.001), "{}", s.lower_pct);
        // The spread gives its σ back, centred on the value.
        match Draw::of(&s) {
            Draw::Lognormal { mu, sigma: back } => {
                assert!(close(mu, 0.0, 1e-12) && close(back, sigma, 1e-12))
            }
            d => panic!("{d:?}"),
        }
    }

    /// A normal spread of −3.1/+5.0 % counts as ±5 %; a uniform ±10 % has
    /// sd 0.2/√12 = 5.7735 %, so U = 11.316 %.
    #[test]
    fn approach_1_half_widths() {
        let s = Spread {
            distribution: Distribution::Normal,
            lower_pct: 3.1,
            upper_pct: 5.0,
            source: String::new(),
        };
        assert!(close(a1_pct(&s), 5.0, 1e-12));
        let u = Spread {
            distribution: Distribution::Uniform,
            lower_pct: 10.0,
            upper_pct: 10.0,
            source: String::new(),
        };
        assert!(close(a1_pct(&u), 0.2 / 12f64.sqrt() * Z95 * 100.0, 1e-12));
        assert!(close(a1_pct(&u), 11.316, 0.001));
    }

    /// NCV 46.5–50.4 around 48.0 (larger side +5.0 %) and CO₂ 54,300–58,300
    /// around 56,100 (+3.92 %): √(5.0² + 3.92²) = 6.36 % (eq. 3.1).
    #[test]
    fn a_product_of_two_normals_follows_eq_3_1() {
        let ncv = Spread::normal((50.4 - 48.0) / 48.0 * 100.0, "");
        let co2 = Spread::normal((58_300.0 - 56_100.0) / 56_100.0 * 100.0, "");
        let p = product(&ncv, &co2, String::new());
        let expected = (5.0f64.powi(2) + (2_200.0f64 / 561.0).powi(2)).sqrt();
        assert!(close(a1_pct(&p), expected, 1e-9));
        assert!(close(a1_pct(&p), 6.354, 0.001), "{}", a1_pct(&p));
    }

    #[test]
    fn multipliers_stay_in_their_ranges() {
        let t = Draw::Triangular { lo: 0.8, hi: 1.4 };
        assert!(close(t.multiplier(0.0, 0.0), 0.8, 1e-12));
        assert!(close(t.multiplier(0.0, 1.0), 1.4, 1e-12));
        // The CDF at the mode is (1 − lo)/(hi − lo) = 1/3.
        assert!(close(t.multiplier(0.0, 1.0 / 3.0), 1.0, 1e-12));
        assert_eq!(Draw::Normal { sd: 0.5 }.multiplier(-3.0, 0.5), 0.0);
        assert!(Draw::of(&Spread::normal(0.0, "")) == Draw::Fixed);
    }
}
