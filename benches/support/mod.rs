//! Shared by the benchmarks: the sample park scaled to n records, and peak RSS.
#![allow(dead_code)]

use std::path::Path;

/// The sample park with its records repeated until there are `n`, each with a
/// fresh id and evidence reference.
pub fn sample_with_records(
    n: usize,
) -> Result<parkaudit::model::Project, Box<dyn std::error::Error>> {
    let sample =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-projects/jinghai-park/jinghai-park.ron");
    Ok(parkaudit::io::load(&sample)?.scaled(n))
}

/// This process's peak resident set (VmHWM), MB.
pub fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_owned)
        })
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The size from `PARKAUDIT_BENCH_RECORDS` (or `PARKAUDIT_BENCH_ROWS`), default 1,000,000.
pub fn size() -> usize {
    ["PARKAUDIT_BENCH_RECORDS", "PARKAUDIT_BENCH_ROWS"]
        .iter()
        .find_map(|k| std::env::var(k).ok()?.parse().ok())
        .unwrap_or(1_000_000)
}
