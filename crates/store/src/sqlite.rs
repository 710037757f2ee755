//! The embedded default: one SQLite file in the user's data directory, in WAL
//! mode with foreign keys on.

use std::path::{Path, PathBuf};

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags, ToSql};

use crate::backend::{Backend, Row, Tx, Val};
use crate::{Result, StoreError};

/// Embedded migrations, applied in order on open. Never edit a landed one.
pub(crate) const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/sqlite/0001_records.sql")),
    (2, include_str!("../migrations/sqlite/0002_practice.sql")),
    (3, include_str!("../migrations/sqlite/0003_embeddings.sql")),
    (4, include_str!("../migrations/sqlite/0004_note_topic.sql")),
    (5, include_str!("../migrations/sqlite/0005_recordings.sql")),
];

pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish()
    }
}

fn open_error(path: &Path, source: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::Open {
        target: path.display().to_string(),
        source: Box::new(source),
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and migrates it.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        Self::open_with(path, &crate::backend::Migrations::RECORDS_SQLITE)
    }

    /// Opens (creating if needed) the database file and applies `set`.
    pub(crate) fn open_with(path: &Path, set: &crate::backend::Migrations) -> Result<SqliteStore> {
        if path.is_dir() {
            return Err(open_error(
                path,
                std::io::Error::other("it is a directory; give a file path such as round2.db"),
            ));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| open_error(path, e))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(|e| open_error(path, e))?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
        )
        .map_err(|e| open_error(path, e))?;
        let mut store = SqliteStore {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate(set).map_err(|e| open_error(path, e))?;
        Ok(store)
    }

    fn migrate(&mut self, set: &crate::backend::Migrations) -> Result<()> {
        let table = set.table;
        self.conn.execute_batch(&format!(
            "CREATE TABLE IF NOT EXISTS {table} (version INTEGER PRIMARY KEY)"
        ))?;
        let found: Option<i64> =
            self.conn
                .query_row(&format!("SELECT MAX(version) FROM {table}"), [], |r| {
                    r.get(0)
                })?;
        let known = set.list.last().map_or(0, |m| m.0);
        if let Some(found) = found.filter(|f| *f > known) {
            return Err(StoreError::NewerSchema { found, known });
        }
        for (version, sql) in set.list {
            let tx = self.conn.transaction()?;
            let applied: bool = tx.query_row(
                &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE version = ?1)"),
                [version],
                |r| r.get(0),
            )?;
            if !applied {
                tx.execute_batch(sql)?;
                tx.execute(
                    &format!("INSERT INTO {table} (version) VALUES (?1)"),
                    [version],
                )?;
            }
            tx.commit()?;
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes a consistent copy of the database to `dest`, even while other
    /// processes use it (SQLite's `VACUUM INTO` reads one snapshot).
    pub fn backup(&mut self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::Conflict(format!(
                "{} already exists; choose a new file for the backup",
                dest.display()
            )));
        }
        let dest = dest.to_str().ok_or_else(|| {
            StoreError::Conflict(format!("{} is not a UTF-8 path", dest.display()))
        })?;
        self.conn.execute("VACUUM INTO ?1", [dest])?;
        Ok(())
    }

    fn run_tx<T>(
        &mut self,
        behavior: rusqlite::TransactionBehavior,
        f: impl FnOnce(&mut dyn Tx) -> Result<T>,
    ) -> Result<T> {
        let mut tx = self.conn.transaction_with_behavior(behavior)?;
        let out = f(&mut tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    pub fn integrity_check(&mut self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

impl ToSql for Val {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Val::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Val::Int(v) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Val::Bool(v) => ToSqlOutput::Borrowed(ValueRef::Integer(i64::from(*v))),
            Val::Text(v) => ToSqlOutput::Borrowed(ValueRef::Text(v.as_bytes())),
            Val::Bytes(v) => ToSqlOutput::Borrowed(ValueRef::Blob(v)),
        })
    }
}

/// `$1` → `?1`: SQLite would read `$1` as a named parameter.
fn numbered(sql: &str) -> String {
    sql.replace('$', "?")
}

fn row_vals(row: &rusqlite::Row<'_>, n: usize) -> rusqlite::Result<Row> {
    let mut vals = Vec::with_capacity(n);
    for i in 0..n {
        vals.push(match row.get_ref(i)? {
            ValueRef::Null => Val::Null,
            ValueRef::Integer(v) => Val::Int(v),
            ValueRef::Text(t) => Val::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Real(v) => Val::Text(v.to_string()),
            ValueRef::Blob(b) => Val::Bytes(b.to_vec()),
        });
    }
    Ok(Row(vals))
}

impl Tx for rusqlite::Transaction<'_> {
    fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64> {
        let mut stmt = self.prepare_cached(&numbered(sql))?;
        Ok(stmt.execute(rusqlite::params_from_iter(params))? as u64)
    }

    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>> {
        let mut stmt = self.prepare_cached(&numbered(sql))?;
        let n = stmt.column_count();
        let rows = stmt
            .query_map(rusqlite::params_from_iter(params), |r| row_vals(r, n))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

impl Backend for SqliteStore {
    /// Writers take the write lock up front (no deadlock upgrading later).
    fn transact<T>(&mut self, f: impl FnOnce(&mut dyn Tx) -> Result<T>) -> Result<T> {
        self.run_tx(rusqlite::TransactionBehavior::Immediate, f)
    }

    /// Readers take no write lock: they never wait for a writer (WAL).
    fn read<T>(&mut self, f: impl FnOnce(&mut dyn Tx) -> Result<T>) -> Result<T> {
        self.run_tx(rusqlite::TransactionBehavior::Deferred, f)
    }

    fn change_marker(&mut self) -> Result<u64> {
        let v: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok(v as u64)
    }
}
