//! The workbook on paper and in a viewer that does not recalculate: A4, never
//! below 8 pt, headers and page numbers on every page, header rows repeated
//! on wide tables, and charts that carry their own values, label every
//! category and start at zero. (Rendering to PDF is `scripts/render_workbook.sh`,
//! looked at by a person; these are the properties a test can hold.)

use parkaudit::calc;
use parkaudit::io::export::{self, Package::Draft};
use parkaudit::io::{self as pio};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

const SAMPLE: &str = "sample-projects/jinghai-park/jinghai-park.ron";

/// Every part of the workbook, by name.
fn parts(path: &Path) -> BTreeMap<String, String> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        if name.ends_with(".xml") {
            let mut s = String::new();
            f.read_to_string(&mut s).expect("utf-8");
            out.insert(name, s);
        }
    }
    out
}

/// The value of `attr` in the first `<tag …>` of `xml`.
fn attr<'a>(xml: &'a str, tag: &str, attr: &str) -> Option<&'a str> {
    let start = xml.find(&format!("<{tag} "))?;
    let end = start + xml[start..].find('>')?;
    let el = &xml[start..end];
    let key = format!(" {attr}=\"");
    let v = el.find(&key)? + key.len();
    Some(&el[v..v + el[v..].find('"')?])
}

fn exported() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("w.xlsx");
    let p = pio::load(Path::new(SAMPLE)).expect("sample");
    export::export(&p, &path, Draft, None, "2026-12-01T08:00:00Z").expect("exports");
    (dir, path)
}

/// The sheets in order, from the workbook part (sheet name → its XML part).
fn sheets(parts: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let wb = &parts["xl/workbook.xml"];
    let mut out = Vec::new();
    let mut rest = wb.as_str();
    let mut i = 1;
    while let Some(s) = rest.find("<sheet ") {
        let el = &rest[s..s + rest[s..].find("/>").expect("sheet element")];
        let name = attr(&format!("{el}>"), "sheet", "name")
            .expect("name")
            .to_string();
        out.push((name, parts[&format!("xl/worksheets/sheet{i}.xml")].clone()));
        rest = &rest[s + 1..];
        i += 1;
    }
    out
}

#[test]
fn every_sheet_prints_on_a4_at_8_pt_or_more_with_its_header_and_page_numbers() {
    let (_dir, path) = exported();
    let parts = parts(&path);
    let sheets = sheets(&parts);
    assert_eq!(sheets.len(), 14);
    // The smallest font in the workbook (11 pt body, 14 pt titles).
    let styles = &parts["xl/styles.xml"];
    let min_font_pt: f64 = styles
        .split("<sz val=\"")
        .skip(1)
        .map(|s| {
            s[..s.find('"').expect("quote")]
                .parse::<f64>()
                .expect("size")
        })
        .fold(f64::INFINITY, f64::min);
    assert_eq!(min_font_pt, 11.0);
    for (name, xml) in &sheets {
        assert_eq!(attr(xml, "pageSetup", "paperSize"), Some("9"), "{name}: A4");
        // An explicit scale (100 % when absent), never fit-to-page, which
        // would shrink a wide sheet to any size.
        let scale: f64 = attr(xml, "pageSetup", "scale").map_or(100.0, |s| s.parse().unwrap());
        assert!(
            min_font_pt * scale / 100.0 >= 8.0,
            "{name}: text at {scale} % is below 8 pt"
        );
        assert!(!xml.contains("fitToPage=\"1\""), "{name}: fit to page");
        let header = xml
            .split_once("<oddHeader>")
            .map(|(_, r)| r.split_once("</oddHeader>").expect("end").0)
            .unwrap_or_else(|| panic!("{name}: no page header"));
        assert!(
            header.contains("Jinghai Coastal Industrial Park") && header.contains("DRAFT"),
            "{name}: {header}"
        );
        let footer = xml
            .split_once("<oddFooter>")
            .map(|(_, r)| r.split_once("</oddFooter>").expect("end").0)
            .unwrap_or_else(|| panic!("{name}: no page footer"));
        assert!(
            footer.contains("&amp;A") && footer.contains("Page &amp;P of &amp;N"),
            "{name}: {footer}"
        );
    }
    // Wide tables repeat their header row and key column on every page; the
    // Evaluation sheet its test table's header row (row 27 here).
    let workbook = &parts["xl/workbook.xml"];
    for titles in [
        "Boundary!$A:$B,Boundary!$1:$1",
        "Factors!$A:$A,Factors!$1:$1",
        "Activity!$A:$A,Activity!$1:$1",
        "CBAM!$A:$A,CBAM!$1:$1",
        "Claims!$A:$A,Claims!$1:$1",
        "Findings!$A:$A,Findings!$1:$1",
        "'Audit trail'!$A:$A,'Audit trail'!$1:$1",
    ] {
        assert!(
            workbook.contains(&format!("{titles}</definedName>")),
            "print titles {titles}"
        );
    }
    assert!(
        workbook.contains("_xlnm.Print_Titles\" localSheetId=\"11\">Evaluation!$"),
        "{workbook}"
    );
    // The Signature sheet prints everything a recipient needs: its print
    // area reaches row 19, the canonical rule, the last of its notes.
    assert!(signature_row_19_is_the_rule(&sheets[13].1));
    assert!(workbook.contains("Signature!$A$1:$B$19</definedName>"));
}

#[test]
fn charts_carry_their_values_label_every_category_and_start_at_zero() {
    let (_dir, path) = exported();
    let parts = parts(&path);
    let p = pio::load(Path::new(SAMPLE)).expect("sample");
    let inv = calc::compute(&p).expect("computes");
    let charts: Vec<&String> = (1..=4)
        .map(|i| &parts[&format!("xl/charts/chart{i}.xml")])
        .collect();
    /// The cached numbers of a chart's series, in order.
    fn values(xml: &str) -> Vec<f64> {
        let cache = xml
            .split_once("<c:numCache>")
            .expect("a number cache")
            .1
            .split_once("</c:numCache>")
            .expect("end")
            .0;
        cache
            .split("<c:v>")
            .skip(1)
            .map(|v| v[..v.find('<').expect("end")].parse().expect("number"))
            .collect()
    }
    // Scope chart: the engine's figures, bit for bit.
    let scope: Vec<u64> = values(charts[0]).iter().map(|v| v.to_bits()).collect();
    let want: Vec<u64> = [
        inv.scope1_t,
        inv.scope2_location_t,
        inv.scope2_market_t,
        inv.scope3_t,
    ]
    .iter()
    .map(|v| v.to_bits())
    .collect();
    assert_eq!(scope, want);
    // Top 15: by name, largest first (E01 Jinghai Iron & Steel: 1,883,084.873 t).
    let top = values(charts[1]);
    assert_eq!(top.len(), 15);
    assert!(top.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(top[0].to_bits(), inv.by_entity["E01"].to_bits());
    assert!(charts[1].contains("<c:v>E01 Jinghai Iron &amp; Steel Co., Ltd.</c:v>"));
    // Monthly: twelve months; by gas: every gas the inventory has.
    assert_eq!(values(charts[2]).len(), 12);
    assert_eq!(values(charts[3]).len(), inv.by_gas.len());
    for (i, chart) in charts.iter().enumerate() {
        // No label skipped on purpose; room for each (checked below).
        assert!(!chart.contains("tickLblSkip"), "chart {i}: every label");
        assert!(chart.contains("<c:min val=\"0\"/>"), "chart {i}: from zero");
        assert!(
            chart.contains("formatCode=\"#,##0\""),
            "chart {i}: thousands separators"
        );
    }
    // Room for every label: a bar chart at least 24 px per category, a
    // column or line chart at least 50 px (640 px wide, 4 or 12 categories).
    // (Each chart spans rows of 20 px — 15 pt — from its anchor.)
    let drawing = &parts["xl/drawings/drawing1.xml"];
    let rows_of = |tag: &str| -> Vec<u64> {
        drawing
            .split(&format!("<xdr:{tag}>"))
            .skip(1)
            .map(|s| {
                let r = s.split_once("<xdr:row>").expect("row").1;
                r[..r.find('<').expect("end")].parse().expect("row")
            })
            .collect()
    };
    let spans: Vec<u64> = rows_of("to")
        .iter()
        .zip(rows_of("from"))
        .map(|(to, from)| to - from)
        .collect();
    assert_eq!(spans.len(), 4, "{drawing}");
    assert!(spans[1] * 20 / 15 >= 24, "top 15: {spans:?}");
    assert!(spans[3] * 20 / inv.by_gas.len() as u64 >= 24, "{spans:?}");
    // Columns: 64 px each by default; the monthly chart has 12 categories.
    let col_of = |tag: &str| -> Vec<u64> {
        drawing
            .split(&format!("<xdr:{tag}><xdr:col>"))
            .skip(1)
            .map(|s| s[..s.find('<').expect("end")].parse().expect("col"))
            .collect()
    };
    let widths: Vec<u64> = col_of("to")
        .iter()
        .zip(col_of("from"))
        .map(|(to, from)| to - from)
        .collect();
    assert!(widths[2] * 64 / 12 >= 50, "{widths:?}");
    // The smallest gas, beside its chart with its share: SF6 833.545 t of
    // 7,947,665.744 t is 0.0105 %, shown, not lost in a bar.
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&path).expect("opens");
    let sheet = wb.worksheet_range("Charts").expect("Charts");
    let row = sheet
        .rows()
        .find(|r| r.first().is_some_and(|c| *c == "SF6"))
        .expect("SF6 row");
    let share = match &row[2] {
        calamine::Data::Float(f) => *f,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        share.to_bits(),
        (inv.by_gas[&parkaudit::model::Gas::Sf6] / inv.total_t_co2e).to_bits()
    );
    assert!((share - 833.545 / 7_947_665.744).abs() < 1e-9, "{share}");
}

/// Whether row 19 of the Signature sheet holds the canonical rule's label.
fn signature_row_19_is_the_rule(xml: &str) -> bool {
    // Inline or shared string: either way the label is in the shared strings
    // or the row; the row must exist and hold two cells.
    xml.split("<row r=\"")
        .skip(1)
        .any(|r| r.starts_with("19\"") && r.matches("<c r=").count() >= 2)
}
