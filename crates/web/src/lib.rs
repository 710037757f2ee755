//! round2-web: the local web UI behind `round2 serve`.
//!
//! Server-rendered HTML (one [`maud`] template struct per page, see
//! [`pages`]), every asset embedded in the binary, forms that work without
//! JavaScript. Handlers are thin: extract, call core/store/practice, return
//! one page. The server is meant for the candidate's own machine: it binds to
//! loopback, answers only to `127.0.0.1:PORT`, `localhost:PORT` and
//! `[::1]:PORT` (DNS rebinding), checks a CSRF token on every POST and caps
//! request bodies at [`BODY_LIMIT`]. See [`security`].
//!
//! The CLI calls [`serve_blocking`] (it builds its own tokio runtime); an
//! async caller uses [`serve`]; tests build the [`router`] over an
//! [`AppState`] and call it in-process.

pub mod assets;
mod cache;
mod chart;
mod coverage_view;
mod error;
mod forms;
mod hearing;
pub mod layout;
mod page_cache;
pub mod pages;
mod reply;
mod routes;
pub mod security;
mod speech;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use chrono::{DateTime, FixedOffset};
use round2_store::Store;

pub use error::WebError;
pub use routes::router;

/// The largest request body accepted, the prep-file upload included.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The largest recording of a spoken answer accepted (`/practice/audio`):
/// about three minutes of 48 kHz stereo, or twenty of 16 kHz mono.
pub const AUDIO_LIMIT: usize = 40 * 1024 * 1024;

/// The body limit of a request to `path`.
pub fn body_limit(path: &str) -> usize {
    if path == "/practice/audio" {
        AUDIO_LIMIT
    } else {
        BODY_LIMIT
    }
}

/// How long a request body may take to arrive in full: a form or an
/// uploaded prep file comes from this machine in milliseconds, so a client
/// that declares a body and trickles it holds a connection no longer.
pub const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// "Now", passed in so tests can fix it.
pub type Clock = Arc<dyn Fn() -> DateTime<FixedOffset> + Send + Sync>;

/// What a server derives from one store's records (ledgers, readiness,
/// the home page's rows), kept across requests, and the spoken answers
/// being transcribed for it. Ledgers are keyed by the records they read,
/// so a changed pack is judged again whoever changed it.
#[derive(Clone, Default)]
pub struct Derivations(Arc<cache::Cache>, Arc<hearing::Hearings>);

impl Derivations {
    /// The ledger of `pack` for its next round, judged once per content.
    pub fn ledger(
        &self,
        pack: &round2_core::PrepPack,
        vectors: &dyn Fn(&[String]) -> Option<round2_coverage::Vectors>,
    ) -> round2_coverage::Ledger {
        self.0.derived(pack, vectors).ledger.clone()
    }

    /// Its readiness (0..=1).
    pub fn readiness(
        &self,
        pack: &round2_core::PrepPack,
        vectors: &dyn Fn(&[String]) -> Option<round2_coverage::Vectors>,
    ) -> f32 {
        self.0.readiness(pack, vectors)
    }
}

/// The sentence models the judgements read meaning with, loaded (lazily)
/// once per server and shared by every store it serves.
#[derive(Clone, Default)]
pub struct Models {
    meaning: Option<Arc<round2_embed::Meaning>>,
    /// The larger model stories are ranked with, when installed.
    rank_meaning: Option<Arc<round2_embed::Meaning>>,
}

impl Models {
    /// The models installed on this machine (none when none is).
    pub fn installed() -> Models {
        Models {
            meaning: round2_embed::Meaning::installed().ok().map(Arc::new),
            // Only a model of its own: else the stories rank with `meaning`
            // (one loaded model, not two of the same).
            rank_meaning: round2_embed::Meaning::installed_for_ranking()
                .ok()
                .filter(|m| m.name() == round2_coverage::LARGE_RANKING_MODEL)
                .map(Arc::new),
        }
    }

    /// The sentence model, when installed.
    pub fn meaning(&self) -> Option<&round2_embed::Meaning> {
        self.meaning.as_deref()
    }
}

/// A store several requests share (its methods take `&mut self`).
pub type SharedStore = Arc<Mutex<Box<dyn Store>>>;

/// What every handler shares: the store (behind a mutex: its methods take
/// `&mut self`), the per-process CSRF token, the port the server answers
/// on, and the clock (passed in so tests can fix "now").
#[derive(Clone)]
pub struct AppState {
    store: SharedStore,
    csrf: Arc<str>,
    port: u16,
    clock: Clock,
    cache: Arc<cache::Cache>,
    pages: Arc<page_cache::PageCache>,
    /// The sentence model, when installed; without it the judgements run on
    /// words and the pages that judge say so.
    meaning: Option<Arc<round2_embed::Meaning>>,
    /// The larger model stories are ranked with, when it is installed.
    rank_meaning: Option<Arc<round2_embed::Meaning>>,
    /// Which `Host` and `Origin` the server answers to.
    hosts: Hosts,
    /// Spoken answers being transcribed, and those waiting to be saved.
    hearings: Arc<hearing::Hearings>,
}

/// Which requests a state's server answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hosts {
    /// The local UI: `127.0.0.1:PORT` and its other names only.
    Loopback,
    /// One candidate's pages on the team server, which checks who asks
    /// (a session) before it hands a request over: any `Host`, but a
    /// change must come from a page of the same origin.
    Team,
}

impl AppState {
    /// A state over `store` for a server listening on `port`, with a fresh
    /// random CSRF token and the system clock.
    pub fn new(store: Box<dyn Store>, port: u16) -> anyhow::Result<Self> {
        let models = Models::installed();
        Ok(AppState {
            store: Arc::new(Mutex::new(store)),
            csrf: security::new_token()?.into(),
            port,
            clock: Arc::new(|| chrono::Local::now().fixed_offset()),
            cache: Arc::new(cache::Cache::default()),
            pages: Arc::new(page_cache::PageCache::default()),
            meaning: models.meaning,
            rank_meaning: models.rank_meaning,
            hosts: Hosts::Loopback,
            hearings: Arc::default(),
        })
    }

    /// The state of one candidate's pages on the team server: their own
    /// store, the CSRF token of the session asking, the team server's
    /// models and clock. Pages are not kept between requests (each carries
    /// its session's token).
    pub fn for_team_member(
        store: SharedStore,
        csrf: &str,
        models: &Models,
        clock: Clock,
        derivations: &Derivations,
    ) -> AppState {
        AppState {
            store,
            csrf: csrf.into(),
            port: 0,
            clock,
            cache: Arc::clone(&derivations.0),
            pages: Arc::new(page_cache::PageCache::default()),
            meaning: models.meaning.clone(),
            rank_meaning: models.rank_meaning.clone(),
            hosts: Hosts::Team,
            hearings: Arc::clone(&derivations.1),
        }
    }

    /// Whether rendered pages are kept between requests (the local UI).
    pub(crate) fn keeps_pages(&self) -> bool {
        self.hosts == Hosts::Loopback
    }

    /// Whether the `Host` check is the local UI's.
    pub(crate) fn loopback_only(&self) -> bool {
        self.hosts == Hosts::Loopback
    }

    /// Runs without the sentence model (tests of the lexical path).
    pub fn without_model(mut self) -> Self {
        self.meaning = None;
        self.rank_meaning = None;
        self
    }

    /// Whether the judgements read meaning (the sentence model is installed).
    pub fn has_model(&self) -> bool {
        self.meaning.is_some()
    }

    /// The sentence vectors of `texts` (cached in the store), or `None`
    /// without a usable model. Blocking: call it off the async threads.
    pub(crate) fn vectors(&self, texts: &[String]) -> Option<round2_coverage::Vectors> {
        self.meaning
            .as_ref()?
            .vectors(&*self.store, texts, &mut |_, _| {})
            .ok()
    }

    /// The story ranking's vectors of `texts`, with the model that made
    /// them; `None` without a usable model. Blocking, as [`Self::vectors`].
    pub(crate) fn rank_vectors(&self, texts: &[String]) -> Option<round2_coverage::RankVectors> {
        let m = self.rank_meaning.as_ref().or(self.meaning.as_ref())?;
        let vectors = m.vectors(&*self.store, texts, &mut |_, _| {}).ok()?;
        Some(round2_coverage::RankVectors {
            model: m.name().to_string(),
            vectors,
        })
    }

    /// Replaces the clock (tests fix "now" to check deadlines).
    pub fn with_clock(
        mut self,
        clock: impl Fn() -> DateTime<FixedOffset> + Send + Sync + 'static,
    ) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The token every state-changing form must carry in its `csrf` field.
    pub fn csrf_token(&self) -> &str {
        &self.csrf
    }

    /// The port the `Host` header must name.
    pub fn port(&self) -> u16 {
        self.port
    }

    pub(crate) fn cache(&self) -> &cache::Cache {
        &self.cache
    }

    pub(crate) fn hearings(&self) -> &Arc<hearing::Hearings> {
        &self.hearings
    }

    pub(crate) fn pages(&self) -> &page_cache::PageCache {
        &self.pages
    }

    /// Forgets everything derived from the records: they changed.
    pub(crate) fn invalidate(&self) {
        self.cache.invalidate();
        self.pages.invalidate();
    }

    /// How many times the kept pages were dropped because the records
    /// changed (through this server or another process).
    pub fn changes_seen(&self) -> u64 {
        self.pages.generation()
    }

    pub(crate) fn now(&self) -> DateTime<FixedOffset> {
        (self.clock)()
    }

    /// Runs `f` on the store on a blocking thread, holding the lock only for
    /// the duration of `f`.
    pub(crate) async fn run<T, F>(&self, f: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Store) -> Result<T, WebError> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || {
            let mut guard = store.lock().map_err(|_| {
                WebError::internal("the store lock was poisoned by an earlier panic")
            })?;
            f(guard.as_mut())
        })
        .await
        .map_err(|e| WebError::internal(format!("a store task failed: {e}")))?
    }
}

/// Serves the web UI on `addr` until Ctrl-C. Prints the address; with
/// `open_browser`, asks the desktop to open it. `addr` should be loopback
/// (`127.0.0.1:PORT`); port 0 picks a free port. Anything else is refused:
/// the UI has no login and must not be reachable from the network.
pub async fn serve(
    store: Box<dyn Store>,
    addr: SocketAddr,
    open_browser: bool,
) -> anyhow::Result<()> {
    use anyhow::Context as _;
    if !addr.ip().is_loopback() {
        anyhow::bail!(
            "{addr} is not a loopback address: the web UI has no login, so it only listens on \
             127.0.0.1 or ::1 (use --port to change the port)"
        );
    }
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
        format!("cannot listen on {addr} (is another round2 serve running? try --port)")
    })?;
    let local = listener
        .local_addr()
        .context("reading the address the server listens on")?;
    let state = AppState::new(store, local.port())?;
    let url = match local {
        SocketAddr::V4(a) => format!("http://{}:{}/", a.ip(), a.port()),
        SocketAddr::V6(a) => format!("http://[{}]:{}/", a.ip(), a.port()),
    };
    println!("round2 is serving {url}  (Ctrl-C to stop)");
    if open_browser {
        if let Err(e) = open_in_browser(&url) {
            eprintln!("round2: could not open a browser ({e:#}); open {url} yourself");
        }
    }
    serve_until_ctrl_c(listener, router(state))
        .await
        .context("serving the web UI")
}

/// Serves `app` on `listener` until Ctrl-C: answers go out as soon as they
/// are written (no Nagle delay), and handlers may ask for the peer's
/// address (`ConnectInfo<SocketAddr>`). The local UI and the team server
/// both run this.
pub async fn serve_until_ctrl_c(
    listener: tokio::net::TcpListener,
    app: Router,
) -> std::io::Result<()> {
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        // If the signal cannot be installed the server runs until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    })
    .await
}

/// Runs a server's future for a synchronous caller (the CLI) on a
/// multi-threaded runtime of its own.
pub fn block_on<T>(
    server: impl std::future::Future<Output = anyhow::Result<T>>,
) -> anyhow::Result<T> {
    use anyhow::Context as _;
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server's runtime")?
        .block_on(server)
}

/// [`serve`] for a synchronous caller.
pub fn serve_blocking(
    store: Box<dyn Store>,
    addr: SocketAddr,
    open_browser: bool,
) -> anyhow::Result<()> {
    block_on(serve(store, addr, open_browser))
}

fn open_in_browser(url: &str) -> anyhow::Result<()> {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    Ok(())
}
