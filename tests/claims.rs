//! Claims from the inventory, by hand: the zero-carbon-park core indicator
//! in both bands (发改环资〔2025〕910号: ≤ 0.20 t CO₂/tce for 200,000–1,000,000
//! tce a year, ≤ 0.30 from 1,000,000 tce), a guiding indicator, the credits
//! register's refusals, the ISO 14068-1 claim's cover, and the pathway's
//! target lines against their stated percentages.

use parkaudit::calc::claims::{self, pathway};
use parkaudit::calc::library;
use parkaudit::edit::{self, ClaimsChange, Edit, EditError};
use parkaudit::model::claims::*;
use parkaudit::model::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

fn factor(id: &str, key: &str, unit: Unit, comps: &[(Gas, f64)]) -> EmissionFactor {
    EmissionFactor {
        id: id.into(),
        description: id.into(),
        unit,
        components: comps
            .iter()
            .map(|&(g, kg)| GasComponent::new(g, kg))
            .collect(),
        source: "test value".into(),
        year: Some(2024),
        region: "CN".into(),
        activity_key: Some(key.into()),
        derivation: None,
        library_version: None,
    }
}

/// A park of one tenant: `coal_t` of raw coal (1.9 t CO₂/t and some CH₄,
/// which the indicator leaves out) and `mwh` of grid electricity (0.5306
/// t/MWh), certificate-backed (market factor 0) when `green`.
fn park(coal_t: f64, mwh: f64, green: bool) -> Project {
    let mut p = Project::new("Claims test park", 2024);
    p.park.base_year = 2020;
    p.gwp_snapshot = Some(parkaudit::calc::gwp::snapshot(GwpSet::AR5));
    p.entities.push(Entity {
        id: "E1".into(),
        name: "Works".into(),
        name_zh: String::new(),
        sector: "steel".into(),
        kind: EntityKind::Tenant,
        ownership_pct: 100.0,
        operational_control: true,
        financial_control: true,
        included: true,
        exclusion_reason: None,
    });
    p.factors = vec![
        factor(
            "f.coal",
            "raw_coal",
            Unit::Tonne,
            &[(Gas::Co2, 1_900.0), (Gas::Ch4, 1.0)],
        ),
        factor(
            "f.grid",
            "grid_electricity",
            Unit::MWh,
            &[(Gas::Co2, 530.6)],
        ),
        factor("f.green", "grid_electricity", Unit::MWh, &[(Gas::Co2, 0.0)]),
    ];
    let record = |id: &str, activity: &str, scope: u8, q: f64, unit, f: &str| ActivityRecord {
        id: id.into(),
        entity_id: "E1".into(),
        period: Period::new(2024, 1).expect("month"),
        scope: Scope::try_from(scope).expect("scope"),
        category: IsoCategory::new(scope).expect("category"),
        activity: activity.into(),
        quantity: q,
        unit,
        factor_id: f.into(),
        market_factor_id: (green && scope == 2).then(|| "f.green".to_string()),
        evidence_ref: id.into(),
        source: None,
        factor_rule: None,
        data_type: None,
    };
    p.activity = vec![
        record("A1", "raw_coal", 1, coal_t, Unit::Tonne, "f.coal"),
        record("A2", "grid_electricity", 2, mwh, Unit::MWh, "f.grid"),
    ]
    .into();
    p
}

/// 420,000 t raw coal × 0.7143 tce/t = 300,006 tce (GB/T 2589-2020) and no
/// electricity: the 200,000–1,000,000 tce band, threshold 0.20. CO₂ =
/// 420,000 × 1.9 = 798,000 t (CH₄ not counted): 798,000 / 300,006 =
/// 2.659946… t/tce, fails; the excess over 0.20 × 300,006 = 60,001.2 t is
/// 737,998.8 t.
#[test]
fn a_mid_size_park_is_held_to_0_20() {
    let p = park(420_000.0, 0.0, false);
    let c = claims::core(&p, library::bundled(), &Claims::default());
    assert!(close(c.energy_tce, 300_006.0), "{}", c.energy_tce);
    assert!(close(c.co2_t, 798_000.0), "{}", c.co2_t);
    assert_eq!(c.threshold, Some(0.20));
    assert!(close(c.value, 798_000.0 / 300_006.0));
    assert_eq!(c.passes(), Some(false));
    assert!(close(c.excess_co2_t, 737_998.8), "{}", c.excess_co2_t);
    // No grid electricity to replace: no green-electricity route to close it.
    assert_eq!(c.green_mwh_to_close, None);
}

/// 50,000 t coal (35,715 tce, 95,000 t CO₂) and 9,000,000 MWh (× 0.1229
/// kgce/kWh = 1,106,100 tce): 1,141,815 tce, the ≥ 1,000,000 band, 0.30.
/// With certificate-backed electricity at zero (the default decision):
/// 95,000 / 1,141,815 = 0.0832…, passes. Counting it at the grid factor:
/// 95,000 + 9,000,000 × 0.5306 = 4,870,400 t, 4.2655… t/tce, fails by
/// 4,870,400 − 0.30 × 1,141,815 = 4,527,855.5 t, which 4,527,855.5 /
/// 0.5306 = 8,533,463.… MWh of green electricity would close.
#[test]
fn a_large_park_is_held_to_0_30_and_green_electricity_is_a_decision() {
    let p = park(50_000.0, 9_000_000.0, true);
    let lib = library::bundled();
    let c = claims::core(&p, lib, &Claims::default());
    assert!(close(c.energy_tce, 1_141_815.0), "{}", c.energy_tce);
    assert_eq!(c.threshold, Some(0.30));
    assert!(close(c.co2_t, 95_000.0));
    assert_eq!(c.passes(), Some(true));
    assert_eq!(c.excess_co2_t, 0.0);
    let counted = Claims {
        method: ClaimsMethod {
            green_electricity_zero: false,
            ..ClaimsMethod::default()
        },
        ..Claims::default()
    };
    let c = claims::core(&p, lib, &counted);
    assert!(close(c.co2_t, 4_870_400.0), "{}", c.co2_t);
    assert_eq!(c.passes(), Some(false));
    assert!(close(c.excess_co2_t, 4_527_855.5), "{}", c.excess_co2_t);
    let mwh = c.green_mwh_to_close.expect("enough grid electricity");
    assert!(close(mwh, 4_527_855.5 / 0.5306), "{mwh}");
    // A park under 200,000 tce: the notice sets no threshold.
    let small = park(100_000.0, 0.0, false);
    let c = claims::core(&small, lib, &Claims::default());
    assert!(close(c.energy_tce, 71_430.0));
    assert_eq!((c.threshold, c.passes()), (None, None));
    // Band edges.
    assert_eq!(claims::threshold(199_999.9), None);
    assert_eq!(claims::threshold(200_000.0), Some(0.20));
    assert_eq!(claims::threshold(999_999.9), Some(0.20));
    assert_eq!(claims::threshold(1_000_000.0), Some(0.30));
}

/// Solid waste: 412,000 of 500,000 t utilised = 82.4 % ≥ 80 %: passes.
/// Water: 7,200,000 of 10,000,000 m³ reused = 72 % < 80 %: short by
/// 0.80 × 10,000,000 − 7,200,000 = 800,000 m³.
#[test]
fn guiding_indicators_against_their_thresholds() {
    let entry = |indicator, part, whole, unit: &str| IndicatorEntry {
        indicator,
        part,
        whole,
        unit: unit.into(),
        evidence: "statement".into(),
        product: String::new(),
    };
    let w = claims::guiding(&entry(
        Guiding::SolidWasteUtilisation,
        412_000.0,
        500_000.0,
        "t",
    ));
    assert!(
        close(w.value_pct, 82.4) && w.passes && w.gap == 0.0,
        "{w:?}"
    );
    let w = claims::guiding(&entry(Guiding::WaterReuse, 7_200_000.0, 10_000_000.0, "m3"));
    assert!(close(w.value_pct, 72.0) && !w.passes, "{w:?}");
    assert!(close(w.gap, 800_000.0), "{}", w.gap);
    // Product energy intensity: 560 kgce/t against an advanced value of 545.
    let w = claims::guiding(&entry(
        Guiding::ProductEnergyIntensity,
        560.0,
        545.0,
        "kgce/t",
    ));
    assert!(!w.passes && close(w.gap, 15.0));
}

fn credit(id: &str, first: &str, last: &str, quantity: f64, retired: &str) -> Credit {
    Credit {
        id: id.into(),
        programme: "CCER".into(),
        project: "Offshore wind (sample)".into(),
        kind: CreditKind::Avoidance,
        serial_first: first.into(),
        serial_last: last.into(),
        vintage: 2023,
        quantity_t: quantity,
        retired_on: retired.into(),
        registry: "CCER registry".into(),
        evidence: "retirement statement".into(),
        claim_year: 2024,
    }
}

fn apply(p: &mut Project, c: ClaimsChange) -> Result<edit::Applied, EditError> {
    edit::apply(p, Edit::Claims(c), &Actor::new("Li Ming", "", ""))
}

/// Overlapping serials, a retirement after the 12 months, a count that is
/// not the quantity, and an "achieved" claim short of credits are each
/// refused, and the project is unchanged.
#[test]
fn the_credits_register_refuses_what_iso_14068_forbids() {
    let mut p = park(1_000.0, 0.0, false); // 1,000 × (1.9 + 0.001 × 28 CH₄) = 1,928 t CO₂e
    apply(
        &mut p,
        ClaimsChange::AddCredit(credit(
            "C1",
            "CCER-2023-000001",
            "CCER-2023-001000",
            1_000.0,
            "2025-03-31",
        )),
    )
    .expect("valid");
    let before = p.clone();
    // Overlaps C1 by one serial (001000).
    let e = apply(
        &mut p,
        ClaimsChange::AddCredit(credit(
            "C2",
            "CCER-2023-001000",
            "CCER-2023-001999",
            1_000.0,
            "2025-03-31",
        )),
    )
    .expect_err("overlap");
    assert!(
        matches!(e, EditError::SerialOverlap { ref other, .. } if other == "C1"),
        "{e}"
    );
    // Retired after 2025-12-31 for a 2024 claim.
    let e = apply(
        &mut p,
        ClaimsChange::AddCredit(credit(
            "C3",
            "CCER-2023-002000",
            "CCER-2023-002999",
            1_000.0,
            "2026-01-01",
        )),
    )
    .expect_err("late");
    assert_eq!(
        e.to_string(),
        "credit block C3: retired on 2026-01-01, after 2025-12-31 — credits count for a claim only when retired within 12 months after its period (ISO 14068-1)"
    );
    // 1,000 serials are not 900 t.
    let e = apply(
        &mut p,
        ClaimsChange::AddCredit(credit(
            "C4",
            "CCER-2023-003000",
            "CCER-2023-003999",
            900.0,
            "2025-01-10",
        )),
    )
    .expect_err("count");
    assert!(matches!(e, EditError::CreditCount { .. }), "{e}");
    assert_eq!(p, before);
    // Another programme's serials may look the same.
    let mut vcs = credit(
        "V1",
        "CCER-2023-000001",
        "CCER-2023-000928",
        928.0,
        "2025-06-30",
    );
    vcs.programme = "VCS".into();
    vcs.kind = CreditKind::Removal;
    apply(&mut p, ClaimsChange::AddCredit(vcs)).expect("another programme");
    // An achieved claim: 1,928 t residual (the footprint counts every gas) against 1,928 t retired is covered.
    let claim = |kind| NeutralityClaim {
        subject: "Park operator".into(),
        entities: vec!["E1".into()],
        kind,
        target_year: None,
        management_plan: "Reduce first; offset the residual.".into(),
        removals_t: 0.0,
        assurance: Assurance::ThirdPartyVerified,
    };
    apply(
        &mut p,
        ClaimsChange::SetClaim(Some(claim(ClaimKind::Achieved))),
    )
    .expect("covered");
    let inv = parkaudit::calc::compute(&p).expect("computes");
    let b =
        claims::balance(p.claims.as_ref().expect("claims"), &inv.by_entity, 2024).expect("a claim");
    assert!(close(b.footprint_t, 1_928.0));
    assert_eq!(
        (b.credits_avoidance_t, b.credits_removal_t),
        (1_000.0, 928.0)
    );
    assert!(close(b.surplus_t, 0.0));
    // Removing a block would leave it short: refused.
    let before = p.clone();
    let e = apply(&mut p, ClaimsChange::RemoveCredit { id: "V1".into() }).expect_err("short");
    assert!(matches!(e, EditError::ClaimNotCovered { .. }), "{e}");
    assert_eq!(p, before);
    // With more emissions the same claim is refused when made.
    let mut bigger = park(2_000.0, 0.0, false);
    bigger.claims = p.claims.clone().map(|mut c| {
        c.claim = None;
        c
    });
    let e = apply(
        &mut bigger,
        ClaimsChange::SetClaim(Some(claim(ClaimKind::Achieved))),
    )
    .expect_err("3,856 t residual, 1,928 t credits");
    assert_eq!(
        e.to_string(),
        "an achieved carbon-neutrality claim for 2024 needs credits for the residual 3856.000 t CO2e, but 1928.000 t are retired for it — retire more credits, or make it a commitment"
    );
    // A commitment needs its target year, not credits.
    let mut commit = claim(ClaimKind::Commitment);
    assert!(apply(&mut bigger, ClaimsChange::SetClaim(Some(commit.clone()))).is_err());
    commit.target_year = Some(2035);
    apply(&mut bigger, ClaimsChange::SetClaim(Some(commit))).expect("a commitment");
}

/// The 2 ℃ band against 2015 (Energy Foundation 2020): 2035 at −20 % and
/// −35 %, 2050 at −50 % and −80 %, linear between; the national line holds
/// the current level to 2030 and reaches 0 in 2060; the park's own target
/// (−30 % by 2030 against 2020) interpolated from the base year; the
/// planned line is the current level less the measures running.
#[test]
fn the_trajectory_lines_are_the_stated_percentages() {
    let t2015 = 1_000_000.0;
    assert_eq!(pathway::band(t2015, 2015), (1_000_000.0, 1_000_000.0));
    let (hi, lo) = pathway::band(t2015, 2035);
    assert!(close(hi, 800_000.0) && close(lo, 650_000.0), "{hi} {lo}");
    let (hi, lo) = pathway::band(t2015, 2050);
    assert!(close(hi, 500_000.0) && close(lo, 200_000.0), "{hi} {lo}");
    // 2025: half-way to 2035: −10 % and −17.5 %.
    let (hi, lo) = pathway::band(t2015, 2025);
    assert!(close(hi, 900_000.0) && close(lo, 825_000.0));
    // 2040: a third of the way from 2035 to 2050: −30 % and −50 %.
    let (hi, lo) = pathway::band(t2015, 2040);
    assert!(close(hi, 700_000.0) && close(lo, 500_000.0), "{hi} {lo}");
    assert_eq!(pathway::national(900_000.0, 2024, 2030), 900_000.0);
    assert!(close(pathway::national(900_000.0, 2024, 2045), 450_000.0));
    assert_eq!(pathway::national(900_000.0, 2024, 2060), 0.0);
    let c = Claims {
        history: vec![
            PastInventory {
                year: 2015,
                total_t: t2015,
                source: "verified statement 2015".into(),
            },
            PastInventory {
                year: 2020,
                total_t: 950_000.0,
                source: "verified statement 2020".into(),
            },
        ],
        targets: vec![Target {
            year: 2030,
            reduction_pct: 30.0,
            source: "park plan".into(),
        }],
        measures: vec![
            Measure {
                name: "Rooftop solar".into(),
                entity_id: String::new(),
                start_year: 2026,
                reduction_t_per_year: 50_000.0,
                cost_cny_per_t: -40.0,
            },
            Measure {
                name: "Waste-heat recovery".into(),
                entity_id: String::new(),
                start_year: 2028,
                reduction_t_per_year: 100_000.0,
                cost_cny_per_t: 120.0,
            },
        ],
        ..Claims::default()
    };
    let years = claims::trajectory(&c, 2020, 2024, 900_000.0);
    let at = |y: i32| years.iter().find(|x| x.year == y).expect("year").clone();
    assert_eq!(years.first().map(|y| y.year), Some(2015));
    assert_eq!(years.last().map(|y| y.year), Some(2060));
    assert_eq!(at(2024).actual_t, Some(900_000.0));
    // Target: 950,000 in 2020 → 665,000 in 2030; 2025 half-way: 807,500.
    assert!(close(at(2030).target_t.expect("target"), 665_000.0));
    assert!(close(at(2025).target_t.expect("target"), 807_500.0));
    // Planned: 900,000 − 50,000 from 2026 − 100,000 from 2028.
    assert_eq!(at(2027).planned_t, Some(850_000.0));
    assert_eq!(at(2030).planned_t, Some(750_000.0));
    // 2030's gap: 750,000 − 665,000 = 85,000 t short.
    assert!(close(at(2030).gap_t.expect("gap"), 85_000.0));
    let (hi, _) = at(2035).band_t.expect("band");
    assert!(close(hi, 800_000.0));
    // The measures miss the 2030 target by 85,000 t.
    match claims::targets_met(&c, &years) {
        Some(Err((2030, gap))) => assert!(close(gap, 85_000.0), "{gap}"),
        other => panic!("{other:?}"),
    }
    // The cheapest measure first, cumulating.
    let curve = claims::abatement_curve(&c.measures);
    assert_eq!(curve[0].0.name, "Rooftop solar");
    assert_eq!(curve[1].1, 150_000.0);
}

/// The sample park: 1,888,459 tce puts it in the ≥ 1,000,000 tce band
/// (0.30); a heavy-industry park at about 2.96 t CO₂/tce is far from it.
/// Its solid-waste utilisation is 3,120,000 / 3,650,000 = 85.4795 % ≥ 80 %.
/// Its operator's claim: footprint S01–S06 = 136,774.07 t, credits
/// 110,000 + 30,000 retired by 2025-05-20 for 2024: covered.
#[test]
fn the_sample_park_indicators_and_claim() {
    let text = include_str!("../sample-projects/jinghai-park/jinghai-park.ron");
    let p = parkaudit::io::from_ron_str(text, std::path::Path::new("sample.ron")).expect("loads");
    let c = p.claims.clone().expect("the sample has claims");
    let core = claims::core(&p, library::bundled(), &c);
    assert!(
        (core.energy_tce - 1_888_459.0).abs() < 1.0,
        "{}",
        core.energy_tce
    );
    assert_eq!(core.threshold, Some(0.30));
    assert!(close(core.value, core.co2_t / core.energy_tce));
    assert!((core.value - 2.9575).abs() < 0.0001, "{}", core.value);
    assert_eq!(core.passes(), Some(false));
    let waste = c
        .indicators
        .iter()
        .find(|e| e.indicator == Guiding::SolidWasteUtilisation)
        .map(claims::guiding)
        .expect("entered");
    assert!(close(waste.value_pct, 3_120_000.0 / 3_650_000.0 * 100.0) && waste.passes);
    let inv = parkaudit::calc::compute(&p).expect("computes");
    let b = claims::balance(&c, &inv.by_entity, 2024).expect("a claim");
    assert!(
        (b.footprint_t - 136_774.07).abs() < 0.01,
        "{}",
        b.footprint_t
    );
    assert_eq!(b.credits_avoidance_t + b.credits_removal_t, 140_000.0);
    assert!(b.surplus_t > 0.0);
    // Every block of the sample passes the register's rules, entered anew.
    let mut q = p.clone();
    q.claims = None;
    for credit in &c.credits {
        apply(&mut q, ClaimsChange::AddCredit(credit.clone())).expect("a valid block");
    }
    apply(&mut q, ClaimsChange::SetClaim(c.claim.clone())).expect("covered");
}

/// The real binary: `claims apply` takes a file of changes all or none, and
/// `claims --json` reports them.
#[test]
fn the_binary_applies_changes_all_or_none_and_reports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = env!("CARGO_BIN_EXE_parkaudit");
    let run = |args: &[&str]| {
        std::process::Command::new(bin)
            .args(args)
            .current_dir(dir.path())
            .env("PARKAUDIT_AUDITOR", "Li Ming")
            .output()
            .expect("runs")
    };
    let mut p = park(1_000.0, 0.0, false);
    p.claims = None;
    parkaudit::io::save(&p, &dir.path().join("p.ron")).expect("saves");
    let good = r#"[
        SetPast((year: 2020, total_t: 2100.0, source: "verified statement 2020")),
        SetTarget((year: 2030, reduction_pct: 30.0, source: "plan")),
        AddCredit((id: "C1", programme: "CCER", project: "Wind", kind: Avoidance,
            serial_first: "CCER-1", serial_last: "CCER-2000", vintage: 2023, quantity_t: 2000.0,
            retired_on: "2025-03-01", registry: "CCER", evidence: "statement", claim_year: 2024)),
    ]"#;
    // The same, with a late retirement in the last change: nothing is applied.
    let bad = good.replace("2025-03-01", "2026-03-01");
    std::fs::write(dir.path().join("bad.ron"), bad).expect("writes");
    std::fs::write(dir.path().join("good.ron"), good).expect("writes");
    let before = std::fs::read(dir.path().join("p.ron")).expect("reads");
    let o = run(&["claims", "apply", "p.ron", "bad.ron"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("retired on 2026-03-01, after 2025-12-31"));
    assert_eq!(
        std::fs::read(dir.path().join("p.ron")).expect("reads"),
        before
    );
    let o = run(&["claims", "apply", "p.ron", "good.ron"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // An earlier project's inventory becomes an earlier year.
    let mut earlier = park(1_100.0, 0.0, false);
    earlier.park.reporting_year = 2022;
    parkaudit::io::save(&earlier, &dir.path().join("2022.ron")).expect("saves");
    let o = run(&["claims", "import-year", "p.ron", "2022.ron"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let q = parkaudit::io::load(&dir.path().join("p.ron")).expect("loads");
    let h = q
        .claims
        .as_ref()
        .and_then(|c| c.history.iter().find(|h| h.year == 2022))
        .expect("2022 recorded");
    // 1,100 t coal × (1.9 + 0.001 × 28) = 2,120.8 t CO₂e.
    assert!((h.total_t - 2_120.8).abs() < 1e-6, "{}", h.total_t);
    assert!(h.source.starts_with("ParkAudit project 2022.ron (SHA-256 "));
    let o = run(&["claims", "p.ron", "--json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["credits"]["avoidance_t"], 2000.0);
    assert_eq!(v["core"]["threshold_t_per_tce"], serde_json::Value::Null);
    let y2030 = v["pathway"]
        .as_array()
        .expect("years")
        .iter()
        .find(|y| y["year"] == 2030)
        .expect("2030");
    // −30 % of 2,100 t.
    assert!((y2030["target_t"].as_f64().expect("target") - 1_470.0).abs() < 1e-9);
}

/// The audit workbook's Claims sheet: the core indicator, the claim stated
/// in English and Chinese (saying what it does not mean), the trajectory
/// with the 2 ℃ band at its stated percentages, and a native chart of it.
#[test]
fn the_workbook_states_the_claims() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("w.xlsx");
    let p = parkaudit::io::load(std::path::Path::new(
        "sample-projects/jinghai-park/jinghai-park.ron",
    ))
    .expect("sample");
    parkaudit::io::export::export(&p, &out, parkaudit::io::export::Package::Draft, None, "t")
        .expect("exports");
    let mut wb: Xlsx<_> = open_workbook(&out).expect("opens");
    let sheet = wb.worksheet_range("Claims").expect("a Claims sheet");
    let texts: Vec<String> = sheet
        .rows()
        .flat_map(|r| r.iter().map(|d| d.to_string()))
        .filter(|t| !t.is_empty())
        .collect();
    // The statement runs over several rows, cut at spaces.
    let all = texts.join(" ");
    assert!(all.contains("declares carbon neutrality achieved for 2024 under ISO 14068-1:2023"));
    assert!(all.contains("声明已于 2024 年实现碳中和"));
    assert!(all.contains("not a claim that the park as a territory is carbon neutral"));
    // The trajectory row of 2035: the band at −20 % and −35 % of 2015's 7,100,000 t.
    let row = sheet
        .rows()
        .find(|r| matches!(r.first(), Some(Data::Float(y)) if *y == 2035.0))
        .expect("2035");
    let num = |d: &Data| match d {
        Data::Float(v) => *v,
        other => panic!("{other:?}"),
    };
    assert!((num(&row[5]) - 5_680_000.0).abs() < 1e-6);
    assert!((num(&row[6]) - 4_615_000.0).abs() < 1e-6);
    // A native line chart draws it.
    let mut z = zip::ZipArchive::new(std::fs::File::open(&out).expect("open")).expect("zip");
    let mut found = false;
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("part");
        if f.name()
            .expect("a part name")
            .starts_with("xl/charts/chart")
        {
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut f, &mut xml).expect("xml");
            found |= xml.contains("<c:lineChart>") && xml.contains("Claims!$A$");
        }
    }
    assert!(found, "no trajectory chart");
}

/// The claims section is in the data section's digest as
/// `docs/project-format.md` specifies it, and a new credit block voids the
/// data sign-offs.
#[test]
fn the_claims_are_covered_by_the_data_digest_as_specified() {
    use parkaudit::audit::digest::section_digest;
    use sha2::{Digest, Sha256};
    let mut bare = Project::new("x", 2024);
    let inv = parkaudit::calc::compute(&bare).expect("computes");
    let without = section_digest(&bare, &inv, Section::Data);
    bare.claims = Some(Claims::default());
    fn s(h: &mut Sha256, t: &str) {
        h.update((t.len() as u64).to_be_bytes());
        h.update(t.as_bytes());
    }
    let mut h = Sha256::new();
    s(&mut h, "parkaudit/section-digest/v2");
    s(&mut h, "data");
    h.update([b'o']);
    s(&mut h, "claims");
    h.update([b'o']);
    s(&mut h, "method");
    h.update([b'b']);
    s(&mut h, "green_electricity_zero");
    h.update([1]);
    h.update([b'b']);
    s(&mut h, "include_process_co2");
    h.update([0]);
    h.update([b'f']);
    s(&mut h, "base_year_threshold_pct");
    h.update(5.0f64.to_bits().to_be_bytes());
    h.update([b'e', b'e']);
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let with = section_digest(&bare, &inv, Section::Data);
    assert_eq!(with, hex);
    assert_ne!(with, without);
    let mut p = park(1_000.0, 0.0, false);
    let inv = parkaudit::calc::compute(&p).expect("computes");
    let before = section_digest(&p, &inv, Section::Data);
    apply(
        &mut p,
        ClaimsChange::AddCredit(credit("C1", "CCER-1", "CCER-10", 10.0, "2025-01-01")),
    )
    .expect("valid");
    assert_ne!(section_digest(&p, &inv, Section::Data), before);
}

/// Guiding indicators are verified like other data: each entered one is a
/// readiness gap until its evidence is tested, a test names an entered
/// indicator only, a finding can name one, and the tests are in the
/// findings section's digest.
#[test]
fn guiding_indicators_are_tested_and_can_be_named_by_findings() {
    use parkaudit::audit::{Gap, analyse, readiness};
    use parkaudit::edit::{IndicatorTestInput, NewFinding};
    let mut p = park(1_000.0, 0.0, false);
    apply(
        &mut p,
        ClaimsChange::SetIndicator(IndicatorEntry {
            indicator: Guiding::WaterReuse,
            part: 7_200_000.0,
            whole: 10_000_000.0,
            unit: "m3".into(),
            evidence: "Water balance 2024".into(),
            product: String::new(),
        }),
    )
    .expect("entered");
    let gaps = |p: &Project| {
        let a = analyse(p, true).expect("analyses");
        readiness(p, &a)
    };
    assert!(
        gaps(&p).iter().any(
            |g| matches!(g, Gap::IndicatorUntested { indicator } if indicator == "water-reuse")
        )
    );
    let who = Actor::new("Li Ming", "", "");
    let test = |indicator: &str| {
        Edit::TestIndicator(IndicatorTestInput {
            indicator: indicator.into(),
            result: TestResult::Misstated {
                verified_quantity: 6_900_000.0,
            },
            evidence_ref: "Meter log WR-7".into(),
            comment: String::new(),
        })
    };
    let e = edit::apply(&mut p, test("solid-waste-utilisation"), &who).expect_err("not entered");
    assert_eq!(
        e.to_string(),
        "no guiding indicator solid-waste-utilisation in the project"
    );
    let inv = parkaudit::calc::compute(&p).expect("computes");
    let before = parkaudit::audit::digest::section_digest(&p, &inv, Section::Findings);
    edit::apply(&mut p, test("water-reuse"), &who).expect("tested");
    assert!(
        !gaps(&p)
            .iter()
            .any(|g| matches!(g, Gap::IndicatorUntested { .. }))
    );
    assert_ne!(
        parkaudit::audit::digest::section_digest(&p, &inv, Section::Findings),
        before
    );
    assert_eq!(
        p.trail.last().map(|e| e.action.as_str()),
        Some("indicator.test")
    );
    let finding = |indicators: Vec<String>| NewFinding {
        kind: FindingType::Misstatement,
        request: Some(Request::CorrectiveAction),
        title: "Water reuse overstated: 6.9 Mm³ supported".into(),
        impact_t: 0.0,
        record_ids: vec![],
        entity_ids: vec![],
        goods: vec![],
        indicators,
    };
    assert!(
        edit::apply(
            &mut p,
            Edit::RaiseFinding(finding(vec!["clean-energy-share".into()])),
            &who
        )
        .is_err()
    );
    edit::apply(
        &mut p,
        Edit::RaiseFinding(finding(vec!["water-reuse".into()])),
        &who,
    )
    .expect("raised");
    assert_eq!(
        p.verification.findings.last().map(|f| f.indicators.clone()),
        Some(vec!["water-reuse".to_string()])
    );
}
