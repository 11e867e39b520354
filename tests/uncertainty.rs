//! Uncertainty of the inventory (issue 18): Approach 1 by hand, the Monte
//! Carlo against it where its assumptions hold and where they do not, a
//! shared factor against independent ones, seeds, the library's ranges and
//! the pedigree rule, and invariants as property tests.

mod common;

use common::*;
use parkaudit::calc::uncertainty::{self, FactorOrigin, Report, spread};
use parkaudit::calc::{compute, library};
use parkaudit::model::*;
use proptest::prelude::*;

fn settings(p: &mut Project) -> &mut UncertaintySettings {
    p.uncertainty.get_or_insert_with(Default::default)
}

fn source(entity: &str, activity: &str, u_pct: f64) -> DataQuality {
    DataQuality {
        target: QualityTarget::Source {
            entity: entity.into(),
            activity: activity.into(),
        },
        data_type: None,
        u_pct: Some(u_pct),
        pedigree: None,
        note: String::new(),
    }
}

fn factor_spread(id: &str, pct: f64) -> FactorSpread {
    FactorSpread {
        factor_id: id.into(),
        gas: None,
        spread: Spread::normal(pct, "test"),
    }
}

fn rec(id: &str, activity: &str, quantity: f64, factor: &str) -> ActivityRecord {
    ActivityRecord {
        activity: activity.into(),
        ..record(id, "E1", 1, 1, quantity, Unit::Tonne, factor)
    }
}

fn assess(p: &Project) -> Report {
    let inv = compute(p).expect("computes");
    uncertainty::assess(p, &inv, library::bundled())
}

/// Two sources, each a product of two uncertain terms:
/// coal 100 t × 1,000 kg/t = 100 t CO₂, activity ±3 %, factor ±4 % →
/// √(3² + 4²) = 5 % (eq. 3.1); gas 50 t × 1,000 kg/t = 50 t, ±12 % and ±16 %
/// → 20 %. Total 150 t: √((5 × 100)² + (20 × 50)²) / 150 = √1,250,000 / 150
/// = 7.453560 % (eq. 3.2).
fn two_sources() -> Project {
    let mut p = project(
        vec![
            factor("fa", Unit::Tonne, &[(Gas::Co2, 1000.0)]),
            factor("fb", Unit::Tonne, &[(Gas::Co2, 1000.0)]),
        ],
        vec![rec("A1", "coal", 100.0, "fa"), rec("A2", "gas", 50.0, "fb")],
    );
    let s = settings(&mut p);
    s.quality = vec![source("E1", "coal", 3.0), source("E1", "gas", 12.0)];
    s.factors = vec![factor_spread("fa", 4.0), factor_spread("fb", 16.0)];
    s.iterations = 20_000;
    p
}

#[test]
fn approach_1_by_hand_for_a_two_source_inventory() {
    let r = assess(&two_sources());
    assert!(close(r.total.value_t, 150.0));
    assert!(
        close(r.total.a1_pct, 1_250_000f64.sqrt() / 150.0),
        "{}",
        r.total.a1_pct
    );
    assert!((r.total.a1_pct - 7.453_560).abs() < 1e-6);
    assert!(r.total.a1_holds);
    // Contributions: gas factor (16 % × 50)² = 640,000 of 1,250,000 … coal
    // activity (3 % × 100)² = 90,000 → 7.2 %.
    let share = |label: &str| {
        r.contributions
            .iter()
            .find(|c| r.input_label(c.input) == label)
            .map(|c| c.share)
            .unwrap_or(f64::NAN)
    };
    assert!(close(share("factor fb CO2"), 640_000.0 / 1_250_000.0));
    assert!(close(share("factor fa CO2"), 160_000.0 / 1_250_000.0));
    assert!(close(
        share("activity E1/gas (invoiced)"),
        360_000.0 / 1_250_000.0
    ));
    assert!(close(
        share("activity E1/coal (invoiced)"),
        90_000.0 / 1_250_000.0
    ));
    assert_eq!(r.input_label(r.contributions[0].input), "factor fb CO2");
    let sum: f64 = r.contributions.iter().map(|c| c.share).sum();
    assert!(close(sum, 1.0));
}

/// Small, symmetric normal inputs: the Monte Carlo's 95 % interval matches
/// Approach 1 within sampling error (20,000 iterations: the percentiles'
/// standard error is about 1 % of the half-width; 5 % allowed).
#[test]
fn the_monte_carlo_matches_approach_1_where_it_holds() {
    let r = assess(&two_sources());
    let half = (r.total.mc.p97_5 - r.total.mc.p2_5) / 2.0 / 150.0 * 100.0;
    assert!(
        (half / r.total.a1_pct - 1.0).abs() < 0.05,
        "MC ±{half} vs A1 ±{}",
        r.total.a1_pct
    );
    assert!(
        (r.total.mc.mean / 150.0 - 1.0).abs() < 0.002,
        "{}",
        r.total.mc.mean
    );
    assert!((r.total.mc.median / 150.0 - 1.0).abs() < 0.003);
    assert_eq!(r.histogram.counts.iter().sum::<u32>(), 20_000);
}

/// A factor ×/÷ 3 (lognormal, the span of most IPCC CH₄ factors): Approach 1
/// takes the larger side, ±200 %, so its interval reaches 0; the Monte Carlo
/// gives the published bounds — 2.5 % point at a third of the value (−66.7 %),
/// 97.5 % point at three times (+200 %) — and a mean above the point
/// estimate, by exp(σ²/2) = exp((ln 3 / 1.96)² / 2) = 1.170. This is the
/// documented direction where Approach 1 does not hold.
#[test]
fn where_approach_1_fails_the_monte_carlo_is_skewed_as_documented() {
    let mut p = project(
        vec![factor("ch4", Unit::Tonne, &[(Gas::Ch4, 1.0)])],
        vec![rec("A1", "digester", 1_000.0, "ch4")],
    );
    let s = settings(&mut p);
    s.quality = vec![source("E1", "digester", 0.0)];
    s.factors = vec![FactorSpread {
        factor_id: "ch4".into(),
        gas: Some(Gas::Ch4),
        spread: Spread {
            distribution: Distribution::Lognormal,
            lower_pct: 200.0 / 3.0,
            upper_pct: 200.0,
            source: "test".into(),
        },
    }];
    s.iterations = 20_000;
    let r = assess(&p);
    let v = r.total.value_t;
    assert!(close(v, 1_000.0 * 28.0 / 1000.0), "{v}"); // AR5 CH4 28
    assert!((r.total.a1_pct - 200.0).abs() < 1e-9);
    assert!(!r.total.a1_holds);
    let sigma = 3f64.ln() / spread::Z95;
    let mean_ratio = (sigma * sigma / 2.0).exp();
    assert!((mean_ratio - 1.170).abs() < 0.001);
    assert!(
        (r.total.mc.mean / v / mean_ratio - 1.0).abs() < 0.02,
        "{}",
        r.total.mc.mean / v
    );
    assert!(
        (r.total.mc_lower_pct() - 66.67).abs() < 2.0,
        "{}",
        r.total.mc_lower_pct()
    );
    assert!(
        (r.total.mc_upper_pct() - 200.0).abs() < 15.0,
        "{}",
        r.total.mc_upper_pct()
    );
    assert!(r.total.mc_lower_pct() < r.total.a1_pct / 2.0);
}

/// Two sources of 100 t each with exact activity data. Sharing one factor
/// ±10 %, their errors add linearly: 10 %. With two independent factors
/// ±10 %: √2 × 10 / 2 = 7.071 %. Both approaches agree on the order.
#[test]
fn a_shared_factor_is_wider_than_independent_factors() {
    let build = |shared: bool| {
        let mut p = project(
            vec![
                factor("f1", Unit::Tonne, &[(Gas::Co2, 1000.0)]),
                factor("f2", Unit::Tonne, &[(Gas::Co2, 1000.0)]),
            ],
            vec![
                rec("A1", "coal", 100.0, "f1"),
                rec("A2", "coke", 100.0, if shared { "f1" } else { "f2" }),
            ],
        );
        let s = settings(&mut p);
        s.quality = vec![source("E1", "coal", 0.0), source("E1", "coke", 0.0)];
        s.factors = vec![factor_spread("f1", 10.0), factor_spread("f2", 10.0)];
        s.iterations = 20_000;
        assess(&p)
    };
    let shared = build(true);
    let independent = build(false);
    assert!((shared.total.a1_pct - 10.0).abs() < 1e-9);
    assert!((independent.total.a1_pct - 50f64.sqrt()).abs() < 1e-9);
    let half = |r: &Report| (r.total.mc.p97_5 - r.total.mc.p2_5) / 2.0 / 200.0 * 100.0;
    assert!(
        (half(&shared) / 10.0 - 1.0).abs() < 0.05,
        "{}",
        half(&shared)
    );
    assert!(
        (half(&independent) / 50f64.sqrt() - 1.0).abs() < 0.05,
        "{}",
        half(&independent)
    );
    assert!(half(&shared) > half(&independent) * 1.3);
}

#[test]
fn the_same_seed_gives_the_same_result() {
    let p = two_sources();
    let inv = compute(&p).expect("computes");
    let lib = library::bundled();
    let a = uncertainty::assess_with(&p, &inv, lib, 2_000, 7);
    let b = uncertainty::assess_with(&p, &inv, lib, 2_000, 7);
    assert_eq!(a, b);
    let c = uncertainty::assess_with(&p, &inv, lib, 2_000, 8);
    assert_ne!(a.total.mc, c.total.mc);
    // Approach 1 does not depend on the seed.
    assert_eq!(a.total.a1_pct, c.total.a1_pct);
}

/// Pedigree scores widen a source by the rule and set the data-quality
/// score: coal 100 t scored (1,1,1,1,1), gas 50 t scored (3,3,3,3,3) →
/// (100 × 1 + 50 × 3) / 150 = 1.6667.
#[test]
fn pedigree_scores_widen_a_source_and_weight_the_quality_score() {
    let mut p = two_sources();
    let s = settings(&mut p);
    s.quality[0].pedigree = Pedigree::parse("1,1,1,1,1");
    s.quality[1].pedigree = Pedigree::parse("3,3,3,3,3");
    let r = assess(&p);
    assert!((r.total.dq_score.expect("scored") - 5.0 / 3.0).abs() < 1e-12);
    assert!(close(r.total.dq_coverage, 1.0));
    let gas = r
        .model
        .activities
        .iter()
        .find(|a| a.activity == "gas")
        .expect("gas");
    // σ² = (ln 1.12 / 2)² + 0.002 + 0.0006 + 0.002 + 0.0001 + 0.008.
    let sigma = ((1.12f64.ln() / 2.0).powi(2) + 0.0127).sqrt();
    assert!((gas.spread.upper_pct - ((spread::Z95 * sigma).exp() - 1.0) * 100.0).abs() < 1e-9);
    assert!(gas.spread.upper_pct > 12.0 * 1.5);
    // Without scores there is no quality score.
    assert_eq!(assess(&two_sources()).total.dq_score, None);
}

/// The library's ranges: natural gas per tonne combines NCV +5.0 % (Table
/// 1.2: 48.0, 46.5–50.4) with CO₂ +3.92 % (Table 1.4: 56,100, 54,300–58,300)
/// → √(5.0² + 3.922²) = 6.354 %; per TJ only the CO₂ range. The national grid
/// factor takes the pedigree choice (2,1,2,3,1) on 1.05 → +7.873 %, a
/// regional one (2,1,2,2,1) → σ² = 0.000595 + 0.000825, +7.665 %. A project
/// factor without a range takes the stated default, flagged.
#[test]
fn library_factors_carry_their_published_ranges() {
    let lib = library::bundled();
    let ng = lib
        .spreads
        .lookup("ipcc2006.stationary.manufacturing.natural_gas", Gas::Co2)
        .expect("natural gas");
    let expected = (25.0f64 + (2_200.0f64 / 561.0).powi(2)).sqrt();
    assert!(
        (spread::a1_pct(ng) - expected).abs() < 1e-9,
        "{}",
        spread::a1_pct(ng)
    );
    let per_tj = lib
        .spreads
        .lookup(
            "ipcc2006.stationary.manufacturing.natural_gas.energy",
            Gas::Co2,
        )
        .expect("per TJ");
    assert!((spread::a1_pct(per_tj) - 2_200.0 / 561.0).abs() < 1e-9);
    let ch4 = lib
        .spreads
        .lookup(
            "ipcc2006.stationary.manufacturing.natural_gas.energy",
            Gas::Ch4,
        )
        .expect("CH4");
    assert_eq!(ch4.distribution, Distribution::Lognormal);
    assert!((ch4.lower_pct - 70.0).abs() < 1e-9 && (ch4.upper_pct - 200.0).abs() < 1e-9);
    let national = lib
        .spreads
        .lookup("cn.mee.grid.national.2022", Gas::Co2)
        .expect("grid");
    assert!(
        (national.upper_pct - 7.873).abs() < 0.001,
        "{}",
        national.upper_pct
    );
    let north = lib
        .spreads
        .lookup("cn.mee.grid.north.2023", Gas::Co2)
        .expect("grid");
    let sigma = ((1.05f64.ln() / 2.0).powi(2) + 0.000_825).sqrt();
    assert!((north.upper_pct - ((spread::Z95 * sigma).exp() - 1.0) * 100.0).abs() < 1e-9);
    assert!(
        (north.upper_pct - 7.665).abs() < 0.001,
        "{}",
        north.upper_pct
    );

    let mut p = project(
        vec![
            lib.factor("ipcc2006.stationary.manufacturing.natural_gas")
                .expect("factor")
                .factor
                .clone(),
            factor("site", Unit::Tonne, &[(Gas::Co2, 500.0)]),
        ],
        vec![
            rec(
                "A1",
                "natural_gas",
                10.0,
                "ipcc2006.stationary.manufacturing.natural_gas",
            ),
            rec("A2", "kiln", 10.0, "site"),
        ],
    );
    p.uncertainty = None;
    let r = assess(&p);
    let origin = |id: &str, gas: Gas| {
        r.model
            .factors
            .iter()
            .find(|f| f.factor_id == id && f.gas == gas)
            .map(|f| f.origin)
    };
    assert_eq!(
        origin("ipcc2006.stationary.manufacturing.natural_gas", Gas::Co2),
        Some(FactorOrigin::Library)
    );
    assert_eq!(origin("site", Gas::Co2), Some(FactorOrigin::Default));
    assert_eq!(r.defaulted().count(), 1);
    // Records without a type are invoiced by default: ±5 %.
    assert!(
        r.model
            .activities
            .iter()
            .all(|a| a.data_type == DataType::Invoiced && a.u_pct == 5.0)
    );
}

/// Every library factor's inventory gases have a published or documented
/// range, except those listed here, which fall to the stated default.
#[test]
fn every_library_factor_has_a_range_or_is_listed() {
    let lib = library::bundled();
    let mut missing = Vec::new();
    for f in &lib.factors {
        for c in &f.factor.components {
            if c.gas == Gas::Co2Biogenic {
                continue;
            }
            if lib.spreads.lookup(&f.factor.id, c.gas).is_none() {
                missing.push(format!("{} {}", f.factor.id, c.gas.code()));
            }
        }
    }
    missing.sort();
    let expected: Vec<String> = [
        "ipcc2006.mobile.lpg_vehicles CH4",
        "ipcc2006.mobile.lpg_vehicles N2O",
        "ipcc2006.mobile.lpg_vehicles.energy CH4",
        "ipcc2006.mobile.lpg_vehicles.energy N2O",
        "ipcc2006.process.aluminium_cwpb C2F6",
        "ipcc2006.process.aluminium_cwpb CF4",
        "ipcc2006.process.aluminium_hss C2F6",
        "ipcc2006.process.aluminium_hss CF4",
        "ipcc2006.process.aluminium_swpb C2F6",
        "ipcc2006.process.aluminium_swpb CF4",
        "ipcc2006.process.aluminium_vss C2F6",
        "ipcc2006.process.aluminium_vss CF4",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(missing, expected);
}

/// The sample park: the terms add up to the inventory, and its interval.
#[test]
fn the_sample_park_has_its_interval() {
    let text = include_str!("../sample-projects/jinghai-park/jinghai-park.ron");
    let p = parkaudit::io::from_ron_str(text, "sample".as_ref()).expect("parses");
    let inv = compute(&p).expect("computes");
    let r = uncertainty::assess(&p, &inv, library::bundled());
    assert!((r.model.total_t - inv.total_t_co2e).abs() <= 1e-9 * inv.total_t_co2e);
    assert!((r.total.value_t - inv.total_t_co2e).abs() <= 1e-9 * inv.total_t_co2e);
    assert!(
        r.total.a1_pct > 0.5 && r.total.a1_pct < 30.0,
        "{}",
        r.total.a1_pct
    );
    assert!(r.total.mc.p2_5 < inv.total_t_co2e && inv.total_t_co2e < r.total.mc.p97_5);
    let scopes: f64 = r.by_scope.iter().map(|s| s.value_t).sum();
    assert!((scopes - inv.total_t_co2e).abs() <= 1e-6 * inv.total_t_co2e);
    let entities: f64 = r.by_entity.iter().map(|s| s.value_t).sum();
    assert!((entities - inv.total_t_co2e).abs() <= 1e-6 * inv.total_t_co2e);
}

fn arb_project() -> impl Strategy<Value = Project> {
    prop::collection::vec((0usize..3, 0usize..3, 0.1f64..1e4, 0.0f64..30.0), 1..12).prop_map(
        |rows| {
            let acts = ["coal", "gas", "oil"];
            let mut p = project(
                vec![
                    factor("f0", Unit::Tonne, &[(Gas::Co2, 1000.0)]),
                    factor("f1", Unit::Tonne, &[(Gas::Co2, 2000.0), (Gas::Ch4, 1.0)]),
                    factor("f2", Unit::Tonne, &[(Gas::N2o, 0.5)]),
                ],
                rows.iter()
                    .enumerate()
                    .map(|(i, &(a, f, q, _))| rec(&format!("A{i}"), acts[a], q, &format!("f{f}")))
                    .collect(),
            );
            let s = settings(&mut p);
            s.quality = rows
                .iter()
                .enumerate()
                .map(|(i, &(_, _, _, u))| DataQuality {
                    target: QualityTarget::Record(format!("A{i}")),
                    data_type: None,
                    u_pct: Some(u),
                    pedigree: None,
                    note: String::new(),
                })
                .collect();
            s.iterations = 200;
            p
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The terms add up to the inventory; the contribution shares add up to
    /// 1; scaling every quantity by k scales the total and keeps Approach 1's
    /// relative uncertainty.
    #[test]
    fn invariants(p in arb_project(), k in 0.01f64..100.0) {
        let r = assess(&p);
        let inv = compute(&p).expect("computes");
        prop_assert!((r.model.total_t - inv.total_t_co2e).abs() <= 1e-9 * inv.total_t_co2e.max(1.0));
        let shares: f64 = r.contributions.iter().map(|c| c.share).sum();
        prop_assert!(r.contributions.is_empty() || (shares - 1.0).abs() < 1e-9);
        let mut q = p.clone();
        for a in &mut q.activity {
            a.quantity *= k;
        }
        let rq = assess(&q);
        prop_assert!((rq.total.value_t - k * r.total.value_t).abs() <= 1e-9 * rq.total.value_t.max(1.0));
        prop_assert!((rq.total.a1_pct - r.total.a1_pct).abs() <= 1e-9 * r.total.a1_pct.max(1.0));
        prop_assert!(r.total.mc.p2_5 <= r.total.mc.median && r.total.mc.median <= r.total.mc.p97_5);
    }

    /// One more uncertain source never narrows the total's absolute interval.
    #[test]
    fn another_uncertain_source_never_narrows_the_interval(p in arb_project(), q in 1.0f64..1e4, u in 0.1f64..30.0) {
        let before = assess(&p);
        let mut more = p.clone();
        more.activity.push(rec("NEW", "extra", q, "f0"));
        settings(&mut more).quality.push(DataQuality {
            target: QualityTarget::Record("NEW".into()),
            data_type: None,
            u_pct: Some(u),
            pedigree: None,
            note: String::new(),
        });
        let after = assess(&more);
        let abs = |r: &Report| r.total.a1_pct * r.total.value_t;
        prop_assert!(abs(&after) >= abs(&before) * (1.0 - 1e-12));
    }
}

/// Against materiality: the two-source inventory's ±7.45 % (Approach 1;
/// the Monte Carlo's wider side about the same) exceeds 5 % and is within 10 %.
#[test]
fn the_interval_is_compared_with_materiality() {
    let mut p = two_sources();
    let r = assess(&p);
    let v = parkaudit::audit::uncertainty::verdict(&p, &r);
    assert!(v.exceeds);
    assert!((v.a1_pct - 7.453_560).abs() < 1e-6);
    assert!((v.mc_pct - 7.45).abs() < 0.5, "{}", v.mc_pct);
    assert!(
        v.en.contains("wider than the materiality threshold of 5 %"),
        "{}",
        v.en
    );
    assert!(v.zh.contains("大于实质性阈值 5%"));
    p.engagement.materiality_pct = 10.0;
    let v = parkaudit::audit::uncertainty::verdict(&p, &r);
    assert!(!v.exceeds);
    assert!(
        v.en.contains("within the materiality threshold of 10 %"),
        "{}",
        v.en
    );
}

/// The check flags a source with a large share of the variance on poor
/// data: gas, estimated, carries (12 % × 50)² / 1,250,000 = 28.8 %; coal,
/// invoiced, 7.2 % and good data — not flagged. In the sample park, E03's
/// estimated billet tonnage (14.9 %).
#[test]
fn large_contributors_on_poor_data_are_flagged() {
    let mut p = two_sources();
    settings(&mut p).quality[1].data_type = Some(DataType::Estimated);
    let inv = compute(&p).expect("computes");
    let f: Vec<_> = parkaudit::audit::run_checks(&p, &inv, library::bundled())
        .into_iter()
        .filter(|f| f.check == "uncertainty")
        .collect();
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].record_ids, ["A2"]);
    assert!(
        f[0].message.contains("E1/gas carries 28.8 %"),
        "{}",
        f[0].message
    );

    let text = include_str!("../sample-projects/jinghai-park/jinghai-park.ron");
    let s = parkaudit::io::from_ron_str(text, "sample".as_ref()).expect("parses");
    let inv = compute(&s).expect("computes");
    let f: Vec<_> = parkaudit::audit::run_checks(&s, &inv, library::bundled())
        .into_iter()
        .filter(|f| f.check == "uncertainty")
        .collect();
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].message
            .starts_with("E03/purchased_steel_billet carries 14.9 %"),
        "{}",
        f[0].message
    );
}

fn apply_u(p: &mut Project, c: parkaudit::edit::UncertaintyChange) -> Result<(), String> {
    let actor = Actor::new("Li Ming", "Test", "Lead verifier");
    parkaudit::edit::apply(p, parkaudit::edit::Edit::Uncertainty(c), &actor)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// The edit layer refuses what the section must not hold, leaving the
/// project as it was, and records each accepted change once.
#[test]
fn the_edit_layer_refuses_bad_uncertainty_inputs() {
    use parkaudit::edit::UncertaintyChange as U;
    let mut p = two_sources();
    let before = p.clone();
    let bad = [
        U::ActivityPct {
            data_type: DataType::Metered,
            pct: Some(150.0),
        },
        U::SetQuality(DataQuality {
            pedigree: Some(Pedigree {
                reliability: 6,
                completeness: 1,
                temporal: 1,
                geographical: 1,
                technological: 1,
            }),
            ..source("E1", "coal", 3.0)
        }),
        U::SetQuality(source("E9", "coal", 3.0)),
        U::SetQuality(DataQuality {
            target: QualityTarget::Record("NOPE".into()),
            ..source("E1", "coal", 3.0)
        }),
        U::SetFactor(factor_spread("missing", 5.0)),
        U::SetFactor(FactorSpread {
            factor_id: "fa".into(),
            gas: Some(Gas::Ch4),
            spread: Spread::normal(5.0, "x"),
        }),
        U::SetFactor(FactorSpread {
            factor_id: "fa".into(),
            gas: None,
            spread: Spread {
                distribution: Distribution::Lognormal,
                lower_pct: 100.0,
                upper_pct: 50.0,
                source: "x".into(),
            },
        }),
        U::SetFactor(FactorSpread {
            factor_id: "fa".into(),
            gas: None,
            spread: Spread::normal(5.0, " "),
        }),
        U::Settings {
            iterations: 10,
            seed: 1,
            sample_gwp: false,
        },
    ];
    for c in bad {
        assert!(apply_u(&mut p, c.clone()).is_err(), "{c:?} was accepted");
        assert_eq!(p, before, "{c:?} changed the project");
    }
    let trail = p.trail.len();
    apply_u(
        &mut p,
        U::SetQuality(DataQuality {
            data_type: Some(DataType::Proxy),
            ..source("E1", "coal", 3.0)
        }),
    )
    .expect("valid");
    assert_eq!(p.trail.len(), trail + 1);
    let s = p.uncertainty.as_ref().expect("section");
    assert_eq!(s.quality.len(), 2, "replaced, not added");
    assert_eq!(
        s.quality
            .iter()
            .filter(|q| q.data_type == Some(DataType::Proxy))
            .count(),
        1
    );
}

/// The section is data the verifier signs off: absent, the data digest is
/// that of a project without it; a changed pedigree score changes it.
#[test]
fn the_section_is_in_the_data_digest() {
    use parkaudit::audit::evaluation::section_digest;
    let p = two_sources();
    let inv = compute(&p).expect("computes");
    let mut without = p.clone();
    without.uncertainty = None;
    let a = section_digest(&p, &inv, Section::Data);
    let b = section_digest(&without, &inv, Section::Data);
    assert_ne!(a, b);
    let mut changed = p.clone();
    settings(&mut changed).quality[0].pedigree = Pedigree::parse("1,1,1,1,2");
    assert_ne!(section_digest(&changed, &inv, Section::Data), a);
    // A record's data type, only when stated.
    let mut typed = without.clone();
    typed.activity[0].data_type = Some(DataType::Metered);
    assert_ne!(section_digest(&typed, &inv, Section::Data), b);
}

/// The real binary: the README's change file applies to the sample (all or
/// none), and `uncertainty --json` reports the sample's interval.
#[test]
fn the_binary_applies_the_readme_example_and_reports() {
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
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample-projects/jinghai-park/jinghai-park.ron"
        ),
        dir.path().join("p.ron"),
    )
    .expect("copies");
    let readme = include_str!("../README.md");
    let start = readme
        .find("  ActivityPct(data_type: Estimated")
        .expect("the README's example");
    let block = &readme[readme[..start].rfind("```ron").expect("fence") + 6..];
    let block = &block[..block.find("```").expect("end")];
    let bad = block.replace("iterations: 20000", "iterations: 5");
    std::fs::write(dir.path().join("bad.ron"), bad).expect("writes");
    std::fs::write(dir.path().join("good.ron"), block).expect("writes");
    let before = std::fs::read(dir.path().join("p.ron")).expect("reads");
    let o = run(&["uncertainty", "apply", "p.ron", "bad.ron"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        std::fs::read(dir.path().join("p.ron")).expect("reads"),
        before
    );
    let o = run(&["uncertainty", "apply", "p.ron", "good.ron"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let p = parkaudit::io::load(&dir.path().join("p.ron")).expect("loads");
    let s = p.uncertainty.expect("section");
    assert_eq!((s.iterations, s.seed), (20_000, 7));
    assert_eq!(s.activity_pct.get(&DataType::Estimated), Some(&15.0));

    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample-projects/jinghai-park/jinghai-park.ron"
        ),
        dir.path().join("s.ron"),
    )
    .expect("copies");
    let o = run(&["uncertainty", "s.ron", "--json", "--iterations", "2000"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["iterations"], 2000);
    assert_eq!(v["seed"], 14064);
    let a1 = v["total"]["a1_pct"].as_f64().expect("a1");
    assert!((a1 - 5.26).abs() < 0.01, "{a1}");
    assert_eq!(v["materiality"]["exceeds"], true);
    let o = run(&["uncertainty", "s.ron"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Approach 1 ±5.26 %"), "{text}");
    assert!(
        text.contains("E03/purchased_steel_billet (estimated)"),
        "{text}"
    );
}
