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
        EngagementField::IntendedUsers(
            "the park's administrative committee and the EU importers it supplies".into(),
        ),
        EngagementField::Place("Tianjin".into()),
        EngagementField::Accreditation("CNAS (sample) GHG-0000".into()),
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
                population: parkaudit::audit::sampling::Population::Inventory,
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
    assert_eq!(g[3].en(), "Intended users is required");
    assert_eq!(g[4].zh(), "出具地点为必填项");
    assert_eq!(g[5].area(), Area::Boundary);
    assert_eq!(
        g[5].en(),
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
    // A final export is refused with the gaps, and writes nothing …
    let o = bin(&["export", "p.ron", "-o", "w.xlsx"], d);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("the verification is not complete, so a final package is refused")
            && err.contains("  - Lead auditor is required"),
        "{err}"
    );
    assert!(!d.join("w.xlsx").exists());
    // … a draft is written, and says it is one.
    let o = bin(&["export", "p.ron", "-o", "w.xlsx", "--draft"], d);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("is a DRAFT, not a verification statement")
    );
    assert!(d.join("w.xlsx").exists());
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

/// The printed page header of every sheet of a workbook, in order.
fn page_headers(path: &std::path::Path) -> Vec<String> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    let mut out = Vec::new();
    for i in 1..=z.len() {
        let Ok(mut f) = z.by_name(&format!("xl/worksheets/sheet{i}.xml")) else {
            break;
        };
        let mut xml = String::new();
        f.read_to_string(&mut xml).expect("xml");
        let header = xml
            .split_once("<oddHeader>")
            .and_then(|(_, r)| r.split_once("</oddHeader>"))
            .map_or(String::new(), |(h, _)| h.to_string());
        out.push(header);
    }
    out
}

/// Column B of the Cover and the Signature sheet, by the label in column A.
fn cells(path: &std::path::Path, sheet: &str) -> Vec<(String, String)> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).expect("opens");
    let r = wb.worksheet_range(sheet).expect("sheet");
    r.rows()
        .map(|row| {
            (
                row.first().map(|c| c.to_string()).unwrap_or_default(),
                row.get(1).map(|c| c.to_string()).unwrap_or_default(),
            )
        })
        .collect()
}

/// What may be signed: a final package only when the readiness report is
/// empty; a draft at any time, saying DRAFT on every printed page, listing
/// its open items on the Cover, and saying what its signature attests.
#[test]
fn a_final_package_needs_every_gap_closed_and_a_draft_says_it_is_one() {
    use parkaudit::io::export::{self, ExportError, Package};
    const DRAFT: &str = "DRAFT — not a verification statement / 草稿——非核查声明";
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("w.xlsx");
    let p = base();
    let want: Vec<(String, String)> = gaps(&p).iter().map(|g| (g.en(), g.zh())).collect();
    assert!(!want.is_empty());
    match export::export(&p, &path, Package::Final, None, "t") {
        Err(ExportError::NotReady { gaps }) => assert_eq!(gaps, want),
        other => panic!("expected a refusal, got {:?}", other.map(|s| s.digest)),
    }
    assert!(!path.exists(), "nothing written");

    export::export(&p, &path, Package::Draft, None, "t").expect("a draft is written");
    let headers = page_headers(&path);
    assert_eq!(
        headers.len(),
        12,
        "eleven content sheets and the Signature sheet"
    );
    for h in &headers {
        assert!(h.contains(DRAFT), "{h}");
    }
    let cover = cells(&path, "Cover");
    assert_eq!(
        cover[1],
        ("Package / 文件性质".to_string(), DRAFT.to_string())
    );
    let at = cover
        .iter()
        .position(|(a, _)| a.starts_with("Open items"))
        .expect("open items");
    let listed: Vec<String> = cover[at..at + want.len()]
        .iter()
        .map(|(_, b)| b.clone())
        .collect();
    let expected: Vec<String> = want.iter().map(|(en, zh)| format!("{en}\n{zh}")).collect();
    assert_eq!(listed, expected);
    let signature = cells(&path, "Signature");
    let attests = signature
        .iter()
        .find(|(a, _)| a == "what_the_signature_attests")
        .expect("attests");
    assert!(
        attests.1.starts_with("DRAFT. The signature attests only"),
        "{}",
        attests.1
    );

    // Every gap closed: the final package, with nothing saying draft.
    let done = complete();
    export::export(&done, &path, Package::Final, None, "t").expect("a final package");
    for h in page_headers(&path) {
        assert!(!h.contains("DRAFT"), "{h}");
    }
    let cover = cells(&path, "Cover");
    assert_eq!(cover[1].1, "Final verification package / 最终核查文件");
    assert!(!cover.iter().any(|(a, _)| a.starts_with("Open items")));
    let evaluation = cells(&path, "Evaluation");
    let proposed = evaluation
        .iter()
        .find(|(a, _)| a.starts_with("Proposed opinion"))
        .expect("proposed");
    assert!(
        proposed.1.contains("(proposed, not the recorded opinion)"),
        "{}",
        proposed.1
    );
}

/// Nothing tested, nothing concluded: the proposed opinion says so instead
/// of "Unmodified".
#[test]
fn with_nothing_tested_the_proposed_opinion_is_not_concluded() {
    use parkaudit::audit::evaluation;
    use parkaudit::io::export::{self, Package};
    let p = base();
    let inv = parkaudit::calc::compute(&p).expect("computes");
    let (opinion, why) = evaluation::proposed_opinion(&p, &inv);
    assert_eq!(opinion, Opinion::Disclaimer);
    assert_eq!(
        why,
        "not concluded: no sample has been drawn, so no item has been tested"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("w.xlsx");
    export::export(&p, &path, Package::Draft, None, "t").expect("a draft");
    let evaluation = cells(&path, "Evaluation");
    let proposed = evaluation
        .iter()
        .find(|(a, _)| a.starts_with("Proposed opinion"))
        .expect("proposed");
    assert_eq!(
        proposed.1,
        "Not concluded / 尚无结论 — no sample has been drawn, so no item has been tested"
    );
}

/// The Cover's statement: every ISO 14064-3 element, in English and
/// Chinese, with the engine's numbers — the same in the workbook as in
/// `audit::statement`.
#[test]
fn the_statement_has_every_element_in_both_languages_with_the_engines_numbers() {
    use parkaudit::audit::statement::{self, tonnes};
    let p = complete();
    let a = audit::analyse(&p, true).expect("computes");
    let f = statement::figures(&p, &a);
    let inv = &a.inventory;
    assert_eq!(
        (
            f.total_t,
            f.total_market_t,
            f.scope1_t,
            f.excluded_t,
            f.biogenic_t
        ),
        (
            inv.total_t_co2e,
            inv.total_market_t_co2e,
            inv.scope1_t,
            inv.excluded_t,
            inv.biogenic_co2_t
        )
    );
    // 12 records × 100 t coal × 1,900 kg CO2/t = 2,280 t, all in E1 (inside).
    assert_eq!(tonnes(f.total_t), "2,280.000");
    assert_eq!((f.entities, f.entities_inside), (1, 1));
    assert_eq!((f.sampled, f.tested), (2, 2));
    let els = statement::statement(&p, &a);
    let keys: Vec<&str> = els.iter().map(|e| e.key).collect();
    assert_eq!(
        keys,
        [
            "intended_user",
            "responsibilities",
            "objective_scope",
            "criteria",
            "assurance_materiality",
            "ghg_statement",
            "activities",
            "opinion",
            "limitations",
            "verifier",
            "place_date",
        ]
    );
    let el = |k: &str| els.iter().find(|e| e.key == k).expect("element");
    for e in &els {
        assert!(!e.en.is_empty() && !e.zh.is_empty(), "{}", e.key);
        assert!(
            e.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}",
            e.key
        );
    }
    for text in [&el("ghg_statement").en, &el("ghg_statement").zh] {
        assert!(text.contains("2,280.000"), "{text}");
    }
    assert!(el("ghg_statement").en.contains("scope 1 2,280.000 t"));
    assert!(el("assurance_materiality").en.contains(&format!(
        "5 % of the total emissions = {} t CO2e",
        tonnes(f.threshold_t)
    )));
    assert!(
        el("objective_scope")
            .en
            .contains("1 of the park's 1 entities are inside the boundary")
    );
    assert!(
        el("activities")
            .en
            .contains("2 items tested against evidence — 2 agreed, 0 misstated, 0 not supported")
    );
    assert!(
        el("opinion")
            .en
            .starts_with("Opinion (unmodified): In our opinion")
    );
    assert!(el("opinion").zh.starts_with("意见（无保留意见）"));
    // The basis in Chinese too: the evaluation's reason, translated (no
    // misstatement: 0 t — never a lone "0.000" —, 0 % of the threshold).
    assert!(
        el("opinion").zh.contains(
            "依据：累计错报0吨，为实质性阈值的0%，且无未关闭的不符合项。清单的不确定性（95%区间"
        ),
        "{}",
        el("opinion").zh
    );
    assert!(el("verifier").en.contains(
        "Ann (preparer), Bob (reviewer), Cai (lead verifier), Dan (independent reviewer)"
    ));
    assert!(el("intended_user").en.contains("EU importers"));
    let date: String = p
        .verification
        .opinion
        .as_ref()
        .expect("opinion")
        .at
        .chars()
        .take(10)
        .collect();
    assert_eq!(el("place_date").en, format!("Issued at Tianjin, {date}."));
    assert_eq!(el("place_date").zh, format!("出具于Tianjin，{date}。"));

    // The final package carries the same text on its Cover.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("w.xlsx");
    parkaudit::io::export::export(&p, &path, parkaudit::io::export::Package::Final, None, "t")
        .expect("final");
    let cover = cells(&path, "Cover");
    for e in &els {
        let at = cover
            .iter()
            .position(|(a, _)| a == &format!("{} / {}", e.heading_en, e.heading_zh))
            .unwrap_or_else(|| panic!("{} on the Cover", e.key));
        assert_eq!(cover[at].1, e.en);
        assert_eq!(cover[at + 1].1, e.zh);
    }
    words_not_internal_names(&path);
}

/// Every text cell of a workbook reads as words: no enum or type name, no
/// reference to a README the recipient does not have, and (outside the
/// Factors and Activity tables and the Signature sheet, which hold sources
/// and identifiers verbatim) no number of four or more digits without its
/// thousands separators.
fn words_not_internal_names(path: &std::path::Path) {
    use calamine::Reader;
    const INTERNAL: [&str; 12] = [
        "NationalAverage",
        "CarbonMarket",
        "TonneUnit",
        "SimpleRandom",
        "LeadVerifier",
        "IndependentReviewer",
        "OperationalControl",
        "FinancialControl",
        "EquityShare",
        "NonConformity",
        "KeyItem",
        "README",
    ];
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).expect("opens");
    for name in wb.sheet_names() {
        let r = wb.worksheet_range(&name).expect("sheet");
        for (row, col, c) in r.used_cells() {
            let calamine::Data::String(t) = c else {
                continue;
            };
            for bad in INTERNAL {
                assert!(!t.contains(bad), "{name} {row}:{col}: {bad} in {t:?}");
            }
            if ["Factors", "Activity", "Signature", "Audit trail"].contains(&name.as_str()) {
                continue;
            }
            // A number token (digits and points) with one point and four
            // or more digits before it, not inside an identifier; a version
            // ("2026.12.1") has two points.
            let mut prev = ' ';
            let mut token = String::new();
            for c in t.chars().chain(std::iter::once(' ')) {
                if c.is_ascii_digit() || (c == '.' && !token.is_empty()) {
                    token.push(c);
                    continue;
                }
                let token_done = std::mem::take(&mut token);
                let ungrouped = token_done
                    .trim_end_matches('.')
                    .split_once('.')
                    .is_some_and(|(int, frac)| {
                        int.len() >= 4 && !frac.is_empty() && !frac.contains('.')
                    });
                assert!(
                    !ungrouped || prev.is_ascii_alphanumeric(),
                    "{name} {row}:{col}: ungrouped number {token_done} in {t:?}"
                );
                if token_done.is_empty() {
                    prev = c;
                } else {
                    prev = ' ';
                }
            }
        }
    }
}

/// The sample park's draft — large figures, open check results on its
/// Cover — reads as words too.
#[test]
fn the_sample_draft_reads_as_words() {
    let p = parkaudit::io::load(std::path::Path::new(
        "sample-projects/jinghai-park/jinghai-park.ron",
    ))
    .expect("sample");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("w.xlsx");
    parkaudit::io::export::export(&p, &path, parkaudit::io::export::Package::Draft, None, "t")
        .expect("draft");
    words_not_internal_names(&path);
}
