//! The bundled, cited reference library: emission factors with stable ids,
//! the activity vocabulary, standard-coal coefficients and the CBAM goods
//! list. Every file in `assets/library/` is embedded, one file per source,
//! each row with its citation; nothing is fetched at run time.

use crate::model::{EmissionFactor, Gas, GasComponent, Unit};
use std::sync::OnceLock;

/// Version of the bundled library; frozen factors record it.
/// 2026.12.1: each gas of the IPCC fuel factors cites its own table.
pub const LIBRARY_VERSION: &str = "2026.12.1";

/// The embedded data files, by name (for messages and tests).
pub const FILES: &[(&str, &str)] = &[
    (
        "activities.tsv",
        include_str!("../../assets/library/activities.tsv"),
    ),
    (
        "ipcc2006-stationary.tsv",
        include_str!("../../assets/library/ipcc2006-stationary.tsv"),
    ),
    (
        "ipcc2006-mobile.tsv",
        include_str!("../../assets/library/ipcc2006-mobile.tsv"),
    ),
    (
        "ipcc2006-process.tsv",
        include_str!("../../assets/library/ipcc2006-process.tsv"),
    ),
    (
        "cn-gbt32150.tsv",
        include_str!("../../assets/library/cn-gbt32150.tsv"),
    ),
    (
        "cn-mee-grid.tsv",
        include_str!("../../assets/library/cn-mee-grid.tsv"),
    ),
    (
        "cn-mee-heat.tsv",
        include_str!("../../assets/library/cn-mee-heat.tsv"),
    ),
    (
        "cn-gbt2589-tce.tsv",
        include_str!("../../assets/library/cn-gbt2589-tce.tsv"),
    ),
    (
        "cbam-goods.tsv",
        include_str!("../../assets/library/cbam-goods.tsv"),
    ),
    (
        "uncertainty.tsv",
        include_str!("../../assets/library/uncertainty.tsv"),
    ),
];

/// What kind of source an activity is, for the default rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityKind {
    Fuel,
    Mobile,
    Electricity,
    Heat,
    Process,
    Fugitive,
}

/// One entry of the activity vocabulary.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub key: String,
    pub kind: ActivityKind,
    pub name_en: String,
    pub name_zh: String,
    pub aliases: Vec<String>,
}

/// Where a library factor comes from, for the default rules.
#[derive(Debug, Clone, PartialEq)]
pub enum Family {
    Ipcc2006Stationary,
    Ipcc2006Mobile,
    Ipcc2006Process,
    Gbt32150,
    /// MEE/NBS grid factor: data year, region (`national`, `north` …) and kind
    /// (`location`, `residual`, `fossil`, `carbon_market`).
    Grid {
        year: i32,
        region: String,
        kind: String,
    },
    Heat,
    /// Mass balance of a released gas (refrigerant top-ups, SF₆ refills).
    Fugitive,
}

/// A library factor: the factor itself (frozen into projects as is) and its family.
#[derive(Debug, Clone, PartialEq)]
pub struct LibraryFactor {
    pub factor: EmissionFactor,
    pub family: Family,
    /// Set where the value could not be confirmed against the primary source.
    pub caveat: Option<String>,
}

/// Standard-coal coefficient (GB/T 2589-2020): kgce per unit of the fuel.
#[derive(Debug, Clone, PartialEq)]
pub struct TceCoefficient {
    pub activity: String,
    pub unit: Unit,
    pub kgce_per_unit: f64,
    pub source: String,
}

/// A CBAM good: its sector and CN code (Regulation (EU) 2023/956, Annex I).
#[derive(Debug, Clone, PartialEq)]
pub struct CbamGood {
    pub sector: String,
    pub cn_code: String,
    pub description: String,
    pub source: String,
}

/// The whole bundled library.
#[derive(Debug, Clone, PartialEq)]
pub struct Library {
    pub version: String,
    pub activities: Vec<Activity>,
    pub factors: Vec<LibraryFactor>,
    pub tce: Vec<TceCoefficient>,
    pub cbam: Vec<CbamGood>,
    /// The factors' uncertainty ranges (`uncertainty.tsv`), by id and gas.
    pub spreads: super::uncertainty::bundled::FactorSpreads,
}

/// A problem in a library file (a build defect: the tests parse every file).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("assets/library/{file}, line {line}: {message}")]
pub struct LibraryError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// The data rows of a TSV file: (line number, columns), comments and blanks skipped.
pub(crate) fn rows<'a>(
    file: &'a str,
    text: &'a str,
    columns: usize,
) -> impl Iterator<Item = Result<(usize, Vec<&'a str>), LibraryError>> + 'a {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(move |(n, l)| {
            let cols: Vec<&str> = l.split('\t').map(str::trim).collect();
            if cols.len() == columns {
                Ok((n + 1, cols))
            } else {
                Err(LibraryError {
                    file: file.into(),
                    line: n + 1,
                    message: format!(
                        "expected {columns} tab-separated columns, found {}",
                        cols.len()
                    ),
                })
            }
        })
}

pub(crate) fn err(file: &str, line: usize, message: impl Into<String>) -> LibraryError {
    LibraryError {
        file: file.into(),
        line,
        message: message.into(),
    }
}

pub(crate) fn num(file: &str, line: usize, s: &str) -> Result<f64, LibraryError> {
    s.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| err(file, line, format!("'{s}' is not a number")))
}

fn unit(file: &str, line: usize, s: &str) -> Result<Unit, LibraryError> {
    Unit::parse(s).map_err(|e| err(file, line, e.to_string()))
}

/// `⚠ …` at the start of a source marks an unconfirmed value.
fn caveat(source: &str) -> Option<String> {
    source.contains('⚠').then(|| source.to_string())
}

/// Provenance of a library factor.
struct Meta<'a> {
    source: &'a str,
    year: Option<i32>,
    region: &'a str,
    activity: &'a str,
    derivation: Option<String>,
}

fn lib_factor(
    id: String,
    description: String,
    unit: Unit,
    components: Vec<(Gas, f64)>,
    meta: Meta<'_>,
    family: Family,
) -> LibraryFactor {
    let components = components
        .into_iter()
        .map(|(gas, kg)| GasComponent::new(gas, kg))
        .collect();
    lib_factor_cited(id, description, unit, components, meta, family)
}

/// A library factor whose components may cite their own tables.
fn lib_factor_cited(
    id: String,
    description: String,
    unit: Unit,
    components: Vec<GasComponent>,
    meta: Meta<'_>,
    family: Family,
) -> LibraryFactor {
    LibraryFactor {
        factor: EmissionFactor {
            id,
            description,
            unit,
            components,
            source: meta.source.to_string(),
            year: meta.year,
            region: meta.region.to_string(),
            activity_key: Some(meta.activity.to_string()),
            derivation: meta.derivation,
            library_version: Some(LIBRARY_VERSION.to_string()),
        },
        family,
        caveat: caveat(meta.source),
    }
}

fn fmt_num(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// The published tables an IPCC fuel file's values come from (its header
/// comment names the same; a test checks that they agree).
pub struct IpccTables {
    pub ncv: &'static str,
    pub co2: &'static str,
    pub ch4_n2o: &'static str,
}

/// IPCC 2006 GL Vol. 2, stationary combustion in manufacturing industries and construction.
pub const IPCC_STATIONARY_TABLES: IpccTables = IpccTables {
    ncv: "IPCC 2006 GL Vol. 2 Table 1.2",
    co2: "IPCC 2006 GL Vol. 2 Table 1.4",
    ch4_n2o: "IPCC 2006 GL Vol. 2 Table 2.3",
};

/// IPCC 2006 GL Vol. 2 ch. 3, road transport.
pub const IPCC_MOBILE_TABLES: IpccTables = IpccTables {
    ncv: "IPCC 2006 GL Vol. 2 Table 1.2",
    co2: "IPCC 2006 GL Vol. 2 Table 3.2.1",
    ch4_n2o: "IPCC 2006 GL Vol. 2 Table 3.2.2",
};

/// IPCC 2006 fuel tables: key, name, NCV TJ/Gg, CO₂ kg/TJ, CH₄ kg/TJ, N₂O kg/TJ, CO₂ gas code, source.
/// Each fuel gives a per-tonne factor (NCV × EF) and a per-TJ one (`….energy`);
/// each gas cites the table its emission factor is from (and, per tonne, the NCV's).
fn ipcc_fuels(
    file: &str,
    text: &str,
    prefix: &str,
    tables: &IpccTables,
    family: Family,
    out: &mut Vec<LibraryFactor>,
) -> Result<(), LibraryError> {
    for row in rows(file, text, 8) {
        let (line, c) = row?;
        let [key, name, ncv, co2, ch4, n2o, co2_gas, source] = c.as_slice() else {
            continue;
        };
        let (ncv, co2, ch4, n2o) = (
            num(file, line, ncv)?,
            num(file, line, co2)?,
            num(file, line, ch4)?,
            num(file, line, n2o)?,
        );
        let co2_gas = Gas::parse(co2_gas).map_err(|e| err(file, line, e.to_string()))?;
        // Methane from biomass is non-fossil; from fossil fuels the report's headline CH₄ value applies.
        let ch4_gas = if co2_gas == Gas::Co2Biogenic {
            Gas::Ch4NonFossil
        } else {
            Gas::Ch4
        };
        // NCV TJ/Gg = 0.001 TJ/t, so kg per t = NCV × EF / 1000.
        let per_t = |ef: f64| ncv * ef / 1000.0;
        let derivation = format!(
            "NCV {} TJ/Gg × ({} kg {co2_gas}, {} kg CH4, {} kg N2O per TJ) / 1000 = {} kg {co2_gas}, {} kg CH4, {} kg N2O per t",
            fmt_num(ncv),
            fmt_num(co2),
            fmt_num(ch4),
            fmt_num(n2o),
            fmt_num(per_t(co2)),
            fmt_num(per_t(ch4)),
            fmt_num(per_t(n2o))
        );
        // Each gas: its value, the table it is from, its citation.
        let gases = [
            (co2_gas, co2, tables.co2),
            (ch4_gas, ch4, tables.ch4_n2o),
            (Gas::N2o, n2o, tables.ch4_n2o),
        ];
        let cited = |per_t: bool| -> Vec<GasComponent> {
            gases
                .iter()
                .map(|&(gas, ef, table)| {
                    // A caveat on the row stays visible from each gas.
                    let caveat = if source.contains('⚠') {
                        " (⚠ see the factor's source)"
                    } else {
                        ""
                    };
                    let value = format!("{table} ({} kg {gas}/TJ)", fmt_num(ef));
                    GasComponent {
                        gas,
                        kg_per_unit: if per_t { ncv * ef / 1000.0 } else { ef },
                        source: Some(if per_t {
                            format!(
                                "{value} × NCV {} TJ/Gg ({}){caveat}",
                                fmt_num(ncv),
                                tables.ncv
                            )
                        } else {
                            format!("{value}{caveat}")
                        }),
                        table: Some(table.to_string()),
                    }
                })
                .collect()
        };
        out.push(lib_factor_cited(
            format!("{prefix}.{key}"),
            name.to_string(),
            Unit::Tonne,
            cited(true),
            Meta {
                source,
                year: Some(2006),
                region: "default",
                activity: key,
                derivation: Some(derivation),
            },
            family.clone(),
        ));
        out.push(lib_factor_cited(
            format!("{prefix}.{key}.energy"),
            format!("{name} (per TJ)"),
            Unit::TJ,
            cited(false),
            Meta {
                source,
                year: Some(2006),
                region: "default",
                activity: key,
                derivation: None,
            },
            family.clone(),
        ));
    }
    Ok(())
}

/// Components written as `CO2:520;CF4:0.4`.
fn components(file: &str, line: usize, s: &str) -> Result<Vec<(Gas, f64)>, LibraryError> {
    s.split(';')
        .map(|part| {
            let (g, v) = part
                .split_once(':')
                .ok_or_else(|| err(file, line, format!("'{part}' is not GAS:VALUE")))?;
            Ok((
                Gas::parse(g.trim()).map_err(|e| err(file, line, e.to_string()))?,
                num(file, line, v.trim())?,
            ))
        })
        .collect()
}

/// Parses the library from its files (the bundled ones, or a modified copy in tests).
pub fn parse(files: &[(&str, &str)]) -> Result<Library, LibraryError> {
    let get = |name: &str| {
        files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
            .ok_or_else(|| err(name, 0, "file missing"))
    };
    let mut lib = Library {
        version: LIBRARY_VERSION.to_string(),
        activities: Vec::new(),
        factors: Vec::new(),
        tce: Vec::new(),
        cbam: Vec::new(),
        spreads: Default::default(),
    };

    let f = "activities.tsv";
    for row in rows(f, get(f)?, 5) {
        let (line, c) = row?;
        let [key, kind, en, zh, aliases] = c.as_slice() else {
            continue;
        };
        let kind = match *kind {
            "fuel" => ActivityKind::Fuel,
            "mobile" => ActivityKind::Mobile,
            "electricity" => ActivityKind::Electricity,
            "heat" => ActivityKind::Heat,
            "process" => ActivityKind::Process,
            "fugitive" => ActivityKind::Fugitive,
            other => return Err(err(f, line, format!("unknown kind '{other}'"))),
        };
        let aliases = aliases
            .split(',')
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect();
        lib.activities.push(Activity {
            key: key.to_string(),
            kind,
            name_en: en.to_string(),
            name_zh: zh.to_string(),
            aliases,
        });
    }

    let f = "ipcc2006-stationary.tsv";
    ipcc_fuels(
        f,
        get(f)?,
        "ipcc2006.stationary.manufacturing",
        &IPCC_STATIONARY_TABLES,
        Family::Ipcc2006Stationary,
        &mut lib.factors,
    )?;
    let f = "ipcc2006-mobile.tsv";
    ipcc_fuels(
        f,
        get(f)?,
        "ipcc2006.mobile",
        &IPCC_MOBILE_TABLES,
        Family::Ipcc2006Mobile,
        &mut lib.factors,
    )?;

    let f = "ipcc2006-process.tsv";
    for row in rows(f, get(f)?, 6) {
        let (line, c) = row?;
        let [id, activity, name, u, comps, source] = c.as_slice() else {
            continue;
        };
        lib.factors.push(lib_factor(
            id.to_string(),
            name.to_string(),
            unit(f, line, u)?,
            components(f, line, comps)?,
            Meta {
                source,
                year: Some(2006),
                region: "default",
                activity,
                derivation: None,
            },
            Family::Ipcc2006Process,
        ));
    }

    let f = "cn-gbt32150.tsv";
    for row in rows(f, get(f)?, 8) {
        let (line, c) = row?;
        let [key, name_en, name_zh, u, ncv, carbon, ox, source] = c.as_slice() else {
            continue;
        };
        let u = unit(f, line, u)?;
        let (ncv, carbon, ox) = (num(f, line, ncv)?, num(f, line, carbon)?, num(f, line, ox)?);
        // GJ per unit × tC/TJ = kg C per unit; × oxidation × 44/12 = kg CO₂ per unit.
        let kg = ncv * carbon * ox * 44.0 / 12.0;
        let derivation = format!(
            "NCV {} GJ/{u} × carbon content {} tC/TJ × oxidation {} % × 44/12 = {} kg CO2/{u}",
            fmt_num(ncv),
            fmt_num(carbon),
            fmt_num(ox * 100.0),
            fmt_num(kg)
        );
        lib.factors.push(lib_factor(
            format!("cn.gbt32150.{key}"),
            format!("{name_en} / {name_zh}"),
            u,
            vec![(Gas::Co2, kg)],
            Meta {
                source,
                year: Some(2015),
                region: "CN",
                activity: key,
                derivation: Some(derivation),
            },
            Family::Gbt32150,
        ));
    }

    let f = "cn-mee-grid.tsv";
    for row in rows(f, get(f)?, 6) {
        let (line, c) = row?;
        let [year, region, kind, kg, name, source] = c.as_slice() else {
            continue;
        };
        let year: i32 = year
            .parse()
            .map_err(|_| err(f, line, format!("'{year}' is not a year")))?;
        let kg = num(f, line, kg)?;
        let id = if *kind == "carbon_market" {
            format!("cn.mee.grid.carbon_market.{year}")
        } else if *kind == "location" {
            format!("cn.mee.grid.{region}.{year}")
        } else {
            format!("cn.mee.grid.{region}.{kind}.{year}")
        };
        lib.factors.push(lib_factor(
            id,
            name.to_string(),
            Unit::KWh,
            vec![(Gas::Co2, kg)],
            Meta {
                source,
                year: Some(year),
                region,
                activity: "grid_electricity",
                derivation: None,
            },
            Family::Grid {
                year,
                region: region.to_string(),
                kind: kind.to_string(),
            },
        ));
    }

    let f = "cn-mee-heat.tsv";
    for row in rows(f, get(f)?, 5) {
        let (line, c) = row?;
        let [id, activity, u, kg, source] = c.as_slice() else {
            continue;
        };
        lib.factors.push(lib_factor(
            id.to_string(),
            "Purchased heat or steam".into(),
            unit(f, line, u)?,
            vec![(Gas::Co2, num(f, line, kg)?)],
            Meta {
                source,
                year: None,
                region: "CN",
                activity,
                derivation: None,
            },
            Family::Heat,
        ));
    }

    // Fugitive releases: 1 kg of the gas per kg released, for every weighted gas.
    for g in crate::model::ALL_GASES {
        if matches!(
            g,
            Gas::Co2e | Gas::Co2Biogenic | Gas::Co2 | Gas::Ch4Fossil | Gas::Ch4NonFossil
        ) {
            continue;
        }
        let key = g.code().to_lowercase().replace('-', "");
        lib.factors.push(lib_factor(
format!("fugitive.{key}"), format!("{g} released (mass balance of top-ups and refills)"), Unit::Kg, vec![(g, 1.0)], Meta { source: "Mass balance: gas charged to replace losses is emitted (IPCC 2006 GL Vol. 3 ch. 7 and 8)", year: None, region: "any", activity: &format!("{key}_release"), derivation: None }, Family::Fugitive));
        lib.activities.push(Activity {
            key: format!("{key}_release"),
            kind: ActivityKind::Fugitive,
            name_en: format!("{g} released (refrigerant top-up, switchgear refill)"),
            name_zh: format!("{g} 逸散（制冷剂补充、开关设备补气）"),
            aliases: vec![
                format!("refrigerant_{key}_topup"),
                format!("{key}_leak"),
                format!("{key}_topup"),
            ],
        });
    }

    let f = "cn-gbt2589-tce.tsv";
    for row in rows(f, get(f)?, 4) {
        let (line, c) = row?;
        let [activity, u, kgce, source] = c.as_slice() else {
            continue;
        };
        lib.tce.push(TceCoefficient {
            activity: activity.to_string(),
            unit: unit(f, line, u)?,
            kgce_per_unit: num(f, line, kgce)?,
            source: source.to_string(),
        });
    }

    let f = "cbam-goods.tsv";
    for row in rows(f, get(f)?, 4) {
        let (_, c) = row?;
        let [sector, code, desc, source] = c.as_slice() else {
            continue;
        };
        lib.cbam.push(CbamGood {
            sector: sector.to_string(),
            cn_code: code.to_string(),
            description: desc.to_string(),
            source: source.to_string(),
        });
    }

    // Ids are stable and unique; every factor's activity is in the vocabulary.
    let mut ids: Vec<&str> = lib.factors.iter().map(|f| f.factor.id.as_str()).collect();
    ids.sort_unstable();
    if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
        return Err(err(
            "library",
            0,
            format!("factor id {} appears twice", w[0]),
        ));
    }
    for lf in &lib.factors {
        let key = lf.factor.activity_key.as_deref().unwrap_or("");
        if lib.activity(key).is_none() {
            return Err(err(
                "library",
                0,
                format!(
                    "factor {} is for activity '{key}', which activities.tsv does not define",
                    lf.factor.id
                ),
            ));
        }
    }
    let f = "uncertainty.tsv";
    lib.spreads = super::uncertainty::bundled::parse(get(f)?, &lib.factors)?;
    Ok(lib)
}

/// The bundled library, parsed once.
pub fn bundled() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| parse(FILES).unwrap_or_else(|e| panic!("bundled library: {e}")))
}

impl Library {
    pub fn factor(&self, id: &str) -> Option<&LibraryFactor> {
        self.factors.iter().find(|f| f.factor.id == id)
    }

    /// The vocabulary entry for an activity code: its key or one of its aliases
    /// (ASCII case-insensitive).
    pub fn activity(&self, code: &str) -> Option<&Activity> {
        let c = code.trim();
        self.activities.iter().find(|a| {
            a.key.eq_ignore_ascii_case(c) || a.aliases.iter().any(|x| x.eq_ignore_ascii_case(c))
        })
    }

    /// Factors whose id, description, source, activity or region contain `text` (case-insensitive).
    pub fn search(&self, text: &str) -> Vec<&LibraryFactor> {
        let t = text.to_lowercase();
        self.factors
            .iter()
            .filter(|f| {
                let x = &f.factor;
                [
                    x.id.as_str(),
                    x.description.as_str(),
                    x.source.as_str(),
                    x.region.as_str(),
                    x.activity_key.as_deref().unwrap_or(""),
                ]
                .iter()
                .any(|s| s.to_lowercase().contains(&t))
            })
            .collect()
    }

    /// Energy in tonnes of standard coal equivalent for a quantity of an activity,
    /// or `None` when no coefficient applies (or the unit's dimension differs).
    pub fn tce(&self, activity: &str, quantity: f64, unit: Unit) -> Option<f64> {
        let key = self.activity(activity).map_or(activity, |a| a.key.as_str());
        let c = self.tce.iter().find(|c| c.activity == key)?;
        let q = crate::calc::units::convert(quantity, unit, c.unit).ok()?;
        Some(q * c.kgce_per_unit / 1000.0)
    }

    /// Grid factors, newest data year first.
    pub fn grid(&self, region: &str, kind: &str) -> Vec<(i32, &LibraryFactor)> {
        let mut v: Vec<(i32, &LibraryFactor)> = self
            .factors
            .iter()
            .filter_map(|f| match &f.family {
                Family::Grid {
                    year,
                    region: r,
                    kind: k,
                } if r == region && k == kind => Some((*year, f)),
                _ => None,
            })
            .collect();
        v.sort_by_key(|e| std::cmp::Reverse(e.0));
        v
    }
}
