//! The project file: RON, human-readable and diff-friendly, versioned.

use crate::model::{FORMAT_VERSION, Project};
use serde::Deserialize;
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
    #[error("cannot serialize the project: {0}")]
    Serialize(String),
    #[error("{}: {detail} — restore the project from its .bak or from the signed workbook; ParkAudit does not accept an altered trail", path.display())]
    TrailAltered { path: PathBuf, detail: String },
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
    let syntax = |e: ron::error::SpannedError| ProjectFileError::Syntax {
        path: path.to_path_buf(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
    };
    let version = match head_version(text) {
        Some(v) => v,
        None => {
            ron::from_str::<VersionProbe>(text)
                .map_err(syntax)?
                .format_version
        }
    };
    match version {
        v if v > FORMAT_VERSION => Err(ProjectFileError::NewerVersion {
            path: path.to_path_buf(),
            found: v,
        }),
        1 | FORMAT_VERSION => {
            let mut p = ron::from_str::<Project>(text).map_err(syntax)?;
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
        .depth_limit(2)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Serializes a project as the canonical RON text (deterministic).
pub fn to_ron_string(project: &Project) -> Result<String, ProjectFileError> {
    let mut text = ron::ser::to_string_pretty(project, pretty_config())
        .map_err(|e| ProjectFileError::Serialize(e.to_string()))?;
    text.push('\n');
    Ok(text)
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
/// text is streamed to the temporary file, byte-identical to [`to_ron_string`].
pub fn save(project: &Project, path: &Path) -> Result<(), ProjectFileError> {
    let mut ser_error = None;
    let result = super::atomic::write_atomic_with(path, true, |w| {
        let mut adapter = IoFmt {
            inner: w,
            error: None,
        };
        match ron::ser::to_writer_pretty(&mut adapter, project, pretty_config()) {
            Ok(()) => {}
            Err(e) => {
                let io_err = adapter.error.take();
                ser_error = Some(e.to_string());
                return Err(io_err.unwrap_or_else(|| std::io::Error::other("serialization failed")));
            }
        }
        adapter.inner.write_all(b"\n")
    });
    match (result, ser_error) {
        (Ok(()), _) => Ok(()),
        (Err(_), Some(msg)) => Err(ProjectFileError::Serialize(msg)),
        (Err(source), None) => Err(ProjectFileError::Write {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// `fmt::Write` over an `io::Write` (RON's serializer writes to a `fmt::Write`).
struct IoFmt<'a> {
    inner: &'a mut dyn std::io::Write,
    error: Option<std::io::Error>,
}

impl std::fmt::Write for IoFmt<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.inner.write_all(s.as_bytes()).map_err(|e| {
            self.error = Some(e);
            std::fmt::Error
        })
    }
}
