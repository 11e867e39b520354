//! The bundled sample park: shape, and its inventory recomputed independently.

use parkaudit::calc::compute;
use parkaudit::io;
use parkaudit::model::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn sample() -> Project {
    io::load(Path::new("sample-projects/jinghai-park/jinghai-park.ron")).expect("the sample loads")
}

#[test]
fn shape_is_a_realistic_park() {
    let p = sample();
    assert!(
        (25..=40).contains(&p.entities.len()),
        "{} entities",
        p.entities.len()
    );
    let sectors: BTreeSet<&str> = p.entities.iter().map(|e| e.sector.as_str()).collect();
    for s in ["steel", "cement", "chemicals", "aluminium", "textiles"] {
        assert!(sectors.contains(s), "no {s}");
    }
    assert!(
        p.entities
            .iter()
            .any(|e| e.kind == EntityKind::SharedInfrastructure)
    );
    let excluded: Vec<&Entity> = p.entities.iter().filter(|e| !e.included).collect();
    assert!(!excluded.is_empty());
    assert!(
        excluded
            .iter()
            .all(|e| e.exclusion_reason.as_deref().is_some_and(|r| r.len() > 20))
    );
    assert!(
        p.entities
            .iter()
            .any(|e| e.ownership_pct > 0.0 && e.ownership_pct < 100.0)
    );
    // 12 months for every (entity, activity) stream.
    let mut months: BTreeMap<(&str, &str), BTreeSet<u8>> = BTreeMap::new();
    for r in &p.activity {
        assert_eq!(r.period.year, p.park.reporting_year);
        months
            .entry((&r.entity_id, &r.activity))
            .or_default()
            .insert(r.period.month);
    }
    assert!(months.values().all(|m| m.len() == 12));
    let activities: BTreeSet<&str> = p.activity.iter().map(|r| r.activity.as_str()).collect();
    for a in [
        "grid_electricity",
        "purchased_steam",
        "clinker_calcination",
        "refrigerant_hfc134a_topup",
        "natural_gas_boiler",
    ] {
        assert!(activities.contains(a), "no {a}");
    }
    assert!(
        p.factors.iter().all(|f| !f.source.is_empty()),
        "every factor cites its source"
    );
}

/// The inventory recomputed by a deliberately naive loop with the AR5 values
/// typed in here (IPCC AR5 WG1 Table 8.A.1), independent of the engine.
#[test]
fn inventory_matches_an_independent_recomputation() {
    let p = sample();
    assert_eq!(p.methodology.gwp_set, GwpSet::AR5);
    assert_eq!(p.consolidation, Consolidation::OperationalControl);
    let ar5 = |g: Gas| match g {
        Gas::Co2 | Gas::Co2e => 1.0,
        Gas::Ch4 | Gas::Ch4NonFossil => 28.0,
        Gas::Ch4Fossil => 30.0,
        Gas::N2o => 265.0,
        Gas::Sf6 => 23_500.0,
        Gas::Nf3 => 16_100.0,
        Gas::Hfc125 => 3_170.0,
        Gas::Hfc134a => 1_300.0,
        Gas::Hfc143a => 4_800.0,
        Gas::Cf4 => 6_630.0,
        Gas::C2f6 => 11_100.0,
        // R-404A: 44 % HFC-125, 52 % HFC-143a, 4 % HFC-134a by mass (ASHRAE 34).
        Gas::R404a => 0.44 * 3_170.0 + 0.52 * 4_800.0 + 0.04 * 1_300.0,
        Gas::Co2Biogenic => 0.0,
        other => panic!("unexpected gas {other}"),
    };
    let to_factor_unit = |u: Unit, f: Unit| match (u, f) {
        (a, b) if a == b => 1.0,
        (Unit::KWh, Unit::MWh) => 0.001,
        (Unit::MWh, Unit::KWh) => 1000.0,
        (Unit::GJ, Unit::TJ) => 0.001,
        (Unit::Nm3, Unit::TenThousandNm3) => 0.0001,
        other => panic!("unexpected conversion {other:?}"),
    };
    let (mut total, mut excluded, mut market) = (0.0, 0.0, 0.0);
    for r in &p.activity {
        let e = p.entity(&r.entity_id).expect("entity");
        let f = p.factor(&r.factor_id).expect("factor");
        let kg: f64 = f
            .components
            .iter()
            .map(|c| c.kg_per_unit * ar5(c.gas))
            .sum();
        let t = r.quantity * to_factor_unit(r.unit, f.unit) * kg / 1000.0;
        let mf = p
            .factor(r.market_factor_id.as_deref().unwrap_or(&r.factor_id))
            .expect("market factor");
        let mkg: f64 = mf
            .components
            .iter()
            .map(|c| c.kg_per_unit * ar5(c.gas))
            .sum();
        let mt = r.quantity * to_factor_unit(r.unit, mf.unit) * mkg / 1000.0;
        if e.included && e.operational_control {
            total += t;
            market += mt;
        } else {
            excluded += t;
        }
    }
    let inv = compute(&p).expect("computes");
    let rel = |a: f64, b: f64| (a - b).abs() / b.abs();
    assert!(
        rel(inv.total_t_co2e, total) < 1e-12,
        "{} vs {total}",
        inv.total_t_co2e
    );
    assert!(rel(inv.total_market_t_co2e, market) < 1e-12);
    assert!(rel(inv.excluded_t, excluded) < 1e-12);

    // And one record by hand: A00001, 30,117 t coke × (28.435 GJ/t × 29.5 tC/TJ × 93 % × 44/12) kg/t.
    let r = &p.activity[0];
    assert_eq!(
        (r.id.as_str(), r.quantity, r.unit),
        ("A00001", 30_117.0, Unit::Tonne)
    );
    let want = 30_117.0 * (28.435 * 29.5 * 0.93 * 44.0 / 12.0) / 1000.0; // ≈ 86,147.2 t
    assert!((inv.records[0].location_t - want).abs() < 1e-6);
    assert!((want - 86_147.234).abs() < 0.001);
}

/// Every sector of the sample park maps to one of China's 24 MEE industry guidelines.
#[test]
fn every_sector_maps_to_an_mee_guideline() {
    let g = parkaudit::model::guidance::Guidance::bundled();
    for e in &sample().entities {
        assert!(
            g.guideline_for_sector(&e.sector).is_some(),
            "sector {} of {} has no guideline",
            e.sector,
            e.id
        );
    }
}

/// Energy use in tce (GB/T 2589) and the zero-carbon-park indicator appear in the summary.
#[test]
fn energy_and_carbon_intensity() {
    let p = sample();
    let inv = compute(&p).expect("computes");
    let s = parkaudit::calc::InventorySummary::new(&p, &inv);
    assert!(s.energy_tce > 1.0e6, "{}", s.energy_tce);
    let ci = s.carbon_intensity_t_per_tce.expect("intensity");
    assert!((ci - inv.total_t_co2e / s.energy_tce).abs() < 1e-3);
}
