//! Criterion bench: analyse a typical posting.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const POSTING: &str = include_str!("../tests/data/posting.txt");

fn bench(c: &mut Criterion) {
    let _ = round2_extract::analyze("warm up");
    let mut g = c.benchmark_group("analyze");
    g.throughput(Throughput::Bytes(POSTING.len() as u64));
    g.bench_function("typical_posting", |b| {
        b.iter(|| round2_extract::analyze(std::hint::black_box(POSTING)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
