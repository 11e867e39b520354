//! CBAM goods from a project's records, by hand: each case writes the
//! formula and the numbers. Factors are set in the test (kg per unit), GWPs
//! are AR5 (CBAM's, whatever the inventory uses), CH₄ never counts, N₂O only
//! for fertilisers.

use parkaudit::calc::cbam_goods::{self, InstallationResult};
use parkaudit::edit::{self, Edit, EditError};
use parkaudit::model::cbam::*;
use parkaudit::model::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * b.abs().max(1.0)
}

fn factor(id: &str, unit: Unit, comps: &[(Gas, f64)]) -> EmissionFactor {
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
        activity_key: None,
        derivation: None,
        library_version: None,
    }
}

fn project(sector: &str, records: &[(&str, u8, f64, Unit, &str)]) -> Project {
    let mut p = Project::new("CBAM test park", 2024);
    p.methodology.gwp_set = GwpSet::AR6;
    p.gwp_snapshot = Some(parkaudit::calc::gwp::snapshot(GwpSet::AR6));
    p.entities.push(Entity {
        id: "E1".into(),
        name: "Works".into(),
        name_zh: String::new(),
        sector: sector.into(),
        kind: EntityKind::Tenant,
        ownership_pct: 100.0,
        operational_control: true,
        financial_control: true,
        included: true,
        exclusion_reason: None,
    });
    p.factors = vec![
        factor("f.clinker", Unit::Tonne, &[(Gas::Co2, 525.0)]),
        factor(
            "f.coal",
            Unit::Tonne,
            &[(Gas::Co2, 1_900.0), (Gas::Ch4, 0.02)],
        ),
        factor("f.grid", Unit::MWh, &[(Gas::Co2, 530.6)]),
        factor("f.coke", Unit::Tonne, &[(Gas::Co2, 2_860.0)]),
        factor("f.lime", Unit::Tonne, &[(Gas::Co2, 750.0)]),
        factor(
            "f.gas",
            Unit::Tonne,
            &[(Gas::Co2, 2_750.0), (Gas::Ch4, 1.0), (Gas::N2o, 0.0)],
        ),
        factor("f.n2o", Unit::Tonne, &[(Gas::N2o, 7.0)]),
    ];
    for (i, &(activity, scope, q, unit, f)) in records.iter().enumerate() {
        p.activity.push(ActivityRecord {
            id: format!("A{i:03}"),
            entity_id: "E1".into(),
            period: Period::new(2024, (i % 12 + 1) as u8).expect("month"),
            scope: Scope::try_from(scope).expect("scope"),
            category: IsoCategory::new(scope).expect("category"),
            activity: activity.into(),
            quantity: q,
            unit,
            factor_id: f.into(),
            market_factor_id: None,
            evidence_ref: format!("EV-{i}"),
            source: None,
            factor_rule: None,
            data_type: None,
        });
    }
    p
}

fn process(id: &str, category: GoodsCategory, cn: &str, route: &str, level: f64) -> Process {
    Process {
        id: id.into(),
        name: id.into(),
        category,
        route: route.into(),
        cn_codes: vec![cn.into()],
        product_name: String::new(),
        functional_unit: category.default_unit(),
        activity_level_t: level,
        activity_evidence: String::new(),
        consumes: Vec::new(),
        flows: Flows::default(),
        default_values_reason: None,
        qualifying: Qualifying::default(),
    }
}

fn attr(activity: &str, shares: &[(&str, f64)]) -> Attribution {
    Attribution {
        activity: activity.into(),
        record_id: None,
        shares: shares
            .iter()
            .map(|&(p, pct)| Share {
                process: p.into(),
                pct,
            })
            .collect(),
        not_cbam_pct: 100.0 - shares.iter().map(|s| s.1).sum::<f64>(),
    }
}

fn installation(processes: Vec<Process>, attributions: Vec<Attribution>) -> Installation {
    Installation {
        entity_id: "E1".into(),
        name_en: "Works".into(),
        address_en: String::new(),
        city: String::new(),
        country: "CN".into(),
        unlocode: "CNTSN".into(),
        latitude_deg: 39.0,
        longitude_deg: 117.0,
        economic_activity: String::new(),
        representative: String::new(),
        processes,
        attributions,
        purchased: Vec::new(),
        electricity_source: ElectricitySource::Grid,
        electricity_evidence: String::new(),
        carbon_prices: Vec::new(),
    }
}

fn solve(p: &Project, inst: &Installation, price_eur: f64) -> InstallationResult {
    cbam_goods::installation(p, inst, 2026, price_eur).expect("computes")
}

/// Grey clinker from its records. Calcination 2 × 50,000 t × 0.525 t/t =
/// 52,500 t; kiln coal 10,000 t × 1.900 t/t = 19,000 t (its CH₄ does not
/// count); direct 71,500 t / 100,000 t = 0.715. Electricity 8,000 MWh ×
/// 0.5306 = 4,244.8 t / 100,000 t = 0.042448 (cement: indirect counts);
/// counted 0.757448 t CO₂e/t. China's default (2025/2621 Annex I, grey
/// clinker, route A) 1.35 + 0.04 = 1.39.
///
/// Estimate: benchmark (2025/2620, 2523 10 00, column A, route A) 0.666 ×
/// CBAM factor 0.975 (2026) = 0.64935; carbon price paid = 0.757448 × 100 %
/// × (1 − 90 % free) × 80 CNY × 0.13 EUR/CNY = 0.78774592 EUR/t, at 80
/// EUR/certificate 0.0098468240 t; certificates = 0.757448 − 0.64935 −
/// 0.009846824 = 0.098251176 t/t, × 80 = 7.86009408 EUR/t.
#[test]
fn clinker_from_its_records() {
    let p = project(
        "cement",
        &[
            ("clinker_calcination", 1, 50_000.0, Unit::Tonne, "f.clinker"),
            ("clinker_calcination", 1, 50_000.0, Unit::Tonne, "f.clinker"),
            ("kiln_coal", 1, 10_000.0, Unit::Tonne, "f.coal"),
            ("grid_electricity", 2, 8_000.0, Unit::MWh, "f.grid"),
        ],
    );
    let mut inst = installation(
        vec![process(
            "P1",
            GoodsCategory::CementClinker,
            "2523 10 00",
            "A",
            100_000.0,
        )],
        vec![
            attr("clinker_calcination", &[("P1", 100.0)]),
            attr("kiln_coal", &[("P1", 100.0)]),
            attr("grid_electricity", &[("P1", 100.0)]),
        ],
    );
    inst.carbon_prices.push(CarbonPrice {
        process: None,
        instrument: "China national ETS".into(),
        share_covered_pct: 100.0,
        price_per_t: 80.0,
        currency: "CNY".into(),
        eur_per_unit: 0.13,
        rebate: "Free allocation".into(),
        rebate_pct: 90.0,
        evidence: String::new(),
    });
    let r = solve(&p, &inst, 80.0);
    let c = &r.processes[0];
    assert!(close(c.direct_t, 71_500.0), "{}", c.direct_t);
    assert!(close(c.see.direct, 0.715), "{:?}", c.see);
    assert!(close(c.see.indirect, 0.042448), "{:?}", c.see);
    assert!(close(c.counted(), 0.757448));
    assert!(close(c.electricity_mwh, 8_000.0));
    let d = c.default.as_ref().expect("China has grey clinker");
    assert_eq!((d.row.route.as_str(), d.counted), ("A", 1.39));
    assert_eq!(d.marked_up, Some(1.529));
    let e = c.estimate.as_ref().expect("benchmark");
    assert_eq!((e.benchmark, e.cbam_factor), (0.666, 0.975));
    assert!(!e.lowest_taken);
    assert!(
        close(e.carbon_price_eur, 0.78774592),
        "{}",
        e.carbon_price_eur
    );
    assert!(close(e.certificates_t, 0.098251176), "{}", e.certificates_t);
    assert!(close(e.cost_eur, 7.86009408), "{}", e.cost_eur);
    assert!(r.unattributed.is_empty());
}

/// Pig iron → crude steel with a purchased ferro-manganese of unknown origin.
/// P1 pig iron: coke 1,000 t × 2.860 = 2,860 t / 2,000 t = 1.43 direct;
/// electricity 1,000 MWh × 50 % × 0.5306 = 265.3 t / 2,000 = 0.13265.
/// FeMn, origin unknown: Annex IV 7202 11 highest 1.690, 2026 published
/// 1.859 (direct; no split is published).
/// P2 crude steel: lime 100 t × 0.750 = 75 t; direct = (75 + 1,800 × 1.43 +
/// 20 × 1.859) / 2,000 = 2,686.18 / 2,000 = 1.34309; indirect = (265.3 +
/// 1,800 × 0.13265) / 2,000 = 504.07 / 2,000 = 0.252035; default share =
/// 37.18 / 3,190.25. Steel is in Annex II: counted = direct only.
#[test]
fn an_own_chain_with_a_purchased_precursor_of_unknown_origin() {
    let p = project(
        "steel",
        &[
            ("coke_reductant", 1, 1_000.0, Unit::Tonne, "f.coke"),
            ("lime_calcination", 1, 100.0, Unit::Tonne, "f.lime"),
            ("grid_electricity", 2, 1_000.0, Unit::MWh, "f.grid"),
        ],
    );
    let mut crude = process("P2", GoodsCategory::CrudeSteel, "7207 11 14", "C", 2_000.0);
    crude.consumes = vec![
        Consumption {
            precursor: "P1".into(),
            quantity_t: 1_800.0,
        },
        Consumption {
            precursor: "PP1".into(),
            quantity_t: 20.0,
        },
    ];
    let mut inst = installation(
        vec![
            process("P1", GoodsCategory::PigIron, "7201 10 11", "", 2_000.0),
            crude,
        ],
        vec![
            attr("coke_reductant", &[("P1", 100.0)]),
            attr("lime_calcination", &[("P2", 100.0)]),
            attr("grid_electricity", &[("P1", 50.0), ("P2", 50.0)]),
        ],
    );
    inst.purchased.push(PurchasedPrecursor {
        id: "PP1".into(),
        name: "FeMn".into(),
        category: GoodsCategory::FeMn,
        cn_code: "7202 11 20".into(),
        country: String::new(),
        route: String::new(),
        supplier: String::new(),
        see: PrecursorSee::Default,
        electricity_mwh_per_t: 0.0,
    });
    let r = solve(&p, &inst, 0.0);
    let pp = &r.purchased[0];
    assert_eq!((pp.direct, pp.indirect), (1.859, 0.0));
    assert_eq!(
        pp.default.as_ref().map(|d| d.row.cn_code.as_str()),
        Some("7202 11")
    );
    let (pig, steel) = (&r.processes[0], &r.processes[1]);
    assert!(close(pig.see.direct, 1.43) && close(pig.see.indirect, 0.13265));
    assert!(close(steel.see.direct, 1.34309), "{:?}", steel.see);
    assert!(close(steel.see.indirect, 0.252035), "{:?}", steel.see);
    assert!(close(steel.see.default_share, 37.18 / 3_190.25));
    assert!(!steel.counts_indirect);
    assert!(close(steel.counted(), 1.34309));
}

/// NPK by its nitrogen: gas 1,000 t × 2.750 = 2,750 t CO₂ (its CH₄ does not
/// count); N₂O 100 t × 7 kg = 0.7 t × 265 (AR5, although the inventory uses
/// AR6's 273) = 185.5 t; direct 2,935.5 t / 1,500 t N = 1.957 per t N;
/// electricity 600 MWh × 0.5306 = 318.36 t / 1,500 = 0.21224 per t N. At
/// 15 % N: per t of product 0.29355 direct, 0.031836 indirect; fertilisers
/// count indirect: 0.325386 t CO₂e/t.
#[test]
fn a_fertiliser_by_its_nitrogen_content() {
    let p = project(
        "fertiliser",
        &[
            (
                "natural_gas_feedstock_fuel",
                1,
                1_000.0,
                Unit::Tonne,
                "f.gas",
            ),
            ("nitric_acid_production", 1, 100.0, Unit::Tonne, "f.n2o"),
            ("grid_electricity", 2, 600.0, Unit::MWh, "f.grid"),
        ],
    );
    let mut npk = process(
        "P1",
        GoodsCategory::MixedFertilisers,
        "3105 20 10",
        "",
        1_500.0,
    );
    assert_eq!(npk.functional_unit, FunctionalUnit::Nitrogen);
    npk.qualifying.n_total_pct = Some(15.0);
    let inst = installation(
        vec![npk],
        vec![
            attr("natural_gas_feedstock_fuel", &[("P1", 100.0)]),
            attr("nitric_acid_production", &[("P1", 100.0)]),
            attr("grid_electricity", &[("P1", 100.0)]),
        ],
    );
    let r = solve(&p, &inst, 0.0);
    let g = &r.processes[0];
    assert!(close(g.direct_t, 2_935.5), "{}", g.direct_t);
    assert!(close(g.see.direct, 1.957) && close(g.see.indirect, 0.21224));
    assert!(close(g.content, 0.15));
    assert!(close(g.see_product.direct, 0.29355), "{:?}", g.see_product);
    assert!(close(g.see_product.indirect, 0.031836));
    assert!(close(g.counted(), 0.325386));
    // Without its N content the good cannot be reported per t of product.
    let mut no_n = inst.clone();
    no_n.processes[0].qualifying.n_total_pct = None;
    let err = cbam_goods::installation(&p, &no_n, 2026, 0.0).expect_err("needs N content");
    assert!(err.to_string().contains("N content"), "{err}");
}

/// A good on default values only (no actual data, reason given): China's
/// grey clinker for 2026, 1.529 published, split in the unmarked proportion
/// 1.35 : 0.04 — direct 1.529 × 1.35 / 1.39 = 1.485, indirect 1.529 × 0.04
/// / 1.39 = 0.044; the default share is 1. Its estimate uses benchmark
/// column B.
#[test]
fn a_good_on_default_values_only() {
    let p = project("cement", &[]);
    let mut clinker = process("P1", GoodsCategory::CementClinker, "2523 10 00", "A", 0.0);
    clinker.default_values_reason = Some("no metering".into());
    let inst = installation(vec![clinker], vec![]);
    let r = solve(&p, &inst, 80.0);
    let g = &r.processes[0];
    assert!(close(g.see.direct, 1.485), "{:?}", g.see);
    assert!(close(g.see.indirect, 0.044), "{:?}", g.see);
    assert_eq!(g.see.default_share, 1.0);
    let e = g.estimate.as_ref().expect("benchmark");
    assert_eq!(e.benchmark, 0.666); // column B, route A
}

/// Records not attributed are listed; scope 3 is never the installation's.
#[test]
fn unattributed_records_are_listed_and_scope_3_is_left_out() {
    let p = project(
        "cement",
        &[
            ("clinker_calcination", 1, 1_000.0, Unit::Tonne, "f.clinker"),
            ("kiln_coal", 1, 10.0, Unit::Tonne, "f.coal"),
            ("purchased_clinker", 3, 10.0, Unit::Tonne, "f.clinker"),
        ],
    );
    let inst = installation(
        vec![process(
            "P1",
            GoodsCategory::CementClinker,
            "2523 10 00",
            "A",
            1_000.0,
        )],
        vec![attr("clinker_calcination", &[("P1", 100.0)])],
    );
    let r = solve(&p, &inst, 0.0);
    assert_eq!(r.unattributed, vec![1]);
    assert!(close(r.processes[0].direct_t, 525.0));
}

fn edit_project() -> Project {
    project(
        "cement",
        &[("clinker_calcination", 1, 1_000.0, Unit::Tonne, "f.clinker")],
    )
}

fn clinker_installation() -> Installation {
    installation(
        vec![process(
            "P1",
            GoodsCategory::CementClinker,
            "2523 10 00",
            "A",
            1_000.0,
        )],
        vec![attr("clinker_calcination", &[("P1", 100.0)])],
    )
}

#[test]
fn an_installation_is_set_through_the_edit_layer_and_recorded_once() {
    let mut p = edit_project();
    let who = Actor::new("Li Ming", "", "");
    let trail = p.trail.len();
    edit::apply(
        &mut p,
        Edit::SetInstallation(Box::new(clinker_installation())),
        &who,
    )
    .expect("valid");
    assert_eq!(p.trail.len(), trail + 1);
    assert_eq!(
        p.trail.last().map(|e| e.action.as_str()),
        Some("cbam.installation")
    );
    let cbam = p.cbam.as_ref().expect("section created");
    assert_eq!(cbam.declaration_year, 2026);
    // The same again changes nothing.
    assert!(matches!(
        edit::apply(
            &mut p,
            Edit::SetInstallation(Box::new(clinker_installation())),
            &who
        ),
        Err(EditError::Unchanged { .. })
    ));
    edit::apply(
        &mut p,
        Edit::CbamSettings {
            declaration_year: 2027,
            certificate_price_eur: 72.5,
        },
        &who,
    )
    .expect("valid");
    assert_eq!(p.cbam.as_ref().map(|c| c.declaration_year), Some(2027));
    // The project file keeps it, byte for byte.
    let text = parkaudit::io::project::to_ron_string(&p).expect("serializes");
    let back: Project = parkaudit::io::project::from_ron_str(&text, std::path::Path::new("t.ron"))
        .expect("reads back");
    assert_eq!(back.cbam, p.cbam);
    assert_eq!(
        parkaudit::io::project::to_ron_string(&back).expect("serializes"),
        text
    );
    edit::apply(
        &mut p,
        Edit::RemoveInstallation {
            entity_id: "E1".into(),
        },
        &who,
    )
    .expect("removes");
    assert_eq!(p.cbam.as_ref().map(|c| c.installations.len()), Some(0));
}

#[test]
fn invalid_installations_are_refused_and_the_project_is_unchanged() {
    let p0 = edit_project();
    let who = Actor::new("Li Ming", "", "");
    let refused = |f: &dyn Fn(&mut Installation)| {
        let mut p = p0.clone();
        let mut inst = clinker_installation();
        f(&mut inst);
        let e =
            edit::apply(&mut p, Edit::SetInstallation(Box::new(inst)), &who).expect_err("refused");
        assert_eq!(p, p0, "unchanged after {e}");
        e.to_string()
    };
    assert!(
        refused(&|i| i.processes[0].cn_codes = vec!["8501 10 00".into()])
            .contains("not a CBAM good")
    );
    assert!(
        refused(&|i| i.processes[0].cn_codes = vec!["7208 51 20".into()])
            .contains("another sector")
    );
    assert!(refused(&|i| i.processes[0].cn_codes = vec!["25231".into()]).contains("CN code"));
    assert!(refused(&|i| i.attributions[0].not_cbam_pct = 10.0).contains("more than 100"));
    assert!(refused(&|i| i.unlocode = "DEHAM".into()).contains("UN/LOCODE"));
    assert!(refused(&|i| i.country = "China".into()).contains("ISO 3166"));
    assert!(refused(&|i| i.latitude_deg = 91.0).contains("latitude"));
    assert!(refused(&|i| i.processes[0].activity_level_t = -1.0).contains("0 or more"));
    assert!(refused(&|i| i.processes[0].activity_level_t = f64::NAN).contains("finite"));
    assert!(refused(&|i| i.entity_id = "E9".into()).contains("E9"));
    assert!(
        refused(&|i| i.processes[0].consumes = vec![Consumption {
            precursor: "P7".into(),
            quantity_t: 1.0
        }])
        .contains("P7")
    );
    assert!(refused(&|i| i.attributions[0].shares[0].process = "P2".into()).contains("P2"));
    let msg = refused(&|i| {
        i.processes
            .push(process("P1", GoodsCategory::Cement, "2523 29 00", "", 1.0))
    });
    assert!(
        msg.contains("P1") && msg.contains("already exists"),
        "{msg}"
    );
    // The Chinese message names the field in Chinese.
    let mut p = p0.clone();
    let mut inst = clinker_installation();
    inst.attributions[0].not_cbam_pct = 10.0;
    let e = edit::apply(&mut p, Edit::SetInstallation(Box::new(inst)), &who).expect_err("refused");
    assert!(
        e.zh().starts_with("非CBAM货物比例") || e.zh().starts_with("分配比例"),
        "{}",
        e.zh()
    );
}

/// The sample park's goods: every installation computes, and its steel
/// installation's hot-rolled coil traces to pig iron and crude steel.
#[test]
fn the_sample_park_computes_every_good() {
    let text = include_str!("../sample-projects/jinghai-park/jinghai-park.ron");
    let p = parkaudit::io::project::from_ron_str(text, std::path::Path::new("sample.ron"))
        .expect("sample loads");
    let cbam = p.cbam.as_ref().expect("sample has CBAM installations");
    let sectors: std::collections::BTreeSet<CbamSector> = cbam
        .installations
        .iter()
        .flat_map(|i| i.processes.iter().map(|q| q.category.sector()))
        .collect();
    for s in [
        CbamSector::IronSteel,
        CbamSector::Aluminium,
        CbamSector::Cement,
        CbamSector::Fertilisers,
    ] {
        assert!(sectors.contains(&s), "{s:?}");
    }
    for r in cbam_goods::compute(&p) {
        let r = r.expect("computes");
        assert!(
            r.unattributed.is_empty(),
            "{}: {:?}",
            r.entity_id,
            r.unattributed
        );
        for g in &r.processes {
            assert!(g.counted() > 0.0, "{}/{}", r.entity_id, g.id);
        }
    }
}

fn sample() -> Project {
    let text = include_str!("../sample-projects/jinghai-park/jinghai-park.ron");
    parkaudit::io::project::from_ron_str(text, std::path::Path::new("sample.ron")).expect("loads")
}

/// The CBAM checks' messages for a project, as `[severity] good: message`.
fn cbam_results(p: &Project) -> Vec<String> {
    parkaudit::audit::cbam_checks::run(p, parkaudit::calc::library::bundled())
        .into_iter()
        .map(|f| {
            format!(
                "[{}] {}: {}",
                f.severity.label(),
                f.period.unwrap_or_default(),
                f.message
            )
        })
        .collect()
}

fn inst_mut<'a>(p: &'a mut Project, id: &str) -> &'a mut Installation {
    p.cbam
        .as_mut()
        .and_then(|c| c.installations.iter_mut().find(|i| i.entity_id == id))
        .expect("installation")
}

/// Each CBAM check fires on the defect it is for, and the sample raises
/// only its one default-values note.
#[test]
fn the_cbam_checks_find_what_they_are_for() {
    let p = sample();
    assert_eq!(
        cbam_results(&p),
        vec!["[Low] E02/P1: process P1 (EAF billet) reports on default values: The EAF shop and the ladle furnaces share meters that were not separated in 2024 (sample): default values until the 2025 metering upgrade".to_string()]
    );
    let one = |f: &dyn Fn(&mut Project)| {
        let mut q = p.clone();
        f(&mut q);
        let mut r = cbam_results(&q);
        r.retain(|m| !m.starts_with("[Low] E02/P1"));
        r
    };
    // No activity level: reported, and the SEE cannot be computed.
    let r = one(&|q| inst_mut(q, "E04").processes[0].activity_level_t = 0.0);
    assert!(
        r.iter().any(
            |m| m.starts_with("[High] E04/P1: process P1 (Grey clinker) has no activity level")
        ),
        "{r:?}"
    );
    assert!(
        r.iter().any(|m| m.contains("the SEE cannot be computed")),
        "{r:?}"
    );
    // Activity level out of line with the clinker the calcination records imply (±5 %).
    let r = one(&|q| inst_mut(q, "E04").processes[0].activity_level_t = 1_300_000.0);
    assert!(
        r.iter().any(|m| m.starts_with(
            "[Medium] E04/P1: process P1: activity level 1,300,000 t differs from the"
        )),
        "{r:?}"
    );
    // Consumed more than produced.
    let r = one(&|q| inst_mut(q, "E04").processes[0].activity_level_t = 1_200_000.0);
    assert!(r.iter().any(|m| m.contains("other processes consume 1,250,000 t of its good, more than its activity level 1,200,000")), "{r:?}");
    // Shares short of 100 %.
    let r = one(&|q| inst_mut(q, "E01").attributions[4].not_cbam_pct = 0.0);
    assert_eq!(r, vec!["[High] : the attribution of grid_electricity adds up to 95%, not 100% — give the rest to a process or to goods outside CBAM".to_string()]);
    // A source stream without attribution: its 12 records named.
    let mut q = p.clone();
    inst_mut(&mut q, "E01").attributions.remove(0);
    let found = parkaudit::audit::cbam_checks::run(&q, parkaudit::calc::library::bundled());
    let f = found
        .iter()
        .find(|f| f.message.contains("attributed to no process"))
        .expect("flagged");
    assert_eq!(f.record_ids.len(), 12);
    assert!(f.message.starts_with(
        "12 record(s) of the installation are attributed to no process (coke_reductant)"
    ));
    // SEE far from the default: aluminium at a tenth of its production is 10× over.
    let r = one(&|q| inst_mut(q, "E10").processes[0].activity_level_t = 12_000.0);
    assert!(r.iter().any(|m| m == "[Medium] E10/P1: Primary aluminium ingot (CN 7601): SEE 46.3 t CO₂e/t is 15.4× the default value 3 (China) — outside 0.3×–3×; ask for the explanation (technology, boundary, attribution)"), "{r:?}");
    // A supplier's SEE without evidence.
    let r = one(&|q| {
        if let PrecursorSee::Actual { evidence, .. } = &mut inst_mut(q, "E11").purchased[0].see {
            evidence.clear();
        }
    });
    assert!(
        r.iter()
            .any(|m| m.starts_with("[High] E11/PP1: purchased precursor PP1")),
        "{r:?}"
    );
    // A PPA without its contract.
    let r =
        one(&|q| inst_mut(q, "E10").electricity_source = ElectricitySource::PowerPurchaseAgreement);
    assert!(
        r.iter().any(|m| m.starts_with(
            "[High] : the electricity factor is an actual value (Power purchase agreement) without"
        )),
        "{r:?}"
    );
    // Grid declared, but a record uses the residual-mix factor.
    let r = one(&|q| {
        let i = q
            .activity
            .iter()
            .position(|r| r.entity_id == "E10" && r.activity == "grid_electricity")
            .expect("record");
        q.activity[i].factor_id = "cn.mee.grid.national.residual.2023".into();
    });
    assert!(r.iter().any(|m| m.starts_with("[Medium] E10/P1: process P1: 1 electricity record(s) use a factor that is not a grid average (cn.mee.grid.national.residual.2023)")), "{r:?}");
}

/// A sample drawn from the CBAM goods' records holds only records
/// attributed to a process (never E04's site vehicles, which go to goods
/// outside CBAM, nor a tenant without an installation); its key items are
/// measured against that population's total; extending it keeps the
/// population. A finding can name a good, and only one that exists.
#[test]
fn a_sample_of_the_cbam_goods_records_and_a_finding_on_a_good() {
    use parkaudit::audit::sampling::{Method, Population};
    let mut p = sample();
    let inv = parkaudit::calc::compute(&p).expect("computes");
    let members = Population::CbamGoods.members(&p).expect("a population");
    let attributed = |i: usize| {
        let r = &p.activity[i];
        ["E01", "E02", "E04", "E06", "E10", "E11"].contains(&r.entity_id.as_str())
            && r.activity != "diesel_site_vehicles"
    };
    assert!(members.iter().all(|&i| attributed(i)));
    assert_eq!(
        members.len(),
        (0..p.activity.len()).filter(|&i| attributed(i)).count()
    );
    let who = Actor::new("Li Ming", "", "");
    let cx = edit::Context {
        inventory: Some(&inv),
        ..edit::Context::now(&who)
    };
    edit::apply_in(
        &mut p,
        Edit::SaveSample {
            params: edit::SampleParams {
                seed: 7,
                key_pct: 5.0,
                size: 20,
                method: Method::TonneUnit,
                population: Population::CbamGoods,
            },
            replace: false,
        },
        &cx,
    )
    .expect("saves");
    let plan = p.verification.sample.clone().expect("saved");
    assert_eq!(plan.population, "cbam-goods");
    // The readiness report measures it against its own population, not every record.
    let analysis = parkaudit::audit::analyse(&p, true).expect("analyses");
    let gaps = parkaudit::audit::readiness(&p, &analysis);
    assert!(
        !gaps
            .iter()
            .any(|g| matches!(g, parkaudit::audit::Gap::SampleOutdated { .. })),
        "{:?}",
        gaps.iter().map(|g| g.en()).collect::<Vec<_>>()
    );
    let index = |id: &str| p.activity.iter().position(|r| r.id == id).expect("record");
    for id in plan.key_items.iter().chain(&plan.sampled) {
        assert!(
            members.contains(&index(id)),
            "{id} is not a CBAM goods record"
        );
    }
    let total: f64 = members.iter().map(|&i| inv.records[i].location_t).sum();
    for id in &plan.key_items {
        assert!(inv.records[index(id)].location_t >= total * 0.05);
    }
    assert_eq!(plan.population_count + plan.key_items.len(), members.len());
    edit::apply_in(&mut p, Edit::ExtendSample { additional: 5 }, &cx).expect("extends");
    let extended = p.verification.sample.clone().expect("saved");
    assert_eq!(extended.population, "cbam-goods");
    assert!(extended.sampled.starts_with(&plan.sampled));
    assert_eq!(extended.sampled.len(), plan.sampled.len() + 5);

    let finding = |goods: Vec<String>| edit::NewFinding {
        kind: FindingType::Observation,
        request: None,
        title: "Activity level of the hot strip mill not reconciled".into(),
        impact_t: 0.0,
        record_ids: vec![],
        entity_ids: vec![],
        goods,
        indicators: vec![],
    };
    let e = edit::apply(
        &mut p,
        Edit::RaiseFinding(finding(vec!["E01/P9".into()])),
        &who,
    )
    .expect_err("no such good");
    assert_eq!(e.to_string(), "no CBAM good E01/P9 in the project");
    edit::apply(
        &mut p,
        Edit::RaiseFinding(finding(vec!["E01/P3".into()])),
        &who,
    )
    .expect("raises");
    let f = p.verification.findings.last().expect("raised");
    assert_eq!(f.goods, vec!["E01/P3".to_string()]);
    assert!(
        p.trail
            .last()
            .is_some_and(|e| e.detail.ends_with(", CBAM goods E01/P3"))
    );
}

/// The CBAM section is in the data section's digest, as
/// `docs/project-format.md` specifies it: a project without one keeps the
/// digest of earlier builds, and a change of an activity level voids the
/// data sign-offs.
#[test]
fn the_cbam_section_is_covered_by_the_data_digest_as_specified() {
    use parkaudit::audit::digest::section_digest;
    use sha2::{Digest, Sha256};
    let mut p = edit_project();
    let inv = parkaudit::calc::compute(&p).expect("computes");
    let without = section_digest(&p, &inv, Section::Data);
    p.cbam = Some(Cbam {
        declaration_year: 2026,
        certificate_price_eur: 80.0,
        installations: Vec::new(),
    });
    // Built by hand from the specification: the records as before, then
    // 'o' "cbam" 'i' "declaration_year" 2026 'f' "certificate_price_eur" 80.0 'e'.
    fn s(h: &mut Sha256, t: &str) {
        h.update((t.len() as u64).to_be_bytes());
        h.update(t.as_bytes());
    }
    let mut h = Sha256::new();
    s(&mut h, "parkaudit/section-digest/v2");
    s(&mut h, "data");
    let with = section_digest(&p, &inv, Section::Data);
    assert_ne!(with, without);
    // The CBAM object's own bytes, checked on a project with no records.
    let mut bare = Project::new("x", 2024);
    bare.cbam = p.cbam.clone();
    let inv0 = parkaudit::calc::compute(&bare).expect("computes");
    h.update([b'o']);
    s(&mut h, "cbam");
    h.update([b'i']);
    s(&mut h, "declaration_year");
    h.update(2026i64.to_be_bytes());
    h.update([b'f']);
    s(&mut h, "certificate_price_eur");
    h.update(80.0f64.to_bits().to_be_bytes());
    h.update([b'e']);
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(section_digest(&bare, &inv0, Section::Data), hex);
    // An activity level changed: the data digest changes.
    let who = Actor::new("Li Ming", "", "");
    edit::apply(
        &mut p,
        Edit::SetInstallation(Box::new(clinker_installation())),
        &who,
    )
    .expect("valid");
    let before = section_digest(&p, &inv, Section::Data);
    let mut inst = clinker_installation();
    inst.processes[0].activity_level_t = 1_100.0;
    edit::apply(&mut p, Edit::SetInstallation(Box::new(inst)), &who).expect("valid");
    assert_ne!(section_digest(&p, &inv, Section::Data), before);
}

/// The template's attribution with every flow (D_Processes): DirEm 10,000 t
/// coal × 1.9 = 19,000; heat imported 100 TJ × 60 = 6,000; heat exported
/// 20 TJ × 50 = 1,000; waste gas imported 10 TJ × 56.1 = 561; exported
/// 30 TJ × 56.1 × 0.667 = 1,122.561; electricity produced 2,000 MWh × 0.8 =
/// 1,600. Direct = 19,000 + 6,000 − 1,000 + 561 − 1,122.561 − 1,600 =
/// 21,838.439 t; per 10,000 t clinker 2.1838439. With 100,000 MWh produced
/// the sum is negative and the attribution is floored at 0.
#[test]
fn heat_waste_gas_and_electricity_produced_enter_the_attribution() {
    let p = project(
        "cement",
        &[("kiln_coal", 1, 10_000.0, Unit::Tonne, "f.coal")],
    );
    let mut clinker = process(
        "P1",
        GoodsCategory::CementClinker,
        "2523 10 00",
        "A",
        10_000.0,
    );
    clinker.flows = Flows {
        heat_imported_tj: 100.0,
        heat_imported_t_per_tj: 60.0,
        heat_exported_tj: 20.0,
        heat_exported_t_per_tj: 50.0,
        waste_gas_imported_tj: 10.0,
        waste_gas_exported_tj: 30.0,
        electricity_produced_mwh: 2_000.0,
        electricity_produced_t_per_mwh: 0.8,
        electricity_exported_mwh: 0.0,
        source: "heat and power meters".into(),
    };
    let mut inst = installation(vec![clinker], vec![attr("kiln_coal", &[("P1", 100.0)])]);
    let g = solve(&p, &inst, 0.0).processes[0].clone();
    assert!(close(g.dir_em_t, 19_000.0));
    assert!(close(g.heat_t, 5_000.0));
    assert!(close(g.waste_gas_t, 561.0 - 1_122.561), "{}", g.waste_gas_t);
    assert!(close(g.electricity_produced_t, 1_600.0));
    assert!(close(g.direct_t, 21_838.439), "{}", g.direct_t);
    assert!(close(g.see.direct, 2.183_843_9), "{:?}", g.see);
    inst.processes[0].flows.electricity_produced_mwh = 100_000.0;
    let g = solve(&p, &inst, 0.0).processes[0].clone();
    assert_eq!(g.direct_t, 0.0);
}
