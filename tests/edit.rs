//! The edit layer: each rule refuses with a typed error and leaves the
//! project byte-identical; an applied edit appends exactly one chained trail
//! entry with its stable action name and fields; the same edits give the same
//! project (property tests over random sequences, valid and invalid).

mod common;

use common::{factor, project, record};
use parkaudit::audit::sampling::Method;
use parkaudit::edit::{
    self, Context, Edit, EditError, EngagementField, EntityChange, FindingChange,
    MethodologyChange, NewFinding, ParkField, Refusal, SampleParams, TestInput,
};
use parkaudit::io::to_ron_string;
use parkaudit::model::*;
use proptest::prelude::*;

/// E1 fully controlled; 12 monthly records of 100 t coal at 1,900 kg CO2/t
/// (190 t each, 2,280 t in all) and one of 1 kg NF3 (R13).
fn base() -> Project {
    let mut p = project(
        vec![
            factor("coal", Unit::Tonne, &[(Gas::Co2, 1_900.0)]),
            factor("nf3", Unit::Kg, &[(Gas::Nf3, 1.0)]),
        ],
        (1..=12u8)
            .map(|m| record(&format!("R{m:02}"), "E1", m, 1, 100.0, Unit::Tonne, "coal"))
            .chain([record("R13", "E1", 1, 1, 1.0, Unit::Kg, "nf3")])
            .collect(),
    );
    p.entities
        .push(common::entity("E2", 40.0, false, false, true));
    p.gwp_snapshot = Some(parkaudit::calc::gwp::snapshot(p.methodology.gwp_set));
    p
}

fn li() -> Actor {
    Actor::new("Li Ming", "Example Verification Co.", "Lead verifier")
}

const AT: &str = "2026-12-02T08:00:00Z";

fn apply_as(p: &mut Project, e: Edit, who: &Actor) -> Result<edit::Applied, EditError> {
    let cx = Context {
        actor: who,
        at: AT.into(),
        inventory: None,
    };
    edit::apply_in(p, e, &cx)
}

fn apply(p: &mut Project, e: Edit) -> Result<edit::Applied, EditError> {
    apply_as(p, e, &li())
}

/// Asserts `e` is refused with `want` and changes nothing.
fn refused(p: &mut Project, e: Edit, want: EditError) {
    let before = to_ron_string(p).expect("serialises");
    let got = apply(p, e.clone()).expect_err(&format!("{e:?} is refused"));
    assert_eq!(got, want, "{e:?}");
    assert_eq!(
        to_ron_string(p).expect("serialises"),
        before,
        "{e:?} left the project as it was"
    );
}

fn invalid(field: &'static str, value: &str, rule: Refusal) -> EditError {
    EditError::Invalid {
        field,
        value: value.into(),
        rule,
    }
}

#[test]
fn invalid_values_are_refused_naming_field_and_rule() {
    let mut p = base();
    refused(
        &mut p,
        Edit::Park(ParkField::ReportingYear(1800)),
        invalid("park.reporting_year", "1800", Refusal::YearRange),
    );
    let pct = Refusal::Percentage {
        zero_allowed: false,
    };
    for v in [0.0, -1.0, 100.5, f64::NAN] {
        refused(
            &mut p,
            Edit::Engagement(EngagementField::MaterialityPct(v)),
            invalid("engagement.materiality_pct", &v.to_string(), pct.clone()),
        );
    }
    refused(
        &mut p,
        Edit::Entity {
            id: "E1".into(),
            change: EntityChange::OwnershipPct(120.0),
        },
        invalid(
            "entity.ownership_pct",
            "120",
            Refusal::Percentage { zero_allowed: true },
        ),
    );
    refused(
        &mut p,
        Edit::Entity {
            id: "E9".into(),
            change: EntityChange::Included(false),
        },
        EditError::NotFound {
            what: "entity",
            id: "E9".into(),
        },
    );
    refused(
        &mut p,
        Edit::Engagement(EngagementField::MaterialityPct(5.0)),
        EditError::Unchanged {
            what: "engagement.materiality_pct",
            value: "5".into(),
        },
    );
    // The message names the field and says what to do, in both languages.
    let e = apply(&mut p, Edit::Park(ParkField::BaseYear(3000))).expect_err("refused");
    assert_eq!(
        e.to_string(),
        "park.base_year = 3000: give a year between 1990 and 2100"
    );
    assert_eq!(e.zh(), "基准年 = 3000：请填写1990至2100之间的年份");
}

#[test]
fn a_methodology_the_engine_cannot_compute_is_refused() {
    let mut p = base();
    // SAR (1995) gives no GWP for NF3, which record R13's factor emits.
    refused(
        &mut p,
        Edit::Methodology(MethodologyChange::GwpSet(GwpSet::SAR)),
        EditError::NoGwp {
            set: "SAR".into(),
            missing: vec!["nf3: NF3".into()],
        },
    );
    // Without that factor, SAR computes and its values are frozen.
    p.activity.retain(|r| r.id != "R13");
    p.factors.retain(|f| f.id != "nf3");
    let a = apply(
        &mut p,
        Edit::Methodology(MethodologyChange::GwpSet(GwpSet::SAR)),
    )
    .expect("applies");
    assert_eq!(a.action, "methodology.gwp_set");
    assert_eq!(p.gwp_snapshot.as_ref().map(|s| s.set), Some(GwpSet::SAR));
    assert!(parkaudit::calc::compute(&p).is_ok());
    // A library factor of another activity cannot be the default for this one.
    refused(
        &mut p,
        Edit::Methodology(MethodologyChange::DefaultFactor {
            activity: "coke".into(),
            factor_id: Some("ipcc2006.stationary.manufacturing.diesel".into()),
        }),
        EditError::FactorActivity {
            activity: "coke".into(),
            factor: "ipcc2006.stationary.manufacturing.diesel".into(),
            factor_activity: "diesel".into(),
        },
    );
    // A right one is frozen into the project with the rule.
    apply(
        &mut p,
        Edit::Methodology(MethodologyChange::DefaultFactor {
            activity: "diesel".into(),
            factor_id: Some("ipcc2006.stationary.manufacturing.diesel".into()),
        }),
    )
    .expect("applies");
    assert!(
        p.factor("ipcc2006.stationary.manufacturing.diesel")
            .is_some_and(|f| f.library_version.is_some())
    );
}

fn misstatement(title: &str, records: &[&str]) -> Edit {
    Edit::RaiseFinding(NewFinding {
        kind: FindingType::Misstatement,
        request: Some(Request::CorrectiveAction),
        title: title.into(),
        impact_t: 19.0,
        record_ids: records.iter().map(|r| r.to_string()).collect(),
        entity_ids: Vec::new(),
        goods: Vec::new(),
        indicators: Vec::new(),
    })
}

#[test]
fn findings_are_raised_by_the_actor_and_closed_only_with_a_conclusion() {
    let mut p = base();
    refused(
        &mut p,
        misstatement("  ", &[]),
        invalid("finding.title", "", Refusal::Required),
    );
    refused(
        &mut p,
        misstatement("Coal in March", &["R99"]),
        EditError::NotFound {
            what: "record",
            id: "R99".into(),
        },
    );
    let a = apply(&mut p, misstatement("Coal in March", &["R03"])).expect("raised");
    assert_eq!(a.created.as_deref(), Some("F001"));
    let f = &p.verification.findings[0];
    assert_eq!(
        (f.raised_by.as_str(), f.raised_at.as_str()),
        ("Li Ming", AT)
    );
    refused(
        &mut p,
        Edit::Finding {
            id: "F001".into(),
            change: FindingChange::Status(FindingStatus::Closed),
        },
        EditError::CloseWithoutConclusion { id: "F001".into() },
    );
    apply(
        &mut p,
        Edit::Finding {
            id: "F001".into(),
            change: FindingChange::Conclusion("Corrected".into()),
        },
    )
    .expect("concluded");
    apply(
        &mut p,
        Edit::Finding {
            id: "F001".into(),
            change: FindingChange::Status(FindingStatus::Closed),
        },
    )
    .expect("closed");
    let e = p.trail.last().expect("recorded");
    assert_eq!(
        (
            e.action.as_str(),
            e.field("finding"),
            e.field("from"),
            e.field("to")
        ),
        ("finding.status", Some("F001"), Some("open"), Some("closed"))
    );
    assert_eq!(
        (
            e.who.as_str(),
            e.organisation.as_str(),
            e.role.as_str(),
            e.identified_by.as_str()
        ),
        (
            "Li Ming",
            "Example Verification Co.",
            "Lead verifier",
            "profile"
        )
    );
}

fn params(size: usize) -> SampleParams {
    SampleParams {
        seed: 7,
        key_pct: 20.0,
        size,
        method: Method::TonneUnit,
        population: parkaudit::audit::sampling::Population::Inventory,
    }
}

fn test_of(id: &str, result: TestResult) -> TestInput {
    TestInput {
        record_id: id.into(),
        result,
        evidence_ref: format!("INV-{id}"),
        tickmark: String::new(),
        comment: String::new(),
    }
}

#[test]
fn tests_opinion_and_sample_follow_the_rules() {
    let mut p = base();
    // Twelve equal records: the projection below is exact.
    p.activity.retain(|r| r.id != "R13");
    refused(
        &mut p,
        Edit::RecordTests(vec![test_of("R01", TestResult::Agreed)]),
        EditError::NoSample,
    );
    apply(
        &mut p,
        Edit::SaveSample {
            params: params(2),
            replace: false,
        },
    )
    .expect("saved");
    let plan = p.verification.sample.clone().expect("saved");
    // No record is 20 % of the total (190 of 2,280 t): no key items.
    assert_eq!((plan.key_items.len(), plan.sampled.len()), (0, 2));
    let (a, b) = (plan.sampled[0].clone(), plan.sampled[1].clone());
    let outside = ["R01", "R02", "R03"]
        .into_iter()
        .find(|r| !plan.sampled.iter().any(|s| s == r))
        .expect("a record outside the sample");
    refused(
        &mut p,
        Edit::RecordTests(vec![test_of(outside, TestResult::Agreed)]),
        EditError::NotInSample { id: outside.into() },
    );
    refused(
        &mut p,
        Edit::RecordTests(vec![
            test_of(&a, TestResult::Agreed),
            test_of(&a, TestResult::NotSupported),
        ]),
        EditError::Duplicate {
            what: "test result for record",
            id: a.clone(),
        },
    );
    refused(
        &mut p,
        Edit::RecordTests(vec![test_of(
            &a,
            TestResult::Misstated {
                verified_quantity: -5.0,
            },
        )]),
        invalid("test.verified_quantity", "-5", Refusal::Negative),
    );
    refused(
        &mut p,
        Edit::ConfirmOpinion,
        EditError::UntestedItems {
            count: 2,
            first: a.clone(),
        },
    );
    // Both at once, in one trail entry.
    apply(
        &mut p,
        Edit::RecordTests(vec![
            test_of(&a, TestResult::Agreed),
            test_of(
                &b,
                TestResult::Misstated {
                    verified_quantity: 85.0,
                },
            ),
        ]),
    )
    .expect("recorded");
    let e = p.trail.last().expect("recorded");
    assert_eq!(e.action, "test.record");
    assert_eq!(
        e.fields
            .iter()
            .filter(|(k, _)| k == "record")
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>(),
        [a.as_str(), b.as_str()]
    );
    refused(
        &mut p,
        Edit::SaveSample {
            params: params(3),
            replace: false,
        },
        EditError::SampleHasTests { tests: 2 },
    );
    // The tonne-unit projection: 15 % tainting × 2,280 t / 2 tested = 171 t,
    // 1.5 × the threshold of 5 % of 2,280 t = 114 t → modified.
    let inv = parkaudit::calc::compute(&p).expect("computes");
    let (proposed, _) = parkaudit::audit::evaluation::proposed_opinion(&p, &inv);
    assert_eq!(proposed, Opinion::Modified);
    refused(
        &mut p,
        Edit::OverrideOpinion {
            opinion: Opinion::Unmodified,
            reason: " ".into(),
        },
        EditError::OverrideWithoutReason,
    );
    refused(
        &mut p,
        Edit::OverrideOpinion {
            opinion: Opinion::Modified,
            reason: "x".into(),
        },
        EditError::OverrideIsProposal {
            opinion: Opinion::Modified,
        },
    );
    apply(&mut p, Edit::ConfirmOpinion).expect("confirmed");
    let o = p.verification.opinion.as_ref().expect("recorded");
    assert_eq!((o.chosen, o.who.as_str()), (Opinion::Modified, "Li Ming"));
    // Extending keeps the earlier selection and its tests.
    apply(&mut p, Edit::ExtendSample { additional: 2 }).expect("extended");
    let ext = p.verification.sample.as_ref().expect("saved");
    assert_eq!(ext.sampled.len(), 4);
    assert_eq!(ext.sampled[..2], plan.sampled[..]);
    assert_eq!(p.verification.tests.len(), 2);
    // Replacing sets the tests of records no longer sampled aside, never deletes them.
    apply(
        &mut p,
        Edit::SaveSample {
            params: SampleParams {
                seed: 8,
                ..params(1)
            },
            replace: true,
        },
    )
    .expect("replaced");
    let v = &p.verification;
    assert_eq!(v.tests.len() + v.set_aside_tests.len(), 2);
    assert_eq!(
        p.trail.last().and_then(|e| e.field("tests_set_aside")),
        Some(v.set_aside_tests.len().to_string().as_str())
    );
}

#[test]
fn sign_offs_keep_their_order_and_separation_of_duties() {
    let mut p = base();
    let ann = Actor::new("Ann", "", "");
    let bob = Actor::new("Bob", "", "");
    let so = |section, role| Edit::SignOff { section, role };
    let before = to_ron_string(&p).expect("ron");
    let e = apply_as(&mut p, so(Section::Boundary, Role::Reviewer), &ann).expect_err("order");
    assert_eq!(
        e,
        EditError::EarlierRole {
            section: Section::Boundary,
            role: Role::Reviewer,
            missing: Role::Preparer
        }
    );
    assert_eq!(to_ron_string(&p).expect("ron"), before);
    apply_as(&mut p, so(Section::Boundary, Role::Preparer), &ann).expect("preparer");
    assert_eq!(
        apply_as(&mut p, so(Section::Methodology, Role::Reviewer), &bob),
        Err(EditError::EarlierRole {
            section: Section::Methodology,
            role: Role::Reviewer,
            missing: Role::Preparer
        })
    );
    assert_eq!(
        apply_as(&mut p, so(Section::Boundary, Role::Reviewer), &ann),
        Err(EditError::SeparationOfDuties {
            who: "Ann".into(),
            section: Section::Boundary,
            role: Role::Reviewer,
            other: Role::Preparer
        })
    );
    assert_eq!(
        apply_as(&mut p, so(Section::Boundary, Role::Preparer), &bob),
        Err(EditError::AlreadySignedOff {
            section: Section::Boundary,
            role: Role::Preparer
        })
    );
    apply_as(&mut p, so(Section::Boundary, Role::Reviewer), &bob).expect("reviewer");
    assert_eq!(
        apply_as(&mut p, so(Section::Data, Role::Preparer), &ann),
        Err(EditError::EarlierSection {
            section: Section::Data,
            role: Role::Preparer,
            missing: Section::Methodology
        })
    );
    // The trail entry names section and role by their stable keys.
    let e = p.trail.last().expect("recorded");
    assert_eq!(
        (e.action.as_str(), e.field("section"), e.field("role")),
        ("signoff", Some("boundary"), Some("reviewer"))
    );
    assert_eq!(
        e.field("digest"),
        Some(p.verification.signoffs[1].section_digest.as_str())
    );
    parkaudit::audit::trail::verify(&p).expect("chains; sign-offs match their entries");
}

#[test]
fn an_import_batch_is_merged_once() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/small.xlsx");
    let mut p = Project::new("P", 2024);
    let options = parkaudit::io::import::ImportOptions {
        imported_at: AT.into(),
        ..Default::default()
    };
    let out = parkaudit::io::import::import_workbook(&p, &path, &options).expect("validates");
    let batch = out.batch.expect("all rows taken");
    let a = apply(&mut p, Edit::Import(Box::new(batch.clone()))).expect("merged");
    assert_eq!(a.created.as_deref(), Some("1"));
    assert_eq!(
        (p.entities.len(), p.activity.len(), p.imports.len()),
        (2, 3, 1)
    );
    assert!(p.gwp_snapshot.is_some(), "the GWP values are frozen");
    let e = p.trail.last().expect("recorded");
    assert_eq!(
        (e.action.as_str(), e.field("records"), e.field("file")),
        ("import", Some("3"), Some("small.xlsx"))
    );
    // The same batch again: it no longer fits (the next import is number 2).
    let before = to_ron_string(&p).expect("ron");
    let again = apply(&mut p, Edit::Import(Box::new(batch.clone()))).expect_err("refused");
    assert!(matches!(again, EditError::StaleImport { .. }), "{again}");
    // Renumbered, it is still the same workbook.
    let mut renumbered = batch;
    renumbered.import.id = 2;
    let twice = apply(&mut p, Edit::Import(Box::new(renumbered))).expect_err("refused");
    assert!(
        matches!(twice, EditError::AlreadyImported { id: 1, .. }),
        "{twice}"
    );
    assert_eq!(to_ron_string(&p).expect("ron"), before);
}

/// A pool of edits, valid and invalid, for random sequences.
fn any_edit() -> impl Strategy<Value = Edit> {
    let text = prop_oneof![Just(String::new()), "[a-zA-Z 京海]{1,12}"];
    let pct = prop_oneof![Just(f64::NAN), -5.0..150.0f64];
    let year = 1980..2110i32;
    let entity = prop_oneof![
        Just("E1".to_string()),
        Just("E2".to_string()),
        Just("E9".to_string())
    ];
    let record = prop_oneof![
        Just("R01".to_string()),
        Just("R05".to_string()),
        Just("R13".to_string()),
        Just("R99".to_string())
    ];
    prop_oneof![
        text.clone().prop_map(|t| Edit::Park(ParkField::Name(t))),
        year.clone()
            .prop_map(|y| Edit::Park(ParkField::ReportingYear(y))),
        year.prop_map(|y| Edit::Park(ParkField::BaseYear(y))),
        text.clone()
            .prop_map(|t| Edit::Engagement(EngagementField::LeadAuditor(t))),
        pct.clone()
            .prop_map(|v| Edit::Engagement(EngagementField::MaterialityPct(v))),
        (entity.clone(), pct).prop_map(|(id, v)| Edit::Entity {
            id,
            change: EntityChange::OwnershipPct(v)
        }),
        (entity.clone(), any::<bool>()).prop_map(|(id, v)| Edit::Entity {
            id,
            change: EntityChange::Included(v)
        }),
        (entity, text.clone()).prop_map(|(id, t)| Edit::Entity {
            id,
            change: EntityChange::Justification(t)
        }),
        prop::sample::select(GwpSet::ALL.to_vec())
            .prop_map(|g| Edit::Methodology(MethodologyChange::GwpSet(g))),
        prop::sample::select(Consolidation::ALL.to_vec())
            .prop_map(|c| Edit::Methodology(MethodologyChange::Consolidation(c))),
        (prop::sample::select(Scope::ALL.to_vec()), any::<bool>())
            .prop_map(|(s, on)| Edit::Methodology(MethodologyChange::Scope(s, on))),
        (text.clone(), prop::collection::vec(record.clone(), 0..2)).prop_map(|(t, r)| {
            Edit::RaiseFinding(NewFinding {
                kind: FindingType::Misstatement,
                request: None,
                title: t,
                impact_t: 1.0,
                record_ids: r,
                entity_ids: Vec::new(),
                goods: Vec::new(),
                indicators: Vec::new(),
            })
        }),
        (
            prop::sample::select(FindingStatus::ALL.to_vec()),
            text.clone()
        )
            .prop_map(|(s, t)| Edit::Finding {
                id: "F001".into(),
                change: if t.is_empty() {
                    FindingChange::Status(s)
                } else {
                    FindingChange::Conclusion(t)
                }
            }),
        (0..4usize, any::<bool>()).prop_map(|(n, replace)| Edit::SaveSample {
            params: params(n),
            replace
        }),
        record.prop_map(|r| Edit::RecordTests(vec![test_of(&r, TestResult::Agreed)])),
        Just(Edit::ConfirmOpinion),
        (
            prop::sample::select(Section::ALL.to_vec()),
            prop::sample::select(Role::ALL.to_vec())
        )
            .prop_map(|(section, role)| Edit::SignOff { section, role }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever the sequence: a refused edit changes nothing, an applied one
    /// adds exactly one entry naming its action, the trail always chains, and
    /// the same sequence gives the same project.
    #[test]
    fn every_edit_is_all_or_nothing_and_recorded_once(
        edits in prop::collection::vec((any_edit(), any::<bool>()), 1..24)
    ) {
        let actors = [li(), Actor::new("Wang Fang", "Example Verification Co.", "Reviewer")];
        let run = |edits: &[(Edit, bool)]| {
            let mut p = base();
            for (e, second) in edits {
                let before = to_ron_string(&p).expect("ron");
                let n = p.trail.len();
                match apply_as(&mut p, e.clone(), &actors[usize::from(*second)]) {
                    Ok(a) => {
                        prop_assert_eq!(p.trail.len(), n + 1);
                        prop_assert_eq!(p.trail.last().map(|t| t.action.as_str()), Some(a.action));
                    }
                    Err(_) => prop_assert_eq!(to_ron_string(&p).expect("ron"), before),
                }
                prop_assert!(parkaudit::audit::trail::verify(&p).is_ok());
            }
            Ok(to_ron_string(&p).expect("ron"))
        };
        let first = run(&edits)?;
        let second = run(&edits)?;
        prop_assert_eq!(first, second);
    }
}

#[test]
fn a_sample_is_extended_only_while_its_population_is_the_same() {
    let mut p = base();
    p.activity.retain(|r| r.id != "R13");
    apply(
        &mut p,
        Edit::SaveSample {
            params: params(2),
            replace: false,
        },
    )
    .expect("saved");
    // A record imported after the draw was never in its population.
    let mut r = record("R14", "E1", 12, 1, 5_000.0, Unit::Tonne, "coal");
    r.evidence_ref = "late invoice".into();
    p.activity.push(r);
    let before = to_ron_string(&p).expect("ron");
    let e = apply(&mut p, Edit::ExtendSample { additional: 2 }).expect_err("outdated");
    assert!(matches!(e, EditError::SampleOutdated { .. }), "{e}");
    assert_eq!(to_ron_string(&p).expect("ron"), before);
    let gaps =
        parkaudit::audit::readiness(&p, &parkaudit::audit::analyse(&p, true).expect("computes"));
    assert!(
        gaps.contains(&parkaudit::audit::Gap::SampleOutdated {
            drawn_from: 12,
            records: 13
        }),
        "{gaps:#?}"
    );
}

#[test]
fn a_review_names_a_result_the_checks_give_now() {
    let mut p = base();
    refused(
        &mut p,
        Edit::ReviewChecks {
            keys: vec!["anomaly/E1/2024-03/00000000".into()],
            note: "explained".into(),
        },
        EditError::NotFound {
            what: "high or medium check result (the data may have changed since it was shown)",
            id: "anomaly/E1/2024-03/00000000".into(),
        },
    );
}

#[test]
fn frozen_values_are_kept_only_with_a_reason_and_only_when_they_differ() {
    let mut p = base();
    p.factors.push(
        parkaudit::calc::library::bundled().factors[0]
            .factor
            .clone(),
    );
    refused(
        &mut p,
        Edit::KeepFrozenValues {
            note: "in force for 2024".into(),
        },
        EditError::NothingToKeep {
            library: parkaudit::calc::library::LIBRARY_VERSION.into(),
        },
    );
    // The frozen value differs from the library (an older library's value).
    p.factors.last_mut().expect("pushed").components[0].kg_per_unit *= 1.01;
    let gaps = |p: &Project| {
        parkaudit::audit::readiness(p, &parkaudit::audit::analyse(p, true).expect("computes"))
            .into_iter()
            .filter(|g| g.kind() == "library_differs")
            .count()
    };
    assert_eq!(gaps(&p), 1);
    refused(
        &mut p,
        Edit::KeepFrozenValues { note: " ".into() },
        invalid("methodology.kept_library", "", Refusal::Required),
    );
    apply(
        &mut p,
        Edit::KeepFrozenValues {
            note: "in force for the reporting year 2024".into(),
        },
    )
    .expect("kept");
    assert_eq!(gaps(&p), 0);
    let e = p.trail.last().expect("recorded");
    assert_eq!(
        (e.action.as_str(), e.field("note")),
        ("factors.keep", Some("in force for the reporting year 2024"))
    );
}

#[test]
fn an_empty_justification_is_left_as_it_is_when_nothing_changes() {
    let mut p = base();
    p.entities[1].exclusion_reason = Some(String::new());
    refused(
        &mut p,
        Edit::Entity {
            id: "E2".into(),
            change: EntityChange::Justification(String::new()),
        },
        EditError::Unchanged {
            what: "entity.justification",
            value: String::new(),
        },
    );
    assert_eq!(p.entities[1].exclusion_reason.as_deref(), Some(""));
}
