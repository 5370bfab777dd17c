//! Extraction throughput on the bundled demo corpus (MB/s). Run: `cargo bench -p muster-extract`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use muster_extract::Extractor;
use muster_model::Document;
use std::path::PathBuf;

fn demo_documents() -> Vec<Document> {
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    let (files, _) = muster_ingest::expand_paths(&[demo]);
    files.iter().flat_map(|f| muster_ingest::read_file(f)).filter_map(Result::ok).collect()
}

fn bench(c: &mut Criterion) {
    let x = Extractor::bundled().expect("knowledge base");
    let docs = demo_documents();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("demo_corpus", |b| {
        b.iter(|| {
            for d in &docs {
                std::hint::black_box(x.extract(d));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
