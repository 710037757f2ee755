//! Rendered pages kept between requests.
//!
//! A GET page depends only on its address, the stored records and the clock,
//! so the finished response (status 200, headers and body) is kept per
//! address and served again until one of these happens:
//!
//! - **a change through this server**: every POST bumps the generation and
//!   drops every page at once, before its redirect is answered, so the page
//!   the browser lands on is always rendered afresh;
//! - **a change by another process** (the CLI on the same database): at most
//!   every [`MARKER_EVERY`] a request asks the store for its change marker
//!   ([`round2_store::Store::change_marker`]) and, when it moved, drops every
//!   page the same way;
//! - **the clock**: a page older than [`SOFT_TTL`] is rendered again, because
//!   "overdue" and "in 3 days" move with time. The request that finds it old
//!   still gets the kept page while one background render replaces it.
//!
//! A kept text page is also kept gzip-compressed, and served so to a browser
//! that accepts it (all do): the opportunity page shrinks from about 77 KB
//! to a seventh of that.
//!
//! Requests that arrive together for a page that is not kept wait for one
//! render instead of each rendering it. Responses other than 200 and the
//! static assets are never kept.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse as _, Response};
use tokio::sync::OnceCell;

use crate::AppState;

/// How long a kept page is served before it is rendered again.
pub const SOFT_TTL: Duration = Duration::from_secs(5);
/// How often the store is asked whether another process changed it.
pub const MARKER_EVERY: Duration = Duration::from_millis(100);
/// Pages larger than this are rendered every time.
const MAX_PAGE: usize = 8 * 1024 * 1024;
/// When the kept pages pass either bound, all are dropped and kept anew.
const MAX_TOTAL: usize = 256 * 1024 * 1024;
const MAX_PAGES: usize = 32 * 1024;

#[derive(Clone)]
struct Kept {
    at: Instant,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    /// The body gzip-compressed, for text bodies worth compressing.
    gzip: Option<Bytes>,
}

/// Bodies smaller than this are sent as they are.
const GZIP_FROM: usize = 1024;

impl Kept {
    fn new(status: StatusCode, mut headers: HeaderMap, body: Bytes) -> Kept {
        headers.remove(header::CONTENT_LENGTH);
        let text = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/"));
        let gzip =
            (text && body.len() >= GZIP_FROM && !headers.contains_key(header::CONTENT_ENCODING))
                .then(|| gzip(&body))
                .flatten();
        if gzip.is_some() {
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        Kept {
            at: Instant::now(),
            status,
            headers,
            body,
            gzip,
        }
    }

    /// Bytes kept for this page (both bodies).
    fn size(&self) -> usize {
        self.body.len() + self.gzip.as_ref().map_or(0, Bytes::len)
    }

    fn response(&self, accepts_gzip: bool) -> Response {
        let (body, gzipped) = match (&self.gzip, accepts_gzip) {
            (Some(z), true) => (z.clone(), true),
            _ => (self.body.clone(), false),
        };
        let mut r = Response::new(Body::from(body));
        *r.status_mut() = self.status;
        *r.headers_mut() = self.headers.clone();
        if gzipped {
            r.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        r
    }
}

fn gzip(body: &[u8]) -> Option<Bytes> {
    use std::io::Write as _;
    let mut z = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 4),
        flate2::Compression::fast(),
    );
    z.write_all(body).ok()?;
    Some(Bytes::from(z.finish().ok()?))
}

/// True when the request's `Accept-Encoding` lists gzip (without `q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|part| {
            let mut bits = part.split(';').map(str::trim);
            bits.next()
                .is_some_and(|c| c.eq_ignore_ascii_case("gzip") || c == "*")
                && bits.all(|p| {
                    p.strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                        .is_none_or(|q| q > 0.0)
                })
        })
}

/// One address at one generation. The cell holds `None` when the response
/// was not one to keep (an error page, say).
struct Slot {
    generation: u64,
    cell: OnceCell<Option<Kept>>,
    refreshing: AtomicBool,
}

impl Slot {
    fn new(generation: u64, kept: Option<Kept>) -> Arc<Slot> {
        Arc::new(Slot {
            generation,
            cell: match kept {
                Some(k) => OnceCell::new_with(Some(Some(k))),
                None => OnceCell::new(),
            },
            refreshing: AtomicBool::new(false),
        })
    }
}

pub struct PageCache {
    generation: AtomicU64,
    slots: RwLock<HashMap<String, Arc<Slot>>>,
    bytes: AtomicUsize,
    started: Instant,
    /// Milliseconds since `started` of the last change-marker check
    /// (`u64::MAX`: never checked, so the first request checks).
    checked_at: AtomicU64,
    marker: AtomicU64,
    marker_known: AtomicBool,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache {
            generation: AtomicU64::new(0),
            slots: RwLock::new(HashMap::new()),
            bytes: AtomicUsize::new(0),
            started: Instant::now(),
            checked_at: AtomicU64::new(u64::MAX),
            marker: AtomicU64::new(0),
            marker_known: AtomicBool::new(false),
        }
    }
}

impl PageCache {
    /// Drops every kept page: the records changed.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Ok(mut slots) = self.slots.write() {
            slots.clear();
        }
        self.bytes.store(0, Ordering::Relaxed);
    }

    /// How many times the kept pages were dropped (tests and diagnostics).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// True when this request should ask the store for its change marker:
    /// the last check is older than [`MARKER_EVERY`] and no other request
    /// took the turn.
    fn marker_due(&self) -> bool {
        let now = self.started.elapsed().as_millis() as u64;
        let last = self.checked_at.load(Ordering::Acquire);
        (last == u64::MAX || now.saturating_sub(last) >= MARKER_EVERY.as_millis() as u64)
            && self
                .checked_at
                .compare_exchange(last, now, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
    }

    /// Records a marker read from the store: true when it moved since the
    /// last one (the records changed under this server).
    fn saw_marker(&self, marker: u64) -> bool {
        let known = self.marker_known.swap(true, Ordering::AcqRel);
        let before = self.marker.swap(marker, Ordering::AcqRel);
        known && before != marker
    }

    fn slot(&self, key: &str) -> Arc<Slot> {
        let generation = self.generation();
        if let Some(slot) = self.slots.read().ok().and_then(|s| s.get(key).cloned()) {
            if slot.generation == generation {
                return slot;
            }
        }
        let Ok(mut slots) = self.slots.write() else {
            return Slot::new(generation, None);
        };
        if slots.len() >= MAX_PAGES || self.bytes.load(Ordering::Relaxed) > MAX_TOTAL {
            slots.clear();
            self.bytes.store(0, Ordering::Relaxed);
        }
        let slot = slots
            .entry(key.to_string())
            .or_insert_with(|| Slot::new(generation, None));
        if slot.generation != generation {
            *slot = Slot::new(generation, None);
        }
        Arc::clone(slot)
    }

    /// Puts a fresh render in place of an old one, unless the records
    /// changed while it was rendered.
    fn replace(&self, key: String, generation: u64, kept: Kept) {
        if let Ok(mut slots) = self.slots.write() {
            if self.generation() == generation {
                self.bytes.fetch_add(kept.size(), Ordering::Relaxed);
                if let Some(Some(old)) = slots
                    .insert(key, Slot::new(generation, Some(kept)))
                    .and_then(|s| s.cell.get().cloned())
                {
                    self.bytes.fetch_sub(
                        old.size().min(self.bytes.load(Ordering::Relaxed)),
                        Ordering::Relaxed,
                    );
                }
            }
        }
    }
}

/// Renders the request and, when it is a 200 of reasonable size, returns it
/// as something to keep; otherwise gives the response back. A page too
/// large to keep ([`MAX_PAGE`]) is served as it is, uncached (gzipped when
/// the browser accepts it), never turned into an error.
async fn render(next: Next, req: Request, accepts_gzip: bool) -> Result<Kept, Response> {
    let response = next.run(req).await;
    if response.status() != StatusCode::OK {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, MAX_TOTAL).await {
        Ok(body) if body.len() <= MAX_PAGE => Ok(Kept::new(parts.status, parts.headers, body)),
        Ok(body) => Err(Kept::new(parts.status, parts.headers, body).response(accepts_gzip)),
        Err(e) => {
            Err(crate::WebError::internal(format!("reading a rendered page: {e}")).into_response())
        }
    }
}

/// A copy of a GET request for a background render: the same address and
/// `Host`, nothing else (pages read nothing else).
fn copy_of(req: &Request) -> Request {
    let mut copy = Request::new(Body::empty());
    *copy.uri_mut() = req.uri().clone();
    if let Some(host) = req.headers().get(header::HOST) {
        copy.headers_mut()
            .insert(axum::http::header::HOST, host.clone());
    }
    copy
}

/// Middleware serving kept pages (see the module docs).
pub(crate) async fn layer(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    // A transcription's page changes as it runs, not with the records, and
    // a recording is audio, not a page.
    let live = path.starts_with("/practice/heard/") || path.starts_with("/recordings/");
    if req.method() != Method::GET || path.starts_with("/assets/") || live || !st.keeps_pages() {
        return next.run(req).await;
    }
    let pages = st.pages();
    if pages.marker_due() {
        if let Ok(marker) = st.run(|s| Ok(s.change_marker()?)).await {
            if pages.saw_marker(marker) {
                st.invalidate();
            }
        }
    }
    let key = req
        .uri()
        .path_and_query()
        .map_or_else(|| path.to_string(), |p| p.as_str().to_string());
    let slot = pages.slot(&key);
    let gz = accepts_gzip(req.headers());

    if let Some(Some(kept)) = slot.cell.get() {
        if kept.at.elapsed() > SOFT_TTL && !slot.refreshing.swap(true, Ordering::AcqRel) {
            let (st2, copy, generation) = (st.clone(), copy_of(&req), slot.generation);
            let (next, again) = (next.clone(), Arc::clone(&slot));
            tokio::spawn(async move {
                match render(next, copy, false).await {
                    Ok(fresh) => st2.pages().replace(key, generation, fresh),
                    // Not a page to keep: let a later request try again.
                    Err(_) => again.refreshing.store(false, Ordering::Release),
                }
            });
        }
        return kept.response(gz);
    }

    // Not kept yet: the first request renders, the others wait for it.
    let mut req = Some(req);
    let mut own: Option<Response> = None;
    let kept = {
        let (req, own, next) = (&mut req, &mut own, next.clone());
        slot.cell
            .get_or_init(|| async move {
                let req = req.take()?;
                match render(next, req, gz).await {
                    Ok(kept) => {
                        pages.bytes.fetch_add(kept.size(), Ordering::Relaxed);
                        Some(kept)
                    }
                    Err(response) => {
                        *own = Some(response);
                        None
                    }
                }
            })
            .await
            .clone()
    };
    if let Some(response) = own {
        return response;
    }
    match (kept, req) {
        (Some(kept), _) => kept.response(gz),
        // Someone else's render was not one to keep: render this one.
        (None, Some(req)) => match render(next, req, gz).await {
            Ok(kept) => kept.response(gz),
            Err(response) => response,
        },
        (None, None) => crate::WebError::internal("a page render vanished").into_response(),
    }
}
