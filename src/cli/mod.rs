//! The command-line shell: parse arguments, call the library, print, and map
//! errors to exit codes (0 success, 1 invalid input, 2 usage error).

mod audit;
mod cbam;
mod claims;
mod compute;
mod edit;
mod explain;
mod factors;
mod format;
mod import;
mod mapping;
mod methodology;
mod new;
mod sign;
mod template;
mod uncertainty;
mod verification;

use clap::{Parser, Subcommand, ValueEnum};
use parkaudit::model::{Consolidation, GwpSet};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "parkaudit",
    version,
    about = "Verify the carbon inventory of an industrial park, offline.",
    long_about = "Verify the carbon inventory of an industrial park, offline.\n\nWithout a command, opens the desktop app (start screen); `parkaudit FILE` or `parkaudit open FILE` opens a project (or starts importing a workbook) in it."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Who is acting, for the audit trail (default: PARKAUDIT_AUDITOR, else the
    /// auditor profile set in the app, else the login name).
    #[arg(long = "as", global = true, value_name = "NAME")]
    actor: Option<String>,
    /// A project (.ron) or workbook to open in the desktop app.
    file: Option<std::path::PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Open a project (or a workbook to import) in the desktop app.
    Open {
        /// The project file (.ron), or a workbook (.xlsx …) to import.
        file: std::path::PathBuf,
    },
    /// Create an empty park project file.
    New(new::NewArgs),
    /// Compute the inventory of a project and print it.
    Compute(compute::ComputeArgs),
    /// Import a workbook's entities, factors and activity into a project.
    Import(import::ImportArgs),
    /// Write the standard activity template (.xlsx).
    Template(template::TemplateArgs),
    /// Suggest a mapping file for a workbook in a tenant's own layout.
    Mapping(mapping::MappingArgs),
    /// List or search the bundled factor library, or update a project's frozen factors.
    Factors(factors::FactorsArgs),
    /// Explain one record: quantity, conversion, factor and why, gases × GWP, result.
    Explain(explain::ExplainArgs),
    /// Show the methodology with its guidance, or change it (GWP set, approach,
    /// standard, scope 2, scopes, categories, gases, default-factor rules).
    Methodology(methodology::MethodologyArgs),
    /// Set park and engagement fields: FIELD=VALUE … (e.g. engagement.lead_auditor="Li Ming").
    Set(edit::SetArgs),
    /// Change an entity of the organisational boundary (ownership, control, included, justification).
    Entity(edit::EntityArgs),
    /// Add or remove a contractual instrument behind market-based scope 2.
    Instrument(edit::InstrumentArgs),
    /// What is missing or open before the verification is complete (exit 0 when nothing is).
    Status(edit::StatusArgs),
    /// Create an Ed25519 signing key (OpenSSH format, passphrase-encrypted).
    Keygen(sign::KeygenArgs),
    /// Export the verification workbook (.xlsx), optionally signed.
    Export(sign::ExportArgs),
    /// Verify a signed workbook offline (exit 0 verified, 3 content intact but the file bytes unverified, 1 changed, 2 unreadable).
    Verify(sign::VerifyArgs),
    /// Run the analytical checks (completeness, anomalies, duplicates, factors, Benford, scope 2 instruments).
    Check(audit::CheckArgs),
    /// Select a seeded, risk-based sample (key items + tonne-unit or random).
    Sample(audit::SampleArgs),
    /// Enlarge the saved sample (same seed and method; earlier tests stay).
    ExtendSample(audit::ExtendArgs),
    /// Print the attribute-test sample size (AICPA Audit Sampling Guide tables).
    SampleSize(audit::SampleSizeArgs),
    /// Raise or update a finding (misstatement, non-conformity, observation; CL/CAR/FAR).
    Finding(verification::FindingArgs),
    /// Record the test result of one or more sampled records.
    Test(verification::TestArgs),
    /// Materiality, proposed opinion, sign-off status.
    Evaluate(verification::EvaluateArgs),
    /// Confirm the proposed opinion or override it with a reason.
    Opinion(verification::OpinionArgs),
    /// Sign off a section in your role (preparer → reviewer → lead verifier → independent reviewer).
    Signoff(verification::SignoffArgs),
    /// CBAM: the specific embedded emissions of each good (or `cbam explain`,
    /// `cbam set`, `cbam remove`, `cbam settings`).
    Cbam(cbam::CbamArgs),
    /// Write an installation's CBAM communication (.xlsx, the structure of the
    /// Commission's template), optionally signed.
    ExportCbam(sign::ExportCbamArgs),
    /// Zero-carbon-park indicators, credits and the carbon-neutrality claim,
    /// the base-year check and the pathway (or `claims apply` to change them).
    Claims(claims::ClaimsArgs),
    /// The inventory's uncertainty (IPCC Approach 1 and Monte Carlo), its
    /// contributors and data quality, against materiality (or `uncertainty
    /// apply` to change what it rests on).
    Uncertainty(uncertainty::UncertaintyArgs),
}

/// Consolidation approach, as spelled on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ConsolidationArg {
    OperationalControl,
    FinancialControl,
    EquityShare,
}

impl From<ConsolidationArg> for Consolidation {
    fn from(value: ConsolidationArg) -> Self {
        match value {
            ConsolidationArg::OperationalControl => Consolidation::OperationalControl,
            ConsolidationArg::FinancialControl => Consolidation::FinancialControl,
            ConsolidationArg::EquityShare => Consolidation::EquityShare,
        }
    }
}

/// GWP set, as spelled on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
#[value(rename_all = "UPPER")]
pub enum GwpArg {
    Sar,
    Ar4,
    Ar5,
    Ar6,
}

impl From<GwpArg> for GwpSet {
    fn from(value: GwpArg) -> Self {
        match value {
            GwpArg::Sar => GwpSet::SAR,
            GwpArg::Ar4 => GwpSet::AR4,
            GwpArg::Ar5 => GwpSet::AR5,
            GwpArg::Ar6 => GwpSet::AR6,
        }
    }
}

/// Who is acting: `--as`, `PARKAUDIT_AUDITOR`, the auditor profile, the
/// login name (see `io::profile`). A profile that cannot be read is reported
/// and passed over.
fn actor(named: Option<&str>) -> parkaudit::model::Actor {
    use parkaudit::io::profile;
    let profile = profile::default_path().and_then(|path| match profile::load(&path) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("warning: {:#}", anyhow::anyhow!(e));
            None
        }
    });
    profile::resolve(named, profile.as_ref())
}

/// The desktop app, or (built without the `gui` feature) a usage error.
fn open_gui(file: Option<std::path::PathBuf>, named: Option<String>) -> ExitCode {
    if let Some(f) = &file
        && !f.exists()
    {
        eprintln!(
            "error: {}: no such file, and not a command (see `parkaudit --help`)",
            f.display()
        );
        return ExitCode::from(2);
    }
    #[cfg(feature = "gui")]
    {
        match parkaudit::ui::run(file, named) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(1)
            }
        }
    }
    #[cfg(not(feature = "gui"))]
    {
        let _ = (file, named);
        eprintln!(
            "error: this parkaudit was built without the desktop app (feature `gui`); give a command, see `parkaudit --help`"
        );
        ExitCode::from(2)
    }
}

/// Levenshtein distance, for suggesting the command meant.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The first word of the command line that is neither an option nor an
/// option's value, when it names no command and no existing file: the
/// message to print (the nearest command, when one is near).
fn unknown_command(args: &[String]) -> Option<String> {
    use clap::CommandFactory;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "--as" {
            i += 2;
            continue;
        }
        if a.starts_with('-') {
            i += 1;
            continue;
        }
        break;
    }
    let word = args.get(i)?;
    let cmd = Cli::command();
    let names: Vec<String> = cmd
        .get_subcommands()
        .flat_map(|s| {
            std::iter::once(s.get_name().to_string()).chain(s.get_all_aliases().map(str::to_string))
        })
        .chain(std::iter::once("help".to_string()))
        .collect();
    if names.iter().any(|n| n == word) || std::path::Path::new(word).exists() {
        return None;
    }
    let looks_like_file = word.contains('.') || word.contains('/') || word.contains('\\');
    let followed = args.len() > i + 1;
    let nearest = names
        .iter()
        .map(|n| (distance(word, n), n))
        .min()
        .filter(|(d, n)| *d <= (n.len() / 3).max(2))
        .map(|(_, n)| n.clone());
    let hint = match nearest {
        Some(n) => format!(" — did you mean `parkaudit {n}`?"),
        None if followed || !looks_like_file => format!(
            " — the commands are {}",
            cmd.get_subcommands()
                .map(|s| s.get_name())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => String::new(),
    };
    if followed || !looks_like_file {
        Some(format!(
            "error: '{word}' is not a ParkAudit command{hint} (see `parkaudit --help`)"
        ))
    } else {
        Some(format!(
            "error: {word}: no such file, and not a command{hint} (see `parkaudit --help`)"
        ))
    }
}

pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(message) = unknown_command(&args) {
        eprintln!("{message}");
        return ExitCode::from(2);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    if cli.actor.as_deref().is_some_and(|n| n.trim().is_empty()) {
        eprintln!("error: --as needs a name");
        return ExitCode::from(2);
    }
    // Not clap's `args_conflicts_with_subcommands`: that would also refuse
    // the global `--as` before a command (`parkaudit --as NAME import …`).
    if let (Some(_), Some(file)) = (&cli.command, &cli.file) {
        eprintln!(
            "error: {}: give either a file to open or a command, not both (see `parkaudit --help`)",
            file.display()
        );
        return ExitCode::from(2);
    }
    let who = || actor(cli.actor.as_deref());
    let command = match (cli.command, cli.file) {
        (Some(Command::Open { file }), _) | (None, Some(file)) => {
            return open_gui(Some(file), cli.actor.clone());
        }
        (None, None) => return open_gui(None, cli.actor.clone()),
        (Some(c), _) => c,
    };
    let result = match command {
        Command::Open { .. } => unreachable!("handled above"),
        Command::New(args) => new::run(args, &who()),
        Command::Compute(args) => compute::run(args),
        Command::Import(args) => import::run(args, &who()),
        Command::Template(args) => template::run(args),
        Command::Mapping(args) => mapping::run(args),
        Command::Factors(args) => factors::run(args, &who()),
        Command::Explain(args) => explain::run(args),
        Command::Methodology(args) => methodology::run(args, &who()),
        Command::Set(args) => edit::set(args, &who()),
        Command::Entity(args) => edit::entity(args, &who()),
        Command::Instrument(args) => edit::instrument(args, &who()),
        Command::Cbam(args) => cbam::run(args, &who()),
        Command::ExportCbam(args) => sign::export_cbam_cmd(args),
        Command::Claims(args) => claims::run(args, &who()),
        Command::Uncertainty(args) => uncertainty::run(args, &who()),
        Command::Status(args) => return edit::status(args),
        Command::Keygen(args) => sign::keygen(args),
        Command::Export(args) => sign::export_cmd(args),
        Command::Verify(args) => return sign::verify(args),
        Command::Check(args) => audit::check(args, &who()),
        Command::Sample(args) => audit::sample(args, &who()),
        Command::ExtendSample(args) => audit::extend(args, &who()),
        Command::SampleSize(args) => audit::sample_size(args),
        Command::Finding(args) => verification::finding(args, &who()),
        Command::Test(args) => verification::test(args, &who()),
        Command::Evaluate(args) => verification::evaluate(args),
        Command::Opinion(args) => verification::opinion(args, &who()),
        Command::Signoff(args) => verification::signoff(args, &who()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
