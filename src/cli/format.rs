//! Number formatting for the readable tables.

/// `1234567.891` → `1,234,567.891` (3 decimals: kilograms).
pub fn t(x: f64) -> String {
    parkaudit::calc::summary::grouped(x, 3)
}

#[cfg(test)]
mod tests {
    #[test]
    fn groups_thousands() {
        assert_eq!(super::t(1_234_567.891_4), "1,234,567.891");
        assert_eq!(super::t(0.0), "0.000");
        assert_eq!(super::t(999.9999), "1,000.000");
        assert_eq!(super::t(-12_345.5), "-12,345.500");
        assert_eq!(super::t(-0.0001), "0.000");
    }
}
