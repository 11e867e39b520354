//! The project file: RON, human-readable and diff-friendly, versioned; the
//! activity records as tables, read by a parser of their own.

mod scan;
mod table;

pub use scan::{MAX_DEPTH, MAX_LIST_ITEMS, MAX_STRING_BYTES};

use crate::model::{
    Consolidation, ContractualInstrument, EmissionFactor, Engagement, Entity, FORMAT_VERSION,
    GwpSnapshot, ImportRecord, Methodology, OperationalBoundary, Park, Project, TrailEntry,
    Verification,
};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Why a project file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ProjectFileError {
    #[error("{}: cannot read the file", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: cannot save the project (the previous file is unchanged)", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}:{col}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    #[error(
        "{}: format_version {found} is newer than this ParkAudit understands ({FORMAT_VERSION}) — open it with a newer ParkAudit",
        path.display()
    )]
    NewerVersion { path: PathBuf, found: u32 },
    #[error("{}: format_version {found} is not a ParkAudit project version (this build reads 1–{FORMAT_VERSION})", path.display())]
    UnknownVersion { path: PathBuf, found: u32 },
    /// A value the edit layer would refuse, in a file that parses.
    #[error("{}:{line}:{col}: {message} — correct it there, or restore the project from its .bak", path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    #[error("cannot serialize the project: {0}")]
    Serialize(String),
    #[error("{}: {detail} — restore the project from its .bak or from the signed workbook; ParkAudit does not accept an altered trail", path.display())]
    TrailAltered {
        path: PathBuf,
        detail: crate::audit::trail::TrailError,
    },
}

impl ProjectFileError {
    /// The message in Chinese, for the app (the CLI keeps English). Parser
    /// and operating-system details stay as they are reported.
    pub fn zh(&self) -> String {
        match self {
            ProjectFileError::Read { path, source } => {
                format!("{}：无法读取文件（{source}）", path.display())
            }
            ProjectFileError::Write { path, source } => format!(
                "{}：无法保存项目（原文件未改变）（{source}）",
                path.display()
            ),
            ProjectFileError::Syntax {
                path,
                line,
                col,
                message,
            } => format!(
                "{}:{line}:{col}：项目文件格式错误：{message}",
                path.display()
            ),
            ProjectFileError::NewerVersion { path, found } => format!(
                "{}：format_version {found} 比本版 ParkAudit 支持的版本（{FORMAT_VERSION}）更新——请用更新版本的 ParkAudit 打开",
                path.display()
            ),
            ProjectFileError::UnknownVersion { path, found } => format!(
                "{}：format_version {found} 不是 ParkAudit 项目版本（本版读取 1–{FORMAT_VERSION}）",
                path.display()
            ),
            ProjectFileError::Invalid {
                path,
                line,
                col,
                message,
            } => format!(
                "{}:{line}:{col}：{message}——请在该处更正，或从 .bak 文件恢复项目",
                path.display()
            ),
            ProjectFileError::Serialize(e) => format!("无法序列化项目：{e}"),
            ProjectFileError::TrailAltered { path, detail } => format!(
                "{}：{}——请从 .bak 文件或已签名的工作簿恢复项目；ParkAudit 不接受被改动的审计追踪",
                path.display(),
                detail.zh()
            ),
        }
    }

    /// The message in the app's language (English with its cause chain).
    pub fn message(&self, zh: bool) -> String {
        if zh {
            self.zh()
        } else {
            crate::io::error_chain(self)
        }
    }
}

/// Reads only the version, tolerating every other field, so that the right
/// migration can be chosen before the full parse (used when the version is
/// not the first field, as ParkAudit writes it).
#[derive(Deserialize)]
#[serde(rename = "Project")]
struct VersionProbe {
    format_version: u32,
}

/// The `format_version` at the head of the file — `#![enable(…)]`
/// attributes, comments and white space, `(`, then `format_version: N` —
/// without parsing the rest; `None` when the head is not in that shape.
pub fn head_version(text: &str) -> Option<u32> {
    let mut s = text.trim_start_matches('\u{feff}');
    loop {
        s = s.trim_start();
        if let Some(rest) = s.strip_prefix("//") {
            s = rest.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(rest) = s.strip_prefix("/*") {
            s = rest.split_once("*/")?.1;
        } else if let Some(rest) = s.strip_prefix("#![") {
            s = rest.split_once(']')?.1;
        } else {
            break;
        }
    }
    let s = s.strip_prefix('(')?.trim_start();
    let s = s.strip_prefix("format_version")?.trim_start();
    let s = s.strip_prefix(':')?.trim_start();
    let digits: &str = &s[..s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len())];
    if digits.is_empty() || digits.len() > 9 {
        return None;
    }
    digits.parse().ok()
}

/// Parses a project from RON text; `path` is used in error messages.
pub fn from_ron_str(text: &str, path: &Path) -> Result<Project, ProjectFileError> {
    // A byte-order mark (some editors add one) is not part of the text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let syntax_at = |e: scan::At| {
        let (line, col) = e.line_col(text);
        ProjectFileError::Syntax {
            path: path.to_path_buf(),
            line,
            col,
            message: e.message,
        }
    };
    let syntax = |e: ron::error::SpannedError| ProjectFileError::Syntax {
        path: path.to_path_buf(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
    };
    let head = head_version(text);
    if let Some(v) = head {
        check_version(v, path)?;
    }
    // One pass: the activity tables read, every limit checked; RON then
    // parses the rest, whose line breaks are those of the file.
    let split = scan::split(text).map_err(syntax_at)?;
    let version = match head {
        Some(v) => v,
        None => {
            let v = ron::from_str::<VersionProbe>(&split.rest)
                .map_err(syntax)?
                .format_version;
            check_version(v, path)?;
            v
        }
    };
    let mut p = ron::from_str::<Project>(&split.rest).map_err(syntax)?;
    if let Some(records) = split.activity {
        p.activity = records.into();
    }
    if let Some(records) = split.base_year_activity {
        p.base_year_activity = records.into();
    }
    // Values the edit layer would never have let in: refused, with their place.
    validate(&p, text, path)?;
    // A trail edited outside ParkAudit is reported, never silently accepted.
    crate::audit::trail::verify(&p).map_err(|detail| ProjectFileError::TrailAltered {
        path: path.to_path_buf(),
        detail,
    })?;
    if version == 1 {
        let actor = migration_actor();
        super::migrate::from_format1(&mut p, &actor, &super::time::now_rfc3339_utc());
    }
    Ok(p)
}

/// The line and column of the first `needle` in `text` after the
/// `skip`-th (to point at a repeated id), or the start of the file.
fn place_of(text: &str, needle: &str, skip: usize) -> (usize, usize) {
    let at = text.match_indices(needle).nth(skip).map_or(0, |(i, _)| i);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

/// What a project file may not hold, though it parses: materiality outside
/// (0, 100] %, an implausible year, a share outside 0–100 %, an entity or
/// factor id defined twice. The first found is reported at its line.
fn validate(p: &Project, text: &str, path: &Path) -> Result<(), ProjectFileError> {
    let invalid = |needle: &str, skip: usize, message: String| {
        let (line, col) = place_of(text, needle, skip);
        Err(ProjectFileError::Invalid {
            path: path.to_path_buf(),
            line,
            col,
            message,
        })
    };
    let m = p.engagement.materiality_pct;
    if !(m > 0.0 && m <= 100.0) {
        return invalid(
            "materiality_pct:",
            0,
            format!(
                "engagement.materiality_pct is {m} — it must be more than 0 and at most 100 (% of the total)"
            ),
        );
    }
    let years = crate::model::project::PLAUSIBLE_YEARS;
    for (field, needle, y) in [
        (
            "park.reporting_year",
            "reporting_year:",
            p.park.reporting_year,
        ),
        ("park.base_year", "base_year:", p.park.base_year),
    ] {
        if !years.contains(&y) {
            return invalid(
                needle,
                0,
                format!("{field} is {y} — give a year between 1990 and 2100"),
            );
        }
    }
    let mut seen = std::collections::BTreeMap::new();
    for e in &p.entities {
        let n = seen.entry(e.id.as_str()).or_insert(0usize);
        *n += 1;
        if *n == 2 {
            return invalid(
                &format!("id: \"{}\"", e.id),
                1,
                format!("entity id '{}' is defined twice — each entity once", e.id),
            );
        }
        if !(0.0..=100.0).contains(&e.ownership_pct) {
            return invalid(
                &format!("id: \"{}\"", e.id),
                0,
                format!(
                    "entity {}: ownership {} % — it must be between 0 and 100",
                    e.id, e.ownership_pct
                ),
            );
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for f in &p.factors {
        if !seen.insert(f.id.as_str()) {
            return invalid(
                &format!("id: \"{}\"", f.id),
                1,
                format!("factor id '{}' is defined twice — each factor once", f.id),
            );
        }
    }
    Ok(())
}

fn check_version(v: u32, path: &Path) -> Result<(), ProjectFileError> {
    match v {
        1..=FORMAT_VERSION => Ok(()),
        v if v > FORMAT_VERSION => Err(ProjectFileError::NewerVersion {
            path: path.to_path_buf(),
            found: v,
        }),
        v => Err(ProjectFileError::UnknownVersion {
            path: path.to_path_buf(),
            found: v,
        }),
    }
}

/// Who a migration on load is recorded as: whoever opens the file (the same
/// resolution as the CLI's, without `--as`).
fn migration_actor() -> crate::model::Actor {
    let profile =
        super::profile::default_path().and_then(|p| super::profile::load(&p).ok().flatten());
    super::profile::resolve(None, profile.as_ref())
}

fn pretty_config() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .struct_names(false)
        .escape_strings(false)
        .indentor("  ")
        // The same bytes on every platform (RON's default is CRLF on Windows).
        .new_line("\n")
        .depth_limit(2)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// The fields before the activity tables, serialized by RON.
#[derive(Serialize)]
struct Head<'a> {
    format_version: u32,
    park: &'a Park,
    engagement: &'a Engagement,
    consolidation: &'a Consolidation,
    operational_boundary: &'a OperationalBoundary,
    methodology: &'a Methodology,
    entities: &'a [Entity],
    factors: &'a [EmissionFactor],
}

/// The fields after the activity tables, serialized by RON.
#[derive(Serialize)]
struct Tail<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    gwp_snapshot: Option<&'a GwpSnapshot>,
    imports: &'a [ImportRecord],
    trail: &'a [TrailEntry],
    #[serde(skip_serializing_if = "str::is_empty")]
    trail_head: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    instruments: &'a [ContractualInstrument],
    verification: &'a Verification,
}

/// Writes the project file: RON's pretty form for every field but the
/// activity records, which are tables (see `docs/project-format.md`).
/// The fields are listed by destructuring, so a new field of [`Project`]
/// does not compile until it is placed here.
fn write_project(w: &mut dyn std::io::Write, project: &Project) -> std::io::Result<()> {
    let Project {
        format_version: _,
        park,
        engagement,
        consolidation,
        operational_boundary,
        methodology,
        entities,
        factors,
        activity,
        base_year_activity,
        gwp_snapshot,
        imports,
        trail,
        trail_head,
        instruments,
        verification,
        cbam,
        claims,
        uncertainty,
    } = project;
    let head = ron_text(&Head {
        format_version: FORMAT_VERSION,
        park,
        engagement,
        consolidation,
        operational_boundary,
        methodology,
        entities,
        factors,
    })?;
    let tail = ron_text(&Tail {
        gwp_snapshot: gwp_snapshot.as_ref(),
        imports,
        trail,
        trail_head,
        instruments,
        verification,
    })?;
    // RON writes `#![enable(implicit_some)]\n(\n  field: …,\n)`: the head
    // without its closing `)`, the tables, the tail without its header.
    // Nothing is written that a reader would refuse (a NaN in a factor, a
    // text over the limit): the save fails instead, and the file stays.
    for text in [&head, &tail] {
        scan::split(text).map_err(|e| {
            let (line, col) = e.line_col(text);
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "the project holds a value that could not be read back ({}, at {line}:{col} of its text) — nothing was saved",
                    e.message
                ),
            )
        })?;
    }
    let head = head
        .strip_suffix(')')
        .ok_or_else(|| std::io::Error::other("unexpected RON layout (head)"))?;
    let tail_body = tail
        .split_once("\n(\n")
        .map(|(_, body)| body)
        .ok_or_else(|| std::io::Error::other("unexpected RON layout (tail)"))?;
    w.write_all(head.as_bytes())?;
    table::write(w, "activity", activity)?;
    if !base_year_activity.is_empty() {
        table::write(w, "base_year_activity", base_year_activity)?;
    }
    if cbam.is_none() && claims.is_none() && uncertainty.is_none() {
        w.write_all(tail_body.as_bytes())?;
    } else {
        // The claims, CBAM and uncertainty sections nest deeper than the
        // rest: written with a deeper layout, so each process, precursor,
        // credit block or quality entry reads on its own lines.
        let text = ron::ser::to_string_pretty(
            &DeepTail {
                claims: claims.as_ref(),
                cbam: cbam.as_ref(),
                uncertainty: uncertainty.as_ref(),
            },
            pretty_config().depth_limit(5),
        )
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()))?;
        scan::split(&text).map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "the claims, CBAM or uncertainty section could not be read back ({}) — nothing was saved",
                    e.message
                ),
            )
        })?;
        let body = text
            .split_once("\n(\n")
            .map(|(_, body)| body)
            .ok_or_else(|| std::io::Error::other("unexpected RON layout (deep tail)"))?;
        let tail_open = tail_body
            .strip_suffix(')')
            .ok_or_else(|| std::io::Error::other("unexpected RON layout (tail end)"))?;
        w.write_all(tail_open.as_bytes())?;
        w.write_all(body.as_bytes())?;
    }
    w.write_all(b"\n")
}

/// The claims, CBAM and uncertainty sections, serialized by RON after the tail.
#[derive(Serialize)]
struct DeepTail<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    claims: Option<&'a crate::model::claims::Claims>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cbam: Option<&'a crate::model::cbam::Cbam>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uncertainty: Option<&'a crate::model::UncertaintySettings>,
}

fn ron_text<T: Serialize>(value: &T) -> std::io::Result<String> {
    ron::ser::to_string_pretty(value, pretty_config())
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()))
}

fn serialize_error(e: std::io::Error) -> ProjectFileError {
    ProjectFileError::Serialize(e.to_string())
}

/// Serializes a project as the canonical text (deterministic; what
/// [`save`] writes).
pub fn to_ron_string(project: &Project) -> Result<String, ProjectFileError> {
    let mut bytes = Vec::new();
    write_project(&mut bytes, project).map_err(serialize_error)?;
    String::from_utf8(bytes).map_err(|e| ProjectFileError::Serialize(e.to_string()))
}

/// Loads a project file.
pub fn load(path: &Path) -> Result<Project, ProjectFileError> {
    let bytes = std::fs::read(path).map_err(|source| ProjectFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        // Report the position of the first invalid byte as line and column.
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        ProjectFileError::Syntax {
            path: path.to_path_buf(),
            line,
            col,
            message: "the file is not valid UTF-8 text — save it as UTF-8".to_string(),
        }
    })?;
    from_ron_str(&text, path)
}

/// Saves a project atomically, keeping the previous file as `NAME.bak`. The
/// records are streamed to the temporary file, byte-identical to
/// [`to_ron_string`].
pub fn save(project: &Project, path: &Path) -> Result<(), ProjectFileError> {
    super::atomic::write_atomic_with(path, true, |w| write_project(w, project)).map_err(|source| {
        if source.kind() == std::io::ErrorKind::InvalidData {
            serialize_error(source)
        } else {
            ProjectFileError::Write {
                path: path.to_path_buf(),
                source,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that fails as a full disk does, after `room` bytes.
    struct Full {
        room: usize,
    }

    impl std::io::Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.room == 0 {
                return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A full disk reaches the user as itself ("No space left on device",
    /// with the file named by `save`), never as a serialization failure.
    #[test]
    fn a_full_disk_is_reported_as_one() {
        let p: Project = from_ron_str(
            include_str!("../../../sample-projects/jinghai-park/jinghai-park.ron"),
            Path::new("sample.ron"),
        )
        .expect("sample");
        for room in [0, 10, 5_000, 50_000] {
            let e = write_project(&mut Full { room }, &p).expect_err("full");
            assert_eq!(
                e.kind(),
                std::io::ErrorKind::StorageFull,
                "after {room} bytes"
            );
        }
        let err = ProjectFileError::Write {
            path: "p.ron".into(),
            source: std::io::Error::from(std::io::ErrorKind::StorageFull),
        };
        let chain = format!("{err}: {}", std::error::Error::source(&err).expect("cause"));
        assert!(
            chain.starts_with("p.ron: cannot save the project (the previous file is unchanged)")
        );
        assert!(chain.ends_with("no storage space"), "{chain}");
    }
}
