//! Generation from file bytes to formatted files in memory: each SDK spec
//! on its own, and all of them as `generate` runs them.
//!
//! Needs the SDK (`IRD_SDK_DIR`, or `../shared/ird-sdk`); without it the
//! benches say so and measure nothing.

mod common;

use criterion::Criterion;
use ird_codegen::error::Diagnostics;
use ird_codegen::output::{self, Provenance};
use ird_codegen::{build_api_with, generate_from, Inputs, Sources};
use std::hint::black_box;
use std::time::Duration;

// The allocator the CLI and the build script run with.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: ird_codegen::Allocator = ird_codegen::Allocator;

fn sources() -> Option<Sources> {
    let inputs = Inputs::for_workspace(&common::workspace());
    if !inputs.sdk.is_dir() {
        eprintln!("no SDK at {}: skipping", inputs.sdk.display());
        return None;
    }
    Some(
        Sources::read(&inputs, ird_codegen::manifest::Pins::Enforce).expect("the pinned SDK reads"),
    )
}

fn bench(c: &mut Criterion, sources: &Sources) {
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
            overlay_sha256: vec![],
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
                output::module_file(&api, &provenance, &Default::default(), None)
            })
        });
    }
    group.bench_function("all", |b| {
        b.iter(|| generate_from(black_box(sources)).expect("the pinned SDK generates"))
    });
    group.finish();
}

fn main() {
    let Some(sources) = sources() else { return };
    let mut c = common::criterion();
    bench(&mut c, &sources);
    c.final_summary();
    let mut ids: Vec<String> = sources
        .manifest
        .apis
        .iter()
        .map(|a| a.module.clone())
        .collect();
    ids.push("all".into());
    common::print_medians("generate", &ids);
    if let Some(all) = common::median_ns("generate", "all") {
        let threads = ird_codegen::parallel::threads(sources.apis.len());
        println!(
            "  all eleven: {} on {threads} thread(s) (target: under 50 ms)",
            common::show(all)
        );
    }
}
