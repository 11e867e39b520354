//! `parkaudit keygen`, `parkaudit export`, `parkaudit verify`.

use anyhow::{Context, Result, anyhow, bail};
use clap::Args;
use parkaudit::io::{self, export};
use std::path::PathBuf;
use std::process::ExitCode;

/// The passphrase: `PARKAUDIT_KEY_PASSPHRASE`, else a prompt without echo.
fn passphrase(prompt: &str) -> Result<String> {
    if let Ok(p) = std::env::var("PARKAUDIT_KEY_PASSPHRASE") {
        return Ok(p);
    }
    rpassword::prompt_password(prompt)
        .context("reading the passphrase (no terminal? set PARKAUDIT_KEY_PASSPHRASE)")
}

#[derive(Args, Debug)]
pub struct KeygenArgs {
    /// The private key file to write (the public key goes to OUT.pub).
    #[arg(short, long)]
    out: PathBuf,
    /// The signer's name, as it appears in signed workbooks.
    #[arg(long)]
    name: String,
    /// The signer's organisation (the verification body).
    #[arg(long)]
    org: String,
    /// Replace existing key files.
    #[arg(long)]
    force: bool,
}

pub fn keygen(args: KeygenArgs) -> Result<()> {
    if args.out.exists() && !args.force {
        bail!(
            "{}: the file already exists — choose another name or pass --force",
            args.out.display()
        );
    }
    let pass = passphrase("Passphrase for the new key: ")?;
    if std::env::var("PARKAUDIT_KEY_PASSPHRASE").is_err() {
        let again = passphrase("Repeat the passphrase: ")?;
        if again != pass {
            bail!("the passphrases differ");
        }
    }
    let (pub_path, fp) =
        export::signing::keygen(&args.out, &args.name, &args.org, &pass).map_err(|e| anyhow!(e))?;
    println!(
        "wrote {} (private, encrypted, mode 0600) and {}",
        args.out.display(),
        pub_path.display()
    );
    println!("fingerprint {fp}");
    println!(
        "allowed_signers line (for ssh-keygen -Y verify -I {}): {}.allowed_signers",
        export::signing::principal(&args.name),
        args.out.display()
    );
    Ok(())
}

/// How an export is signed.
#[derive(Args, Debug)]
pub struct SignOpts {
    /// Sign with this OpenSSH Ed25519 private key (writes OUT.sig too).
    #[arg(long)]
    sign: Option<PathBuf>,
    /// Signer's name (default: from the key's comment).
    #[arg(long, requires = "sign")]
    name: Option<String>,
    /// Signer's organisation (default: from the key's comment).
    #[arg(long, requires = "sign")]
    org: Option<String>,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The project file (RON).
    project: PathBuf,
    /// The workbook to write (.xlsx).
    #[arg(short, long)]
    out: PathBuf,
    #[command(flatten)]
    signing: SignOpts,
    /// Export a draft while the verification has gaps: DRAFT on every page,
    /// the open items on the Cover (a final package needs `status` clean).
    #[arg(long)]
    draft: bool,
}

pub fn export_cmd(args: ExportArgs) -> Result<()> {
    let project = io::load(&args.project)?;
    let package = if args.draft {
        export::Package::Draft
    } else {
        export::Package::Final
    };
    // Refused before a passphrase is asked for.
    let (_, gaps) = export::check_package(&project, package).with_context(|| {
        format!(
            "{}: exporting {}",
            args.project.display(),
            args.out.display()
        )
    })?;
    if args.draft {
        eprintln!(
            "note: {} is a DRAFT, not a verification statement ({} open item(s), listed on its Cover)",
            args.out.display(),
            gaps.len()
        );
    }
    let signer = load_signer(&args.signing)?;
    let summary = export::export(
        &project,
        &args.out,
        package,
        signer.as_ref(),
        &io::time::now_rfc3339_utc(),
    )
    .with_context(|| {
        format!(
            "{}: exporting {}",
            args.project.display(),
            args.out.display()
        )
    })?;
    report(&args.out, &summary);
    Ok(())
}

/// The signer of `--sign KEY` (asking for its passphrase if it has one).
fn load_signer(opts: &SignOpts) -> Result<Option<export::signing::Signer>> {
    let Some(key) = opts.sign.as_deref() else {
        return Ok(None);
    };
    let (name, org) = (opts.name.as_deref(), opts.org.as_deref());
    let text = std::fs::read_to_string(key)
        .with_context(|| format!("{}: cannot read the key", key.display()))?;
    let pass = if ssh_encrypted(&text) {
        Some(passphrase(&format!("Passphrase for {}: ", key.display()))?)
    } else {
        None
    };
    Ok(Some(
        export::signing::Signer::load(key, pass.as_deref(), name, org).map_err(|e| anyhow!(e))?,
    ))
}

/// What an export wrote, signed by whom.
fn report(out: &std::path::Path, summary: &export::ExportSummary) {
    println!(
        "wrote {} ({} sheets; content digest {})",
        out.display(),
        summary.sheets.len() + 1,
        summary.digest
    );
    if let Some(s) = &summary.signed {
        println!(
            "signed by {} ({}) at {}, key {}",
            s.signer, s.organisation, s.signed_at, s.fingerprint
        );
    }
    if let Some(p) = &summary.sig_path {
        println!("detached signature of the file's bytes: {}", p.display());
    }
}

#[derive(Args, Debug)]
pub struct ExportCbamArgs {
    /// The project file (RON).
    project: PathBuf,
    /// The installation (its entity id, e.g. E01).
    installation: String,
    /// The workbook to write (.xlsx).
    #[arg(short, long)]
    out: PathBuf,
    #[command(flatten)]
    signing: SignOpts,
    /// A draft while the verification has gaps (DRAFT on every page).
    #[arg(long)]
    draft: bool,
}

pub fn export_cbam_cmd(args: ExportCbamArgs) -> Result<()> {
    let project = io::load(&args.project)?;
    let package = if args.draft {
        export::Package::Draft
    } else {
        export::Package::Final
    };
    let context = || {
        format!(
            "{}: writing the CBAM communication of {} to {}",
            args.project.display(),
            args.installation,
            args.out.display()
        )
    };
    // Refused before a passphrase is asked for.
    export::check_package(&project, package).with_context(context)?;
    let signer = load_signer(&args.signing)?;
    let summary = export::export_cbam(
        &project,
        &args.installation,
        &args.out,
        package,
        signer.as_ref(),
        &io::time::now_rfc3339_utc(),
    )
    .with_context(context)?;
    if args.draft {
        eprintln!(
            "note: {} is a DRAFT: the verification is not complete",
            args.out.display()
        );
    }
    report(&args.out, &summary);
    Ok(())
}

/// Whether an OpenSSH private key file is encrypted (its cipher is not "none").
fn ssh_encrypted(text: &str) -> bool {
    parkaudit_ssh_encrypted(text).unwrap_or(true)
}

fn parkaudit_ssh_encrypted(text: &str) -> Option<bool> {
    use ssh_key::PrivateKey;
    PrivateKey::from_openssh(text)
        .ok()
        .map(|k| k.is_encrypted())
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The signed workbook (.xlsx).
    workbook: PathBuf,
    /// The expected signer: an OpenSSH public key, a .pub file, or a fingerprint (SHA256:…).
    #[arg(long)]
    expect_key: Option<String>,
    /// The detached signature of the file's bytes, when it is not WORKBOOK.sig.
    #[arg(long)]
    sig: Option<PathBuf>,
    /// Fail (exit 1) unless the detached signature verifies the file's bytes.
    #[arg(long)]
    require_sig: bool,
}

/// Exit 0: content and bytes verified; 3: the content is intact but the
/// file's bytes are unverified (no .sig, or the file was saved again after
/// signing); 1: changed, not signed, another key, a bad .sig, or 3 with
/// --require-sig; 2: unreadable.
pub fn verify(args: VerifyArgs) -> ExitCode {
    use export::verify::FileSignature;
    let file = args.workbook.display().to_string();
    let report = match export::verify::verify_file_with(
        &args.workbook,
        args.expect_key.as_deref(),
        args.sig.as_deref(),
    ) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if !report.content_intact() {
        println!("{file}: NOT intact");
        for p in &report.problems {
            println!("  - {p}");
        }
        return ExitCode::from(1);
    }
    let bytes = match &report.file_signature {
        FileSignature::Verified => None,
        FileSignature::Missing => Some(format!(
            "no detached signature ({}.sig): the content is intact, but the file's bytes — and what the content digest does not cover: fonts, colours, widths, the charts' look — are unverified",
            file
        )),
        FileSignature::Mismatch(e) => Some(format!(
            "content intact, bytes differ from the signed file: {e}"
        )),
        FileSignature::Unreadable(e) => {
            println!("{file}: NOT intact");
            println!("  - the detached signature is unreadable: {e}");
            return ExitCode::from(1);
        }
    };
    match &bytes {
        None => println!("{file}: intact"),
        Some(_) if args.require_sig => println!("{file}: NOT verified (--require-sig)"),
        Some(_) => println!("{file}: content intact, file bytes unverified"),
    }
    println!("  signer: {} ({})", report.signer, report.organisation);
    println!("  key: {}", report.fingerprint);
    println!("  signed at: {} UTC", report.signed_at);
    println!("  content digest: {}", report.digest);
    match &bytes {
        None => println!("  the detached signature of the file's bytes verifies too"),
        Some(why) => println!("  {why}"),
    }
    if !report.key_checked {
        println!(
            "  note: this proves integrity, not identity — pass --expect-key with the signer's public key or fingerprint, obtained from the signer by another channel, to check who signed"
        );
    }
    match bytes {
        None => ExitCode::SUCCESS,
        Some(_) if args.require_sig => ExitCode::from(1),
        Some(_) => ExitCode::from(3),
    }
}
