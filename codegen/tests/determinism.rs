//! Generation is deterministic: twice in one process, in processes with
//! their own hash seeds (Rust seeds `HashMap` randomly per process and per
//! thread), and on 1 to 8 threads, the files are byte for byte the same.

mod support;

use ird_codegen::{generate, Inputs};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::workspace;

fn inputs() -> Option<Inputs> {
    let inputs = Inputs::for_workspace(&workspace());
    if inputs.sdk.is_dir() {
        Some(inputs)
    } else {
        eprintln!(
            "no SDK at {}: only the test spec is checked",
            inputs.sdk.display()
        );
        None
    }
}

/// Every file under `dir`, by relative path.
fn read_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    files
}

/// Run the CLI with `threads` threads, in a process of its own.
fn cli(args: &[&str], threads: usize) {
    let status = Command::new(env!("CARGO_BIN_EXE_ird-codegen"))
        .args(["--workspace", workspace().to_str().unwrap()])
        .args(args)
        .env("IRD_CODEGEN_THREADS", threads.to_string())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "ird-codegen {args:?} failed");
}

#[test]
fn twice_in_one_process_and_on_other_threads() {
    let Some(inputs) = inputs() else { return };
    let first = generate(&inputs).unwrap();
    let second = generate(&inputs).unwrap();
    assert_eq!(first.files, second.files);
    assert_eq!(first.warnings, second.warnings);
    // Threads start with hash keys of their own.
    let others: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| generate(&inputs).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for other in others {
        assert_eq!(first.files, other.files);
        assert_eq!(first.warnings, other.warnings);
    }
}

#[test]
fn separate_processes_and_thread_counts_write_the_same_bytes() {
    let Some(_) = inputs() else { return };
    let scratch = tempfile::tempdir().unwrap();
    let mut trees = vec![];
    for threads in [1, 2, 3, 8] {
        let out = scratch.path().join(format!("threads-{threads}"));
        cli(&["generate", "--out", out.to_str().unwrap()], threads);
        trees.push((threads, read_tree(&out)));
    }
    let checked_in: BTreeMap<PathBuf, Vec<u8>> = read_tree(&workspace().join("generated"))
        .into_iter()
        .filter(|(path, _)| !path.starts_with("target"))
        .collect();
    for (threads, tree) in &trees {
        assert!(
            tree.len() > 10,
            "{threads} thread(s) wrote {} files",
            tree.len()
        );
        assert!(
            tree == &checked_in,
            "{threads} thread(s): output differs from generated/"
        );
    }
}

#[test]
fn a_single_spec_crate_is_the_same_across_processes() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs/petstore-swagger2.yaml");
    let scratch = tempfile::tempdir().unwrap();
    let mut trees = vec![];
    for threads in [1, 4] {
        for run in 0..2 {
            let out = scratch.path().join(format!("{threads}-{run}"));
            cli(
                &[
                    "crate",
                    spec.to_str().unwrap(),
                    "--out",
                    out.to_str().unwrap(),
                    "--module",
                    "petstore",
                ],
                threads,
            );
            trees.push(read_tree(&out));
        }
    }
    assert!(trees[0].len() > 3);
    for tree in &trees[1..] {
        assert!(tree == &trees[0], "the petstore crate differs between runs");
    }
}
