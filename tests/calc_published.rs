//! The engine against hand calculations and published values.

mod common;

use common::*;
use parkaudit::calc::{BoundaryStatus, CalcError, compute};
use parkaudit::model::*;

/// IPCC 2006 GL Vol. 2 Table 1.2 (NCV gas/diesel oil 43.0 TJ/Gg), Table 1.4
/// (CO2 74,100 kg/TJ), Table 2.3 manufacturing industries (CH4 3, N2O 0.6 kg/TJ):
/// 1,000 t → 43 TJ → 3,186.3 t CO2, 0.129 t CH4, 0.0258 t N2O.
#[test]
fn ipcc_diesel_1000_t() {
    let per_t = |kg_per_tj: f64| 43.0 * kg_per_tj / 1000.0; // kg per t of fuel
    let f = factor(
        "ipcc.diesel",
        Unit::Tonne,
        &[
            (Gas::Co2, per_t(74_100.0)),
            (Gas::Ch4, per_t(3.0)),
            (Gas::N2o, per_t(0.6)),
        ],
    );
    let mut p = project(
        vec![f],
        vec![record(
            "R1",
            "E1",
            1,
            1,
            1_000.0,
            Unit::Tonne,
            "ipcc.diesel",
        )],
    );

    p.methodology.gwp_set = GwpSet::AR5;
    let inv = compute(&p).expect("computes");
    assert_close!(inv.by_gas[&Gas::Co2], 3_186.3);
    assert_close!(inv.by_gas[&Gas::Ch4], 0.129 * 28.0); // 3.612
    assert_close!(inv.by_gas[&Gas::N2o], 0.0258 * 265.0); // 6.837
    assert_close!(inv.scope1_t, 3_186.3 + 3.612 + 6.837);
    assert_close!(inv.total_t_co2e, 3_196.749);

    // Same activity under AR4: CH4 25, N2O 298 → 3,186.3 + 3.225 + 7.6884.
    p.methodology.gwp_set = GwpSet::AR4;
    assert_close!(compute(&p).expect("computes").total_t_co2e, 3_197.213_4);

    // The same quantity in kg gives the same result (kg → t conversion).
    p.activity[0].quantity = 1_000_000.0;
    p.activity[0].unit = Unit::Kg;
    assert_close!(compute(&p).expect("computes").total_t_co2e, 3_197.213_4);
}

/// GB/T 32150-2015: diesel 42.652 GJ/t × 20.2 tC/TJ × 98 % × 44/12 = 3.0959 t CO2/t.
#[test]
fn gbt32150_diesel_derivation() {
    let kg_per_t: f64 = 42.652 * 20.2 * 0.98 * 44.0 / 12.0;
    assert!((kg_per_t / 1000.0 - 3.0959).abs() < 5e-5, "{kg_per_t}");
    let p = project(
        vec![factor("cn.diesel", Unit::Tonne, &[(Gas::Co2, kg_per_t)])],
        vec![record("R1", "E1", 3, 1, 250.0, Unit::Tonne, "cn.diesel")],
    );
    let inv = compute(&p).expect("computes");
    // 250 t × 3.09592… t/t
    assert_close!(inv.total_t_co2e, 250.0 * kg_per_t / 1000.0);
    assert!((inv.total_t_co2e - 773.98).abs() < 0.01);
}

/// Natural gas in 10^4 Nm³ (GB/T 32150: 389.31 GJ/10^4 Nm³ × 15.3 tC/TJ × 99 % × 44/12
/// = 21.622 t CO2/10^4 Nm³), metered in Nm³.
#[test]
fn natural_gas_volume_units() {
    let kg: f64 = 389.31 * 15.3 * 0.99 * 44.0 / 12.0;
    assert!((kg / 1000.0 - 21.622).abs() < 5e-4);
    let p = project(
        vec![factor("cn.ng", Unit::TenThousandNm3, &[(Gas::Co2, kg)])],
        vec![record("R1", "E1", 1, 1, 1_500_000.0, Unit::Nm3, "cn.ng")],
    );
    let inv = compute(&p).expect("computes");
    assert_close!(inv.records[0].conversion, 1.0e-4);
    assert_close!(inv.total_t_co2e, 150.0 * kg / 1000.0); // 150 × 10^4 Nm³
    // m³ at actual conditions is not Nm³: refused, never guessed.
    let mut q = p.clone();
    q.activity[0].unit = Unit::M3;
    let err = compute(&q).expect_err("m3 vs Nm3");
    assert!(matches!(err.0[0], CalcError::UnitMismatch { .. }), "{err}");
    assert!(err.to_string().contains("record R1"), "{err}");
}

/// Grid electricity, MEE/NBS 2022 national average 0.5366 kg CO2/kWh and
/// residual mix 0.5856: 1,000,000 kWh → 536.6 t location-based, 585.6 t market-based.
#[test]
fn scope2_location_and_market() {
    let mut r = record("R1", "E1", 6, 2, 1_000_000.0, Unit::KWh, "grid.loc");
    r.market_factor_id = Some("grid.res".into());
    let mut r2 = record("R2", "E1", 6, 2, 200.0, Unit::MWh, "grid.loc");
    r2.market_factor_id = Some("gec".into());
    let r3 = record("R3", "E1", 6, 2, 100.0, Unit::MWh, "grid.loc"); // no market factor: same as location
    let p = project(
        vec![
            factor("grid.loc", Unit::MWh, &[(Gas::Co2, 536.6)]),
            factor("grid.res", Unit::MWh, &[(Gas::Co2, 585.6)]),
            factor("gec", Unit::MWh, &[(Gas::Co2, 0.0)]),
        ],
        vec![r, r2, r3],
    );
    let inv = compute(&p).expect("computes");
    assert_close!(inv.records[0].location_t, 536.6);
    assert_close!(inv.records[0].market_t, 585.6);
    assert_close!(inv.records[1].market_t, 0.0);
    assert_close!(inv.records[2].market_t, 53.66);
    assert_close!(inv.scope2_location_t, 536.6 + 107.32 + 53.66);
    assert_close!(inv.scope2_market_t, 585.6 + 0.0 + 53.66);
    assert_close!(inv.total_t_co2e, inv.scope2_location_t);
    assert_close!(inv.total_market_t_co2e, inv.scope2_market_t);
}

/// Refrigerant leak: 100 kg HFC-134a → 130 t CO2e (AR5, GWP 1,300), 153 t (AR6, 1,530).
/// SF6 2 kg → 47 t (AR5 23,500). NF3 has no SAR value: refused.
#[test]
fn fluorinated_gases() {
    let mut p = project(
        vec![
            factor("hfc", Unit::Kg, &[(Gas::Hfc134a, 1.0)]),
            factor("sf6", Unit::Kg, &[(Gas::Sf6, 1.0)]),
            factor("nf3", Unit::Kg, &[(Gas::Nf3, 1.0)]),
        ],
        vec![
            record("R1", "E1", 1, 1, 100.0, Unit::Kg, "hfc"),
            record("R2", "E1", 1, 1, 2.0, Unit::Kg, "sf6"),
            record("R3", "E1", 1, 1, 1.0, Unit::Kg, "nf3"),
        ],
    );
    let inv = compute(&p).expect("computes");
    assert_close!(inv.by_gas[&Gas::Hfc134a], 130.0);
    assert_close!(inv.by_gas[&Gas::Sf6], 47.0);
    assert_close!(inv.by_gas[&Gas::Nf3], 16.1);
    p.methodology.gwp_set = GwpSet::AR6;
    let inv = compute(&p).expect("computes");
    assert_close!(inv.by_gas[&Gas::Hfc134a], 153.0);
    assert_close!(inv.by_gas[&Gas::Sf6], 50.4);
    p.methodology.gwp_set = GwpSet::SAR;
    let err = compute(&p).expect_err("NF3 has no SAR GWP");
    assert!(
        matches!(
            &err.0[..],
            [CalcError::NoGwp {
                gas: Gas::Nf3,
                set: GwpSet::SAR,
                ..
            }]
        ),
        "{err}"
    );
}

/// Methane by origin: AR6 fossil 29.8, non-fossil 27.0, unspecified 27.9.
#[test]
fn methane_by_origin() {
    let mut p = project(
        vec![factor(
            "ch4",
            Unit::Tonne,
            &[
                (Gas::Ch4Fossil, 1000.0),
                (Gas::Ch4NonFossil, 1000.0),
                (Gas::Ch4, 1000.0),
            ],
        )],
        vec![record("R1", "E1", 1, 1, 1.0, Unit::Tonne, "ch4")],
    );
    p.methodology.gwp_set = GwpSet::AR6;
    let inv = compute(&p).expect("computes");
    assert_close!(inv.total_t_co2e, 29.8 + 27.0 + 27.9);
    p.methodology.gwp_set = GwpSet::AR5;
    assert_close!(
        compute(&p).expect("computes").total_t_co2e,
        30.0 + 28.0 + 28.0
    );
}

/// Biogenic CO2 is reported separately and never enters the scope totals or by_gas.
#[test]
fn biogenic_outside_scopes() {
    // IPCC 2006 Table 2.3, other biogas: CO2 54,600 kg/TJ (biogenic), CH4 1, N2O 0.1 kg/TJ.
    let p = project(
        vec![factor(
            "biogas",
            Unit::TJ,
            &[
                (Gas::Co2Biogenic, 54_600.0),
                (Gas::Ch4NonFossil, 1.0),
                (Gas::N2o, 0.1),
            ],
        )],
        vec![record("R1", "E1", 1, 1, 10_000.0, Unit::GJ, "biogas")],
    );
    let inv = compute(&p).expect("computes");
    assert_close!(inv.biogenic_co2_t, 546.0); // 10 TJ × 54.6 t
    assert_close!(inv.total_t_co2e, 10.0 * (1.0 * 28.0 + 0.1 * 265.0) / 1000.0);
    assert!(!inv.by_gas.contains_key(&Gas::Co2Biogenic));
}

fn three_entity_project() -> Project {
    let mut p = project(
        vec![factor("f", Unit::Tonne, &[(Gas::Co2, 1000.0)])],
        vec![
            record("R1", "E1", 1, 1, 100.0, Unit::Tonne, "f"),
            record("R2", "E2", 1, 1, 200.0, Unit::Tonne, "f"),
            record("R3", "E3", 1, 1, 400.0, Unit::Tonne, "f"),
            record("R4", "E4", 1, 1, 800.0, Unit::Tonne, "f"),
        ],
    );
    // E1 100 % owned, full control; E2 40 % with operational control only;
    // E3 30 % without control; E4 excluded with a justification.
    p.entities = vec![
        entity("E1", 100.0, true, true, true),
        entity("E2", 40.0, true, false, true),
        entity("E3", 30.0, false, false, true),
        entity("E4", 100.0, true, true, false),
    ];
    p
}

/// GHG Protocol ch. 3: control → 100 % or nothing; equity → ownership share;
/// excluded entities are outside whatever the approach, and reported at 100 %.
#[test]
fn consolidation_approaches() {
    let mut p = three_entity_project();

    p.consolidation = Consolidation::OperationalControl;
    let inv = compute(&p).expect("computes");
    assert_close!(inv.total_t_co2e, 100.0 + 200.0);
    assert_close!(inv.excluded_t, 400.0 + 800.0);
    assert_eq!(
        inv.records[2].status,
        BoundaryStatus::Outside(parkaudit::calc::consolidation::OutsideReason::NoControl)
    );
    assert_eq!(inv.by_entity.keys().collect::<Vec<_>>(), ["E1", "E2"]);
    assert_close!(inv.excluded_by_entity["E4"], 800.0);

    p.consolidation = Consolidation::FinancialControl;
    let inv = compute(&p).expect("computes");
    assert_close!(inv.total_t_co2e, 100.0);
    assert_close!(inv.excluded_t, 200.0 + 400.0 + 800.0);

    p.consolidation = Consolidation::EquityShare;
    let inv = compute(&p).expect("computes");
    assert_close!(inv.total_t_co2e, 100.0 + 0.4 * 200.0 + 0.3 * 400.0); // 300
    assert_close!(inv.excluded_t, 800.0);
    assert_close!(inv.other_owners_t, 0.6 * 200.0 + 0.7 * 400.0);
    assert_close!(inv.by_entity["E3"], 120.0);

    // 0 % equity is outside the boundary.
    p.entities[2].ownership_pct = 0.0;
    let inv = compute(&p).expect("computes");
    assert_close!(inv.excluded_t, 400.0 + 800.0);
}

/// Records in a scope, category or gas outside the operational boundary are excluded, not dropped.
#[test]
fn operational_boundary() {
    let mut p = project(
        vec![
            factor("f", Unit::Tonne, &[(Gas::Co2, 1000.0), (Gas::N2o, 1.0)]),
            factor("s3", Unit::Tonne, &[(Gas::Co2e, 1000.0)]),
        ],
        vec![
            record("R1", "E1", 1, 1, 10.0, Unit::Tonne, "f"),
            record("R2", "E1", 1, 3, 5.0, Unit::Tonne, "s3"),
        ],
    );
    p.operational_boundary.scopes = vec![Scope::S1, Scope::S2];
    p.operational_boundary.gases.retain(|g| *g != Gas::N2o);
    let inv = compute(&p).expect("computes");
    assert_close!(inv.total_t_co2e, 10.0);
    assert_close!(inv.excluded_t, 5.0 + 10.0 * 265.0 / 1000.0);
    assert_eq!(inv.records[1].status, BoundaryStatus::ScopeNotCovered);

    p.operational_boundary.scopes = Scope::ALL.to_vec();
    p.operational_boundary.iso_categories = vec![IsoCategory::new(1).expect("1")];
    let inv = compute(&p).expect("computes");
    assert_eq!(inv.records[1].status, BoundaryStatus::CategoryNotCovered);
}

/// Every problem is reported, each naming its record, in one pass.
#[test]
fn errors_name_the_record() {
    let mut bad_market = record("R4", "E1", 1, 1, 1.0, Unit::Tonne, "f");
    bad_market.market_factor_id = Some("f".into());
    let mut mismatch = record("R5", "E1", 1, 2, 1.0, Unit::Tonne, "f");
    mismatch.category = IsoCategory::new(1).expect("1");
    let mut imported = record("R6", "E1", 1, 1, f64::NAN, Unit::Tonne, "f");
    imported.source = Some(RecordSource {
        import: 1,
        sheet: "Activity".into(),
        row: 17,
    });
    let mut p = project(
        vec![factor("f", Unit::Tonne, &[(Gas::Co2, 1.0)])],
        vec![
            record("R1", "NOPE", 1, 1, 1.0, Unit::Tonne, "f"),
            record("R2", "E1", 1, 1, 1.0, Unit::Tonne, "missing"),
            record("R3", "E1", 1, 1, 1.0, Unit::MWh, "f"),
            bad_market,
            mismatch,
            imported,
            record("R1", "E1", 1, 1, 1.0, Unit::Tonne, "f"),
        ],
    );
    p.imports.push(ImportRecord {
        id: 1,
        file_name: "tenant.xlsx".into(),
        sha256: "00".into(),
        imported_at: "2026-01-01T00:00:00Z".into(),
        template_version: None,
        mapping: None,
        sheets: vec![],
        rejected_rows: vec![],
        entities_added: 0,
        factors_added: 0,
        records_added: 1,
    });
    let err = compute(&p).expect_err("invalid");
    let text = err.to_string();
    for needle in [
        "record id 'R1' is defined 2 times",
        "record R1: unknown entity 'NOPE'",
        "record R2: unknown factor 'missing'",
        "record R3: quantity in MWh (energy) cannot be used with factor 'f', which is per t (mass)",
        "record R4: a market-based factor is only meaningful for scope 2",
        "record R5: ISO 14064-1 category 1 belongs to scope 1, but the record says scope 2",
        "record R6 (tenant.xlsx, sheet Activity, row 17): quantity NaN is not a finite number",
    ] {
        assert!(text.contains(needle), "missing «{needle}» in:\n{text}");
    }
    assert_eq!(err.0.len(), 7, "{text}");
    // The same list in Chinese, for the app: the same places, the same figures.
    let zh = err.zh();
    for needle in [
        "无法计算排放清单：7 个问题",
        "记录编号“R1”定义了 2 次",
        "记录 R1：未知实体“NOPE”",
        "记录 R2：未知因子“missing”",
        "记录 R3：以 MWh（energy）计的数量不能用于因子“f”，该因子按 t（mass）计",
        "记录 R4：市场法因子只适用于范围二",
        "记录 R5：ISO 14064-1 类别 1 属于范围1，但记录写的是范围2",
        "记录 R6（tenant.xlsx, sheet Activity, row 17）：数量 NaN 不是有限的数值",
    ] {
        assert!(zh.contains(needle), "missing «{needle}» in:\n{zh}");
    }
}

/// A boundary listing CH4 covers fossil and non-fossil methane; CO2e components are always covered.
#[test]
fn gas_coverage_is_not_a_literal_lookup() {
    let mut p = project(
        vec![
            factor("grid", Unit::MWh, &[(Gas::Co2e, 570.0)]),
            factor("ww", Unit::M3, &[(Gas::Ch4NonFossil, 1.0)]),
            factor("r404a", Unit::Kg, &[(Gas::R404a, 1.0)]),
        ],
        vec![
            record("R1", "E1", 1, 2, 1.0, Unit::MWh, "grid"),
            record("R2", "E1", 1, 1, 1000.0, Unit::M3, "ww"),
            record("R3", "E1", 1, 1, 10.0, Unit::Kg, "r404a"),
        ],
    );
    p.operational_boundary.gases = vec![
        Gas::Co2,
        Gas::Ch4,
        Gas::N2o,
        Gas::Hfc125,
        Gas::Hfc143a,
        Gas::Hfc134a,
    ];
    let inv = compute(&p).expect("computes");
    // 0.57 t + 1 t CH4 × 28 + 10 kg R-404A × (0.44 × 3,170 + 0.52 × 4,800 + 0.04 × 1,300) / 1000 (AR5)
    let r404a_t = 10.0 * (0.44 * 3_170.0 + 0.52 * 4_800.0 + 0.04 * 1_300.0) / 1000.0;
    assert_close!(inv.total_t_co2e, 0.57 + 28.0 + r404a_t);
    assert_close!(inv.excluded_t, 0.0);
    // Without HFC-125 in the list, the blend is outside the boundary.
    p.operational_boundary.gases.retain(|g| *g != Gas::Hfc125);
    assert_close!(compute(&p).expect("computes").excluded_t, r404a_t);
}

/// Emissions too large to represent are an error naming the record, never `inf` or null.
#[test]
fn overflow_is_an_error() {
    let p = project(
        vec![factor("f", Unit::Kg, &[(Gas::Sf6, 1.0)])],
        vec![record("R1", "E1", 1, 1, 1e306, Unit::Tonne, "f")],
    );
    let err = compute(&p).expect_err("overflow");
    assert!(
        err.to_string()
            .contains("record R1: the emissions overflow"),
        "{err}"
    );
}

/// Entity or factor ids that differ only in case are refused: the workbook's lookups could not tell them apart.
#[test]
fn ids_differing_only_in_case_are_refused() {
    let mut p = project(
        vec![factor("f", Unit::Tonne, &[(Gas::Co2, 1.0)])],
        vec![record("R1", "E1", 1, 1, 1.0, Unit::Tonne, "f")],
    );
    p.entities.push(entity("e1", 100.0, true, true, true));
    let err = compute(&p).expect_err("case variants");
    assert!(
        err.to_string()
            .contains("entity ids E1, e1 differ only in case"),
        "{err}"
    );
}
