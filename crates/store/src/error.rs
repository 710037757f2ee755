//! The store's one error type: one variant per decision a caller makes.

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The key names nothing: tell the user and list what exists.
    #[error("no {what} `{key}`")]
    NotFound { what: &'static str, key: String },
    /// The change contradicts what is stored (a duplicate, a dangling name).
    #[error("{0}")]
    Conflict(String),
    /// A value is refused before it is stored (a line break in a name, an
    /// address that is not one, an empty note): see `round2_core::limits`.
    #[error("{0}")]
    Invalid(String),
    /// The database could not be opened or prepared.
    #[error("cannot open the database at {target}")]
    Open {
        target: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The database was written by a newer round2: refused, not guessed at.
    #[error("the database was written by a newer round2 (schema version {found}; this round2 knows up to {known}): upgrade round2, or give another database with --db")]
    NewerSchema { found: i64, known: i64 },
    /// The database holds something this build cannot read.
    #[error("the database holds an invalid value: {0}")]
    Corrupt(String),
    #[error("SQLite error")]
    Sqlite(#[from] rusqlite::Error),
    #[error("PostgreSQL error")]
    Postgres(#[from] postgres::Error),
}

impl StoreError {
    pub fn not_found(what: &'static str, key: impl Into<String>) -> Self {
        StoreError::NotFound {
            what,
            key: key.into(),
        }
    }
}
