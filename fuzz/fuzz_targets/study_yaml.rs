//! The YAML reader on any bytes: a value or a diagnostic, never a panic or
//! a hang (its budgets bound aliases, depth and size).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = gapmap::yaml::parse("study.yaml", text);
    }
});
