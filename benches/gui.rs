//! Desktop-app frame times on a large project: `cargo bench --bench gui`
//! (PARKAUDIT_BENCH_RECORDS, default 1,000,000). Drives the real `App` through
//! egui_kittest without a GPU, so it measures the UI thread's work per frame
//! (our code, egui layout and tessellation), not the GPU's.

use egui_kittest::Harness;
use parkaudit::audit::sampling;
use parkaudit::edit::{Edit, EngagementField, SampleParams};
use parkaudit::ui::{App, AppCommand, Document, Settings, Step};
use std::time::{Duration, Instant};

mod support;

struct Stats(Vec<f64>);

impl Stats {
    fn line(&self, what: &str) -> String {
        let mut v = self.0.clone();
        v.sort_by(f64::total_cmp);
        let mean = v.iter().sum::<f64>() / v.len().max(1) as f64;
        let p95 = v.get(v.len() * 95 / 100).copied().unwrap_or(f64::NAN);
        let max = v.last().copied().unwrap_or(f64::NAN);
        format!(
            "{what:<44} mean {mean:6.2} ms  p95 {p95:6.2} ms  max {max:6.2} ms  ({} frames)",
            v.len()
        )
    }
}

fn frames(
    h: &mut Harness<'static, App>,
    n: usize,
    mut before: impl FnMut(&mut Harness<'static, App>, usize),
) -> (Stats, Stats) {
    let (mut ui, mut wall) = (Vec::new(), Vec::new());
    for i in 0..n {
        before(h, i);
        let t0 = Instant::now();
        h.step();
        wall.push(t0.elapsed().as_secs_f64() * 1e3);
        ui.push(h.state().frame_stats.last_ms as f64);
    }
    (Stats(ui), Stats(wall))
}

/// Steps until no job runs; the slowest `frame_ui` met on the way.
fn settle(h: &mut Harness<'static, App>) -> Result<(f32, usize), Box<dyn std::error::Error>> {
    let t0 = Instant::now();
    let (mut worst, mut n) = (0.0f32, 0);
    loop {
        h.step();
        worst = worst.max(h.state().frame_stats.last_ms);
        n += 1;
        if !h.state().is_busy() {
            return Ok((worst, n));
        }
        std::thread::sleep(Duration::from_millis(2));
        if t0.elapsed() > Duration::from_secs(300) {
            return Err("a background job never ended".into());
        }
    }
}

/// `frame_ui` of the frame that applies `c`.
fn frame_with(h: &mut Harness<'static, App>, c: AppCommand) -> f32 {
    h.state_mut().queue(c);
    h.step();
    h.state().frame_stats.last_ms
}

fn edit(e: Edit) -> AppCommand {
    AppCommand::Edit {
        edit: Box::new(e),
        tag: None,
    }
}

/// Issue 19: no UI-thread stall from an edit made while a background job
/// holds the project (the records are shared, not copied), nor from saving
/// a sample (drawn and recorded on a thread).
fn while_a_job_holds_the_project(
    h: &mut Harness<'static, App>,
) -> Result<(), Box<dyn std::error::Error>> {
    settle(h)?;
    let job = h.state().doc.as_ref().ok_or("no document")?.shared();
    let typed = frame_with(
        h,
        edit(Edit::Engagement(EngagementField::Client(
            "Bench client".into(),
        ))),
    );
    let undone = frame_with(h, AppCommand::Undo);
    let redone = frame_with(h, AppCommand::Redo);
    drop(job);
    println!(
        "{:<44} edit {typed:6.2} ms  undo {undone:6.2} ms  redo {redone:6.2} ms",
        "A job holds the project: frame_ui"
    );
    settle(h)?;
    let dir = std::env::temp_dir().join(format!("parkaudit-gui-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    frame_with(h, AppCommand::SaveTo(dir.join("bench.parkaudit")));
    let during_save = frame_with(
        h,
        edit(Edit::Engagement(EngagementField::Client(
            "Bench client 2".into(),
        ))),
    );
    let (after, frames) = settle(h)?;
    println!(
        "{:<44} edit {during_save:6.2} ms  worst after {after:6.2} ms ({frames} frames)",
        "A save runs (a real job): frame_ui"
    );
    let params = SampleParams {
        seed: 7,
        key_pct: 1.0,
        size: 25,
        method: sampling::Method::TonneUnit,
        population: sampling::Population::Inventory,
    };
    let t0 = Instant::now();
    let first = frame_with(
        h,
        edit(Edit::SaveSample {
            params,
            replace: true,
        }),
    );
    let (after, frames) = settle(h)?;
    let saved = h
        .state()
        .project()
        .and_then(|p| p.verification.sample.as_ref())
        .is_some();
    if !saved {
        let why: Vec<&str> = h.state().toasts.iter().map(|t| t.text.as_str()).collect();
        return Err(format!("the sample was not saved: {why:?}").into());
    }
    println!(
        "{:<44} first {first:6.2} ms  worst after {after:6.2} ms ({frames} frames, {:.0} ms, saved: {saved})",
        "Save this sample: frame_ui",
        t0.elapsed().as_secs_f64() * 1e3
    );
    let undone = frame_with(h, AppCommand::Undo);
    let (after, _) = settle(h)?;
    println!(
        "{:<44} undo {undone:6.2} ms  worst after {after:6.2} ms",
        "Undo the saved sample: frame_ui"
    );
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n = support::size();
    let project = support::sample_with_records(n)?;
    println!("gui: {n} records");

    let mut app = App::new(Settings::default(), None);
    app.set_document(Document::new(project, None));
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_context_setup(parkaudit::ui::setup_context)
        .build_ui_state(|ui, app: &mut App| app.frame_ui(ui), app);
    let t0 = Instant::now();
    h.step();
    let first = t0.elapsed().as_secs_f64() * 1e3;
    while h.state().analysis().is_none() {
        h.step();
        std::thread::sleep(Duration::from_millis(2));
        if t0.elapsed() > Duration::from_secs(300) {
            return Err("the inventory never arrived".into());
        }
    }
    println!(
        "first frame {first:.1} ms; inventory computed off the UI thread in {:.0} ms",
        t0.elapsed().as_secs_f64() * 1e3
    );
    for step in Step::ALL {
        h.state_mut().settings.step = step;
        h.step();
        let (ui, wall) = frames(&mut h, 30, |_, _| {});
        println!("{}", ui.line(&format!("{step:?}: frame_ui")));
        println!("{}", wall.line(&format!("{step:?}: whole frame")));
    }
    h.state_mut().settings.step = Step::Inventory;
    h.step();
    let (ui, wall) = frames(&mut h, 200, |h, i| {
        h.state_mut().panels.inventory.scroll_to = Some((i * 4_999) % n);
    });
    println!(
        "{}",
        ui.line("Inventory, jumping through the records: frame_ui")
    );
    println!(
        "{}",
        wall.line("Inventory, jumping through the records: whole")
    );
    let (ui, wall) = frames(&mut h, 120, |h, i| {
        // The pointer sweeps over the charts (hover values).
        let x = 320.0 + (i as f32 * 9.0) % 1000.0;
        h.hover_at(egui::pos2(x, 300.0 + (i % 2) as f32 * 230.0));
    });
    println!("{}", ui.line("Inventory, hovering the charts: frame_ui"));
    println!("{}", wall.line("Inventory, hovering the charts: whole"));
    while_a_job_holds_the_project(&mut h)?;
    println!("peak RSS {:.0} MB", support::peak_rss_mb());
    Ok(())
}
