//! What the benches share: where criterion keeps its results, and a
//! closing table of medians (criterion's own lines give the mean).

#![allow(dead_code)]

use criterion::Criterion;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ has a parent")
        .to_path_buf()
}

fn output_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CRITERION_HOME") {
        return dir.into();
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"));
    target.join("criterion")
}

/// A criterion configured from the command line, writing under the target
/// directory.
pub fn criterion() -> Criterion {
    Criterion::default()
        .output_directory(&output_dir())
        .configure_from_args()
}

/// The median of one benchmark's last run, in nanoseconds.
pub fn median_ns(group: &str, id: &str) -> Option<f64> {
    let file = output_dir().join(group).join(id).join("new/estimates.json");
    let text = std::fs::read_to_string(file).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    value["median"]["point_estimate"].as_f64()
}

/// Human units for nanoseconds.
pub fn show(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// Print `group/id: median` for each id that ran.
pub fn print_medians(group: &str, ids: &[String]) {
    println!("\nmedians ({group}):");
    for id in ids {
        if let Some(ns) = median_ns(group, id) {
            println!("  {group}/{id}: {}", show(ns));
        }
    }
}
