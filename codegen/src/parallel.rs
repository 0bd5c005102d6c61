//! Work spread over threads, with results in input order, so that output
//! never depends on how many threads ran or which finished first.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The environment variable that sets the number of threads (`1` runs
/// everything on the calling thread).
pub const THREADS_ENV: &str = "IRD_CODEGEN_THREADS";

/// Threads to use for `jobs` jobs: [`THREADS_ENV`] when set to a positive
/// number, else the machine's parallelism, never more than the jobs.
pub fn threads(jobs: usize) -> usize {
    let wanted = std::env::var(THREADS_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    wanted.min(jobs).max(1)
}

/// `items.iter().map(f).collect()`, on up to [`threads`] threads. A panic
/// in `f` propagates to the caller.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_weighted(items, |_| 0, f)
}

/// [`map`], starting the heaviest jobs first (by `weight`, an estimate of
/// each job's work), so that no thread is left with a large job at the end.
/// Results still come back in input order.
pub fn map_weighted<T: Sync, R: Send>(
    items: &[T],
    weight: impl Fn(&T) -> usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    // Stable, so equal weights keep input order.
    order.sort_by_key(|&i| std::cmp::Reverse(weight(&items[i])));
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let result = f(&items[index]);
                    *results[index].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
                }
            });
        }
    });
    results
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every job ran")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_input_order() {
        let items: Vec<u64> = (0..100).collect();
        let out = map(&items, |&n| {
            // Uneven work, so that jobs finish out of order.
            std::thread::sleep(std::time::Duration::from_micros((n * 37) % 200));
            n * 2
        });
        assert_eq!(out, items.iter().map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn heaviest_first_keeps_input_order() {
        let items: Vec<u64> = (0..50).collect();
        let out = map_weighted(&items, |&n| (n % 7) as usize, |&n| n + 1);
        assert_eq!(out, items.iter().map(|n| n + 1).collect::<Vec<_>>());
    }
}
