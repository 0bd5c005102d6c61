//! What the workspace's build script costs when nothing changed: the stamp
//! check alone (what a no-op `cargo build` that reruns the script pays),
//! against a full regeneration and comparison without a stamp.
//!
//! Needs the SDK; measures the real workspace in check mode (nothing is
//! written to it). `scripts/bench-noop-build` times the whole `cargo build`.

mod common;

use ird_codegen::build_script::{run_stamped, Mode, Outcome};
use ird_codegen::Inputs;
use std::time::Duration;

// The allocator the CLI and the build script run with.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: ird_codegen::Allocator = ird_codegen::Allocator;

fn main() {
    let inputs = Inputs::for_workspace(&common::workspace());
    if !inputs.sdk.is_dir() {
        eprintln!("no SDK at {}: skipping", inputs.sdk.display());
        return;
    }
    let dir = tempfile::tempdir().expect("a scratch directory");
    let stamp = dir.path().join("stamp");
    let first = run_stamped(&inputs, Mode::Check, Some(&stamp), |_| {}).expect("a clean tree");
    assert_eq!(first, Outcome::UpToDate, "generated/ must be up to date");

    let mut c = common::criterion();
    let mut group = c.benchmark_group("build_script");
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    group.bench_function("noop", |b| {
        b.iter(|| {
            let outcome = run_stamped(&inputs, Mode::Check, Some(&stamp), |_| {});
            assert_eq!(outcome.expect("a clean tree"), Outcome::Unchanged);
        })
    });
    group.sample_size(10);
    group.bench_function("full", |b| {
        b.iter(|| {
            let outcome = run_stamped(&inputs, Mode::Check, None, |_| {});
            assert_eq!(outcome.expect("a clean tree"), Outcome::UpToDate);
        })
    });
    group.finish();
    c.final_summary();
    common::print_medians("build_script", &["noop".into(), "full".into()]);
    if let (Some(noop), Some(full)) = (
        common::median_ns("build_script", "noop"),
        common::median_ns("build_script", "full"),
    ) {
        println!(
            "  no-op decision: {} (target: under 50 ms), {:.0}x cheaper than regenerating",
            common::show(noop),
            full / noop
        );
    }
}
