//! CBAM default values, bundled: Implementing Regulation (EU) 2025/2621
//! Annex I (China and "Other Countries and Territories") and Annex IV (the
//! highest default, for precursors of unknown origin). The published
//! marked-up values are used verbatim — recomputing base × (1 + mark-up)
//! does not reproduce every published row. ⚠ Transcribed from a
//! third-party machine-readable copy (`assets/cbam/`, see their headers).

use std::sync::OnceLock;

/// The country whose values apply where a country has none (Annex I).
pub const OTHER_COUNTRIES: &str = "Other Countries and Territories";

const ANNEX_I: &str = include_str!("../../assets/cbam/default-values-2621.tsv");
const ANNEX_IV: &str = include_str!("../../assets/cbam/precursor-highest-defaults-2621.tsv");

/// One row of Annex I or IV, t CO₂e per t of good.
#[derive(Debug, Clone, PartialEq)]
pub struct DefaultRow {
    /// The country (Annex I), or empty (Annex IV: origin unknown).
    pub country: String,
    pub sector: String,
    pub cn_code: String,
    pub description: String,
    pub route: String,
    /// Unmarked values (`None` where the regulation shows "–" or "n/a").
    pub direct: Option<f64>,
    pub indirect: Option<f64>,
    pub total: Option<f64>,
    /// The published marked-up total for 2026, 2027 and 2028 onward.
    pub marked_up: [Option<f64>; 3],
}

impl DefaultRow {
    /// The published marked-up total for a declaration year (2026, 2027,
    /// 2028 and later take the 2028 value); `None` before 2026 (the
    /// transitional period had no default-value obligation) or where none
    /// is published.
    pub fn marked_up_for(&self, year: i32) -> Option<f64> {
        match year {
            2026 => self.marked_up[0],
            2027 => self.marked_up[1],
            y if y >= 2028 => self.marked_up[2],
            _ => None,
        }
    }
}

fn value(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

fn parse(text: &str, annex_iv: bool) -> Vec<DefaultRow> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1) // the header
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            if annex_iv {
                // sector, cn_code, description, highest, markup_2026, markup_2027, markup_2028, route
                let g = |i: usize| f.get(i).copied().unwrap_or("");
                Some(DefaultRow {
                    country: String::new(),
                    sector: g(0).into(),
                    cn_code: g(1).into(),
                    description: g(2).into(),
                    route: g(7).into(),
                    direct: None,
                    indirect: None,
                    total: value(g(3)),
                    marked_up: [value(g(4)), value(g(5)), value(g(6))],
                })
            } else {
                // country, sector, cn_code, description, route, direct, indirect, total, markup_2026..2028
                let g = |i: usize| f.get(i).copied().unwrap_or("");
                (f.len() >= 11).then(|| DefaultRow {
                    country: g(0).into(),
                    sector: g(1).into(),
                    cn_code: g(2).into(),
                    description: g(3).into(),
                    route: g(4).into(),
                    direct: value(g(5)),
                    indirect: value(g(6)),
                    total: value(g(7)),
                    marked_up: [value(g(8)), value(g(9)), value(g(10))],
                })
            }
        })
        .collect()
}

/// Annex I rows, in the file's order.
pub fn annex_i() -> &'static [DefaultRow] {
    static ROWS: OnceLock<Vec<DefaultRow>> = OnceLock::new();
    ROWS.get_or_init(|| parse(ANNEX_I, false))
}

/// Annex IV rows, in the file's order.
pub fn annex_iv() -> &'static [DefaultRow] {
    static ROWS: OnceLock<Vec<DefaultRow>> = OnceLock::new();
    ROWS.get_or_init(|| parse(ANNEX_IV, true))
}

/// The default values for a good of `cn_code` from `country`: the
/// country's own rows where they carry a value, else those of "Other
/// Countries and Territories" (Annex I); `None` for the country means the
/// origin is unknown (Annex IV). Several rows can share a CN code (routes,
/// white and grey clinker): all are returned, the caller picks by route.
/// The flag says whether the fallback was used.
pub fn lookup(country: Option<&str>, cn_code: &str) -> (Vec<&'static DefaultRow>, bool) {
    let code = |r: &&DefaultRow| r.cn_code == cn_code;
    let Some(country) = country else {
        return (annex_iv().iter().filter(code).collect(), false);
    };
    let own: Vec<&DefaultRow> = annex_i()
        .iter()
        .filter(code)
        .filter(|r| r.country == country && r.total.is_some())
        .collect();
    if !own.is_empty() {
        return (own, false);
    }
    (
        annex_i()
            .iter()
            .filter(code)
            .filter(|r| r.country == OTHER_COUNTRIES)
            .collect(),
        true,
    )
}
