//! Analytical checks flag crafted problems and stay quiet on clean data;
//! sampling is reproducible, risk-based and extendable.

mod common;

use common::*;
use parkaudit::audit::{CheckFinding, Severity, run_checks, sampling};
use parkaudit::calc::{self, library};
use parkaudit::model::*;

/// A clean project: one entity, 12 months of coal, steady within ±2 %.
fn clean() -> Project {
    let q = [
        100.0, 101.0, 99.0, 100.5, 98.5, 101.5, 100.0, 99.5, 100.8, 99.2, 101.2, 98.8,
    ];
    project(
        vec![factor("coal", Unit::Tonne, &[(Gas::Co2, 1_900.0)])],
        (1..=12u8)
            .map(|m| {
                record(
                    &format!("R{m:02}"),
                    "E1",
                    m,
                    1,
                    q[usize::from(m) - 1],
                    Unit::Tonne,
                    "coal",
                )
            })
            .collect(),
    )
}

fn check(p: &Project) -> Vec<CheckFinding> {
    let inv = calc::compute(p).expect("computes");
    run_checks(p, &inv, library::bundled())
}

fn of<'a>(f: &'a [CheckFinding], check: &str) -> Vec<&'a CheckFinding> {
    f.iter().filter(|x| x.check == check).collect()
}

#[test]
fn clean_data_raises_nothing() {
    let f = check(&clean());
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn completeness() {
    let mut p = clean();
    p.activity.retain(|r| r.period.month != 5);
    p.entities.push(entity("E2", 100.0, true, true, true));
    let f = check(&p);
    let c = of(&f, "completeness");
    assert_eq!(c.len(), 2, "{c:#?}");
    assert_eq!(
        (c[0].entity_id.as_deref(), c[0].severity),
        (Some("E1"), Severity::Medium)
    );
    assert_eq!(c[0].period.as_deref(), Some("2024-05"));
    assert!(
        c[0].message
            .contains("reported test in 11 other month(s) of 2024 but not in 2024-05")
    );
    assert_eq!(
        (c[1].entity_id.as_deref(), c[1].severity),
        (Some("E2"), Severity::High)
    );
    // An excluded entity is not expected to report.
    p.entities[1].included = false;
    assert_eq!(of(&check(&p), "completeness").len(), 1);
}

#[test]
fn anomalies_by_median_and_mad() {
    let mut p = clean();
    p.activity[6].quantity = 1_000.0; // July ×10: a ×1000-style slip
    let f = check(&p);
    let a = of(&f, "anomaly");
    let level = a
        .iter()
        .find(|x| x.severity == Severity::Medium)
        .expect("the month itself");
    assert_eq!(
        (level.period.as_deref(), level.record_ids.as_slice()),
        (Some("2024-07"), &["R07".to_string()][..])
    );
    assert!(level.message.contains("modified z"));
    // Month-over-month: the jump into July is flagged too.
    assert!(
        a.iter()
            .any(|x| x.severity == Severity::Low && x.period.as_deref() == Some("2024-07"))
    );
    // Source cells are named when the record was imported.
    p.imports.push(ImportRecord {
        id: 1,
        file_name: "tenant.xlsx".into(),
        sha256: "0".into(),
        imported_at: "t".into(),
        template_version: None,
        mapping: None,
        sheets: vec![],
        rejected_rows: vec![],
        entities_added: 0,
        factors_added: 0,
        records_added: 12,
    });
    p.activity[6].source = Some(RecordSource {
        import: 1,
        sheet: "Activity".into(),
        row: 8,
    });
    let f = check(&p);
    let level = of(&f, "anomaly")
        .into_iter()
        .find(|x| x.severity == Severity::Medium)
        .expect("flagged");
    assert_eq!(
        level.sources,
        vec!["tenant.xlsx, sheet Activity, row 8".to_string()]
    );
}

#[test]
fn duplicates_and_unit_mix() {
    let mut p = clean();
    let mut dup = p.activity[2].clone();
    dup.id = "R99".into();
    p.activity.push(dup);
    let mut kwh = record("K1", "E1", 1, 2, 1_000.0, Unit::KWh, "grid");
    kwh.activity = "power".into();
    let mut mwh = record("K2", "E1", 2, 2, 1.0, Unit::MWh, "grid");
    mwh.activity = "power".into();
    p.factors
        .push(factor("grid", Unit::MWh, &[(Gas::Co2, 530.6)]));
    p.activity.extend([kwh, mwh]);
    let f = check(&p);
    let d = of(&f, "duplicate");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].record_ids, ["R03", "R99"]);
    let u = of(&f, "unit_mix");
    assert_eq!(u.len(), 1);
    assert!(u[0].message.contains("(kWh, MWh)"), "{}", u[0].message);
}

#[test]
fn zero_and_negative_quantities_and_factor_deviation() {
    let mut p = clean();
    p.activity[0].quantity = 0.0;
    p.activity[1].quantity = -3.0;
    let f = check(&p);
    let q = of(&f, "quantity");
    assert_eq!(
        q.iter()
            .map(|x| (x.record_ids[0].as_str(), x.severity))
            .collect::<Vec<_>>(),
        [("R01", Severity::Low), ("R02", Severity::High)]
    );

    // Diesel at twice the IPCC default (3,196.749 kg CO2e/t under AR5): flagged; at the default: not.
    let mut p = clean();
    p.factors
        .push(factor("site.diesel", Unit::Tonne, &[(Gas::Co2, 6_400.0)]));
    p.factors.push(factor(
        "site.diesel.ok",
        Unit::Tonne,
        &[(Gas::Co2, 3_190.0)],
    ));
    let mut a = record("D1", "E1", 1, 1, 5.0, Unit::Tonne, "site.diesel");
    a.activity = "diesel".into();
    let mut b = record("D2", "E1", 2, 1, 5.0, Unit::Tonne, "site.diesel.ok");
    b.activity = "diesel".into();
    p.activity.extend([a, b]);
    let f = check(&p);
    let dev = of(&f, "factor_deviation");
    assert_eq!(dev.len(), 1, "{dev:#?}");
    assert_eq!(dev[0].record_ids, ["D1"]);
    assert!(
        dev[0]
            .message
            .contains("+100 % from the library default ipcc2006.stationary.manufacturing.diesel"),
        "{}",
        dev[0].message
    );
    assert!(dev[0].message.contains("needs evidence"));
}

#[test]
fn benford_only_for_large_populations() {
    // 599 records whose quantities follow Benford (powers of 1.1 spread over decades).
    let mut p = clean();
    p.activity.clear();
    for i in 0..600u32 {
        let q = 10.0 * 1.1f64.powi(i as i32 % 97);
        p.activity.push(record(
            &format!("B{i:04}"),
            "E1",
            (i % 12 + 1) as u8,
            1,
            q,
            Unit::Tonne,
            "coal",
        ));
    }
    let f = check(&p);
    let b = of(&f, "benford");
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].severity, Severity::Info, "{}", b[0].message);
    // Uniform first digits: nonconformity.
    for (i, r) in p.activity.iter_mut().enumerate() {
        r.quantity = ((i % 9) + 1) as f64 * 100.0 + 3.0;
    }
    let f = check(&p);
    assert_eq!(of(&f, "benford")[0].severity, Severity::Medium);
    // Small populations are not tested.
    p.activity.truncate(100);
    assert!(of(&check(&p), "benford").is_empty());
}

#[test]
fn market_based_claims_need_instruments() {
    let mut p = clean();
    p.factors
        .push(factor("grid", Unit::MWh, &[(Gas::Co2, 530.6)]));
    p.factors.push(factor("gec", Unit::MWh, &[(Gas::Co2, 0.0)]));
    let mut r = record("G1", "E1", 3, 2, 500.0, Unit::MWh, "grid");
    r.market_factor_id = Some("gec".into());
    p.activity.push(r);
    let f = check(&p);
    let s = of(&f, "scope2_instrument");
    assert_eq!(s.len(), 1);
    assert!(
        s[0].message.contains("claims 500 MWh") && s[0].message.contains("cover 0 MWh"),
        "{}",
        s[0].message
    );
    p.instruments.push(ContractualInstrument {
        id: "GEC-1".into(),
        kind: "GEC".into(),
        entity_id: "E1".into(),
        vintage: 2024,
        quantity_mwh: 500.0,
        evidence_ref: "registry".into(),
    });
    assert!(of(&check(&p), "scope2_instrument").is_empty());
}

fn big() -> (Project, calc::Inventory) {
    let p = parkaudit::io::load(std::path::Path::new(
        "sample-projects/jinghai-park/jinghai-park.ron",
    ))
    .expect("sample");
    let inv = calc::compute(&p).expect("computes");
    (p, inv)
}

#[test]
fn sampling_is_reproducible_risk_based_and_extendable() {
    let (p, inv) = big();
    let a = sampling::select(
        &p,
        &inv,
        &parkaudit::edit::SampleParams {
            seed: 7,
            key_pct: 1.0,
            size: 25,
            method: sampling::Method::TonneUnit,
            population: parkaudit::audit::sampling::Population::Inventory,
        },
    );
    let b = sampling::select(
        &p,
        &inv,
        &parkaudit::edit::SampleParams {
            seed: 7,
            key_pct: 1.0,
            size: 25,
            method: sampling::Method::TonneUnit,
            population: parkaudit::audit::sampling::Population::Inventory,
        },
    );
    assert_eq!(a, b, "same seed, same sample");
    assert_ne!(
        a,
        sampling::select(
            &p,
            &inv,
            &parkaudit::edit::SampleParams {
                seed: 8,
                key_pct: 1.0,
                size: 25,
                method: sampling::Method::TonneUnit,
                population: parkaudit::audit::sampling::Population::Inventory
            }
        )
    );
    // Key items: every record ≥ 1 % of the total, and only those.
    let threshold = inv.total_t_co2e / 100.0;
    let keys: Vec<&str> = a
        .iter()
        .filter(|i| i.reason == sampling::Reason::KeyItem)
        .map(|i| i.record_id.as_str())
        .collect();
    let want: Vec<&str> = p
        .activity
        .iter()
        .zip(&inv.records)
        .filter(|(_, r)| r.location_t >= threshold)
        .map(|(r, _)| r.id.as_str())
        .collect();
    assert_eq!(keys, want);
    assert_eq!(a.len(), keys.len() + 25);
    // Extendable: a bigger sample keeps the earlier one; new records keep the earlier keys.
    let bigger = sampling::select(
        &p,
        &inv,
        &parkaudit::edit::SampleParams {
            seed: 7,
            key_pct: 1.0,
            size: 40,
            method: sampling::Method::TonneUnit,
            population: parkaudit::audit::sampling::Population::Inventory,
        },
    );
    assert_eq!(&bigger[..a.len()], &a[..]);
    let mut q = p.clone();
    q.activity.push(record(
        "Z1",
        "E01",
        1,
        1,
        1.0,
        Unit::Tonne,
        "cn.gbt32150.coke",
    ));
    let inv_q = calc::compute(&q).expect("computes");
    let c = sampling::select(
        &q,
        &inv_q,
        &parkaudit::edit::SampleParams {
            seed: 7,
            key_pct: 1.0,
            size: 25,
            method: sampling::Method::TonneUnit,
            population: parkaudit::audit::sampling::Population::Inventory,
        },
    );
    let ids =
        |v: &[sampling::SampleItem]| v.iter().map(|i| i.record_id.clone()).collect::<Vec<_>>();
    let kept = ids(&a).iter().filter(|id| ids(&c).contains(id)).count();
    assert!(
        kept >= a.len() - 1,
        "adding one record displaces at most one item"
    );
    // Simple random sampling ignores size: a zero-emission record can be drawn.
    let r = sampling::select(
        &p,
        &inv,
        &parkaudit::edit::SampleParams {
            seed: 7,
            key_pct: 1.0,
            size: 900,
            method: sampling::Method::SimpleRandom,
            population: parkaudit::audit::sampling::Population::Inventory,
        },
    );
    assert_eq!(r.len(), p.activity.len().min(keys.len() + 900));
}

/// Tonne-unit selection: over many seeds, the chance of selection grows with the tonnes.
#[test]
fn tonne_unit_selection_follows_the_tonnes() {
    let mut p = project(
        vec![factor("f", Unit::Tonne, &[(Gas::Co2, 1000.0)])],
        vec![],
    );
    // 1, 2, 4 … 512 t in ten records; no key items (threshold 100 %).
    for i in 0..10u32 {
        p.activity.push(record(
            &format!("W{i}"),
            "E1",
            1,
            1,
            f64::from(1u32 << i),
            Unit::Tonne,
            "f",
        ));
    }
    let inv = calc::compute(&p).expect("computes");
    let mut hits = [0u32; 10];
    for seed in 0..2_000u64 {
        for item in sampling::select(
            &p,
            &inv,
            &parkaudit::edit::SampleParams {
                seed,
                key_pct: 100.0,
                size: 1,
                method: sampling::Method::TonneUnit,
                population: parkaudit::audit::sampling::Population::Inventory,
            },
        ) {
            let i: usize = item.record_id[1..].parse().expect("index");
            hits[i] += 1;
        }
    }
    // P(select W9 first) = 512 / 1023 ≈ 0.50; W8 ≈ 0.25; W0 ≈ 0.001.
    assert!(
        (f64::from(hits[9]) / 2000.0 - 0.5005).abs() < 0.04,
        "{hits:?}"
    );
    assert!(
        (f64::from(hits[8]) / 2000.0 - 0.2502).abs() < 0.04,
        "{hits:?}"
    );
    assert!(hits[0] < 10, "{hits:?}");
}

#[test]
fn cli_check_sample_and_sample_size() {
    let bin = env!("CARGO_BIN_EXE_parkaudit");
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample-projects/jinghai-park/jinghai-park.ron"
    );
    let o = std::process::Command::new(bin)
        .args(["check", sample, "--json"])
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let list = v.as_array().expect("a list");
    for k in [
        "check",
        "severity",
        "entity_id",
        "period",
        "record_ids",
        "message",
    ] {
        assert!(list.iter().all(|f| f.get(k).is_some()), "key {k}");
    }
    assert!(
        list.iter()
            .any(|f| f["check"] == "scope2_instrument" && f["entity_id"] == "E19")
    );
    let o = std::process::Command::new(bin)
        .args([
            "sample-size",
            "--confidence",
            "0.95",
            "--tolerable",
            "0.05",
            "--expected",
            "0.01",
        ])
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "93");
    let run = || {
        std::process::Command::new(bin)
            .args([
                "sample",
                sample,
                "--seed",
                "11",
                "--confidence",
                "0.90",
                "--tolerable",
                "0.10",
                "--expected",
                "0",
                "--json",
            ])
            .output()
            .expect("runs")
    };
    let (a, b) = (run(), run());
    assert_eq!(a.stdout, b.stdout);
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).expect("json");
    let sampled = v
        .as_array()
        .expect("list")
        .iter()
        .filter(|i| i["reason"] == "Sampled")
        .count();
    assert_eq!(
        sampled, 22,
        "AICPA Table A-2: 10 % tolerable, 0 % expected → 22"
    );
}

/// Year over base year: a source whose change stands out from the others', and
/// sources present in only one of the two years.
#[test]
fn year_over_base_year() {
    let mut p = project(
        vec![factor("coal", Unit::Tonne, &[(Gas::Co2, 1_900.0)])],
        vec![],
    );
    p.park.base_year = 2020;
    let mut n = 0;
    let mut push = |list: &mut parkaudit::model::Records, year: i32, activity: &str, q: f64| {
        n += 1;
        let mut r = record(&format!("X{n:03}"), "E1", 6, 1, q, Unit::Tonne, "coal");
        r.period = Period::new(year, 6).expect("month");
        r.activity = activity.into();
        list.push(r);
    };
    // Reporting year: five sources; base year: the same at ±5 %, except "kiln" ×10 and "boiler" absent; "old" only then.
    for (a, now, then) in [
        ("a", 100.0, 100.0),
        ("b", 200.0, 190.0),
        ("c", 300.0, 310.0),
        ("d", 400.0, 420.0),
        ("kiln", 1000.0, 100.0),
    ] {
        push(&mut p.activity, 2024, a, now);
        push(&mut p.base_year_activity, 2020, a, then);
    }
    push(&mut p.activity, 2024, "boiler", 50.0);
    push(&mut p.base_year_activity, 2020, "old", 80.0);
    let f: Vec<CheckFinding> = check(&p)
        .into_iter()
        .filter(|x| x.check == "base_year")
        .collect();
    let msgs: Vec<&str> = f.iter().map(|x| x.message.as_str()).collect();
    assert_eq!(f.len(), 3, "{msgs:#?}");
    assert!(
        msgs.iter().any(|m| m
            .starts_with("E1 kiln: 1,000 t in 2024 against 100 t in the base year 2020 (× 10.00)")),
        "{msgs:#?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("reports boiler in 2024 but not in the base year 2020"))
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("reported old in the base year 2020 but not in 2024"))
    );
    // Base-year activity is not in the inventory.
    let inv = calc::compute(&p).expect("computes");
    assert_eq!(inv.records.len(), p.activity.len());
}

/// Eleven identical months and one ×100 slip: the MAD is zero, the mean-deviation fallback flags it.
#[test]
fn anomaly_when_most_months_are_identical() {
    let mut p = clean();
    for r in &mut p.activity {
        r.quantity = 100.0;
    }
    p.activity[3].quantity = 10_000.0;
    let f = check(&p);
    assert!(
        of(&f, "anomaly")
            .iter()
            .any(|x| x.severity == Severity::Medium && x.record_ids == ["R04"]),
        "{f:#?}"
    );
}
