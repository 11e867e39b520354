//! The project file at scale: `cargo bench --bench project_file` (set
//! PARKAUDIT_BENCH_RECORDS to change the size; default 1,000,000).
//!
//! Prints the file size, save and open times (open = read, parse, verify the
//! trail, as `io::load` does), and — as the yardstick, in the same run — how
//! long Python's C-accelerated `json.load` takes to read the same records
//! written as JSON. The peak memory of an open is measured in a child process
//! (this binary again), so that nothing else is resident.

use parkaudit::io;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

mod support;

const CHILD: &str = "PARKAUDIT_BENCH_OPEN_ONLY";

/// Resident set and its peak, MB (VmRSS, VmHWM).
fn rss_mb() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// In the child: open the file once, print `before after peak` in MB.
fn open_only(path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let (before, _) = rss_mb();
    let p = io::load(Path::new(path))?;
    let (after, peak) = rss_mb();
    println!("{before} {after} {peak} {}", p.activity.len());
    Ok(())
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..runs {
        let t0 = Instant::now();
        let v = f();
        best = best.min(t0.elapsed().as_secs_f64());
        last = Some(v);
    }
    (best, last.expect("at least one run"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    if let Ok(path) = std::env::var(CHILD) {
        return open_only(&path);
    }
    let n = support::size();
    let project = support::sample_with_records(n)?;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("park.ron");
    let runs = 3;

    let (save, saved) = best_of(runs, || io::save(&project, &path));
    saved?;
    let size_mb = std::fs::metadata(&path)?.len() as f64 / 1e6;
    let (open, back) = best_of(runs, || io::load(&path));
    let back = back?;
    assert_eq!(back.activity.len(), n);
    drop(back);
    println!(
        "project file, {n} records: {size_mb:.1} MB; save {:.0} ms, open (read, parse, verify the trail) {:.0} ms, best of {runs}",
        save * 1e3,
        open * 1e3
    );

    let child = Command::new(std::env::current_exe()?)
        .env(CHILD, &path)
        .output()?;
    let out = String::from_utf8_lossy(&child.stdout);
    let v: Vec<f64> = out
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    if let [before, after, peak, _] = v[..] {
        let project_mb = after - before;
        println!(
            "open, memory: project {project_mb:.0} MB in memory; peak while opening {:.0} MB above the start = {:.2} × the project",
            peak - before,
            (peak - before) / project_mb
        );
    } else {
        println!(
            "open, memory: not measured ({})",
            String::from_utf8_lossy(&child.stderr).trim()
        );
    }

    // The yardstick: the same records as JSON, read by Python's json.load.
    let json_path = dir.path().join("records.json");
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&json_path)?);
        serde_json::to_writer(&mut w, &project.activity)?;
        std::io::Write::flush(&mut w)?;
    }
    let json_mb = std::fs::metadata(&json_path)?.len() as f64 / 1e6;
    let script = "import json, sys, time\n\
        best = float('inf')\n\
        for _ in range(3):\n    \
            t = time.perf_counter()\n    \
            with open(sys.argv[1], 'rb') as f:\n        \
                rows = json.load(f)\n    \
            best = min(best, time.perf_counter() - t)\n    \
            del rows\n\
        print(best)\n";
    match Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&json_path)
        .output()
    {
        Ok(o) if o.status.success() => {
            let secs: f64 = String::from_utf8_lossy(&o.stdout).trim().parse()?;
            println!(
                "yardstick: Python json.load of the same records as JSON ({json_mb:.1} MB): {:.0} ms, best of 3; open is {:.1} × faster",
                secs * 1e3,
                secs / open
            );
        }
        Ok(o) => println!(
            "yardstick: python3 failed: {}",
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Err(e) => println!("yardstick: python3 not available ({e}); comparison skipped"),
    }
    Ok(())
}
