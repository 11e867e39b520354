//! Offline verification of a signed workbook: recompute the canonical digest
//! of every sheet but `Signature`, compare it with what was signed, check the
//! Ed25519 signature, optionally the expected key, and the detached `.sig`.

use super::SIGNATURE_SHEET;
use super::canonical::{self, Canonical};
use super::signing::{self, fields};
use crate::io::import::schema::column_letter;
use calamine::{Data, Reader, Xlsx};
use ssh_key::{HashAlg, PublicKey};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::path::Path;

/// The outcome of a verification.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VerifyReport {
    /// The digest recomputed from the workbook's content.
    pub digest: String,
    pub signer: String,
    pub organisation: String,
    pub signed_at: String,
    pub fingerprint: String,
    /// The signer's OpenSSH public key as recorded.
    pub public_key: String,
    pub signed: bool,
    /// Whether the key was checked against an expected one (identity, not just integrity).
    pub key_checked: bool,
    /// Whether a detached `.sig` was found and checked.
    pub file_signature_checked: bool,
    /// The detached signature of the file's bytes.
    pub file_signature: FileSignature,
    /// Everything in the content that does not match; empty when intact.
    pub problems: Vec<String>,
    /// The same, in Chinese, for the app (one per entry of `problems`).
    pub problems_zh: Vec<String>,
}

/// What the detached `.sig` of the file's bytes says.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum FileSignature {
    /// No `.sig` was found: the bytes, and what the content digest does not
    /// cover (fonts, colours, widths, the charts' look), are unverified.
    #[default]
    Missing,
    /// It verifies: these are the signed bytes.
    Verified,
    /// It does not match these bytes — the file was saved again or re-zipped
    /// after signing (its content may still be intact), or it is another file's.
    Mismatch(String),
    /// It exists but cannot be read as a signature.
    Unreadable(String),
}

impl VerifyReport {
    /// Records a problem in both languages.
    fn add(&mut self, en: impl Into<String>, zh: impl Into<String>) {
        self.problems.push(en.into());
        self.problems_zh.push(zh.into());
    }

    /// The problems in the app's language.
    pub fn problems_in(&self, zh: bool) -> &[String] {
        if zh {
            &self.problems_zh
        } else {
            &self.problems
        }
    }

    /// The content is what was signed (and, where a `.sig` exists, it is a
    /// readable signature that matches the bytes).
    pub fn is_intact(&self) -> bool {
        self.content_intact()
            && matches!(
                self.file_signature,
                FileSignature::Verified | FileSignature::Missing
            )
    }

    /// The signed content digest, statement and key check out.
    pub fn content_intact(&self) -> bool {
        self.signed && self.problems.is_empty()
    }

    /// Content and bytes both verified.
    pub fn fully_verified(&self) -> bool {
        self.content_intact() && self.file_signature == FileSignature::Verified
    }
}

/// A sheet's recorded digest and locators.
struct Recorded {
    sha256: String,
    block_rows: u32,
    columns: BTreeMap<u32, String>,
    blocks: BTreeMap<u32, String>,
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn locators(cells: &[Data]) -> BTreeMap<u32, String> {
    cells
        .iter()
        .flat_map(|c| {
            text(c)
                .split_whitespace()
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .filter_map(|pair| {
            let (k, v) = pair.split_once(':')?;
            Some((k.parse().ok()?, v.to_string()))
        })
        .collect()
}

/// The Signature sheet's fields (label → value) and recorded sheet digests, in order.
type SignatureSheet = (BTreeMap<String, String>, Vec<(String, Recorded)>);

/// Reads the Signature sheet: its fields, and the recorded sheet digests in order.
fn read_signature(wb: &mut Xlsx<Cursor<&[u8]>>) -> Result<SignatureSheet, String> {
    let range = wb
        .worksheet_range(SIGNATURE_SHEET)
        .map_err(|e| format!("the Signature sheet cannot be read ({e})"))?;
    let mut kv = BTreeMap::new();
    let mut sheets = Vec::new();
    let mut in_table = false;
    for row in range.rows() {
        let a = row.first().map(text).unwrap_or_default();
        if in_table {
            if a.is_empty() {
                continue;
            }
            let get = |i: usize| row.get(i).map(text).unwrap_or_default();
            let block_rows = match row.get(2) {
                Some(Data::Float(f)) => *f as u32,
                Some(Data::Int(i)) => *i as u32,
                _ => 1,
            };
            sheets.push((
                a,
                Recorded {
                    sha256: get(1),
                    block_rows,
                    columns: locators(row.get(3..4).unwrap_or(&[])),
                    blocks: locators(row.get(4..).unwrap_or(&[])),
                },
            ));
        } else if a == "sheet" {
            in_table = true;
        } else if !a.is_empty() {
            kv.insert(a, row.get(1).map(text).unwrap_or_default());
        }
    }
    Ok((kv, sheets))
}

/// Where a sheet changed, from the locators: a cell when one row block of
/// one row and one column differ, else rows and columns.
fn locate(name: &str, rec: &Recorded, now: &canonical::SheetDigest) -> (String, String) {
    let diff = |a: &BTreeMap<u32, String>, b: &BTreeMap<u32, String>| -> Vec<u32> {
        let keys: BTreeSet<u32> = a.keys().chain(b.keys()).copied().collect();
        keys.into_iter().filter(|k| a.get(k) != b.get(k)).collect()
    };
    let cols = diff(&rec.columns, &now.columns);
    let blocks = diff(&rec.blocks, &now.blocks);
    let col_names: Vec<String> = cols.iter().map(|c| column_letter(*c)).collect();
    match (blocks.as_slice(), cols.as_slice()) {
        ([b], [c]) if rec.block_rows == 1 => {
            let cell = format!("{}{}", column_letter(*c), b + 1);
            (
                format!("sheet {name} changed at cell {cell}"),
                format!("工作表 {name} 在单元格 {cell} 处已更改"),
            )
        }
        ([b], _) => {
            let first = b.saturating_mul(rec.block_rows).saturating_add(1);
            let last = b.saturating_add(1).saturating_mul(rec.block_rows);
            (
                format!(
                    "sheet {name} changed in rows {first}–{last}, column(s) {}",
                    col_names.join(", ")
                ),
                format!(
                    "工作表 {name} 在第 {first}–{last} 行、{} 列已更改",
                    col_names.join("、")
                ),
            )
        }
        _ if !blocks.is_empty() => (
            format!(
                "sheet {name} changed in {} row block(s), column(s) {}",
                blocks.len(),
                col_names.join(", ")
            ),
            format!(
                "工作表 {name} 在 {} 个行块、{} 列已更改",
                blocks.len(),
                col_names.join("、")
            ),
        ),
        _ => (
            format!("sheet {name} changed"),
            format!("工作表 {name} 已更改"),
        ),
    }
}

/// The fingerprint an `--expect-key` argument means: a fingerprint, an OpenSSH
/// public key, or a file holding one.
pub fn expected_fingerprint(expect: &str) -> Result<String, String> {
    let e = expect.trim();
    if e.starts_with("SHA256:") {
        return Ok(e.to_string());
    }
    let text = if Path::new(e).is_file() {
        std::fs::read_to_string(e).map_err(|x| format!("{e}: {x}"))?
    } else {
        e.to_string()
    };
    let key = PublicKey::from_openssh(text.trim())
        .map_err(|x| format!("--expect-key: not a public key or fingerprint ({x})"))?;
    Ok(key.fingerprint(HashAlg::Sha256).to_string())
}

/// Verifies a workbook's bytes; `path` names it in messages and locates the
/// `.sig` (`PATH.sig`, or `sig` when given).
pub fn verify_bytes(
    path: &Path,
    bytes: &[u8],
    expect_key: Option<&str>,
    sig: Option<&Path>,
) -> Result<VerifyReport, String> {
    let mut report =
        verify_content(bytes, expect_key).map_err(|e| format!("{}: {e}", path.display()))?;
    // The detached signature of the file's bytes.
    let sig = sig.map_or_else(|| signing::sig_path(path), Path::to_path_buf);
    match std::fs::read(&sig) {
        Ok(raw) => {
            report.file_signature_checked = true;
            let pem = String::from_utf8(raw).unwrap_or_default();
            report.file_signature = if !pem.contains("BEGIN SSH SIGNATURE") {
                FileSignature::Unreadable(format!("{}: not an SSH signature", sig.display()))
            } else {
                match signing::verify_sshsig(&report.public_key, bytes, &pem) {
                    Ok(()) => FileSignature::Verified,
                    Err(e) => FileSignature::Mismatch(format!(
                        "{}: {e} — the file's bytes differ from the signed file (saved again or re-zipped after signing), or the .sig is another file's",
                        sig.display()
                    )),
                }
            };
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            report.file_signature_checked = true;
            report.file_signature =
                FileSignature::Unreadable(format!("{}: cannot be read ({e})", sig.display()));
        }
    }
    Ok(report)
}

/// Verifies a workbook's content (cells, formulas, defined names, sheets and
/// the signed statement) from its bytes; the detached `.sig` is not looked at.
pub fn verify_content(bytes: &[u8], expect_key: Option<&str>) -> Result<VerifyReport, String> {
    verify_content_with(bytes, expect_key, false)
}

/// [`verify_content`] as the export's self-check runs it: a sheet of more
/// than 2,000 rows exactly as the export writes it is read by `own_sheet`
/// (one pass, two threads), any other by the general reader.
pub(super) fn self_check(bytes: &[u8]) -> Result<VerifyReport, String> {
    verify_content_with(bytes, None, true)
}

fn verify_content_with(
    bytes: &[u8],
    expect_key: Option<&str>,
    own_reader: bool,
) -> Result<VerifyReport, String> {
    // A reader panic on a corrupt file is an unreadable file, not a crash.
    std::panic::catch_unwind(|| verify_content_inner(bytes, expect_key, own_reader)).unwrap_or_else(
        |_| Err("the workbook is damaged (the reader failed on its content)".to_string()),
    )
}

fn verify_content_inner(
    bytes: &[u8],
    expect_key: Option<&str>,
    own_reader: bool,
) -> Result<VerifyReport, String> {
    let mut wb: Xlsx<Cursor<&[u8]>> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable .xlsx workbook ({e})"))?;
    let mut report = VerifyReport::default();
    let names = wb.sheet_names();
    let mut lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    lower.sort();
    if lower.windows(2).any(|w| w[0] == w[1]) {
        report.add(
            "two sheets have the same name (ignoring case): refused",
            "两个工作表同名（不计大小写）：拒绝",
        );
        return Ok(report);
    }
    if names
        .iter()
        .any(|n| n.eq_ignore_ascii_case(SIGNATURE_SHEET) && n != SIGNATURE_SHEET)
        || names.last().is_some_and(|n| n != SIGNATURE_SHEET)
            && names.iter().any(|n| n == SIGNATURE_SHEET)
    {
        report.add(
            "the Signature sheet is not the last sheet, or is misnamed",
            "Signature 工作表不是最后一个工作表，或名称有误",
        );
    }
    if !names.iter().any(|n| n == SIGNATURE_SHEET) {
        report.add(
            "the workbook has no Signature sheet: it is not signed",
            "工作簿没有 Signature 工作表：未签名",
        );
        return Ok(report);
    }
    // Parts, relationships and content types ParkAudit never writes.
    for (en, zh) in super::presentation::foreign_parts(bytes)? {
        report.add(en, zh);
    }
    let (kv, recorded) = read_signature(&mut wb)?;
    let field = |k: &str| kv.get(k).cloned().unwrap_or_default();
    report.signer = field(fields::SIGNER);
    report.organisation = field(fields::ORG);
    report.signed_at = field(fields::SIGNED_AT);
    report.fingerprint = field(fields::FINGERPRINT);
    let recorded_digest = field(fields::DIGEST);
    // The digest is recomputed by the rule the workbook was signed under.
    let Some(version) = Canonical::parse(&field(fields::FORMAT)) else {
        let format = field(fields::FORMAT);
        report.add(
            format!("unknown canonical format '{format}' — verify it with a newer ParkAudit"),
            format!("未知的规范格式“{format}”——请用更新版本的 ParkAudit 验证"),
        );
        return Ok(report);
    };
    // Under either rule: v1 does not digest presentation, but what
    // ParkAudit never writes on a sheet is reported all the same.
    let parts = super::presentation::sheet_parts(bytes)
        .map_err(|e| format!("the workbook's structure cannot be read ({e})"))?;
    let states: BTreeMap<String, &'static str> = wb
        .sheets_metadata()
        .iter()
        .map(|m| {
            let state = match m.visible {
                calamine::SheetVisible::Visible => "visible",
                calamine::SheetVisible::Hidden => "hidden",
                calamine::SheetVisible::VeryHidden => "veryHidden",
            };
            (m.name.clone(), state)
        })
        .collect();

    // Content: sheets removed, added, renamed, changed.
    let actual: Vec<String> = names.into_iter().filter(|n| n != SIGNATURE_SHEET).collect();
    let rec_map: BTreeMap<&str, &Recorded> =
        recorded.iter().map(|(n, r)| (n.as_str(), r)).collect();
    let mut digests = Vec::new();
    for name in &actual {
        let block_rows = rec_map.get(name.as_str()).map_or(1, |r| r.block_rows);
        // The signer's block size says how long the sheet was: more than one
        // row per block is more than 2,000 rows (`canonical::block_rows_for`).
        let own = (own_reader && block_rows > 1)
            .then(|| super::own_sheet::sheet_digest(bytes, &parts, name, block_rows, version))
            .flatten();
        let (d, presentation) = match own {
            Some(read) => read,
            None => super::sheet_digest::sheet_digest(bytes, &parts, name, block_rows, version)?,
        };
        for (f, f_zh) in &presentation.foreign {
            report.add(
                format!("sheet {name} holds {f}, which ParkAudit never writes"),
                format!("工作表 {name} 含有{f_zh}，ParkAudit 从不写入此类内容"),
            );
        }
        match rec_map.get(name.as_str()) {
            Some(r) if r.sha256 != d.sha256 => {
                let (mut where_, mut where_zh) = locate(name, r, &d);
                if where_ == format!("sheet {name} changed") && version == Canonical::V2 {
                    // No cell moved: what the sheet shows around its cells did.
                    let p = &presentation;
                    (where_, where_zh) = if p.is_empty() {
                        (
                            format!(
                                "sheet {name} changed: its hidden rows or columns, merged cells or data validations"
                            ),
                            format!("工作表 {name} 已更改：其隐藏的行或列、合并单元格或数据验证"),
                        )
                    } else {
                        (
                            format!("sheet {name} changed: {}", p.describe()),
                            format!("工作表 {name} 已更改：{}", p.describe_zh()),
                        )
                    };
                }
                report.add(where_, where_zh);
            }
            Some(_) => {}
            None => match recorded
                .iter()
                .find(|(n, r)| r.sha256 == d.sha256 && !actual.contains(n))
            {
                Some((old, _)) => report.add(
                    format!("sheet {old} was renamed to {name}"),
                    format!("工作表 {old} 被重命名为 {name}"),
                ),
                None => report.add(
                    format!("sheet {name} was added"),
                    format!("新增了工作表 {name}"),
                ),
            },
        }
        digests.push(d);
    }
    for (name, r) in &recorded {
        let renamed = digests
            .iter()
            .any(|d| d.sha256 == r.sha256 && !rec_map.contains_key(d.name.as_str()));
        if !actual.contains(name) && !renamed {
            report.add(
                format!("sheet {name} was removed"),
                format!("工作表 {name} 被删除"),
            );
        }
    }
    let recorded_order: Vec<&str> = recorded.iter().map(|(n, _)| n.as_str()).collect();
    let actual_order: Vec<&str> = actual.iter().map(String::as_str).collect();
    if report.problems.is_empty() && recorded_order != actual_order {
        report.add("the sheets were reordered", "工作表的顺序被调整");
    }
    // A sheet hidden from the reader is reported by name (v2 covers its state).
    if version == Canonical::V2 {
        for name in &actual {
            if let Some(state) = states.get(name).filter(|s| **s != "visible") {
                report.add(
                    format!("sheet {name} is {state}: ParkAudit writes every sheet visible"),
                    format!(
                        "工作表 {name} 被{}：ParkAudit 写入的工作表都是可见的",
                        if *state == "veryHidden" {
                            "深度隐藏"
                        } else {
                            "隐藏"
                        }
                    ),
                );
            }
        }
    }
    let sheet_states: Vec<&str> = actual
        .iter()
        .map(|n| states.get(n).copied().unwrap_or("visible"))
        .collect();
    let defined: Vec<(String, String)> = wb.defined_names().to_vec();
    report.digest = canonical::workbook_digest_as(version, &digests, &sheet_states, &defined);
    if report.problems.is_empty() && report.digest != recorded_digest {
        report.add(
            "the recorded digest does not match the content (a defined name changed, or the digest was edited)",
            "记录的摘要与内容不符（定义名称被更改，或摘要被编辑）",
        );
    }
    for (label, label_zh, control) in [
        (
            "signer",
            "签署人",
            report.signer.chars().any(char::is_control),
        ),
        (
            "organisation",
            "机构",
            report.organisation.chars().any(char::is_control),
        ),
        (
            "signing time",
            "签署时间",
            report.signed_at.chars().any(char::is_control),
        ),
    ] {
        if control {
            report.add(
                format!("the {label} contains control characters: refused"),
                format!("{label_zh}含有控制字符：拒绝"),
            );
        }
    }

    // The signature over the statement.
    let public_key = field(fields::PUBLIC_KEY);
    report.public_key = public_key.clone();
    let signature = field(fields::SIGNATURE);
    if !signature.contains("BEGIN SSH SIGNATURE") {
        report.add(
            "the workbook is not signed (no signature in the Signature sheet)",
            "工作簿未签名（Signature 工作表中没有签名）",
        );
        return Ok(report);
    }
    report.signed = true;
    let text = signing::statement(
        version,
        &recorded_digest,
        &report.signer,
        &report.organisation,
        &report.signed_at,
        &report.fingerprint,
    );
    if let Err(e) = signing::verify_sshsig(&public_key, text.as_bytes(), &signature) {
        report.add(
            format!("the signature in the Signature sheet is invalid: {e} (signer, organisation, time or digest changed)"),
            format!("Signature 工作表中的签名无效：{e}（签署人、机构、时间或摘要被更改）"),
        );
    }
    match PublicKey::from_openssh(public_key.trim()) {
        Ok(k) if k.fingerprint(HashAlg::Sha256).to_string() != report.fingerprint => report.add(
            "the recorded fingerprint is not that of the recorded public key",
            "记录的指纹与记录的公钥不符",
        ),
        Ok(_) => {}
        Err(e) => report.add(
            format!("the recorded public key cannot be read ({e})"),
            format!("无法读取记录的公钥（{e}）"),
        ),
    }
    if let Some(expect) = expect_key {
        let want = expected_fingerprint(expect)?;
        report.key_checked = true;
        if want != report.fingerprint {
            let fp = report.fingerprint.clone();
            report.add(
                format!("signed by key {fp}, not the expected {want}"),
                format!("签名密钥为 {fp}，而非预期的 {want}"),
            );
        }
    }
    Ok(report)
}

/// Verifies a workbook file. `Err` means the file cannot be read at all.
pub fn verify_file(path: &Path, expect_key: Option<&str>) -> Result<VerifyReport, String> {
    verify_file_with(path, expect_key, None)
}

/// [`verify_file`] with the detached signature at `sig` rather than beside it.
pub fn verify_file_with(
    path: &Path,
    expect_key: Option<&str>,
    sig: Option<&Path>,
) -> Result<VerifyReport, String> {
    let bytes = std::fs::read(path)
        .map_err(|e| format!("{}: cannot read the file ({e})", path.display()))?;
    verify_bytes(path, &bytes, expect_key, sig)
}
