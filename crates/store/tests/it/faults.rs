//! Faults at the edge of the store: a PostgreSQL address where something
//! accepts connections and never answers (a silent listener this test opens
//! on 127.0.0.1), and a database written by a newer round2.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use round2_store::{PgStore, SqliteStore};

/// The error and its cause, as the CLI prints them.
fn with_cause(err: &round2_store::StoreError) -> String {
    let cause = std::error::Error::source(err).map(|s| s.to_string());
    format!("{err}: {}", cause.unwrap_or_default())
}

#[test]
fn a_server_that_accepts_and_never_answers_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let port = listener.local_addr().unwrap().port();
    // Accept and hold connections, never writing a byte.
    let hold = std::thread::spawn(move || {
        let mut held = Vec::new();
        listener.set_nonblocking(true).unwrap();
        let until = Instant::now() + Duration::from_secs(3);
        while Instant::now() < until {
            if let Ok((s, _)) = listener.accept() {
                held.push(s);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        held.len()
    });
    let started = Instant::now();
    let err = PgStore::open(&format!(
        "postgres://round2@127.0.0.1:{port}/round2?connect_timeout=1"
    ))
    .expect_err("a silent server cannot be a store");
    let took = started.elapsed();
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let message = with_cause(&err);
    assert!(message.contains("did not answer within 1 s"), "{message}");
    assert!(hold.join().unwrap() >= 1, "the client did connect");
}

#[test]
fn a_database_from_a_newer_round2_is_refused() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("round2.db");
    drop(SqliteStore::open(&path).expect("a fresh database"));
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute("INSERT INTO schema_migrations (version) VALUES (999)", [])
            .unwrap();
    }
    let err = SqliteStore::open(&path).expect_err("a newer schema is refused");
    let message = with_cause(&err);
    assert!(
        message.contains("999") && message.contains("newer round2"),
        "{message}"
    );
}

#[test]
fn a_postgres_database_from_a_newer_round2_is_refused() {
    let (store, url, schema) = crate::support::postgres_with_schema("newer_schema");
    drop(store);
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(&format!(
            "INSERT INTO {schema}.schema_migrations (version) VALUES (999)"
        ))
        .unwrap();
    let err = PgStore::open_in_schema(&url, Some(&schema)).expect_err("a newer schema is refused");
    let message = with_cause(&err);
    assert!(
        message.contains("999") && message.contains("newer round2"),
        "{message}"
    );
}
