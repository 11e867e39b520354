//! Writes the sample park scaled to N records (default 1,000,000) as a project
//! file, for trying the desktop app on a large project:
//!
//!   cargo run --release --example make_large_project -- target/park-1m.ron [N]
//!   cargo run --release -- open target/park-1m.ron

use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "target/park-1m.ron".into()));
    let n: usize = match args.next() {
        Some(s) => s.parse()?,
        None => 1_000_000,
    };
    let sample =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-projects/jinghai-park/jinghai-park.ron");
    let mut p = parkaudit::io::load(&sample)?.scaled(n);
    p.park.name = format!("{} (scaled to {n} records)", p.park.name);
    parkaudit::io::save(&p, &out)?;
    println!("{}: {n} records", out.display());
    Ok(())
}
