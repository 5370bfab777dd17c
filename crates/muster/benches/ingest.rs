//! Ingest throughput into SQLite on a generated corpus (default 100 MB): MB/s, documents/s and the
//! peak resident memory of the `muster ingest` process. Run: `cargo bench -p muster --bench ingest`
//! (MUSTER_BENCH_MB sets the corpus size). Numbers are reported, never asserted.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A generated corpus with the density of real reporting: most sentences are context and comment,
/// about one in five carries a force fact (a place, equipment, a figure with its source).
fn generate(dir: &Path, megabytes: usize) -> (usize, usize) {
    let places = ["Valuyki", "Boguchar", "Klintsy", "Yelnya", "Novoozerne", "Dzhankoi", "Rechitsa", "Mozyr", "Yelsk", "Soloti", "Pogonovo training ground", "Millerovo", "Voronezh", "Kursk", "Belgorod", "Rostov-on-Don"];
    let kit = ["T-72B3 tanks", "BMP-3 vehicles", "Iskander launchers", "2S19 Msta-S howitzers", "Pantsir-S1 systems", "field hospitals", "trucks", "Ka-52 helicopters", "S-400 launchers", "Su-34 jets"];
    let who = ["a US official said", "according to Ukraine's defence ministry", "NATO said", "Jens Stoltenberg told reporters", "the Kremlin said", "Maxar Technologies said"];
    let context = [
        "Diplomats from both sides are due to meet again next week, although few expect a breakthrough in the talks.",
        "The government has repeatedly said it wants a peaceful settlement and is ready to keep talking with its partners.",
        "Economists warn that a prolonged crisis would push energy prices higher across the continent this winter.",
        "Opposition politicians accused the cabinet of reacting too slowly and called for a debate in parliament.",
        "Analysts said the statements were aimed as much at domestic audiences as at foreign capitals.",
        "Residents interviewed in the region said daily life continued much as before, with shops and schools open.",
        "The foreign minister is expected to travel to several European capitals before the end of the month.",
        "Markets fell slightly on the news before recovering most of their losses by the close of trading.",
    ];
    let mut seed: u64 = 7;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    let (mut bytes, mut docs) = (0, 0);
    while bytes < megabytes * 1_000_000 {
        let mut text = format!("Report {docs}: the situation near the border\n\n");
        while text.len() < 6_000 {
            let line = match next(10) {
                0 => format!("Satellite images taken on Monday show {} at {}, {}.", kit[next(kit.len())], places[next(places.len())], who[next(who.len())]),
                1 => format!("About {},{:03} troops are now massed near {}, {}.", 50 + next(150), next(1000), places[next(places.len())], who[next(who.len())]),
                _ => format!("{} (Note {}.)", context[next(context.len())], next(100_000)),
            };
            text.push_str(&line);
            text.push(if next(3) == 0 { '\n' } else { ' ' });
        }
        bytes += text.len();
        std::fs::write(dir.join(format!("report-{docs:06}.txt")), &text).unwrap();
        docs += 1;
    }
    (bytes, docs)
}

/// CPU seconds (user + system) used so far by the waited-for children of this process.
fn children_cpu_secs() -> f64 {
    // SAFETY: getrusage only writes the struct it is given
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 / 1e6;
    t(u.ru_utime) + t(u.ru_stime)
}

fn rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let mb: usize = std::env::var("MUSTER_BENCH_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(100);
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let (bytes, docs) = generate(&corpus, mb);
    // the generator's 100 MB reach the disk before the clock starts, not during the ingest
    let _ = Command::new("sync").status();
    // the shared machine's speed drifts by a fifth from minute to minute: several runs into fresh
    // stores, each printed, and their median
    let runs: usize = std::env::var("MUSTER_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(3).max(1);
    let mut rates = Vec::new();
    for run in 1..=runs {
        let db = dir.path().join(format!("bench-{run}.db"));
        let (start, cpu_before) = (Instant::now(), children_cpu_secs());
        let mut child = Command::new(env!("CARGO_BIN_EXE_muster")).arg("ingest").arg("--db").arg(&db).arg(&corpus).spawn().unwrap();
        let mut peak = 0;
        while child.try_wait().unwrap().is_none() {
            if let Some(r) = rss_kb(child.id()) {
                peak = peak.max(r);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let secs = start.elapsed().as_secs_f64();
        let cpu = children_cpu_secs() - cpu_before;
        rates.push((bytes as f64 / 1e6 / secs, docs as f64 / secs));
        println!(
            "run {run}: ingest into SQLite: {:.1} MB in {docs} documents, {secs:.1} s: {:.1} MB/s, {:.0} documents/s, peak RSS {:.0} MB, CPU {cpu:.1} s ({:.1} MB per CPU-second)",
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / secs,
            docs as f64 / secs,
            peak as f64 / 1024.0,
            bytes as f64 / 1e6 / cpu
        );
        let _ = std::fs::remove_file(&db);
    }
    rates.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mb_s, docs_s) = rates[rates.len() / 2];
    println!("median of {runs} runs: {mb_s:.1} MB/s, {docs_s:.0} documents/s");
}
