//! The team journey in real headless Chromium (Debian's `chromium`, driven
//! over the DevTools protocol; nothing is downloaded), against PostgreSQL:
//! a coach logs in, opens the shared pack, comments on a requirement and
//! assigns a question; the candidate logs in and sees both.

use std::ffi::OsStr;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use headless_chrome::{Browser, LaunchOptions, Tab};

use crate::support::{World, PASSWORD, SLUG};

type R<T = ()> = Result<T, Box<dyn std::error::Error>>;

fn chromium() -> PathBuf {
    let path = std::env::var_os("ROUND2_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        path.exists(),
        "the team browser test needs Chromium at {}: install Debian's `chromium` package or set ROUND2_CHROMIUM",
        path.display()
    );
    path
}

fn launch(profile: &std::path::Path) -> R<Browser> {
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    Ok(Browser::new(
        LaunchOptions::default_builder()
            .path(Some(chromium()))
            .headless(true)
            .sandbox(false)
            .user_data_dir(Some(profile.to_path_buf()))
            .window_size(Some((1280, 1000)))
            .idle_browser_timeout(Duration::from_secs(120))
            .args(args)
            .build()?,
    )?)
}

/// Waits until the tab is at `path` and shows `text` in its main content.
fn arrive(tab: &Tab, base: &str, path: &str, text: &str) -> R {
    let start = Instant::now();
    loop {
        let url = tab.get_url();
        let here = url.split('#').next().unwrap_or_default();
        let shown = tab
            .find_element("main")
            .and_then(|m| m.get_inner_text())
            .unwrap_or_default();
        if here == format!("{base}{path}") && shown.contains(text) {
            return Ok(());
        }
        if start.elapsed() > Duration::from_secs(15) {
            return Err(
                format!("waited for {path} showing {text:?}; at {url} showing:\n{shown}").into(),
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn fill(tab: &Tab, css: &str, text: &str) -> R {
    let e = tab.wait_for_element(css)?;
    e.scroll_into_view()?;
    e.focus()?;
    tab.send_character(text)?;
    Ok(())
}

fn click(tab: &Tab, css: &str) -> R {
    let e = tab.wait_for_element(css)?;
    e.scroll_into_view()?;
    e.click()?;
    Ok(())
}

fn log_in(tab: &Tab, base: &str, email: &str) -> R {
    tab.navigate_to(&format!("{base}/login"))?;
    fill(tab, "#email", email)?;
    fill(tab, "#password", PASSWORD)?;
    click(tab, "main form button[type=submit]")?;
    arrive(tab, base, "/team", "")?;
    Ok(())
}

#[test]
fn a_coach_comments_and_assigns_in_chromium_and_the_candidate_sees_both() -> R {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let world = runtime.block_on(async {
        World::build(
            crate::support::pg_location("browser"),
            None,
            round2_team::LoginLimits::DEFAULT,
        )
    });
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let base = format!("http://127.0.0.1:{}", listener.local_addr()?.port());
    let app = world.app.clone();
    runtime.spawn(async move {
        let service = app.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(e) = axum::serve(listener, service).await {
            eprintln!("team test server stopped: {e}");
        }
    });
    let profile = tempfile::tempdir()?;
    let browser = launch(profile.path())?;
    let tab = browser.new_tab()?;
    tab.set_default_timeout(Duration::from_secs(15));

    // The coach logs in and opens the shared pack from their home.
    log_in(&tab, &base, "cora@team.example")?;
    arrive(&tab, &base, "/team", "Shared with you")?;
    click(&tab, "main table a")?;
    let pack = format!("/team/c/{}/o/{SLUG}", world.ids["ana"]);
    arrive(&tab, &base, &pack, "Coverage ledger")?;

    // Comments on the first requirement.
    click(&tab, "section .round details.add summary")?;
    fill(
        &tab,
        "section .round details.add[open] textarea",
        "Bring the SQL itself, printed.",
    )?;
    click(&tab, "section .round details.add[open] button[type=submit]")?;
    arrive(&tab, &base, &pack, "Bring the SQL itself, printed.")?;

    // Assigns a question with a due date.
    fill(&tab, "#question", "Walk me through the bay schedule.")?;
    tab.wait_for_element("#due")?.call_js_fn(
        "function (v) { this.value = v; }",
        vec!["2026-12-07".into()],
        false,
    )?;
    click(&tab, "#assignments button[type=submit]")?;
    arrive(
        &tab,
        &base,
        &pack,
        "Walk me through the bay schedule. — due 2026-12-07",
    )?;

    // Logs out; the candidate logs in and sees both.
    click(&tab, "header form button")?;
    arrive(&tab, &base, "/login", "Log in")?;
    log_in(&tab, &base, "ana@team.example")?;
    arrive(&tab, &base, "/team", "Walk me through the bay schedule.")?;
    click(
        &tab,
        "main a[href$='/o/harbor-freight-lines-operations-analyst'][href^='/team/c/']",
    )?;
    arrive(&tab, &base, &pack, "Bring the SQL itself, printed.")?;
    // And her own pages, with the team's links in their navigation.
    tab.navigate_to(&format!("{base}/o/{SLUG}"))?;
    arrive(&tab, &base, &format!("/o/{SLUG}"), "ANA-SECRET-NOTE")?;
    assert!(tab.find_element("header a[href='/team/audit']").is_ok());
    drop(browser);
    runtime.block_on(async { crate::support::blocking(|| drop(world)) });
    Ok(())
}
