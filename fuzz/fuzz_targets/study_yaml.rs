//! The YAML reader on any bytes: a value or a diagnostic, never a panic or
//! a hang (its budgets bound aliases, depth and size), within the time
//! budget of `budget.rs`.
#![no_main]

mod budget;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        budget::within(data.len(), || {
            let _ = gapmap::yaml::parse("study.yaml", text);
        });
    }
});
