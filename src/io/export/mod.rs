//! The signed audit workbook: every number traceable to a formula and a
//! source, the content covered by a canonical digest and an Ed25519
//! signature, the file's bytes by a detached SSHSIG signature.

pub mod canonical;
mod own_sheet;
pub(crate) mod presentation;
mod row_hashes;
mod sheet_digest;
mod sheets;
pub mod signing;
pub mod verify;

use crate::calc::CalcErrors;
use crate::model::Project;
use canonical::{SheetCanon, SheetDigest, Value};
use rust_xlsxwriter::{DocProperties, Workbook, Worksheet, XlsxError};
use sheets::Styled;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The name of the sheet that holds the signature (and is outside the digest).
pub const SIGNATURE_SHEET: &str = "Signature";

/// Why a workbook could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the project's inventory cannot be computed")]
    Inventory(#[source] CalcErrors),
    #[error("writing the workbook: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("{}: cannot write the workbook", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The workbook and its signature could not both be written; the error
    /// says which files are in place.
    #[error(transparent)]
    Files(#[from] crate::io::atomic::PairError),
    #[error("{0}")]
    Canonical(String),
    #[error("signing: {0}")]
    Sign(String),
    #[error("the export was cancelled — no file was written")]
    Cancelled,
    /// A final package was asked for while the verification has gaps.
    #[error(
        "the verification is not complete, so a final package is refused — close these {} gap(s), or export a draft:\n{}",
        gaps.len(),
        gaps.iter().map(|(en, _)| format!("  - {en}")).collect::<Vec<_>>().join("\n")
    )]
    NotReady {
        /// Each gap in English and Chinese.
        gaps: Vec<(String, String)>,
    },
}

impl ExportError {
    /// The message in Chinese, for the errors a user can act on; `None`
    /// where the English one (a file or library error) is all there is.
    pub fn zh(&self) -> Option<String> {
        match self {
            ExportError::NotReady { gaps } => Some(format!(
                "核查尚未完成，不能导出最终文件——请先处理以下 {} 项，或导出草稿：\n{}",
                gaps.len(),
                gaps.iter()
                    .map(|(_, zh)| format!("  - {zh}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )),
            ExportError::Cancelled => Some("导出已取消——未写入任何文件".into()),
            ExportError::Files(e) => Some(match e.state {
                crate::io::atomic::PairState::Unchanged => format!(
                    "{}：无法写入——未作任何更改（工作簿及其签名保持原样）：{}",
                    e.failed.display(),
                    e.source
                ),
                crate::io::atomic::PairState::FirstWithoutSecond => format!(
                    "{}：无法写入签名——{} 已是新工作簿，但没有签名文件（verify 报告内容完整、文件字节未验证）；请重新导出并签名：{}",
                    e.failed.display(),
                    e.first.display(),
                    e.source
                ),
            }),
            _ => None,
        }
    }
}

/// What kind of package an export is. A final verification package needs
/// the readiness report empty (a recorded opinion, every sampled item tested,
/// the engagement complete, every exclusion justified, the sign-offs
/// complete …); a draft can be exported at any time and says DRAFT on every
/// page, lists its open items on the Cover, and its signature attests only
/// that it is this draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Package {
    Final,
    Draft,
}

impl Package {
    pub fn key(self) -> &'static str {
        match self {
            Package::Final => "final",
            Package::Draft => "draft",
        }
    }
}

/// What a signed workbook is: the Signature sheet says what its signature attests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contents {
    /// The audit workbook (verification package).
    Verification,
    /// An installation's CBAM communication.
    CbamCommunication,
}

/// What an export wrote.
#[derive(Debug, Clone)]
pub struct ExportSummary {
    pub digest: String,
    pub sheets: Vec<SheetDigest>,
    pub signed: Option<signing::SignatureInfo>,
    pub sig_path: Option<PathBuf>,
}

/// Writes cells to a worksheet and, in the same order, into its canonical
/// digest — with the number format each cell will show.
pub(crate) struct W<'a> {
    pub ws: &'a mut Worksheet,
    canon: SheetCanon,
    /// Column → the number format of its column format (a cell written
    /// without a format takes it).
    column_formats: BTreeMap<u16, &'static str>,
    /// The format of a cell written without one, outside formatted columns
    /// (top-aligned, so a row made tall by wrapped text reads from the top).
    plain: Option<rust_xlsxwriter::Format>,
}

/// Characters of a text kept in one cell (Excel holds 32,767).
const CELL_CHARS: usize = 32_000;

/// Text as Excel can hold it: control characters (other than tab and line
/// feed) become spaces, and a text over the cell limit is cut — saying so in
/// the cell, with its full length, never silently.
fn cell_text(s: &str) -> std::borrow::Cow<'_, str> {
    let needs = s
        .chars()
        .any(|c| (c.is_control() && c != '\t' && c != '\n') || c == '\u{FFFE}')
        || s.len() > CELL_CHARS;
    if !needs {
        return std::borrow::Cow::Borrowed(s);
    }
    let total = s.chars().count();
    let mut clean: String = s
        .chars()
        .map(|c| {
            if c.is_control() && c != '\t' && c != '\n' {
                ' '
            } else {
                c
            }
        })
        .take(if total > CELL_CHARS {
            CELL_CHARS - 200
        } else {
            total
        })
        .collect();
    if total > CELL_CHARS {
        clean.push_str(&format!(
            " … [cut here: the text has {total} characters, more than a cell holds; the full text is in the project file]"
        ));
    }
    std::borrow::Cow::Owned(clean)
}

impl<'a> W<'a> {
    pub fn new(ws: &'a mut Worksheet, name: &str, rows: u32) -> Result<W<'a>, ExportError> {
        ws.set_name(name)?;
        Ok(W {
            ws,
            canon: SheetCanon::new(name, rows),
            column_formats: BTreeMap::new(),
            plain: None,
        })
    }

    /// Cells written without a format (outside formatted columns) get this
    /// one; its number format must be `General`.
    pub fn set_plain(&mut self, fmt: &Styled) {
        debug_assert_eq!(fmt.number_format, "General");
        self.plain = Some(fmt.format.clone());
    }

    /// Gives a column a format; cells written into it without one take it.
    pub fn set_column_format(&mut self, c: u16, fmt: &Styled) -> Result<(), ExportError> {
        self.ws.set_column_format(c, &fmt.format)?;
        self.column_formats.insert(c, fmt.number_format);
        Ok(())
    }

    fn canon(
        &mut self,
        r: u32,
        c: u16,
        v: Value<'_>,
        f: Option<&str>,
        fmt: Option<&Styled>,
    ) -> Result<(), ExportError> {
        let number_format = match fmt {
            Some(s) => s.number_format,
            None => self.column_formats.get(&c).copied().unwrap_or("General"),
        };
        self.canon
            .cell_formatted(r, u32::from(c), v, f, number_format)
            .map_err(ExportError::Canonical)
    }

    /// A string, always written as text (a tenant's `=HYPERLINK(…)` stays text).
    pub fn s(
        &mut self,
        r: u32,
        c: u16,
        text: &str,
        fmt: Option<&Styled>,
    ) -> Result<(), ExportError> {
        let text = cell_text(text);
        if text.is_empty() {
            return Ok(());
        }
        // Its own format, else the plain one where no column format applies.
        let plain = match self.column_formats.contains_key(&c) {
            true => None,
            false => self.plain.as_ref(),
        };
        match fmt.map(|s| &s.format).or(plain) {
            Some(f) => self.ws.write_string_with_format(r, c, text.as_ref(), f)?,
            None => self.ws.write_string(r, c, text.as_ref())?,
        };
        self.canon(r, c, Value::S(&text), None, fmt)
    }

    pub fn n(&mut self, r: u32, c: u16, v: f64, fmt: Option<&Styled>) -> Result<(), ExportError> {
        let plain = match self.column_formats.contains_key(&c) {
            true => None,
            false => self.plain.as_ref(),
        };
        match fmt.map(|s| &s.format).or(plain) {
            Some(f) => self.ws.write_number_with_format(r, c, v, f)?,
            None => self.ws.write_number(r, c, v)?,
        };
        self.canon(r, c, Value::N(v), None, fmt)
    }

    /// A live formula whose cached result is the engine's value.
    pub fn f(
        &mut self,
        r: u32,
        c: u16,
        formula: &str,
        cached: f64,
        fmt: Option<&Styled>,
    ) -> Result<(), ExportError> {
        let fo = rust_xlsxwriter::Formula::new(formula).set_result(format!("{cached}"));
        let plain = match self.column_formats.contains_key(&c) {
            true => None,
            false => self.plain.as_ref(),
        };
        match fmt.map(|s| &s.format).or(plain) {
            Some(f) => self.ws.write_formula_with_format(r, c, fo, f)?,
            None => self.ws.write_formula(r, c, fo)?,
        };
        self.canon(r, c, Value::N(cached), Some(formula), fmt)
    }

    pub fn finish(self) -> SheetDigest {
        self.canon.finish()
    }
}

/// Whether `project` may be exported as `package`: its inventory and the open
/// gaps (English, Chinese), or [`ExportError::NotReady`] for a final package
/// with gaps. Shells call it before asking for a passphrase; the export
/// checks again.
pub fn check_package(
    project: &Project,
    package: Package,
) -> Result<(crate::audit::Analysis, Vec<(String, String)>), ExportError> {
    // What may be signed is what the readiness report allows.
    let analysis = crate::audit::analyse(project, true).map_err(ExportError::Inventory)?;
    let gaps: Vec<(String, String)> = crate::audit::readiness(project, &analysis)
        .iter()
        .map(|g| (g.en(), g.zh()))
        .collect();
    if package == Package::Final && !gaps.is_empty() {
        return Err(ExportError::NotReady { gaps });
    }
    Ok((analysis, gaps))
}

/// Exports the project to `path` as a `package`; with a signer, signs the
/// content digest and writes `PATH.sig` (SSHSIG over the file's bytes). A
/// final package of a project with readiness gaps is refused
/// ([`ExportError::NotReady`]) before anything is written.
pub fn export(
    project: &Project,
    path: &Path,
    package: Package,
    signer: Option<&signing::Signer>,
    signed_at: &str,
) -> Result<ExportSummary, ExportError> {
    export_with(project, path, package, signer, signed_at, None)
}

/// [`export`] reporting its phases and Activity rows to `progress`; a cancel
/// request stops it before anything is written.
pub fn export_with(
    project: &Project,
    path: &Path,
    package: Package,
    signer: Option<&signing::Signer>,
    signed_at: &str,
    progress: Option<&crate::io::Progress>,
) -> Result<ExportSummary, ExportError> {
    let phase = |name: &str| -> Result<(), ExportError> {
        match progress {
            Some(p) if p.is_cancelled() => Err(ExportError::Cancelled),
            Some(p) => {
                p.phase(name);
                Ok(())
            }
            None => Ok(()),
        }
    };
    phase("computing")?;
    let (analysis, gaps) = check_package(project, package)?;
    let statement = crate::audit::statement::statement(project, &analysis);
    let inv = analysis.inventory;
    let kind = sheets::Kind {
        package,
        gaps,
        statement,
        uncertainty: analysis.uncertainty,
        uncertainty_verdict: analysis.uncertainty_verdict,
    };
    phase("writing sheets")?;
    if let Some(p) = progress {
        p.set_total(project.activity.len() as u64);
    }
    let mut wb = Workbook::new();
    let (digests, names) = sheets::write_content(&mut wb, project, &inv, &kind, progress)?;
    let title = format!("ParkAudit verification workbook — {}", project.park.name);
    seal(
        wb,
        Sealed {
            digests,
            names,
            package,
            contents: Contents::Verification,
            title,
            park: &project.park.name,
        },
        path,
        signer,
        signed_at,
        &phase,
    )
}

/// Why a CBAM communication cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum CbamExportError {
    #[error("the project has no CBAM installation {0} — `parkaudit cbam PROJECT` lists them")]
    NoInstallation(String),
    #[error(transparent)]
    Goods(#[from] crate::calc::cbam_goods::GoodsError),
    #[error(transparent)]
    Export(#[from] ExportError),
}

impl CbamExportError {
    /// The message in Chinese, where there is one.
    pub fn zh(&self) -> Option<String> {
        match self {
            CbamExportError::NoInstallation(id) => Some(format!("项目中没有CBAM装置 {id}")),
            CbamExportError::Goods(e) => Some(e.zh()),
            CbamExportError::Export(e) => e.zh(),
        }
    }
}

/// Writes the CBAM communication of installation `entity_id` to `path`:
/// the structure of the Commission's Communication template
/// (`A_InstData`, `D_Processes`, `E_PurchPrec`, `Summary_Products`,
/// `Summary_Communication`), signed and verifiable like the audit workbook
/// (the same canonical digest and Signature sheet). A final package needs
/// the verification complete, as the audit workbook does.
pub fn export_cbam(
    project: &Project,
    entity_id: &str,
    path: &Path,
    package: Package,
    signer: Option<&signing::Signer>,
    signed_at: &str,
) -> Result<ExportSummary, CbamExportError> {
    let cbam = project
        .cbam
        .as_ref()
        .ok_or_else(|| CbamExportError::NoInstallation(entity_id.to_string()))?;
    let inst = cbam
        .installation(entity_id)
        .ok_or_else(|| CbamExportError::NoInstallation(entity_id.to_string()))?;
    let result = crate::calc::cbam_goods::installation(
        project,
        inst,
        cbam.declaration_year,
        cbam.certificate_price_eur,
    )?;
    check_package(project, package)?;
    let comm = sheets::cbam_comm::Comm {
        p: project,
        inst,
        result: &result,
        year: cbam.declaration_year,
    };
    let mut wb = Workbook::new();
    let digests = sheets::write_cbam_communication(&mut wb, &comm, package == Package::Draft)?;
    let title = format!("CBAM communication — {}", inst.name_en);
    Ok(seal(
        wb,
        Sealed {
            digests,
            names: Vec::new(),
            package,
            contents: Contents::CbamCommunication,
            title,
            park: &inst.name_en,
        },
        path,
        signer,
        signed_at,
        &|_| Ok(()),
    )?)
}

/// A workbook's content sheets, written, and what its Signature sheet and
/// properties say.
struct Sealed<'a> {
    digests: Vec<SheetDigest>,
    names: Vec<(String, String)>,
    package: Package,
    contents: Contents,
    title: String,
    park: &'a str,
}

/// Digests, signs and writes a workbook whose content sheets are written:
/// the Signature sheet, the properties, the self-check of a signed file, and
/// the workbook with its detached signature replaced together.
fn seal(
    mut wb: Workbook,
    sealed: Sealed<'_>,
    path: &Path,
    signer: Option<&signing::Signer>,
    signed_at: &str,
    phase: &dyn Fn(&str) -> Result<(), ExportError>,
) -> Result<ExportSummary, ExportError> {
    let Sealed {
        digests,
        names,
        package,
        contents,
        title,
        park,
    } = sealed;
    let digest = canonical::workbook_digest(&digests, &names);
    let signed = match signer {
        Some(s) => Some(
            s.sign_digest(&digest, signed_at)
                .map_err(ExportError::Sign)?,
        ),
        None => None,
    };
    let file_name = path
        .file_name()
        .map_or_else(|| "FILE.xlsx".into(), |n| n.to_string_lossy());
    signing::write_signature_sheet(
        &mut wb,
        &digest,
        &digests,
        signed.as_ref(),
        (package, contents),
        &file_name,
        park,
    )?;
    let mut props = DocProperties::new()
        .set_title(title)
        .set_custom_property("parkaudit_canonical_format", canonical::FORMAT)
        .set_custom_property("parkaudit_package", package.key())
        .set_custom_property("parkaudit_digest", digest.as_str());
    if let Some(s) = &signed {
        props = props
            .set_custom_property("parkaudit_signer", s.signer.as_str())
            .set_custom_property("parkaudit_organisation", s.organisation.as_str())
            .set_custom_property("parkaudit_signed_at", s.signed_at.as_str());
    }
    wb.set_properties(&props);
    phase("compressing")?;
    wb.set_zip_compression_level(3);
    let bytes = wb.save_to_buffer()?;
    phase(if signer.is_some() {
        "verifying and signing"
    } else {
        "saving"
    })?;
    let sig = signing::sig_path(path);
    let mut sig_path = None;
    if let (Some(s), Some(info)) = (signer, &signed) {
        // Self-check before anything is written: what a recipient reads back must verify.
        let report = verify::self_check(&bytes)
            .map_err(|e| ExportError::Canonical(format!("the workbook does not verify: {e}")))?;
        if !report.is_intact() || report.digest != info.digest {
            return Err(ExportError::Canonical(format!(
                "the workbook does not verify: {}",
                report.problems.join("; ")
            )));
        }
        let pem = s.sign_file(&bytes).map_err(ExportError::Sign)?;
        // The workbook and its signature change together (see replace_pair).
        super::atomic::replace_pair(path, &bytes, &sig, Some(pem.as_bytes()))?;
        sig_path = Some(sig);
    } else {
        // A detached signature of an earlier export would not match this
        // file: it goes with the workbook it signed.
        super::atomic::replace_pair(path, &bytes, &sig, None)?;
    }
    Ok(ExportSummary {
        digest,
        sheets: digests,
        signed,
        sig_path,
    })
}

#[cfg(test)]
mod tests {
    use super::cell_text;

    #[test]
    fn long_text_is_cut_saying_so_and_control_characters_become_spaces() {
        let long = "x".repeat(40_000);
        let cell = cell_text(&long);
        assert!(cell.chars().count() <= 32_000, "{}", cell.chars().count());
        assert!(cell.ends_with(
            "[cut here: the text has 40000 characters, more than a cell holds; the full text is in the project file]"
        ));
        assert_eq!(cell_text("a\u{1b}b\tc"), "a b\tc");
        assert!(matches!(cell_text("plain"), std::borrow::Cow::Borrowed(_)));
    }
}
