//! Numbers in sentences, as a reader expects them: thousands separators,
//! three decimals for tonnes, no more decimals than a quantity has. Used by
//! the statement, the check messages and the workbook, so a figure reads the
//! same everywhere.

use crate::calc::summary::grouped;

/// `7947665.7443` → `7,947,665.744` (tonnes to three decimals, grouped);
/// zero is `0` and a trace `< 0.001`, never a lone `0.000`.
pub fn tonnes(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    if x.abs() < 0.0005 {
        return if x < 0.0 { "> -0.001" } else { "< 0.001" }.into();
    }
    grouped(x, 3)
}

/// A quantity, grouped, with at most three decimals and no trailing zeros:
/// `20433` → `20,433`; `143141.5` → `143,141.5`; `0.0473` → `0.047`.
pub fn quantity(x: f64) -> String {
    let s = grouped(x, 3);
    match s.split_once('.') {
        Some((int, frac)) if frac.trim_end_matches('0').is_empty() => int.to_string(),
        Some((int, frac)) => format!("{int}.{}", frac.trim_end_matches('0')),
        None => s,
    }
}

/// Tonnes on screen, by one rule for every figure: 1,000 and over whole and
/// grouped (`2,863`); 10 to 1,000 with one decimal (`833.5`); under 10 with
/// two (`0.47`); under 0.005 `< 0.01` (never a lone `0.000`); zero `0`.
/// Three decimals stay for the workbook and `explain`, where figures are
/// checked to the kilogram.
pub fn t_short(x: f64) -> String {
    let a = x.abs();
    if !x.is_finite() {
        return x.to_string();
    }
    if x == 0.0 {
        return "0".into();
    }
    if a < 0.005 {
        return if x < 0.0 {
            "> -0.01".into()
        } else {
            "< 0.01".into()
        };
    }
    let decimals = if a >= 999.5 {
        0
    } else if a >= 9.995 {
        1
    } else {
        2
    };
    grouped(x, decimals)
}

/// A value as entered — every digit it has (Rust's shortest exact form) —
/// with its integer part grouped: `30117` → `30,117`, `0.0473` stays.
pub fn exact(x: f64) -> String {
    if !x.is_finite() || x.abs() >= 1e15 {
        return x.to_string();
    }
    let s = x.abs().to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let int: f64 = int.parse().unwrap_or(0.0);
    let sign = if x < 0.0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{}", grouped(int, 0))
    } else {
        format!("{sign}{}.{frac}", grouped(int, 0))
    }
}

/// Significant digits a factor shows on screen ([`significant`]); the full
/// value is on hover and in `explain`.
pub const FACTOR_DIGITS: i32 = 6;

/// `x` to `digits` significant digits, grouped, without trailing zeros:
/// `3095.9096373333327` → `3,095.91`; `0.047299999999999995` → `0.0473`;
/// `98300` → `98,300`. Factors carry float noise from their derivation
/// (NCV × carbon content × 44/12); this is how a reader expects them.
pub fn significant(x: f64, digits: i32) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x == 0.0 {
        return "0".into();
    }
    let magnitude = x.abs().log10().floor() as i32;
    let decimals = (digits - 1 - magnitude).clamp(0, 15) as usize;
    let s = grouped(x, decimals);
    match s.split_once('.') {
        Some((int, frac)) if frac.trim_end_matches('0').is_empty() => int.to_string(),
        Some((int, frac)) => format!("{int}.{}", frac.trim_end_matches('0')),
        None => s,
    }
}

/// An integer with thousands separators.
pub fn count(n: usize) -> String {
    grouped(n as f64, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_digits() {
        // GB/T 32150 anthracite: 26.7 GJ/t × 27.4 tC/TJ × 94 % × 44/12 derivations carry float noise.
        assert_eq!(significant(3_095.909_637_333_332_7, 6), "3,095.91");
        assert_eq!(significant(0.047_299_999_999_999_995, 6), "0.0473");
        assert_eq!(significant(0.040_049_999_999_999_995, 6), "0.04005");
        assert_eq!(significant(98_300.0, 6), "98,300");
        assert_eq!(significant(1_234_567.0, 6), "1,234,567");
        assert_eq!(significant(-0.000_123_456_78, 3), "-0.000123");
        assert_eq!(significant(0.0, 6), "0");
        assert_eq!(significant(0.581, 6), "0.581");
    }

    #[test]
    fn numbers_read_as_written_by_hand() {
        assert_eq!(tonnes(7_947_665.744_3), "7,947,665.744");
        assert_eq!(tonnes(-0.0001), "> -0.001");
        assert_eq!(tonnes(0.0), "0");
        assert_eq!(tonnes(0.0004), "< 0.001");
        assert_eq!(tonnes(-1234.5), "-1,234.500");
        assert_eq!(quantity(20_433.0), "20,433");
        assert_eq!(quantity(143_141.5), "143,141.5");
        assert_eq!(quantity(0.047_3), "0.047");
        assert_eq!(quantity(-19.0), "-19");
        assert_eq!(quantity(999.999_9), "1,000");
        assert_eq!(count(1_000_000), "1,000,000");
        assert_eq!(count(7), "7");
        assert_eq!(exact(30_117.0), "30,117");
        assert_eq!(exact(1_234_567.062_5), "1,234,567.0625");
        assert_eq!(exact(0.0473), "0.0473");
        assert_eq!(exact(-2_000.5), "-2,000.5");
        // On screen: the magnitude decides the decimals.
        assert_eq!(t_short(7_947_665.744), "7,947,666");
        assert_eq!(t_short(2_863.2), "2,863");
        assert_eq!(t_short(999.96), "1,000");
        assert_eq!(t_short(833.545), "833.5");
        assert_eq!(t_short(9.996), "10.0");
        assert_eq!(t_short(0.4731), "0.47");
        assert_eq!(t_short(0.001), "< 0.01");
        assert_eq!(t_short(0.0), "0");
        assert_eq!(t_short(-56.04), "-56.0");
    }
}
