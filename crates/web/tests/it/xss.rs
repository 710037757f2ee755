//! Script and attribute-injection payloads in every text field come back
//! escaped and inert: present as text, never as elements or attributes.

use axum::http::StatusCode;
use scraper::Html;

use crate::common::*;

const SCRIPT: &str = "<script>alert(1)</script>";
const ATTR: &str = "\" onmouseover=\"x";
const IMG: &str = "'><img src=x onerror=alert(1)>";
/// An email field takes only an address (no spaces, `<`, `>`, `"`…): the
/// nastiest one that still is one.
const EMAIL: &str = "x'onmouseover='alert`1`@evil.example";

fn all() -> String {
    format!("{SCRIPT} {ATTR} {IMG}")
}

/// No injected element or attribute anywhere in the parsed page.
fn assert_inert(doc: &Html, page: &str) {
    let scripts: Vec<String> = doc
        .select(&sel("script"))
        .map(|s| s.value().attr("src").unwrap_or("(inline)").to_string())
        .collect();
    assert_eq!(scripts, ["/assets/app.js"], "{page}: only our own script");
    assert_eq!(count(doc, "img"), 0, "{page}: an injected <img>");
    for e in doc.select(&sel("*")) {
        for (name, value) in e.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "{page}: injected attribute {name}={value:?} on <{}>",
                e.value().name()
            );
            if name == "href" || name == "src" || name == "action" {
                let v = value.trim().to_ascii_lowercase();
                assert!(
                    !v.starts_with("javascript:") && !v.starts_with("data:"),
                    "{page}: {name}={value}"
                );
            }
        }
    }
}

/// The payload survives as text.
fn assert_shown(doc: &Html, page: &str) {
    let body: String = doc.root_element().text().collect();
    assert!(
        body.contains(SCRIPT),
        "{page}: the script payload is not shown as text"
    );
    assert!(
        body.contains(IMG),
        "{page}: the img payload is not shown as text"
    );
}

#[tokio::test]
async fn payloads_in_every_field_come_back_escaped_and_inert() {
    let app = App::empty();
    let p = all();
    let p = p.as_str();
    let to = app
        .post_ok(
            "/opportunities",
            &[
                ("company", p),
                ("role", p),
                ("url", "javascript:alert(1)"),
                ("stage", "round-1"),
                ("job_description", p),
            ],
        )
        .await;
    let base = to.clone();
    app.post_ok(
        &format!("{base}/rounds"),
        &[
            ("number", "1"),
            ("kind", p),
            ("place", "javascript:alert(1)"),
        ],
    )
    .await;
    // A payload where an address belongs is refused, and says why.
    let (s, _, body) = app
        .post(
            &format!("{base}/rounds/1/interviewers"),
            &[("name", p), ("title", p), ("email", p)],
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body.contains("is not an email address"));
    app.post_ok(
        &format!("{base}/rounds/1/interviewers"),
        &[("name", p), ("title", p), ("email", EMAIL)],
    )
    .await;
    app.post_ok(
        "/stories",
        &[
            ("title", p),
            ("situation", p),
            ("task", p),
            ("action", p),
            ("result", p),
            ("tags", p),
        ],
    )
    .await;
    let note_to = app
        .post_ok(
            &format!("{base}/notes"),
            &[
                ("round", "1"),
                ("kind", "topic"),
                ("interviewer", p),
                ("text", p),
            ],
        )
        .await;
    app.post_ok(
        &format!("{base}/notes"),
        &[("round", "1"), ("kind", "story"), ("story", p), ("text", p)],
    )
    .await;
    let note_id = note_to.rsplit('-').next().expect("note id");
    app.post_ok(
        &format!("{base}/notes/{note_id}"),
        &[
            ("round", "1"),
            ("kind", "asked"),
            ("interviewer", p),
            ("text", &format!("edited {p}")),
        ],
    )
    .await;
    app.post_ok(
        &format!("{base}/research"),
        &[
            ("section", "culture"),
            ("text", p),
            ("source", "javascript:alert(1)"),
        ],
    )
    .await;
    app.post_ok(
        &format!("{base}/research"),
        &[("section", "news"), ("text", p), ("source", p)],
    )
    .await;
    // The edit forms put stored values back into attributes and textareas.
    app.post_ok(
        &format!("{base}/rounds/1"),
        &[("number", "1"), ("kind", p), ("place", p)],
    )
    .await;
    app.post_ok(
        &format!("{base}/interviewers/1"),
        &[
            ("name", &format!("edited {p}")),
            ("title", p),
            ("email", EMAIL),
        ],
    )
    .await;
    app.post_ok(
        &format!("{base}/research/2"),
        &[
            ("section", "news"),
            ("text", &format!("edited {p}")),
            ("source", p),
        ],
    )
    .await;
    app.post_ok(&format!("{base}/questions"), &[("theme", p), ("text", p)])
        .await;
    app.post_ok(&format!("{base}/checklist"), &[("text", p)])
        .await;

    let slug = base.trim_start_matches("/o/").to_string();
    app.post_ok(
        "/profile",
        &[
            ("name", p),
            ("phone", p),
            ("headline", p),
            ("priorities", p),
        ],
    )
    .await;
    for path in [
        "/".to_string(),
        "/profile".into(),
        base.clone(),
        format!("{base}/ask"),
        "/stories".into(),
        "/stories/1/edit".into(),
        format!("/practice?opp={slug}"),
    ] {
        let doc = app.page(&path).await;
        assert_inert(&doc, &path);
        // The practice page and the profile form hold the payloads only in
        // attribute values.
        if path != format!("/practice?opp={slug}") && path != "/profile" {
            assert_shown(&doc, &path);
        }
    }
    let doc = app.page("/profile").await;
    assert_eq!(attr(&doc, "#name", "value").as_deref(), Some(p));
    assert_eq!(attr(&doc, "#headline", "value").as_deref(), Some(p));
    let doc = app.page(&base).await;
    assert!(text(&doc, "h1").contains(SCRIPT));
    assert!(text(&doc, ".posting").contains(ATTR.trim()));
    assert!(text(&doc, "#round-1 .note-text").contains(&format!("edited {SCRIPT}")));
    assert_eq!(count(&doc, "a[href^='javascript']"), 0);

    // The practice answer is echoed in the textarea and the rating form.
    let (_, _, body) = app
        .post(
            "/practice",
            &[("opp", &slug), ("q", "r2-first-90-days"), ("answer", p)],
        )
        .await;
    let doc = Html::parse_document(&body);
    assert_inert(&doc, "practice feedback");
    assert_eq!(text(&doc, "#answer"), p);
    assert_eq!(
        attr(&doc, "#rate input[name=answer]", "value").as_deref(),
        Some(p)
    );

    // Payloads in error messages (a bad choice echoes the value) are inert too.
    let (_, _, body) = app.post(&format!("{base}/stage"), &[("stage", p)]).await;
    let doc = Html::parse_document(&body);
    assert_inert(&doc, "error page");
    assert!(text(&doc, ".message").contains(SCRIPT));
    let (_, body) = app.get(&format!("/o/{}", urlish(SCRIPT))).await;
    assert_inert(&Html::parse_document(&body), "404 page");
}

fn urlish(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}
