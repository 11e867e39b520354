//! Findings, materiality, the proposed opinion, sign-offs and the trail.

mod common;

use common::*;
use parkaudit::audit::evaluation::{self, MaterialityState};
use parkaudit::calc;
use parkaudit::model::*;
use std::process::Command;

/// 12 records of 100 t coal × 1.9 t/t = 2,280 t; materiality 5 % = 114 t.
fn base() -> Project {
    project(
        vec![factor("coal", Unit::Tonne, &[(Gas::Co2, 1_900.0)])],
        (1..=12u8)
            .map(|m| record(&format!("R{m:02}"), "E1", m, 1, 100.0, Unit::Tonne, "coal"))
            .collect(),
    )
}

fn finding(id: &str, kind: FindingType, impact: f64) -> Finding {
    Finding {
        id: id.into(),
        kind,
        request: Some(Request::CorrectiveAction),
        title: "t".into(),
        record_ids: vec![],
        entity_ids: vec![],
        goods: vec![],
        indicators: Vec::new(),
        impact_t: impact,
        corrected: false,
        status: FindingStatus::Open,
        client_response: String::new(),
        conclusion: String::new(),
        raised_by: "v".into(),
        raised_at: "t".into(),
    }
}

fn eval(p: &Project) -> (evaluation::Materiality, Opinion) {
    let inv = calc::compute(p).expect("computes");
    (
        evaluation::materiality(p, &inv),
        evaluation::proposed_opinion(p, &inv).0,
    )
}

#[test]
fn materiality_states_and_opinions() {
    let mut p = base();
    // Nothing sampled or tested: no opinion can be concluded.
    let (m, o) = eval(&p);
    assert!((m.threshold_t - 114.0).abs() < 1e-9);
    assert_eq!((m.state, o), (MaterialityState::Below, Opinion::Disclaimer));
    // One record sampled and agreed: the evaluation concludes.
    p.verification.sample = Some(SamplePlan {
        seed: 1,
        method: "TonneUnit".into(),
        key_pct: 100.0,
        size: 1,
        key_items: vec![],
        sampled: vec!["R01".into()],
        population_t: 2_280.0,
        population_count: 12,
        population: String::new(),
    });
    p.verification.tests = vec![SampleTest {
        record_id: "R01".into(),
        result: TestResult::Agreed,
        evidence_ref: "inv".into(),
        tickmark: "✓".into(),
        comment: String::new(),
        who: "v".into(),
        at: "t".into(),
    }];
    let (m, o) = eval(&p);
    assert_eq!((m.state, o), (MaterialityState::Below, Opinion::Unmodified));
    // 60 t over: 53 % of the threshold → near; still unmodified.
    p.verification
        .findings
        .push(finding("F001", FindingType::Misstatement, 60.0));
    let (m, o) = eval(&p);
    assert_eq!((m.state, o), (MaterialityState::Near, Opinion::Unmodified));
    assert!((m.ratio - 60.0 / 114.0).abs() < 1e-12);
    // Gross and net: an understatement of 30 t nets against it.
    p.verification
        .findings
        .push(finding("F002", FindingType::Misstatement, -30.0));
    let (m, _) = eval(&p);
    assert_eq!((m.uncorrected_gross_t, m.uncorrected_net_t), (90.0, 30.0));
    // Above the threshold → modified; twice → adverse; corrected misstatements do not count.
    p.verification.findings[1].impact_t = 60.0;
    assert_eq!(eval(&p), (eval(&p).0, Opinion::Modified));
    assert_eq!(eval(&p).0.state, MaterialityState::Above);
    p.verification.findings[1].impact_t = 200.0;
    assert_eq!(eval(&p).1, Opinion::Adverse);
    p.verification.findings[1].corrected = true;
    assert_eq!(eval(&p).1, Opinion::Unmodified);
    // An open non-conformity modifies the opinion until closed.
    p.verification
        .findings
        .push(finding("F003", FindingType::NonConformity, 0.0));
    assert_eq!(eval(&p).1, Opinion::Modified);
    p.verification.findings[2].status = FindingStatus::Closed;
    assert_eq!(eval(&p).1, Opinion::Unmodified);
}

#[test]
fn sample_misstatements_are_projected() {
    let mut p = base();
    // Two sampled records (190 t each) from a population of 2,280 t, no key items.
    p.verification.sample = Some(SamplePlan {
        seed: 1,
        method: "TonneUnit".into(),
        key_pct: 100.0,
        size: 2,
        key_items: vec![],
        sampled: vec!["R01".into(), "R02".into()],
        population_t: 2_280.0,
        population_count: 12,
        population: String::new(),
    });
    let test = |id: &str, result| SampleTest {
        record_id: id.into(),
        result,
        evidence_ref: "inv".into(),
        tickmark: "✓".into(),
        comment: String::new(),
        who: "v".into(),
        at: "t".into(),
    };
    p.verification.tests = vec![
        test(
            "R01",
            TestResult::Misstated {
                verified_quantity: 85.0,
            },
        ),
        test("R02", TestResult::Agreed),
    ];
    // Tainting 15 % × sampling interval 2,280 / 2 = 171 t: 1.5 × the threshold → modified.
    let (m, o) = eval(&p);
    assert!((m.projected_t - 171.0).abs() < 1e-9, "{}", m.projected_t);
    assert_eq!((m.state, o), (MaterialityState::Above, Opinion::Modified));
    // Half the tested items without evidence: a scope limitation → disclaimer.
    p.verification.tests[0].result = TestResult::NotSupported;
    assert_eq!(eval(&p).1, Opinion::Disclaimer);
}

/// A sign-off through the edit layer, as `who`; the refusal as text.
fn sign_off(p: &mut Project, section: Section, role: Role, who: &str) -> Result<(), String> {
    let actor = parkaudit::model::Actor::new(who, "", "");
    parkaudit::edit::apply(p, parkaudit::edit::Edit::SignOff { section, role }, &actor)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[test]
fn signoffs_in_order_and_void_after_edits() {
    let mut p = base();
    let inv = calc::compute(&p).expect("computes");
    let so = |p: &mut Project, s, r: Role| sign_off(p, s, r, r.label());
    assert!(
        so(&mut p, Section::Boundary, Role::Reviewer)
            .unwrap_err()
            .contains("needs the Preparer's sign-off")
    );
    assert!(
        so(&mut p, Section::Methodology, Role::Preparer)
            .unwrap_err()
            .contains("must sign off Boundary before Methodology")
    );
    so(&mut p, Section::Boundary, Role::Preparer).expect("preparer");
    so(&mut p, Section::Boundary, Role::Reviewer).expect("reviewer");
    assert!(
        so(&mut p, Section::Boundary, Role::Reviewer)
            .unwrap_err()
            .contains("already signed off")
    );
    let st = evaluation::signoff_status(&p, &inv);
    assert!(st.iter().all(|s| s.valid));
    // Editing the boundary voids its sign-offs ("edited after review").
    p.entities[0].ownership_pct = 50.0;
    let st = evaluation::signoff_status(&p, &calc::compute(&p).expect("c"));
    assert!(
        st.iter()
            .all(|s| !s.valid && s.section == Section::Boundary)
    );
    // The reviewer cannot sign again before the preparer re-signs the edited section.
    assert!(so(&mut p, Section::Boundary, Role::Reviewer).is_err());
    so(&mut p, Section::Boundary, Role::Preparer).expect("re-sign");
    so(&mut p, Section::Boundary, Role::Reviewer).expect("reviewer again");
    // Every sign-off is in the chained trail.
    assert_eq!(p.trail.iter().filter(|t| t.action == "signoff").count(), 4);
    assert_eq!(parkaudit::audit::trail::verify(&p), Ok(()));
}

fn bin(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_parkaudit"))
        .args(args)
        .current_dir(dir)
        .env("PARKAUDIT_USER", "verifier")
        .output()
        .expect("runs")
}

#[test]
fn cli_workflow_and_a_hand_edited_trail() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let d = dir.path();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample-projects/jinghai-park/jinghai-park.ron"
        ),
        d.join("p.ron"),
    )?;
    let ok = |o: std::process::Output| {
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    ok(bin(
        &[
            "sample",
            "p.ron",
            "--seed",
            "3",
            "--size",
            "2",
            "--key-pct",
            "100",
            "--save",
        ],
        d,
    ));
    let p = parkaudit::io::load(&d.join("p.ron"))?;
    let plan = p.verification.sample.clone().expect("saved");
    assert_eq!((plan.key_items.len(), plan.sampled.len()), (0, 2));
    let rec = plan.sampled[0].clone();
    ok(bin(
        &[
            "test",
            "p.ron",
            "--record",
            &rec,
            "--result",
            "agreed",
            "--evidence",
            "INV-1",
            "--tickmark",
            "✓",
        ],
        d,
    ));
    assert_eq!(
        bin(
            &["test", "p.ron", "--record", "nope", "--result", "agreed"],
            d
        )
        .status
        .code(),
        Some(1)
    );
    // No opinion while a sampled item is untested; re-drawing needs --force once tests exist.
    assert_eq!(
        bin(&["opinion", "p.ron", "--confirm"], d).status.code(),
        Some(1)
    );
    assert_eq!(
        bin(
            &["sample", "p.ron", "--seed", "4", "--size", "2", "--save"],
            d
        )
        .status
        .code(),
        Some(1)
    );
    ok(bin(
        &[
            "test",
            "p.ron",
            "--record",
            &plan.sampled[1],
            "--result",
            "agreed",
            "--evidence",
            "INV-2",
        ],
        d,
    ));
    ok(bin(
        &[
            "finding",
            "p.ron",
            "add",
            "--type",
            "non-conformity",
            "--title",
            "Meter calibration certificate expired",
            "--request",
            "car",
            "--entities",
            "E01",
        ],
        d,
    ));
    let out = ok(bin(&["evaluate", "p.ron"], d));
    assert!(
        out.contains("Proposed opinion: Modified — non-conformities not closed: F001"),
        "{out}"
    );
    ok(bin(
        &[
            "finding",
            "p.ron",
            "update",
            "F001",
            "--status",
            "closed",
            "--response",
            "Recalibrated 2025-01",
            "--conclusion",
            "Resolved",
        ],
        d,
    ));
    ok(bin(&["opinion", "p.ron", "--confirm"], d));
    ok(bin(
        &[
            "signoff",
            "p.ron",
            "--section",
            "boundary",
            "--role",
            "preparer",
        ],
        d,
    ));
    let v: serde_json::Value =
        serde_json::from_slice(&bin(&["evaluate", "p.ron", "--json"], d).stdout)?;
    assert_eq!(v["proposed_opinion"], "Unmodified");
    assert!(
        v["statement"]
            .as_str()
            .unwrap_or("")
            .contains("Conclusion (Unmodified)")
    );
    // The workbook carries the register, the sample results, the sign-offs and the statement.
    // Not signed off yet: a draft.
    ok(bin(&["export", "p.ron", "-o", "w.xlsx", "--draft"], d));
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(d.join("w.xlsx"))?;
    let mut text = |sheet: &str| -> Vec<String> {
        let r = wb.worksheet_range(sheet).expect("sheet");
        r.used_cells().map(|(_, _, c)| c.to_string()).collect()
    };
    let (findings, evaluation) = (text("Findings"), text("Evaluation"));
    for needle in [
        "F001",
        "Meter calibration certificate expired",
        "CAR / 纠正措施要求",
    ] {
        assert!(findings.iter().any(|t| t.contains(needle)), "{needle}");
    }
    for needle in ["Agreed / 一致", "valid / 有效", "Preparer / 编制人"] {
        assert!(evaluation.iter().any(|t| t.contains(needle)), "{needle}");
    }
    let cover = wb.worksheet_range("Cover")?;
    assert!(cover.used_cells().any(|(_, _, c)| {
        c.to_string()
            .starts_with("Opinion (unmodified): In our opinion")
    }));
    // Every step is in the trail; a hand edit is refused on load, naming the entry.
    let p = parkaudit::io::load(&d.join("p.ron"))?;
    let actions: Vec<&str> = p.trail.iter().map(|t| t.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "sample.save",
            "test.record",
            "test.record",
            "finding.raise",
            "finding.response",
            "finding.conclusion",
            "finding.status",
            "opinion.confirm",
            "signoff"
        ]
    );
    let text = std::fs::read_to_string(d.join("p.ron"))?.replacen(
        "Meter calibration certificate expired",
        "Nothing to see",
        1,
    );
    std::fs::write(d.join("p.ron"), text)?;
    let o = bin(&["evaluate", "p.ron"], d);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("the audit trail was altered outside ParkAudit: entry 5"),
        "{err}"
    );
    Ok(())
}

#[test]
fn duties_are_separated_lapses_carry_forward_and_forged_signoffs_are_refused() {
    let mut p = base();
    let so = sign_off;
    so(&mut p, Section::Boundary, Role::Preparer, "ann").expect("preparer");
    assert!(
        so(&mut p, Section::Boundary, Role::Reviewer, "ann")
            .unwrap_err()
            .contains("another person")
    );
    so(&mut p, Section::Boundary, Role::Reviewer, "bob").expect("reviewer");
    so(&mut p, Section::Methodology, Role::Preparer, "ann").expect("preparer");
    so(&mut p, Section::Methodology, Role::Reviewer, "bob").expect("reviewer");
    // Editing the boundary voids the boundary sign-offs and, through them, the later sections'.
    p.entities[0].ownership_pct = 10.0;
    let st = evaluation::signoff_status(&p, &calc::compute(&p).expect("c"));
    assert!(st.iter().all(|s| !s.valid), "{st:#?}");
    // A sign-off pasted into the project file has no trail entry: refused on load.
    let mut q = base();
    so(&mut q, Section::Boundary, Role::Preparer, "ann").expect("preparer");
    let mut forged = q.verification.signoffs[0].clone();
    forged.role = Role::Reviewer;
    forged.who = "mallory".into();
    q.verification.signoffs.push(forged);
    assert!(
        parkaudit::audit::trail::verify(&q)
            .unwrap_err()
            .to_string()
            .contains("has no matching trail entry")
    );
    // An emptied trail is refused too.
    let mut r = base();
    parkaudit::audit::trail::append(
        &mut r,
        "t",
        &parkaudit::model::Actor::new("ann", "", ""),
        parkaudit::audit::trail::Record::new("edit", "x"),
    );
    r.trail.clear();
    assert!(
        parkaudit::audit::trail::verify(&r)
            .unwrap_err()
            .to_string()
            .contains("emptied")
    );
}
