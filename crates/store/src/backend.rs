//! The seam between round2's SQL and a database connection: a transaction
//! that runs statements with `$1`-style parameters and returns rows of
//! [`Val`]s. Both backends implement it; [`crate::ops`] is written against it.

use crate::{Result, StoreError};

/// A parameter or column value. Integers are 64-bit everywhere.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Null,
    Int(i64),
    Text(String),
    Bool(bool),
    /// A BLOB in SQLite, a BYTEA in PostgreSQL.
    Bytes(Vec<u8>),
}

impl From<i64> for Val {
    fn from(v: i64) -> Self {
        Val::Int(v)
    }
}
impl From<u32> for Val {
    fn from(v: u32) -> Self {
        Val::Int(v.into())
    }
}
impl From<bool> for Val {
    fn from(v: bool) -> Self {
        Val::Bool(v)
    }
}
impl From<&str> for Val {
    fn from(v: &str) -> Self {
        Val::Text(v.to_string())
    }
}
impl From<&String> for Val {
    fn from(v: &String) -> Self {
        Val::Text(v.clone())
    }
}
impl From<String> for Val {
    fn from(v: String) -> Self {
        Val::Text(v)
    }
}
impl<T: Into<Val>> From<Option<T>> for Val {
    fn from(v: Option<T>) -> Self {
        v.map_or(Val::Null, Into::into)
    }
}

/// One result row.
#[derive(Debug, Clone)]
pub struct Row(pub Vec<Val>);

impl Row {
    fn at(&self, i: usize) -> Result<&Val> {
        self.0
            .get(i)
            .ok_or_else(|| StoreError::Corrupt(format!("missing column {i}")))
    }

    pub fn int(&self, i: usize) -> Result<i64> {
        match self.at(i)? {
            Val::Int(v) => Ok(*v),
            other => Err(StoreError::Corrupt(format!(
                "column {i}: expected an integer, got {other:?}"
            ))),
        }
    }

    pub fn opt_int(&self, i: usize) -> Result<Option<i64>> {
        match self.at(i)? {
            Val::Null => Ok(None),
            _ => self.int(i).map(Some),
        }
    }

    pub fn text(&self, i: usize) -> Result<String> {
        match self.at(i)? {
            Val::Text(v) => Ok(v.clone()),
            other => Err(StoreError::Corrupt(format!(
                "column {i}: expected text, got {other:?}"
            ))),
        }
    }

    pub fn opt_text(&self, i: usize) -> Result<Option<String>> {
        match self.at(i)? {
            Val::Null => Ok(None),
            _ => self.text(i).map(Some),
        }
    }

    pub fn bytes(&self, i: usize) -> Result<Vec<u8>> {
        match self.at(i)? {
            Val::Bytes(v) => Ok(v.clone()),
            other => Err(StoreError::Corrupt(format!(
                "column {i}: expected bytes, got {other:?}"
            ))),
        }
    }

    pub fn bool(&self, i: usize) -> Result<bool> {
        match self.at(i)? {
            Val::Bool(v) => Ok(*v),
            Val::Int(v) => Ok(*v != 0),
            other => Err(StoreError::Corrupt(format!(
                "column {i}: expected a boolean, got {other:?}"
            ))),
        }
    }
}

/// A transaction in progress. Statements use `$1`, `$2`... placeholders.
pub trait Tx {
    fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64>;
    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>>;

    fn query_one(&mut self, sql: &str, params: &[Val]) -> Result<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }
}

/// A connection that can run a closure in one transaction: committed when it
/// returns `Ok`, rolled back otherwise.
pub trait Backend: Send {
    fn transact<T>(&mut self, f: impl FnOnce(&mut dyn Tx) -> Result<T>) -> Result<T>;

    /// Runs a closure that only reads, in one transaction. A backend may take
    /// weaker locks than for [`Backend::transact`] (SQLite: a deferred
    /// transaction, so readers never wait for the write lock).
    fn read<T>(&mut self, f: impl FnOnce(&mut dyn Tx) -> Result<T>) -> Result<T> {
        self.transact(f)
    }

    /// See [`crate::Store::change_marker`].
    fn change_marker(&mut self) -> Result<u64>;
}

/// A numbered list of migrations and the table that records which ran.
/// Records and the team's tables keep separate tables, so neither can take
/// the other's versions for its own.
pub(crate) struct Migrations {
    pub table: &'static str,
    pub list: &'static [(i64, &'static str)],
}

impl Migrations {
    pub const RECORDS_SQLITE: Migrations = Migrations {
        table: "schema_migrations",
        list: crate::sqlite::MIGRATIONS,
    };
    pub const RECORDS_POSTGRES: Migrations = Migrations {
        table: "schema_migrations",
        list: crate::postgres::MIGRATIONS,
    };
    pub const TEAM_SQLITE: Migrations = Migrations {
        table: "team_migrations",
        list: &[
            (1, include_str!("../migrations/team/sqlite_0001_team.sql")),
            (
                2,
                include_str!("../migrations/team/sqlite_0002_invitations.sql"),
            ),
        ],
    };
    pub const TEAM_POSTGRES: Migrations = Migrations {
        table: "team_migrations",
        list: &[
            (1, include_str!("../migrations/team/postgres_0001_team.sql")),
            (
                2,
                include_str!("../migrations/team/postgres_0002_invitations.sql"),
            ),
        ],
    };
}
