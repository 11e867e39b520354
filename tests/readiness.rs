//! The readiness report (`audit::readiness`): every gap a verification can
//! have, closed one by one through the edit layer until none is left; and the
//! CLI's `status` and `export`, which read it.

mod common;

use common::{factor, project, record};
use parkaudit::audit::{self, Area, Gap};
use parkaudit::edit::{self, Edit, EngagementField, EntityChange, SampleParams, TestInput};
use parkaudit::model::*;
use std::process::Command;

fn base() -> Project {
    let mut p = project(
        vec![factor("coal", Unit::Tonne, &[(Gas::Co2, 1_900.0)])],
        (1..=12u8)
            .map(|m| record(&format!("R{m:02}"), "E1", m, 1, 100.0, Unit::Tonne, "coal"))
            .collect(),
    );
    p.gwp_snapshot = Some(parkaudit::calc::gwp::snapshot(p.methodology.gwp_set));
    p
}

fn gaps(p: &Project) -> Vec<Gap> {
    audit::readiness(p, &audit::analyse(p, true).expect("computes"))
}

fn apply(p: &mut Project, e: Edit, who: &Actor) {
    edit::apply(p, e, who).unwrap_or_else(|err| panic!("{err}"));
}

/// Four people, one per role (separation of duties).
fn people() -> [Actor; 4] {
    ["Ann", "Bob", "Cai", "Dan"].map(|n| Actor::new(n, "Example Verification Co.", ""))
}

/// Closes every gap of `base()` through edits; returns the project.
fn complete() -> Project {
    let mut p = base();
    let ann = &people()[0];
    for f in [
        EngagementField::Client("Jinghai Park Committee".into()),
        EngagementField::VerificationBody("Example Verification Co.".into()),
        EngagementField::LeadAuditor("Cai".into()),
    ] {
        apply(&mut p, Edit::Engagement(f), ann);
    }
    apply(
        &mut p,
        Edit::SaveSample {
            params: SampleParams {
                seed: 1,
                key_pct: 100.0,
                size: 2,
                method: audit::sampling::Method::TonneUnit,
            },
            replace: false,
        },
        ann,
    );
    let plan = p.verification.sample.clone().expect("saved");
    let tests = plan
        .sampled
        .iter()
        .map(|id| TestInput {
            record_id: id.clone(),
            result: TestResult::Agreed,
            evidence_ref: "INV".into(),
            tickmark: String::new(),
            comment: String::new(),
        })
        .collect();
    apply(&mut p, Edit::RecordTests(tests), ann);
    let keys: Vec<String> = audit::analyse(&p, true)
        .expect("computes")
        .checks
        .expect("run")
        .iter()
        .filter(|c| c.needs_review())
        .map(|c| c.key())
        .collect();
    if !keys.is_empty() {
        apply(
            &mut p,
            Edit::ReviewChecks {
                keys,
                note: "Reviewed with the tenant's records".into(),
            },
            ann,
        );
    }
    apply(&mut p, Edit::ConfirmOpinion, ann);
    for section in Section::ALL {
        for (role, who) in Role::ALL.into_iter().zip(people()) {
            apply(&mut p, Edit::SignOff { section, role }, &who);
        }
    }
    p
}

#[test]
fn a_fresh_project_lists_what_is_missing_by_area() {
    let mut p = base();
    p.entities
        .push(common::entity("E2", 50.0, true, true, false));
    p.entities[1].exclusion_reason = None;
    let g = gaps(&p);
    let kinds: Vec<&str> = g.iter().map(Gap::kind).collect();
    assert_eq!(
        kinds,
        [
            "missing",
            "missing",
            "missing",
            "unjustified_exclusion",
            "no_sample",
            "no_opinion",
            "signoff_missing",
            "signoff_missing",
            "signoff_missing",
            "signoff_missing",
            "signoff_missing",
            "signoff_missing",
        ],
        "{g:#?}"
    );
    assert_eq!(g[2].en(), "Lead auditor is required");
    assert_eq!(g[2].zh(), "核查组长为必填项");
    assert_eq!(g[3].area(), Area::Boundary);
    assert_eq!(
        g[3].en(),
        "Entity E2 is excluded without a written justification"
    );
    // The justification closes that gap.
    apply(
        &mut p,
        Edit::Entity {
            id: "E2".into(),
            change: EntityChange::Justification("Sold in March".into()),
        },
        &people()[0],
    );
    assert!(!gaps(&p).iter().any(|g| g.kind() == "unjustified_exclusion"));
}

#[test]
fn every_gap_can_be_closed_and_an_edit_reopens_one() {
    let mut p = complete();
    assert_eq!(gaps(&p), Vec::<Gap>::new());
    parkaudit::audit::trail::verify(&p).expect("chains");
    // An edit to the boundary voids its sign-offs and those built on them.
    apply(
        &mut p,
        Edit::Entity {
            id: "E1".into(),
            change: EntityChange::OwnershipPct(90.0),
        },
        &people()[0],
    );
    let g = gaps(&p);
    assert!(
        g.contains(&Gap::SignOffVoid {
            section: Section::Boundary,
            role: Role::Preparer,
            who: "Ann".into()
        }),
        "{g:#?}"
    );
    assert!(g.iter().all(|x| x.area() == Area::Verification));
}

fn bin(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_parkaudit"))
        .args(args)
        .current_dir(dir)
        .env_remove("PARKAUDIT_USER")
        .env_remove("PARKAUDIT_AUDITOR")
        .env("PARKAUDIT_PROFILE", dir.join("no-profile.ron"))
        .output()
        .expect("runs")
}

#[test]
fn status_exits_0_only_when_ready_and_export_names_the_gaps()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let d = dir.path();
    parkaudit::io::save(&base(), &d.join("p.ron"))?;
    let o = bin(&["status", "p.ron"], d);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("  - Lead auditor is required"), "{out}");
    let o = bin(&["status", "p.ron", "--json"], d);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)?;
    assert_eq!(v["ready"], false);
    assert_eq!(v["gaps"][2]["kind"], "missing");
    assert_eq!(v["gaps"][2]["area"], "engagement");
    // Export names the gap (the workbook is still written).
    let o = bin(&["export", "p.ron", "-o", "w.xlsx"], d);
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("the verification is not complete")
            && err.contains("Lead auditor is required"),
        "{err}"
    );
    // Without a profile or a name, the login name acts, marked as such.
    assert_eq!(
        bin(&["set", "p.ron", "engagement.lead_auditor=Cai"], d)
            .status
            .code(),
        Some(0)
    );
    let p = parkaudit::io::load(&d.join("p.ron"))?;
    assert_eq!(
        p.trail.last().map(|e| e.identified_by.as_str()),
        Some("login")
    );
    // A complete verification: ready, exit 0.
    parkaudit::io::save(&complete(), &d.join("done.ron"))?;
    let o = bin(&["status", "done.ron"], d);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("ready"));
    // An unreadable file: exit 2.
    std::fs::write(d.join("bad.ron"), "(")?;
    assert_eq!(bin(&["status", "bad.ron"], d).status.code(), Some(2));
    Ok(())
}
