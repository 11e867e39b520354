//! Benford first-digit conformity (Nigrini, *Benford's Law*, 2012): the
//! chi-square statistic (8 degrees of freedom) and the mean absolute
//! deviation (MAD) with Nigrini's first-digit thresholds.

/// Expected first-digit proportions, log10(1 + 1/d).
pub fn expected() -> [f64; 9] {
    let mut e = [0.0; 9];
    for (i, slot) in e.iter_mut().enumerate() {
        *slot = (1.0 + 1.0 / (i as f64 + 1.0)).log10();
    }
    e
}

/// The first significant digit of a positive finite number.
pub fn first_digit(x: f64) -> Option<usize> {
    if !(x.is_finite() && x > 0.0) {
        return None;
    }
    let mut m = x;
    while m >= 10.0 {
        m /= 10.0;
    }
    while m < 1.0 {
        m *= 10.0;
    }
    Some((m.floor() as usize).clamp(1, 9))
}

/// Nigrini's first-digit MAD conformity ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Conformity {
    Close,
    Acceptable,
    Marginal,
    Nonconformity,
}

impl Conformity {
    pub fn label(self) -> &'static str {
        match self {
            Conformity::Close => "close conformity",
            Conformity::Acceptable => "acceptable conformity",
            Conformity::Marginal => "marginal conformity",
            Conformity::Nonconformity => "nonconformity",
        }
    }

    /// The label in Chinese (Nigrini's terms as used in Chinese audit literature).
    pub fn label_zh(self) -> &'static str {
        match self {
            Conformity::Close => "紧密符合",
            Conformity::Acceptable => "可接受的符合",
            Conformity::Marginal => "边缘符合",
            Conformity::Nonconformity => "不符合",
        }
    }

    /// 0.006 / 0.012 / 0.015 (Nigrini 2012, Table 7.1).
    pub fn from_mad(mad: f64) -> Conformity {
        if mad < 0.006 {
            Conformity::Close
        } else if mad < 0.012 {
            Conformity::Acceptable
        } else if mad < 0.015 {
            Conformity::Marginal
        } else {
            Conformity::Nonconformity
        }
    }
}

/// The test's result over a population.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BenfordResult {
    pub n: usize,
    pub counts: [usize; 9],
    pub chi_square: f64,
    pub mad: f64,
    pub conformity: Conformity,
}

/// χ² critical value for 8 degrees of freedom at α = 0.05.
pub const CHI2_CRITICAL_8DF_5PCT: f64 = 15.507;

pub fn test(values: impl Iterator<Item = f64>) -> BenfordResult {
    let mut counts = [0usize; 9];
    for d in values.filter_map(first_digit) {
        if let Some(c) = counts.get_mut(d - 1) {
            *c += 1;
        }
    }
    let n: usize = counts.iter().sum();
    let e = expected();
    let (mut chi, mut mad) = (0.0, 0.0);
    if n > 0 {
        for (c, p) in counts.iter().zip(e) {
            let obs = *c as f64;
            let exp = p * n as f64;
            chi += (obs - exp).powi(2) / exp;
            mad += (obs / n as f64 - p).abs();
        }
        mad /= 9.0;
    }
    BenfordResult {
        n,
        counts,
        chi_square: chi,
        mad,
        conformity: Conformity::from_mad(mad),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::approx_constant)] // the published table, not the constant
    fn expected_proportions() {
        // Benford (1938): 30.1 %, 17.6 %, 12.5 %, 9.7 %, 7.9 %, 6.7 %, 5.8 %, 5.1 %, 4.6 %.
        let e = expected();
        let want = [
            0.30103, 0.17609, 0.12494, 0.09691, 0.07918, 0.06695, 0.05799, 0.05115, 0.04576,
        ];
        for (a, b) in e.iter().zip(want) {
            assert!((a - b).abs() < 5e-6);
        }
        assert!((e.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert_eq!(first_digit(0.00372), Some(3));
        assert_eq!(first_digit(98_765.0), Some(9));
        assert_eq!(first_digit(0.0), None);
    }

    #[test]
    fn powers_of_two_conform_and_uniform_digits_do_not() {
        // 2^n follows Benford's law closely.
        let r = test(
            (0..1000)
                .map(|i| 2f64.powi(i % 1000))
                .take(1000)
                .filter(|v| v.is_finite()),
        );
        assert_eq!(r.conformity, Conformity::Close, "{r:?}");
        assert!(r.chi_square < CHI2_CRITICAL_8DF_5PCT);
        // First digits 1–9 equally often: far from Benford.
        let r = test((0..900).map(|i| (i % 9 + 1) as f64 * 100.0 + 7.0));
        assert_eq!(r.conformity, Conformity::Nonconformity);
        assert!(r.chi_square > CHI2_CRITICAL_8DF_5PCT);
    }
}
