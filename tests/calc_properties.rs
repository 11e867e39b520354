//! Invariants of the engine, over random projects (proptest).

mod common;

use common::*;
use parkaudit::calc::{compute, compute_records, units::conversion_factor};
use parkaudit::model::*;
use proptest::prelude::*;

const GASES: [Gas; 8] = [
    Gas::Co2,
    Gas::Ch4,
    Gas::N2o,
    Gas::Sf6,
    Gas::Hfc134a,
    Gas::Cf4,
    Gas::Co2e,
    Gas::Co2Biogenic,
];
const UNITS: [Unit; 6] = [
    Unit::Tonne,
    Unit::Kg,
    Unit::MWh,
    Unit::GJ,
    Unit::TenThousandNm3,
    Unit::Nm3,
];

/// The unit of the same dimension as `u` used by test factors.
fn factor_unit(u: Unit) -> Unit {
    match u.dimension() {
        Dimension::Mass => Unit::Tonne,
        Dimension::Energy => Unit::GJ,
        Dimension::Volume => Unit::M3,
        Dimension::NormalVolume => Unit::TenThousandNm3,
    }
}

fn arb_project() -> impl Strategy<Value = Project> {
    let entities = prop::collection::vec(
        (
            0.0f64..=100.0,
            any::<bool>(),
            any::<bool>(),
            prop::bool::weighted(0.85),
        ),
        1..6,
    );
    let factor_comps = prop::collection::vec((0usize..GASES.len(), 0.0f64..5_000.0), 1..4);
    let factors = prop::collection::vec(factor_comps, 1..4);
    let records = prop::collection::vec(
        (
            0usize..6,
            0usize..4,
            1u8..=12,
            1u8..=3,
            0.0f64..1.0e6,
            0usize..UNITS.len(),
        ),
        0..40,
    );
    (entities, factors, records, 0usize..3, 0usize..4).prop_map(
        |(ents, facs, recs, approach, set)| {
            let mut p = Project::new("Prop Park", 2024);
            p.consolidation = Consolidation::ALL[approach];
            p.methodology.gwp_set = GwpSet::ALL[set];
            p.entities = ents
                .iter()
                .enumerate()
                .map(|(i, &(own, op, fin, inc))| entity(&format!("E{i}"), own, op, fin, inc))
                .collect();
            // One factor per (index, unit dimension) so every record's unit fits.
            for (fi, comps) in facs.iter().enumerate() {
                for u in UNITS {
                    let fu = factor_unit(u);
                    let id = format!("F{fi}-{fu}");
                    if p.factor(&id).is_none() {
                        let c: Vec<(Gas, f64)> =
                            comps.iter().map(|&(g, kg)| (GASES[g], kg)).collect();
                        p.factors.push(factor(&id, fu, &c));
                    }
                }
            }
            for (n, &(e, f, month, scope, q, u)) in recs.iter().enumerate() {
                let e = e % ents.len();
                let f = f % facs.len();
                let unit = UNITS[u];
                let fid = format!("F{f}-{}", factor_unit(unit));
                p.activity.push(record(
                    &format!("R{n}"),
                    &format!("E{e}"),
                    month,
                    scope,
                    q,
                    unit,
                    &fid,
                ));
            }
            p
        },
    )
}

fn sum<'a>(it: impl Iterator<Item = &'a f64>) -> f64 {
    it.sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The inventory over records held in pieces (what an import computes
    /// without copying the project's records) is the inventory of the
    /// project holding them in one list — equal to the last bit, errors too.
    #[test]
    fn records_in_pieces_compute_as_one_list(p in arb_project(), cut in 0usize..=40) {
        let cut = cut.min(p.activity.len());
        let (a, b) = p.activity.split_at(cut);
        let shell = p.without_records();
        prop_assert_eq!(compute_records(&shell, &[a, b]), compute(&p));
        prop_assert_eq!(compute_records(&shell, &[&p.activity]), compute(&p));
    }

    /// Totals equal the sum of their parts, every way the inventory is cut.
    #[test]
    fn totals_equal_sum_of_parts(p in arb_project()) {
        let inv = compute(&p).expect("valid project");
        let records_loc: f64 = inv.records.iter().map(|r| r.location_t).sum();
        let records_mkt: f64 = inv.records.iter().map(|r| r.market_t).sum();
        prop_assert!(close(inv.total_t_co2e, records_loc));
        prop_assert!(close(inv.total_market_t_co2e, records_mkt));
        prop_assert!(close(inv.total_t_co2e, inv.scope1_t + inv.scope2_location_t + inv.scope3_t));
        prop_assert!(close(inv.total_t_co2e, sum(inv.by_entity.values())));
        prop_assert!(close(inv.total_market_t_co2e, sum(inv.by_entity_market.values())));
        prop_assert!(close(inv.total_t_co2e, sum(inv.by_month.values())));
        prop_assert!(close(inv.total_t_co2e, sum(inv.by_category.values())));
        prop_assert!(close(inv.total_t_co2e, sum(inv.by_sector.values())));
        prop_assert!(close(inv.total_t_co2e, sum(inv.by_gas.values())));
        prop_assert!(close(inv.excluded_t, sum(inv.excluded_by_entity.values())));
        // Conservation: every gross tonne is in the inventory, excluded, or other owners' share.
        let gross: f64 = inv.records.iter().map(|r| r.gross_location_t + r.gross_uncovered_t).sum();
        prop_assert!(close(gross, inv.total_t_co2e + inv.excluded_t + inv.other_owners_t));
        let bio: f64 = inv.records.iter().map(|r| r.gross_biogenic_t).sum();
        // Biogenic CO2 inside the boundary plus outside it never exceeds the gross amount.
        prop_assert!(inv.biogenic_co2_t + inv.excluded_biogenic_co2_t <= bio * (1.0 + 1e-9) + 1e-9);
    }

    /// Doubling one activity doubles its emissions and adds exactly them to the total.
    #[test]
    fn doubling_an_activity_doubles_its_emissions(p in arb_project(), pick in any::<prop::sample::Index>()) {
        prop_assume!(!p.activity.is_empty());
        let i = pick.index(p.activity.len());
        let before = compute(&p).expect("valid");
        let mut q = p.clone();
        q.activity[i].quantity *= 2.0;
        let after = compute(&q).expect("valid");
        prop_assert!(close(after.records[i].location_t, 2.0 * before.records[i].location_t));
        prop_assert!(close(after.records[i].market_t, 2.0 * before.records[i].market_t));
        prop_assert!(close(after.records[i].excluded_t, 2.0 * before.records[i].excluded_t));
        let tol = 1e-9 * after.total_t_co2e.abs().max(1.0);
        prop_assert!((after.total_t_co2e - before.total_t_co2e - before.records[i].location_t).abs() <= tol);
    }

    /// Scaling a quantity by k scales its emissions by k.
    #[test]
    fn scaling_is_linear(p in arb_project(), k in 0.0f64..1000.0) {
        prop_assume!(!p.activity.is_empty());
        let before = compute(&p).expect("valid");
        let mut q = p.clone();
        q.activity[0].quantity *= k;
        let after = compute(&q).expect("valid");
        let want = k * before.records[0].location_t;
        prop_assert!((after.records[0].location_t - want).abs() <= 1e-9 * want.abs().max(1.0));
    }

    /// Re-expressing a record in another unit of the same dimension changes nothing.
    #[test]
    fn converting_units_first_changes_nothing(p in arb_project(), to in 0usize..ALL_UNITS.len()) {
        let before = compute(&p).expect("valid");
        let mut q = p.clone();
        let target = ALL_UNITS[to];
        for r in &mut q.activity {
            if let Ok(c) = conversion_factor(r.unit, target) {
                r.quantity *= c;
                r.unit = target;
            }
        }
        let after = compute(&q).expect("valid");
        prop_assert!(close(after.total_t_co2e, before.total_t_co2e));
        prop_assert!(close(after.excluded_t, before.excluded_t));
        for (a, b) in after.records.iter().zip(&before.records) {
            prop_assert!(close(a.location_t, b.location_t));
        }
    }
}
