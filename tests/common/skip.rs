//! Tests that did not run say so where the reader of `cargo test` sees
//! them: one line per skipped test, and, after the test binary's own
//! `test result:` line, how many of its tests passed without running.
//!
//! libtest captures what `print!` and `eprint!` write in a passing test,
//! so the lines go to the stderr handle itself, which it does not capture:
//! they show on the terminal and in CI logs alike, on every run.
//!
//! The count is per test binary: libtest has no hook after its last test
//! and cargo none after its last binary, but every binary ends by leaving
//! `main`, so a C `atexit` handler prints it then, after the summary line.
//! A total over all binaries would need a step after `cargo test` itself.

use std::io::Write;
use std::sync::Mutex;
use std::sync::Once;

/// The tests of this binary that were skipped, as they were announced.
static SKIPPED: Mutex<Vec<String>> = Mutex::new(Vec::new());
static AT_EXIT: Once = Once::new();

/// Says that the current test did not run (`what`, e.g. "browser test",
/// and why), and counts it for the line printed when the binary ends.
pub fn say_skipped(what: &str, reason: &str) {
    let test = std::thread::current()
        .name()
        .filter(|name| *name != "main")
        .unwrap_or("a test")
        .to_string();
    let line = format!("SKIPPED {what} {test}: {reason}\n");
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
    if let Ok(mut skipped) = SKIPPED.lock() {
        skipped.push(test);
    }
    AT_EXIT.call_once(|| {
        // SAFETY: registers a plain function with the C library, as its
        // documentation allows, once per process.
        unsafe {
            libc::atexit(say_how_many_skipped);
        }
    });
}

/// The last line of this binary's output: how many tests passed without
/// running. Must not panic (it runs inside the C library's `exit`).
extern "C" fn say_how_many_skipped() {
    let _ = std::panic::catch_unwind(|| {
        let Ok(skipped) = SKIPPED.lock() else {
            return;
        };
        if skipped.is_empty() {
            return;
        }
        let binary = std::env::current_exe()
            .ok()
            .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .map(|stem| match stem.rsplit_once('-') {
                Some((name, _hash)) => name.to_string(),
                None => stem,
            })
            .unwrap_or_else(|| "this test binary".into());
        let count = skipped.len();
        let tests = if count == 1 { "test" } else { "tests" };
        let line = format!(
            "SKIPPED {count} {tests} of tests/{binary}.rs: counted as passed above, but did not run (see the SKIPPED lines; with CI=true they fail)\n"
        );
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    });
}
