//! A team with people in every position toward one shared opportunity, on
//! SQLite (a temp folder) or PostgreSQL (schemas of its own in the server
//! `ROUND2_TEST_PG` names; a missing server fails, never skips), and a
//! client that drives the router in-process.

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use round2_core::prep::{Format, PrepFile};
use round2_core::team::{NewUser, Role};
use round2_core::Id;
use round2_store::{Store, TeamLocation};
use round2_team::{LoginLimits, TeamConfig, TeamState};
use tower::ServiceExt as _;

pub const SLUG: &str = "harbor-freight-lines-operations-analyst";
pub const PASSWORD: &str = "a long test password";

/// Who asks, in every position toward Ana's opportunity.
pub const ACTORS: &[&str] = &[
    "anonymous",
    "ana",  // the owner
    "ben",  // another candidate, with an opportunity of the same slug
    "cora", // a coach it is shared with
    "dan",  // a coach it is not shared with
    "eve",  // a coach it was shared with, then unshared
    "adm",  // an admin it is not shared with
    "dis",  // a coach it was shared with, since disabled
];

pub struct World {
    pub app: Router,
    pub location: TeamLocation,
    pub ids: HashMap<&'static str, Id>,
    /// Cookie and CSRF token of each logged-in actor.
    pub sessions: HashMap<&'static str, (String, String)>,
    _dir: Option<tempfile::TempDir>,
}

pub struct Answer {
    pub status: StatusCode,
    pub location: Option<String>,
    pub set_cookie: Option<String>,
    pub body: String,
}

fn prep(text: &str) -> PrepFile {
    PrepFile::parse(text, Format::Yaml).unwrap()
}

pub fn sqlite() -> World {
    let dir = tempfile::tempdir().unwrap();
    let location = TeamLocation::Sqlite(dir.path().join("team.db"));
    World::build(location, Some(dir), LoginLimits::DEFAULT)
}

pub fn postgres(test: &str) -> World {
    World::build(pg_location(test), None, LoginLimits::DEFAULT)
}

pub fn pg_location(test: &str) -> TeamLocation {
    let url = std::env::var("ROUND2_TEST_PG").unwrap_or_else(|_| {
        panic!("ROUND2_TEST_PG is not set: the team server's PostgreSQL tests need a server. Run scripts/test, which starts one.")
    });
    TeamLocation::Postgres {
        url,
        namespace: format!("team{}_{test}", std::process::id()),
    }
}

/// Runs synchronous store work (the PostgreSQL client blocks, also when
/// it is dropped) off the async runtime's hands.
pub fn blocking<T>(f: impl FnOnce() -> T) -> T {
    tokio::task::block_in_place(f)
}

/// "Now" on the test server.
pub fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-12-01T09:00:00-05:00").unwrap()
}

/// A server over `team`, without the sentence model, its clock at [`now`].
pub fn router_over(
    location: &TeamLocation,
    team: Box<dyn round2_store::TeamStore>,
    limits: LoginLimits,
) -> Router {
    let config = TeamConfig {
        location: location.clone(),
        secure_cookies: false,
        trust_proxy: false,
        limits,
    };
    let state = TeamState::with_store(
        &config,
        team,
        round2_web::Models::default(),
        std::sync::Arc::new(now),
    );
    round2_team::router(state)
}

impl World {
    /// Seeds the team (blocking: call it from a test's runtime, see
    /// [`blocking`]).
    pub fn build(
        location: TeamLocation,
        dir: Option<tempfile::TempDir>,
        limits: LoginLimits,
    ) -> World {
        blocking(|| Self::seed(location, dir, limits))
    }

    fn seed(location: TeamLocation, dir: Option<tempfile::TempDir>, limits: LoginLimits) -> World {
        let mut team = location.open_team().unwrap();
        let hash = round2_team::auth::hash_password(PASSWORD).unwrap();
        let mut ids = HashMap::new();
        for (name, role) in [
            ("ana", Role::Candidate),
            ("ben", Role::Candidate),
            ("cora", Role::Coach),
            ("dan", Role::Coach),
            ("eve", Role::Coach),
            ("adm", Role::Admin),
            ("dis", Role::Coach),
            ("spare", Role::Candidate),
        ] {
            let u = team
                .add_user(
                    &NewUser {
                        email: format!("{name}@team.example"),
                        name: format!("{}{}", name[..1].to_uppercase(), &name[1..]),
                        role,
                    },
                    0,
                )
                .unwrap();
            team.set_password_hash(u.id, &hash).unwrap();
            ids.insert(name, u.id);
        }
        let now = now();
        let mut ana = location.open_candidate(ids["ana"]).unwrap();
        ana.import(&prep(include_str!("../fixtures/ana.yaml")), now)
            .unwrap();
        ana.set_profile(&round2_core::Profile {
            name: "Ana Ruiz".into(),
            email: Some("ana.ruiz@mail.example".into()),
            ..Default::default()
        })
        .unwrap();
        let mut ben = location.open_candidate(ids["ben"]).unwrap();
        ben.import(&prep(include_str!("../fixtures/ben.yaml")), now)
            .unwrap();
        for coach in ["cora", "eve", "dis"] {
            team.share(ids["ana"], SLUG, ids[coach], 1).unwrap();
        }
        World {
            app: router_over(&location, team, limits),
            location,
            ids,
            sessions: HashMap::new(),
            _dir: dir,
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Answer {
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let header_of = |h| {
            res.headers()
                .get(h)
                .and_then(|v: &axum::http::HeaderValue| v.to_str().ok())
                .map(String::from)
        };
        let location = header_of(header::LOCATION);
        let set_cookie = header_of(header::SET_COOKIE);
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        Answer {
            status,
            location,
            set_cookie,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, who: &str, path: &str) -> Answer {
        let mut req = Request::get(path);
        if let Some((cookie, _)) = self.sessions.get(who) {
            req = req.header(header::COOKIE, cookie);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// A form post; `csrf` is added from the actor's session.
    pub async fn post(&self, who: &str, path: &str, fields: &[(&str, &str)]) -> Answer {
        let mut req =
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        let mut all: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if let Some((cookie, csrf)) = self.sessions.get(who) {
            req = req.header(header::COOKIE, cookie);
            all.push(("csrf".into(), csrf.clone()));
        }
        self.send(req.body(Body::from(form(&all))).unwrap()).await
    }

    /// Logs in through the form; the cookie and the token of the session.
    pub async fn login(&self, email: &str, password: &str) -> Answer {
        let body = form(&[
            ("email".into(), email.into()),
            ("password".into(), password.into()),
        ]);
        self.send(
            Request::post("/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    pub async fn log_in_everyone(&mut self) {
        for who in ACTORS
            .iter()
            .copied()
            .filter(|w| *w != "anonymous")
            .chain(["spare"])
        {
            let a = self.login(&format!("{who}@team.example"), PASSWORD).await;
            assert_eq!(a.status, StatusCode::SEE_OTHER, "{who} logs in: {}", a.body);
            let cookie = a.set_cookie.unwrap().split(';').next().unwrap().to_string();
            let who: &'static str = ACTORS
                .iter()
                .chain(&["spare"])
                .find(|w| **w == who)
                .unwrap();
            self.sessions.insert(who, (cookie.clone(), String::new()));
            let page = self.get(who, "/team").await;
            assert_eq!(page.status, StatusCode::OK, "{who}'s team page");
            let csrf = csrf_in(&page.body).expect("a csrf field on the team page");
            self.sessions.insert(who, (cookie, csrf));
        }
    }

    pub fn ana_store(&self) -> Box<dyn Store> {
        self.location.open_candidate(self.ids["ana"]).unwrap()
    }
}

pub fn csrf_in(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    Some(html[at..at + 64].to_string())
}

fn form(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
