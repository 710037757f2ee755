//! The prep-file parser on arbitrary bytes: it must return (a file or an
//! error), never panic, and stay within libFuzzer's time and memory limits
//! (the alias and nesting limits are what keep it there).
#![no_main]

use libfuzzer_sys::fuzz_target;
use round2_core::prep::{Format, PrepFile};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = PrepFile::parse(text, Format::Yaml);
        let _ = PrepFile::parse(text, Format::Json);
    }
});
