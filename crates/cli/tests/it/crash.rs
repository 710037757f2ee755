//! Crash safety: SIGKILL in the middle of a large import leaves a sound
//! database holding none or all of the import, and what was there before.

use std::fmt::Write;
use std::time::{Duration, Instant};

use round2_store::{SqliteStore, Store};

use crate::support::Env;

fn large_prep_file(notes: usize) -> String {
    let mut s = String::from("company: Big Import\nrole: Engineer\nrounds:\n  - number: 1\n    interviewers:\n      - {name: Dana Reyes}\n    notes:\n");
    for i in 0..notes {
        writeln!(s, "      - {{kind: topic, interviewer: Dana Reyes, text: \"Discussed topic number {i} at length\"}}").unwrap();
    }
    s
}

#[test]
fn sigkill_during_a_large_import_leaves_none_or_all_of_it() {
    const NOTES: usize = 60_000;
    let env = Env::new();
    env.seed();
    let file = env.write("big.yaml", large_prep_file(NOTES));
    let mut killed_mid_import = 0;
    for delay_ms in [30u64, 80, 150, 250, 400, 700] {
        let mut child = env
            .command(&["import", file.to_str().unwrap()])
            .spawn()
            .unwrap();
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(delay_ms) {
            std::thread::sleep(Duration::from_millis(5));
        }
        if child.try_wait().unwrap().is_none() {
            killed_mid_import += 1;
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();

        let mut store = SqliteStore::open(&env.db()).unwrap();
        assert_eq!(store.integrity_check().unwrap(), "ok");
        let opps = store.list_opportunities().unwrap();
        assert!(
            opps.iter().any(|o| o.company == "Larkspur Ledger"),
            "earlier data lost"
        );
        if let Some(big) = opps.iter().find(|o| o.company == "Big Import") {
            assert_eq!(
                store.pack(big.id).unwrap().notes.len(),
                NOTES,
                "a partial import after {delay_ms} ms"
            );
        }
    }
    assert!(
        killed_mid_import > 0,
        "no kill landed during an import; make the file larger"
    );
}
