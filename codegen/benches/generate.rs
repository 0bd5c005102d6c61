//! Generation from file bytes to formatted files in memory: each SDK spec
//! on its own, and all of them as `generate` runs them.
//!
//! Needs the SDK (`IRD_SDK_DIR`, or `../shared/ird-sdk`); without it the
//! benches say so and measure nothing.

use criterion::{criterion_group, criterion_main, Criterion};
use ird_codegen::error::Diagnostics;
use ird_codegen::output::{self, Provenance};
use ird_codegen::{build_api_with, generate_from, Inputs, Sources};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn sources() -> Option<Sources> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ has a parent")
        .to_path_buf();
    let inputs = Inputs::for_workspace(&workspace);
    if !inputs.sdk.is_dir() {
        eprintln!("no SDK at {}: skipping", inputs.sdk.display());
        return None;
    }
    Some(Sources::read(&inputs).expect("the pinned SDK reads"))
}

fn bench(c: &mut Criterion) {
    let Some(sources) = sources() else { return };
    let mut group = c.benchmark_group("generate");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(4))
        .warm_up_time(Duration::from_secs(1));
    for (entry, source) in sources.manifest.apis.iter().zip(&sources.apis) {
        let provenance = Provenance {
            source: entry.source.clone(),
            sha256: entry.sha256.clone(),
            overlays: vec![],
        };
        group.bench_function(&entry.module, |b| {
            b.iter(|| {
                let mut diagnostics = Diagnostics::default();
                let api = build_api_with(
                    &source.path,
                    black_box(&source.bytes),
                    &entry.module,
                    &source.overlays,
                    &mut diagnostics,
                )
                .expect("the pinned spec generates");
                output::module_file(&api, &provenance)
            })
        });
    }
    group.bench_function("all", |b| {
        b.iter(|| generate_from(black_box(&sources)).expect("the pinned SDK generates"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
