//! Locating the shared data directory (never copied into the repo).

use std::path::PathBuf;

/// `ROUND2_DATA_DIR`, else `shared/data` beside the work tree.
pub fn data_dir() -> PathBuf {
    if let Ok(d) = std::env::var("ROUND2_DATA_DIR") {
        return PathBuf::from(d);
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        manifest.join("../../../shared/data"),
        manifest.join("../../shared/data"),
        PathBuf::from("/work/shared/data"),
    ];
    for c in &candidates {
        if c.join("skillspan/dev.jsonl").exists() {
            return c.clone();
        }
    }
    panic!("shared data not found; set ROUND2_DATA_DIR (tried {candidates:?})");
}
