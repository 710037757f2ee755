//! Behind a reverse proxy every request comes from the proxy's address: with
//! `trust_proxy` the login limit counts the client's (the last
//! `X-Forwarded-For` entry), so one attacker does not lock out everyone.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use round2_team::{LoginLimits, TeamConfig, TeamState};
use tower::ServiceExt as _;

use crate::support::{self, PASSWORD};

async fn login_from(app: &axum::Router, client: &str, email: &str, password: &str) -> String {
    let req = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-for", format!("198.51.100.7, {client}"))
        .body(Body::from(format!(
            "email={}&password={}",
            email.replace('@', "%40"),
            password.replace(' ', "+")
        )))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let body = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    format!("{status} {}", String::from_utf8_lossy(&body))
}

pub async fn the_limit_counts_the_client_behind_the_proxy(trust: bool) {
    let dir = tempfile::tempdir().unwrap();
    let location = round2_store::TeamLocation::Sqlite(dir.path().join("team.db"));
    let w = support::World::build(location.clone(), None, LoginLimits::DEFAULT);
    let config = TeamConfig {
        location: location.clone(),
        secure_cookies: false,
        trust_proxy: trust,
        limits: LoginLimits::DEFAULT,
    };
    let team = support::blocking(|| location.open_team().unwrap());
    let state = TeamState::with_store(
        &config,
        team,
        round2_web::Models::default(),
        std::sync::Arc::new(support::now),
    );
    let app = round2_team::router(state);
    drop(w.app);
    for i in 0..20 {
        // Twenty wrong guesses, each at another account, from one client.
        login_from(
            &app,
            "203.0.113.9",
            &format!("nobody{i}@team.example"),
            "wrong guess",
        )
        .await;
    }
    let attacker = login_from(&app, "203.0.113.9", "ana@team.example", PASSWORD).await;
    let other = login_from(&app, "203.0.113.10", "ana@team.example", PASSWORD).await;
    assert!(attacker.contains("Too many failed logins"), "{attacker}");
    if trust {
        assert!(
            other.starts_with(&StatusCode::SEE_OTHER.to_string()),
            "another client logs in: {other}"
        );
    } else {
        // Without trusting the proxy both are "unknown": both locked.
        assert!(other.contains("Too many failed logins"), "{other}");
    }
}
