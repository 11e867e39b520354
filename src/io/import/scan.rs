//! What an xlsx sheet's XML shows that the cell reader does not report:
//! hidden rows and cell references that name no cell. The import runs this
//! scan on its own thread beside the cell reader, so it must be cheap: it
//! unpacks the sheet once and looks only at the start tags of `row` and `c`
//! (a byte scan from `<` to `<`), never building XML events for the rest.

use std::io::{Cursor, Read};

/// What the scan found.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct RowScan {
    /// Hidden rows, 1-based as Excel shows them (at most the cap).
    pub hidden_rows: Vec<u32>,
    /// Cell references that name no cell (`A0`, `XFE1`, `1A`), as written
    /// (at most the cap); `malformed` counts them all.
    pub malformed_refs: Vec<String>,
    pub malformed: usize,
}

/// Whether `r` names a cell: column letters A–XFD, then a row 1–1,048,576.
pub fn valid_ref(r: &str) -> bool {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (col, row) = r.split_at(letters);
    let col_n = col.bytes().fold(0u32, |n, b| {
        n.saturating_mul(26)
            .saturating_add(u32::from(b.to_ascii_uppercase() - b'A' + 1))
    });
    (1..=3).contains(&letters)
        && col_n <= 16_384
        && !row.is_empty()
        && row.bytes().all(|b| b.is_ascii_digit())
        && row
            .parse::<u32>()
            .is_ok_and(|n| (1..=1_048_576).contains(&n))
}

/// Scans the sheet at `part` of the xlsx `bytes` (each list at most `cap`
/// long); an unreadable part shows nothing.
pub fn scan_rows(bytes: &[u8], part: &str, cap: usize) -> RowScan {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return RowScan::default();
    };
    let Ok(file) = zip.by_name(part) else {
        return RowScan::default();
    };
    scan_xml(file, cap, 1 << 18)
}

/// The scan over an XML stream read `chunk` bytes at a time (a tag cut by a
/// chunk's end is completed from the next). A construct longer than a chunk
/// makes the next read as long as what is pending, so even a hostile
/// gigabyte-long tag is scanned a logarithmic number of times, not once a chunk.
fn scan_xml(mut xml: impl Read, cap: usize, chunk: usize) -> RowScan {
    let mut scanner = Scanner {
        out: RowScan::default(),
        cap,
        row: 0,
    };
    let mut buf: Vec<u8> = Vec::with_capacity(chunk * 2);
    loop {
        let have = buf.len();
        let want = chunk.max(have).max(1);
        buf.resize(have + want, 0);
        let n = fill(&mut xml, &mut buf[have..]);
        buf.truncate(have + n);
        // `fill` stops short only at the end of the stream (or a damaged
        // part, which the cell reader reports).
        let last = n < want;
        let used = scanner.feed(&buf, last);
        buf.drain(..used);
        if last {
            return scanner.out;
        }
    }
}

/// Reads until `out` is full or the stream ends; how many bytes were read.
fn fill(xml: &mut impl Read, out: &mut [u8]) -> usize {
    let mut got = 0;
    while got < out.len() {
        match xml.read(&mut out[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    got
}

struct Scanner {
    out: RowScan,
    cap: usize,
    /// The last row number seen (rows without `r` follow the one before).
    row: u32,
}

/// What stands between `<` and the end of a markup construct.
enum Markup {
    /// `<!-- … -->`
    Comment,
    /// `<![CDATA[ … ]]>`
    Cdata,
    /// `<? … ?>`
    Instruction,
    /// `<!DOCTYPE …>`, `</…>`, `<name …>`: up to the `>` outside quotes.
    Tag,
}

impl Scanner {
    /// Handles every complete construct in `buf`; returns how many bytes
    /// were consumed (the rest, an unfinished tag, waits for more). At the
    /// end of the stream an unfinished tag is dropped.
    fn feed(&mut self, buf: &[u8], last: bool) -> usize {
        let mut at = 0;
        while let Some(lt) = memchr::memchr(b'<', &buf[at..]).map(|i| at + i) {
            let rest = &buf[lt..];
            // Each construct, what closes it, and where that may start.
            let (kind, close, from): (Markup, &[u8], usize) = if rest.starts_with(b"<!--") {
                (Markup::Comment, b"-->", 4)
            } else if rest.starts_with(b"<![CDATA[") {
                (Markup::Cdata, b"]]>", 9)
            } else if rest.starts_with(b"<?") {
                (Markup::Instruction, b"?>", 2)
            } else if rest.len() < 9 && !last {
                // Too short to tell a comment or CDATA from a tag yet.
                return lt;
            } else {
                (Markup::Tag, b">", 1)
            };
            let end = match kind {
                Markup::Tag => tag_end(rest),
                _ => memchr::memmem::find(&rest[from.min(rest.len())..], close)
                    .map(|i| from + i + close.len()),
            };
            let Some(end) = end else {
                return if last { buf.len() } else { lt };
            };
            if let Markup::Tag = kind {
                self.tag(&rest[1..end - 1]);
            }
            at = lt + end;
        }
        buf.len() // text to the end: nothing waits
    }

    /// One tag's inside (between `<` and `>`).
    fn tag(&mut self, inner: &[u8]) {
        if inner.first().is_none_or(|b| matches!(b, b'/' | b'!')) {
            return;
        }
        let name_len = inner
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(inner.len());
        let name = &inner[..name_len];
        let local = name
            .iter()
            .rposition(|b| *b == b':')
            .map_or(name, |i| &name[i + 1..]);
        let attrs = &inner[name_len..];
        match local {
            b"row" => {
                self.row = attr(attrs, b"r")
                    .and_then(|r| r.parse::<u32>().ok())
                    .unwrap_or(self.row.saturating_add(1));
                if matches!(attr(attrs, b"hidden").as_deref(), Some("1" | "true"))
                    && self.out.hidden_rows.len() < self.cap
                {
                    self.out.hidden_rows.push(self.row);
                }
            }
            b"c" => {
                if let Some(r) = attr(attrs, b"r")
                    && !valid_ref(&r)
                {
                    self.out.malformed += 1;
                    if self.out.malformed_refs.len() < self.cap {
                        self.out.malformed_refs.push(r);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Where the tag starting at `s[0] == b'<'` ends (one past its `>`), a `>`
/// inside a quoted attribute value not counting.
fn tag_end(s: &[u8]) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, &b) in s.iter().enumerate().skip(1) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(i + 1),
            None => {}
        }
    }
    None
}

/// The value of attribute `name` (unprefixed) in a tag's attribute text,
/// with the predefined entities and character references replaced.
fn attr(mut s: &[u8], name: &[u8]) -> Option<String> {
    loop {
        let start = s.iter().position(|b| !b.is_ascii_whitespace())?;
        s = &s[start..];
        let eq = s.iter().position(|b| *b == b'=')?;
        let key = s[..eq].trim_ascii();
        let after = s[eq + 1..].trim_ascii_start();
        let q = *after.first()?;
        if q != b'"' && q != b'\'' {
            return None; // not well-formed: nothing more to read
        }
        let len = after[1..].iter().position(|b| *b == q)?;
        let value = &after[1..1 + len];
        if key == name {
            return Some(unescape(&String::from_utf8_lossy(value)));
        }
        s = &after[len + 2..];
    }
}

fn unescape(v: &str) -> String {
    if !v.contains('&') {
        return v.to_string();
    }
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(semi) = after.find(';') else {
            out.push_str(&rest[i..]);
            return out;
        };
        let entity = &after[..semi];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#')?.parse().ok())
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => out.push(c),
            None => out.push_str(&rest[i..i + 1 + semi + 1]),
        }
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{RowScan, scan_xml, valid_ref};

    #[test]
    fn cell_references_within_excel_s_grid() {
        for ok in ["A1", "XFD1048576", "AB12", "a1"] {
            assert!(valid_ref(ok), "{ok}");
        }
        for bad in ["XFE1", "A0", "A1048577", "1A", "A", "", "ABCD1", "A1B"] {
            assert!(!valid_ref(bad), "{bad}");
        }
    }

    const SHEET: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1" spans="1:3"><c r="A1" t="inlineStr"><is><t>id &lt;row r="9" hidden="1"&gt;</t></is></c></row>
<!-- <row r="8" hidden="1"> in a comment -->
<row r="2" hidden="1" title='a>b'><c r="A2"><v>1</v></c><c r="XFE2"><v>2</v></c></row>
<x:row hidden="true"><x:c r="A0"/><col r="ZZZZ1"/></x:row>
<row r="5"><c r="B5" t="str"><f><![CDATA[<row hidden="1">]]></f><v>x</v></c><c r="A&amp;1"/></row>
<row customHeight="1" hidden="0"/>
</sheetData></worksheet>"#;

    fn expected() -> RowScan {
        RowScan {
            // Row 2 by its r, row 3 as the one after it (no r), hidden="true".
            hidden_rows: vec![2, 3],
            malformed_refs: vec!["XFE2".into(), "A0".into(), "A&1".into()],
            malformed: 3,
        }
    }

    /// Text, comments and CDATA sections are not tags; a `>` inside a
    /// quoted attribute does not end one; prefixes and `true` count.
    #[test]
    fn rows_and_cells_are_read_from_their_start_tags_only() {
        assert_eq!(scan_xml(SHEET.as_bytes(), 100, 1 << 16), expected());
    }

    /// The result does not depend on where the stream is cut.
    #[test]
    fn any_chunk_size_gives_the_same_scan() {
        for chunk in [1, 2, 3, 7, 9, 64, 300] {
            assert_eq!(
                scan_xml(SHEET.as_bytes(), 100, chunk),
                expected(),
                "{chunk}"
            );
        }
    }

    #[test]
    fn the_lists_stop_at_the_cap_but_the_count_goes_on() {
        let s = scan_xml(SHEET.as_bytes(), 1, 64);
        assert_eq!(s.hidden_rows, vec![2]);
        assert_eq!(s.malformed_refs, vec!["XFE2".to_string()]);
        assert_eq!(s.malformed, 3);
    }

    /// A tag far longer than a chunk (a hostile attribute of megabytes) is
    /// read whole, and the rows after it are found.
    #[test]
    fn a_tag_longer_than_many_chunks_is_read_whole() {
        let huge = format!(
            "<sheetData><row r=\"1\" x=\"{}\"/><!--{}--><row r=\"2\" hidden=\"1\"/></sheetData>",
            "y".repeat(3_000_000),
            "z".repeat(3_000_000)
        );
        let s = scan_xml(huge.as_bytes(), 100, 64);
        assert_eq!(s.hidden_rows, vec![2]);
    }

    /// An unfinished tag at the end (a truncated part) is dropped, not a panic.
    #[test]
    fn a_truncated_stream_ends_the_scan() {
        let cut = &SHEET.as_bytes()[..SHEET.find("title=").unwrap_or(0)];
        let s = scan_xml(cut, 100, 5);
        assert_eq!(s.hidden_rows, Vec::<u32>::new());
        assert_eq!(s.malformed, 0);
    }
}
