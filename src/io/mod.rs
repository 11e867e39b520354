//! Files: the project file (RON) with atomic saves, Excel import, the
//! activity template, the rejects report, the signed workbook export.

pub mod atomic;

/// Appends `n` in decimal, as `{n}` formats it, without the formatting
/// machinery: the project file and the canonical digest write tens of
/// millions of them for a million records.
pub(crate) fn push_decimal(out: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut k = digits.len();
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[k..]);
}

/// An error with its causes, `outer: cause: cause …` — how the app and the
/// typed errors' English `message` show a failure whole.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(c) = source {
        s.push_str(": ");
        s.push_str(&c.to_string());
        source = c.source();
    }
    s
}

pub mod export;
pub mod import;
pub mod lock;
pub mod migrate;
pub mod profile;
pub mod progress;
pub mod project;
pub mod rejects;
pub mod template;
pub mod time;

pub use atomic::{write_atomic, write_atomic_with};
pub use progress::Progress;
pub use project::{ProjectFileError, from_ron_str, load, save, to_ron_string};
