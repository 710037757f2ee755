//! End to end in real headless Chromium (Debian's `chromium`, driven over
//! the DevTools protocol by `headless_chrome`; nothing is downloaded). The
//! server runs on a random loopback port in this process.
//!
//! Screenshots go to `$ROUND2_SCREENSHOTS` when set (the README's live in
//! `docs/screenshots/`), else to a temporary directory.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions, Tab};
use round2_web::{router, AppState};
use scraper::Html;
use tempfile::TempDir;

use crate::common::*;

type R<T = ()> = Result<T, Box<dyn std::error::Error>>;

fn chromium() -> PathBuf {
    let path = std::env::var_os("ROUND2_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        path.exists(),
        "the end-to-end test needs Chromium at {}: install Debian's `chromium` package \
         (apt-get install -y chromium) or set ROUND2_CHROMIUM to a Chromium binary",
        path.display()
    );
    path
}

/// The web UI over dev01 on 127.0.0.1 with a random port, served by its own
/// runtime until dropped.
struct Server {
    port: u16,
    _runtime: tokio::runtime::Runtime,
    _dir: TempDir,
}

impl Server {
    fn start() -> R<Server> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let dir = TempDir::new()?;
        let store = dev01_store(&dir);
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
        let port = listener.local_addr()?.port();
        let state = AppState::new(store, port)?;
        runtime.spawn(async move {
            if let Err(e) = axum::serve(listener, router(state)).await {
                eprintln!("test server stopped: {e}");
            }
        });
        Ok(Server {
            port,
            _runtime: runtime,
            _dir: dir,
        })
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

/// India: +05:30 all year, so the expected offset needs no DST rule.
const BROWSER_TZ: &str = "Asia/Kolkata";

/// The server's store, read through a second connection.
fn stored(server: &Server, slug: &str) -> round2_core::PrepPack {
    use round2_store::Store as _;
    let mut s = round2_store::SqliteStore::open(&server._dir.path().join("round2.db"))
        .expect("open the server's database");
    let o = s.opportunity(slug).expect("the opportunity");
    s.pack(o.id).expect("its pack")
}

fn launch(profile: &Path) -> R<Browser> {
    launch_with(profile, &[])
}

/// Chromium with `extra` flags besides the usual ones.
fn launch_with(profile: &Path, extra: &[String]) -> R<Browser> {
    let mut args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    args.extend(extra.iter().map(OsStr::new));
    let options = LaunchOptions::default_builder()
        .path(Some(chromium()))
        .headless(true)
        .sandbox(false)
        .user_data_dir(Some(profile.to_path_buf()))
        .window_size(Some((1280, 1000)))
        .idle_browser_timeout(Duration::from_secs(120))
        // The browser lives in another zone than the server (UTC here), so
        // the tests see which zone a picked date is read in.
        .process_envs(Some(
            [("TZ".to_string(), BROWSER_TZ.to_string())]
                .into_iter()
                .collect(),
        ))
        .args(args)
        .build()?;
    Ok(Browser::new(options)?)
}

fn screenshot_dir() -> R<PathBuf> {
    let dir = match std::env::var_os("ROUND2_SCREENSHOTS") {
        Some(d) => PathBuf::from(d),
        None => std::env::temp_dir().join("round2-web-screenshots"),
    };
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn shoot(tab: &Tab, name: &str) -> R {
    let png = tab.capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)?;
    assert!(png.starts_with(b"\x89PNG"), "{name} is a PNG");
    std::fs::write(screenshot_dir()?.join(name), png)?;
    Ok(())
}

fn dom(tab: &Tab) -> R<Html> {
    Ok(Html::parse_document(&tab.get_content()?))
}

/// Waits until the page at `path` (ignoring the fragment, and the query
/// when `path` has none) is loaded and shows `css`.
fn arrive(tab: &Tab, server: &Server, path: &str, css: &str) -> R {
    let want = server.url(path);
    let start = Instant::now();
    loop {
        let url = tab.get_url();
        let mut here = url.split('#').next().unwrap_or_default();
        if !want.contains('?') {
            here = here.split('?').next().unwrap_or_default();
        }
        if here == want && tab.find_element(css).is_ok() {
            return Ok(());
        }
        if start.elapsed() > Duration::from_secs(15) {
            let shown = tab
                .find_element("main")
                .and_then(|m| m.get_inner_text())
                .unwrap_or_default();
            return Err(
                format!("waited for {want} showing {css}; at {url} showing:\n{shown}").into(),
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Types into a field the way a person would: focus, then text.
fn fill(tab: &Tab, css: &str, text: &str) -> R {
    let e = tab.wait_for_element(css)?;
    e.scroll_into_view()?;
    e.focus()?;
    tab.send_character(text)?;
    Ok(())
}

fn choose(tab: &Tab, css: &str, value: &str) -> R {
    tab.wait_for_element(css)?.call_js_fn(
        "function (v) { this.value = v; }",
        vec![value.into()],
        false,
    )?;
    Ok(())
}

fn click(tab: &Tab, css: &str) -> R {
    let e = tab.wait_for_element(css)?;
    e.scroll_into_view()?;
    e.click()?;
    Ok(())
}

const POSTING: &str = "About us\nNorthwind builds analytics for retailers.\n\n\
Requirements\n- 5+ years building data pipelines in Python\n- Airflow or Dagster in production\n\
- Mentoring other engineers\n\nNice to have\n- dbt\n";

#[test]
fn journey_paste_a_posting_add_notes_and_practice() -> R {
    let server = Server::start()?;
    let profile = TempDir::new()?;
    let browser = launch(profile.path())?;
    let tab = browser.new_tab()?;
    tab.set_default_timeout(Duration::from_secs(15));

    // Home, with the seeded opportunity.
    tab.navigate_to(&server.url("/"))?;
    arrive(&tab, &server, "/", "table.opportunities")?;
    assert!(text(&dom(&tab)?, "table.opportunities").contains("Larkspur Ledger"));
    shoot(&tab, "home.png")?;

    // New opportunity by pasting a posting.
    click(&tab, "nav a[href='/opportunities/new']")?;
    arrive(&tab, &server, "/opportunities/new", "form#new-opportunity")?;
    shoot(&tab, "new-opportunity.png")?;
    fill(&tab, "#company", "Northwind Analytics")?;
    fill(&tab, "#role", "Senior Data Engineer")?;
    fill(&tab, "#job_description", POSTING)?;
    click(&tab, "form#new-opportunity button[type=submit]")?;
    let opp = "/o/northwind-analytics-senior-data-engineer";
    arrive(&tab, &server, opp, "form#add-round")?;
    assert_eq!(
        text(&dom(&tab)?, "h1"),
        "Northwind Analytics — Senior Data Engineer"
    );

    // Round one, its interviewer, and two notes, all through the forms. The
    // date picked is read in the browser's zone, not the server's.
    choose(&tab, "#round-date", "2026-11-20T15:00")?;
    click(&tab, "form#add-round button[type=submit]")?;
    arrive(&tab, &server, opp, "#round-1")?;
    let round_one = stored(&server, opp.trim_start_matches("/o/"));
    assert_eq!(
        round_one
            .round(1)
            .and_then(|r| r.date)
            .map(|d| d.to_rfc3339()),
        Some("2026-11-20T15:00:00+05:30".to_string()),
        "read in the browser's zone ({BROWSER_TZ})"
    );
    click(&tab, "#round-1 details.add summary")?;
    fill(&tab, "#round-1-iname", "Dana Li")?;
    fill(&tab, "#round-1-ititle", "Data Engineering Manager")?;
    click(&tab, "#round-1 details.add button[type=submit]")?;
    arrive(&tab, &server, opp, "#round-1 ul.interviewers li")?;
    choose(&tab, "#round-1-kind", "question")?;
    choose(&tab, "#round-1-interviewer", "Dana Li")?;
    fill(
        &tab,
        "#round-1-text",
        "Dana asked how I would backfill a year of events without downtime.",
    )?;
    click(&tab, "#round-1 form.add-note button[type=submit]")?;
    arrive(&tab, &server, opp, "#round-1 li.note")?;
    choose(&tab, "#round-1-kind", "forgot")?;
    fill(
        &tab,
        "#round-1-text",
        "Forgot to mention the dbt models I maintain.",
    )?;
    click(&tab, "#round-1 form.add-note button[type=submit]")?;
    let start = Instant::now();
    while count(&dom(&tab)?, "#round-1 li.note") < 2 {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "the second note never showed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let doc = dom(&tab)?;
    assert_eq!(
        texts(&doc, "#round-1 li.note .note-text"),
        [
            "Dana asked how I would backfill a year of events without downtime.",
            "Forgot to mention the dbt models I maintain."
        ]
    );
    assert_eq!(
        texts(&doc, "#round-1 li.note .kind"),
        ["question asked of me", "something I forgot"]
    );
    assert_eq!(text(&doc, "#round-1 li.note .who"), "with Dana Li");
    assert_eq!(
        count(&doc, "section[aria-labelledby=rounds-h] figure.chart svg"),
        1
    );
    // The ledger: the pasted posting's requirements, each with a status.
    assert!(count(&doc, "table.ledger tbody tr") >= 3, "the ledger");
    assert!(count(&doc, "div.posting mark") >= 1, "marked mentions");
    assert!(text(&doc, "p.readiness").contains('%'));

    // The cheat sheet, served as its own page.
    click(&tab, "nav.documents a[href$='/sheet']")?;
    arrive(&tab, &server, &format!("{opp}/sheet"), "main")?;
    assert!(text(&dom(&tab)?, "main").contains("Northwind Analytics"));
    tab.navigate_to(&server.url(opp))?;
    arrive(&tab, &server, opp, "#round-1")?;

    // Practice for this role: the timer runs, an answer gets feedback.
    click(
        &tab,
        &format!("a[href='/practice?opp={}']", opp.trim_start_matches("/o/")),
    )?;
    arrive(&tab, &server, "/practice", "#answer")?;
    let doc = dom(&tab)?;
    assert_eq!(
        attr(&doc, "select#category option[selected]", "value").as_deref(),
        Some("role_specific")
    );
    let timer_hidden = tab.evaluate("document.getElementById('timer').hidden", false)?;
    assert_eq!(
        timer_hidden.value,
        Some(serde_json::Value::Bool(false)),
        "JS shows the timer"
    );
    let before = text(&doc, "#timer-display");
    click(&tab, "#timer-toggle")?;
    std::thread::sleep(Duration::from_millis(2200));
    let after = text(&dom(&tab)?, "#timer-display");
    assert_ne!(before, after, "the countdown moved");
    fill(
        &tab,
        "#answer",
        "At Crateline our nightly pipeline kept missing its 6am deadline. I owned fixing it. \
         I moved the heavy joins into Airflow tasks that ran in parallel and added alerts. \
         As a result the run time dropped from 5 hours to 90 minutes.",
    )?;
    click(&tab, "form#answer-form button[type=submit]")?;
    arrive(&tab, &server, "/practice", "#feedback")?;
    let doc = dom(&tab)?;
    assert_eq!(text(&doc, "#feedback-h"), "Feedback");
    assert_eq!(count(&doc, "table.star tbody tr"), 4);
    assert!(text(&doc, "#feedback").contains("Rate the answer to save it"));
    assert_eq!(count(&doc, "form#rate button[name=rating]"), 4);
    assert!(
        text(&doc, "#feedback").contains("By the timer you took 0:0"),
        "the timer's reading comes back: {}",
        text(&doc, "#feedback")
    );
    shoot(&tab, "practice-feedback.png")?;

    // The keyboard shortcut rates the answer (key 3 = good).
    tab.find_element("body")?.focus().ok();
    tab.evaluate(
        "document.activeElement && document.activeElement.blur()",
        false,
    )?;
    tab.press_key("3")?;
    let start = Instant::now();
    while !text(&dom(&tab)?, "p.notice[role=status]").contains("Rated good") {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "key 3 did not rate the answer"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // The attempt is saved with the time the timer ran, not an estimate.
    let attempts = {
        use round2_store::Store as _;
        round2_store::SqliteStore::open(&server._dir.path().join("round2.db"))?.attempts(None)?
    };
    let saved = attempts.last().expect("the rated attempt").seconds;
    let shown = text(&dom(&tab)?, "#feedback");
    let reading = |after: &str| -> Option<u32> {
        let rest = shown.split(after).nth(1)?.trim_start();
        let (m, s) = rest.split_once(':')?;
        Some(m.trim().parse::<u32>().ok()? * 60 + s.get(..2)?.parse::<u32>().ok()?)
    };
    let timer = reading("By the timer you took").expect("the timer's reading");
    let estimate = reading("words, about").expect("the estimate");
    assert_eq!(saved, timer, "the timer's reading is saved");
    assert!(
        timer >= 2 && timer < estimate,
        "timer {timer} s (waited over 2 s), estimate {estimate} s from the words"
    );

    // The rest of the main pages, for the README.
    let larkspur = "/o/larkspur-ledger-backend-software-engineer";
    tab.navigate_to(&server.url(larkspur))?;
    arrive(&tab, &server, larkspur, "#round-1")?;
    shoot(&tab, "opportunity.png")?;
    let chart = tab.find_element("section[aria-labelledby=rounds-h] figure.chart")?;
    chart.scroll_into_view()?;
    shoot(&tab, "notes-chart.png")?;
    tab.find_element("#ledger-h")?.scroll_into_view()?;
    shoot(&tab, "ledger.png")?;
    tab.navigate_to(&server.url(&format!("{larkspur}/sheet")))?;
    arrive(&tab, &server, &format!("{larkspur}/sheet"), "main")?;
    shoot(&tab, "cheat-sheet.png")?;
    tab.navigate_to(&server.url(&format!("{larkspur}/prepare")))?;
    arrive(&tab, &server, &format!("{larkspur}/prepare"), "#points-h")?;
    shoot(&tab, "prepare.png")?;
    tab.navigate_to(&server.url(&format!("{larkspur}/follow-up")))?;
    arrive(
        &tab,
        &server,
        &format!("{larkspur}/follow-up"),
        "article.thanks",
    )?;
    shoot(&tab, "follow-up.png")?;
    tab.navigate_to(&server.url(&format!("{larkspur}/ask")))?;
    arrive(&tab, &server, &format!("{larkspur}/ask"), "ul.suggestions")?;
    shoot(&tab, "questions-to-ask.png")?;
    tab.navigate_to(&server.url("/stories"))?;
    arrive(&tab, &server, "/stories", "figure.chart")?;
    shoot(&tab, "stories.png")?;

    // A form posted without the token gets the 403 page from the real server.
    tab.evaluate(
        "(() => { const f = document.createElement('form'); f.method = 'post'; \
         f.action = '/opportunities'; for (const [k, v] of [['company', 'A'], ['role', 'B']]) { \
         const i = document.createElement('input'); i.name = k; i.value = v; f.append(i); } \
         document.body.append(f); f.submit(); })()",
        false,
    )?;
    arrive(&tab, &server, "/opportunities", "section.error")?;
    assert_eq!(text(&dom(&tab)?, "h1"), "403 Forbidden");
    Ok(())
}

#[test]
fn keyboard_users_can_reach_the_main_content_and_see_focus() -> R {
    let server = Server::start()?;
    let profile = TempDir::new()?;
    let browser = launch(profile.path())?;
    let tab = browser.new_tab()?;
    tab.navigate_to(&server.url("/"))?;
    arrive(&tab, &server, "/", "table.opportunities")?;
    tab.press_key("Tab")?;
    let focused = tab.evaluate("document.activeElement.className", false)?;
    assert_eq!(
        focused.value,
        Some(serde_json::json!("skip")),
        "Tab first reaches the skip link"
    );
    let outline = tab.evaluate(
        "getComputedStyle(document.activeElement).outlineStyle",
        false,
    )?;
    assert_eq!(
        outline.value,
        Some(serde_json::json!("solid")),
        "focus is visible"
    );
    tab.press_key("Enter")?;
    let start = Instant::now();
    loop {
        let id = tab.evaluate("document.activeElement.id", false)?;
        if id.value == Some(serde_json::json!("main")) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the skip link moves focus to main"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // `?` opens the shortcut list.
    tab.press_key("?")?;
    tab.wait_for_element("#shortcuts")?;
    Ok(())
}

/// WCAG AA contrast, as Chromium renders it: every element with text of its
/// own (every `<details>` opened first) against the background it shows
/// through, blended down to the page. Normal text needs 4.5:1, large text
/// (24px, or 18.66px bold) 3:1. SVG charts are left to `chart.rs`.
const CONTRAST_JS: &str = r##"(function () {
  function parse(c) {
    var m = /rgba?\(([^)]+)\)/.exec(c);
    if (!m) return null;
    var p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  }
  function over(top, base) {
    return { r: top.r * top.a + base.r * (1 - top.a), g: top.g * top.a + base.g * (1 - top.a),
             b: top.b * top.a + base.b * (1 - top.a), a: 1 };
  }
  function lum(c) {
    function ch(v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  }
  function background(el) {
    var layers = [];
    for (var e = el; e; e = e.parentElement) {
      var c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    var base = { r: 255, g: 255, b: 255, a: 1 };
    for (var i = layers.length - 1; i >= 0; i--) base = over(layers[i], base);
    return base;
  }
  document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  var bad = [], checked = 0;
  document.querySelectorAll("body *").forEach(function (el) {
    if (el.closest("svg") || el.closest("#shortcuts")) return;
    var own = Array.prototype.some.call(el.childNodes, function (t) {
      return t.nodeType === 3 && t.textContent.trim();
    });
    if (!own) return;
    var cs = getComputedStyle(el);
    if (cs.visibility === "hidden" || cs.display === "none" || el.getClientRects().length === 0) return;
    var bg = background(el);
    var fg = over(parse(cs.color), bg);
    var a = lum(fg), b = lum(bg);
    var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    var size = parseFloat(cs.fontSize), bold = parseInt(cs.fontWeight, 10) >= 700;
    var need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
    checked++;
    if (ratio < need) {
      bad.push(el.tagName.toLowerCase() + "." + el.className + " " + ratio.toFixed(2) + ":1 \"" +
               el.textContent.trim().slice(0, 40) + "\"");
    }
  });
  return JSON.stringify({ checked: checked, bad: bad.slice(0, 25) });
})()"##;

#[test]
fn text_contrast_passes_wcag_aa_on_every_page() -> R {
    let server = Server::start()?;
    let profile = TempDir::new()?;
    let browser = launch(profile.path())?;
    let tab = browser.new_tab()?;
    let o = "/o/larkspur-ledger-backend-software-engineer";
    let pages = [
        ("/".to_string(), "main"),
        ("/opportunities/new".into(), "main"),
        (o.to_string(), "#ledger"),
        (format!("{o}/ledger"), "main"),
        (format!("{o}/prepare"), "main"),
        (format!("{o}/sheet"), "body"),
        (format!("{o}/follow-up"), "main"),
        (format!("{o}/ask"), "main"),
        ("/stories".into(), "main"),
        ("/stories?q=a+time+you+disagreed".into(), "main"),
        (format!("/practice?opp={}", &o[3..]), "main"),
        ("/profile".into(), "main"),
        ("/no-such-page".into(), "main"),
    ];
    let mut failures = Vec::new();
    for (path, css) in &pages {
        tab.navigate_to(&server.url(path))?;
        arrive(&tab, &server, path, css)?;
        let out = tab.evaluate(CONTRAST_JS, false)?;
        let json: serde_json::Value =
            serde_json::from_str(out.value.as_ref().and_then(|v| v.as_str()).unwrap_or("{}"))?;
        let checked = json["checked"].as_u64().unwrap_or(0);
        assert!(checked > 5, "{path}: only {checked} text elements checked");
        for b in json["bad"].as_array().into_iter().flatten() {
            failures.push(format!("{path}: {}", b.as_str().unwrap_or_default()));
        }
    }
    assert!(
        failures.is_empty(),
        "text below WCAG AA contrast:\n{}",
        failures.join("\n")
    );
    Ok(())
}

/// Waits (up to `secs`) until `js` evaluates to true on the tab.
fn until(tab: &Tab, js: &str, secs: u64) -> R {
    let start = Instant::now();
    loop {
        // A page that is loading (a form sent, a progress page reloading
        // itself) cannot be asked; ask again until the time is up.
        match tab.evaluate(js, false) {
            Ok(v) if v.value == Some(serde_json::Value::Bool(true)) => return Ok(()),
            Err(e) if start.elapsed() > Duration::from_secs(secs) => return Err(e.into()),
            _ => {}
        }
        if start.elapsed() > Duration::from_secs(secs) {
            let shown = tab
                .find_element("main")
                .and_then(|m| m.get_inner_text())
                .unwrap_or_default();
            return Err(format!("waited {secs} s for {js}; the page shows:\n{shown}").into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn an_answer_recorded_with_the_microphone_is_transcribed_on_the_page() -> R {
    let server = Server::start()?;
    // The microphone is a WAV file of real speech (espeak-ng), played once.
    let dir = TempDir::new()?;
    let wav = dir.path().join("microphone.wav");
    speak(&wav, SPOKEN_ANSWER);
    let profile = TempDir::new()?;
    let browser = launch_with(
        profile.path(),
        &[
            "--use-fake-ui-for-media-stream".into(),
            "--use-fake-device-for-media-stream".into(),
            format!("--use-file-for-fake-audio-capture={}%noloop", wav.display()),
            "--autoplay-policy=no-user-gesture-required".into(),
        ],
    )?;
    let tab = browser.new_tab()?;
    tab.set_default_timeout(Duration::from_secs(15));
    tab.navigate_to(&server.url("/practice"))?;
    arrive(&tab, &server, "/practice", "#audio-form")?;
    // The script shows the recorder where the browser can record.
    until(
        &tab,
        "document.getElementById('recorder').hidden === false",
        10,
    )?;
    click(&tab, "#record")?;
    until(
        &tab,
        "document.getElementById('record').getAttribute('aria-pressed') === 'true'",
        10,
    )?;
    // The level meter moves while the file plays; the clock ticks.
    until(&tab, "document.getElementById('rec-level').value > 0", 10)?;
    std::thread::sleep(Duration::from_secs(6));
    until(
        &tab,
        "document.getElementById('rec-time').textContent !== '0:00'",
        5,
    )?;
    shoot(&tab, "practice-recording.png")?;
    click(&tab, "#record")?;
    // Stopping sends the recording; the server transcribes it.
    until(&tab, "document.getElementById('spoken') !== null", 90)?;
    let page = dom(&tab)?;
    let spoken = text(&page, "#spoken");
    assert!(
        spoken.starts_with("Transcribed on this machine with whisper-"),
        "{spoken}"
    );
    // Most of the words come back: the captured audio goes through the
    // browser's resampling, and on a busy machine a glitch can cost a word
    // ("every may" was heard once), so not every word is required.
    let heard = text(&page, "#answer").to_lowercase();
    let said: Vec<String> = SPOKEN_ANSWER
        .split_whitespace()
        .map(|w| w.trim_matches('.').to_lowercase())
        .collect();
    let back = said
        .iter()
        .filter(|w| {
            heard
                .split(|c: char| !c.is_alphanumeric())
                .any(|h| h == w.as_str())
        })
        .count();
    assert!(
        heard.contains("this job") && back * 4 >= said.len() * 3,
        "{back} of {} words heard: {heard}",
        said.len()
    );
    assert_eq!(count(&page, "#feedback-h"), 1);
    assert!(attr(&page, "#rate input[name=spoken]", "value").is_some());
    Ok(())
}
