//! The team server's storage: accounts, sessions, login attempts, shares,
//! comments, assignments and the audit log, behind [`TeamStore`], with the
//! SQL written once against the [`Tx`] seam like the records' [`crate::ops`].
//!
//! ## How candidates are kept apart
//!
//! The team's own tables live in one place; **each candidate's records live
//! in a store of their own**, opened through the ordinary [`Store`] trait:
//!
//! - SQLite (`--db team.db`): the team's tables in `team.db`, candidate 17's
//!   records in `team-candidates/17.db` beside it;
//! - PostgreSQL (`--db postgres://…`): the team's tables in the schema
//!   `round2_team`, candidate 17's records in the schema `round2_candidate_17`
//!   (`round2` is the namespace; tests give each run its own).
//!
//! A query on a candidate's store cannot reach another candidate's rows: they
//! are not in the same file or schema. What crosses candidates (who may read
//! whose opportunity) is decided once, in the team tables, by the server's
//! authorization before any candidate store is opened.

use std::path::{Path, PathBuf};

use round2_core::team::{
    Assignment, AuditEntry, Comment, NewAssignment, NewComment, NewUser, Role, Session, Share,
    Target, User,
};
use round2_core::Id;

use crate::backend::{Backend, Migrations, Row, Tx};
use crate::ops::inserted_id;
use crate::{PgStore, Result, SqliteStore, Store, StoreError};

/// The prefix of a team's PostgreSQL schemas: `round2_team` for its
/// tables, `round2_candidate_17` for candidate 17's records.
pub const DEFAULT_NAMESPACE: &str = "round2";

/// Everything the team server keeps besides the candidates' records. Every
/// method that changes more than one row does so in one transaction.
pub trait TeamStore: Send {
    /// Adds a user; the email is lowercased and must be new.
    fn add_user(&mut self, user: &NewUser, now: i64) -> Result<User>;
    fn user(&mut self, id: Id) -> Result<User>;
    fn user_by_email(&mut self, email: &str) -> Result<Option<User>>;
    fn users(&mut self) -> Result<Vec<User>>;
    /// The user's password hash (PHC string), if one is set.
    fn password_hash(&mut self, user: Id) -> Result<Option<String>>;
    /// Sets the password hash and ends every session of the user.
    fn set_password_hash(&mut self, user: Id, hash: &str) -> Result<()>;
    /// Disables (or enables) a user; disabling ends their sessions.
    fn set_disabled(&mut self, user: Id, disabled: bool) -> Result<()>;

    /// Keeps an invitation (the SHA-256 of its link's token) for `user`,
    /// replacing any earlier one of theirs.
    fn create_invitation(
        &mut self,
        user: Id,
        token_hash: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<()>;
    /// The user a live invitation is for; `None` when it is unknown,
    /// expired, used, or its user is disabled.
    fn invitation(&mut self, token_hash: &str, now: i64) -> Result<Option<User>>;
    /// Uses an invitation: sets the user's password hash and removes it, in
    /// one transaction. `None` when it is no longer live.
    fn accept_invitation(
        &mut self,
        token_hash: &str,
        password_hash: &str,
        now: i64,
    ) -> Result<Option<User>>;

    fn create_session(&mut self, session: &Session) -> Result<()>;
    /// The live session with this token hash and its user; `None` when it
    /// is unknown, expired, or its user is disabled.
    fn session(&mut self, token_hash: &str, now: i64) -> Result<Option<(Session, User)>>;
    fn end_session(&mut self, token_hash: &str) -> Result<()>;

    fn record_login_failure(&mut self, email: &str, address: &str, now: i64) -> Result<()>;
    /// Failed logins since `since`: (for this email, from this address).
    fn login_failures(&mut self, email: &str, address: &str, since: i64) -> Result<(u32, u32)>;
    /// Forgets the failures of an email (after a successful login).
    fn clear_login_failures(&mut self, email: &str) -> Result<()>;

    /// Shares a candidate's opportunity with a reviewer (idempotent).
    fn share(&mut self, candidate: Id, slug: &str, coach: Id, now: i64) -> Result<()>;
    /// Whether there was a share to remove.
    fn unshare(&mut self, candidate: Id, slug: &str, coach: Id) -> Result<bool>;
    fn shares_with(&mut self, coach: Id) -> Result<Vec<Share>>;
    fn shares_of(&mut self, candidate: Id) -> Result<Vec<Share>>;
    fn share_of(&mut self, candidate: Id, slug: &str, coach: Id) -> Result<Option<Share>>;
    fn mark_reviewed(&mut self, candidate: Id, slug: &str, coach: Id, now: i64) -> Result<()>;

    fn add_comment(&mut self, comment: &NewComment, now: i64) -> Result<Id>;
    /// The comments on one opportunity, oldest first.
    fn comments(&mut self, candidate: Id, slug: &str) -> Result<Vec<Comment>>;
    fn add_assignment(&mut self, assignment: &NewAssignment, now: i64) -> Result<Id>;
    /// A candidate's assignments (of one opportunity, or all), by due date.
    fn assignments(&mut self, candidate: Id, slug: Option<&str>) -> Result<Vec<Assignment>>;

    fn audit(
        &mut self,
        candidate: Id,
        actor: Id,
        action: &str,
        subject: &str,
        now: i64,
    ) -> Result<()>;
    /// What reviewers did with a candidate's records, newest first.
    fn audit_log(&mut self, candidate: Id) -> Result<Vec<AuditEntry>>;
}

/// The team's tables over a backend opened with the team's migrations (and
/// only those: no record tables sit beside them).
pub struct TeamDb<B>(B);

impl<B> std::fmt::Debug for TeamDb<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TeamDb").finish_non_exhaustive()
    }
}

/// Where a team keeps its tables and its candidates' stores.
#[derive(Clone, PartialEq, Eq)]
pub enum TeamLocation {
    Sqlite(PathBuf),
    Postgres {
        url: String,
        /// The prefix of the team's schemas, see [`DEFAULT_NAMESPACE`].
        namespace: String,
    },
}

impl std::fmt::Debug for TeamLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TeamLocation::Sqlite(p) => f.debug_tuple("Sqlite").field(p).finish(),
            TeamLocation::Postgres { url, namespace } => f
                .debug_struct("Postgres")
                .field("url", &crate::postgres::redact(url))
                .field("namespace", namespace)
                .finish(),
        }
    }
}

impl TeamLocation {
    /// A `--db` value: a `postgres://` URL, else a SQLite file.
    pub fn parse(spec: &str) -> TeamLocation {
        if spec.starts_with("postgres://") || spec.starts_with("postgresql://") {
            TeamLocation::Postgres {
                url: spec.to_string(),
                namespace: DEFAULT_NAMESPACE.to_string(),
            }
        } else {
            TeamLocation::Sqlite(PathBuf::from(spec))
        }
    }

    /// For messages: the file, or the URL without its password.
    pub fn display(&self) -> String {
        match self {
            TeamLocation::Sqlite(p) => p.display().to_string(),
            TeamLocation::Postgres { url, .. } => crate::postgres::redact(url),
        }
    }

    /// Opens (and migrates) the team's tables.
    pub fn open_team(&self) -> Result<Box<dyn TeamStore>> {
        Ok(match self {
            TeamLocation::Sqlite(path) => Box::new(TeamDb(SqliteStore::open_with(
                path,
                &Migrations::TEAM_SQLITE,
            )?)),
            TeamLocation::Postgres { url, namespace } => Box::new(TeamDb(PgStore::open_with(
                url,
                Some(&format!("{namespace}_team")),
                &Migrations::TEAM_POSTGRES,
            )?)),
        })
    }

    /// The folder of the candidates' SQLite files, beside the team's file.
    pub fn candidates_dir(path: &Path) -> PathBuf {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "team".into());
        path.with_file_name(format!("{stem}-candidates"))
    }

    /// Opens (creating and migrating) one candidate's own store.
    pub fn open_candidate(&self, candidate: Id) -> Result<Box<dyn Store>> {
        Ok(match self {
            TeamLocation::Sqlite(path) => {
                let dir = Self::candidates_dir(path);
                std::fs::create_dir_all(&dir).map_err(|e| StoreError::Open {
                    target: dir.display().to_string(),
                    source: Box::new(e),
                })?;
                Box::new(SqliteStore::open(&dir.join(format!("{candidate}.db")))?)
            }
            TeamLocation::Postgres { url, namespace } => Box::new(PgStore::open_in_schema(
                url,
                Some(&format!("{namespace}_candidate_{candidate}")),
            )?),
        })
    }
}

const USER_COLS: &str = "id, email, name, role, disabled, created_at";

fn user_row(r: &Row) -> Result<User> {
    let role = r.text(3)?;
    Ok(User {
        id: r.int(0)?,
        email: r.text(1)?,
        name: r.text(2)?,
        role: Role::parse(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown role `{role}`")))?,
        disabled: r.bool(4)?,
        created_at: r.int(5)?,
    })
}

fn share_row(r: &Row) -> Result<Share> {
    Ok(Share {
        candidate: r.int(0)?,
        slug: r.text(1)?,
        coach: r.int(2)?,
        shared_at: r.int(3)?,
        reviewed_at: r.opt_int(4)?,
    })
}

const SHARE_COLS: &str = "candidate_id, slug, coach_id, shared_at, reviewed_at";

fn check_user(user: &NewUser) -> Result<()> {
    round2_core::limits::check_email(&user.email).map_err(StoreError::Invalid)?;
    round2_core::limits::check_name("name", &user.name, round2_core::limits::MAX_NAME_CHARS)
        .map_err(StoreError::Invalid)?;
    Ok(())
}

fn text_of(what: &str, body: &str, max: usize) -> Result<()> {
    if body.trim().is_empty() {
        return Err(StoreError::Invalid(format!("the {what} is empty")));
    }
    if body.chars().count() > max {
        return Err(StoreError::Invalid(format!(
            "the {what} is longer than {max} characters"
        )));
    }
    Ok(())
}

/// The longest comment or assigned question kept.
pub const MAX_COMMENT_CHARS: usize = 10_000;

fn user_by(tx: &mut dyn Tx, id: Id) -> Result<User> {
    tx.query_one(
        &format!("SELECT {USER_COLS} FROM team_users WHERE id = $1"),
        &[id.into()],
    )?
    .map(|r| user_row(&r))
    .transpose()?
    .ok_or_else(|| StoreError::not_found("user", id.to_string()))
}

/// The active user a live invitation is for.
fn invited(tx: &mut dyn Tx, token_hash: &str, now: i64) -> Result<Option<User>> {
    let Some(r) = tx.query_one(
        "SELECT user_id FROM team_invitations WHERE token_hash = $1 AND expires_at > $2",
        &[token_hash.into(), now.into()],
    )?
    else {
        return Ok(None);
    };
    let user = user_by(tx, r.int(0)?)?;
    Ok((!user.disabled).then_some(user))
}

impl<B: Backend> TeamStore for TeamDb<B> {
    fn add_user(&mut self, user: &NewUser, now: i64) -> Result<User> {
        check_user(user)?;
        let email = user.email.trim().to_lowercase();
        self.0.transact(|tx| {
            if tx
                .query_one("SELECT 1 FROM team_users WHERE email = $1", &[(&email).into()])?
                .is_some()
            {
                return Err(StoreError::Conflict(format!(
                    "a user with the email {email} already exists"
                )));
            }
            let row = tx
                .query_one(
                    "INSERT INTO team_users (email, name, role, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                    &[
                        (&email).into(),
                        user.name.trim().into(),
                        user.role.as_str().into(),
                        now.into(),
                    ],
                )?;
            user_by(tx, inserted_id(row)?)
        })
    }

    fn user(&mut self, id: Id) -> Result<User> {
        self.0.read(|tx| user_by(tx, id))
    }

    fn user_by_email(&mut self, email: &str) -> Result<Option<User>> {
        let email = email.trim().to_lowercase();
        self.0.read(|tx| {
            tx.query_one(
                &format!("SELECT {USER_COLS} FROM team_users WHERE email = $1"),
                &[email.into()],
            )?
            .map(|r| user_row(&r))
            .transpose()
        })
    }

    fn users(&mut self) -> Result<Vec<User>> {
        self.0.read(|tx| {
            tx.query(
                &format!("SELECT {USER_COLS} FROM team_users ORDER BY id"),
                &[],
            )?
            .iter()
            .map(user_row)
            .collect()
        })
    }

    fn password_hash(&mut self, user: Id) -> Result<Option<String>> {
        self.0.read(|tx| {
            tx.query_one(
                "SELECT password_hash FROM team_users WHERE id = $1",
                &[user.into()],
            )?
            .ok_or_else(|| StoreError::not_found("user", user.to_string()))?
            .opt_text(0)
        })
    }

    fn set_password_hash(&mut self, user: Id, hash: &str) -> Result<()> {
        self.0.transact(|tx| {
            let n = tx.exec(
                "UPDATE team_users SET password_hash = $1 WHERE id = $2",
                &[hash.into(), user.into()],
            )?;
            if n == 0 {
                return Err(StoreError::not_found("user", user.to_string()));
            }
            tx.exec(
                "DELETE FROM team_sessions WHERE user_id = $1",
                &[user.into()],
            )?;
            Ok(())
        })
    }

    fn set_disabled(&mut self, user: Id, disabled: bool) -> Result<()> {
        self.0.transact(|tx| {
            let n = tx.exec(
                "UPDATE team_users SET disabled = $1 WHERE id = $2",
                &[disabled.into(), user.into()],
            )?;
            if n == 0 {
                return Err(StoreError::not_found("user", user.to_string()));
            }
            if disabled {
                tx.exec(
                    "DELETE FROM team_sessions WHERE user_id = $1",
                    &[user.into()],
                )?;
            }
            Ok(())
        })
    }

    fn create_invitation(
        &mut self,
        user: Id,
        token_hash: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<()> {
        self.0.transact(|tx| {
            user_by(tx, user)?;
            tx.exec(
                "DELETE FROM team_invitations WHERE user_id = $1 OR expires_at <= $2",
                &[user.into(), now.into()],
            )?;
            tx.exec(
                "INSERT INTO team_invitations (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                &[token_hash.into(), user.into(), now.into(), expires_at.into()],
            )?;
            Ok(())
        })
    }

    fn invitation(&mut self, token_hash: &str, now: i64) -> Result<Option<User>> {
        self.0.read(|tx| invited(tx, token_hash, now))
    }

    fn accept_invitation(
        &mut self,
        token_hash: &str,
        password_hash: &str,
        now: i64,
    ) -> Result<Option<User>> {
        self.0.transact(|tx| {
            let Some(user) = invited(tx, token_hash, now)? else {
                return Ok(None);
            };
            tx.exec(
                "UPDATE team_users SET password_hash = $1 WHERE id = $2",
                &[password_hash.into(), user.id.into()],
            )?;
            tx.exec(
                "DELETE FROM team_invitations WHERE user_id = $1",
                &[user.id.into()],
            )?;
            tx.exec(
                "DELETE FROM team_sessions WHERE user_id = $1",
                &[user.id.into()],
            )?;
            Ok(Some(user))
        })
    }

    fn create_session(&mut self, s: &Session) -> Result<()> {
        self.0.transact(|tx| {
            // Expired sessions go whenever a new one is made.
            tx.exec(
                "DELETE FROM team_sessions WHERE expires_at <= $1",
                &[s.created_at.into()],
            )?;
            tx.exec(
                "INSERT INTO team_sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
                &[
                    (&s.token_hash).into(),
                    s.user.into(),
                    (&s.csrf).into(),
                    s.created_at.into(),
                    s.expires_at.into(),
                ],
            )?;
            Ok(())
        })
    }

    fn session(&mut self, token_hash: &str, now: i64) -> Result<Option<(Session, User)>> {
        self.0.read(|tx| {
            let Some(r) = tx.query_one(
                "SELECT u.id, u.email, u.name, u.role, u.disabled, u.created_at, s.token_hash, s.csrf, s.created_at, s.expires_at FROM team_sessions s JOIN team_users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2",
                &[token_hash.into(), now.into()],
            )?
            else {
                return Ok(None);
            };
            let user = user_row(&r)?;
            let session = Session {
                token_hash: r.text(6)?,
                user: user.id,
                csrf: r.text(7)?,
                created_at: r.int(8)?,
                expires_at: r.int(9)?,
            };
            Ok((!user.disabled).then_some((session, user)))
        })
    }

    fn end_session(&mut self, token_hash: &str) -> Result<()> {
        self.0.transact(|tx| {
            tx.exec(
                "DELETE FROM team_sessions WHERE token_hash = $1",
                &[token_hash.into()],
            )?;
            Ok(())
        })
    }

    fn record_login_failure(&mut self, email: &str, address: &str, now: i64) -> Result<()> {
        let email = email.trim().to_lowercase();
        self.0.transact(|tx| {
            // A day of history is more than any window asks for.
            tx.exec(
                "DELETE FROM team_login_failures WHERE at < $1",
                &[(now - 86_400).into()],
            )?;
            tx.exec(
                "INSERT INTO team_login_failures (email, address, at) VALUES ($1, $2, $3)",
                &[email.into(), address.into(), now.into()],
            )?;
            Ok(())
        })
    }

    fn login_failures(&mut self, email: &str, address: &str, since: i64) -> Result<(u32, u32)> {
        let email = email.trim().to_lowercase();
        self.0.read(|tx| {
            let count = |tx: &mut dyn Tx, col: &str, v: &str| -> Result<u32> {
                let n = tx
                    .query_one(
                        &format!(
                            "SELECT COUNT(*) FROM team_login_failures WHERE {col} = $1 AND at >= $2"
                        ),
                        &[v.into(), since.into()],
                    )?
                    .map(|r| r.int(0))
                    .transpose()?
                    .unwrap_or(0);
                Ok(u32::try_from(n).unwrap_or(u32::MAX))
            };
            Ok((count(tx, "email", &email)?, count(tx, "address", address)?))
        })
    }

    fn clear_login_failures(&mut self, email: &str) -> Result<()> {
        let email = email.trim().to_lowercase();
        self.0.transact(|tx| {
            tx.exec(
                "DELETE FROM team_login_failures WHERE email = $1",
                &[email.into()],
            )?;
            Ok(())
        })
    }

    fn share(&mut self, candidate: Id, slug: &str, coach: Id, now: i64) -> Result<()> {
        self.0.transact(|tx| {
            let owner = user_by(tx, candidate)?;
            let reviewer = user_by(tx, coach)?;
            if owner.role != Role::Candidate {
                return Err(StoreError::Conflict(format!(
                    "{} is a {}, not a candidate: only a candidate's opportunities are shared",
                    owner.email, owner.role
                )));
            }
            if !reviewer.role.reviews() {
                return Err(StoreError::Conflict(format!(
                    "{} is a {}: opportunities are shared with coaches (or admins)",
                    reviewer.email, reviewer.role
                )));
            }
            if tx
                .query_one(
                    "SELECT 1 FROM team_shares WHERE candidate_id = $1 AND slug = $2 AND coach_id = $3",
                    &[candidate.into(), slug.into(), coach.into()],
                )?
                .is_none()
            {
                tx.exec(
                    "INSERT INTO team_shares (candidate_id, slug, coach_id, shared_at) VALUES ($1, $2, $3, $4)",
                    &[candidate.into(), slug.into(), coach.into(), now.into()],
                )?;
            }
            Ok(())
        })
    }

    fn unshare(&mut self, candidate: Id, slug: &str, coach: Id) -> Result<bool> {
        self.0.transact(|tx| {
            Ok(tx.exec(
                "DELETE FROM team_shares WHERE candidate_id = $1 AND slug = $2 AND coach_id = $3",
                &[candidate.into(), slug.into(), coach.into()],
            )? > 0)
        })
    }

    fn shares_with(&mut self, coach: Id) -> Result<Vec<Share>> {
        self.0.read(|tx| {
            tx.query(
                &format!("SELECT {SHARE_COLS} FROM team_shares WHERE coach_id = $1 ORDER BY candidate_id, slug"),
                &[coach.into()],
            )?
            .iter()
            .map(share_row)
            .collect()
        })
    }

    fn shares_of(&mut self, candidate: Id) -> Result<Vec<Share>> {
        self.0.read(|tx| {
            tx.query(
                &format!("SELECT {SHARE_COLS} FROM team_shares WHERE candidate_id = $1 ORDER BY slug, coach_id"),
                &[candidate.into()],
            )?
            .iter()
            .map(share_row)
            .collect()
        })
    }

    fn share_of(&mut self, candidate: Id, slug: &str, coach: Id) -> Result<Option<Share>> {
        self.0.read(|tx| {
            tx.query_one(
                &format!("SELECT {SHARE_COLS} FROM team_shares WHERE candidate_id = $1 AND slug = $2 AND coach_id = $3"),
                &[candidate.into(), slug.into(), coach.into()],
            )?
            .map(|r| share_row(&r))
            .transpose()
        })
    }

    fn mark_reviewed(&mut self, candidate: Id, slug: &str, coach: Id, now: i64) -> Result<()> {
        self.0.transact(|tx| {
            let n = tx.exec(
                "UPDATE team_shares SET reviewed_at = $1 WHERE candidate_id = $2 AND slug = $3 AND coach_id = $4",
                &[now.into(), candidate.into(), slug.into(), coach.into()],
            )?;
            if n == 0 {
                return Err(StoreError::not_found("share", slug));
            }
            Ok(())
        })
    }

    fn add_comment(&mut self, c: &NewComment, now: i64) -> Result<Id> {
        text_of("comment", &c.body, MAX_COMMENT_CHARS)?;
        self.0.transact(|tx| {
            if let Some(parent) = c.reply_to {
                let same = tx
                    .query_one(
                        "SELECT 1 FROM team_comments WHERE id = $1 AND candidate_id = $2 AND slug = $3",
                        &[parent.into(), c.candidate.into(), (&c.slug).into()],
                    )?
                    .is_some();
                if !same {
                    return Err(StoreError::not_found("comment", parent.to_string()));
                }
            }
            let row = tx
                .query_one(
                    "INSERT INTO team_comments (candidate_id, slug, target, author_id, body, reply_to, at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                    &[
                        c.candidate.into(),
                        (&c.slug).into(),
                        c.target.encode().into(),
                        c.author.into(),
                        c.body.trim().into(),
                        c.reply_to.into(),
                        now.into(),
                    ],
                )?;
            inserted_id(row)
        })
    }

    fn comments(&mut self, candidate: Id, slug: &str) -> Result<Vec<Comment>> {
        self.0.read(|tx| {
            tx.query(
                "SELECT c.id, c.candidate_id, c.slug, c.target, c.author_id, u.name, c.body, c.reply_to, c.at FROM team_comments c JOIN team_users u ON u.id = c.author_id WHERE c.candidate_id = $1 AND c.slug = $2 ORDER BY c.at, c.id",
                &[candidate.into(), slug.into()],
            )?
            .iter()
            .map(|r| {
                let target = r.text(3)?;
                Ok(Comment {
                    id: r.int(0)?,
                    candidate: r.int(1)?,
                    slug: r.text(2)?,
                    target: Target::decode(&target).ok_or_else(|| {
                        StoreError::Corrupt(format!("unknown comment target `{target}`"))
                    })?,
                    author: r.int(4)?,
                    author_name: r.text(5)?,
                    body: r.text(6)?,
                    reply_to: r.opt_int(7)?,
                    at: r.int(8)?,
                })
            })
            .collect()
        })
    }

    fn add_assignment(&mut self, a: &NewAssignment, now: i64) -> Result<Id> {
        text_of("question", &a.question, MAX_COMMENT_CHARS)?;
        if chrono::NaiveDate::parse_from_str(a.due.trim(), "%Y-%m-%d").is_err() {
            return Err(StoreError::Invalid(format!(
                "the due date `{}` is not a date like 2026-12-01",
                a.due
            )));
        }
        self.0.transact(|tx| {
            let row = tx
                .query_one(
                    "INSERT INTO team_assignments (candidate_id, slug, coach_id, question, due, at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                    &[
                        a.candidate.into(),
                        (&a.slug).into(),
                        a.coach.into(),
                        a.question.trim().into(),
                        a.due.trim().into(),
                        now.into(),
                    ],
                )?;
            inserted_id(row)
        })
    }

    fn assignments(&mut self, candidate: Id, slug: Option<&str>) -> Result<Vec<Assignment>> {
        self.0.read(|tx| {
            let cols = "SELECT a.id, a.candidate_id, a.slug, a.coach_id, u.name, a.question, a.due, a.at FROM team_assignments a JOIN team_users u ON u.id = a.coach_id WHERE a.candidate_id = $1";
            match slug {
                Some(slug) => tx.query(
                    &format!("{cols} AND a.slug = $2 ORDER BY a.due, a.id"),
                    &[candidate.into(), slug.into()],
                )?,
                None => tx.query(
                    &format!("{cols} ORDER BY a.due, a.id"),
                    &[candidate.into()],
                )?,
            }
            .iter()
            .map(|r| {
                Ok(Assignment {
                    id: r.int(0)?,
                    candidate: r.int(1)?,
                    slug: r.text(2)?,
                    coach: r.int(3)?,
                    coach_name: r.text(4)?,
                    question: r.text(5)?,
                    due: r.text(6)?,
                    at: r.int(7)?,
                })
            })
            .collect()
        })
    }

    fn audit(
        &mut self,
        candidate: Id,
        actor: Id,
        action: &str,
        subject: &str,
        now: i64,
    ) -> Result<()> {
        self.0.transact(|tx| {
            tx.exec(
                "INSERT INTO team_audit (candidate_id, actor_id, action, subject, at) VALUES ($1, $2, $3, $4, $5)",
                &[
                    candidate.into(),
                    actor.into(),
                    action.into(),
                    subject.into(),
                    now.into(),
                ],
            )?;
            Ok(())
        })
    }

    fn audit_log(&mut self, candidate: Id) -> Result<Vec<AuditEntry>> {
        self.0.read(|tx| {
            tx.query(
                "SELECT a.candidate_id, a.actor_id, u.name, a.action, a.subject, a.at FROM team_audit a JOIN team_users u ON u.id = a.actor_id WHERE a.candidate_id = $1 ORDER BY a.at DESC, a.id DESC",
                &[candidate.into()],
            )?
            .iter()
            .map(|r| {
                Ok(AuditEntry {
                    candidate: r.int(0)?,
                    actor: r.int(1)?,
                    actor_name: r.text(2)?,
                    action: r.text(3)?,
                    subject: r.text(4)?,
                    at: r.int(5)?,
                })
            })
            .collect()
        })
    }
}
