//! Default factor rules, `explain`, frozen factors and library updates, energy in tce.

mod common;

use common::*;
use parkaudit::calc::{self, defaults, explain, gwp, library, update};
use parkaudit::model::*;
use std::process::Command;

fn lib() -> &'static library::Library {
    library::bundled()
}

fn choose(
    p: &Project,
    activity: &str,
    unit: Unit,
    scope: Scope,
) -> Result<defaults::Choice, String> {
    // The English reason, which the tests below read (the Chinese is for the app).
    defaults::choose(lib(), p, activity, unit, scope).map_err(|e| e.en)
}

#[test]
fn default_rules_by_standard_unit_and_year() {
    let mut p = Project::new("P", 2024);
    // ISO 14064-1 → IPCC 2006, per t or per TJ by the record's unit.
    assert_eq!(
        choose(&p, "diesel", Unit::Tonne, Scope::S1).map(|c| c.factor_id),
        Ok("ipcc2006.stationary.manufacturing.diesel".into())
    );
    assert_eq!(
        choose(&p, "柴油", Unit::GJ, Scope::S1).map(|c| c.factor_id),
        Ok("ipcc2006.stationary.manufacturing.diesel.energy".into())
    );
    // IPCC gives no volumetric gas factor: GB/T 32150 per 10^4 Nm3 fits Nm3.
    let ng = choose(&p, "natural_gas", Unit::Nm3, Scope::S1).expect("falls back");
    assert_eq!(ng.factor_id, "cn.gbt32150.natural_gas");
    assert!(
        ng.rule.contains("ISO 14064-1:2018 → IPCC 2006 default"),
        "{}",
        ng.rule
    );
    assert_eq!(
        choose(&p, "diesel_trucks", Unit::Tonne, Scope::S1).map(|c| c.factor_id),
        Ok("ipcc2006.mobile.diesel_vehicles".into())
    );
    // China MEE guidelines → GB/T 32150 first.
    p.methodology.standard = Standard::ChinaMeeGuidelines;
    assert_eq!(
        choose(&p, "diesel", Unit::Tonne, Scope::S1).map(|c| c.factor_id),
        Ok("cn.gbt32150.diesel".into())
    );
    assert_eq!(
        choose(&p, "diesel_vehicles", Unit::Tonne, Scope::S1).map(|c| c.factor_id),
        Ok("cn.gbt32150.diesel".into())
    );
    assert_eq!(
        choose(&p, "anthracite", Unit::Tonne, Scope::S1).map(|c| c.factor_id),
        Ok("ipcc2006.stationary.manufacturing.anthracite".into()),
        "GB/T has none: IPCC"
    );
    // Grid: the latest data year not after the reporting year; residual mix of that year for market-based.
    for (year, want) in [(2024, 2023), (2023, 2023), (2022, 2022), (2021, 2021)] {
        p.park.reporting_year = year;
        let c = choose(&p, "grid_electricity", Unit::MWh, Scope::S2).expect("grid");
        assert_eq!(c.factor_id, format!("cn.mee.grid.national.{want}"));
        assert_eq!(
            c.market_factor_id,
            Some(format!("cn.mee.grid.national.residual.{want}"))
        );
    }
    p.park.reporting_year = 2020;
    assert!(
        choose(&p, "grid_electricity", Unit::MWh, Scope::S2)
            .unwrap_err()
            .contains(
                "no MEE/NBS national average grid factor published for a data year not after 2020"
            )
    );
    p.park.reporting_year = 2024;
    p.methodology.grid_factor = GridFactorRule::CarbonMarket;
    assert_eq!(
        choose(&p, "grid_electricity", Unit::MWh, Scope::S2).map(|c| c.factor_id),
        Ok("cn.mee.grid.carbon_market.2022".into())
    );
    // Heat, process, released gases.
    assert_eq!(
        choose(&p, "purchased_steam", Unit::GJ, Scope::S2).map(|c| c.factor_id),
        Ok("cn.mee.heat.purchased".into())
    );
    assert_eq!(
        choose(&p, "clinker_calcination", Unit::Tonne, Scope::S1).map(|c| c.factor_id),
        Ok("ipcc2006.process.clinker".into())
    );
    assert_eq!(
        choose(&p, "refrigerant_r404a_topup", Unit::Kg, Scope::S1).map(|c| c.factor_id),
        Ok("fugitive.r404a".into())
    );
    // Refusals name why — never a zero.
    assert!(
        choose(&p, "grid_electricity", Unit::MWh, Scope::S1)
            .unwrap_err()
            .contains("scope 2")
    );
    assert!(
        choose(&p, "diesel", Unit::M3, Scope::S1)
            .unwrap_err()
            .contains("per another dimension")
    );
    assert!(
        choose(&p, "moon_dust", Unit::Tonne, Scope::S1)
            .unwrap_err()
            .contains("not in the library's vocabulary")
    );
    // The same reason in Chinese, for the import messages in the app.
    let zh = defaults::choose(lib(), &p, "moon_dust", Unit::Tonne, Scope::S1)
        .expect_err("no default")
        .zh;
    assert_eq!(
        zh,
        "活动“moon_dust”不在因子库的活动词汇中，没有适用的默认因子——请在 factor_id 中指定因子"
    );
    // A project rule wins.
    p.methodology
        .default_factors
        .insert("diesel".into(), "site.diesel".into());
    assert_eq!(
        choose(&p, "diesel", Unit::Tonne, Scope::S1).map(|c| c.factor_id),
        Ok("site.diesel".into())
    );
}

/// A project built with library factors, frozen as import does it.
fn library_project() -> Project {
    let mut p = Project::new("P", 2024);
    p.entities.push(entity("E1", 100.0, true, true, true));
    for id in [
        "ipcc2006.stationary.manufacturing.diesel",
        "cn.mee.grid.national.2023",
        "cn.mee.grid.national.residual.2023",
        "fugitive.r404a",
    ] {
        p.factors.push(lib().factor(id).expect(id).factor.clone());
    }
    p.gwp_snapshot = Some(gwp::snapshot(GwpSet::AR5));
    let mut grid = record(
        "R2",
        "E1",
        2,
        2,
        1000.0,
        Unit::MWh,
        "cn.mee.grid.national.2023",
    );
    grid.market_factor_id = Some("cn.mee.grid.national.residual.2023".into());
    p.activity = vec![
        record(
            "R1",
            "E1",
            1,
            1,
            10.0,
            Unit::Tonne,
            "ipcc2006.stationary.manufacturing.diesel",
        ),
        grid,
        record("R3", "E1", 3, 1, 25.0, Unit::Kg, "fugitive.r404a"),
    ]
    .into();
    p
}

/// explain reproduces hand calculations (AR5: CH4 28, N2O 265; R-404A from its components).
#[test]
fn explain_reproduces_hand_calculations() {
    let p = library_project();
    let inv = calc::compute(&p).expect("computes");

    // Fuel: 10 t diesel × 43 TJ/Gg/1000 × (74,100 + 3 × 28 + 0.6 × 265) kg CO2e/TJ / 1000 = 31.96749 t.
    let e = explain::explain(&p, 0).expect("explains");
    assert_eq!(e.location.conversion, 1.0);
    let gwps: Vec<(String, f64)> = e
        .location
        .gases
        .iter()
        .map(|g| (g.gas.clone(), g.gwp))
        .collect();
    assert_eq!(
        gwps,
        [
            ("CO2".to_string(), 1.0),
            ("CH4".to_string(), 28.0),
            ("N2O".to_string(), 265.0)
        ]
    );
    assert_close!(
        e.location.kg_co2e_per_unit,
        3_186.3 + 0.129 * 28.0 + 0.0258 * 265.0
    );
    assert_close!(e.inventory_t, 31.967_49);
    assert_close!(e.inventory_t, inv.records[0].location_t);
    assert!(
        e.location
            .derivation
            .as_deref()
            .unwrap_or("")
            .contains("NCV 43 TJ/Gg")
    );

    // Electricity: 1,000 MWh → 1,000,000 kWh × 0.5306 = 530.6 t; market 0.6096 → 609.6 t.
    let e = explain::explain(&p, 1).expect("explains");
    assert_eq!(e.location.conversion, 1000.0);
    assert_close!(e.inventory_t, 530.6);
    assert_close!(e.inventory_market_t.unwrap_or(f64::NAN), 609.6);
    assert_close!(
        e.inventory_market_t.unwrap_or(f64::NAN),
        inv.records[1].market_t
    );
    assert!(e.location.source.contains("2025年第47号"));

    // Refrigerant: 25 kg R-404A × (0.44 × 3,170 + 0.52 × 4,800 + 0.04 × 1,300 = 3,942.8) / 1000 = 98.57 t.
    let e = explain::explain(&p, 2).expect("explains");
    assert_close!(e.location.gases[0].gwp, 3_942.8);
    assert_close!(e.inventory_t, 98.57);
    assert_close!(e.inventory_t, inv.records[2].location_t);
    let text = e.to_string();
    assert!(
        text.contains("R-404A")
            && text.contains("emissions at 100 %: 25 kg × 3942.8 kg CO2e/kg / 1000 = 98.57 t CO2e"),
        "{text}"
    );
}

/// Frozen factors: a newer library changes nothing until the update is applied.
#[test]
fn a_library_update_changes_nothing_until_applied() {
    let p = library_project();
    let before = calc::compute(&p).expect("computes").total_t_co2e;
    // Simulate a library release that revises the 2023 grid factor and the AR5 N2O value.
    let files: Vec<(&str, String)> = library::FILES
        .iter()
        .map(|(n, t)| {
            (
                *n,
                if *n == "cn-mee-grid.tsv" {
                    t.replace(
                        "2023\tnational\tlocation\t0.5306",
                        "2023\tnational\tlocation\t0.5400",
                    )
                } else {
                    t.to_string()
                },
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let newer = library::parse(&refs).expect("parses");
    let mut newer_gwp = gwp::snapshot(GwpSet::AR5);
    newer_gwp.values.insert(Gas::N2o, 270.0);

    // The project's inventory rests on its frozen copies only.
    assert_eq!(calc::compute(&p).expect("computes").total_t_co2e, before);
    let plan = update::plan(&p, &newer, &newer_gwp);
    assert_eq!(plan.factor_changes.len(), 1);
    assert_eq!(plan.factor_changes[0].old.id, "cn.mee.grid.national.2023");
    assert_eq!(plan.gwp_changes, vec![(Gas::N2o, Some(265.0), Some(270.0))]);
    // 1,000,000 kWh × (0.5400 − 0.5306) = 9.4 t; 10 t × 0.0258 kg N2O/t × (270 − 265) = 1.29 kg = 0.00129 t.
    assert_close!(plan.total_before_t.unwrap_or(f64::NAN), before);
    assert_close!(
        plan.total_after_t.unwrap_or(f64::NAN),
        before + 9.4 + 0.001_29
    );
    assert_close!(
        calc::compute(&plan.updated).expect("computes").total_t_co2e,
        before + 9.4 + 0.001_29
    );
    // Against the bundled library the project is up to date.
    assert!(update::plan(&p, lib(), &gwp::snapshot(GwpSet::AR5)).is_empty());
}

/// GB/T 2589-2020: 1,000 t diesel = 1,457.1 tce; 10 GWh at the calorific equivalent = 1,229 tce.
#[test]
fn energy_in_standard_coal() {
    let mut p = library_project();
    p.activity.push(record(
        "R4",
        "E1",
        4,
        1,
        1_000.0,
        Unit::Tonne,
        "ipcc2006.stationary.manufacturing.diesel",
    ));
    p.activity[1].quantity = 10_000.0; // MWh
    let e = calc::energy::energy_use(&p, lib());
    assert_close!(e.by_activity_tce["diesel"], 1_010.0 * 1.4571);
    assert_close!(e.by_activity_tce["grid_electricity"], 1_229.0);
    assert!(
        !e.by_activity_tce.contains_key("r404a_release"),
        "refrigerants are not energy"
    );
}

fn bin(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_parkaudit"))
        .args(args)
        .current_dir(dir)
        .env("PARKAUDIT_USER", "auditor-test")
        .output()
        .expect("runs")
}

#[test]
fn cli_explain_factors_and_methodology() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    parkaudit::io::save(&library_project(), &dir.path().join("p.ron"))?;
    let o = bin(&["explain", "p.ron", "--record", "R3"], dir.path());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("= 98.57 t CO2e"));
    let o = bin(&["explain", "p.ron", "--record", "nope"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("p.ron: no record nope"));
    let o = bin(
        &["explain", "p.ron", "--record", "R2", "--json"],
        dir.path(),
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)?;
    assert_eq!(v["inventory_t"].as_f64(), Some(530.6));

    let o = bin(
        &["factors", "--search", "2025年第47号", "--json"],
        dir.path(),
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)?;
    assert!(v.as_array().is_some_and(|a| {
        a.len() >= 9
            && a.iter()
                .all(|f| f["source"].as_str().unwrap_or("").contains("2025年第47号"))
    }));
    let o = bin(&["factors", "--update", "p.ron", "--dry-run"], dir.path());
    assert!(String::from_utf8_lossy(&o.stdout).contains("nothing to update"));

    // Changing the GWP set recomputes everything and is recorded.
    let o = bin(&["methodology", "p.ron", "--gwp", "AR6"], dir.path());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let p = parkaudit::io::load(&dir.path().join("p.ron"))?;
    assert_eq!(p.methodology.gwp_set, GwpSet::AR6);
    assert_eq!(p.gwp_snapshot.as_ref().map(|s| s.set), Some(GwpSet::AR6));
    let last = p.trail.last().expect("recorded");
    assert_eq!(
        (last.action.as_str(), last.who.as_str()),
        ("methodology.gwp_set", "auditor-test")
    );
    assert_eq!(
        (
            last.field("from"),
            last.field("to"),
            last.identified_by.as_str()
        ),
        (Some("AR5"), Some("AR6"), "environment")
    );
    assert!(
        last.detail.starts_with("GWP set: AR5 → AR6"),
        "{}",
        last.detail
    );
    // Guidance in Chinese.
    let o = bin(&["methodology", "p.ron", "--lang", "zh"], dir.path());
    assert!(String::from_utf8_lossy(&o.stdout).contains("组织边界：合并方法"));
    Ok(())
}
