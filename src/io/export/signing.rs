//! Ed25519 keys in the OpenSSH formats (passphrase-encrypted private key),
//! the signed statement in the Signature sheet, and the detached SSHSIG
//! signature of the file's bytes that stock OpenSSH can check:
//! `ssh-keygen -Y verify -f allowed_signers -I NAME -n parkaudit -s OUT.xlsx.sig < OUT.xlsx`.

use super::canonical::SheetDigest;
use super::{ExportError, SIGNATURE_SHEET};
use rust_xlsxwriter::{Format, Workbook};
use ssh_key::rand_core::OsRng;
use ssh_key::{Algorithm, HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};
use std::path::{Path, PathBuf};

/// The SSHSIG namespace of every ParkAudit signature.
pub const NAMESPACE: &str = "parkaudit";

/// `OUT.xlsx` → `OUT.xlsx.sig`.
pub fn sig_path(path: &Path) -> PathBuf {
    crate::io::atomic::with_suffix(path, ".sig")
}

/// A decrypted signing key and who it belongs to.
pub struct Signer {
    key: PrivateKey,
    pub name: String,
    pub organisation: String,
}

/// What was signed, by whom and when — the Signature sheet's content.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureInfo {
    pub digest: String,
    pub signer: String,
    pub organisation: String,
    pub signed_at: String,
    pub public_key: String,
    pub fingerprint: String,
    /// SSHSIG (PEM) over the statement.
    pub signature: String,
}

/// The exact text the Signature sheet's signature covers.
pub fn statement(
    canonical: super::canonical::Canonical,
    digest: &str,
    signer: &str,
    organisation: &str,
    signed_at: &str,
    fingerprint: &str,
) -> String {
    format!(
        "parkaudit-workbook-signature-v1\ncanonical={}\ndigest={digest}\nsigner={signer}\norganisation={organisation}\nsigned_at={signed_at}\nfingerprint={fingerprint}\n",
        canonical.key()
    )
}

/// The key comment ParkAudit writes: `Name <Organisation>`.
fn comment(name: &str, org: &str) -> String {
    format!("{name} <{org}>")
}

/// `Name <Organisation>` → (name, organisation); other comments are the name.
fn parse_comment(c: &str) -> (String, String) {
    match c.rsplit_once(" <") {
        Some((n, o)) if o.ends_with('>') => (n.to_string(), o.trim_end_matches('>').to_string()),
        _ => (c.to_string(), String::new()),
    }
}

/// A principal for `allowed_signers` (no spaces): `li.ming`.
pub fn principal(name: &str) -> String {
    let p: String = name
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_whitespace() || c == ',' || c == '"' {
                '.'
            } else {
                c
            }
        })
        .collect();
    if p.is_empty() { "signer".into() } else { p }
}

/// Creates an Ed25519 key pair: the private key encrypted under `passphrase`
/// (OpenSSH format, mode 0600), the public key beside it (`.pub`), and an
/// `allowed_signers` file for `ssh-keygen -Y verify`.
pub fn keygen(
    out: &Path,
    name: &str,
    org: &str,
    passphrase: &str,
) -> Result<(PathBuf, String), String> {
    if passphrase.is_empty() {
        return Err(
            "an empty passphrase would leave the private key unprotected — give one".into(),
        );
    }
    let mut key = PrivateKey::random(&mut OsRng, Algorithm::Ed25519).map_err(|e| e.to_string())?;
    key.set_comment(comment(name, org));
    let public = key.public_key().to_openssh().map_err(|e| e.to_string())?;
    let encrypted = key
        .encrypt(&mut OsRng, passphrase)
        .map_err(|e| e.to_string())?;
    let pem = encrypted
        .to_openssh(LineEnding::LF)
        .map_err(|e| e.to_string())?;
    write_private(out, pem.as_bytes()).map_err(|e| format!("{}: {e}", out.display()))?;
    let pub_path = crate::io::atomic::with_suffix(out, ".pub");
    crate::io::write_atomic(&pub_path, format!("{public}\n").as_bytes(), false)
        .map_err(|e| format!("{}: {e}", pub_path.display()))?;
    let signers = crate::io::atomic::with_suffix(out, ".allowed_signers");
    let line = format!("{} namespaces=\"{NAMESPACE}\" {public}\n", principal(name));
    crate::io::write_atomic(&signers, line.as_bytes(), false)
        .map_err(|e| format!("{}: {e}", signers.display()))?;
    Ok((
        pub_path,
        key.public_key().fingerprint(HashAlg::Sha256).to_string(),
    ))
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::io::atomic::write_atomic_private(path, bytes)
}

/// Why a signing key cannot be used: what the auditor typed or picked is
/// wrong, so the app says it in the auditor's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("{}: cannot read the key: {detail}", path.display())]
    Read { path: PathBuf, detail: String },
    #[error("{}: not an OpenSSH private key ({detail})", path.display())]
    NotOpenSsh { path: PathBuf, detail: String },
    #[error("{}: the key is encrypted — give its passphrase (prompt or PARKAUDIT_KEY_PASSPHRASE)", path.display())]
    NeedsPassphrase { path: PathBuf },
    #[error("{}: wrong passphrase", path.display())]
    WrongPassphrase { path: PathBuf },
    #[error("{}: the key is {algorithm}, ParkAudit signs with Ed25519 keys", path.display())]
    NotEd25519 { path: PathBuf, algorithm: String },
}

impl KeyError {
    /// The message in Chinese, for the app.
    pub fn zh(&self) -> String {
        match self {
            KeyError::Read { path, detail } => {
                format!("{}：无法读取密钥（{detail}）", path.display())
            }
            KeyError::NotOpenSsh { path, detail } => {
                format!("{}：不是 OpenSSH 私钥（{detail}）", path.display())
            }
            KeyError::NeedsPassphrase { path } => {
                format!("{}：密钥已加密——请填写其口令", path.display())
            }
            KeyError::WrongPassphrase { path } => format!("{}：口令错误", path.display()),
            KeyError::NotEd25519 { path, algorithm } => format!(
                "{}：该密钥为 {algorithm}，ParkAudit 使用 Ed25519 密钥签名",
                path.display()
            ),
        }
    }

    pub fn message(&self, zh: bool) -> String {
        if zh { self.zh() } else { self.to_string() }
    }
}

impl Signer {
    /// Loads an OpenSSH private key (ParkAudit's or an auditor's own Ed25519
    /// key), decrypting it with `passphrase` when it is encrypted.
    pub fn load(
        path: &Path,
        passphrase: Option<&str>,
        name: Option<&str>,
        org: Option<&str>,
    ) -> Result<Signer, KeyError> {
        let path_buf = || path.to_path_buf();
        let text = std::fs::read_to_string(path).map_err(|e| KeyError::Read {
            path: path_buf(),
            detail: e.to_string(),
        })?;
        let key = PrivateKey::from_openssh(&text).map_err(|e| KeyError::NotOpenSsh {
            path: path_buf(),
            detail: e.to_string(),
        })?;
        let key = if key.is_encrypted() {
            let pass = passphrase.ok_or_else(|| KeyError::NeedsPassphrase { path: path_buf() })?;
            key.decrypt(pass)
                .map_err(|_| KeyError::WrongPassphrase { path: path_buf() })?
        } else {
            key
        };
        if key.algorithm() != Algorithm::Ed25519 {
            return Err(KeyError::NotEd25519 {
                path: path_buf(),
                algorithm: key.algorithm().to_string(),
            });
        }
        let (n, o) = parse_comment(key.comment());
        Ok(Signer {
            name: name.map(String::from).unwrap_or(n),
            organisation: org.map(String::from).unwrap_or(o),
            key,
        })
    }

    pub fn fingerprint(&self) -> String {
        self.key
            .public_key()
            .fingerprint(HashAlg::Sha256)
            .to_string()
    }

    /// Signs the content digest: the statement goes into the Signature sheet.
    pub fn sign_digest(&self, digest: &str, signed_at: &str) -> Result<SignatureInfo, String> {
        // One line per field in the statement: no newlines or control characters in a value.
        for (label, v) in [
            ("name", &self.name),
            ("organisation", &self.organisation),
            ("signing time", &signed_at.to_string()),
        ] {
            if v.chars().any(char::is_control) {
                return Err(format!(
                    "the signer's {label} contains a line break or control character"
                ));
            }
        }
        let fingerprint = self.fingerprint();
        let text = statement(
            super::canonical::Canonical::V2,
            digest,
            &self.name,
            &self.organisation,
            signed_at,
            &fingerprint,
        );
        let sig = self
            .key
            .sign(NAMESPACE, HashAlg::Sha512, text.as_bytes())
            .map_err(|e| e.to_string())?;
        Ok(SignatureInfo {
            digest: digest.to_string(),
            signer: self.name.clone(),
            organisation: self.organisation.clone(),
            signed_at: signed_at.to_string(),
            public_key: self
                .key
                .public_key()
                .to_openssh()
                .map_err(|e| e.to_string())?,
            fingerprint,
            signature: sig.to_pem(LineEnding::LF).map_err(|e| e.to_string())?,
        })
    }

    /// SSHSIG over the file's exact bytes (the detached `.sig`).
    pub fn sign_file(&self, bytes: &[u8]) -> Result<String, String> {
        let sig = self
            .key
            .sign(NAMESPACE, HashAlg::Sha512, bytes)
            .map_err(|e| e.to_string())?;
        sig.to_pem(LineEnding::LF).map_err(|e| e.to_string())
    }
}

/// Checks an SSHSIG (PEM) over `msg` with an OpenSSH public key.
pub fn verify_sshsig(public_key: &str, msg: &[u8], pem: &str) -> Result<(), String> {
    let key =
        PublicKey::from_openssh(public_key.trim()).map_err(|e| format!("bad public key: {e}"))?;
    let sig = SshSig::from_pem(pem.trim()).map_err(|e| format!("bad signature: {e}"))?;
    key.verify(NAMESPACE, msg, &sig)
        .map_err(|_| "the signature does not match".to_string())
}

/// Rows of the Signature sheet, as label → value (the verifier reads them back).
pub mod fields {
    pub const FORMAT: &str = "canonical_format";
    pub const DIGEST: &str = "digest";
    pub const SIGNER: &str = "signer";
    pub const ORG: &str = "organisation";
    pub const SIGNED_AT: &str = "signed_at_utc";
    pub const ALGORITHM: &str = "algorithm";
    pub const PUBLIC_KEY: &str = "public_key";
    pub const FINGERPRINT: &str = "fingerprint";
    pub const SIGNATURE: &str = "signature";
    pub const SHEETS: &str = "sheet_digests";
}

/// The first and last rows of the Signature sheet's notes (what the
/// signature attests, how to verify, where the key must come from …).
const NOTES_FIRST: u32 = 12;
const NOTES_END: u32 = NOTES_FIRST + 6;

/// Writes the Signature sheet (outside the digest it records).
pub(super) fn write_signature_sheet(
    wb: &mut Workbook,
    digest: &str,
    sheets: &[SheetDigest],
    info: Option<&SignatureInfo>,
    (package, contents): (super::Package, super::Contents),
    file_name: &str,
    park: &str,
) -> Result<(), ExportError> {
    let ws = wb.add_worksheet();
    ws.set_name(SIGNATURE_SHEET)?;
    let top = rust_xlsxwriter::FormatAlign::Top;
    let bold = Format::new().set_bold().set_align(top);
    let wrap = Format::new().set_text_wrap().set_align(top);
    const WIDTHS: [f64; 2] = [30.0, 90.0];
    ws.set_column_width(0, WIDTHS[0])?;
    ws.set_column_width(1, WIDTHS[1])?;
    use super::sheets::layout;
    layout::page(ws, park, layout::fit(true, &WIDTHS));
    if package == super::Package::Draft {
        ws.set_header(layout::header_text(park, true));
    }
    // Print the statement, not the locator table.
    ws.set_print_area(0, 0, NOTES_END, 1)?;
    ws.write_string_with_format(
        0,
        0,
        "Signature / 签名",
        &Format::new().set_bold().set_font_size(14),
    )?;
    let unsigned = "— (unsigned)";
    let rows: Vec<(&str, String)> = vec![
        (fields::FORMAT, super::canonical::FORMAT.to_string()),
        (fields::DIGEST, digest.to_string()),
        (
            fields::SIGNER,
            info.map_or(unsigned.into(), |i| i.signer.clone()),
        ),
        (
            fields::ORG,
            info.map_or(unsigned.into(), |i| i.organisation.clone()),
        ),
        (
            fields::SIGNED_AT,
            info.map_or(unsigned.into(), |i| i.signed_at.clone()),
        ),
        (
            fields::ALGORITHM,
            "Ed25519, SSHSIG (namespace \"parkaudit\", SHA-512)".into(),
        ),
        (
            fields::PUBLIC_KEY,
            info.map_or(unsigned.into(), |i| i.public_key.clone()),
        ),
        (
            fields::FINGERPRINT,
            info.map_or(unsigned.into(), |i| i.fingerprint.clone()),
        ),
        (
            fields::SIGNATURE,
            info.map_or(unsigned.into(), |i| i.signature.clone()),
        ),
    ];
    for (i, (k, v)) in rows.iter().enumerate() {
        let r = i as u32 + 2;
        ws.write_string_with_format(r, 0, *k, &bold)?;
        ws.write_string_with_format(r, 1, v, &wrap)?;
        // A signature or key is one long word: it breaks anywhere.
        ws.set_row_height(r, layout::wrapped_height(v, WIDTHS[1]))?;
    }
    // How a recipient checks it, with nothing but this sheet: ParkAudit,
    // stock OpenSSH, or any spreadsheet library (the rule is spelled out).
    let principal_name = info.map_or("SIGNER".to_string(), |i| principal(&i.signer));
    let key_text = info.map_or(
        "ssh-ed25519 AAAA… (the signer's public key)".to_string(),
        |i| i.public_key.trim().to_string(),
    );
    let fingerprint = info.map_or("—".to_string(), |i| i.fingerprint.clone());
    // What a signature of this package attests (the Cover says the same, inside the digest).
    use super::Contents::{CbamCommunication, Verification};
    let attests = match (contents, package, info) {
        (CbamCommunication, super::Package::Draft, _) => {
            "DRAFT. The signature attests only that this file is the draft CBAM communication the signer exported at the time above, with the content the digest covers; the verification of the data behind it was not complete. / 草稿。签名仅证明本文件是签名人在上述时间导出的CBAM通报草稿及其摘要所涵盖的内容；其所依据数据的核查尚未完成。"
        }
        (CbamCommunication, super::Package::Final, Some(_)) => {
            "CBAM communication. The signature attests that the content the digest covers — the installation, its processes and purchased precursors, and the specific embedded emissions of its goods — is what the signer issued at the time above, once the verification of the park's inventory was complete. / CBAM通报。签名证明摘要所涵盖的内容（装置、工序、外购前体及其货物的特定隐含排放）是签名人在园区清单核查完成后于上述时间出具的。"
        }
        (CbamCommunication, super::Package::Final, None) => {
            "CBAM communication, unsigned: nothing attests who issued it. / CBAM通报，未签名：无法证明出具人。"
        }
        (Verification, super::Package::Draft, _) => {
            "DRAFT. The signature attests only that this file is the draft the signer exported at the time above, with the content the digest covers; it is not a verification statement, and the Cover lists what was still open. / 草稿。签名仅证明本文件是签名人在上述时间导出的草稿及其摘要所涵盖的内容；本文件不是核查声明，封面列出了尚未完成的事项。"
        }
        (Verification, super::Package::Final, Some(_)) => {
            "Final verification package. The signature attests that the content the digest covers — the statement on the Cover, the inventory, the evidence trail and the findings — is the verification package the signer issued at the time above. / 最终核查文件。签名证明摘要所涵盖的内容（封面的核查声明、清单、证据链及发现）是签名人在上述时间出具的核查文件。"
        }
        (Verification, super::Package::Final, None) => {
            "Final verification package, unsigned: nothing attests who issued it. / 最终核查文件，未签名：无法证明出具人。"
        }
    };
    let notes: [(&str, String); 7] = [
        ("what_the_signature_attests", attests.to_string()),
        (
            "how_to_verify",
            format!("With ParkAudit: parkaudit verify {file_name} --expect-key KEY.pub (or --expect-key {fingerprint}). It recomputes the digest of every other sheet by the rule below, checks the signature above, and the detached signature {file_name}.sig of the file's bytes. / 用ParkAudit验证：parkaudit verify {file_name} --expect-key 公钥文件。"),
        ),
        (
            "key_source",
            format!("Obtain the signer's public key, or its fingerprint {fingerprint}, from the signer through another channel (letter, phone, the verification body's website) — never from this workbook alone: whoever could change the workbook could change the key in it too. / 请通过其他途径（信函、电话、核查机构网站）向签名人获取其公钥或指纹，切勿仅凭本工作簿中的公钥。"),
        ),
        (
            "openssh_allowed_signers_line",
            format!("{principal_name} namespaces=\"{NAMESPACE}\" {key_text}"),
        ),
        (
            "openssh_verify_command",
            format!("Put the line above, with the key obtained from the signer, in a file named allowed_signers, then: ssh-keygen -Y verify -f allowed_signers -I {principal_name} -n {NAMESPACE} -s {file_name}.sig < {file_name} — it prints: Good \"{NAMESPACE}\" signature for {principal_name} with ED25519 key {fingerprint} — when these are the signed bytes. / 将上一行（公钥须向签名人获取）存入allowed_signers文件后运行此命令。"),
        ),
        (
            "saving_changes_the_file",
            "Opening is safe; saving this workbook in Excel or LibreOffice rewrites the file: its detached signature then no longer matches the bytes (ParkAudit reports \"content intact, bytes differ from the signed file\"), and edited cells break the content digest. Keep the file as received. / 用Excel或LibreOffice保存会改写文件：字节签名将不再匹配；请保留收到的原始文件。".to_string(),
        ),
        (
            "canonical_rule",
            "The digest (parkaudit-canonical-v2): for each sheet but Signature, in order, SHA-256 over one line per non-empty cell in row-major order, 0-based: cell<TAB>row<TAB>col<TAB>type<TAB>value<TAB>number format<LF> — type s (text), n (number: 16 hex digits of its IEEE-754 binary64 bits, -0 as 0), b (true/false), e (error text); a formula cell is followed by formula<TAB>row<TAB>col<TAB>formula without '='<LF>; empty cells are skipped; backslash, tab, LF, CR written \\\\ \\t \\n \\r. Then hidden_row<TAB>row, hidden_col<TAB>col, merge<TAB>r1<TAB>c1<TAB>r2<TAB>c2 and validation<TAB>ranges<TAB>type<TAB>operator<TAB>formula1<TAB>formula2 lines, each kind sorted. The workbook digest is SHA-256 of 'parkaudit-canonical-v2' LF, then sheet<TAB>name<TAB>state<TAB>sheet digest LF per sheet (state visible/hidden/veryHidden), then name<TAB>defined name<TAB>refers-to LF per defined name, sorted. A reference implementation in Python (openpyxl) ships with ParkAudit as scripts/verify_workbook.py.".to_string(),
        ),
    ];
    for (i, (k, v)) in notes.iter().enumerate() {
        let r = NOTES_FIRST + i as u32;
        ws.write_string_with_format(r, 0, *k, &bold)?;
        ws.write_string_with_format(r, 1, v, &wrap)?;
        ws.set_row_height(r, layout::wrapped_height(v, WIDTHS[1]))?;
    }
    let table = NOTES_END + 2;
    ws.write_string_with_format(table, 0, fields::SHEETS, &bold)?;
    for (c, h) in [
        "sheet",
        "sha256",
        "block_rows",
        "column locators (col:sha256-16 …)",
        "row-block locators (block:sha256-16 …)",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(table + 1, c as u16, *h, &bold)?;
    }
    for (i, s) in sheets.iter().enumerate() {
        let r = table + 2 + i as u32;
        ws.write_string(r, 0, &s.name)?;
        ws.write_string(r, 1, &s.sha256)?;
        ws.write_number(r, 2, f64::from(s.block_rows))?;
        ws.write_string(
            r,
            3,
            s.columns
                .iter()
                .map(|(k, v)| format!("{k}:{v}"))
                .collect::<Vec<_>>()
                .join(" "),
        )?;
        // Block locators, split over cells of at most ~32,000 characters.
        let all: Vec<String> = s.blocks.iter().map(|(k, v)| format!("{k}:{v}")).collect();
        let mut chunk = String::new();
        let mut c = 4u16;
        for b in all {
            if chunk.len() + b.len() + 1 > 32_000 {
                ws.write_string(r, c, &chunk)?;
                c += 1;
                chunk.clear();
            }
            if !chunk.is_empty() {
                chunk.push(' ');
            }
            chunk.push_str(&b);
        }
        if !chunk.is_empty() {
            ws.write_string(r, c, &chunk)?;
        }
    }
    Ok(())
}
