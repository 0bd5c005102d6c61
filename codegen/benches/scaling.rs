//! Generation time against spec size: a synthetic Swagger 2.0 spec of N
//! definitions and N operations, at N = 100, 1 000 and 10 000. The time per
//! N must stay roughly flat: naming, merging and emitting are not allowed
//! to grow quadratically.

mod common;

use ird_codegen::error::Diagnostics;
use ird_codegen::output::{self, CrateSettings, Provenance};
use std::fmt::Write;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

// The allocator the CLI and the build script run with.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: ird_codegen::Allocator = ird_codegen::Allocator;

/// N definitions that refer to each other, each with an inline enum and an
/// inline object (so inline types need names), N operations with a body,
/// a success response and the same error envelope (so merging has work).
fn synthetic(n: usize) -> String {
    let mut spec = String::from(
        "swagger: '2.0'\ninfo: {title: Synthetic, version: '1'}\n\
         consumes: [application/json]\nproduces: [application/json]\npaths:\n",
    );
    for i in 0..n {
        let _ = write!(
            spec,
            "  /resource{i}:\n    post:\n      operationId: resource{i}POST\n      \
             parameters:\n        - in: body\n          name: body\n          \
             schema: {{$ref: '#/definitions/Resource{i}'}}\n      responses:\n        \
             '200': {{description: ok, schema: {{$ref: '#/definitions/Resource{i}'}}}}\n        \
             '400':\n          description: bad\n          schema:\n            \
             type: object\n            properties:\n              errors:\n                \
             type: array\n                items:\n                  \
             type: object\n                  \
             properties: {{code: {{type: string}}, message: {{type: string}}}}\n"
        );
    }
    spec.push_str("definitions:\n");
    for i in 0..n {
        let previous = if i == 0 { n - 1 } else { i - 1 };
        let _ = write!(
            spec,
            "  Resource{i}:\n    type: object\n    description: Resource number {i}.\n    \
             required: [id]\n    properties:\n      id: {{type: integer, format: int64}}\n      \
             name: {{type: string, maxLength: 50}}\n      \
             kind: {{type: string, enum: [A{i}, B{i}, C]}}\n      \
             detail:\n        type: object\n        properties:\n          \
             note: {{type: string}}\n          count: {{type: integer}}\n      \
             previous: {{$ref: '#/definitions/Resource{previous}'}}\n"
        );
    }
    spec
}

fn generate(spec: &str) -> usize {
    let mut diagnostics = Diagnostics::default();
    let api = ird_codegen::build_api_with(
        Path::new("synthetic.yaml"),
        spec.as_bytes(),
        "synthetic",
        &[],
        &mut diagnostics,
    )
    .expect("the synthetic spec generates");
    let settings = CrateSettings {
        name: "synthetic".into(),
        version: "0.1.0".into(),
        description: "synthetic".into(),
    };
    let provenance = Provenance {
        source: "synthetic.yaml".into(),
        sha256: String::new(),
        overlays: vec![],
        overlay_sha256: vec![],
    };
    let files = output::crate_files(&settings, &[(api, provenance)], &[]);
    files.values().map(String::len).sum()
}

fn main() {
    let sizes = [100usize, 1_000, 10_000];
    let mut c = common::criterion();
    let mut group = c.benchmark_group("scaling");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500));
    for n in sizes {
        let spec = synthetic(n);
        group.measurement_time(Duration::from_secs(if n >= 10_000 { 30 } else { 5 }));
        group.bench_function(n.to_string(), |b| b.iter(|| generate(black_box(&spec))));
    }
    group.finish();
    c.final_summary();
    let ids: Vec<String> = sizes.iter().map(|n| n.to_string()).collect();
    common::print_medians("scaling", &ids);
    println!("  time per N (schemas and operations):");
    let mut first = None;
    for n in sizes {
        if let Some(ns) = common::median_ns("scaling", &n.to_string()) {
            let per = ns / n as f64;
            let base = *first.get_or_insert(per);
            println!(
                "    N = {n:>6}: {} per N ({:.2}x the N = {} figure)",
                common::show(per),
                per / base,
                sizes[0]
            );
        }
    }
}
