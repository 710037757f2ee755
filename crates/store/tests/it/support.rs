//! Fresh, isolated stores for each test.

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

/// The example cases as prep files (without the keys they carry for scoring).
pub fn dev_cases() -> Vec<(String, PrepFile)> {
    round2_testdata::required_case_files()
        .iter()
        .map(|path| {
            let case = round2_testdata::read_case(path);
            let file = PrepFile::parse(&case.prep_yaml, Format::Yaml)
                .unwrap_or_else(|e| panic!("{}: not a prep file: {e}", path.display()));
            (path.display().to_string(), file)
        })
        .collect()
}
