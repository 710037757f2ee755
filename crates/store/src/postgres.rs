//! The team server's backend: PostgreSQL through the synchronous `postgres`
//! client. An optional schema isolates one store from another in a database
//! (the conformance tests give each test its own).

use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use postgres::{Client, NoTls};

use crate::backend::{Backend, Row, Tx, Val};
use crate::{Result, StoreError};

pub(crate) const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/postgres/0001_records.sql")),
    (2, include_str!("../migrations/postgres/0002_practice.sql")),
    (
        3,
        include_str!("../migrations/postgres/0003_embeddings.sql"),
    ),
    (
        4,
        include_str!("../migrations/postgres/0004_note_topic.sql"),
    ),
    (
        5,
        include_str!("../migrations/postgres/0005_recordings.sql"),
    ),
];

pub struct PgStore {
    client: ClientCell,
    /// Statements prepared on this connection, by their SQL: each is
    /// parsed once per connection, not once per use (PostgreSQL re-reads
    /// one by itself when the search path moved since its last use).
    statements: std::collections::HashMap<String, postgres::Statement>,
}

/// The client, closed on a thread of its own when the store is dropped:
/// closing blocks on the connection, which must not happen on an async
/// runtime's thread, and the web servers drop stores there.
struct ClientCell(Option<Client>);

impl std::ops::Deref for ClientCell {
    type Target = Client;
    fn deref(&self) -> &Client {
        // Only `drop` takes the client out.
        self.0.as_ref().expect("the client is there until dropped")
    }
}

impl std::ops::DerefMut for ClientCell {
    fn deref_mut(&mut self) -> &mut Client {
        self.0.as_mut().expect("the client is there until dropped")
    }
}

impl Drop for ClientCell {
    fn drop(&mut self) {
        if let Some(client) = self.0.take() {
            let _ = std::thread::spawn(move || drop(client)).join();
        }
    }
}

/// The schemas a process has migrated, shared by its connections (see
/// [`PgStore::use_schema`]).
#[derive(Debug, Clone, Default)]
pub struct MigratedSchemas(std::sync::Arc<std::sync::Mutex<std::collections::HashSet<String>>>);

impl MigratedSchemas {
    fn has(&self, schema: &str) -> bool {
        self.0.lock().is_ok_and(|s| s.contains(schema))
    }

    fn add(&self, schema: &str) {
        if let Ok(mut s) = self.0.lock() {
            s.insert(schema.to_string());
        }
    }
}

/// A schema name round2 may put into SQL: letters, digits, underscores.
fn check_schema(schema: &str) -> Result<()> {
    if !schema.is_empty()
        && schema
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        Ok(())
    } else {
        Err(StoreError::Conflict(format!(
            "`{schema}` is not a plain schema name"
        )))
    }
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL may hold a password: never print it.
        f.debug_struct("PgStore").finish_non_exhaustive()
    }
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

/// Connects, giving up after the URL's `connect_timeout` (else
/// [`round2_core::limits::PG_CONNECT_TIMEOUT`]) for the whole handshake: the
/// client's own timeout covers only the TCP connect, so a server that
/// accepts and never answers would otherwise hang every command.
fn connect(url: &str) -> std::result::Result<Client, Box<dyn std::error::Error + Send + Sync>> {
    let config: postgres::Config = url.parse()?;
    let limit = config
        .get_connect_timeout()
        .copied()
        .unwrap_or(round2_core::limits::PG_CONNECT_TIMEOUT);
    let (tx, rx) = std::sync::mpsc::channel();
    // On timeout the thread is left to fail on its own; the command goes on
    // to report the error and exit.
    std::thread::spawn(move || {
        let _ = tx.send(config.connect(NoTls));
    });
    match rx.recv_timeout(limit) {
        Ok(result) => Ok(result?),
        Err(_) => Err(format!(
            "the server accepted the connection but did not answer within {} s (is it PostgreSQL, and is it up?)",
            limit.as_secs_f32()
        )
        .into()),
    }
}

impl PgStore {
    /// Connects and migrates the default schema.
    pub fn open(url: &str) -> Result<PgStore> {
        Self::open_in_schema(url, None)
    }

    /// Connects, creates `schema` if given and works inside it, and migrates.
    pub fn open_in_schema(url: &str, schema: Option<&str>) -> Result<PgStore> {
        Self::open_with(url, schema, &crate::backend::Migrations::RECORDS_POSTGRES)
    }

    /// [`PgStore::open_in_schema`], applying `set`.
    pub(crate) fn open_with(
        url: &str,
        schema: Option<&str>,
        set: &crate::backend::Migrations,
    ) -> Result<PgStore> {
        let mut store = Self::open_bare(url)?;
        let prepare = |store: &mut PgStore| -> Result<()> {
            if let Some(schema) = schema {
                check_schema(schema)?;
                store.client.batch_execute(&format!(
                    "CREATE SCHEMA IF NOT EXISTS {schema}; SET search_path TO {schema}"
                ))?;
            }
            store.migrate(set)
        };
        match prepare(&mut store) {
            Ok(()) => {}
            Err(e @ StoreError::Conflict(_)) => return Err(e),
            Err(e) => {
                return Err(StoreError::Open {
                    target: redact(url),
                    source: Box::new(e),
                })
            }
        }
        Ok(store)
    }

    /// Connects without choosing a schema or migrating: for a server that
    /// moves the connection to a candidate's schema with
    /// [`PgStore::use_schema`] before each use.
    pub fn open_bare(url: &str) -> Result<PgStore> {
        let open_error = |e: Box<dyn std::error::Error + Send + Sync>| StoreError::Open {
            target: redact(url),
            source: e,
        };
        let mut client = connect(url).map_err(open_error)?;
        client
            .batch_execute(&format!(
                "SET statement_timeout = {}",
                round2_core::limits::PG_STATEMENT_TIMEOUT.as_millis()
            ))
            .map_err(|e| open_error(Box::new(e)))?;
        Ok(PgStore {
            client: ClientCell(Some(client)),
            statements: Default::default(),
        })
    }

    /// Moves this connection to another schema's records, creating and
    /// migrating the schema unless `known` says a connection of this
    /// process already did. Lets a server keep a few connections for many
    /// candidates, each in a schema of their own.
    pub fn use_schema(&mut self, schema: &str, known: &MigratedSchemas) -> Result<()> {
        check_schema(schema)?;
        if known.has(schema) {
            self.client
                .batch_execute(&format!("SET search_path TO {schema}"))?;
        } else {
            self.client.batch_execute(&format!(
                "CREATE SCHEMA IF NOT EXISTS {schema}; SET search_path TO {schema}"
            ))?;
            self.migrate(&crate::backend::Migrations::RECORDS_POSTGRES)?;
            known.add(schema);
        }
        Ok(())
    }

    /// Whether the connection to the server is gone.
    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    fn migrate(&mut self, set: &crate::backend::Migrations) -> Result<()> {
        let table = set.table;
        let mut tx = self.client.transaction()?;
        // One migrator at a time per database.
        tx.batch_execute(&format!(
            "SELECT pg_advisory_xact_lock(2026112601); CREATE TABLE IF NOT EXISTS {table} (version BIGINT PRIMARY KEY)"
        ))?;
        let found: Option<i64> = tx
            .query_one(&format!("SELECT MAX(version) FROM {table}"), &[])?
            .get(0);
        let known = set.list.last().map_or(0, |m| m.0);
        if let Some(found) = found.filter(|f| *f > known) {
            return Err(StoreError::NewerSchema { found, known });
        }
        for (version, sql) in set.list {
            let applied = tx
                .query_opt(
                    &format!("SELECT 1 FROM {table} WHERE version = $1"),
                    &[version],
                )?
                .is_some();
            if !applied {
                tx.batch_execute(sql)?;
                tx.execute(
                    &format!("INSERT INTO {table} (version) VALUES ($1)"),
                    &[version],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

impl ToSql for Val {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Val::Null => Ok(IsNull::Yes),
            Val::Int(v) if *ty == Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
            Val::Int(v) => v.to_sql(ty, out),
            Val::Text(v) => v.to_sql(ty, out),
            Val::Bool(v) => v.to_sql(ty, out),
            Val::Bytes(v) => v.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn row_vals(row: &postgres::Row) -> Result<Row> {
    let mut vals = Vec::with_capacity(row.len());
    for (i, col) in row.columns().iter().enumerate() {
        let ty = col.type_();
        let v = if *ty == Type::INT8 {
            row.try_get::<_, Option<i64>>(i)?.map(Val::Int)
        } else if *ty == Type::INT4 {
            row.try_get::<_, Option<i32>>(i)?
                .map(|v| Val::Int(v.into()))
        } else if *ty == Type::BOOL {
            row.try_get::<_, Option<bool>>(i)?.map(Val::Bool)
        } else if *ty == Type::BYTEA {
            row.try_get::<_, Option<Vec<u8>>>(i)?.map(Val::Bytes)
        } else {
            row.try_get::<_, Option<String>>(i)?.map(Val::Text)
        };
        vals.push(v.unwrap_or(Val::Null));
    }
    Ok(Row(vals))
}

fn refs(params: &[Val]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

/// The most statements kept per connection (round2's SQL is a few
/// hundred fixed texts; past this the cache starts again).
const MAX_STATEMENTS: usize = 1024;

/// A transaction with the connection's prepared statements.
struct PgTx<'a, 'c> {
    tx: postgres::Transaction<'c>,
    statements: &'a mut std::collections::HashMap<String, postgres::Statement>,
}

impl PgTx<'_, '_> {
    fn statement(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.tx.prepare(sql)?;
        if self.statements.len() >= MAX_STATEMENTS {
            self.statements.clear();
        }
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

impl Tx for PgTx<'_, '_> {
    fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64> {
        let s = self.statement(sql)?;
        Ok(self.tx.execute(&s, &refs(params))?)
    }

    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>> {
        let s = self.statement(sql)?;
        self.tx
            .query(&s, &refs(params))?
            .iter()
            .map(row_vals)
            .collect()
    }
}

impl Backend for PgStore {
    fn transact<T>(&mut self, f: impl FnOnce(&mut dyn Tx) -> Result<T>) -> Result<T> {
        let PgStore {
            client, statements, ..
        } = self;
        let mut tx = PgTx {
            tx: client.transaction()?,
            statements,
        };
        let out = f(&mut tx)?;
        tx.tx.commit()?;
        Ok(out)
    }

    fn change_marker(&mut self) -> Result<u64> {
        // Every commit anywhere in the cluster moves the WAL forward: more
        // often than round2's records change, never less.
        let row = self.client.query_one(
            "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint",
            &[],
        )?;
        let v: i64 = row.get(0);
        Ok(v as u64)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_the_password() {
        assert_eq!(
            super::redact("postgres://me:secret@host/db"),
            "postgres://me:***@host/db"
        );
        assert_eq!(super::redact("postgres://host/db"), "postgres://host/db");
    }
}
