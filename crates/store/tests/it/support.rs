//! Fresh, isolated stores for each test.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use round2_core::prep::{Format, PrepFile};
use round2_store::{PgStore, SqliteStore};

pub fn sqlite() -> (SqliteStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("round2.db")).expect("open sqlite");
    (store, dir)
}

/// A store in a schema of its own, so tests never see each other's rows.
pub fn postgres(test: &str) -> PgStore {
    postgres_with_schema(test).0
}

/// [`postgres`], also returning the server URL and the schema, so a test can
/// open a second connection onto the same rows.
pub fn postgres_with_schema(test: &str) -> (PgStore, String, String) {
    static N: AtomicU32 = AtomicU32::new(0);
    let url = std::env::var("ROUND2_TEST_PG").unwrap_or_else(|_| {
        panic!("ROUND2_TEST_PG is not set: the PostgreSQL conformance tests need a server. Run scripts/test, which starts one.")
    });
    let schema = format!(
        "t{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        test.chars().take(30).collect::<String>()
    );
    let store = PgStore::open_in_schema(&url, Some(&schema)).expect("open postgres");
    (store, url, schema)
}

pub fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/cases")
}

/// The dev cases without the `id` and `gold` keys they carry for scoring.
pub fn dev_cases() -> Vec<(String, PrepFile)> {
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(cases_dir())
        .expect("../shared/data/cases is readable")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        out.push((path.display().to_string(), strip_case(&text)));
    }
    assert!(
        out.len() >= 3,
        "expected the dev cases in {}",
        cases_dir().display()
    );
    out
}

pub fn strip_case(text: &str) -> PrepFile {
    let mut value: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).unwrap();
    let map = value.as_mapping_mut().unwrap();
    map.remove("id");
    map.remove("gold");
    PrepFile::parse(&serde_yaml_ng::to_string(&value).unwrap(), Format::Yaml).unwrap()
}
