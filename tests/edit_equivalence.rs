//! The same sequence of changes made through the CLI binary and through the
//! app (its command path, `AppCommand::Edit` → `Document::apply`, which every
//! panel uses) gives the same project file, byte for byte, once the time
//! stamps — and the hashes that chain over them — are normalised. One change is
//! also made by label in the real app with egui_kittest.
#![cfg(feature = "gui")]

mod common;

use parkaudit::audit::sampling::Method;
use parkaudit::edit::{
    Edit, EngagementField, EntityChange, FindingChange, MethodologyChange, NewFinding, ParkField,
    SampleParams, TestInput,
};
use parkaudit::model::{
    Actor, Consolidation, ContractualInstrument, FindingStatus, FindingType, Gas, GwpSet, Project,
    Request, Role, Section, TestResult,
};
use parkaudit::ui::{App, AppCommand, Document, Settings};
use std::path::{Path, PathBuf};
use std::process::Command;

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample-projects/jinghai-park/jinghai-park.ron"
);

fn li() -> Actor {
    Actor::new("Li Ming", "Example Verification Co.", "Lead verifier")
}

fn wang() -> Actor {
    Actor::new("Wang Fang", "Example Verification Co.", "Reviewer")
}

/// Time stamps become `<time>` and 64-digit hex hashes `<hash>`: the trail
/// chains over the time stamps, so its hashes differ between two runs even
/// when everything else is the same.
fn normalise(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let is_time = |s: &[u8]| {
        s.len() >= 20
            && s[..20].iter().enumerate().all(|(k, c)| match k {
                4 | 7 => *c == b'-',
                10 => *c == b'T',
                13 | 16 => *c == b':',
                19 => *c == b'Z',
                _ => c.is_ascii_digit(),
            })
    };
    while i < b.len() {
        if is_time(&b[i..]) {
            out.push_str("<time>");
            i += 20;
            continue;
        }
        let hex = b[i..]
            .iter()
            .take_while(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
            .count();
        if hex == 64 {
            out.push_str("<hash>");
            i += 64;
            continue;
        }
        let ch = text[i..].chars().next().expect("in bounds");
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

struct Cli {
    dir: PathBuf,
    file: PathBuf,
}

impl Cli {
    fn profile(&self, a: &Actor) -> PathBuf {
        let path = self
            .dir
            .join(format!("{}.profile.ron", a.name.replace(' ', "_")));
        parkaudit::io::profile::save(&path, a).expect("profile written");
        path
    }

    fn run(&self, who: &Actor, args: &[&str]) -> String {
        let mut full = vec![args[0], self.file.to_str().expect("utf-8 path")];
        full.extend(&args[1..]);
        let o = Command::new(env!("CARGO_BIN_EXE_parkaudit"))
            .args(&full)
            .env("PARKAUDIT_PROFILE", self.profile(who))
            .env_remove("PARKAUDIT_USER")
            .env_remove("PARKAUDIT_AUDITOR")
            .output()
            .expect("runs");
        assert_eq!(
            o.status.code(),
            Some(0),
            "parkaudit {full:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    fn project(&self) -> Project {
        parkaudit::io::load(&self.file).expect("the CLI's project loads")
    }
}

/// The app with the sample open, acting as `li`.
fn app() -> App {
    let mut app = App::new(Settings::default(), None);
    app.profile = Some(li());
    let p = parkaudit::io::load(Path::new(SAMPLE)).expect("sample");
    app.set_document(Document::new(p, None));
    app
}

/// Sends `edits` the way a panel does and checks none was refused.
fn send(app: &mut App, who: &Actor, edits: Vec<Edit>) {
    app.profile = Some(who.clone());
    let ctx = egui::Context::default();
    for e in edits {
        let shown = format!("{e:?}");
        app.apply(
            &ctx,
            AppCommand::Edit {
                edit: Box::new(e),
                tag: None,
            },
        );
        let errors: Vec<&str> = app
            .toasts
            .iter()
            .filter(|t| t.error)
            .map(|t| t.text.as_str())
            .collect();
        assert!(errors.is_empty(), "{shown}: {errors:?}");
        // Each edit stands alone, as after a click or leaving a field.
        app.apply(&ctx, AppCommand::EndCoalescing);
    }
}

#[test]
fn the_cli_and_the_app_make_the_same_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cli = Cli {
        dir: dir.path().to_path_buf(),
        file: dir.path().join("cli.ron"),
    };
    std::fs::copy(SAMPLE, &cli.file).expect("copied");
    let mut app = app();

    // Park, engagement, boundary, methodology.
    cli.run(
        &li(),
        &[
            "set",
            "engagement.lead_auditor=Li Ming",
            "engagement.client=Jinghai Park Management Committee",
            "engagement.verification_body=Example Verification Co.",
            "engagement.materiality_pct=2.5",
            "park.province=Tianjin",
        ],
    );
    send(
        &mut app,
        &li(),
        vec![
            Edit::Engagement(EngagementField::LeadAuditor("Li Ming".into())),
            Edit::Engagement(EngagementField::Client(
                "Jinghai Park Management Committee".into(),
            )),
            Edit::Engagement(EngagementField::VerificationBody(
                "Example Verification Co.".into(),
            )),
            Edit::Engagement(EngagementField::MaterialityPct(2.5)),
            Edit::Park(ParkField::Province("Tianjin".into())),
        ],
    );
    cli.run(&li(), &["entity", "E05", "--ownership", "60"]);
    cli.run(
        &li(),
        &[
            "entity",
            "E07",
            "--included",
            "false",
            "--justification",
            "Dormant since 2023; no activity in the reporting year",
        ],
    );
    send(
        &mut app,
        &li(),
        vec![
            Edit::Entity {
                id: "E05".into(),
                change: EntityChange::OwnershipPct(60.0),
            },
            Edit::Entity {
                id: "E07".into(),
                change: EntityChange::Justification(
                    "Dormant since 2023; no activity in the reporting year".into(),
                ),
            },
            Edit::Entity {
                id: "E07".into(),
                change: EntityChange::Included(false),
            },
        ],
    );
    cli.run(
        &li(),
        &[
            "methodology",
            "--gwp",
            "AR6",
            "--consolidation",
            "equity-share",
            "--exclude-gas",
            "NF3",
            "--rule",
            "diesel=ipcc2006.stationary.manufacturing.diesel",
        ],
    );
    send(
        &mut app,
        &li(),
        vec![
            Edit::Methodology(MethodologyChange::GwpSet(GwpSet::AR6)),
            Edit::Methodology(MethodologyChange::Consolidation(Consolidation::EquityShare)),
            Edit::Methodology(MethodologyChange::Gas(Gas::Nf3, false)),
            Edit::Methodology(MethodologyChange::DefaultFactor {
                activity: "diesel".into(),
                factor_id: Some("ipcc2006.stationary.manufacturing.diesel".into()),
            }),
        ],
    );
    cli.run(
        &li(),
        &[
            "instrument",
            "add",
            "--id",
            "GEC-2024-07",
            "--kind",
            "GEC",
            "--entity",
            "E19",
            "--vintage",
            "2024",
            "--mwh",
            "1200",
            "--evidence",
            "GEC registry 2024-07",
        ],
    );
    send(
        &mut app,
        &li(),
        vec![Edit::AddInstrument(ContractualInstrument {
            id: "GEC-2024-07".into(),
            kind: "GEC".into(),
            entity_id: "E19".into(),
            vintage: 2024,
            quantity_mwh: 1200.0,
            evidence_ref: "GEC registry 2024-07".into(),
        })],
    );

    // An import of a workbook: the batch the Data step confirms.
    let workbook = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/small.xlsx");
    cli.run(&li(), &["import", workbook.to_str().expect("utf-8")]);
    let options = parkaudit::io::import::ImportOptions {
        imported_at: parkaudit::io::time::now_rfc3339_utc(),
        ..Default::default()
    };
    let batch =
        parkaudit::io::import::import_workbook(app.project().expect("open"), &workbook, &options)
            .expect("validates")
            .batch
            .expect("nothing rejected");
    send(&mut app, &li(), vec![Edit::Import(Box::new(batch))]);

    // Findings, the sample and its tests, a check review, the opinion, sign-offs.
    cli.run(
        &li(),
        &[
            "finding",
            "add",
            "--type",
            "misstatement",
            "--title",
            "E03 billet quantity differs from the invoice",
            "--request",
            "car",
            "--impact",
            "120",
            "--records",
            "A00001",
        ],
    );
    cli.run(
        &li(),
        &[
            "finding",
            "update",
            "F001",
            "--response",
            "Invoice re-issued",
            "--conclusion",
            "Accepted: corrected in the inventory",
            "--corrected",
            "--status",
            "closed",
        ],
    );
    send(
        &mut app,
        &li(),
        vec![
            Edit::RaiseFinding(NewFinding {
                kind: FindingType::Misstatement,
                request: Some(Request::CorrectiveAction),
                title: "E03 billet quantity differs from the invoice".into(),
                impact_t: 120.0,
                record_ids: vec!["A00001".into()],
                entity_ids: Vec::new(),
                goods: Vec::new(),
                indicators: Vec::new(),
            }),
            Edit::Finding {
                id: "F001".into(),
                change: FindingChange::Response("Invoice re-issued".into()),
            },
            Edit::Finding {
                id: "F001".into(),
                change: FindingChange::Conclusion("Accepted: corrected in the inventory".into()),
            },
            Edit::Finding {
                id: "F001".into(),
                change: FindingChange::Corrected(true),
            },
            Edit::Finding {
                id: "F001".into(),
                change: FindingChange::Status(FindingStatus::Closed),
            },
        ],
    );
    cli.run(
        &li(),
        &[
            "sample",
            "--seed",
            "11",
            "--size",
            "3",
            "--key-pct",
            "5",
            "--save",
        ],
    );
    send(
        &mut app,
        &li(),
        vec![Edit::SaveSample {
            params: SampleParams {
                seed: 11,
                key_pct: 5.0,
                size: 3,
                method: Method::TonneUnit,
                population: parkaudit::audit::sampling::Population::Inventory,
            },
            replace: false,
        }],
    );
    let plan = cli.project().verification.sample.expect("saved");
    let ids: Vec<String> = plan
        .key_items
        .iter()
        .chain(&plan.sampled)
        .cloned()
        .collect();
    assert!(ids.len() >= 3, "{ids:?}");
    let (first, rest) = ids.split_first().expect("sampled");
    cli.run(
        &li(),
        &[
            "test",
            "--record",
            first,
            "--result",
            "misstated",
            "--verified-quantity",
            "0",
            "--evidence",
            "Meter reading",
        ],
    );
    cli.run(
        &li(),
        &[
            "test",
            "--record",
            &rest.join(","),
            "--result",
            "agreed",
            "--evidence",
            "Invoices",
        ],
    );
    let test = |id: &String, result: TestResult, evidence: &str| TestInput {
        record_id: id.clone(),
        result,
        evidence_ref: evidence.into(),
        tickmark: String::new(),
        comment: String::new(),
    };
    send(
        &mut app,
        &li(),
        vec![
            Edit::RecordTests(vec![test(
                first,
                TestResult::Misstated {
                    verified_quantity: 0.0,
                },
                "Meter reading",
            )]),
            Edit::RecordTests(
                rest.iter()
                    .map(|id| test(id, TestResult::Agreed, "Invoices"))
                    .collect(),
            ),
        ],
    );
    let checks = parkaudit::audit::analyse(&cli.project(), true)
        .expect("computes")
        .checks
        .expect("run");
    let key = checks
        .iter()
        .find(|c| c.needs_review())
        .map(|c| c.key())
        .expect("the sample has a high or medium check result");
    let note = "Explained by the tenant's production log (WP 7.3)";
    cli.run(&li(), &["check", "--review", &key, "--note", note]);
    send(
        &mut app,
        &li(),
        vec![Edit::ReviewChecks {
            keys: vec![key.clone()],
            note: note.into(),
        }],
    );
    cli.run(
        &li(),
        &[
            "opinion",
            "--override",
            "modified",
            "--reason",
            "The E03 meter could not be reconciled",
        ],
    );
    send(
        &mut app,
        &li(),
        vec![Edit::OverrideOpinion {
            opinion: parkaudit::model::Opinion::Modified,
            reason: "The E03 meter could not be reconciled".into(),
        }],
    );
    cli.run(
        &li(),
        &["signoff", "--section", "boundary", "--role", "preparer"],
    );
    cli.run(
        &wang(),
        &["signoff", "--section", "boundary", "--role", "reviewer"],
    );
    send(
        &mut app,
        &li(),
        vec![Edit::SignOff {
            section: Section::Boundary,
            role: Role::Preparer,
        }],
    );
    send(
        &mut app,
        &wang(),
        vec![Edit::SignOff {
            section: Section::Boundary,
            role: Role::Reviewer,
        }],
    );

    // The two files.
    let app_file = dir.path().join("app.ron");
    let app_project = app.project().expect("open").clone();
    parkaudit::io::save(&app_project, &app_file).expect("saved");
    let cli_project = cli.project();
    parkaudit::audit::trail::verify(&cli_project).expect("the CLI's trail chains");
    parkaudit::audit::trail::verify(&app_project).expect("the app's trail chains");
    let actions: Vec<&str> = cli_project
        .trail
        .iter()
        .skip(sample_trail_len())
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "engagement.lead_auditor",
            "engagement.client",
            "engagement.verification_body",
            "engagement.materiality_pct",
            "park.province",
            "entity.ownership_pct",
            "entity.justification",
            "entity.included",
            "methodology.gwp_set",
            "methodology.consolidation",
            "boundary.gas",
            "methodology.default_factor",
            "instrument.add",
            "import",
            "finding.raise",
            "finding.response",
            "finding.conclusion",
            "finding.corrected",
            "finding.status",
            "sample.save",
            "test.record",
            "test.record",
            "check.review",
            "opinion.override",
            "signoff",
            "signoff",
        ]
    );
    let last = cli_project.trail.last().expect("entries");
    assert_eq!(
        (
            last.who.as_str(),
            last.organisation.as_str(),
            last.role.as_str(),
            last.identified_by.as_str()
        ),
        (
            "Wang Fang",
            "Example Verification Co.",
            "Reviewer",
            "profile"
        )
    );
    let cli_text = std::fs::read_to_string(&cli.file).expect("read");
    let app_text = std::fs::read_to_string(&app_file).expect("read");
    assert!(cli_text.contains("Jinghai Park Management Committee"));
    let (a, b) = (normalise(&cli_text), normalise(&app_text));
    if a != b {
        let line = a
            .lines()
            .zip(b.lines())
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        panic!(
            "the files differ from line {}:\nCLI: {}\napp: {}",
            line + 1,
            a.lines().nth(line).unwrap_or(""),
            b.lines().nth(line).unwrap_or("")
        );
    }
}

fn sample_trail_len() -> usize {
    parkaudit::io::load(Path::new(SAMPLE))
        .expect("sample")
        .trail
        .len()
}

/// By label in the real app: the lead auditor typed into step 1 gives the
/// trail entry the CLI writes.
#[test]
fn typing_in_the_app_records_what_the_cli_records() {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().expect("temp dir");
    let cli = Cli {
        dir: dir.path().to_path_buf(),
        file: dir.path().join("cli.ron"),
    };
    std::fs::copy(SAMPLE, &cli.file).expect("copied");
    cli.run(&li(), &["set", "engagement.lead_auditor=Li Ming"]);

    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_context_setup(parkaudit::ui::setup_context)
        .build_ui_state(|ui, app: &mut App| app.frame_ui(ui), app());
    h.run_steps(4);
    let field = h.get_by_role_and_label(egui::Role::TextInput, "Lead auditor");
    field.focus();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(egui::Role::TextInput, "Lead auditor")
        .type_text("Li Ming");
    h.run_steps(4);
    let app_project = h.state().project().expect("open").clone();
    let cli_project = cli.project();
    let (a, b) = (
        app_project.trail.last().expect("recorded"),
        cli_project.trail.last().expect("recorded"),
    );
    // Seven keystrokes, one entry: the same as the CLI's.
    assert_eq!(app_project.trail.len(), cli_project.trail.len());
    assert_eq!(
        (
            &a.who,
            &a.organisation,
            &a.identified_by,
            &a.action,
            &a.detail,
            &a.fields
        ),
        (
            &b.who,
            &b.organisation,
            &b.identified_by,
            &b.action,
            &b.detail,
            &b.fields
        )
    );
    assert_eq!(a.detail, "Lead auditor: \"Li Ming (sample)\" → \"Li Ming\"");
    assert_eq!(app_project.engagement, cli_project.engagement);
}
