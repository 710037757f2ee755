//! The posting reader on arbitrary text: sections, requirements and skill
//! mentions, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = round2_extract::analyze(text);
    }
});
