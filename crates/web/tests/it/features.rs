//! The pages wired to the method: ledger, prepare, cheat sheet, follow-up,
//! calendar, practice persistence and story ranking.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use round2_core::Profile;

use crate::common::*;

const SLUG: &str = "larkspur-ledger-backend-software-engineer";

async fn get_full(app: &App, path: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let req = Request::get(path)
        .header("host", HOST)
        .body(Body::empty())
        .expect("request");
    app.send(req).await
}

/// A download's status, headers and bytes.
async fn get_bytes(app: &App, path: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let req = Request::get(path)
        .header("host", HOST)
        .body(Body::empty())
        .expect("request");
    let resp = tower::ServiceExt::oneshot(round2_web::router(app.state.clone()), req)
        .await
        .expect("a response");
    let (status, headers) = (resp.status(), resp.headers().clone());
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .expect("the body");
    (status, headers, bytes.to_vec())
}

#[tokio::test]
async fn opportunity_page_shows_the_ledger_highlighted_posting_and_chart() {
    let app = App::seeded();
    let doc = app.page(&format!("/o/{SLUG}")).await;
    let rows = count(&doc, "table.ledger tbody tr");
    assert!(rows >= 5, "{rows} ledger rows");
    // Status in text as well as colour, one of the three.
    for st in texts(&doc, "table.ledger tbody td span.status") {
        assert!(["addressed", "story", "gap"].contains(&st.as_str()), "{st}");
    }
    assert!(count(&doc, "table.ledger ul.evidence li") > 0, "evidence");
    assert!(text(&doc, "table.ledger ul.evidence li .score").starts_with("score "));
    // The posting with mentions marked.
    assert!(count(&doc, "div.posting mark.skill, div.posting mark.knowledge") > 3);
    // The readiness chart.
    assert_eq!(
        text(&doc, "#ledger figure.chart figcaption"),
        "Readiness by requirement group"
    );
    assert!(text(&doc, "p.readiness").contains('%'));
    // Filter links.
    let gap = app.page(&format!("/o/{SLUG}?status=gap")).await;
    let gaps = count(&gap, "table.ledger tbody tr");
    assert!(gaps < rows);
    assert_eq!(
        count(&gap, "table.ledger tbody tr"),
        count(&gap, "table.ledger tbody tr.status-gap")
    );
    assert_eq!(
        count(&doc, &format!("a[href='/o/{SLUG}?status=gap#ledger']")),
        1
    );
    let (s, _) = app.get(&format!("/o/{SLUG}?status=bogus")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    // The ledger page.
    let l = app.page(&format!("/o/{SLUG}/ledger?status=story")).await;
    assert_eq!(
        count(&l, "table.ledger tbody tr"),
        count(&l, "table.ledger tbody tr.status-story")
    );
}

#[tokio::test]
async fn home_shows_readiness_per_opportunity() {
    let app = App::seeded();
    let doc = app.page("/").await;
    let r = text(&doc, "td.readiness");
    assert!(r.ends_with('%'), "{r}");
    assert_eq!(count(&doc, "td.readiness meter"), 1);
}

#[tokio::test]
async fn prepare_page_has_points_pitches_questions_and_checklist() {
    let app = App::seeded();
    let doc = app.page(&format!("/o/{SLUG}/prepare")).await;
    assert!(count(&doc, "ul.points li") > 0);
    assert!(count(&doc, "ul.points li .sources cite") > 0, "sources");
    assert_eq!(
        count(&doc, "article.pitch"),
        3,
        "one per round-2 interviewer"
    );
    assert!(count(&doc, "#ask-h + ul li") > 0);
    assert_accessible_forms(&doc, &app.csrf(), "prepare");
    // Ticking a default stores it as the user's item, done.
    let before = count(&doc, "ul.checks li");
    let default_text = attr(&doc, "form#default-0 input[name=text]", "value")
        .or_else(|| {
            doc.select(&sel("form[action$='/checklist/defaults'] input[name=text]"))
                .next()
                .and_then(|e| e.value().attr("value").map(String::from))
        })
        .expect("a default item");
    let loc = app
        .post_ok(
            &format!("/o/{SLUG}/checklist/defaults"),
            &[("text", &default_text)],
        )
        .await;
    assert!(loc.ends_with("/prepare#checklist-h"), "{loc}");
    let doc = app.page(&format!("/o/{SLUG}/prepare")).await;
    assert_eq!(count(&doc, "ul.checks li"), before);
    assert!(texts(&doc, "ul.checks li span.done").contains(&default_text));
    // Not a default: 404, nothing stored.
    let (s, _, _) = app
        .post(
            &format!("/o/{SLUG}/checklist/defaults"),
            &[("text", "Something else")],
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn cheat_sheet_as_html_and_pdf() {
    let app = App::seeded();
    let (s, h, body) = get_full(&app, &format!("/o/{SLUG}/sheet")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("<style>"), "self-contained");
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("style-src 'unsafe-inline'") && !csp.contains("script-src"));
    let req = Request::get(format!("/o/{SLUG}/sheet.pdf"))
        .header("host", HOST)
        .body(Body::empty())
        .unwrap();
    let resp = tower::ServiceExt::oneshot(round2_web::router(app.state.clone()), req)
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    assert!(resp.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    assert!(bytes.starts_with(b"%PDF"));
}

#[tokio::test]
async fn follow_up_drafts_edit_eml_and_sent() {
    let app = App::seeded();
    let doc = app.page(&format!("/o/{SLUG}/follow-up")).await;
    assert_eq!(
        count(&doc, "article.thanks"),
        2,
        "round 1 had two interviewers"
    );
    assert!(text(&doc, "p.notice").contains("no email address"));
    assert_eq!(count(&doc, "a[href$='.eml']"), 0);
    assert_accessible_forms(&doc, &app.csrf(), "follow-up");
    let key = "tomasz-weller";
    // Edit.
    let loc = app
        .post_ok(
            &format!("/o/{SLUG}/thanks/1/{key}"),
            &[("body", "Dear Tomasz,\nThanks!\nSam")],
        )
        .await;
    assert!(
        loc.contains("/follow-up?round=1#thanks-tomasz-weller"),
        "{loc}"
    );
    let doc = app.page(&format!("/o/{SLUG}/follow-up")).await;
    assert_eq!(
        text(&doc, "#thanks-tomasz-weller textarea"),
        "Dear Tomasz,\nThanks!\nSam"
    );
    // .eml without an email in the profile: a clear 400.
    let (s, body) = app.get(&format!("/o/{SLUG}/thanks/1/{key}.eml")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body.contains("no email address"));
    // Mark sent.
    app.post_ok(&format!("/o/{SLUG}/thanks/1/{key}/sent"), &[])
        .await;
    let doc = app.page(&format!("/o/{SLUG}/follow-up")).await;
    assert!(text(&doc, "#thanks-tomasz-weller p.meta").starts_with("Sent"));
    assert_eq!(
        text(&doc, "#thanks-tomasz-weller textarea"),
        "Dear Tomasz,\nThanks!\nSam",
        "marking sent keeps the edit"
    );
    let (s, _, _) = app
        .post(&format!("/o/{SLUG}/thanks/1/nobody"), &[("body", "x")])
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_user_picks_and_rewords_a_thank_you_topic() {
    let app = App::seeded();
    let doc = app.page(&format!("/o/{SLUG}/follow-up")).await;
    let boxes: Vec<String> = doc
        .select(&sel(
            "#thanks-tomasz-weller details.topics input[type=checkbox]",
        ))
        .filter_map(|e| e.value().attr("name").map(str::to_string))
        .collect();
    assert!(boxes.len() >= 2, "topics found for Tomasz: {boxes:?}");
    let before = text(&doc, "#thanks-tomasz-weller textarea");
    let first = boxes[0].trim_start_matches("pick-").to_string();
    let wording = format!("topic-{first}");
    // Ticked but empty: refused, nothing changes.
    let (s, _, body) = app
        .post(
            &format!("/o/{SLUG}/thanks/1/tomasz-weller/topics"),
            &[(boxes[0].as_str(), "on"), (wording.as_str(), "  ")],
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("ticked but empty"), "{body}");
    let doc = app.page(&format!("/o/{SLUG}/follow-up")).await;
    assert_eq!(text(&doc, "#thanks-tomasz-weller textarea"), before);
    // One topic ticked, in the user's words: the note names it and only it.
    app.post_ok(
        &format!("/o/{SLUG}/thanks/1/tomasz-weller/topics"),
        &[
            (boxes[0].as_str(), "on"),
            (wording.as_str(), "the token bucket design"),
        ],
    )
    .await;
    let doc = app.page(&format!("/o/{SLUG}/follow-up")).await;
    let after = text(&doc, "#thanks-tomasz-weller textarea");
    assert!(
        after.contains("our conversation about the token bucket design"),
        "{after}"
    );
    assert!(
        !after.contains("I also appreciated"),
        "only the picked topic: {after}"
    );
    assert_eq!(
        attr(
            &doc,
            &format!("#thanks-tomasz-weller input[name=topic-{first}]"),
            "value"
        )
        .as_deref(),
        Some("the token bucket design")
    );
    // Nothing ticked: back to what round2 reads from the notes.
    app.post_ok(&format!("/o/{SLUG}/thanks/1/tomasz-weller/topics"), &[])
        .await;
    let doc = app.page(&format!("/o/{SLUG}/follow-up")).await;
    assert_eq!(text(&doc, "#thanks-tomasz-weller textarea"), before);
}

#[tokio::test]
async fn eml_download_with_a_profile_email() {
    let app = App::seeded_with(Profile {
        name: "Sam Candidate".into(),
        email: Some("sam@example.com".into()),
        ..Profile::default()
    });
    let doc = app.page(&format!("/o/{SLUG}/follow-up")).await;
    assert_eq!(count(&doc, "a[href$='.eml']"), 2);
    let (s, h, body) = get_full(&app, &format!("/o/{SLUG}/thanks/1/imani-okafor.eml")).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(h["content-type"], "message/rfc822");
    assert!(body.contains("sam@example.com"));
    assert!(body.contains("imani.okafor@larkspurledger.example"));
}

#[tokio::test]
async fn calendar_download() {
    let app = App::seeded();
    let (s, h, body) = get_full(&app, &format!("/o/{SLUG}/calendar.ics")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(h["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    assert!(body.starts_with("BEGIN:VCALENDAR"));
    assert!(body.contains("BEGIN:VEVENT"));
}

#[tokio::test]
async fn interviewers_download_as_vcards_from_the_opportunity_page() {
    let app = App::seeded();
    let doc = app.page(&format!("/o/{SLUG}")).await;
    assert_eq!(count(&doc, "a[href$='/interviewers.vcf']"), 1);
    let (s, h, body) = get_full(&app, &format!("/o/{SLUG}/interviewers.vcf")).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert!(h["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/vcard"));
    assert!(h["content-disposition"]
        .to_str()
        .unwrap()
        .contains("interviewers.vcf"));
    assert!(body.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"), "{body}");
    assert!(body.contains("EMAIL:imani.okafor@larkspurledger.example"));
}

#[tokio::test]
async fn the_review_deck_downloads_as_an_anki_package() {
    let app = App::seeded();
    let doc = app.page(&format!("/o/{SLUG}")).await;
    assert_eq!(count(&doc, "a[href$='/review.apkg']"), 1);
    let (s, h, body) = get_bytes(&app, &format!("/o/{SLUG}/review.apkg")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(h["content-disposition"]
        .to_str()
        .unwrap()
        .contains("review.apkg"));
    // A zip whose first entry is the Anki collection.
    assert_eq!(&body[..4], b"PK\x03\x04");
    assert_eq!(&body[30..46], b"collection.anki2");
}

#[tokio::test]
async fn a_rated_answer_saves_the_attempt_and_schedules_the_card() {
    let app = App::seeded();
    let doc = app.page(&format!("/practice?opp={SLUG}")).await;
    let q = attr(&doc, "form#answer-form input[name=q]", "value").expect("a question");
    assert!(q.starts_with("role-"), "role questions first: {q}");
    assert!(text(&doc, "#plan").contains("Nothing scheduled yet"));
    let answer =
        "I led the migration of our billing service to PostgreSQL, cutting p99 latency by 40%.";
    let (s, _, body) = app
        .post(
            "/practice/rate",
            &[
                ("opp", SLUG),
                ("q", &q),
                ("answer", answer),
                ("rating", "hard"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let doc = scraper::Html::parse_document(&body);
    assert!(text(&doc, "p.notice[role=status]").contains("Next review"));
    assert!(
        count(&doc, "#plan ol.plan li") >= 1,
        "{}",
        text(&doc, "#plan")
    );
    assert_eq!(count(&doc, "#history figure.chart svg"), 1);
    // The posting's terms are checked.
    assert!(!text(&doc, "#feedback").contains("No posting terms to check"));
}

#[tokio::test]
async fn stories_are_ranked_for_a_question() {
    let app = App::seeded();
    let doc = app
        .page("/stories?q=Tell+me+about+a+time+you+improved+performance")
        .await;
    assert!(count(&doc, "ol.ranked li") >= 1);
    assert!(text(&doc, "ol.ranked li .score").starts_with("score "));
    let doc = app.page("/stories").await;
    assert_eq!(count(&doc, "#ranked"), 0);
}

#[tokio::test]
async fn thank_you_edits_with_payloads_come_back_escaped() {
    let app = App::seeded();
    let payload = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&</textarea><b>";
    app.post_ok(
        &format!("/o/{SLUG}/thanks/1/tomasz-weller"),
        &[("body", payload)],
    )
    .await;
    let (s, body) = app.get(&format!("/o/{SLUG}/follow-up")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!body.contains("<script>alert"));
    assert!(!body.contains("<img src=x"));
    let doc = scraper::Html::parse_document(&body);
    assert_eq!(count(&doc, "script:not([src])"), 0);
    assert_eq!(count(&doc, "img"), 0);
    assert_eq!(text(&doc, "#thanks-tomasz-weller textarea"), payload);
    // And on the cheat sheet, which has its own renderer.
    let (_, sheet) = app.get(&format!("/o/{SLUG}/sheet")).await;
    assert!(!sheet.contains("<script>alert"));
}

#[tokio::test]
async fn new_posts_need_the_csrf_token() {
    let app = App::seeded();
    for (path, fields) in [
        (
            format!("/o/{SLUG}/checklist/defaults"),
            vec![("text", "Arrive 10-15 minutes early")],
        ),
        (
            format!("/o/{SLUG}/thanks/1/tomasz-weller"),
            vec![("body", "hi")],
        ),
        (format!("/o/{SLUG}/thanks/1/tomasz-weller/sent"), vec![]),
    ] {
        let mut all = vec![("csrf", "wrong")];
        all.extend(fields);
        let (s, _, _) = app.post_raw(&path, &all).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{path}");
    }
    let doc = app.page(&format!("/o/{SLUG}/follow-up")).await;
    assert!(!text(&doc, "#thanks-tomasz-weller p.meta").starts_with("Sent"));
}

#[tokio::test]
async fn the_timers_reading_is_saved_with_the_attempt() {
    let app = App::seeded();
    let q = "r2-first-90-days";
    let answer = "In my first month I would meet each engineer, then ship one small fix.";
    let (s, _, body) = app
        .post(
            "/practice",
            &[("q", q), ("answer", answer), ("seconds", "95")],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let doc = scraper::Html::parse_document(&body);
    assert!(text(&doc, "#feedback").contains("By the timer you took 1:35"));
    assert_eq!(
        attr(&doc, "form#rate input[name=seconds]", "value").as_deref(),
        Some("95")
    );
    let (s, _, body) = app
        .post(
            "/practice/rate",
            &[
                ("q", q),
                ("answer", answer),
                ("rating", "good"),
                ("seconds", "95"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let mut store = round2_store::SqliteStore::open(&app.db_path()).unwrap();
    use round2_store::Store as _;
    assert_eq!(store.attempts(None).unwrap().last().unwrap().seconds, 95);

    // Without the timer, the estimate from the words is saved.
    app.post(
        "/practice/rate",
        &[("q", q), ("answer", answer), ("rating", "good")],
    )
    .await;
    let estimate = store.attempts(None).unwrap().last().unwrap().seconds;
    assert!(estimate < 10, "about 13 words: {estimate} s");

    let (s, _, body) = app
        .post(
            "/practice/rate",
            &[
                ("q", q),
                ("answer", answer),
                ("rating", "good"),
                ("seconds", "soon"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body.contains("not a time in seconds"), "{body}");
}

#[tokio::test]
async fn a_refused_posting_comes_back_with_what_was_typed() {
    let app = App::seeded();
    let posting = "Requirements\n- Five years of Rust <and> \"quotes\"\n- Kafka";
    let (s, _, body) = app
        .post(
            "/opportunities",
            &[
                ("company", "  "),
                ("role", "Platform Engineer"),
                ("stage", "round-1"),
                ("job_description", posting),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let doc = scraper::Html::parse_document(&body);
    assert!(text(&doc, "#posting-error[role=alert]").contains("Company is required"));
    assert_eq!(text(&doc, "textarea#job_description"), posting.trim());
    assert_eq!(
        attr(&doc, "#role", "value").as_deref(),
        Some("Platform Engineer")
    );
    assert_eq!(
        attr(&doc, "#stage option[selected]", "value").as_deref(),
        Some("round-1")
    );
    // Nothing was stored.
    assert_eq!(
        count(&app.page("/").await, "table.opportunities tbody tr"),
        1
    );
}

#[tokio::test]
async fn a_refused_prep_file_comes_back_with_its_text_and_line() {
    let app = App::seeded();
    let bad = "version: 1\ncompany: Acme\nrole: [unclosed\n";
    let (s, body) = crate::pages::upload_text(&app, &app.csrf(), bad).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");
    let doc = scraper::Html::parse_document(&body);
    let message = text(&doc, "#import-error[role=alert]");
    assert!(message.contains("the pasted prep file"), "{message}");
    assert!(message.contains("line"), "{message}");
    assert_eq!(text(&doc, "textarea#prep_text"), bad.trim());
}

#[tokio::test]
async fn a_refused_story_comes_back_with_what_was_typed() {
    let app = App::seeded();
    let situation = "Our nightly billing run kept failing at month end.";
    let (s, _, body) = app
        .post(
            "/stories",
            &[
                ("title", ""),
                ("situation", situation),
                ("tags", "billing, ops"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let doc = scraper::Html::parse_document(&body);
    assert!(text(&doc, "#story-error").contains("Title is required"));
    assert_eq!(text(&doc, "textarea#situation"), situation);
    assert_eq!(
        attr(&doc, "form#story-form", "action").as_deref(),
        Some("/stories")
    );

    // A title the bank already has: 409, the form again.
    let taken = app.page("/stories").await;
    let title = texts(&taken, "article.story h2, article.story h3")
        .into_iter()
        .next()
        .expect("a stored story");
    let (s, _, body) = app
        .post("/stories", &[("title", &title), ("situation", situation)])
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{body}");
    let doc = scraper::Html::parse_document(&body);
    assert_eq!(text(&doc, "textarea#situation"), situation);
}

#[tokio::test]
async fn a_story_is_deleted_unless_a_note_says_it_was_told() {
    let app = App::seeded();
    let mut store = round2_store::SqliteStore::open(&app.db_path()).unwrap();
    use round2_store::Store as _;
    let stories = store.stories().unwrap();
    let told = &stories[0];
    app.post_ok(
        &format!("/o/{SLUG}/notes"),
        &[
            ("round", "1"),
            ("kind", "story"),
            ("story", &told.title),
            ("text", "Told it when asked about a hard deadline"),
        ],
    )
    .await;
    let (s, _, body) = app.post(&format!("/stories/{}/delete", told.id), &[]).await;
    assert_eq!(s, StatusCode::CONFLICT, "{body}");
    assert!(
        body.contains("Larkspur Ledger — Backend Software Engineer, Platform, round 1"),
        "{body}"
    );

    let untold = app
        .post_ok(
            "/stories",
            &[("title", "A story nobody heard"), ("situation", "x")],
        )
        .await;
    let id = untold.rsplit('-').next().unwrap();
    let doc = app.page(&format!("/stories/{id}/edit")).await;
    assert_eq!(count(&doc, "details.danger form.remove button"), 1);
    assert_eq!(
        app.post_ok(&format!("/stories/{id}/delete"), &[]).await,
        "/stories"
    );
    assert_eq!(store.stories().unwrap().len(), stories.len());
    assert_eq!(
        app.get(&format!("/stories/{id}/edit")).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_profile_is_set_in_the_browser_and_used_by_the_follow_up() {
    let app = App::seeded();
    let doc = app.page("/profile").await;
    assert_eq!(
        attr(&doc, "#name", "value").as_deref(),
        Some("Sam Candidate")
    );
    assert_eq!(
        attr(&doc, "#priorities", "value").as_deref(),
        Some("growth, mentorship")
    );
    assert_eq!(count(&doc, "nav a[href='/profile'][aria-current=page]"), 1);
    // Without an email the follow-up page points here.
    let follow = app.page(&format!("/o/{SLUG}/follow-up")).await;
    assert_eq!(count(&follow, "main a[href='/profile']"), 1);

    let to = app
        .post_ok(
            "/profile",
            &[
                ("name", "Sam Candidate"),
                ("email", "sam@example.com"),
                ("headline", "Backend engineer, eight years in payments"),
                ("priorities", "remote work, growth"),
            ],
        )
        .await;
    assert_eq!(to, "/profile?saved=1");
    let doc = app.page(&to).await;
    assert!(text(&doc, "p.notice").contains("Saved"));
    assert_eq!(
        attr(&doc, "#email", "value").as_deref(),
        Some("sam@example.com")
    );
    let follow = app.page(&format!("/o/{SLUG}/follow-up")).await;
    assert_eq!(count(&follow, "main a[href='/profile']"), 0);
    let ask = app.page(&format!("/o/{SLUG}/ask")).await;
    assert!(text(&ask, "main").contains("remote work"));

    // Refused: the form again with what was typed.
    let (s, _, body) = app
        .post(
            "/profile",
            &[
                ("name", ""),
                ("email", "not an address"),
                ("headline", "kept"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let doc = scraper::Html::parse_document(&body);
    assert!(text(&doc, "#profile-error").contains("Name is required"));
    assert_eq!(attr(&doc, "#headline", "value").as_deref(), Some("kept"));
    let (s, _, body) = app
        .post("/profile", &[("name", "Sam"), ("email", "not an address")])
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body.contains("is not an email address"), "{body}");
}

#[tokio::test]
async fn questions_due_for_review_come_first() {
    let app = App::seeded();
    // Rated "again": due again the same day (see the plan), so due by a
    // clock a day on.
    let q = "r2-first-90-days";
    let (s, _, body) = app
        .post(
            "/practice/rate",
            &[
                ("opp", SLUG),
                ("q", q),
                (
                    "answer",
                    "I would meet the team, learn the codebase and ship a fix.",
                ),
                ("rating", "again"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let later = App::over_same(&app, |t| t + chrono::Duration::days(1));
    let doc = later.page(&format!("/practice?opp={SLUG}")).await;
    assert_eq!(count(&doc, "#due li"), 1, "{}", text(&doc, "main"));
    assert_eq!(
        attr(&doc, "form#answer-form input[name=q]", "value").as_deref(),
        Some(q),
        "the due question is the one offered"
    );
    // Choosing a category still shows that category's first question.
    let doc = later
        .page(&format!("/practice?opp={SLUG}&category=curveball"))
        .await;
    assert_ne!(
        attr(&doc, "form#answer-form input[name=q]", "value").as_deref(),
        Some(q)
    );
    // Before it is due, nothing is listed.
    let doc = app.page(&format!("/practice?opp={SLUG}")).await;
    assert_eq!(count(&doc, "#due"), 0);
}

#[tokio::test]
async fn the_prep_file_download_imports_back_to_the_same_records() {
    let app = App::seeded();
    let (s, headers, yaml) = get_full(&app, &format!("/o/{SLUG}/prep.yaml")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        headers
            .get("content-disposition")
            .and_then(|v| v.to_str().ok()),
        Some(format!("attachment; filename=\"{SLUG}.yaml\"").as_str())
    );
    let file = round2_core::prep::PrepFile::parse(&yaml, round2_core::prep::Format::Yaml)
        .expect("the download is a valid prep file");
    // Imported into an empty store, it gives the same opportunity page.
    let other = App::empty();
    let (s, to, body) = crate::pages::upload(&other, &other.csrf(), "x.yaml", &yaml).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(to, format!("/o/{SLUG}"));
    let a = app.page(&format!("/o/{SLUG}")).await;
    let b = other.page(&to).await;
    for css in [
        "table.ledger tbody tr",
        "li.note",
        "section.round",
        "ul.interviewers li",
    ] {
        assert_eq!(count(&a, css), count(&b, css), "{css}");
    }
    assert_eq!(file.company, "Larkspur Ledger");
    assert_eq!(count(&a, "nav.documents a[href$='/prep.yaml']"), 1);
}

#[tokio::test]
async fn an_answer_that_tells_no_time_is_named_as_off_the_question() {
    let app = App::seeded();
    let answer = "Leadership is something I really want to grow into, to be honest. I'd love to \
                  move into a team-lead role in the next couple of years, and I read a lot about \
                  coaching. I think good leaders listen first.";
    let (s, _, body) = app
        .post(
            "/practice",
            &[("q", "beh-leadership-without-title"), ("answer", answer)],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let doc = scraper::Html::parse_document(&body);
    let fb = text(&doc, "#feedback");
    assert!(fb.contains("This answers a different question"), "{fb}");
    assert!(fb.contains("one specific time"), "{fb}");
    assert!(fb.contains("sentence by sentence"), "{fb}");

    // A story that answers it is not flagged.
    let story = "At my last job our release process kept slipping by a week. Nobody reported to \
                 me, but I offered to run the release. I set up a checklist, paired each step \
                 with an owner and ran a short stand-up every morning. The next three releases \
                 went out on the planned day.";
    let (_, _, body) = app
        .post(
            "/practice",
            &[("q", "beh-leadership-without-title"), ("answer", story)],
        )
        .await;
    let doc = scraper::Html::parse_document(&body);
    let fb = text(&doc, "#feedback");
    assert!(!fb.contains("This answers a different question"), "{fb}");
    assert!(fb.contains("It tells one specific time"), "{fb}");
}

/// The practice page's audio form as a browser posts it.
fn audio_form(csrf: &str, q: &str, wav: &[u8], keep: bool) -> (String, Vec<u8>) {
    let boundary = "XroundtwoAudio";
    let keep = if keep {
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"keep\"\r\n\r\n1\r\n")
    } else {
        String::new()
    };
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"opp\"\r\n\r\n\r\n\
         {keep}--{boundary}\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\n{q}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"answer.wav\"\r\n\
         Content-Type: audio/wav\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(wav);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// POST a multipart body (content type and bytes) to `path`.
async fn post_multipart_full(
    app: &App,
    path: &str,
    (ct, body): (String, Vec<u8>),
) -> (StatusCode, axum::http::HeaderMap, String) {
    let req = Request::post(path)
        .header("host", HOST)
        .header("content-type", ct)
        .body(Body::from(body))
        .expect("request");
    app.send(req).await
}

async fn post_multipart(app: &App, path: &str, form: (String, Vec<u8>)) -> (StatusCode, String) {
    let (s, _, b) = post_multipart_full(app, path, form).await;
    (s, b)
}

/// Sends a recording as the audio form does and follows the transcription
/// page (which reloads itself each second) until it is done: the final
/// status and page (the progress page, whenever it shows, is checked on
/// the way).
async fn post_audio(app: &App, q: &str, wav: &[u8], keep: bool) -> (StatusCode, String) {
    let form = audio_form(&app.csrf(), q, wav, keep);
    let (s, h, body) = post_multipart_full(app, "/practice/audio", form).await;
    if s != StatusCode::SEE_OTHER {
        return (s, body);
    }
    let to = h["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/practice/heard/"), "{to}");
    for _ in 0..600 {
        let (s, body) = app.get(&to).await;
        if s == StatusCode::OK && body.contains("id=\"hearing\"") {
            let doc = scraper::Html::parse_document(&body);
            let shown = text(&doc, "#hearing");
            assert!(
                shown.starts_with("Transcribing on this machine: "),
                "{shown}"
            );
            assert_eq!(
                count(&doc, "meta[http-equiv=refresh]"),
                1,
                "the progress page reloads itself"
            );
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            continue;
        }
        return (s, body);
    }
    panic!("the transcription at {to} did not finish in two minutes");
}

/// Rates an answer as the page's rating form posts it.
async fn rate(
    app: &App,
    q: &str,
    answer: &str,
    spoken: &str,
    recording: &str,
) -> (StatusCode, String) {
    let fields = [
        ("q", q),
        ("answer", answer),
        ("spoken", spoken),
        ("recording", recording),
        ("rating", "good"),
    ];
    let (s, _, body) = app.post("/practice/rate", &fields).await;
    (s, body)
}

#[tokio::test]
async fn an_answer_given_aloud_is_transcribed_and_gets_feedback() {
    let app = App::seeded();
    let doc = app.page("/practice").await;
    let q = attr(&doc, "#audio-form input[name=q]", "value")
        .expect("the audio form names its question");
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("answer.wav");
    speak(&wav, SPOKEN_ANSWER);
    let (s, body) = post_audio(&app, &q, &std::fs::read(&wav).unwrap(), false).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let doc = scraper::Html::parse_document(&body);
    assert!(
        text(&doc, "#spoken").starts_with("Transcribed on this machine with whisper-"),
        "{}",
        text(&doc, "#spoken")
    );
    let heard = text(&doc, "#answer").to_lowercase();
    assert!(
        heard.contains("this job") && heard.contains("every day"),
        "{heard}"
    );
    assert!(count(&doc, "#feedback-h") == 1, "feedback shown");
    // Rated, the answer is saved with how it was said, and the history
    // charts the pace of answers given aloud.
    let spoken = attr(&doc, "#rate input[name=spoken]", "value")
        .expect("the rating form carries how the answer was said");
    let answer = attr(&doc, "#rate input[name=answer]", "value").unwrap();
    let (s, body) = rate(&app, &q, &answer, &spoken, "").await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let doc = scraper::Html::parse_document(&body);
    assert_eq!(count(&doc, "#history #pace-chart-t"), 1, "{body}");
    assert_eq!(count(&doc, "#history #fillers-chart-t"), 1, "{body}");
    // How it was said, when it is not JSON round2 wrote: a 400 naming it.
    let (s, body) = rate(&app, &q, &answer, "{not json", "").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body.contains("spoken"), "{body}");
    // Not kept unless asked: nothing to listen to on the page.
    assert_eq!(count(&doc, "#recordings-h"), 0, "{body}");
    // Not audio: a clear 400 at once, and the server answers the next request.
    let (s, body) = post_audio(&app, &q, b"not a recording", false).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body.contains("not a WAV"), "{body}");
    let (s, _) = app.get("/practice").await;
    assert_eq!(s, StatusCode::OK);
    // A transcription the server does not know (an old link): a 404 saying
    // what to do.
    let (s, body) = app.get("/practice/heard/0123abcd").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(body.contains("send the recording again"), "{body}");
}

#[test]
fn the_transcription_page_shows_how_far_it_got_and_reloads_itself() {
    let page = round2_web::pages::HearingPage {
        done: 42.0,
        total: 120.0,
        back: "/practice?opp=&q=beh-1".into(),
    };
    let doc = scraper::Html::parse_document(&round2_web::layout::render(&page));
    assert_eq!(
        text(&doc, "#hearing"),
        "Transcribing on this machine: 0:42 of 2:00 heard."
    );
    assert_eq!(
        attr(&doc, "meta[http-equiv=refresh]", "content").as_deref(),
        Some("1")
    );
    assert_eq!(
        attr(&doc, "progress#hearing-progress", "value").as_deref(),
        Some("42.0")
    );
    assert_eq!(
        attr(&doc, "progress#hearing-progress", "max").as_deref(),
        Some("120.0")
    );
    assert!(attr(&doc, "a[href='/practice?opp=&q=beh-1']", "href").is_some());
}

#[tokio::test]
async fn a_recording_is_kept_only_when_asked_and_can_be_deleted() {
    let app = App::seeded();
    let doc = app.page("/practice").await;
    assert_eq!(
        count(&doc, "#audio-form input[type=checkbox][name=keep]"),
        1
    );
    let q = attr(&doc, "#audio-form input[name=q]", "value").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("answer.wav");
    speak(&wav, SPOKEN_ANSWER);
    let sent = round2_speech::audio::read(&wav).unwrap();
    let (s, body) = post_audio(&app, &q, &std::fs::read(&wav).unwrap(), true).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let doc = scraper::Html::parse_document(&body);
    let recording = attr(&doc, "#rate input[name=recording]", "value")
        .expect("the rating form carries the recording to keep");
    let spoken = attr(&doc, "#rate input[name=spoken]", "value").unwrap();
    let answer = attr(&doc, "#rate input[name=answer]", "value").unwrap();
    let (s, body) = rate(&app, &q, &answer, &spoken, &recording).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let doc = scraper::Html::parse_document(&body);
    let src =
        attr(&doc, "ul.recordings audio", "src").expect("the kept recording plays on the page");
    // It is the answer as heard: a WAV of the same length.
    let (s, h, bytes) = get_bytes(&app, &src).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(h["content-type"], "audio/wav");
    let back = round2_speech::wav::parse(&bytes).expect("the recording served is a WAV");
    assert!(
        (back.seconds() - sent.seconds()).abs() < 0.01,
        "{} {}",
        back.seconds(),
        sent.seconds()
    );
    // Saving the same answer again keeps no second copy: the recording was
    // handed over once.
    let (s, _) = rate(&app, &q, &answer, &spoken, &recording).await;
    assert_eq!(s, StatusCode::OK);
    let doc = app.page("/practice").await;
    assert_eq!(count(&doc, "ul.recordings li"), 1);
    // Deleted, it is gone; the answer's transcript stays in the history.
    let action = attr(&doc, "ul.recordings form", "action").unwrap();
    let to = app.post_ok(&action, &[("opp", "")]).await;
    assert!(to.starts_with("/practice"), "{to}");
    let (s, _) = app.get(&src).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let doc = app.page("/practice").await;
    assert_eq!(count(&doc, "ul.recordings li"), 0);
    assert_eq!(count(&doc, "#history #pace-chart-t"), 1);
    let (s, _, _) = app.post(&action, &[("opp", "")]).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "deleting twice finds none");
}

/// The round's transcript form as a browser posts it: a file and the fields.
fn transcript_form(csrf: &str, file: &str, text: &str, me: &str) -> (String, Vec<u8>) {
    let boundary = "XroundtwoTranscript";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"transcript\"; filename=\"{file}\"\r\n\
         Content-Type: text/vtt\r\n\r\n{text}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"transcript_text\"\r\n\r\n\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"me\"\r\n\r\n{me}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"speakers\"\r\n\r\n\r\n\
         --{boundary}--\r\n"
    );
    (
        format!("multipart/form-data; boundary={boundary}"),
        body.into_bytes(),
    )
}

async fn post_transcript(app: &App, file: &str, text: &str, me: &str) -> (StatusCode, String) {
    let form = transcript_form(&app.csrf(), file, text, me);
    post_multipart(app, &format!("/o/{SLUG}/rounds/1/transcript"), form).await
}

const ROUND_ONE_VTT: &str = "WEBVTT\n\n\
00:00:01.000 --> 00:00:04.000\n<v Tomasz Weller>How did you find the slow query behind the checkout outage?</v>\n\n\
00:00:04.500 --> 00:00:15.000\n<v Sam Lee>Um, I pulled the slow query log, found a missing index on the orders table, and added it with the on-call lead that night.</v>\n\n\
00:00:16.000 --> 00:00:19.000\n<v Sam Lee>Can I ask how the platform team plans its on-call rotation?</v>\n\n\
00:00:19.500 --> 00:00:30.000\n<v Imani Okafor>We rotate weekly across six engineers, and a new hire shadows for two weeks first.</v>\n";

#[tokio::test]
async fn a_transcript_proposes_notes_and_only_the_ticked_ones_are_saved() {
    let app = App::seeded();
    let doc = app.page(&format!("/o/{SLUG}")).await;
    assert_eq!(
        count(
            &doc,
            "#round-1 form.transcript input[type=file][name=transcript]"
        ),
        1
    );
    let notes_before = count(&doc, "#round-1 ul.notes li");
    let (s, body) = post_transcript(&app, "round1.vtt", ROUND_ONE_VTT, "Sam Lee").await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let page = scraper::Html::parse_document(&body);
    assert_eq!(
        count(&page, "#transcript-notes fieldset.proposal"),
        2,
        "{body}"
    );
    assert!(text(&page, "ul.speakers").contains("Tomasz Weller"));
    let first = text(&page, "#text-0");
    assert!(
        first.starts_with("Tomasz asked:") && first.contains("missing index"),
        "{first}"
    );
    // Nothing is saved by proposing.
    let doc = app.page(&format!("/o/{SLUG}")).await;
    assert_eq!(count(&doc, "#round-1 ul.notes li"), notes_before);
    // Keep the first, edited; untick the second.
    let to = app
        .post_ok(
            &format!("/o/{SLUG}/rounds/1/transcript/save"),
            &[
                ("count", "2"),
                ("keep-0", "on"),
                ("kind-0", "question"),
                ("interviewer-0", "Tomasz Weller"),
                (
                    "text-0",
                    "Tomasz asked how I found the slow query; a missing index on orders.",
                ),
                ("kind-1", "asked"),
                ("interviewer-1", "Imani Okafor"),
                ("text-1", "I asked about on-call."),
            ],
        )
        .await;
    assert!(to.ends_with("#round-1"), "{to}");
    let doc = app.page(&format!("/o/{SLUG}")).await;
    assert_eq!(count(&doc, "#round-1 ul.notes li"), notes_before + 1);
    assert!(text(&doc, "#round-1 ul.notes").contains("a missing index on orders"));
    assert!(!text(&doc, "#round-1 ul.notes").contains("I asked about on-call."));
}

#[tokio::test]
async fn a_transcript_round2_cannot_place_is_refused_with_the_form_again() {
    let app = App::seeded();
    let (s, body) =
        post_transcript(&app, "notes.txt", "just some words\nwith no labels\n", "").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let page = scraper::Html::parse_document(&body);
    assert!(
        text(&page, "#transcript-error").contains("no speaker labels"),
        "{body}"
    );
    assert_eq!(count(&page, "form.transcript"), 1);
    let stranger = ROUND_ONE_VTT.replace("Tomasz Weller", "Zed Stranger");
    let (s, body) = post_transcript(&app, "round1.vtt", &stranger, "Sam Lee").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body.contains("Zed Stranger"), "{body}");
    // Without the page's token the upload is refused.
    let forged = transcript_form("forged", "round1.vtt", ROUND_ONE_VTT, "Sam Lee");
    let (s, _) = post_multipart(&app, &format!("/o/{SLUG}/rounds/1/transcript"), forged).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // A ticked note left empty is refused; nothing saved.
    let (s, _, body) = app
        .post(
            &format!("/o/{SLUG}/rounds/1/transcript/save"),
            &[
                ("count", "1"),
                ("keep-0", "on"),
                ("kind-0", "topic"),
                ("text-0", "  "),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("ticked but empty"), "{body}");
}

fn saved_page(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../extract/tests/fixtures")
        .join(name);
    std::fs::read_to_string(p).unwrap()
}

/// The "saved page" form as a browser posts it.
fn page_form(csrf: &str, html: &str, company: &str) -> (String, Vec<u8>) {
    let boundary = "XroundtwoPage";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"page\"; filename=\"job.html\"\r\n\
         Content-Type: text/html\r\n\r\n{html}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"company\"\r\n\r\n{company}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"role\"\r\n\r\n\r\n\
         --{boundary}--\r\n"
    );
    (
        format!("multipart/form-data; boundary={boundary}"),
        body.into_bytes(),
    )
}

#[tokio::test]
async fn an_opportunity_comes_from_a_saved_page_or_its_link() {
    let app = App::empty();
    let doc = app.page("/opportunities/new").await;
    assert_eq!(count(&doc, "form#from-page input[type=file][name=page]"), 1);
    assert_eq!(count(&doc, "form#new-opportunity input[name=read_url]"), 1);
    let form = page_form(&app.csrf(), &saved_page("posting-saved.html"), "");
    let (s, body) = post_multipart(&app, "/opportunities/page", form).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    let doc = app
        .page("/o/harbourline-freight-operations-coordinator")
        .await;
    assert!(
        text(&doc, "table.ledger").contains("Excel"),
        "the requirements are read"
    );

    let url = round2_fetch::serve("200 OK", "text/html", saved_page("posting-saved.html"), 1);
    let to = app
        .post_ok(
            "/opportunities",
            &[
                ("company", "Harbourline"),
                ("role", "Coordinator"),
                ("url", &url),
                ("read_url", "on"),
            ],
        )
        .await;
    assert_eq!(to, "/o/harbourline-coordinator");
    let doc = app.page(&to).await;
    assert!(text(&doc, "table.ledger").contains("Excel"));
}

#[tokio::test]
async fn a_page_or_link_without_a_posting_is_refused_and_the_server_stays_up() {
    let app = App::empty();
    let form = page_form(&app.csrf(), &saved_page("app-shell.html"), "Acme");
    let (s, body) = post_multipart(&app, "/opportunities/page", form).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body.contains("no main text"), "{body}");
    let missing = round2_fetch::serve("404 Not Found", "text/html", "<p>gone</p>".into(), 1);
    let (s, _, body) = app
        .post(
            "/opportunities",
            &[
                ("company", "Acme"),
                ("role", "Clerk"),
                ("url", &missing),
                ("read_url", "on"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body.contains("404"), "{body}");
    assert_eq!(
        count(&app.page("/").await, "table.opportunities tbody tr"),
        0
    );
}

#[tokio::test]
async fn research_quotes_a_page_when_asked() {
    let app = App::seeded();
    let url = round2_fetch::serve("200 OK", "text/html", saved_page("posting-saved.html"), 1);
    app.post_ok(
        &format!("/o/{SLUG}/research"),
        &[
            ("section", "news"),
            ("text", ""),
            ("source", &url),
            ("read_source", "on"),
        ],
    )
    .await;
    let doc = app.page(&format!("/o/{SLUG}")).await;
    assert!(
        text(&doc, "body").contains("Operations Coordinator: Harbourline Freight moves container"),
        "the quote is kept"
    );
    // Empty text without the tick box is still refused.
    let (s, _, _) = app
        .post(
            &format!("/o/{SLUG}/research"),
            &[("section", "news"), ("text", ""), ("source", &url)],
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}
