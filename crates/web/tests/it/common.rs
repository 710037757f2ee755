//! Shared fixtures: a SQLite store in a temp dir seeded from the dev01 case,
//! the router called in-process, and HTML helpers over `scraper`.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use chrono::{DateTime, FixedOffset};
use round2_core::prep::{Format, PrepFile};
use round2_core::Profile;
use round2_store::{SqliteStore, Store};
use round2_web::{router, AppState};
use scraper::{Html, Selector};
use tempfile::TempDir;
use tower::ServiceExt;

pub const PORT: u16 = 4321;
pub const HOST: &str = "127.0.0.1:4321";

/// 2026-11-06 10:00 EST: two days after dev01's round 1, four before round 2.
pub fn fixed_now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-06T10:00:00-05:00").expect("a valid time")
}

/// dev01 as a prep file: the case file without its `id` and `gold` keys.
pub fn dev01_prep_yaml() -> String {
    let path = round2_testdata::require(round2_testdata::cases_dir().join("dev01.yaml"));
    round2_testdata::read_case(&path).prep_yaml
}

pub fn dev01_store(dir: &TempDir) -> Box<dyn Store> {
    let mut store = SqliteStore::open(&dir.path().join("round2.db")).expect("open SQLite");
    let prep = PrepFile::parse(&dev01_prep_yaml(), Format::Yaml).expect("dev01 parses");
    store.import(&prep, fixed_now()).expect("import dev01");
    store
        .set_profile(&Profile {
            name: "Sam Candidate".into(),
            priorities: vec!["growth".into(), "mentorship".into()],
            ..Profile::default()
        })
        .expect("set profile");
    Box::new(store)
}

/// The web UI over a store in a temp dir.
pub struct App {
    pub state: AppState,
    _dir: std::sync::Arc<TempDir>,
}

impl App {
    pub fn seeded() -> App {
        let dir = TempDir::new().expect("temp dir");
        let store = dev01_store(&dir);
        App::over(dir, store)
    }

    /// dev01 with this profile instead of the default one.
    pub fn seeded_with(profile: Profile) -> App {
        let dir = TempDir::new().expect("temp dir");
        let mut store = dev01_store(&dir);
        store.set_profile(&profile).expect("set profile");
        App::over(dir, store)
    }

    pub fn empty() -> App {
        let dir = TempDir::new().expect("temp dir");
        let store = SqliteStore::open(&dir.path().join("round2.db")).expect("open SQLite");
        App::over(dir, Box::new(store))
    }

    pub fn over(dir: TempDir, store: Box<dyn Store>) -> App {
        let state = AppState::new(store, PORT)
            .expect("state")
            .with_clock(fixed_now);
        App {
            state,
            _dir: std::sync::Arc::new(dir),
        }
    }

    /// A second server over the same database whose clock reads `shift` of
    /// the fixed "now" (a later visit).
    pub fn over_same(
        app: &App,
        shift: impl Fn(DateTime<FixedOffset>) -> DateTime<FixedOffset> + Send + Sync + 'static,
    ) -> App {
        let store = SqliteStore::open(&app.db_path()).expect("open SQLite again");
        let state = AppState::new(Box::new(store), PORT)
            .expect("state")
            .with_clock(move || shift(fixed_now()));
        App {
            state,
            _dir: std::sync::Arc::clone(&app._dir),
        }
    }

    /// The SQLite file behind the app, for a second connection acting as
    /// another process (the CLI).
    pub fn db_path(&self) -> std::path::PathBuf {
        self._dir.path().join("round2.db")
    }

    pub fn csrf(&self) -> String {
        self.state.csrf_token().to_string()
    }

    pub async fn send(&self, req: Request<Body>) -> (StatusCode, HeaderMap, String) {
        let resp = router(self.state.clone())
            .oneshot(req)
            .await
            .expect("the router never fails");
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .expect("read body");
        (
            status,
            headers,
            String::from_utf8_lossy(&bytes).into_owned(),
        )
    }

    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        let req = Request::get(path)
            .header("host", HOST)
            .body(Body::empty())
            .expect("request");
        let (s, _, b) = self.send(req).await;
        (s, b)
    }

    /// GET that must succeed; returns the parsed page.
    pub async fn page(&self, path: &str) -> Html {
        let (s, body) = self.get(path).await;
        assert_eq!(s, StatusCode::OK, "GET {path}: {body}");
        Html::parse_document(&body)
    }

    /// POST a form with the right CSRF token.
    pub async fn post(
        &self,
        path: &str,
        fields: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, String) {
        let csrf = self.csrf();
        let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// POST exactly these fields.
    pub async fn post_raw(
        &self,
        path: &str,
        fields: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, String) {
        let req = Request::post(path)
            .header("host", HOST)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(encode(fields)))
            .expect("request");
        self.send(req).await
    }

    /// POST that must redirect (303); returns where to.
    pub async fn post_ok(&self, path: &str, fields: &[(&str, &str)]) -> String {
        let (s, h, body) = self.post(path, fields).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "POST {path}: {body}");
        h.get("location")
            .and_then(|l| l.to_str().ok())
            .expect("a Location header")
            .to_string()
    }
}

/// `application/x-www-form-urlencoded`.
pub fn encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", pct(k), pct(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn pct(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

pub fn count(doc: &Html, css: &str) -> usize {
    doc.select(&sel(css)).count()
}

pub fn texts(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&sel(css))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

pub fn text(doc: &Html, css: &str) -> String {
    texts(doc, css).join("\n")
}

pub fn attr(doc: &Html, css: &str, name: &str) -> Option<String> {
    doc.select(&sel(css))
        .next()
        .and_then(|e| e.value().attr(name))
        .map(str::to_string)
}

/// Every visible form control has a label, and every POST form carries the
/// CSRF token.
pub fn assert_accessible_forms(doc: &Html, csrf: &str, page: &str) {
    for control in doc.select(&sel("input, select, textarea")) {
        let v = control.value();
        let kind = v.attr("type").unwrap_or("text");
        if kind == "hidden" || kind == "submit" {
            continue;
        }
        let id = v.attr("id").unwrap_or_else(|| {
            panic!(
                "{page}: a {} named {:?} has no id",
                v.name(),
                v.attr("name")
            )
        });
        assert!(
            count(doc, &format!("label[for=\"{id}\"]")) == 1,
            "{page}: #{id} has no label"
        );
    }
    for form in doc.select(&sel("form[method=post]")) {
        let token = form
            .select(&sel("input[name=csrf]"))
            .next()
            .and_then(|i| i.value().attr("value"));
        assert_eq!(
            token,
            Some(csrf),
            "{page}: form to {:?} lacks the CSRF token",
            form.value().attr("action")
        );
    }
    let mut ids = std::collections::HashSet::new();
    for e in doc.select(&sel("[id]")) {
        let id = e.value().attr("id").unwrap_or_default();
        assert!(ids.insert(id.to_string()), "{page}: duplicate id {id}");
    }
}

/// A spoken answer the speech tests say and expect back.
pub const SPOKEN_ANSWER: &str =
    "I want this job because I like building tools that teams use every day.";

/// Speaks `text` into the WAV file `path` with espeak-ng (real speech).
pub fn speak(path: &std::path::Path, text: &str) {
    let ok = std::process::Command::new("espeak-ng")
        .args(["-s", "150", "-w"])
        .arg(path)
        .arg(text)
        .status()
        .expect("espeak-ng must be installed (Debian package espeak-ng)")
        .success();
    assert!(ok, "espeak-ng failed");
}
