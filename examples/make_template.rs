//! Regenerates `assets/templates/park-activity-template.xlsx` from
//! `io::template::build_template`. Run with `cargo run --example make_template`;
//! a test checks the committed file matches.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let bytes = parkaudit::io::template::build_template()?;
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/templates/park-activity-template.xlsx");
    std::fs::write(&out, &bytes)?;
    println!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(())
}
