//! Every bundled library value against the published number it cites.
//! Each test's table is exhaustive for its file: a value added to the library
//! without a check here fails `every_factor_is_checked`.

use parkaudit::calc::gwp;
use parkaudit::calc::library::{self, Family};
use parkaudit::model::{Gas, GwpSet, Unit};
use std::collections::BTreeSet;

fn lib() -> &'static library::Library {
    library::bundled()
}

fn component(id: &str, gas: Gas) -> f64 {
    let f = lib().factor(id).unwrap_or_else(|| panic!("no factor {id}"));
    f.factor
        .components
        .iter()
        .find(|c| c.gas == gas)
        .map_or(f64::NAN, |c| c.kg_per_unit)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// IPCC 2006 GL Vol. 2, Table 1.2 (NCV, TJ/Gg), Table 1.4 (CO2, kg/TJ),
/// Table 2.3 manufacturing industries and construction (CH4, N2O, kg/TJ).
const STATIONARY: &[(&str, f64, f64, f64, f64)] = &[
    ("natural_gas", 48.0, 56_100.0, 1.0, 0.1),
    ("diesel", 43.0, 74_100.0, 3.0, 0.6),
    ("gasoline", 44.3, 69_300.0, 3.0, 0.6),
    ("lpg", 47.3, 63_100.0, 1.0, 0.1),
    ("fuel_oil", 40.4, 77_400.0, 3.0, 0.6),
    ("crude_oil", 42.3, 73_300.0, 3.0, 0.6),
    ("kerosene", 43.8, 71_900.0, 3.0, 0.6),
    ("anthracite", 26.7, 98_300.0, 10.0, 1.5),
    ("coking_coal", 28.2, 94_600.0, 10.0, 1.5),
    ("bituminous_coal", 25.8, 94_600.0, 10.0, 1.5),
    ("sub_bituminous_coal", 18.9, 96_100.0, 10.0, 1.5),
    ("coke", 28.2, 107_000.0, 10.0, 1.5),
    ("coke_oven_gas", 38.7, 44_400.0, 1.0, 0.1),
    ("biogas", 50.4, 54_600.0, 1.0, 0.1),
    ("black_liquor", 11.8, 95_300.0, 3.0, 2.0),
];

/// IPCC 2006 GL Vol. 2 Table 1.2 (NCV), Table 3.2.1 (CO2), Table 3.2.2 (CH4, N2O), road transport.
const MOBILE: &[(&str, f64, f64, f64, f64)] = &[
    ("diesel_vehicles", 43.0, 74_100.0, 3.9, 3.9),
    ("gasoline_vehicles", 44.3, 69_300.0, 33.0, 3.2),
    ("gasoline_vehicles_catalyst", 44.3, 69_300.0, 25.0, 8.0),
    ("gasoline_vehicles_ldv_1995", 44.3, 69_300.0, 3.8, 5.7),
    ("lpg_vehicles", 47.3, 63_100.0, 62.0, 0.2),
    ("cng_vehicles", 48.0, 56_100.0, 92.0, 3.0),
];

fn check_ipcc(prefix: &str, rows: &[(&str, f64, f64, f64, f64)]) {
    for &(key, ncv, co2, ch4, n2o) in rows {
        let id = format!("{prefix}.{key}");
        let bio = matches!(key, "biogas" | "black_liquor");
        let (co2_gas, ch4_gas) = if bio {
            (Gas::Co2Biogenic, Gas::Ch4NonFossil)
        } else {
            (Gas::Co2, Gas::Ch4)
        };
        // per t = NCV (TJ/Gg = 0.001 TJ/t) × EF
        assert!(
            close(component(&id, co2_gas), ncv * co2 / 1000.0),
            "{id} CO2"
        );
        assert!(
            close(component(&id, ch4_gas), ncv * ch4 / 1000.0),
            "{id} CH4"
        );
        assert!(
            close(component(&id, Gas::N2o), ncv * n2o / 1000.0),
            "{id} N2O"
        );
        let e = format!("{id}.energy");
        assert_eq!(lib().factor(&e).map(|f| f.factor.unit), Some(Unit::TJ));
        assert!(
            close(component(&e, co2_gas), co2)
                && close(component(&e, ch4_gas), ch4)
                && close(component(&e, Gas::N2o), n2o),
            "{e}"
        );
    }
}

#[test]
fn ipcc2006_stationary_and_mobile() {
    check_ipcc("ipcc2006.stationary.manufacturing", STATIONARY);
    check_ipcc("ipcc2006.mobile", MOBILE);
    // The worked example: 1,000 t gas/diesel oil × 43.0 TJ/Gg × 74,100 kg/TJ = 3,186.3 t CO2.
    assert!(close(
        component("ipcc2006.stationary.manufacturing.diesel", Gas::Co2) * 1000.0 / 1000.0,
        3_186.3
    ));
}

/// Each gas of an IPCC fuel factor cites its own table: CO₂ from Vol. 2
/// Table 1.4 (mobile: 3.2.1), CH₄ and N₂O from Table 2.3 (mobile: 3.2.2), the
/// per-tonne values with the NCV from Table 1.2 — the tables each file's
/// header names.
#[test]
fn ipcc_fuel_gases_cite_their_own_tables() {
    let ng = &lib()
        .factor("ipcc2006.stationary.manufacturing.natural_gas")
        .expect("natural gas")
        .factor;
    let cited: Vec<(Gas, &str, &str)> = ng
        .components
        .iter()
        .map(|c| {
            (
                c.gas,
                c.source.as_deref().unwrap_or(""),
                c.table.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        cited,
        [
            (
                Gas::Co2,
                "IPCC 2006 GL Vol. 2 Table 1.4 (56100 kg CO2/TJ) × NCV 48 TJ/Gg (IPCC 2006 GL Vol. 2 Table 1.2)",
                "IPCC 2006 GL Vol. 2 Table 1.4"
            ),
            (
                Gas::Ch4,
                "IPCC 2006 GL Vol. 2 Table 2.3 (1 kg CH4/TJ) × NCV 48 TJ/Gg (IPCC 2006 GL Vol. 2 Table 1.2)",
                "IPCC 2006 GL Vol. 2 Table 2.3"
            ),
            (
                Gas::N2o,
                "IPCC 2006 GL Vol. 2 Table 2.3 (0.1 kg N2O/TJ) × NCV 48 TJ/Gg (IPCC 2006 GL Vol. 2 Table 1.2)",
                "IPCC 2006 GL Vol. 2 Table 2.3"
            ),
        ]
    );
    let per_tj = &lib()
        .factor("ipcc2006.mobile.diesel_vehicles.energy")
        .expect("diesel per TJ")
        .factor;
    let tables: Vec<&str> = per_tj
        .components
        .iter()
        .map(|c| c.table.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        tables,
        [
            "IPCC 2006 GL Vol. 2 Table 3.2.1",
            "IPCC 2006 GL Vol. 2 Table 3.2.2",
            "IPCC 2006 GL Vol. 2 Table 3.2.2"
        ]
    );
    assert!(
        !per_tj.components[0]
            .source
            .as_deref()
            .unwrap_or("")
            .contains("NCV"),
        "a per-TJ value needs no NCV"
    );
    // The tables named in code are those each file's header comment names.
    for (file, tables) in [
        ("ipcc2006-stationary.tsv", &library::IPCC_STATIONARY_TABLES),
        ("ipcc2006-mobile.tsv", &library::IPCC_MOBILE_TABLES),
    ] {
        let text = library::FILES
            .iter()
            .find(|(name, _)| *name == file)
            .expect("file")
            .1;
        let header: String = text.lines().take_while(|l| l.starts_with('#')).collect();
        for t in [tables.ncv, tables.co2, tables.ch4_n2o] {
            let number = t.rsplit(' ').next().expect("table number");
            assert!(header.contains(&format!("Table {number}")), "{file}: {t}");
        }
    }
}

/// IPCC 2006 GL Vol. 3: ch. 2 Eq. 2.4 clinker 0.52 t CO2/t; Table 2.4 lime 0.75 / 0.77 / 0.86;
/// ch. 3 Table 3.3 nitric acid 7 kg N2O/t; ch. 4 Tables 4.10 and 4.15 aluminium.
const PROCESS: &[(&str, &[(Gas, f64)])] = &[
    ("ipcc2006.process.clinker", &[(Gas::Co2, 520.0)]),
    ("ipcc2006.process.lime_high_calcium", &[(Gas::Co2, 750.0)]),
    ("ipcc2006.process.lime_dolomitic", &[(Gas::Co2, 770.0)]),
    (
        "ipcc2006.process.lime_dolomitic_high_purity",
        &[(Gas::Co2, 860.0)],
    ),
    ("ipcc2006.process.nitric_acid_mp", &[(Gas::N2o, 7.0)]),
    (
        "ipcc2006.process.aluminium_cwpb",
        &[(Gas::Co2, 1_600.0), (Gas::Cf4, 0.4), (Gas::C2f6, 0.04)],
    ),
    (
        "ipcc2006.process.aluminium_swpb",
        &[(Gas::Co2, 1_600.0), (Gas::Cf4, 1.6), (Gas::C2f6, 0.4)],
    ),
    (
        "ipcc2006.process.aluminium_vss",
        &[(Gas::Co2, 1_700.0), (Gas::Cf4, 0.8), (Gas::C2f6, 0.04)],
    ),
    (
        "ipcc2006.process.aluminium_hss",
        &[(Gas::Co2, 1_700.0), (Gas::Cf4, 0.4), (Gas::C2f6, 0.03)],
    ),
];

#[test]
fn ipcc2006_process() {
    for (id, comps) in PROCESS {
        let f = lib().factor(id).unwrap_or_else(|| panic!("{id}"));
        assert_eq!(f.factor.components.len(), comps.len(), "{id}");
        for &(gas, kg) in *comps {
            assert!(close(component(id, gas), kg), "{id} {gas}");
        }
    }
}

/// GB/T 32150-2015 Appendix B: NCV, carbon content, oxidation rate; CO2 = NCV × C × OF × 44/12.
/// The check: diesel 42.652 GJ/t × 20.2 tC/TJ × 98 % × 44/12 = 3.0959 t CO2/t.
const GBT32150: &[(&str, Unit, f64, f64, f64, f64)] = &[
    ("raw_coal", Unit::Tonne, 20.908, 26.37, 0.94, 1.9003),
    ("coke", Unit::Tonne, 28.435, 29.5, 0.93, 2.8604),
    ("crude_oil", Unit::Tonne, 41.816, 20.1, 0.98, 3.0202),
    ("fuel_oil", Unit::Tonne, 41.816, 21.1, 0.98, 3.1705),
    ("gasoline", Unit::Tonne, 43.070, 18.9, 0.98, 2.9251),
    ("diesel", Unit::Tonne, 42.652, 20.2, 0.98, 3.0959),
    ("kerosene", Unit::Tonne, 43.070, 19.6, 0.98, 3.0334),
    ("lpg", Unit::Tonne, 50.179, 17.2, 0.98, 3.1013),
    (
        "natural_gas",
        Unit::TenThousandNm3,
        389.31,
        15.3,
        0.99,
        21.622,
    ),
    (
        "coke_oven_gas",
        Unit::TenThousandNm3,
        179.81,
        13.58,
        0.99,
        8.8641,
    ),
];

#[test]
fn gbt32150_derivations() {
    for &(key, unit, ncv, c, ox, t_per_unit) in GBT32150 {
        let id = format!("cn.gbt32150.{key}");
        let f = lib().factor(&id).unwrap_or_else(|| panic!("{id}"));
        assert_eq!(f.factor.unit, unit, "{id}");
        let kg = component(&id, Gas::Co2);
        assert!(close(kg, ncv * c * ox * 44.0 / 12.0), "{id}");
        // The rounded t CO2 per unit quoted in the literature (4 decimals, 3 for natural gas).
        assert!(
            (kg / 1000.0 - t_per_unit).abs() < 5e-5 * t_per_unit,
            "{id}: {kg}"
        );
        let d = f.factor.derivation.as_deref().unwrap_or("");
        assert!(
            d.contains(&format!("carbon content {c} tC/TJ")),
            "{id}: derivation shown: {d}"
        );
    }
}

/// MEE/NBS announcements 2024 No. 12 (2021 data), 2024 No. 33 (2022), 2025 No. 47 (2023), kg CO2/kWh;
/// MEE 2023 power-sector reporting notice: 0.5703 t CO2/MWh.
const GRID: &[(&str, f64, &str)] = &[
    ("cn.mee.grid.national.2021", 0.5568, "2024年第12号"),
    ("cn.mee.grid.national.residual.2021", 0.5942, "2024年第12号"),
    ("cn.mee.grid.national.fossil.2021", 0.8426, "2024年第12号"),
    ("cn.mee.grid.national.2022", 0.5366, "2024年第33号"),
    ("cn.mee.grid.national.residual.2022", 0.5856, "2024年第33号"),
    ("cn.mee.grid.national.fossil.2022", 0.8325, "2024年第33号"),
    ("cn.mee.grid.national.2023", 0.5306, "2025年第47号"),
    ("cn.mee.grid.national.residual.2023", 0.6096, "2025年第47号"),
    ("cn.mee.grid.national.fossil.2023", 0.8273, "2025年第47号"),
    ("cn.mee.grid.north.2022", 0.6776, "2024年第33号"),
    ("cn.mee.grid.northeast.2022", 0.5564, "2024年第33号"),
    ("cn.mee.grid.east.2022", 0.5617, "2024年第33号"),
    ("cn.mee.grid.central.2022", 0.5395, "2024年第33号"),
    ("cn.mee.grid.northwest.2022", 0.5857, "2024年第33号"),
    ("cn.mee.grid.south.2022", 0.3869, "2024年第33号"),
    ("cn.mee.grid.southwest.2022", 0.2268, "2024年第33号"),
    ("cn.mee.grid.north.2023", 0.6361, "2025年第47号"),
    ("cn.mee.grid.northeast.2023", 0.5122, "2025年第47号"),
    ("cn.mee.grid.east.2023", 0.5500, "2025年第47号"),
    ("cn.mee.grid.central.2023", 0.5271, "2025年第47号"),
    ("cn.mee.grid.northwest.2023", 0.5543, "2025年第47号"),
    ("cn.mee.grid.south.2023", 0.4042, "2025年第47号"),
    ("cn.mee.grid.southwest.2023", 0.2472, "2025年第47号"),
    (
        "cn.mee.grid.carbon_market.2022",
        0.5703,
        "2023—2025年发电行业",
    ),
];

#[test]
fn china_grid_and_heat() {
    for &(id, kg, announcement) in GRID {
        let f = lib().factor(id).unwrap_or_else(|| panic!("{id}"));
        assert_eq!(f.factor.unit, Unit::KWh, "{id}");
        assert!(close(component(id, Gas::Co2), kg), "{id}");
        assert!(
            f.factor.source.contains(announcement),
            "{id} cites {announcement}"
        );
    }
    // 0.11 t CO2/GJ purchased heat.
    assert!(close(component("cn.mee.heat.purchased", Gas::Co2), 110.0));
    assert_eq!(
        lib().factor("cn.mee.heat.purchased").map(|f| f.factor.unit),
        Some(Unit::GJ)
    );
}

#[test]
fn fugitive_factors_are_one_kg_per_kg() {
    for f in lib()
        .factors
        .iter()
        .filter(|f| f.family == Family::Fugitive)
    {
        assert_eq!(
            (f.factor.unit, f.factor.components.len()),
            (Unit::Kg, 1),
            "{}",
            f.factor.id
        );
        assert_eq!(f.factor.components[0].kg_per_unit, 1.0);
    }
    assert!(lib().factor("fugitive.r404a").is_some());
    assert!(lib().factor("fugitive.hfc134a").is_some());
    assert!(lib().factor("fugitive.sf6").is_some());
}

#[test]
fn every_factor_is_checked() {
    let mut checked: BTreeSet<String> = BTreeSet::new();
    for (key, ..) in STATIONARY {
        checked.insert(format!("ipcc2006.stationary.manufacturing.{key}"));
        checked.insert(format!("ipcc2006.stationary.manufacturing.{key}.energy"));
    }
    for (key, ..) in MOBILE {
        checked.insert(format!("ipcc2006.mobile.{key}"));
        checked.insert(format!("ipcc2006.mobile.{key}.energy"));
    }
    checked.extend(PROCESS.iter().map(|(id, _)| id.to_string()));
    checked.extend(GBT32150.iter().map(|(k, ..)| format!("cn.gbt32150.{k}")));
    checked.extend(GRID.iter().map(|(id, ..)| id.to_string()));
    checked.insert("cn.mee.heat.purchased".into());
    let all: BTreeSet<String> = lib()
        .factors
        .iter()
        .filter(|f| f.family != Family::Fugitive)
        .map(|f| f.factor.id.clone())
        .collect();
    assert_eq!(
        all, checked,
        "library factors without a published-value check, or checks without a factor"
    );
    assert!(
        lib().factors.iter().all(|f| !f.factor.source.is_empty()),
        "every factor cites its source"
    );
}

/// GB/T 2589-2020 Appendix A reference coefficients (kgce per unit).
#[test]
fn standard_coal_coefficients() {
    let want: &[(&str, Unit, f64)] = &[
        ("raw_coal", Unit::Kg, 0.7143),
        ("coke", Unit::Kg, 0.9714),
        ("crude_oil", Unit::Kg, 1.4286),
        ("fuel_oil", Unit::Kg, 1.4286),
        ("gasoline", Unit::Kg, 1.4714),
        ("kerosene", Unit::Kg, 1.4714),
        ("diesel", Unit::Kg, 1.4571),
        ("lpg", Unit::Kg, 1.7143),
        ("natural_gas", Unit::Nm3, 1.33),
        ("coke_oven_gas", Unit::Nm3, 0.6143),
        ("grid_electricity", Unit::KWh, 0.1229),
        ("purchased_heat", Unit::MJ, 0.03412),
    ];
    assert_eq!(lib().tce.len(), want.len());
    for &(a, unit, kgce) in want {
        let c = lib()
            .tce
            .iter()
            .find(|c| c.activity == a)
            .unwrap_or_else(|| panic!("{a}"));
        assert_eq!((c.unit, c.kgce_per_unit), (unit, kgce), "{a}");
    }
    // 1,000 t diesel = 1,457.1 tce; 10 GWh = 1,229 tce (calorific equivalent).
    assert!(close(
        lib()
            .tce("diesel", 1_000.0, Unit::Tonne)
            .unwrap_or(f64::NAN),
        1_457.1
    ));
    assert!(close(
        lib()
            .tce("grid_electricity", 10.0, Unit::GWh)
            .unwrap_or(f64::NAN),
        1_229.0
    ));
    assert!(
        lib().tce("diesel", 1.0, Unit::GJ).is_none(),
        "no cross-dimension guess"
    );
}

/// Regulation (EU) 2023/956 Annex I.
#[test]
fn cbam_goods() {
    let sectors: BTreeSet<&str> = lib().cbam.iter().map(|g| g.sector.as_str()).collect();
    assert_eq!(
        sectors,
        [
            "aluminium",
            "cement",
            "electricity",
            "fertilisers",
            "hydrogen",
            "iron_and_steel"
        ]
        .into_iter()
        .collect()
    );
    let codes = |s: &str| {
        lib()
            .cbam
            .iter()
            .filter(|g| g.sector == s)
            .map(|g| g.cn_code.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        codes("cement"),
        [
            "2507 00 80",
            "2523 10 00",
            "2523 21 00",
            "2523 29 00",
            "2523 30 00",
            "2523 90 00"
        ]
    );
    assert_eq!(codes("electricity"), ["2716 00 00"]);
    assert_eq!(codes("hydrogen"), ["2804 10 00"]);
    assert_eq!(
        codes("fertilisers"),
        ["2808 00 00", "2814", "2834 21 00", "3102", "3105"]
    );
    assert!(codes("iron_and_steel").contains(&"7326") && codes("aluminium").contains(&"7616"));
    assert!(
        !codes("aluminium").contains(&"7602") && !codes("aluminium").contains(&"7615"),
        "scrap and household articles are not CBAM goods"
    );
}

#[test]
fn activities_and_search() {
    assert_eq!(
        lib().activity("天然气").map(|a| a.key.as_str()),
        Some("natural_gas")
    );
    assert_eq!(
        lib().activity("Purchased_Steam").map(|a| a.key.as_str()),
        Some("purchased_heat")
    );
    assert_eq!(
        lib()
            .activity("refrigerant_hfc134a_topup")
            .map(|a| a.key.as_str()),
        Some("hfc134a_release")
    );
    assert!(
        lib()
            .search("diesel")
            .iter()
            .any(|f| f.factor.id == "cn.gbt32150.diesel")
    );
    assert!(lib().search("2025年第47号").len() >= 9);
    // Stable, readable ids.
    for f in &lib().factors {
        assert!(
            f.factor
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_'),
            "{}",
            f.factor.id
        );
    }
}

#[test]
fn gwp_snapshot_holds_every_gas_with_a_value() {
    let s = gwp::snapshot(GwpSet::AR6);
    assert_eq!(s.values.get(&Gas::Sf6), Some(&25_200.0));
    assert!(!gwp::snapshot(GwpSet::SAR).values.contains_key(&Gas::Nf3));
}

#[test]
fn a_broken_library_file_is_refused_with_its_line() {
    let mut files: Vec<(&str, String)> = library::FILES
        .iter()
        .map(|(n, t)| (*n, t.to_string()))
        .collect();
    if let Some(f) = files.iter_mut().find(|(n, _)| *n == "cn-mee-grid.tsv") {
        f.1.push_str("2024\tnational\tlocation\tabc\tx\ty\n");
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let err = library::parse(&refs).expect_err("bad number");
    assert!(
        err.to_string()
            .starts_with("assets/library/cn-mee-grid.tsv, line "),
        "{err}"
    );
}
