//! The bundled factors' spreads (`assets/library/uncertainty.tsv`), resolved
//! to factor ids and gases when the library is parsed: IPCC fuel rows give
//! the per-TJ factor the emission factor's range and the per-tonne factor
//! that range combined with the NCV's (eq. 3.1).

use super::spread::{self, lognormal_of_sigma, pedigree_sigma};
use crate::calc::library::{LibraryError, LibraryFactor, err, num, rows};
use crate::model::{Distribution, Gas, Pedigree, Spread};
use std::collections::BTreeMap;

/// A spread for one gas of a factor, or for every gas (`gas: None`).
#[derive(Debug, Clone, PartialEq)]
pub struct GasSpread {
    pub gas: Option<Gas>,
    pub spread: Spread,
}

/// The library's spreads by factor id, and by id prefix (`cn.mee.grid.*`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FactorSpreads {
    exact: BTreeMap<String, Vec<GasSpread>>,
    /// Longest first, so the first match is the most specific.
    prefixes: Vec<(String, Vec<GasSpread>)>,
}

impl FactorSpreads {
    /// The spread of one gas of a library factor, if the library states one.
    pub fn lookup(&self, factor_id: &str, gas: Gas) -> Option<&Spread> {
        if let Some(s) = self.exact.get(factor_id).and_then(|l| pick(l, gas)) {
            return Some(s);
        }
        self.prefixes
            .iter()
            .filter(|(p, _)| factor_id.starts_with(p.as_str()))
            .find_map(|(_, l)| pick(l, gas))
    }
}

fn pick(list: &[GasSpread], gas: Gas) -> Option<&Spread> {
    list.iter()
        .find(|g| g.gas == Some(gas))
        .or_else(|| list.iter().find(|g| g.gas.is_none()))
        .map(|g| &g.spread)
}

const FILE: &str = "uncertainty.tsv";

/// A bound: `-8%`/`+8%` (percent of the value) or an absolute value.
#[derive(Clone, Copy)]
enum Bound {
    Pct(f64),
    Abs(f64),
}

fn bound(line: usize, s: &str) -> Result<Bound, LibraryError> {
    match s.strip_suffix('%') {
        Some(p) => Ok(Bound::Pct(num(
            FILE,
            line,
            p.trim_start_matches(['+', '-']),
        )?)),
        None => Ok(Bound::Abs(num(FILE, line, s)?)),
    }
}

/// Percent below and above `value` of a pair of bounds.
fn relative(
    line: usize,
    lo: &Bound,
    hi: &Bound,
    value: Option<f64>,
) -> Result<(f64, f64), LibraryError> {
    let abs = |b: &Bound, below: bool| -> Result<f64, LibraryError> {
        match (*b, value) {
            (Bound::Pct(p), _) => Ok(p),
            (Bound::Abs(x), Some(v)) if v > 0.0 => {
                Ok(if below { (v - x) / v } else { (x - v) / v } * 100.0)
            }
            (Bound::Abs(_), _) => Err(err(
                FILE,
                line,
                "an absolute bound needs a factor value to compare with: write it as a percent",
            )),
        }
    };
    let (l, u) = (abs(lo, true)?, abs(hi, false)?);
    if !(0.0..100.0).contains(&l) || u < 0.0 {
        return Err(err(
            FILE,
            line,
            format!("bounds must lie below and above the value ({l:.2} % below, {u:.2} % above)"),
        ));
    }
    Ok((l, u))
}

struct Row<'a> {
    line: usize,
    parameter: &'a str,
    distribution: &'a str,
    lower: &'a str,
    upper: &'a str,
    source: &'a str,
}

fn distribution(line: usize, s: &str) -> Result<Distribution, LibraryError> {
    Distribution::from_key(s).ok_or_else(|| err(FILE, line, format!("unknown distribution '{s}'")))
}

/// The spread a row states, relative to `value` where its bounds are absolute.
fn row_spread(r: &Row<'_>, value: Option<f64>) -> Result<Spread, LibraryError> {
    if r.distribution == "pedigree" {
        let p = Pedigree::parse(r.lower).ok_or_else(|| {
            err(
                FILE,
                r.line,
                format!("'{}' is not five pedigree scores 1–5", r.lower),
            )
        })?;
        let basic = num(FILE, r.line, r.upper)?;
        if basic < 1.0 {
            return Err(err(FILE, r.line, "the basic uncertainty is a GSD² ≥ 1"));
        }
        let sigma = pedigree_sigma(&p, basic);
        return Ok(lognormal_of_sigma(
            sigma,
            format!(
                "{} [pedigree {} on U_b {basic}: σ_ln {sigma:.4}]",
                r.source,
                p.text()
            ),
        ));
    }
    let (l, u) = relative(
        r.line,
        &bound(r.line, r.lower)?,
        &bound(r.line, r.upper)?,
        value,
    )?;
    Ok(Spread {
        distribution: distribution(r.line, r.distribution)?,
        lower_pct: l,
        upper_pct: u,
        source: r.source.to_string(),
    })
}

/// The IPCC fuel factors' id prefix for a fuel row's target prefix.
fn ipcc_prefix(target: &str) -> Option<(&'static str, &str)> {
    let (family, key) = target.split_once(':')?;
    let prefix = match family {
        "ipcc2006.stationary" => "ipcc2006.stationary.manufacturing",
        "ipcc2006.mobile" => "ipcc2006.mobile",
        _ => return None,
    };
    Some((prefix, key))
}

/// Which gas of a fuel factor an IPCC parameter names.
fn fuel_gas(parameter: &str, gas: Gas) -> bool {
    match parameter {
        "CO2" => matches!(gas, Gas::Co2 | Gas::Co2Biogenic),
        "CH4" => matches!(gas, Gas::Ch4 | Gas::Ch4NonFossil),
        "N2O" => gas == Gas::N2o,
        _ => false,
    }
}

/// Parses the file against the library's factors.
pub fn parse(text: &str, factors: &[LibraryFactor]) -> Result<FactorSpreads, LibraryError> {
    let by_id: BTreeMap<&str, &LibraryFactor> =
        factors.iter().map(|f| (f.factor.id.as_str(), f)).collect();
    let mut out = FactorSpreads::default();
    let mut prefixes: BTreeMap<String, Vec<GasSpread>> = BTreeMap::new();
    // IPCC fuel rows, gathered per fuel: NCV first, then the gases.
    let mut fuels: BTreeMap<(&'static str, &str), Vec<Row<'_>>> = BTreeMap::new();
    for row in rows(FILE, text, 6) {
        let (line, c) = row?;
        let [target, parameter, distribution, lower, upper, source] = c.as_slice() else {
            continue;
        };
        let r = Row {
            line,
            parameter,
            distribution,
            lower,
            upper,
            source,
        };
        if let Some((prefix, key)) = ipcc_prefix(target) {
            fuels.entry((prefix, key)).or_default().push(r);
            continue;
        }
        let gas = match *parameter {
            "*" => None,
            g => Some(Gas::parse(g).map_err(|e| err(FILE, line, e.to_string()))?),
        };
        if let Some(prefix) = target.strip_suffix('*') {
            let spread = row_spread(&r, None)?;
            prefixes
                .entry(prefix.to_string())
                .or_default()
                .push(GasSpread { gas, spread });
            continue;
        }
        let f = by_id
            .get(target)
            .ok_or_else(|| err(FILE, line, format!("no library factor '{target}'")))?;
        let value = gas
            .and_then(|g| f.factor.components.iter().find(|c| c.gas == g))
            .map(|c| c.kg_per_unit);
        let spread = row_spread(&r, value)?;
        out.exact
            .entry(target.to_string())
            .or_default()
            .push(GasSpread { gas, spread });
    }
    for ((prefix, key), list) in fuels {
        let line = list[0].line;
        let per_tj_id = format!("{prefix}.{key}.energy");
        let per_t_id = format!("{prefix}.{key}");
        let (Some(per_tj), Some(per_t)) =
            (by_id.get(per_tj_id.as_str()), by_id.get(per_t_id.as_str()))
        else {
            return Err(err(
                FILE,
                line,
                format!("no library factors {per_t_id} and {per_tj_id}"),
            ));
        };
        let ncv_row = list
            .iter()
            .find(|r| r.parameter == "ncv")
            .ok_or_else(|| err(FILE, line, format!("{prefix}:{key} has no ncv row")))?;
        // NCV TJ/Gg = per-t kg ÷ per-TJ kg × 1000 (the library's derivation).
        let first = per_tj
            .factor
            .components
            .first()
            .map(|c| c.kg_per_unit)
            .unwrap_or(0.0);
        let first_t = per_t
            .factor
            .components
            .first()
            .map(|c| c.kg_per_unit)
            .unwrap_or(0.0);
        let ncv_value = (first > 0.0).then(|| first_t / first * 1000.0);
        let ncv = row_spread(ncv_row, ncv_value)?;
        for r in list.iter().filter(|r| r.parameter != "ncv") {
            let Some(component) = per_tj
                .factor
                .components
                .iter()
                .find(|c| fuel_gas(r.parameter, c.gas))
            else {
                return Err(err(
                    FILE,
                    r.line,
                    format!("{per_tj_id} has no {} component", r.parameter),
                ));
            };
            let ef = row_spread(r, Some(component.kg_per_unit))?;
            let combined = spread::product(
                &ncv,
                &ef,
                format!(
                    "{} ⊕ NCV {} (IPCC 2006 Vol. 1 eq. 3.1)",
                    ef.source, ncv.source
                ),
            );
            let gas = Some(component.gas);
            out.exact
                .entry(per_tj_id.clone())
                .or_default()
                .push(GasSpread { gas, spread: ef });
            out.exact
                .entry(per_t_id.clone())
                .or_default()
                .push(GasSpread {
                    gas,
                    spread: combined,
                });
        }
    }
    let mut prefixes: Vec<(String, Vec<GasSpread>)> = prefixes.into_iter().collect();
    prefixes.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    out.prefixes = prefixes;
    Ok(out)
}
