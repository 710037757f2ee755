//! Kept pages (`page_cache`): served again until the records change, through
//! this server or another process, and compressed for browsers.

use std::io::Read as _;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use round2_core::{NewOpportunity, NoteKind, Stage};
use round2_store::{SqliteStore, Store};

use crate::common::*;

const OPP: &str = "/o/larkspur-ledger-backend-software-engineer";

/// Adds an opportunity the way the CLI would: another connection to the
/// same file, while the server keeps its pages.
fn add_from_another_process(app: &App, company: &str) {
    SqliteStore::open(&app.db_path())
        .expect("a second connection to the same file")
        .add_opportunity(&NewOpportunity {
            company: company.into(),
            role: "Engineer".into(),
            url: None,
            job_description: String::new(),
            stage: Stage::Round2,
        })
        .expect("the CLI's change");
}

#[tokio::test]
async fn a_change_by_another_process_shows_on_the_next_page() {
    let app = App::seeded();
    let (s, home) = app.get("/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(!home.contains("Marker Works"));

    add_from_another_process(&app, "Marker Works");

    // The store is asked for its change marker at most every 100 ms.
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    let (_, home) = app.get("/").await;
    assert!(
        home.contains("Marker Works"),
        "the home page still shows the records from before the CLI's change"
    );
    assert!(app.state.changes_seen() >= 1);
}

#[tokio::test]
async fn a_page_is_kept_until_something_changes() {
    let app = App::seeded();
    let first = app.get(OPP).await.1;
    let before = app.state.changes_seen();
    // Without a change, the same page comes back and nothing is dropped.
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    assert_eq!(app.get(OPP).await.1, first);
    assert_eq!(app.state.changes_seen(), before);

    // A change through this server shows at once, with no wait.
    app.post_ok(
        &format!("{OPP}/notes"),
        &[
            ("round", "1"),
            ("kind", NoteKind::Topic.as_str()),
            ("text", "Kept-page check: talked about sharding"),
        ],
    )
    .await;
    let after = app.get(OPP).await.1;
    assert!(after.contains("Kept-page check: talked about sharding"));
    assert!(app.state.changes_seen() > before);
}

#[tokio::test]
async fn error_pages_are_not_kept() {
    let app = App::seeded();
    assert_eq!(
        app.get("/o/marker-works-engineer").await.0,
        StatusCode::NOT_FOUND
    );
    add_from_another_process(&app, "Marker Works");
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    assert_eq!(app.get("/o/marker-works-engineer").await.0, StatusCode::OK);
}

#[tokio::test]
async fn browsers_get_the_page_gzip_compressed() {
    let app = App::seeded();
    let plain = app.get(OPP).await.1;
    let req = Request::get(OPP)
        .header("host", HOST)
        .header("accept-encoding", "gzip, deflate, br, zstd")
        .body(Body::empty())
        .unwrap();
    let resp = router_response(&app, req).await;
    assert_eq!(resp.0, StatusCode::OK);
    assert_eq!(
        resp.1.get("content-encoding").map(|v| v.to_str().unwrap()),
        Some("gzip")
    );
    assert_eq!(
        resp.1.get("vary").map(|v| v.to_str().unwrap()),
        Some("accept-encoding")
    );
    assert!(
        resp.2.len() * 3 < plain.len(),
        "compressed {} vs {}",
        resp.2.len(),
        plain.len()
    );
    let mut unzipped = String::new();
    flate2::read::GzDecoder::new(&resp.2[..])
        .read_to_string(&mut unzipped)
        .expect("valid gzip");
    assert_eq!(unzipped, plain);

    // `gzip;q=0` means "not gzip".
    let req = Request::get(OPP)
        .header("host", HOST)
        .header("accept-encoding", "gzip;q=0, identity")
        .body(Body::empty())
        .unwrap();
    let resp = router_response(&app, req).await;
    assert!(resp.1.get("content-encoding").is_none());
    assert_eq!(String::from_utf8(resp.2).unwrap(), plain);
}

#[tokio::test]
async fn many_requests_at_once_get_the_same_page() {
    let app = App::seeded();
    let mut tasks = Vec::new();
    for _ in 0..32 {
        let state = app.state.clone();
        tasks.push(tokio::spawn(async move {
            use tower::ServiceExt as _;
            let req = Request::get(OPP)
                .header("host", HOST)
                .body(Body::empty())
                .unwrap();
            let resp = round2_web::router(state).oneshot(req).await.unwrap();
            assert_eq!(resp.status(), StatusCode::OK);
            axum::body::to_bytes(resp.into_body(), usize::MAX)
                .await
                .unwrap()
        }));
    }
    let mut bodies = Vec::new();
    for t in tasks {
        bodies.push(t.await.unwrap());
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]));
    assert!(std::str::from_utf8(&bodies[0])
        .unwrap()
        .contains("Larkspur"));
}

async fn router_response(
    app: &App,
    req: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    use tower::ServiceExt as _;
    let resp = round2_web::router(app.state.clone())
        .oneshot(req)
        .await
        .unwrap();
    let (parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    (parts.status, parts.headers, bytes.to_vec())
}

/// A page too large to keep (6,000 notes, about 10 MB) is served every time,
/// compressed for browsers, and never turned into an error; a form on it
/// still posts.
#[tokio::test]
async fn a_page_too_large_to_keep_is_served_not_refused() {
    let mut app = App::empty();
    // Words alone: the point is the page's size, not 6,000 notes through the model.
    app.state = app.state.clone().without_model();
    let mut notes = String::new();
    for i in 0..6000 {
        notes.push_str(&format!(
            "      - {{kind: topic, text: \"Topic number {i}: pipelines, retries and the on-call rota, discussed at some length with the panel\"}}\n"
        ));
    }
    let yaml =
        format!("company: Bigpage\nrole: Engineer\nrounds:\n  - number: 1\n    notes:\n{notes}");
    let file = round2_core::prep::PrepFile::parse(&yaml, round2_core::prep::Format::Yaml)
        .expect("a valid prep file");
    SqliteStore::open(&app.db_path())
        .unwrap()
        .import(&file, fixed_now())
        .expect("import");
    let page = "/o/bigpage-engineer";
    for round in 0..3 {
        let (s, body) = app.get(page).await;
        assert_eq!(
            s,
            StatusCode::OK,
            "request {round}: {}",
            &body[..body.len().min(300)]
        );
        assert!(body.len() > 8 * 1024 * 1024, "{} bytes", body.len());
        assert!(body.contains("Topic number 5999"));
    }
    let req = Request::get(page)
        .header("host", HOST)
        .header("accept-encoding", "gzip")
        .body(Body::empty())
        .unwrap();
    let resp = router_response(&app, req).await;
    assert_eq!(resp.0, StatusCode::OK);
    assert_eq!(
        resp.1.get("content-encoding").map(|v| v.to_str().unwrap()),
        Some("gzip")
    );
    // A change, then the page again: still a page, not a 500.
    let (s, _, _) = app
        .post(&format!("{page}/stage"), &[("stage", "offer")])
        .await;
    assert!(s.is_redirection() || s == StatusCode::OK, "{s}");
    assert_eq!(app.get(page).await.0, StatusCode::OK);
}
