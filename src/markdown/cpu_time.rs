//! For the tests that hold work to a bound: time measured as CPU time of
//! the calling thread, so that other processes on a busy machine do not
//! count, and the fastest of three runs.

use std::time::Duration;

/// The CPU time the calling thread has used.
fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec for the call to fill in.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "clock_gettime failed");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// The least CPU time `run` takes in three runs.
pub(crate) fn fastest(mut run: impl FnMut()) -> Duration {
    (0..3)
        .map(|_| {
            let start = thread_cpu_time();
            run();
            thread_cpu_time().saturating_sub(start)
        })
        .min()
        .unwrap_or_default()
}
