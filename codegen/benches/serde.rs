//! The generated types against `serde_json::Value` on the SDK's sample
//! messages: decoding the same bytes into the typed request or success
//! body, and into a `Value`; encoding each back. Typed must be at least as
//! fast as untyped.
//!
//! Each sample is matched to the operation type it round-trips through
//! unchanged; samples of error responses are left out. The system allocator
//! serves both sides, as it does in programs using the bindings.

mod common;

use criterion::Criterion;
use ird_gateway::runtime::Operation;
use ird_gateway::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

trait Sample {
    fn decode(&self);
    fn encode(&self);
}

struct Typed<T> {
    bytes: Vec<u8>,
    value: T,
}

impl<T: DeserializeOwned + Serialize> Sample for Typed<T> {
    fn decode(&self) {
        black_box(serde_json::from_slice::<T>(black_box(&self.bytes)).expect("matched"));
    }

    fn encode(&self) {
        black_box(serde_json::to_vec(black_box(&self.value)).expect("encodes"));
    }
}

/// The untyped side: the bytes into a `Value`.
fn decode_value(bytes: &[u8]) {
    black_box(serde_json::from_slice::<serde_json::Value>(black_box(bytes)).expect("parses"));
}

/// The untyped side: a `Value` into bytes.
fn encode_value(value: &serde_json::Value) {
    black_box(serde_json::to_vec(black_box(value)).expect("encodes"));
}

type Try = fn(&[u8], &serde_json::Value) -> Option<Box<dyn Sample>>;

/// `T` if the sample decodes into it and encodes back to the same value.
fn try_type<T: DeserializeOwned + Serialize + 'static>(
    bytes: &[u8],
    value: &serde_json::Value,
) -> Option<Box<dyn Sample>> {
    let typed: T = serde_json::from_slice(bytes).ok()?;
    (serde_json::to_value(&typed).ok()? == *value).then(|| {
        Box::new(Typed {
            bytes: bytes.to_vec(),
            value: typed,
        }) as Box<dyn Sample>
    })
}

macro_rules! candidates {
    ($($op:ty),* $(,)?) => {
        vec![$(
            (stringify!($op), try_type::<<$op as Operation>::Request> as Try),
            (stringify!($op), try_type::<<$op as Operation>::Success> as Try),
        )*]
    };
}

fn samples(sdk: &Path) -> Vec<PathBuf> {
    let mut found = vec![];
    let mut stack = vec![sdk.join("Gateway_Services-Customer-and-Account")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn main() {
    let sdk = ird_codegen::manifest::sdk_dir(&common::workspace());
    if !sdk.is_dir() {
        eprintln!("no SDK at {}: skipping", sdk.display());
        return;
    }
    let candidates: Vec<(&str, Try)> = candidates![
        account::AccountPost,
        account::ListPost,
        address::AddressPost,
        address::AddressPut,
        address::AddressDelete,
        bank::BankPost,
        bank::BankDelete,
        bic::BicPost,
        bic::BicDelete,
        bill::BillPost,
        contact::ContactPost,
        contact::ContactPut,
        contact::ContactDelete,
        contact::PhonePost,
        contact::PhonePut,
        contact::PhoneDelete,
        customer::CustomerPost,
        income::ListPost,
        name::NamePost,
        name::NamePut,
        name::NameDelete,
        period::ListPost,
        ird_number_validation::ValidateIrdPost,
    ];
    let mut typed: Vec<Box<dyn Sample>> = vec![];
    let mut raw: Vec<Vec<u8>> = vec![];
    let mut names: Vec<String> = vec![];
    let files = samples(&sdk);
    for file in &files {
        let bytes = std::fs::read(file).expect("a readable sample");
        let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
            continue;
        };
        // Empty objects and the like fit every type: they say nothing.
        if value.as_object().is_none_or(|o| o.is_empty()) {
            continue;
        }
        if let Some(sample) = candidates.iter().find_map(|(_, t)| t(&bytes, &value)) {
            typed.push(sample);
            raw.push(bytes);
            names.push(
                file.strip_prefix(&sdk)
                    .unwrap_or(file)
                    .display()
                    .to_string(),
            );
        }
    }
    let total: usize = raw.iter().map(Vec::len).sum();
    println!(
        "{} of {} sample messages match a request or success type ({} bytes)",
        typed.len(),
        files.len(),
        total
    );
    let values: Vec<serde_json::Value> = raw
        .iter()
        .map(|b| serde_json::from_slice(b).expect("parsed above"))
        .collect();

    let mut c: Criterion = common::criterion();
    let mut group = c.benchmark_group("serde");
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    group.bench_function("decode_typed", |b| {
        b.iter(|| typed.iter().for_each(|s| s.decode()))
    });
    group.bench_function("decode_value", |b| {
        b.iter(|| raw.iter().for_each(|bytes| decode_value(bytes)))
    });
    group.bench_function("encode_typed", |b| {
        b.iter(|| typed.iter().for_each(|s| s.encode()))
    });
    group.bench_function("encode_value", |b| {
        b.iter(|| values.iter().for_each(encode_value))
    });
    group.finish();
    c.final_summary();
    let ids = [
        "decode_typed",
        "decode_value",
        "encode_typed",
        "encode_value",
    ];
    common::print_medians("serde", &ids.map(String::from));
    for what in ["decode", "encode"] {
        let typed = common::median_ns("serde", &format!("{what}_typed"));
        let value = common::median_ns("serde", &format!("{what}_value"));
        if let (Some(typed), Some(value)) = (typed, value) {
            println!(
                "  {what}: typed {} vs Value {}: typed takes {:.2}x the time of Value",
                common::show(typed),
                common::show(value),
                typed / value
            );
        }
    }
    // Criterion measures one function after the other, so a change in the
    // machine's load between them moves the ratio. Alternating short batches
    // of the two and comparing medians cancels most of that. (Not when
    // criterion runs the bench as a test.)
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    println!("\npaired (alternating batches, medians):");
    let decode = paired(
        20,
        || typed.iter().for_each(|s| s.decode()),
        || raw.iter().for_each(|bytes| decode_value(bytes)),
    );
    let encode = paired(
        20,
        || typed.iter().for_each(|s| s.encode()),
        || values.iter().for_each(encode_value),
    );
    for (what, (typed, value)) in [("decode", decode), ("encode", encode)] {
        println!(
            "  {what}: typed {} vs Value {}: typed takes {:.2}x the time of Value",
            common::show(typed),
            common::show(value),
            typed / value
        );
    }
    // Going through all the types in turn, as above, runs each type's code
    // cold, while `Value` has one walk that stays hot. A program sending one
    // kind of request repeats the same code, so each message is also
    // measured on its own.
    println!("\nper message, each on its own (paired medians, summed):");
    for what in ["decode", "encode"] {
        let mut sums = (0.0, 0.0);
        let mut faster = 0;
        let mut worst = (0.0, "");
        for ((sample, (bytes, value)), name) in
            typed.iter().zip(raw.iter().zip(&values)).zip(&names)
        {
            let (t, v) = if what == "decode" {
                paired(200, || sample.decode(), || decode_value(bytes))
            } else {
                paired(200, || sample.encode(), || encode_value(value))
            };
            sums = (sums.0 + t, sums.1 + v);
            faster += usize::from(t <= v);
            if t / v > worst.0 {
                worst = (t / v, name.as_str());
            }
        }
        println!(
            "  {what}: typed {} vs Value {}: typed takes {:.2}x the time of Value; \
             typed at least as fast on {faster} of {}; slowest {:.2}x ({})",
            common::show(sums.0),
            common::show(sums.1),
            sums.0 / sums.1,
            typed.len(),
            worst.0,
            worst.1
        );
    }
}

/// Median nanoseconds per call of `a` and of `b`, run in alternating
/// batches of `batch` calls (which goes first alternates too).
fn paired(batch: u32, a: impl Fn(), b: impl Fn()) -> (f64, f64) {
    const ROUNDS: usize = 301;
    let time = |f: &dyn Fn()| {
        let start = std::time::Instant::now();
        for _ in 0..batch {
            f();
        }
        start.elapsed().as_nanos() as f64 / f64::from(batch)
    };
    let (mut ta, mut tb) = (Vec::with_capacity(ROUNDS), Vec::with_capacity(ROUNDS));
    for round in 0..ROUNDS {
        if round % 2 == 0 {
            ta.push(time(&a));
            tb.push(time(&b));
        } else {
            tb.push(time(&b));
            ta.push(time(&a));
        }
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    (median(ta), median(tb))
}
