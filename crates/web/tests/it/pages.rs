//! Every page and form, in-process, on the dev01 case.

use axum::http::StatusCode;

use crate::common::*;

const SLUG: &str = "larkspur-ledger-backend-software-engineer";

#[tokio::test]
async fn home_lists_opportunities_with_stage_next_round_and_overdue_thank_you() {
    let app = App::seeded();
    let doc = app.page("/").await;
    assert_eq!(text(&doc, "h1"), "Opportunities");
    let row = text(&doc, "table.opportunities tbody tr");
    assert!(
        row.contains("Larkspur Ledger — Backend Software Engineer, Platform"),
        "{row}"
    );
    assert_eq!(
        attr(&doc, "table.opportunities tbody tr th a", "href").as_deref(),
        Some(format!("/o/{SLUG}").as_str())
    );
    assert_eq!(text(&doc, "table.opportunities .stage"), "round-1");
    assert!(
        row.contains("Round 2, Tue 10 Nov 2026, 13:00 (-05:00)"),
        "{row}"
    );
    // Round 1 was 2026-11-04 15:00; at 11-06 10:00 both notes are overdue.
    let overdue = texts(&doc, "ul.overdue li");
    assert_eq!(overdue.len(), 2, "{overdue:?}");
    assert!(
        overdue[0].starts_with("Tomasz Weller — round 1"),
        "{overdue:?}"
    );
    assert!(
        overdue[1].starts_with("Imani Okafor — round 1"),
        "{overdue:?}"
    );
    assert_eq!(count(&doc, "ul.overdue time[datetime]"), 2);
}

#[tokio::test]
async fn home_without_opportunities_points_to_the_new_page() {
    let app = App::empty();
    let doc = app.page("/").await;
    assert!(text(&doc, ".empty").contains("No opportunities yet"));
    assert_eq!(
        attr(&doc, ".empty a", "href").as_deref(),
        Some("/opportunities/new")
    );
    assert_eq!(count(&doc, "ul.overdue"), 0);
}

#[tokio::test]
async fn every_page_labels_its_inputs_and_protects_its_forms() {
    let app = App::seeded();
    let csrf = app.csrf();
    for path in [
        "/".to_string(),
        "/opportunities/new".into(),
        format!("/o/{SLUG}"),
        format!("/o/{SLUG}/ask"),
        "/stories".into(),
        "/stories/new".into(),
        "/stories/1/edit".into(),
        "/practice".into(),
        format!("/practice?opp={SLUG}"),
        "/profile".into(),
        format!("/o/{SLUG}/prepare"),
        format!("/o/{SLUG}/follow-up"),
    ] {
        let doc = app.page(&path).await;
        assert_accessible_forms(&doc, &csrf, &path);
        assert_eq!(count(&doc, "a.skip[href='#main']"), 1, "{path}: skip link");
        assert_eq!(count(&doc, "main#main"), 1, "{path}");
        assert_eq!(
            count(&doc, "link[rel=stylesheet][href='/assets/style.css']"),
            1
        );
        assert_eq!(count(&doc, "html[lang=en]"), 1);
    }
    // And the practice page with feedback on it.
    let (_, _, body) = app
        .post(
            "/practice",
            &[
                ("opp", ""),
                ("q", "r2-first-90-days"),
                ("answer", "I would listen."),
            ],
        )
        .await;
    assert_accessible_forms(
        &scraper::Html::parse_document(&body),
        &csrf,
        "practice feedback",
    );
}

#[tokio::test]
async fn new_opportunity_from_a_pasted_posting() {
    let app = App::empty();
    let doc = app.page("/opportunities/new").await;
    assert_eq!(
        attr(&doc, "form#new-opportunity", "action").as_deref(),
        Some("/opportunities")
    );
    for name in ["company", "role", "url", "stage", "job_description"] {
        assert_eq!(
            count(&doc, &format!("form#new-opportunity [name={name}]")),
            1,
            "{name}"
        );
    }
    assert_eq!(
        attr(&doc, "form#import", "enctype").as_deref(),
        Some("multipart/form-data")
    );
    assert_eq!(
        count(&doc, "form#import input[type=file][name=prep_file]"),
        1
    );

    let to = app
        .post_ok(
            "/opportunities",
            &[
                ("company", "Northwind Analytics"),
                ("role", "Senior Data Engineer"),
                ("url", "https://jobs.example/nw"),
                ("stage", "round-1"),
                ("job_description", "Requirements\n- Airflow\n- Mentoring"),
            ],
        )
        .await;
    assert_eq!(to, "/o/northwind-analytics-senior-data-engineer");
    let doc = app.page(&to).await;
    assert_eq!(
        text(&doc, "h1"),
        "Northwind Analytics — Senior Data Engineer"
    );
    assert!(text(&doc, ".posting").contains("- Airflow"));
    assert_eq!(
        attr(&doc, "select#stage option[selected]", "value").as_deref(),
        Some("round-1")
    );
    assert_eq!(
        attr(&doc, "a[href='https://jobs.example/nw']", "rel").as_deref(),
        Some("noopener noreferrer")
    );
}

#[tokio::test]
async fn missing_company_is_a_400_that_names_the_field() {
    let app = App::empty();
    let (s, _, body) = app
        .post("/opportunities", &[("company", " "), ("role", "R")])
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let doc = scraper::Html::parse_document(&body);
    assert_eq!(text(&doc, "h1"), "New opportunity", "the form comes back");
    assert!(text(&doc, "#posting-error").contains("Company is required"));
}

fn multipart(csrf: &str, file_name: &str, content: &str) -> (String, String) {
    multipart_with(csrf, file_name, content, "")
}

/// The import form as a browser posts it: the token, the file part (empty
/// when no file was chosen) and the pasted text.
fn multipart_with(csrf: &str, file_name: &str, content: &str, pasted: &str) -> (String, String) {
    let boundary = "XroundtwoBoundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"prep_file\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n{content}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"prep_text\"\r\n\r\n{pasted}\r\n--{boundary}--\r\n"
    );
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Pastes `text` into the import form (no file chosen).
pub async fn upload_text(app: &App, csrf: &str, text: &str) -> (StatusCode, String) {
    let (ct, body) = multipart_with(csrf, "", "", text);
    let req = axum::http::Request::post("/import")
        .header("host", HOST)
        .header("content-type", ct)
        .body(axum::body::Body::from(body))
        .expect("request");
    let (s, _, b) = app.send(req).await;
    (s, b)
}

pub async fn upload(
    app: &App,
    csrf: &str,
    name: &str,
    content: &str,
) -> (StatusCode, String, String) {
    let (ct, body) = multipart(csrf, name, content);
    let req = axum::http::Request::post("/import")
        .header("host", HOST)
        .header("content-type", ct)
        .body(axum::body::Body::from(body))
        .expect("request");
    let (s, h, b) = app.send(req).await;
    let loc = h
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (s, loc, b)
}

#[tokio::test]
async fn uploading_a_prep_file_imports_it() {
    let app = App::empty();
    let (s, to, body) = upload(&app, &app.csrf(), "dev01.yaml", &dev01_prep_yaml()).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(to, format!("/o/{SLUG}"));
    let doc = app.page(&to).await;
    assert_eq!(count(&doc, "section.round"), 2);
    assert_eq!(count(&doc, "#round-1 li.note"), 12);
    let doc = app.page("/stories").await;
    assert_eq!(count(&doc, "article.story"), 9);
}

#[tokio::test]
async fn a_broken_prep_file_is_a_400_that_says_where() {
    let app = App::empty();
    let (s, _, body) = upload(
        &app,
        &app.csrf(),
        "bad.yaml",
        "company: A\nrole: B\nrounds: 7\n",
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");
    let doc = scraper::Html::parse_document(&body);
    let message = text(&doc, "#import-error");
    assert!(message.starts_with("Not saved: bad.yaml:"), "{message}");
    let (s, _, _) = upload(&app, &app.csrf(), "x.json", "{\"company\": \"A\"}").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(
        count(&app.page("/").await, "table.opportunities"),
        0,
        "nothing was stored"
    );
}

#[tokio::test]
async fn opportunity_page_shows_posting_rounds_interviewers_notes_and_chart() {
    let app = App::seeded();
    let doc = app.page(&format!("/o/{SLUG}")).await;
    assert_eq!(
        text(&doc, "h1"),
        "Larkspur Ledger — Backend Software Engineer, Platform"
    );
    assert!(text(&doc, ".posting").contains("Solid PostgreSQL"));
    assert_eq!(
        texts(&doc, "section.round h3"),
        ["Round 1: technical", "Round 2: panel"]
    );
    assert_eq!(
        texts(&doc, "#round-1 ul.interviewers li strong"),
        ["Tomasz Weller", "Imani Okafor"]
    );
    assert_eq!(count(&doc, "#round-2 ul.interviewers li"), 3);
    assert_eq!(count(&doc, "#round-1 li.note"), 12);
    assert_eq!(count(&doc, "#round-1 li.note .kind-forgot"), 1);
    assert!(text(&doc, "#round-1").contains("He's also in Winnipeg!"));
    // Each note has its inline edit form, each round its add forms.
    assert_eq!(
        count(
            &doc,
            "#round-1 li.note details.edit form[method=post]:not(.remove)"
        ),
        12
    );
    assert_eq!(
        count(&doc, "#round-1 li.note details.edit form.remove button"),
        12
    );
    assert_eq!(count(&doc, "form.add-note"), 2);
    assert_eq!(count(&doc, "form#add-round"), 1);
    assert_eq!(attr(&doc, "#round-number", "value").as_deref(), Some("3"));
    // The chart: an SVG with a title, a stacked bar per round, a table.
    assert_eq!(
        count(
            &doc,
            "section[aria-labelledby=rounds-h] figure.chart svg[role=img] > title"
        ),
        1
    );
    assert_eq!(
        text(
            &doc,
            "section[aria-labelledby=rounds-h] figure.chart figcaption"
        ),
        "Notes per kind per round"
    );
    assert_eq!(
        count(
            &doc,
            "section[aria-labelledby=rounds-h] figure.chart table tbody tr"
        ),
        2
    );
    assert!(
        count(
            &doc,
            "section[aria-labelledby=rounds-h] figure.chart svg rect"
        ) >= 8 + 6,
        "legend and bars"
    );
    // Links onward.
    assert_eq!(count(&doc, &format!("a[href='/practice?opp={SLUG}']")), 1);
    assert_eq!(count(&doc, &format!("a[href='/o/{SLUG}/ask']")), 2);
    assert!(
        count(&doc, "table.ledger tbody tr") > 0,
        "the coverage ledger"
    );
}

#[tokio::test]
async fn rounds_interviewers_and_notes_are_added_and_edited_through_forms() {
    let app = App::seeded();
    let base = format!("/o/{SLUG}");
    let to = app
        .post_ok(
            &format!("{base}/rounds"),
            &[
                ("number", "3"),
                ("kind", "onsite"),
                ("date", "2026-11-20T09:30"),
                ("duration_minutes", "45"),
                ("place", "https://meet.example/x"),
            ],
        )
        .await;
    assert_eq!(to, format!("{base}#round-3"));
    let to = app
        .post_ok(
            &format!("{base}/rounds/3/interviewers"),
            &[
                ("name", "Ana Ruiz"),
                ("title", "VP Engineering"),
                ("email", ""),
            ],
        )
        .await;
    assert_eq!(to, format!("{base}#round-3"));
    // A returning interviewer is linked, not duplicated.
    app.post_ok(
        &format!("{base}/rounds/3/interviewers"),
        &[("name", "imani okafor")],
    )
    .await;
    let to = app
        .post_ok(
            &format!("{base}/notes"),
            &[
                ("round", "3"),
                ("kind", "asked"),
                ("interviewer", "Ana Ruiz"),
                ("story", ""),
                ("text", "Asked about the roadmap"),
            ],
        )
        .await;
    assert!(to.starts_with(&format!("{base}#note-")), "{to}");
    let id = to.rsplit('-').next().expect("an id").to_string();
    let doc = app.page(&base).await;
    assert_eq!(
        texts(&doc, "#round-3 ul.interviewers li strong"),
        ["Ana Ruiz", "Imani Okafor"]
    );
    assert!(text(&doc, "#round-3 .meta").contains("Fri 20 Nov 2026, 09:30"));
    assert!(text(&doc, "#round-3 .meta").contains("45 minutes"));
    assert_eq!(
        text(&doc, &format!("#note-{id} .note-text")),
        "Asked about the roadmap"
    );
    assert_eq!(text(&doc, &format!("#note-{id} .kind")), "question I asked");

    // Edit it inline: a story note told to nobody in particular.
    app.post_ok(
        &format!("{base}/notes/{id}"),
        &[
            ("round", "3"),
            ("kind", "story"),
            ("interviewer", ""),
            ("story", "The Friday checkout outage"),
            ("text", "Told the outage story"),
        ],
    )
    .await;
    let doc = app.page(&base).await;
    assert_eq!(
        text(&doc, &format!("#note-{id} .note-text")),
        "Told the outage story"
    );
    assert_eq!(
        text(&doc, &format!("#note-{id} .story-ref")),
        "story: The Friday checkout outage"
    );

    // A story note without its story is refused with the reason.
    let (s, _, body) = app
        .post(
            &format!("{base}/notes"),
            &[("round", "3"), ("kind", "story"), ("text", "x")],
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body.contains("needs the story"));
    // A note for another opportunity's id is a 404.
    let (s, _, _) = app
        .post(
            &format!("{base}/notes/99999"),
            &[("round", "1"), ("kind", "topic"), ("text", "x")],
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // A duplicate round is a 409 with the store's message.
    let (s, _, body) = app
        .post(&format!("{base}/rounds"), &[("number", "3")])
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(body.contains("round 3 already exists"));
}

#[tokio::test]
async fn research_questions_and_checklist_through_forms() {
    let app = App::seeded();
    let base = format!("/o/{SLUG}");
    app.post_ok(
        &format!("{base}/research"),
        &[
            ("section", "news"),
            ("text", "Raised a Series C"),
            ("source", "https://news.example/c"),
        ],
    )
    .await;
    app.post_ok(
        &format!("{base}/questions"),
        &[("theme", "team"), ("text", "Who reviews design docs?")],
    )
    .await;
    app.post_ok(&format!("{base}/checklist"), &[("text", "Print my resume")])
        .await;
    let doc = app.page(&base).await;
    assert_eq!(text(&doc, "dl.research dt"), "news");
    assert!(text(&doc, "dl.research dd").contains("Raised a Series C"));
    assert_eq!(
        count(&doc, "dl.research a[href='https://news.example/c']"),
        1
    );

    let q_form = attr(&doc, "#ask-h ~ ul.checks form", "action").expect("a tick form");
    let c_form = attr(&doc, "#checklist-h ~ ul.checks form", "action").expect("a tick form");
    assert_eq!(
        attr(&doc, "#checklist-h ~ ul.checks button.tick", "aria-pressed").as_deref(),
        Some("false")
    );
    app.post_ok(&q_form, &[("value", "true")]).await;
    app.post_ok(&c_form, &[("value", "true")]).await;
    // Posting the same tick twice keeps it ticked.
    app.post_ok(&c_form, &[("value", "true")]).await;
    let doc = app.page(&base).await;
    assert_eq!(
        attr(&doc, "#checklist-h ~ ul.checks button.tick", "aria-pressed").as_deref(),
        Some("true")
    );
    assert_eq!(
        attr(&doc, "#ask-h ~ ul.checks button.tick", "aria-pressed").as_deref(),
        Some("true")
    );
    assert_eq!(
        text(&doc, "#checklist-h ~ ul.checks span.done"),
        "Print my resume"
    );

    let (s, _, _) = app
        .post(&format!("{base}/checklist/424242"), &[("value", "true")])
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, _) = app.post(&c_form, &[("value", "maybe")]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    app.post_ok(&format!("{base}/stage"), &[("stage", "offer")])
        .await;
    assert_eq!(text(&app.page("/").await, ".stage"), "offer");
}

#[tokio::test]
async fn stories_bank_with_star_fields_tags_chart_and_gaps() {
    let app = App::seeded();
    let doc = app.page("/stories").await;
    assert_eq!(count(&doc, "article.story"), 9);
    let first = texts(&doc, "article.story dl.star dt");
    assert_eq!(&first[..4], ["Situation", "Task", "Action", "Result"]);
    assert!(texts(&doc, "article.story h2").contains(&"The Friday checkout outage".to_string()));
    assert!(texts(&doc, "article.story ul.tags li").contains(&"incident response".to_string()));
    assert_eq!(
        text(&doc, "figure.chart figcaption"),
        "Stories per competency"
    );
    // "customer focus" is on two stories; the chart counts normalised tags.
    let rows = texts(&doc, "figure.chart table tbody tr");
    assert!(
        rows.iter()
            .any(|r| r.starts_with("customer_focus") && r.ends_with('2')),
        "{rows:?}"
    );
    assert!(count(&doc, "#missing-h") <= 1);
}

#[tokio::test]
async fn a_story_is_added_then_edited() {
    let app = App::seeded();
    let doc = app.page("/stories/new").await;
    for name in ["title", "situation", "task", "action", "result", "tags"] {
        assert_eq!(
            count(&doc, &format!("form#story-form [name={name}]")),
            1,
            "{name}"
        );
    }
    let to = app
        .post_ok(
            "/stories",
            &[
                ("title", "Cut CI time in half"),
                ("situation", "CI took 40 minutes"),
                ("task", "Speed it up"),
                ("action", "I split the suite"),
                ("result", "20 minutes"),
                ("tags", "initiative, performance"),
            ],
        )
        .await;
    let id = to.rsplit('-').next().expect("id").to_string();
    assert_eq!(to, format!("/stories#story-{id}"));
    let doc = app.page(&format!("/stories/{id}/edit")).await;
    assert_eq!(
        attr(&doc, "#title", "value").as_deref(),
        Some("Cut CI time in half")
    );
    assert_eq!(
        attr(&doc, "#tags", "value").as_deref(),
        Some("initiative, performance")
    );
    assert_eq!(text(&doc, "#situation"), "CI took 40 minutes");
    app.post_ok(
        &format!("/stories/{id}"),
        &[
            ("title", "Cut CI time in half"),
            ("situation", "CI took 40 minutes"),
            ("task", "Speed it up"),
            ("action", "I split the suite"),
            ("result", "12 minutes, from 40"),
            ("tags", "initiative"),
        ],
    )
    .await;
    let doc = app.page("/stories").await;
    assert!(text(&doc, &format!("#story-{id} dl.star")).contains("12 minutes, from 40"));
    assert_eq!(
        texts(&doc, &format!("#story-{id} ul.tags li")),
        ["initiative"]
    );
    let (s, _) = app.get("/stories/999/edit").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, _) = app.post("/stories/999", &[("title", "x")]).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn practice_shows_a_question_timer_and_answer_form() {
    let app = App::seeded();
    let doc = app
        .page("/practice?category=second_round&q=r2-first-90-days")
        .await;
    assert!(
        text(&doc, "#question-h").contains("90 days"),
        "{}",
        text(&doc, "#question-h")
    );
    assert_eq!(
        attr(&doc, "select#category option[selected]", "value").as_deref(),
        Some("second_round")
    );
    assert_eq!(
        count(&doc, "section#timer[data-timer][hidden]"),
        1,
        "the timer shows only with JS"
    );
    assert!(attr(&doc, "#timer", "data-seconds").is_some());
    assert_eq!(
        attr(&doc, "form#answer-form", "action").as_deref(),
        Some("/practice")
    );
    assert_eq!(
        attr(&doc, "form#answer-form input[name=q]", "value").as_deref(),
        Some("r2-first-90-days")
    );
    assert_eq!(count(&doc, "a[data-shortcut=next]"), 1);
    assert!(count(&doc, "details.all-questions li a") > 1);
    let (s, _) = app.get("/practice?q=no-such-question").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.get("/practice?category=astrology").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn practice_for_an_opportunity_offers_role_questions_from_the_posting() {
    let app = App::seeded();
    let doc = app.page(&format!("/practice?opp={SLUG}")).await;
    assert_eq!(
        attr(&doc, "select#category option[selected]", "value").as_deref(),
        Some("role_specific")
    );
    assert!(text(&doc, ".question details").contains("From the posting's requirement"));
    assert!(
        count(&doc, "details.all-questions li") >= 7,
        "one or two per must-have"
    );
    assert_eq!(
        attr(&doc, "form#answer-form input[name=opp]", "value").as_deref(),
        Some(SLUG)
    );
    let (s, _) = app.get("/practice?opp=nobody").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_answer_gets_explained_feedback_and_rating_buttons() {
    let app = App::seeded();
    let answer = "Um, so, like, I think we basically just fixed it, you know.";
    let (s, _, body) = app
        .post(
            "/practice",
            &[("opp", ""), ("q", "r2-first-90-days"), ("answer", answer)],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let doc = scraper::Html::parse_document(&body);
    assert_eq!(text(&doc, "#feedback-h"), "Feedback");
    assert!(text(&doc, "#feedback").contains("Rate the answer to save it"));
    assert!(count(&doc, "ol.suggestions li") >= 1);
    assert!(text(&doc, "ol.suggestions li .why").starts_with("Why:"));
    assert_eq!(count(&doc, "table.star tbody tr"), 4);
    assert!(
        texts(&doc, "ul.fillers li")
            .iter()
            .any(|f| f.starts_with("“um”")),
        "{:?}",
        texts(&doc, "ul.fillers li")
    );
    assert_eq!(text(&doc, "#answer"), answer, "the answer is kept");
    let ratings: Vec<String> = doc
        .select(&sel("form#rate button[name=rating]"))
        .filter_map(|b| b.value().attr("value").map(String::from))
        .collect();
    assert_eq!(ratings, ["again", "hard", "good", "easy"]);

    let (s, _, body) = app
        .post(
            "/practice/rate",
            &[
                ("opp", ""),
                ("q", "r2-first-90-days"),
                ("answer", answer),
                ("rating", "good"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let doc = scraper::Html::parse_document(&body);
    assert!(text(&doc, "p.notice[role=status]").contains("Rated good. Saved."));
    // The attempt is kept: the history chart counts it.
    assert!(
        text(&doc, "#history").contains("1 answers saved"),
        "{}",
        text(&doc, "#history")
    );
    let (s, _, _) = app
        .post(
            "/practice/rate",
            &[("q", "r2-first-90-days"), ("rating", "superb")],
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn questions_to_ask_fit_the_round_two_panel_and_skip_what_round_one_covered() {
    let app = App::seeded();
    let doc = app.page(&format!("/o/{SLUG}/ask")).await;
    let inputs = text(&doc, "section.inputs");
    assert!(inputs.contains("growth, mentorship"), "{inputs}");
    assert!(inputs.contains("Round 2 interviewers: Imani Okafor (Engineering Manager, Platform), Rafael Quintero (Principal Engineer), Sunny Park (Product Manager, Invoicing)"), "{inputs}");
    // dev01 round 1: 2 answers, 4 topics, 2 asked.
    assert!(inputs.contains("covered by 8 notes"), "{inputs}");
    let qs = texts(&doc, "ul.suggestions li p.q");
    assert!(qs.len() >= 8, "{qs:?}");
    assert_eq!(count(&doc, "ul.suggestions li p.why"), qs.len());
    // Round one already asked how on-call works.
    assert!(
        !qs.iter().any(|q| q.to_lowercase().contains("on-call")),
        "{qs:?}"
    );
    // Keeping one saves it and drops it from the suggestions.
    let first = qs[0].clone();
    let theme = attr(&doc, "ul.suggestions li form input[name=theme]", "value").expect("theme");
    app.post_ok(
        &format!("/o/{SLUG}/questions"),
        &[("theme", &theme), ("text", &first)],
    )
    .await;
    let doc = app.page(&format!("/o/{SLUG}/ask")).await;
    assert!(!texts(&doc, "ul.suggestions li p.q").contains(&first));
    let doc = app.page(&format!("/o/{SLUG}")).await;
    assert!(text(&doc, "#ask-h ~ ul.checks").contains(&first));
}

#[tokio::test]
async fn assets_are_embedded_and_typed() {
    let app = App::empty();
    let req = |p: &str| {
        axum::http::Request::get(p)
            .header("host", HOST)
            .body(axum::body::Body::empty())
            .expect("request")
    };
    let (s, h, body) = app.send(req("/assets/style.css")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(h["content-type"], "text/css; charset=utf-8");
    assert!(body.contains(":focus-visible"));
    let (s, h, body) = app.send(req("/assets/app.js")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(h["content-type"], "text/javascript; charset=utf-8");
    assert!(body.contains("data-timer"));
    let (s, _, _) = app.send(req("/assets/evil.js")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn home_pages_a_long_list_of_opportunities() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut store = crate::common::dev01_store(&dir);
    // The seed holds one opportunity; add enough for three pages.
    for i in 0..(2 * round2_web::pages::PER_PAGE) {
        store
            .add_opportunity(&round2_core::NewOpportunity {
                company: format!("Company {i}"),
                role: "Engineer".into(),
                url: None,
                job_description: String::new(),
                stage: round2_core::Stage::Applied,
            })
            .unwrap();
    }
    let app = crate::common::App::over(dir, store);
    let first = app.page("/").await;
    assert_eq!(
        crate::common::count(&first, "table.opportunities tbody tr"),
        round2_web::pages::PER_PAGE
    );
    let last = app.page("/?page=3").await;
    assert_eq!(
        crate::common::count(&last, "table.opportunities tbody tr"),
        1
    );
    assert!(last.html().contains("Page 3 of 3"));
    // A page past the end shows the last one.
    let beyond = app.page("/?page=99").await;
    assert_eq!(
        crate::common::count(&beyond, "table.opportunities tbody tr"),
        1
    );
    // Every row shown has its readiness.
    assert_eq!(
        crate::common::count(&first, "td.readiness meter"),
        round2_web::pages::PER_PAGE
    );
}
