//! CBAM specific embedded emissions, solved by hand: each case writes the
//! formula and the numbers (t CO₂e per t).

use parkaudit::calc::cbam::{
    CbamError, Consumed, From, Process, Purchased, counts_indirect, solve,
};

use parkaudit::model::cbam::CbamSector;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn process(id: &str, level: f64, direct: f64, indirect: f64, consumed: Vec<Consumed>) -> Process {
    Process {
        id: id.into(),
        activity_level_t: level,
        direct_t: direct,
        indirect_t: indirect,
        consumed,
        fixed: None,
    }
}

/// Grey clinker, one process: 1,000,000 t clinker, 850,000 t CO₂ attributed
/// (calcination and kiln fuel), 50,000 MWh at 0.58 t CO₂/MWh = 29,000 t.
/// SEE direct = 850,000 / 1,000,000 = 0.85; indirect = 29,000 / 1,000,000 =
/// 0.029 (cement is outside Annex II: indirect counts); total 0.879.
#[test]
fn clinker_alone() {
    let see = solve(
        &[process("clinker", 1_000_000.0, 850_000.0, 29_000.0, vec![])],
        &[],
    )
    .expect("solves");
    assert!(close(see[0].direct, 0.85), "{:?}", see[0]);
    assert!(close(see[0].indirect, 0.029), "{:?}", see[0]);
    assert!(close(see[0].total(), 0.879));
    assert_eq!(see[0].default_share, 0.0);
    assert!(counts_indirect(CbamSector::Cement));
}

/// Pig iron → crude steel → hot-rolled flat, all own processes:
/// pig iron: 1,800,000 t / 1,000,000 t = 1.8;
/// crude steel: (200,000 + 950,000 t pig iron × 1.8) / 1,100,000 t
///   = 1,910,000 / 1,100,000 = 1.736363…;
/// hot-rolled: (100,000 + 1,050,000 t crude × 1,910,000/1,100,000) / 1,000,000
///   = (100,000 + 1,823,181.818…) / 1,000,000 = 1.923181818….
/// Indirect emissions are solved too, but steel is in Annex II: they do not count.
#[test]
fn an_own_precursor_chain_is_solved_at_once() {
    let procs = [
        process(
            "hot_rolled",
            1_000_000.0,
            100_000.0,
            0.0,
            vec![Consumed {
                from: From::Own(2),
                quantity_t: 1_050_000.0,
            }],
        ),
        process("pig_iron", 1_000_000.0, 1_800_000.0, 0.0, vec![]),
        process(
            "crude_steel",
            1_100_000.0,
            200_000.0,
            0.0,
            vec![Consumed {
                from: From::Own(1),
                quantity_t: 950_000.0,
            }],
        ),
    ];
    let see = solve(&procs, &[]).expect("solves");
    assert!(close(see[1].direct, 1.8));
    assert!(
        close(see[2].direct, 1_910_000.0 / 1_100_000.0),
        "{:?}",
        see[2]
    );
    assert!(
        close(
            see[0].direct,
            (100_000.0 + 1_050_000.0 * 1_910_000.0 / 1_100_000.0) / 1_000_000.0
        ),
        "{:?}",
        see[0]
    );
    assert!(close(see[0].direct, 1.923_181_818_181_818));
    assert!(!counts_indirect(CbamSector::IronSteel));
}

/// Crude steel from purchased pig iron of unknown origin: the Annex IV
/// highest default value for CN 7201 with the 2026 mark-up, 8.712 t/t
/// (Implementing Regulation (EU) 2025/2621 Annex IV; 7.920 × 1.1).
/// SEE = (150,000 + 900,000 t × 8.712) / 1,000,000 t = (150,000 + 7,840,800)
/// / 1,000,000 = 7.9908; the default share = 7,840,800 / 7,990,800 = 0.98122…
#[test]
fn a_purchased_precursor_of_unknown_origin_takes_the_highest_default() {
    let (annex_iv, _) = parkaudit::calc::cbam_defaults::lookup(None, "7201");
    let highest = annex_iv[0].marked_up_for(2026).expect("published");
    assert_eq!(highest, 8.712);
    let pig_iron = Purchased {
        id: "pig iron, origin unknown".into(),
        see_direct: highest,
        see_indirect: 0.0,
        default: true,
    };
    let see = solve(
        &[process(
            "crude_steel",
            1_000_000.0,
            150_000.0,
            0.0,
            vec![Consumed {
                from: From::Purchased(0),
                quantity_t: 900_000.0,
            }],
        )],
        &[pig_iron],
    )
    .expect("solves");
    assert!(close(see[0].direct, 7.9908), "{:?}", see[0]);
    assert!(
        close(see[0].default_share, 7_840_800.0 / 7_990_800.0),
        "{:?}",
        see[0]
    );
}

/// A process with no emissions of its own whose only input is a precursor at
/// its default value: its whole SEE is default — share 1.
#[test]
fn a_process_fed_only_by_default_precursors_is_all_default() {
    let see = solve(
        &[process(
            "processing",
            500.0,
            0.0,
            0.0,
            vec![Consumed {
                from: From::Purchased(0),
                quantity_t: 520.0,
            }],
        )],
        &[Purchased {
            id: "slab".into(),
            see_direct: 2.0,
            see_indirect: 0.5,
            default: true,
        }],
    )
    .expect("solves");
    // 520 t × (2.0, 0.5) / 500 t = (2.08, 0.52).
    assert!(
        close(see[0].direct, 2.08) && close(see[0].indirect, 0.52),
        "{:?}",
        see[0]
    );
    assert!(close(see[0].default_share, 1.0));
}

/// Bad chains are refused with the process named, never a division by zero.
#[test]
fn impossible_chains_are_refused() {
    assert_eq!(
        solve(&[process("x", 0.0, 1.0, 0.0, vec![])], &[]),
        Err(CbamError::NoActivity {
            process: "x".into(),
            value: 0.0
        })
    );
    // Two processes each consuming the other's whole output: no solution.
    let loop_ = [
        process(
            "a",
            100.0,
            1.0,
            0.0,
            vec![Consumed {
                from: From::Own(1),
                quantity_t: 100.0,
            }],
        ),
        process(
            "b",
            100.0,
            1.0,
            0.0,
            vec![Consumed {
                from: From::Own(0),
                quantity_t: 100.0,
            }],
        ),
    ];
    assert_eq!(solve(&loop_, &[]), Err(CbamError::Singular));
    assert!(matches!(
        solve(
            &[process(
                "c",
                1.0,
                0.0,
                0.0,
                vec![Consumed {
                    from: From::Purchased(3),
                    quantity_t: 1.0
                }]
            )],
            &[]
        ),
        Err(CbamError::UnknownPrecursor { index: 3, .. })
    ));
}

/// A good on default values only: grey clinker (CN 2523 10 00, route A)
/// from China, declared in 2026, takes the published marked-up total 1.529
/// t CO₂e/t (Implementing Regulation (EU) 2025/2621 Annex I: direct 1.350,
/// indirect 0.040, total 1.390; 2026 with the 10 % mark-up, as published).
#[test]
fn a_good_on_default_values_only_takes_the_published_marked_up_value() {
    use parkaudit::calc::cbam_defaults::{OTHER_COUNTRIES, lookup};
    let (rows, fell_back) = lookup(Some("China"), "2523 10 00");
    assert!(!fell_back);
    let grey = rows
        .iter()
        .find(|r| r.description == "Grey clinker")
        .expect("grey clinker");
    assert_eq!(
        (grey.route.as_str(), grey.direct, grey.indirect, grey.total),
        ("A", Some(1.350), Some(0.040), Some(1.390))
    );
    assert_eq!(grey.marked_up_for(2026), Some(1.529));
    assert_eq!(grey.marked_up_for(2027), Some(1.668));
    assert_eq!(grey.marked_up_for(2031), Some(1.807));
    assert_eq!(grey.marked_up_for(2025), None);
    // Hot-rolled flat (7208): China 3.187 direct (n/a indirect: Annex II), 2026 3.506.
    let (rows, _) = lookup(Some("China"), "7208");
    assert_eq!(rows[0].marked_up_for(2026), Some(3.506));
    assert_eq!(rows[0].indirect, None);
    // A country without its own rows falls back to Other Countries and Territories (7208: 4.454 in 2026).
    let (rows, fell_back) = lookup(Some("Atlantis"), "7208");
    assert!(fell_back);
    assert_eq!(
        (rows[0].country.as_str(), rows[0].marked_up_for(2026)),
        (OTHER_COUNTRIES, Some(4.454))
    );
    // Origin unknown: Annex IV's highest value, pig iron 7201: 7.920, 2026 8.712.
    let (rows, _) = lookup(None, "7201");
    assert_eq!(
        (rows[0].total, rows[0].marked_up_for(2026)),
        (Some(7.920), Some(8.712))
    );
    // Every published row of both annexes was read.
    assert_eq!(parkaudit::calc::cbam_defaults::annex_i().len(), 519);
    assert_eq!(parkaudit::calc::cbam_defaults::annex_iv().len(), 260);
}

mod properties {
    //! Invariants of the solver over random chains: a linear chain
    //! P0 → P1 → … where each process may also buy a precursor.
    use super::*;
    use proptest::prelude::*;

    /// (activity level, direct, indirect, consumed from the previous
    /// process, bought, whether the bought precursor is at a default value).
    type Step = (f64, f64, f64, f64, f64, bool);

    fn chain(steps: &[Step], scale: f64) -> (Vec<Process>, Vec<Purchased>) {
        let mut processes = Vec::new();
        let mut bought = Vec::new();
        for (i, &(level, direct, indirect, from_prev, buy, default)) in steps.iter().enumerate() {
            let mut consumed = Vec::new();
            if i > 0 {
                consumed.push(Consumed {
                    from: From::Own(i - 1),
                    quantity_t: from_prev * scale,
                });
            }
            consumed.push(Consumed {
                from: From::Purchased(i),
                quantity_t: buy * scale,
            });
            bought.push(Purchased {
                id: format!("q{i}"),
                see_direct: 1.5,
                see_indirect: 0.25,
                default,
            });
            processes.push(process(
                &format!("p{i}"),
                level * scale,
                direct * scale,
                indirect * scale,
                consumed,
            ));
        }
        (processes, bought)
    }

    fn step() -> impl Strategy<Value = Step> {
        (
            1.0f64..1e6,
            0.0f64..1e6,
            0.0f64..1e5,
            0.0f64..1e6,
            0.0f64..1e5,
            any::<bool>(),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// SEE is intensive: scaling every tonne of a chain (levels,
        /// emissions, quantities consumed) by k leaves it unchanged; the
        /// default share stays in [0, 1]; a chain without defaults has share 0.
        #[test]
        fn see_is_unchanged_by_scale_and_default_shares_are_fractions(
            steps in prop::collection::vec(step(), 1..6),
            k in 0.001f64..1000.0,
        ) {
            let (p1, q1) = chain(&steps, 1.0);
            let (pk, qk) = chain(&steps, k);
            let a = solve(&p1, &q1).expect("a chain solves");
            let b = solve(&pk, &qk).expect("a chain solves");
            for (x, y) in a.iter().zip(&b) {
                prop_assert!((x.direct - y.direct).abs() <= 1e-9 * x.direct.abs().max(1.0));
                prop_assert!((x.indirect - y.indirect).abs() <= 1e-9 * x.indirect.abs().max(1.0));
                prop_assert!((-1e-12..=1.0 + 1e-12).contains(&x.default_share));
            }
            if steps.iter().all(|s| !s.5) {
                prop_assert!(a.iter().all(|s| s.default_share == 0.0));
            }
        }

        /// More emissions in a process never lower any SEE downstream of it.
        #[test]
        fn more_emissions_upstream_never_lower_a_see(
            steps in prop::collection::vec(step(), 2..6),
            extra in 1.0f64..1e6,
        ) {
            let (p, q) = chain(&steps, 1.0);
            let base = solve(&p, &q).expect("solves");
            let mut more = p.clone();
            more[0].direct_t += extra;
            let after = solve(&more, &q).expect("solves");
            for (x, y) in base.iter().zip(&after) {
                prop_assert!(y.direct >= x.direct - 1e-9 * x.direct.abs().max(1.0));
            }
            prop_assert!(after[0].direct > base[0].direct);
        }
    }
}
