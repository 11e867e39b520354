//! Opening a workbook (xlsx, xlsm, xls, ods) and streaming its rows as
//! uniform cells. A file that is not a workbook, is encrypted, truncated or
//! empty gets one clear message.

use calamine::{Data, DataRef, Reader, Sheets, Xls, Xlsx};
use std::borrow::Cow;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// A cell's value, as the importer sees it. Formulas count by their cached values.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell<'a> {
    #[default]
    Empty,
    Number(f64),
    Text(Cow<'a, str>),
    Bool(bool),
    /// A date-formatted cell: year, month, day.
    Date(i32, u8, u8),
    /// An Excel error value such as `#DIV/0!`.
    Error(String),
}

impl Cell<'_> {
    /// Blank, or text that is only whitespace.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as the user would see it, for messages.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Number(n) => format!("{n}"),
            Cell::Text(t) => t.to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
            Cell::Error(e) => e.clone(),
        }
    }
}

fn date_cell<'a>(dt: &calamine::ExcelDateTime) -> Cell<'a> {
    if dt.is_duration() {
        return Cell::Number(dt.as_f64());
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    Cell::Date(i32::from(y), m, d)
}

fn from_data(d: &Data) -> Cell<'_> {
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(Cow::Borrowed(s)),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => date_cell(dt),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(Cow::Borrowed(s)),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

pub(super) fn from_data_ref<'a>(d: DataRef<'a>) -> Cell<'a> {
    match d {
        DataRef::Empty => Cell::Empty,
        DataRef::Int(i) => Cell::Number(i as f64),
        DataRef::Float(f) => Cell::Number(f),
        DataRef::String(s) => Cell::Text(Cow::Owned(s)),
        DataRef::SharedString(s) => Cell::Text(Cow::Borrowed(s)),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::DateTime(dt) => date_cell(&dt),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(Cow::Owned(s)),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Why a workbook cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    #[error("{}: cannot read the file", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: the file is empty (0 bytes) — export the workbook again", path.display())]
    Empty { path: PathBuf },
    #[error("{}: not an Excel or OpenDocument workbook (it looks like {looks_like}) — open it in Excel or LibreOffice and save it as .xlsx", path.display())]
    NotAWorkbook {
        path: PathBuf,
        looks_like: &'static str,
    },
    #[error("{}: the workbook is password-protected (encrypted) — remove the password in Excel (File › Info › Protect Workbook) and save it again", path.display())]
    Encrypted { path: PathBuf },
    #[error("{}: the workbook is damaged or truncated ({detail}) — ask the sender for a fresh copy", path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error("{}: part {part} would unpack to {size_mb} MB ({ratio}× its packed size) — over ParkAudit's limit of {limit} (a workbook built to exhaust memory, or a sheet too large to import in one piece); nothing was read — split the data over several workbooks", path.display())]
    TooLarge {
        path: PathBuf,
        part: String,
        size_mb: u64,
        ratio: u64,
        limit: &'static str,
    },
    #[error("{}: the import was cancelled — nothing was changed", path.display())]
    Cancelled { path: PathBuf },
    #[error("{}: sheet '{sheet}' cannot be read ({detail}) — the file may be damaged; ask the sender for a fresh copy", path.display())]
    Sheet {
        path: PathBuf,
        sheet: String,
        detail: String,
    },
}

impl WorkbookError {
    /// The message in Chinese, for the app (the CLI keeps English). The cause
    /// of a read error is the operating system's, in its own language.
    pub fn zh(&self) -> String {
        match self {
            WorkbookError::Read { path, source } => {
                format!("{}：无法读取文件（{source}）", path.display())
            }
            WorkbookError::Empty { path } => {
                format!("{}：文件为空（0 字节）——请重新导出工作簿", path.display())
            }
            WorkbookError::NotAWorkbook { path, looks_like } => format!(
                "{}：不是 Excel 或 OpenDocument 工作簿（看起来是{}）——请在 Excel 或 LibreOffice 中打开并另存为 .xlsx",
                path.display(),
                looks_like_zh(looks_like)
            ),
            WorkbookError::Encrypted { path } => format!(
                "{}：工作簿受密码保护（已加密）——请在 Excel 中取消密码（文件 › 信息 › 保护工作簿）后重新保存",
                path.display()
            ),
            WorkbookError::Damaged { path, detail } => format!(
                "{}：工作簿已损坏或不完整（{detail}）——请向发送方索取新的副本",
                path.display()
            ),
            WorkbookError::TooLarge {
                path,
                part,
                size_mb,
                ratio,
                limit,
            } => format!(
                "{}：部件 {part} 解压后将达 {size_mb} MB（为压缩大小的 {ratio} 倍），超过 ParkAudit 的上限 {limit}（可能是为耗尽内存而构造的工作簿，或工作表过大无法一次导入）；未读取任何内容——请将数据拆分到多个工作簿",
                path.display()
            ),
            WorkbookError::Cancelled { path } => {
                format!("{}：导入已取消——未做任何更改", path.display())
            }
            WorkbookError::Sheet {
                path,
                sheet,
                detail,
            } => format!(
                "{}：无法读取工作表“{sheet}”（{detail}）——文件可能已损坏，请向发送方索取新的副本",
                path.display()
            ),
        }
    }

    /// The message in the app's language.
    pub fn message(&self, zh: bool) -> String {
        if zh {
            self.zh()
        } else {
            crate::io::error_chain(self)
        }
    }
}

/// A workbook file's bytes, shared without copying.
pub(super) type Bytes = std::sync::Arc<[u8]>;

const ZIP_MAGIC: &[u8] = b"PK";

/// The most one part of a workbook may unpack to: a sheet of a million
/// activity rows is 531 MB of XML (the import benchmark's).
pub const MAX_PART_BYTES: u64 = 2 << 30;
/// The most all parts together may unpack to.
pub const MAX_TOTAL_BYTES: u64 = 4 << 30;
/// The highest packing ratio accepted for a part over [`RATIO_FROM_BYTES`]:
/// the benchmark's 1M-row sheet packs 11.4×, the exported sample's 8.3×;
/// a run of one byte packs about 1,000× (deflate's limit).
pub const MAX_RATIO: u64 = 200;
pub const RATIO_FROM_BYTES: u64 = 10 << 20;

/// Checks, from the archive's directory and before anything is unpacked,
/// that no part unpacks beyond the limits. The zip reader stops every part
/// at its declared size, so the declared sizes are what can be unpacked.
/// Returns how many other workbooks this one links to.
fn check_sizes(path: &Path, bytes: &[u8]) -> Result<usize, WorkbookError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(0); // the reader reports a damaged archive itself
    };
    let mut total = 0u64;
    let mut external_links = 0;
    for i in 0..zip.len() {
        let Ok(f) = zip.by_index_raw(i) else {
            continue;
        };
        if f.name()
            .is_ok_and(|n| n.starts_with("xl/externalLinks/externalLink"))
        {
            external_links += 1;
        }
        let (size, packed) = (f.size(), f.compressed_size().max(1));
        total = total.saturating_add(size);
        let ratio = size / packed;
        let over = if size > MAX_PART_BYTES {
            Some("2 GB a part")
        } else if size > RATIO_FROM_BYTES && ratio > MAX_RATIO {
            Some("200× packing for a part over 10 MB")
        } else if total > MAX_TOTAL_BYTES {
            Some("4 GB for the whole workbook")
        } else {
            None
        };
        if let Some(limit) = over {
            return Err(WorkbookError::TooLarge {
                path: path.to_path_buf(),
                part: f.name().map(|n| n.into_owned()).unwrap_or_default(),
                size_mb: size >> 20,
                ratio,
                limit,
            });
        }
    }
    Ok(external_links)
}
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The file format detected from the bytes (not the extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

/// An open workbook.
pub struct Workbook {
    path: PathBuf,
    sheets: Sheets<Cursor<Bytes>>,
    /// The file, shared with a scan of an xlsx sheet's hidden rows.
    xlsx_bytes: Option<Bytes>,
    pub format: Format,
    /// Counts rows read and stops reading when cancelled.
    progress: Option<std::sync::Arc<crate::io::Progress>>,
    /// Other workbooks this one links to (`xl/externalLinks/…`): their
    /// values are imported as last cached, never refreshed.
    external_links: usize,
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

fn looks_like(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"%PDF") {
        "a PDF document"
    } else if bytes.starts_with(b"<") || bytes.starts_with(b"\xEF\xBB\xBF<") {
        "an HTML or XML file"
    } else if std::str::from_utf8(&bytes[..bytes.len().min(4096)]).is_ok() {
        if contains(&bytes[..bytes.len().min(4096)], b",")
            || contains(&bytes[..bytes.len().min(4096)], b"\t")
        {
            "a CSV or text file"
        } else {
            "a text file"
        }
    } else {
        "an unknown binary file"
    }
}

/// What [`looks_like`] (and the ZIP check) name, in Chinese.
fn looks_like_zh(en: &str) -> &str {
    match en {
        "a PDF document" => "PDF 文档",
        "an HTML or XML file" => "HTML 或 XML 文件",
        "a CSV or text file" => "CSV 或文本文件",
        "a text file" => "文本文件",
        "an unknown binary file" => "未知的二进制文件",
        "a ZIP archive without a workbook (a Word document or another archive?)" => {
            "不含工作簿的 ZIP 压缩包（Word 文档或其他压缩包？）"
        }
        other => other,
    }
}

impl Workbook {
    /// Opens a workbook from its bytes; `path` is for messages and the extension.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Workbook, WorkbookError> {
        // The reader can panic on some corrupt files (e.g. an arithmetic overflow on a
        // mangled cell reference): that is a damaged file, not a crash.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            Workbook::from_bytes_inner(path, bytes)
        }))
        .unwrap_or_else(|_| {
            Err(WorkbookError::Damaged {
                path: path.to_path_buf(),
                detail: "the reader failed on its content".into(),
            })
        })
    }

    fn from_bytes_inner(path: &Path, bytes: Vec<u8>) -> Result<Workbook, WorkbookError> {
        let path_buf = path.to_path_buf();
        if bytes.is_empty() {
            return Err(WorkbookError::Empty { path: path_buf });
        }
        let bytes: Bytes = bytes.into();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let damaged = |detail: String| WorkbookError::Damaged {
            path: path.to_path_buf(),
            detail,
        };
        if bytes.starts_with(CFB_MAGIC) {
            // An OLE container: a legacy .xls, or an encrypted OOXML workbook.
            if contains(&bytes, &utf16le("EncryptionInfo"))
                || contains(&bytes, &utf16le("EncryptedPackage"))
            {
                return Err(WorkbookError::Encrypted { path: path_buf });
            }
            return match Xls::new(Cursor::new(Bytes::clone(&bytes))) {
                Ok(x) => Ok(Workbook {
                    path: path_buf,
                    sheets: Sheets::Xls(x),
                    format: Format::Xls,
                    progress: None,
                    external_links: 0,
                    xlsx_bytes: None,
                }),
                Err(calamine::XlsError::Password) => {
                    Err(WorkbookError::Encrypted { path: path_buf })
                }
                Err(e) => Err(damaged(e.to_string())),
            };
        }
        if !bytes.starts_with(ZIP_MAGIC) {
            return Err(WorkbookError::NotAWorkbook {
                path: path_buf,
                looks_like: looks_like(&bytes),
            });
        }
        let external_links = check_sizes(&path_buf, &bytes)?;
        let is_ods = ext == "ods"
            || contains(
                &bytes[..bytes.len().min(200)],
                b"application/vnd.oasis.opendocument",
            );
        if is_ods {
            return match calamine::Ods::new(Cursor::new(Bytes::clone(&bytes))) {
                Ok(o) => Ok(Workbook {
                    path: path_buf,
                    sheets: Sheets::Ods(o),
                    format: Format::Ods,
                    progress: None,
                    external_links: 0,
                    xlsx_bytes: None,
                }),
                Err(e) => Err(damaged(e.to_string())),
            };
        }
        // The zip's central directory (at the end) names its parts.
        let tail = &bytes[bytes.len().saturating_sub(65_536)..];
        let is_xlsb = ext == "xlsb" || contains(tail, b"xl/workbook.bin");
        if is_xlsb {
            return match calamine::Xlsb::new(Cursor::new(Bytes::clone(&bytes))) {
                Ok(x) => Ok(Workbook {
                    path: path_buf,
                    sheets: Sheets::Xlsb(x),
                    format: Format::Xlsb,
                    progress: None,
                    external_links: 0,
                    xlsx_bytes: None,
                }),
                Err(e) => Err(damaged(e.to_string())),
            };
        }
        match Xlsx::new(Cursor::new(Bytes::clone(&bytes))) {
            Ok(x) => Ok(Workbook {
                path: path_buf,
                sheets: Sheets::Xlsx(x),
                format: Format::Xlsx,
                progress: None,
                external_links,
                xlsx_bytes: Some(Bytes::clone(&bytes)),
            }),
            Err(calamine::XlsxError::FileNotFound(_))
            | Err(calamine::XlsxError::RelationshipNotFound) => Err(WorkbookError::NotAWorkbook {
                path: path_buf,
                looks_like: "a ZIP archive without a workbook (a Word document or another archive?)",
            }),
            Err(e) => Err(damaged(e.to_string())),
        }
    }

    /// Reads and opens a workbook file, returning it with the file's bytes' SHA-256.
    pub fn open(path: &Path) -> Result<(Workbook, String), WorkbookError> {
        let bytes = std::fs::read(path).map_err(|source| WorkbookError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let sha = super::sha256_hex(&bytes);
        Ok((Workbook::from_bytes(path, bytes)?, sha))
    }

    /// Reports rows read to `progress`, and stops with `Cancelled` when it is cancelled.
    pub fn set_progress(&mut self, progress: Option<std::sync::Arc<crate::io::Progress>>) {
        self.progress = progress;
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.sheet_names()
    }

    /// Starts scanning an xlsx sheet for hidden rows and malformed cell
    /// references (each listed up to 10,000) on a thread of its own, while
    /// the sheet is read: the reader reports neither. `None` for other formats.
    pub fn scan_rows(&self, sheet: &str) -> Option<std::thread::JoinHandle<super::scan::RowScan>> {
        let bytes = Bytes::clone(self.xlsx_bytes.as_ref()?);
        let sheet = sheet.to_string();
        std::thread::Builder::new()
            .name("hidden-rows".into())
            .spawn(move || {
                let part = crate::io::export::presentation::sheet_parts(&bytes)
                    .ok()
                    .and_then(|p| p.get(&sheet).cloned());
                part.map_or_else(Default::default, |part| {
                    super::scan::scan_rows(&bytes, &part, 10_000)
                })
            })
            .ok()
    }

    /// How many other workbooks this one links to (xlsx).
    pub fn external_links(&self) -> usize {
        self.external_links
    }

    /// The sheets the workbook hides (hidden or very hidden), which a person
    /// looking at it in Excel does not see.
    pub fn hidden_sheets(&self) -> Vec<String> {
        self.sheets
            .sheets_metadata()
            .iter()
            .filter(|s| s.visible != calamine::SheetVisible::Visible)
            .map(|s| s.name.clone())
            .collect()
    }

    /// Calls `f(excel_row, cells)` for each row that has cells, in order;
    /// `cells[i]` is column i (A = 0). Rows are 1-based, as Excel shows them.
    pub fn for_each_row(
        &mut self,
        sheet: &str,
        f: impl FnMut(u32, &[Cell<'_>]),
    ) -> Result<(), WorkbookError> {
        // The reader can panic on some corrupt sheets (an overflow on a mangled
        // cell reference): that is a damaged sheet, not a crash.
        let path = self.path.clone();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.for_each_row_inner(sheet, f)
        }))
        .unwrap_or_else(|_| {
            Err(WorkbookError::Sheet {
                path,
                sheet: sheet.to_string(),
                detail: "the reader failed on its content".into(),
            })
        })
    }

    fn for_each_row_inner(
        &mut self,
        sheet: &str,
        mut f: impl FnMut(u32, &[Cell<'_>]),
    ) -> Result<(), WorkbookError> {
        let sheet_err = |detail: String| WorkbookError::Sheet {
            path: self.path.clone(),
            sheet: sheet.to_string(),
            detail,
        };
        let progress = self.progress.clone();
        let cancelled = |p: &Option<std::sync::Arc<crate::io::Progress>>| {
            p.as_ref().is_some_and(|p| {
                p.add(1);
                p.is_cancelled()
            })
        };
        let cancel_err = || WorkbookError::Cancelled {
            path: self.path.clone(),
        };
        match &mut self.sheets {
            Sheets::Xlsx(x) => {
                super::xlsx_rows::read(x, sheet, &self.path, progress.as_deref(), &mut f)
            }
            other => {
                let range = other
                    .worksheet_range(sheet)
                    .map_err(|e| sheet_err(e.to_string()))?;
                let Some((r0, c0)) = range.start() else {
                    return Ok(());
                };
                let mut row: Vec<Cell<'_>> = Vec::new();
                for (i, cells) in range.rows().enumerate() {
                    row.clear();
                    row.resize(c0 as usize, Cell::Empty);
                    row.extend(cells.iter().map(from_data));
                    f(r0 + i as u32 + 1, &row);
                    if cancelled(&progress) {
                        return Err(cancel_err());
                    }
                }
                Ok(())
            }
        }
    }
}
