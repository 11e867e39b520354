//! CBAM specific embedded emissions, solved by hand: each case writes the
//! formula and the numbers (t CO₂e per t).

use parkaudit::calc::cbam::{
    CbamError, Consumed, From, Process, Purchased, counts_indirect, solve,
};

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
    assert!(counts_indirect("cement"));
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
    assert!(!counts_indirect("iron_steel"));
}

/// Crude steel from purchased pig iron of unknown origin: the Annex IV
/// highest default value for CN 7201 with the 2026 mark-up, 8.712 t/t
/// (Implementing Regulation (EU) 2025/2621 Annex IV; 7.920 × 1.1).
/// SEE = (150,000 + 900,000 t × 8.712) / 1,000,000 t = (150,000 + 7,840,800)
/// / 1,000,000 = 7.9908; the default share = 7,840,800 / 7,990,800 = 0.98122…
#[test]
fn a_purchased_precursor_of_unknown_origin_takes_the_highest_default() {
    let pig_iron = Purchased {
        id: "pig iron, origin unknown".into(),
        see_direct: 8.712,
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
