//! One pass over a project file before RON sees it: the activity tables are
//! read by their own fast parser, and whatever a crafted or damaged file
//! could do to a recursive parser — deep nesting, huge strings, endless
//! lists, NaN and infinity — is refused here, with the place it happens.

use super::table;
use crate::model::ActivityRecord;

/// Brackets nested deeper than this are refused (a project needs about 8).
pub const MAX_DEPTH: usize = 128;
/// A text longer than this is refused (16 MiB; a field holds far less).
pub const MAX_STRING_BYTES: usize = 16 << 20;
/// A list with more elements than this is refused (2²⁴ = 16,777,216).
pub const MAX_LIST_ITEMS: usize = 1 << 24;

/// A syntax problem at a byte offset of the file text.
#[derive(Debug)]
pub struct At {
    pub offset: usize,
    pub message: String,
}

impl At {
    pub fn new(offset: usize, message: impl Into<String>) -> At {
        At {
            offset,
            message: message.into(),
        }
    }

    /// Line and column (1-based, columns in characters) of the offset.
    pub fn line_col(&self, text: &str) -> (usize, usize) {
        let off = floor_char_boundary(text, self.offset.min(text.len()));
        let before = &text[..off];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The file split into what RON parses and the tables read here.
pub struct Split {
    /// The text with each table's value replaced by `[]`, keeping its line
    /// breaks so that RON's error positions stay those of the file.
    pub rest: String,
    pub activity: Option<Vec<ActivityRecord>>,
    pub base_year_activity: Option<Vec<ActivityRecord>>,
}

struct Open {
    closer: u8,
    at: usize,
    /// Elements begun so far.
    items: usize,
    /// At the start, or after a comma: the next token begins an element.
    expecting: bool,
}

/// Counts an element of the innermost bracket when a token begins one.
fn element(stack: &mut [Open], at: usize) -> Result<(), At> {
    if let Some(open) = stack.last_mut()
        && open.expecting
    {
        open.expecting = false;
        open.items += 1;
        if open.items > MAX_LIST_ITEMS {
            return Err(At::new(
                at,
                format!(
                    "more than {MAX_LIST_ITEMS} elements in one list — this is not a ParkAudit project file"
                ),
            ));
        }
    }
    Ok(())
}

/// Scans `text`, reading the `activity` and `base_year_activity` tables of
/// the top-level struct and checking the limits everywhere else.
pub fn split(text: &str) -> Result<Split, At> {
    let s = text.as_bytes();
    let mut stack: Vec<Open> = Vec::new();
    let mut out = Split {
        rest: String::new(),
        activity: None,
        base_year_activity: None,
    };
    let mut copied = 0; // text[..copied] is in `out.rest` (or replaced)
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        // A token begins here (not white space, punctuation or a comment).
        let separator = matches!(
            b,
            b' ' | b'\t' | b'\n' | b'\r' | b',' | b')' | b']' | b'}' | b':'
        );
        let comment = b == b'/' && matches!(s.get(i + 1), Some(b'/' | b'*'));
        if !separator && !comment {
            element(&mut stack, i)?;
        }
        match b {
            b'"' => i = skip_string(s, i)?,
            b'\'' => i = skip_char(s, i),
            b'/' if s.get(i + 1) == Some(&b'/') || s.get(i + 1) == Some(&b'*') => {
                i = skip_comment(s, i)?
            }
            b'(' | b'[' | b'{' => {
                if stack.len() >= MAX_DEPTH {
                    return Err(At::new(
                        i,
                        format!(
                            "brackets nested more than {MAX_DEPTH} deep — this is not a ParkAudit project file (restore it from its .bak)"
                        ),
                    ));
                }
                let closer = match b {
                    b'(' => b')',
                    b'[' => b']',
                    _ => b'}',
                };
                stack.push(Open {
                    closer,
                    at: i,
                    items: 0,
                    expecting: true,
                });
                i += 1;
            }
            b')' | b']' | b'}' => {
                match stack.pop() {
                    Some(open) if open.closer == b => {}
                    Some(open) => {
                        let (line, col) = At::new(open.at, "").line_col(text);
                        return Err(At::new(
                            i,
                            format!(
                                "`{}` does not close the `{}` opened at line {line}, column {col}",
                                b as char, s[open.at] as char
                            ),
                        ));
                    }
                    None => return Err(At::new(i, format!("unexpected `{}`", b as char))),
                }
                i += 1;
            }
            b',' => {
                if let Some(open) = stack.last_mut() {
                    open.expecting = true;
                }
                i += 1;
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => i = check_number(s, i)?,
            b'r' | b'b' if is_raw_string_start(s, i) => i = skip_raw_string(s, i)?,
            c if c == b'_' || c.is_ascii_alphabetic() => {
                let start = i;
                while i < s.len() && (s[i] == b'_' || s[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
                let word = &text[start..i];
                // RON reads these as NaN and infinity.
                if matches!(
                    word,
                    "NaN" | "NaNf32" | "NaNf64" | "inf" | "inff32" | "inff64"
                ) {
                    return Err(not_finite(start));
                }
                let top_level = stack.len() == 1 && stack[0].closer == b')';
                if top_level && (word == "activity" || word == "base_year_activity") {
                    let colon = skip_ws(s, i)?;
                    if s.get(colon) != Some(&b':') {
                        continue;
                    }
                    let value = skip_ws(s, colon + 1)?;
                    if s.get(value) != Some(&b'(') {
                        i = colon + 1;
                        continue;
                    }
                    let (records, end) = table::parse(text, value)?;
                    let slot = if word == "activity" {
                        &mut out.activity
                    } else {
                        &mut out.base_year_activity
                    };
                    if slot.is_some() {
                        return Err(At::new(start, format!("`{word}` is given twice")));
                    }
                    *slot = Some(records);
                    out.rest.push_str(&text[copied..value]);
                    out.rest.push_str("[]");
                    let replaced = &text[value..end];
                    let lines = replaced.bytes().filter(|&b| b == b'\n').count();
                    out.rest.extend(std::iter::repeat_n('\n', lines));
                    // Pad so that what follows keeps its column.
                    let pad = match replaced.rfind('\n') {
                        Some(k) => replaced[k + 1..].chars().count(),
                        None => replaced.chars().count().saturating_sub("[]".len()),
                    };
                    out.rest.extend(std::iter::repeat_n(' ', pad));
                    copied = end;
                    i = end;
                }
            }
            _ => i += 1,
        }
    }
    if let Some(open) = stack.last() {
        return Err(At::new(
            open.at,
            format!(
                "this `{}` is never closed — the file is cut short (restore it from its .bak)",
                s[open.at] as char
            ),
        ));
    }
    out.rest.push_str(&text[copied..]);
    Ok(out)
}

fn not_finite(at: usize) -> At {
    At::new(
        at,
        "NaN or infinity where a number belongs — write a finite number",
    )
}

/// White space and comments from `i`; the offset of the next token.
#[inline]
pub fn skip_ws(s: &[u8], mut i: usize) -> Result<usize, At> {
    loop {
        match s.get(i) {
            Some(b' ' | b'\t' | b'\n' | b'\r') => i += 1,
            Some(b'/') if matches!(s.get(i + 1), Some(b'/' | b'*')) => i = skip_comment(s, i)?,
            _ => return Ok(i),
        }
    }
}

/// `//` to the end of the line, or a (nestable) `/* … */`.
fn skip_comment(s: &[u8], start: usize) -> Result<usize, At> {
    if s[start + 1] == b'/' {
        return Ok(s[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(s.len(), |k| start + k + 1));
    }
    let mut depth = 0usize;
    let mut i = start;
    while i + 1 < s.len() {
        if s[i] == b'/' && s[i + 1] == b'*' {
            depth += 1;
            i += 2;
        } else if s[i] == b'*' && s[i + 1] == b'/' {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return Ok(i);
            }
        } else {
            i += 1;
        }
    }
    Err(At::new(start, "this comment is never closed (`*/`)"))
}

fn too_long(at: usize) -> At {
    At::new(
        at,
        format!(
            "a text longer than {} MiB — no project field holds that much; the file is damaged or not a project",
            MAX_STRING_BYTES >> 20
        ),
    )
}

/// A `"…"` string from its opening quote; the offset after its closing one.
/// Its length is that of its content as written (escapes included).
fn skip_string(s: &[u8], start: usize) -> Result<usize, At> {
    let body = start + 1;
    let mut i = body;
    while i < s.len() {
        match s[i] {
            b'"' => return Ok(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
        if i.min(s.len()) - body > MAX_STRING_BYTES {
            return Err(too_long(start));
        }
    }
    Err(At::new(
        start,
        "this text is never closed (`\"`) — the file is cut short",
    ))
}

/// A char literal `'x'` or `'\…'`; a lone `'` is left for RON to report.
fn skip_char(s: &[u8], start: usize) -> usize {
    let limit = (start + 12).min(s.len());
    let from = if s.get(start + 1) == Some(&b'\\') {
        start + 3
    } else {
        start + 2
    };
    match s
        .get(from..limit)
        .and_then(|t| t.iter().position(|&b| b == b'\''))
    {
        Some(k) => from + k + 1,
        None => start + 1,
    }
}

fn is_raw_string_start(s: &[u8], i: usize) -> bool {
    let j = if s[i] == b'b' && s.get(i + 1) == Some(&b'r') {
        i + 2
    } else if s[i] == b'r' {
        i + 1
    } else {
        return false;
    };
    // Not the tail of an identifier (`for"`), and `r"` or `r#`.
    (i == 0 || !(s[i - 1] == b'_' || s[i - 1].is_ascii_alphanumeric()))
        && matches!(s.get(j), Some(b'"' | b'#'))
}

/// `r#"…"#` (any number of `#`); the offset after it.
fn skip_raw_string(s: &[u8], start: usize) -> Result<usize, At> {
    let mut i = start + if s[start] == b'b' { 2 } else { 1 };
    let hashes = s[i..].iter().take_while(|&&b| b == b'#').count();
    i += hashes;
    if s.get(i) != Some(&b'"') {
        return Ok(i);
    }
    i += 1;
    while i < s.len() {
        if s[i] == b'"'
            && s[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes
        {
            return Ok(i + 1 + hashes);
        }
        i += 1;
        if i - start > MAX_STRING_BYTES {
            return Err(too_long(start));
        }
    }
    Err(At::new(start, "this raw text is never closed"))
}

/// A number token: refused when it is NaN or infinite — `-inf`, `1e999`,
/// `1e999f64`, a 400-digit integer (RON reads all of them as infinity for a
/// float field).
fn check_number(s: &[u8], start: usize) -> Result<usize, At> {
    let mut i = start;
    let mut letters = false;
    while i < s.len() && (s[i].is_ascii_alphanumeric() || matches!(s[i], b'.' | b'_' | b'+' | b'-'))
    {
        letters |= s[i].is_ascii_alphabetic();
        i += 1;
    }
    // The common case, plain digits: nothing to check.
    if !letters && i - start <= 300 {
        return Ok(i.max(start + 1));
    }
    let token = std::str::from_utf8(&s[start..i]).unwrap_or("");
    let body = token.trim_start_matches(['+', '-']);
    if body.starts_with("inf") || body.starts_with("NaN") {
        return Err(not_finite(start));
    }
    let radix = ["0x", "0b", "0o"].iter().any(|p| body.starts_with(p));
    // Only an exponent or more than 300 digits can reach infinity (f64's
    // largest value has 309 digits).
    let could_overflow = token.contains(['e', 'E']) || token.len() > 300;
    if !radix && could_overflow {
        let plain: String = token.chars().filter(|&c| c != '_').collect();
        let plain = [
            "f32", "f64", "i8", "i16", "i32", "i64", "i128", "u8", "u16", "u32", "u64", "u128",
        ]
        .iter()
        .find_map(|suffix| plain.strip_suffix(suffix))
        .unwrap_or(&plain);
        if let Ok(v) = plain.parse::<f64>()
            && !v.is_finite()
        {
            return Err(At::new(
                start,
                format!("{token} is too large for a number — write a finite number"),
            ));
        }
    }
    Ok(i.max(start + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> (usize, usize, String) {
        let e = split(text).err().expect("an error");
        let (l, c) = e.line_col(text);
        (l, c, e.message)
    }

    #[test]
    fn limits_name_the_place() {
        let deep = format!("(\n  a: {}", "[".repeat(200));
        let (l, c, m) = err(&deep);
        assert_eq!((l, c), (2, 6 + MAX_DEPTH - 1));
        assert!(m.contains("nested"), "{m}");
        assert_eq!(err("(\n  x: NaN,\n)").0, 2);
        assert_eq!(err("(\n  x: NaN,\n)").1, 6);
        assert_eq!(err("(x: -inf)").1, 5);
        assert_eq!(err("(x: 1e999)").1, 5);
        for bad in [
            "NaNf64",
            "inff32",
            "1e999f64",
            "-1_e999",
            &format!("1{}", "0".repeat(400)),
        ] {
            assert_eq!(err(&format!("(x: {bad})")).1, 5, "{bad}");
        }
        assert!(err("(x: \"abc").2.contains("never closed"));
        assert!(err("(x: [1, 2)").2.contains("does not close"));
    }

    #[test]
    fn strings_comments_and_chars_do_not_confuse_the_scan() {
        let text = "#![enable(implicit_some)]\n( // ) ( [\n a: \"NaN ) [ \\\" \", /* ( /* nested */ ] */ b: r#\"inf \"( \"#, c: ')', d: 1.5e3,\n)";
        let split = split(text).expect("valid");
        assert_eq!(split.rest, text);
        assert!(split.activity.is_none());
    }
}
