//! round2-team: the team server behind `round2 team serve`.
//!
//! A candidate logs in and gets the local UI's own pages over their own
//! records (each candidate's records are a store of their own, see
//! [`round2_store::team`]), plus the team's pages: sharing an opportunity
//! with a coach, the coach's comments and assigned practice, replies, and
//! the log of every read a coach made. A coach (or recruiter) logs in and
//! gets the opportunities shared with them, read-only, where they comment,
//! assign practice and mark a pack reviewed. An admin manages accounts.
//!
//! Who may see what is decided in one place, [`handlers::access`], before
//! any candidate's store is opened: the owner, or a reviewer the owner
//! shared that opportunity with. Anything else is answered as if it did not
//! exist.
//!
//! Everything an instance needs to answer is in the database (sessions,
//! login failures, shares): several instances can serve one PostgreSQL.

pub mod auth;
mod config;
mod handlers;
mod pages;
mod pool;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, FixedOffset};
use round2_core::{Id, PrepPack};
use round2_store::{TeamLocation, TeamStore};
use round2_web::{Clock, Derivations, Models, SharedStore};

use pool::{CandidateConnection, Pool};

pub use auth::LoginLimits;
pub use config::{ConfigFile, Layer, Settings, Source, DEFAULT_BIND};
pub use handlers::TeamError;

/// How a team server runs.
#[derive(Debug, Clone)]
pub struct TeamConfig {
    pub location: TeamLocation,
    /// Cookies marked `Secure`: the server is reached over TLS (a reverse
    /// proxy in front of it).
    pub secure_cookies: bool,
    /// Take the client's address from the last `X-Forwarded-For` entry
    /// (the one a reverse proxy in front appended), for the per-address
    /// login limit; else every user behind the proxy would share its
    /// address.
    pub trust_proxy: bool,
    pub limits: LoginLimits,
}

/// What every request shares: the team's tables, the candidates' stores
/// (opened once, kept), the models and the clock.
#[derive(Clone)]
pub struct TeamState {
    inner: Arc<Inner>,
}

struct Inner {
    location: TeamLocation,
    team: Arc<Pool<Box<dyn TeamStore>>>,
    candidates: Candidates,
    /// What was derived from each candidate's records, the most recently
    /// used last (at most [`KEPT_DERIVATIONS`]).
    derivations: Recent<Derivations>,
    models: Models,
    clock: Clock,
    secure: bool,
    trust_proxy: bool,
    limits: LoginLimits,
}

impl TeamState {
    /// Opens the team's tables; the models are those installed here.
    pub fn open(config: &TeamConfig) -> anyhow::Result<TeamState> {
        let team = config.location.open_team()?;
        Ok(Self::with_store(
            config,
            team,
            Models::installed(),
            Arc::new(|| chrono::Local::now().fixed_offset()),
        ))
    }

    /// A state over an opened team store, with the models and the clock
    /// given (tests fix both).
    pub fn with_store(
        config: &TeamConfig,
        team: Box<dyn TeamStore>,
        models: Models,
        clock: Clock,
    ) -> TeamState {
        TeamState {
            inner: Arc::new(Inner {
                location: config.location.clone(),
                team: team_pool(&config.location, team),
                candidates: Candidates::new(&config.location),
                derivations: Recent::new(KEPT_DERIVATIONS),
                models,
                clock,
                secure: config.secure_cookies,
                trust_proxy: config.trust_proxy,
                limits: config.limits,
            }),
        }
    }

    pub(crate) fn now(&self) -> DateTime<FixedOffset> {
        (self.inner.clock)()
    }

    pub(crate) fn now_secs(&self) -> i64 {
        self.now().timestamp()
    }

    pub(crate) fn clock(&self) -> Clock {
        Arc::clone(&self.inner.clock)
    }

    pub(crate) fn models(&self) -> &Models {
        &self.inner.models
    }

    pub(crate) fn secure(&self) -> bool {
        self.inner.secure
    }

    pub(crate) fn trust_proxy(&self) -> bool {
        self.inner.trust_proxy
    }

    pub(crate) fn limits(&self) -> LoginLimits {
        self.inner.limits
    }

    /// Runs `f` on the team's tables on a blocking thread.
    pub(crate) async fn team<T, F>(&self, f: F) -> Result<T, TeamError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn TeamStore) -> Result<T, TeamError> + Send + 'static,
    {
        let pool = Arc::clone(&self.inner.team);
        tokio::task::spawn_blocking(move || {
            let mut lease = pool.take()?;
            f(lease.as_mut())
        })
        .await
        .map_err(|e| TeamError::internal(format!("a team store task failed: {e}")))?
    }

    /// What was derived from a candidate's records.
    pub(crate) fn derivations(&self, id: Id) -> Derivations {
        self.inner
            .derivations
            .get_or_insert(id, || Ok(Derivations::default()))
            .unwrap_or_default()
    }

    /// The ledger of a candidate's `pack`, judged as their own pages judge
    /// it (by meaning when the model is installed), once per content.
    pub(crate) async fn ledger(
        &self,
        candidate: Id,
        store: SharedStore,
        pack: PrepPack,
    ) -> Result<round2_coverage::Ledger, TeamError> {
        let (models, derivations) = (self.models().clone(), self.derivations(candidate));
        tokio::task::spawn_blocking(move || {
            derivations.ledger(&pack, &|texts| {
                models
                    .meaning()?
                    .vectors(&*store, texts, &mut |_, _| {})
                    .ok()
            })
        })
        .await
        .map_err(|e| TeamError::internal(format!("judging a ledger: {e}")))
    }

    /// One candidate's store for one request.
    pub(crate) async fn candidate(&self, id: Id) -> Result<SharedStore, TeamError> {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || inner.candidates.get(&inner.location, id))
            .await
            .map_err(|e| TeamError::internal(format!("opening a candidate's store: {e}")))?
    }
}

/// The most candidates whose derived ledgers are kept.
pub const KEPT_DERIVATIONS: usize = 2048;

/// The most connections to the team's tables open at once.
pub const TEAM_CONNECTIONS: usize = 8;
/// The most PostgreSQL connections candidates' requests hold at once.
pub const CANDIDATE_CONNECTIONS: usize = 16;
/// The most candidates' SQLite files kept open.
pub const OPEN_CANDIDATE_FILES: usize = 256;

fn team_pool(location: &TeamLocation, first: Box<dyn TeamStore>) -> Arc<Pool<Box<dyn TeamStore>>> {
    let location = location.clone();
    let pool = Pool::new(TEAM_CONNECTIONS, Box::new(move || location.open_team()));
    // The connection the caller opened (and migrated) is the first.
    pool.adopt(first);
    pool
}

/// Values per candidate, at most `max`, the least recently used dropped
/// first.
struct Recent<V> {
    max: usize,
    /// The most recently used last.
    kept: Mutex<Vec<(Id, V)>>,
}

impl<V: Clone> Recent<V> {
    fn new(max: usize) -> Recent<V> {
        Recent {
            max,
            kept: Mutex::new(Vec::new()),
        }
    }

    /// The value of `id`, made by `make` (outside the lock: it may open a
    /// file) when it is not kept.
    fn get_or_insert(
        &self,
        id: Id,
        make: impl FnOnce() -> Result<V, TeamError>,
    ) -> Result<V, TeamError> {
        let poisoned = || TeamError::internal("a lock of kept values was poisoned");
        let hit = |kept: &mut Vec<(Id, V)>| {
            let i = kept.iter().position(|(k, _)| *k == id)?;
            let entry = kept.remove(i);
            let v = entry.1.clone();
            kept.push(entry);
            Some(v)
        };
        if let Some(v) = hit(&mut *self.kept.lock().map_err(|_| poisoned())?) {
            return Ok(v);
        }
        let made = make()?;
        let mut kept = self.kept.lock().map_err(|_| poisoned())?;
        if let Some(v) = hit(&mut kept) {
            return Ok(v);
        }
        if kept.len() >= self.max {
            kept.remove(0);
        }
        kept.push((id, made.clone()));
        Ok(made)
    }
}

/// How candidates' stores are reached: SQLite files kept open (a bounded
/// number), or pooled PostgreSQL connections moved to the candidate's
/// schema for each request.
enum Candidates {
    Sqlite(Recent<SharedStore>),
    Postgres {
        pool: Arc<Pool<round2_store::PgStore>>,
        namespace: String,
        migrated: round2_store::MigratedSchemas,
    },
}

impl Candidates {
    fn new(location: &TeamLocation) -> Candidates {
        match location {
            TeamLocation::Sqlite(_) => Candidates::Sqlite(Recent::new(OPEN_CANDIDATE_FILES)),
            TeamLocation::Postgres { url, namespace } => {
                let url = url.clone();
                Candidates::Postgres {
                    pool: Pool::new(
                        CANDIDATE_CONNECTIONS,
                        Box::new(move || round2_store::PgStore::open_bare(&url)),
                    ),
                    namespace: namespace.clone(),
                    migrated: Default::default(),
                }
            }
        }
    }

    /// Blocking.
    fn get(&self, location: &TeamLocation, id: Id) -> Result<SharedStore, TeamError> {
        match self {
            Candidates::Sqlite(open) => open.get_or_insert(id, || {
                Ok(Arc::new(Mutex::new(location.open_candidate(id)?)))
            }),
            Candidates::Postgres {
                pool,
                namespace,
                migrated,
            } => {
                let mut lease = pool.take()?;
                lease.use_schema(&format!("{namespace}_candidate_{id}"), migrated)?;
                Ok(Arc::new(Mutex::new(Box::new(CandidateConnection(lease)))))
            }
        }
    }
}

/// Runs `f` on a candidate's store on a blocking thread.
pub(crate) async fn on_store<T, F>(store: SharedStore, f: F) -> Result<T, TeamError>
where
    T: Send + 'static,
    F: FnOnce(&mut dyn round2_store::Store) -> Result<T, TeamError> + Send + 'static,
{
    tokio::task::spawn_blocking(move || {
        let mut guard = store
            .lock()
            .map_err(|_| TeamError::internal("a candidate's store lock was poisoned"))?;
        f(guard.as_mut())
    })
    .await
    .map_err(|e| TeamError::internal(format!("a store task failed: {e}")))?
}

/// Every route of the team server. What is not a team route goes to the
/// local UI's pages over the logged-in candidate's own store.
pub fn router(state: TeamState) -> Router {
    Router::new()
        .route("/login", get(handlers::login_form).post(handlers::login))
        .route("/logout", post(handlers::logout))
        .route(
            "/invite/{token}",
            get(handlers::invitation).post(handlers::accept_invitation),
        )
        .route("/team/users", post(handlers::invite_user))
        .route("/team", get(handlers::team_home))
        .route("/team/share", post(handlers::share))
        .route("/team/unshare", post(handlers::unshare))
        .route("/team/audit", get(handlers::audit_log))
        .route("/team/c/{candidate}/o/{slug}", get(handlers::pack))
        .route(
            "/team/c/{candidate}/o/{slug}/comments",
            post(handlers::comment),
        )
        .route(
            "/team/c/{candidate}/o/{slug}/assignments",
            post(handlers::assign),
        )
        .route(
            "/team/c/{candidate}/o/{slug}/reviewed",
            post(handlers::mark_reviewed),
        )
        .route("/team/users/{id}/disable", post(handlers::disable_user))
        .route("/team/users/{id}/enable", post(handlers::enable_user))
        .fallback(handlers::candidate_pages)
        .layer(axum::extract::DefaultBodyLimit::max(round2_web::BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            handlers::guard,
        ))
        .with_state(state)
}

/// Serves the team server on `addr` until Ctrl-C.
pub async fn serve(config: TeamConfig, addr: SocketAddr) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let state = TeamState::open(&config)?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr} (is another server on that port?)"))?;
    let local = listener
        .local_addr()
        .context("reading the address the server listens on")?;
    println!(
        "round2 team server on http://{local}/  (data: {}; Ctrl-C to stop)",
        config.location.display()
    );
    if !local.ip().is_loopback() && !config.secure_cookies {
        eprintln!(
            "round2: warning: serving plain HTTP on {local}, a non-loopback address: passwords \
             and session cookies cross the network unencrypted. Put a TLS reverse proxy in \
             front and pass --secure-cookies (see the README's team section)."
        );
    }
    round2_web::serve_until_ctrl_c(listener, router(state))
        .await
        .context("serving the team server")
}

/// [`serve`] for a synchronous caller.
pub fn serve_blocking(config: TeamConfig, addr: SocketAddr) -> anyhow::Result<()> {
    round2_web::block_on(serve(config, addr))
}
