//! Desktop-app frame times on a large project: `cargo bench --bench gui`
//! (PARKAUDIT_BENCH_RECORDS, default 1,000,000). Drives the real `App` through
//! egui_kittest without a GPU, so it measures the UI thread's work per frame
//! (our code, egui layout and tessellation), not the GPU's.

use egui_kittest::Harness;
use parkaudit::ui::{App, Document, Settings, Step};
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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n = support::size();
    let project = support::sample_with_records(n)?;
    let t0 = Instant::now();
    let copy = project.clone();
    println!(
        "gui: {n} records; cloning the project (an edit while a job holds it) {:.0} ms",
        t0.elapsed().as_secs_f64() * 1e3
    );
    drop(copy);

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
    println!("peak RSS {:.0} MB", support::peak_rss_mb());
    Ok(())
}
