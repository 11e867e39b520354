//! Numbers in sentences, as a reader expects them: thousands separators,
//! three decimals for tonnes, no more decimals than a quantity has. Used by
//! the statement, the check messages and the workbook, so a figure reads the
//! same everywhere.

fn grouped(int: &str) -> String {
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn signed(x: f64, body: String) -> String {
    // "-0.000" reads as a value; a negative that rounds to zero is zero.
    if x < 0.0 && body.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("-{body}")
    } else {
        body
    }
}

/// `7947665.7443` → `7,947,665.744` (tonnes to three decimals, grouped).
pub fn tonnes(x: f64) -> String {
    let s = format!("{:.3}", x.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, "000"));
    signed(x, format!("{}.{frac}", grouped(int)))
}

/// A quantity, grouped, with at most three decimals and no trailing zeros:
/// `20433` → `20,433`; `143141.5` → `143,141.5`; `0.0473` → `0.047`.
pub fn quantity(x: f64) -> String {
    let s = format!("{:.3}", x.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let frac = frac.trim_end_matches('0');
    let body = if frac.is_empty() {
        grouped(int)
    } else {
        format!("{}.{frac}", grouped(int))
    };
    signed(x, body)
}

/// An integer with thousands separators.
pub fn count(n: usize) -> String {
    grouped(&n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_written_by_hand() {
        assert_eq!(tonnes(7_947_665.744_3), "7,947,665.744");
        assert_eq!(tonnes(-0.0001), "0.000");
        assert_eq!(tonnes(-1234.5), "-1,234.500");
        assert_eq!(quantity(20_433.0), "20,433");
        assert_eq!(quantity(143_141.5), "143,141.5");
        assert_eq!(quantity(0.047_3), "0.047");
        assert_eq!(quantity(-19.0), "-19");
        assert_eq!(quantity(999.999_9), "1,000");
        assert_eq!(count(1_000_000), "1,000,000");
        assert_eq!(count(7), "7");
    }
}
