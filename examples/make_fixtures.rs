//! Writes `tests/fixtures/formats/small.xlsx`, the small template workbook the
//! format and bad-file tests start from (`tests/fixtures/make.sh` derives the
//! .xls, .ods, .xlsm and damaged copies from it with LibreOffice and Python).
//! Run with `cargo run --example make_fixtures`.

use parkaudit::model::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut p = Project::new("Fixture Park", 2024);
    let entity = |id: &str, own: f64, control: bool| Entity {
        id: id.into(),
        name: format!("Entity {id}"),
        name_zh: "测试企业".into(),
        sector: "steel".into(),
        kind: EntityKind::Tenant,
        ownership_pct: own,
        operational_control: control,
        financial_control: control,
        included: true,
        exclusion_reason: None,
    };
    p.entities = vec![entity("E1", 100.0, true), entity("E2", 50.0, false)];
    let factor = |id: &str, unit, kg| EmissionFactor {
        id: id.into(),
        description: String::new(),
        unit,
        components: vec![GasComponent::new(Gas::Co2, kg)],
        source: "fixture".into(),
        year: None,
        region: String::new(),
        activity_key: None,
        derivation: None,
        library_version: None,
    };
    p.factors = vec![
        factor("coal", Unit::Tonne, 2000.0),
        factor("grid", Unit::MWh, 500.0),
        factor("gec", Unit::MWh, 0.0),
    ];
    let rec = |id: &str,
               e: &str,
               month,
               scope: u8,
               q,
               unit,
               f: &str,
               m: Option<&str>|
     -> Result<ActivityRecord, Box<dyn std::error::Error>> {
        Ok(ActivityRecord {
            id: id.into(),
            entity_id: e.into(),
            period: Period::new(2024, month)?,
            scope: Scope::try_from(scope)?,
            category: IsoCategory::new(scope)?,
            activity: "fixture".into(),
            quantity: q,
            unit,
            factor_id: f.into(),
            market_factor_id: m.map(String::from),
            evidence_ref: format!("EV-{id}"),
            source: None,
            factor_rule: None,
            data_type: None,
        })
    };
    p.activity = vec![
        rec("A1", "E1", 1, 1, 10.0, Unit::Tonne, "coal", None)?,
        rec("A2", "E1", 2, 2, 2000.0, Unit::KWh, "grid", Some("gec"))?,
        rec("A3", "E2", 3, 1, 5.0, Unit::Tonne, "coal", None)?,
    ]
    .into();
    let out =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/small.xlsx");
    std::fs::create_dir_all(out.parent().ok_or("no parent")?)?;
    parkaudit::io::template::write_data_workbook(&p, &out)?;
    println!("wrote {}", out.display());
    Ok(())
}
