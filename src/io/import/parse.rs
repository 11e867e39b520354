//! Reading one cell as the value a field needs. Each function returns the
//! reason in plain words when the cell does not hold such a value; the caller
//! adds sheet, row, column and value.

use super::issue::Msg;
use super::workbook::Cell;
use crate::model::{Gas, IsoCategory, Period, Scope, Unit};

/// A parsed value, with an optional warning (e.g. a number stored as text).
pub type Parsed<T> = Result<(T, Option<Msg>), Msg>;

fn excel_error(cell: &Cell<'_>) -> Option<Msg> {
    match cell {
        Cell::Error(e) => Some(Msg::new(
            format!("the cell holds the Excel error {e} — fix the formula in the source workbook"),
            format!("单元格中是 Excel 错误 {e}——请在源工作簿中修正公式"),
        )),
        _ => None,
    }
}

/// Text, trimmed; numbers are accepted as text (ids like `1001`).
pub fn text(cell: &Cell<'_>) -> Result<String, Msg> {
    if let Some(e) = excel_error(cell) {
        return Err(e);
    }
    Ok(match cell {
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        other => other.display().trim().to_string(),
    })
}

/// A finite number. Text that is a clean number is accepted with a warning.
pub fn number(cell: &Cell<'_>) -> Parsed<f64> {
    if let Some(e) = excel_error(cell) {
        return Err(e);
    }
    match cell {
        Cell::Number(n) if n.is_finite() => Ok((*n, None)),
        Cell::Number(_) => Err(Msg::new("the number is not finite", "数值不是有限数")),
        Cell::Text(t) => {
            let t = t.trim();
            // Commas only as thousands separators (1,234,567.8); "1,5" is a decimal
            // comma, and guessing it would be a factor-of-ten error.
            let s = if t.contains([',', '，']) {
                let plain = t.replace('，', ",");
                let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
                let int = int.strip_prefix('-').unwrap_or(int);
                let groups: Vec<&str> = int.split(',').collect();
                let grouped = groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
                    && groups.iter().skip(1).all(|g| g.len() == 3)
                    && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
                    && frac.chars().all(|c| c.is_ascii_digit());
                if !grouped {
                    return Err(Msg::new(
                        "a comma that is not a thousands separator — write the number with a decimal point (1.5, not 1,5)",
                        "逗号不是千位分隔符——请用小数点书写数字（1.5，而非 1,5）",
                    ));
                }
                plain.replace(',', "")
            } else {
                t.to_string()
            };
            match s.parse::<f64>() {
                Ok(v) if v.is_finite() && s.chars().any(|c| c.is_ascii_digit()) => Ok((
                    v,
                    Some(Msg::new("number stored as text", "以文本形式存储的数字")),
                )),
                Ok(_) => Err(Msg::new(
                    "not a finite number (NaN or infinity)",
                    "不是有限数（NaN 或无穷大）",
                )),
                Err(_) => Err(Msg::new(
                    "text where a number belongs — enter a number",
                    "此处应为数字却是文本——请输入数字",
                )),
            }
        }
        Cell::Bool(_) => Err(Msg::new(
            "TRUE/FALSE where a number belongs — enter a number",
            "此处应为数字却是 TRUE/FALSE——请输入数字",
        )),
        Cell::Date(..) => Err(Msg::new(
            "a date where a number belongs — format the cell as a number",
            "此处应为数字却是日期——请将单元格设为数字格式",
        )),
        Cell::Empty => Err(Msg::new("empty — enter a number", "为空——请输入数字")),
        Cell::Error(_) => Err(Msg::new("Excel error", "Excel 错误")),
    }
}

/// Yes/no: yes/no, true/false, 1/0, y/n, 是/否, or a TRUE/FALSE cell.
pub fn yes_no(cell: &Cell<'_>) -> Result<bool, Msg> {
    if let Some(e) = excel_error(cell) {
        return Err(e);
    }
    match cell {
        Cell::Bool(b) => Ok(*b),
        Cell::Number(n) if *n == 1.0 => Ok(true),
        Cell::Number(n) if *n == 0.0 => Ok(false),
        other => match other.display().trim().to_lowercase().as_str() {
            "yes" | "y" | "true" | "1" | "是" | "有" => Ok(true),
            "no" | "n" | "false" | "0" | "否" | "无" => Ok(false),
            _ => Err(Msg::new(
                "expected yes/no (also true/false, 1/0, y/n, 是/否)",
                "应为 是/否（也可为 yes/no、true/false、1/0、y/n）",
            )),
        },
    }
}

/// A month: `YYYY-MM` text (also `YYYY/MM`, `YYYY年M月`) or an Excel date.
pub fn period(cell: &Cell<'_>) -> Result<Period, Msg> {
    if let Some(e) = excel_error(cell) {
        return Err(e);
    }
    let bad = || {
        Msg::new(
            "expected a month as YYYY-MM text or an Excel date",
            "应为 YYYY-MM 格式的月份文本或 Excel 日期",
        )
    };
    match cell {
        Cell::Date(y, m, _) => Period::new(*y, *m).map_err(|_| bad()),
        Cell::Text(t) => {
            // YYYY-MM, YYYY/MM, YYYY年M月, and full dates (YYYY-MM-DD, YYYY/MM/DD,
            // YYYY年M月D日) whose month counts; the day must be a real day number.
            let normalised = t
                .trim()
                .replace(['/', '年', '月', '.'], "-")
                .replace('日', "");
            let parts: Vec<&str> = normalised.trim_end_matches('-').split('-').collect();
            match parts.as_slice() {
                [y, m] => Period::parse(&format!("{y}-{m}")).map_err(|_| bad()),
                [y, m, d] => {
                    let day: u8 = d.parse().map_err(|_| bad())?;
                    if !(1..=31).contains(&day) {
                        return Err(bad());
                    }
                    Period::parse(&format!("{y}-{m}")).map_err(|_| bad())
                }
                _ => Err(bad()),
            }
        }
        _ => Err(bad()),
    }
}

/// Scope 1, 2 or 3 (also `scope 2`, `范围2`, `范围二`).
pub fn scope(cell: &Cell<'_>) -> Result<Scope, Msg> {
    if let Some(e) = excel_error(cell) {
        return Err(e);
    }
    let bad = || Msg::new("scope must be 1, 2 or 3", "范围必须是 1、2 或 3");
    let n = match cell {
        Cell::Number(n) if n.fract() == 0.0 && (1.0..=3.0).contains(n) => *n as u8,
        Cell::Text(t) => {
            let t = t.trim().to_lowercase();
            let t = t
                .trim_start_matches("scope")
                .trim_start_matches("范围")
                .trim();
            match t {
                "1" | "一" => 1,
                "2" | "二" => 2,
                "3" | "三" => 3,
                _ => return Err(bad()),
            }
        }
        _ => return Err(bad()),
    };
    Scope::try_from(n).map_err(|_| bad())
}

/// ISO 14064-1 category 1–6.
pub fn category(cell: &Cell<'_>) -> Result<IsoCategory, Msg> {
    let bad = || {
        Msg::new(
            "ISO 14064-1 category must be a whole number 1–6",
            "ISO 14064-1 类别必须是 1–6 的整数",
        )
    };
    let (n, _) = number(cell).map_err(|_| bad())?;
    if n.fract() != 0.0 || !(1.0..=6.0).contains(&n) {
        return Err(bad());
    }
    IsoCategory::new(n as u8).map_err(|_| bad())
}

pub fn unit(cell: &Cell<'_>) -> Result<Unit, Msg> {
    let t = text(cell)?;
    if t.is_empty() {
        return Err(Msg::new("empty — enter the unit", "为空——请输入单位"));
    }
    Unit::parse(&t).map_err(|e| Msg::new(e.to_string(), e.zh()))
}

pub fn gas(cell: &Cell<'_>) -> Result<Gas, Msg> {
    let t = text(cell)?;
    Gas::parse(&t).map_err(|e| Msg::new(e.to_string(), e.zh()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn t(s: &str) -> Cell<'_> {
        Cell::Text(Cow::Borrowed(s))
    }

    #[test]
    fn numbers() {
        assert_eq!(number(&Cell::Number(2.5)), Ok((2.5, None)));
        assert_eq!(number(&t("1,234.5")).map(|v| v.0), Ok(1234.5));
        assert!(
            number(&t("1,234.5"))
                .map(|v| v.1.is_some())
                .unwrap_or(false)
        );
        assert!(number(&t("abc")).is_err());
        assert_eq!(number(&t("1,234,567.5")).map(|v| v.0), Ok(1_234_567.5));
        assert!(number(&t("1,5")).is_err(), "decimal comma is not guessed");
        assert!(number(&t("2,50")).is_err());
        assert!(number(&t("12,34,567")).is_err());
        assert!(number(&t("NaN")).is_err());
        assert!(number(&t("inf")).is_err());
        let e = number(&Cell::Error("#DIV/0!".into())).unwrap_err();
        assert!(e.en.contains("#DIV/0!"));
        assert_eq!(
            e.zh,
            "单元格中是 Excel 错误 #DIV/0!——请在源工作簿中修正公式"
        );
        assert!(number(&Cell::Bool(true)).is_err());
    }

    #[test]
    fn an_unknown_gas_is_named_in_both_languages() {
        let e = gas(&t("XYZ")).unwrap_err();
        assert!(
            e.en.starts_with("unknown gas code 'XYZ' (known: CO2, "),
            "{}",
            e.en
        );
        assert!(
            e.zh.starts_with("未知气体代码“XYZ”（已知：CO2, "),
            "{}",
            e.zh
        );
    }

    #[test]
    fn yes_no_spellings() {
        for y in ["yes", "Y", "TRUE", "1", "是"] {
            assert_eq!(yes_no(&t(y)), Ok(true), "{y}");
        }
        for n in ["no", "n", "False", "0", "否"] {
            assert_eq!(yes_no(&t(n)), Ok(false), "{n}");
        }
        assert_eq!(yes_no(&Cell::Bool(true)), Ok(true));
        assert!(yes_no(&t("maybe")).is_err());
    }

    #[test]
    fn periods() {
        let p = |y, m| Ok(Period { year: y, month: m });
        assert_eq!(period(&t("2024-03")), p(2024, 3));
        assert_eq!(period(&t("2024/3")), p(2024, 3));
        assert_eq!(period(&t("2024年3月")), p(2024, 3));
        assert_eq!(period(&t("2024-03-15")), p(2024, 3));
        assert_eq!(period(&t("2024/03/15")), p(2024, 3));
        assert_eq!(period(&t("2024年3月15日")), p(2024, 3));
        assert!(period(&t("2024-03-99")).is_err());
        assert!(period(&t("2024-03-junk")).is_err());
        assert_eq!(period(&Cell::Date(2024, 7, 31)), p(2024, 7));
        assert!(period(&Cell::Number(45_000.0)).is_err());
        assert!(period(&t("March")).is_err());
    }

    #[test]
    fn scopes() {
        assert_eq!(scope(&Cell::Number(2.0)), Ok(Scope::S2));
        assert_eq!(scope(&t("Scope 3")), Ok(Scope::S3));
        assert_eq!(scope(&t("范围一")), Ok(Scope::S1));
        assert!(scope(&Cell::Number(4.0)).is_err());
        assert!(scope(&Cell::Number(1.5)).is_err());
    }
}
