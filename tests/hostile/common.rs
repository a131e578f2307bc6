//! Helpers for the hostile-input tests (issue 21): run gapmap with a time
//! limit, and compare the time of a large input with a small one's.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs gapmap and kills it if it has not finished in `limit`: a hang
/// fails the test instead of stalling the run. Its output is read while
/// it runs, so a long report cannot block it on a full pipe.
pub fn gapmap_within(args: &[&str], limit: Duration) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_gapmap"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(child.wait_with_output());
    });
    match receive.recv_timeout(limit) {
        Ok(output) => output.unwrap(),
        Err(_) => {
            // SAFETY: kill(2) on the child this function started and has
            // not reaped (its waiting thread still holds it).
            #[cfg(unix)]
            unsafe {
                libc::kill(pid as libc::pid_t, libc::SIGKILL);
            }
            #[cfg(not(unix))]
            let _ = pid;
            panic!("gapmap {args:?} did not finish in {limit:?}");
        }
    }
}

pub fn check(root: &Path, format: &str) -> Output {
    gapmap_within(
        &[
            "--message-format",
            format,
            "check",
            "--root",
            root.to_str().unwrap(),
        ],
        Duration::from_secs(120),
    )
}

/// The fastest of a few runs of `check`, to keep noise out of ratios.
pub fn time_check(root: &Path, format: &str) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            check(root, format);
            started.elapsed()
        })
        .min()
        .unwrap()
}

/// Asserts that ten times the input takes less than thirty times as long:
/// linear work passes with room to spare, quadratic work is ~100×.
pub fn assert_linear(what: &str, small: Duration, large: Duration) {
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-3);
    assert!(
        ratio < 30.0,
        "{what}: 10× the input took {ratio:.1}× as long ({small:?} → {large:?})"
    );
}

pub fn study_dir(site: &Path) -> PathBuf {
    site.join("content/studies/peer-burnout")
}
