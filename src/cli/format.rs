//! Number formatting for the readable tables.

/// Tonnes in a CLI table, to the kilogram and grouped: `1234567.891` →
/// `1,234,567.891`. Zero is `0` and a trace `< 0.001`, never a lone `0.000`
/// (the app's rule, `audit::words::t_short`, at the CLI's precision).
pub fn t(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    if x.abs() < 0.0005 {
        return if x < 0.0 { "> -0.001" } else { "< 0.001" }.into();
    }
    parkaudit::calc::summary::grouped(x, 3)
}

#[cfg(test)]
mod tests {
    #[test]
    fn groups_thousands_and_never_shows_a_lone_zero() {
        assert_eq!(super::t(1_234_567.891_4), "1,234,567.891");
        assert_eq!(super::t(0.0), "0");
        assert_eq!(super::t(999.9999), "1,000.000");
        assert_eq!(super::t(-12_345.5), "-12,345.500");
        assert_eq!(super::t(-0.0001), "> -0.001");
        assert_eq!(super::t(0.0004), "< 0.001");
        assert_eq!(super::t(0.0005), "0.001");
    }
}
