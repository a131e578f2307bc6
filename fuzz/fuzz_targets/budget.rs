//! A time budget per input, so a slow input fails the run as a crash does:
//! gapmap must check and build any content in time linear in its size,
//! and a fuzzer finds the inputs that are not.
//!
//! The budget is 1 s per input (each target does in a few milliseconds
//! what it does), or `GAPMAP_FUZZ_BUDGET_MS`. The first input is not
//! timed: it pays for the lazy set-up (syntaxes, the fixture site). An
//! input that never returns is libFuzzer's `-timeout=` to catch (README).

use std::sync::LazyLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static BUDGET: LazyLock<Duration> = LazyLock::new(|| {
    let ms = std::env::var("GAPMAP_FUZZ_BUDGET_MS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1_000);
    Duration::from_millis(ms)
});

/// Runs `work` on one input of `len` bytes and panics if it took longer
/// than the budget.
pub fn within<T>(len: usize, work: impl FnOnce() -> T) -> T {
    static WARM: AtomicBool = AtomicBool::new(false);
    let started = Instant::now();
    let out = work();
    let took = started.elapsed();
    if WARM.swap(true, Ordering::Relaxed) && took > *BUDGET {
        panic!(
            "slow input: {took:?} for {len} bytes, over the budget of {:?}",
            *BUDGET
        );
    }
    out
}
