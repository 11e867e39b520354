//! Number formatting for the readable tables.

/// `1234567.891` → `1,234,567.891` (3 decimals: kilograms).
pub fn t(x: f64) -> String {
    let s = format!("{:.3}", x.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if x < 0.0 && !s.trim_start_matches(['0', '.']).is_empty() {
        "-"
    } else {
        ""
    };
    format!("{sign}{grouped}.{frac}")
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
