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
const BENCHMARKS: &str = include_str!("../../assets/cbam/benchmarks-2620.tsv");

/// A country of the default-value tables as the Chinese app names it (the
/// name itself where it has none).
pub fn country_zh(name: &str) -> &str {
    match name {
        "China" => "中国",
        OTHER_COUNTRIES => "其他国家和地区",
        other => other,
    }
}

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

/// The digits of a CN code (`7208 51 20` → `72085120`).
pub fn cn_digits(code: &str) -> String {
    code.chars().filter(char::is_ascii_digit).collect()
}

/// The rows of `rows` whose CN code is the longest prefix of `cn_code`
/// (the tables list some goods by heading, `7208`, others by subheading).
fn longest_prefix<'a>(rows: Vec<&'a DefaultRow>, cn_code: &str) -> Vec<&'a DefaultRow> {
    let want = cn_digits(cn_code);
    let len = |r: &DefaultRow| {
        let d = cn_digits(&r.cn_code);
        (!d.is_empty() && want.starts_with(&d)).then_some(d.len())
    };
    let best = rows.iter().filter_map(|r| len(r)).max();
    rows.into_iter()
        .filter(|r| best.is_some() && len(r) == best)
        .collect()
}

/// [`lookup`] by CN-code prefix: the rows for the most specific code the
/// table lists for `cn_code` (a good written `7208 51 20` takes the row of
/// heading `7208`).
pub fn lookup_prefix(country: Option<&str>, cn_code: &str) -> (Vec<&'static DefaultRow>, bool) {
    let Some(country) = country else {
        return (longest_prefix(annex_iv().iter().collect(), cn_code), false);
    };
    let own = longest_prefix(
        annex_i()
            .iter()
            .filter(|r| r.country == country && r.total.is_some())
            .collect(),
        cn_code,
    );
    if !own.is_empty() {
        return (own, false);
    }
    (
        longest_prefix(
            annex_i()
                .iter()
                .filter(|r| r.country == OTHER_COUNTRIES)
                .collect(),
            cn_code,
        ),
        true,
    )
}

/// One benchmark of Implementing Regulation (EU) 2025/2620, t CO₂e per t.
#[derive(Debug, Clone, PartialEq)]
pub struct Benchmark {
    pub cn_code: String,
    pub description: String,
    /// `A`: for actual emissions (the good's own process); `B`: for default
    /// values (the whole chain).
    pub column: char,
    pub value: f64,
    /// The route letter, where the benchmark depends on it.
    pub route: String,
    /// The variant (`1`, `2`) where the table gives two; ⚠ its meaning was
    /// not read in the Official Journal.
    pub variant: String,
}

/// The bundled benchmarks, in the file's order.
pub fn benchmarks() -> &'static [Benchmark] {
    static ROWS: OnceLock<Vec<Benchmark>> = OnceLock::new();
    ROWS.get_or_init(|| {
        BENCHMARKS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .skip(1)
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                let g = |i: usize| f.get(i).copied().unwrap_or("").trim();
                Some(Benchmark {
                    cn_code: g(1).into(),
                    description: g(2).into(),
                    column: g(3).chars().next()?,
                    value: value(g(4))?,
                    route: g(5).into(),
                    variant: g(6).into(),
                })
            })
            .collect()
    })
}

/// The benchmark for a good: column A for actual emissions, B for default
/// values; the most specific CN code listed; where several values remain
/// (routes, variants) the one of the good's route, else the lowest — the
/// estimate errs towards more certificates, and says so (`true`).
pub fn benchmark(cn_code: &str, column: char, route: &str) -> Option<(&'static Benchmark, bool)> {
    let want = cn_digits(cn_code);
    let rows: Vec<&Benchmark> = benchmarks().iter().filter(|b| b.column == column).collect();
    let len = |b: &Benchmark| {
        let d = cn_digits(&b.cn_code);
        (!d.is_empty() && want.starts_with(&d)).then_some(d.len())
    };
    let best = rows.iter().filter_map(|b| len(b)).max()?;
    let found: Vec<&Benchmark> = rows.into_iter().filter(|b| len(b) == Some(best)).collect();
    if let [one] = found.as_slice() {
        return Some((one, false));
    }
    let on_route: Vec<&Benchmark> = found
        .iter()
        .copied()
        .filter(|b| !route.is_empty() && b.route == route)
        .collect();
    let pick =
        |v: &[&'static Benchmark]| v.iter().copied().min_by(|a, b| a.value.total_cmp(&b.value));
    match on_route.as_slice() {
        [one] => Some((one, false)),
        [] => pick(&found).map(|b| (b, true)),
        several => pick(several).map(|b| (b, true)),
    }
}

/// The CBAM factor of a year (Article 31 of Regulation (EU) 2023/956 as
/// amended: the share of the free allocation still deducted): 0.975 in
/// 2026, 0.95 2027, 0.90 2028, 0.775 2029, 0.515 2030, 0.39 2031, 0.265
/// 2032, 0.14 2033, 0 from 2034; 1 before 2026 (free allocation in full).
pub fn cbam_factor(year: i32) -> f64 {
    match year {
        ..=2025 => 1.0,
        2026 => 0.975,
        2027 => 0.95,
        2028 => 0.90,
        2029 => 0.775,
        2030 => 0.515,
        2031 => 0.39,
        2032 => 0.265,
        2033 => 0.14,
        _ => 0.0,
    }
}
