//! Validation messages that name the sheet, the Excel row, the column (name
//! and letter) and the value.

use super::mapping::{Layout, Place};
use super::schema::{Field, column_letter};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The row (or the workbook) is rejected.
    Error,
    /// Kept, but the auditor should look.
    Warning,
}

/// A validation message in English (the CLI, the rejects workbook, the
/// project's provenance) and in Chinese (the app). Built from a plain
/// string, the Chinese is the English: a message not yet translated still
/// reads, and the Chinese-mode UI test names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub en: String,
    pub zh: String,
}

impl Msg {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Msg {
        Msg {
            en: en.into(),
            zh: zh.into(),
        }
    }
}

impl From<String> for Msg {
    fn from(en: String) -> Msg {
        Msg { zh: en.clone(), en }
    }
}

impl From<&str> for Msg {
    fn from(en: &str) -> Msg {
        Msg::from(en.to_string())
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// One finding of the import's validation.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub severity: Severity,
    pub sheet: String,
    pub row: Option<u32>,
    /// Column header and letter, or `None` for a fixed value or a whole-row issue.
    pub column: Option<(String, String)>,
    pub value: Option<String>,
    pub message: String,
    /// `message` in Chinese, for the app.
    pub message_zh: String,
}

impl Issue {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// An issue about `field` in `row` of the sheet `layout` describes.
    pub fn at(
        layout: &Layout,
        severity: Severity,
        row: u32,
        field: Field,
        value: Option<String>,
        message: impl Into<Msg>,
    ) -> Issue {
        let m = message.into();
        let column = match layout.fields.get(&field) {
            Some(Place::Column { index, .. }) => {
                Some((field.header().to_string(), column_letter(*index)))
            }
            Some(Place::Fixed(_)) => {
                Some((format!("{field} (fixed by the mapping)"), String::new()))
            }
            None => Some((field.header().to_string(), String::new())),
        };
        Issue {
            severity,
            sheet: layout.sheet.clone(),
            row: Some(row),
            column,
            value,
            message: m.en,
            message_zh: m.zh,
        }
    }

    /// An issue about a whole row.
    pub fn row(layout: &Layout, severity: Severity, row: u32, message: impl Into<Msg>) -> Issue {
        let m = message.into();
        Issue {
            severity,
            sheet: layout.sheet.clone(),
            row: Some(row),
            column: None,
            value: None,
            message: m.en,
            message_zh: m.zh,
        }
    }

    /// An issue about a whole sheet.
    pub fn sheet(sheet: &str, severity: Severity, message: impl Into<Msg>) -> Issue {
        let m = message.into();
        Issue {
            severity,
            sheet: sheet.to_string(),
            row: None,
            column: None,
            value: None,
            message: m.en,
            message_zh: m.zh,
        }
    }

    /// `A17`-style cell reference, when known.
    pub fn cell_ref(&self) -> Option<String> {
        match (&self.column, self.row) {
            (Some((_, letter)), Some(row)) if !letter.is_empty() => Some(format!("{letter}{row}")),
            _ => None,
        }
    }
}

/// Text from a file as it may be shown on a terminal: control characters
/// (an escape sequence could clear the screen and print a fake "import OK")
/// written as `\u{1b}`, never sent raw.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| {
                if c.is_control() {
                    format!("\\u{{{:x}}}", u32::from(c))
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sheet {}", visible(&self.sheet))?;
        if let Some(r) = self.row {
            write!(f, ", row {r}")?;
        }
        if let Some((name, letter)) = &self.column {
            if letter.is_empty() {
                write!(f, ", column {name}")?;
            } else {
                write!(f, ", column {name} ({letter})")?;
            }
        }
        if let Some(v) = &self.value {
            write!(f, ", value \"{}\"", visible(v))?;
        }
        write!(f, ": {}", visible(&self.message))
    }
}
