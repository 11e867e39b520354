//! The export's self-check of a large sheet, read as ParkAudit wrote it.
//!
//! Before a signed workbook is written, the export reads it back and
//! recomputes every sheet's canonical digest, so that what a recipient
//! computes is what was signed. The general reader (calamine, four passes)
//! takes longer than writing the million-record sheet did. This reader
//! accepts only the XML the export's writer produces — rows of cells with an
//! explicit reference, an optional style, an inline string, a number, a
//! boolean or a plain formula with its cached value, the five named
//! entities, nothing hidden, merged or validated — and reads it in one
//! streaming pass (the sheet is inflated on the caller's thread while
//! another parses the rows into the same [`SheetCanon`] the general reader
//! feeds). Anything else, however small, and it gives up: the general
//! reader then decides. It is never used by `parkaudit verify`.
//!
//! Why it is sufficient: on what it accepts, each cell's value, formula and
//! number format is what the general reader returns (the tests compare both
//! readers on exported workbooks, tricky strings included), so the digest is
//! the one a recipient recomputes; the bytes checked are the bytes then
//! written and signed.

use super::canonical::{Canonical, Presentation, SheetCanon, SheetDigest, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

/// Bytes inflated at a time.
const CHUNK: usize = 1 << 20;
/// What lies outside the rows (the sheet's settings) is small in a sheet
/// ParkAudit writes; more and this reader gives up.
const MAX_OUTSIDE: usize = 16 << 20;

/// The digest and presentation of sheet `name`, or `None` when the sheet is
/// not exactly as the export writes it (the caller then uses the general
/// reader).
pub(super) fn sheet_digest(
    bytes: &[u8],
    parts: &BTreeMap<String, String>,
    name: &str,
    block_rows: u32,
    version: Canonical,
) -> Option<(SheetDigest, Presentation)> {
    if version != Canonical::V2 {
        return None;
    }
    let part = parts.get(name)?;
    let codes = format_codes(bytes, name)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    // The general reader finds parts by name ignoring case (the later one
    // wins): two names for one part and it may read another file.
    let namesakes = zip
        .file_names()
        .filter(|n| n.as_ref().is_ok_and(|n| n.eq_ignore_ascii_case(part)))
        .count();
    if namesakes != 1 {
        return None;
    }
    let mut file = zip.by_name(part).ok()?;
    let mut buf = Vec::with_capacity(2 * CHUNK);
    let start = loop {
        if let Some(i) = memchr::memmem::find(&buf, b"<sheetData>") {
            break i;
        }
        if buf.len() > MAX_OUTSIDE || fill(&mut file, &mut buf)? == 0 {
            return None;
        }
    };
    let opened = start + b"<sheetData>".len();
    if !opens_sheet_data(&buf[..opened]) {
        return None;
    }
    let mut outside = buf[..start].to_vec();
    buf.drain(..opened);
    let canon = std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
        let parser = std::thread::Builder::new()
            .name("verify-own-rows".into())
            .spawn_scoped(s, move || {
                let mut canon = SheetCanon::with_block_rows(name, block_rows, version);
                let mut last = None;
                for chunk in rx {
                    rows(&chunk, &codes, &mut canon, &mut last)?;
                }
                Some(canon)
            })
            .ok()?;
        let fed = (|| {
            loop {
                let more = fill(&mut file, &mut buf)?;
                if let Some(end) = memchr::memmem::rfind(&buf, b"</row>") {
                    let rest = buf.split_off(end + b"</row>".len());
                    tx.send(std::mem::replace(&mut buf, rest)).ok()?;
                }
                if more == 0 {
                    return Some(());
                }
                if buf.len() > MAX_OUTSIDE {
                    return None;
                }
            }
        })();
        drop(tx);
        let canon = parser.join().ok()?;
        fed.and(canon)
    })?;
    // What follows the rows: the end of the sheet data, then its settings.
    let suffix = buf.strip_prefix(b"</sheetData>")?;
    outside.extend_from_slice(b"<sheetData/>");
    outside.extend_from_slice(suffix);
    if memchr::memmem::find(&outside, b"mergeCell").is_some() {
        return None;
    }
    let presentation = super::presentation::presentation_of(&outside[..], part).ok()?;
    if !presentation.is_empty() || !presentation.foreign.is_empty() {
        return None;
    }
    Some((canon.finish_with(&presentation), presentation))
}

/// Each style's number format code, as the general reader takes them.
fn format_codes(bytes: &[u8], name: &str) -> Option<Vec<String>> {
    let mut wb: calamine::Xlsx<_> = calamine::Reader::new(Cursor::new(bytes)).ok()?;
    let reader = wb.worksheet_cells_reader(name).ok()?;
    Some(super::sheet_digest::format_codes(reader.styles()))
}

/// Appends up to [`CHUNK`] inflated bytes; how many (0 at the end).
fn fill(file: &mut impl Read, buf: &mut Vec<u8>) -> Option<usize> {
    let at = buf.len();
    buf.resize(at + CHUNK, 0);
    let n = loop {
        match file.read(&mut buf[at..]) {
            Ok(n) => break n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    };
    buf.truncate(at + n);
    Some(n)
}

/// Whether `x` — the sheet up to and including the first `<sheetData>` in
/// its bytes — is plain elements and text ending where that `<sheetData>`
/// opens the sheet data: no processing instruction, comment, CDATA or
/// reference could hide it from, or show another to, an XML reader.
fn opens_sheet_data(x: &[u8]) -> bool {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(x);
    let mut buf = Vec::new();
    let mut first = true;
    loop {
        let event = reader.read_event_into(&mut buf);
        match event {
            Ok(Event::Decl(_)) if first => {}
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sheetData" => {
                return usize::try_from(reader.buffer_position()).is_ok_and(|p| p == x.len());
            }
            Ok(Event::Start(_) | Event::Empty(_) | Event::End(_) | Event::Text(_)) => {}
            _ => return false,
        }
        first = false;
        buf.clear();
    }
}

/// Complete rows, each `<row r="N" …>` (only the attributes the writer
/// sets, plain values) with its cells, into the canon; `last` is the
/// position of the last cell met, blanks included, which must grow.
fn rows(
    mut x: &[u8],
    codes: &[String],
    canon: &mut SheetCanon,
    last: &mut Option<(u32, u32)>,
) -> Option<()> {
    while !x.is_empty() {
        let (row, rest) = number(x.strip_prefix(b"<row r=\"")?)?;
        if row == 0 {
            return None;
        }
        x = rest.strip_prefix(b"\"")?;
        loop {
            if let Some(rest) = x.strip_prefix(b">") {
                x = rest;
                break;
            }
            let (key, value, rest) = attribute(x.strip_prefix(b" ")?)?;
            let plain = value
                .iter()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b':'));
            if !matches!(key, b"spans" | b"ht" | b"customHeight") || !plain {
                return None;
            }
            x = rest;
        }
        loop {
            if let Some(rest) = x.strip_prefix(b"</row>") {
                x = rest;
                break;
            }
            x = cell(x, row, codes, canon, last)?;
        }
    }
    Some(())
}

/// One cell of row `row` (1-based) into the canon; what follows it. A
/// position met again, even by a blank, gives up: the general reader's
/// style stream would pair styles and cells differently.
fn cell<'x>(
    x: &'x [u8],
    row: u32,
    codes: &[String],
    canon: &mut SheetCanon,
    last: &mut Option<(u32, u32)>,
) -> Option<&'x [u8]> {
    let mut x = x.strip_prefix(b"<c r=\"")?;
    let letters = x.iter().take_while(|b| b.is_ascii_uppercase()).count();
    if !(1..=3).contains(&letters) {
        return None;
    }
    let col = x[..letters]
        .iter()
        .fold(0u32, |c, b| c * 26 + u32::from(b - b'A') + 1)
        - 1;
    let (r, rest) = number(&x[letters..])?;
    if r != row || col >= 16_384 || last.is_some_and(|l| l >= (row, col)) {
        return None;
    }
    *last = Some((row, col));
    x = rest.strip_prefix(b"\"")?;
    let mut style = 0usize;
    if let Some(rest) = x.strip_prefix(b" s=\"") {
        let (s, rest) = number(rest)?;
        style = s as usize;
        x = rest.strip_prefix(b"\"")?;
    }
    let mut kind: &[u8] = b"n";
    if let Some(rest) = x.strip_prefix(b" t=\"") {
        let end = memchr::memchr(b'"', rest)?;
        kind = &rest[..end];
        x = &rest[end + 1..];
    }
    if !matches!(kind, b"n" | b"inlineStr" | b"str" | b"b") {
        return None;
    }
    if let Some(rest) = x.strip_prefix(b"/>") {
        return Some(rest); // a styled blank: no line
    }
    x = x.strip_prefix(b">")?;
    // The general reader's style stream skips ids outside the palette.
    let code = codes
        .get(style)
        .or_else(|| codes.first())
        .map_or("General", String::as_str);
    let (r0, c0) = (row - 1, col);
    if kind == b"inlineStr" {
        // Without `preserve` a reader trims the text: then it must have
        // nothing to trim.
        let (rest, trimmed) = match x.strip_prefix(b"<is><t>") {
            Some(rest) => (rest, true),
            None => (x.strip_prefix(b"<is><t xml:space=\"preserve\">")?, false),
        };
        let (text, rest) = text(rest)?;
        if trimmed && text.trim_matches(|c: char| c.is_ascii_whitespace()) != text {
            return None;
        }
        let rest = rest.strip_prefix(b"</t></is></c>")?;
        canon
            .cell_formatted(r0, c0, Value::S(&text), None, code)
            .ok()?;
        return Some(rest);
    }
    let mut formula = None;
    if let Some(rest) = x.strip_prefix(b"<f>") {
        let (f, rest) = text(rest)?;
        if f.is_empty() {
            return None;
        }
        formula = Some(f);
        x = rest.strip_prefix(b"</f>")?;
    }
    let (v, rest) = text(x.strip_prefix(b"<v>")?)?;
    let rest = rest.strip_prefix(b"</v></c>")?;
    if v.is_empty() {
        return None;
    }
    let value = match kind {
        b"n" => Value::N(decimal(&v)?),
        b"str" => Value::S(&v),
        b"b" => match &*v {
            "0" => Value::B(false),
            "1" => Value::B(true),
            _ => return None,
        },
        _ => return None,
    };
    canon
        .cell_formatted(r0, c0, value, formula.as_deref(), code)
        .ok()?;
    Some(rest)
}

/// Leading ASCII digits as a number (at least one, at most nine).
fn number(x: &[u8]) -> Option<(u32, &[u8])> {
    let n = x.iter().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=9).contains(&n) {
        return None;
    }
    let v = x[..n]
        .iter()
        .fold(0u32, |v, b| v * 10 + u32::from(b - b'0'));
    Some((v, &x[n..]))
}

/// `key="value"` and what follows.
fn attribute(x: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    let eq = memchr::memchr(b'=', x)?;
    let rest = x[eq + 1..].strip_prefix(b"\"")?;
    let end = memchr::memchr(b'"', rest)?;
    Some((&x[..eq], &rest[..end], &rest[end + 1..]))
}

/// Character data up to the next tag, with the five named entities
/// replaced. Anything another reader might read differently gives up:
/// numeric references, `_xHHHH_` escapes, line breaks.
fn text(x: &[u8]) -> Option<(Cow<'_, str>, &[u8])> {
    let end = memchr::memchr(b'<', x)?;
    let s = std::str::from_utf8(&x[..end]).ok()?;
    if s.contains("_x") || s.contains(['\r', '\n']) {
        return None;
    }
    let rest = &x[end..];
    if !s.contains('&') {
        return Some((Cow::Borrowed(s), rest));
    }
    let mut out = String::with_capacity(s.len());
    let mut left = s;
    while let Some(i) = left.find('&') {
        out.push_str(&left[..i]);
        let at = &left[i..];
        let (entity, c) = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&apos;", '\''),
        ]
        .into_iter()
        .find(|(e, _)| at.starts_with(e))?;
        out.push(c);
        left = &at[entity.len()..];
    }
    out.push_str(left);
    Some((Cow::Owned(out), rest))
}

/// A plain decimal number (`-12.5`, `3E-7`): what every reader parses to the
/// same nearest double. Other spellings give up.
fn decimal(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let from = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > from
    };
    if !digits(&mut i) {
        return None;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return None;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return None;
        }
    }
    (i == b.len()).then(|| s.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::export::{Package, presentation::sheet_parts, sheet_digest};
    use std::io::Write as _;

    fn sample() -> crate::model::Project {
        let text = include_str!("../../../sample-projects/jinghai-park/jinghai-park.ron");
        crate::io::from_ron_str(text, "sample".as_ref()).expect("the sample parses")
    }

    /// The workbook the export writes for `p`, and each sheet's block size.
    fn exported(p: &crate::model::Project) -> (Vec<u8>, Vec<(String, u32)>) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("book.xlsx");
        let summary = super::super::export(p, &path, Package::Draft, None, "2026-12-03T00:00:00Z")
            .expect("the export");
        let sheets = summary
            .sheets
            .iter()
            .map(|d| (d.name.clone(), d.block_rows))
            .collect();
        (std::fs::read(&path).expect("the workbook"), sheets)
    }

    type Reading = Option<(SheetDigest, Presentation)>;

    /// This reader on sheet `name`.
    fn own(bytes: &[u8], name: &str, block_rows: u32) -> Reading {
        let parts = sheet_parts(bytes).expect("the parts");
        sheet_digest(bytes, &parts, name, block_rows, Canonical::V2)
    }

    /// Both readers on sheet `name`: (own, general).
    fn both(bytes: &[u8], name: &str, block_rows: u32) -> (Reading, (SheetDigest, Presentation)) {
        let parts = sheet_parts(bytes).expect("the parts");
        let own = own(bytes, name, block_rows);
        let general = sheet_digest::sheet_digest(bytes, &parts, name, block_rows, Canonical::V2)
            .expect("the general reader");
        (own, general)
    }

    /// The Activity sheet's XML replaced by `edit` of it.
    fn with_activity(bytes: &[u8], edit: impl Fn(&str) -> String) -> Vec<u8> {
        let part = sheet_parts(bytes).expect("the parts")["Activity"].clone();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).expect("an entry");
            let name = f.name().expect("a name").to_string();
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("inflates");
            if name == part {
                data = edit(std::str::from_utf8(&data).expect("UTF-8")).into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .expect("an entry");
            out.write_all(&data).expect("written");
        }
        out.finish().expect("the zip").into_inner()
    }

    /// Every sheet of the exported sample that this reader accepts reads as
    /// the general reader reads it; it accepts the Activity sheet (inline
    /// strings) and gives up on the sheets with shared strings.
    #[test]
    fn on_the_exported_sample_both_readers_agree() {
        let (bytes, sheets) = exported(&sample());
        let mut accepted = Vec::new();
        for (name, block_rows) in &sheets {
            let (own, general) = both(&bytes, name, *block_rows);
            if let Some(own) = own {
                assert_eq!(own, general, "sheet {name}");
                accepted.push(name.as_str());
            }
        }
        assert_eq!(accepted, ["Activity"]);
    }

    /// Strings with entities, quotes, spaces at either end, tabs and CJK,
    /// over 20,000 rows (the canon then hashes on its own thread): read
    /// here, and as the general reader reads them.
    #[test]
    fn tricky_strings_read_as_the_general_reader_reads_them() {
        let mut p = sample().scaled(20_500);
        for (i, r) in p.activity.iter_mut().enumerate().take(40) {
            r.evidence_ref = match i % 4 {
                0 => format!("  A&B <{i}> \"q\" 'a'  "),
                1 => format!("发票\t{i}"),
                2 => format!("x&amp;{i};&"),
                _ => format!("{i}>>"),
            };
        }
        let (bytes, sheets) = exported(&p);
        let block_rows = sheets
            .iter()
            .find(|s| s.0 == "Activity")
            .expect("Activity")
            .1;
        let (own, general) = both(&bytes, "Activity", block_rows);
        assert_eq!(own, Some(general));
    }

    /// Cell E2 (a number ParkAudit writes) replaced by `cell`.
    fn cell_e2(x: &str, cell: &str) -> String {
        let at = x.find("<c r=\"E2\"").expect("E2");
        let end = at + x[at..].find("</c>").expect("its end") + "</c>".len();
        format!("{}{cell}{}", &x[..at], &x[end..])
    }

    /// The first formula's cached value replaced by `v`.
    fn cached(x: &str, v: &str) -> String {
        let at = x.find("</f><v>").expect("a formula") + "</f><v>".len();
        let end = at + x[at..].find("</v>").expect("its end");
        format!("{}{v}{}", &x[..at], &x[end..])
    }

    /// Changed XML: what this reader still accepts reads as the general
    /// reader reads it (a number, a formula's cached value, a boolean, a
    /// formula); what ParkAudit never writes (a hidden row, a merged range,
    /// a shared string, an error value, a numeric reference, an `_xHHHH_`
    /// escape, a number spelt with `+`, a comment, a cell out of its row)
    /// is left to the general reader.
    #[test]
    fn changed_xml_is_read_alike_or_left_to_the_general_reader() {
        let (bytes, sheets) = exported(&sample());
        let block_rows = sheets
            .iter()
            .find(|s| s.0 == "Activity")
            .expect("Activity")
            .1;
        let (original, _) = both(&bytes, "Activity", block_rows);
        let original = original.expect("read");
        type Edit = fn(&str) -> String;
        let accepted: [(&str, Edit); 4] = [
            ("a number", |x| cell_e2(x, "<c r=\"E2\"><v>1.5</v></c>")),
            ("a cached value", |x| cached(x, "-3E-7")),
            ("a boolean", |x| {
                cell_e2(x, "<c r=\"E2\" t=\"b\"><v>1</v></c>")
            }),
            ("a formula", |x| {
                x.replacen("<f>N2*O2</f>", "<f>N2*O2&amp;\"x\"</f>", 1)
            }),
        ];
        for (what, edit) in accepted {
            let changed = with_activity(&bytes, edit);
            let (own, general) = both(&changed, "Activity", block_rows);
            let own = own.unwrap_or_else(|| panic!("{what}: read"));
            assert_eq!(own, general, "{what}");
            assert_ne!(
                own.0.sha256, original.0.sha256,
                "{what}: the change is seen"
            );
        }
        let refused: [(&str, Edit); 15] = [
            ("a hidden row", |x| {
                x.replacen("<row r=\"5\"", "<row r=\"5\" hidden=\"1\"", 1)
            }),
            ("a merged range", |x| {
                let merge =
                    "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A2:B2\"/></mergeCells>";
                x.replacen("</sheetData>", merge, 1)
            }),
            ("a shared string", |x| {
                cell_e2(x, "<c r=\"E2\" t=\"s\"><v>0</v></c>")
            }),
            ("an error value", |x| {
                cell_e2(x, "<c r=\"E2\" t=\"e\"><v>#N/A</v></c>")
            }),
            ("a numeric reference", |x| {
                x.replacen("<is><t>", "<is><t>&#66;", 1)
            }),
            ("an escape", |x| x.replacen("<is><t>", "<is><t>_x0042_", 1)),
            ("a number with a plus", |x| {
                cell_e2(x, "<c r=\"E2\"><v>+1</v></c>")
            }),
            ("a comment", |x| {
                x.replacen("<row r=\"3\"", "<!-- x --><row r=\"3\"", 1)
            }),
            ("a cell out of its row", |x| {
                x.replacen("<c r=\"B3\"", "<c r=\"B4\"", 1)
            }),
            ("text a reader trims", |x| {
                x.replacen("<is><t>", "<is><t> ", 1)
            }),
            ("a blank at a cell's place", |x| {
                x.replacen("<c r=\"A2\"", "<c r=\"A2\"/><c r=\"A2\"", 1)
            }),
            ("sheet data inside an instruction", |x| {
                x.replacen("<sheetData>", "<?x <sheetData>?><sheetData>", 1)
            }),
            ("row 0", |x| {
                x.replacen("<sheetData>", "<sheetData><row r=\"0\"></row>", 1)
            }),
            ("a row attribute ParkAudit never writes", |x| {
                x.replacen("<row r=\"2\"", "<row r=\"2\" ht=\"ÿ\"", 1)
            }),
            ("a blank of an unknown type", |x| {
                let blank = "</c><c r=\"Y2\" t=\"q\"/></row><row r=\"3\"";
                x.replacen("</c></row><row r=\"3\"", blank, 1)
            }),
        ];
        for (what, edit) in refused {
            let changed = with_activity(&bytes, edit);
            assert_eq!(own(&changed, "Activity", block_rows), None, "{what}");
        }
    }

    /// The export's self-check, which reads a sheet of more than 2,000 rows
    /// with this reader, finds what `parkaudit verify` (the general reader
    /// only) finds: the same digest, nothing wrong.
    #[test]
    fn the_self_check_finds_what_verify_finds() {
        let (bytes, _) = exported(&sample().scaled(2_500));
        let own = super::super::verify::self_check(&bytes).expect("the self-check");
        let general = super::super::verify::verify_content(&bytes, None).expect("verify");
        assert_eq!(own.digest, general.digest);
        assert!(!own.digest.is_empty());
        assert_eq!(own.problems, general.problems);
        let parts = sheet_parts(&bytes).expect("the parts");
        assert!(sheet_digest(&bytes, &parts, "Activity", 2, Canonical::V2).is_some());
    }

    /// The general reader finds a part by its name ignoring case: a second
    /// name for the sheet's part is left to it.
    #[test]
    fn a_part_named_twice_is_left_to_the_general_reader() {
        let (bytes, sheets) = exported(&sample());
        let block_rows = sheets
            .iter()
            .find(|s| s.0 == "Activity")
            .expect("Activity")
            .1;
        let part = sheet_parts(&bytes).expect("the parts")["Activity"].clone();
        let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).expect("a zip");
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            out.raw_copy_file(zip.by_index(i).expect("an entry"))
                .expect("copied");
        }
        out.start_file(
            part.to_uppercase(),
            zip::write::SimpleFileOptions::default(),
        )
        .expect("an entry");
        out.write_all(b"<worksheet/>").expect("written");
        let twice = out.finish().expect("the zip").into_inner();
        assert!(own(&bytes, "Activity", block_rows).is_some());
        assert_eq!(own(&twice, "Activity", block_rows), None);
    }

    #[test]
    fn decimals_are_the_plain_spelling_only() {
        for (s, v) in [("0", 0.0), ("-12.5", -12.5), ("3E-7", 3e-7), ("1e+5", 1e5)] {
            assert_eq!(decimal(s), Some(v), "{s}");
        }
        for s in [
            "", "-", "1.", ".5", "+1", "1e", "inf", "NaN", "1_0", "0x10", " 1",
        ] {
            assert_eq!(decimal(s), None, "{s}");
        }
    }
}
