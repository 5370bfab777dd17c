//! Extraction throughput on the demo corpus, best of several rounds (robust to a noisy machine):
//! `cargo run --release -p muster-extract --example throughput [PATH...]` (default: the demo corpus).

use muster_extract::Extractor;
use std::path::PathBuf;
use std::time::Instant;

/// The allocator of the `muster` binary, so that this measures what `muster extract` does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let x = Extractor::bundled().expect("knowledge base");
    x.warm_up();
    // the demo corpus, or the files and folders named on the command line
    let mut inputs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if inputs.is_empty() {
        inputs.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo"));
    }
    let (files, _) = muster_ingest::expand_paths(&inputs);
    let docs: Vec<_> = files.iter().flat_map(|f| muster_ingest::read_file(f)).filter_map(Result::ok).collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let rounds: usize = std::env::var("ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(40);
    let mut best = f64::INFINITY;
    let repeats: usize = std::env::var("REPEATS").ok().and_then(|r| r.parse().ok()).unwrap_or(5);
    for _ in 0..repeats {
        let t = Instant::now();
        for _ in 0..rounds {
            for d in &docs {
                std::hint::black_box(x.extract(d));
            }
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    let mb = (bytes * rounds) as f64 / 1e6;
    println!("{} documents, {:.0} KB of text: {:.1} MB/s, {:.0} documents/s on one core (best of 5)", docs.len(), bytes as f64 / 1e3, mb / best, (docs.len() * rounds) as f64 / best);
    std::mem::forget(x);
}
