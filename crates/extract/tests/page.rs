//! A posting from a saved web page (fixtures the project owns): the main
//! text without the page's navigation, headings and bullets kept so the
//! posting reader finds its sections, and pages with no posting refused.

use std::path::Path;

use round2_extract::page::{page_text, PageError, MAX_PAGE_BYTES};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

#[test]
fn a_saved_job_page_gives_the_posting_and_its_sections() {
    let page = page_text(
        &fixture("posting-saved.html"),
        Some("https://harbourline.example/jobs/76"),
    )
    .unwrap();
    assert_eq!(page.title.as_deref(), Some("Operations Coordinator"));
    assert_eq!(page.company.as_deref(), Some("Harbourline Freight"));
    let text = &page.text;
    for kept in [
        "What you'll bring",
        "- Strong Excel skills: lookups, pivot tables and clean weekly reports.",
        "- Book and track inbound and outbound shipments in our transport management system.",
        "140 shipments a day",
    ] {
        assert!(text.contains(kept), "`{kept}` missing:\n{text}");
    }
    for dropped in [
        "cookies",
        "Sign in",
        "Similar jobs",
        "Customs Broker, Moncton",
        "All rights reserved",
        "dataLayer",
    ] {
        assert!(!text.contains(dropped), "`{dropped}` kept:\n{text}");
    }
    let a = round2_extract::analyze(text);
    let reqs: Vec<&str> = a.requirements.iter().map(|r| r.text.as_str()).collect();
    assert!(reqs.iter().any(|r| r.contains("Excel")), "{reqs:?}");
    assert!(
        a.requirements
            .iter()
            .any(|r| r.section == "requirements" && r.text.contains("logistics")),
        "{reqs:?}"
    );
    assert!(
        a.requirements
            .iter()
            .any(|r| r.section == "responsibilities" && r.text.contains("carriers")),
        "{reqs:?}"
    );
}

#[test]
fn pages_without_a_posting_are_refused_with_what_to_do() {
    let e = page_text(&fixture("app-shell.html"), None).unwrap_err();
    assert_eq!(e, PageError::NoMainText);
    assert!(e.to_string().contains("paste"), "{e}");
    assert_eq!(page_text("", None).unwrap_err(), PageError::NoMainText);
    assert_eq!(
        page_text("just words, no markup", None).unwrap_err(),
        PageError::NoMainText
    );
}

#[test]
fn a_50_mb_page_is_refused_before_it_is_parsed() {
    let big = format!(
        "<html><body>{}</body></html>",
        "<p>word word word</p>".repeat(50 * 1024 * 1024 / 20)
    );
    assert!(big.len() > MAX_PAGE_BYTES);
    let started = std::time::Instant::now();
    assert!(matches!(page_text(&big, None), Err(PageError::TooLarge(_))));
    assert!(started.elapsed().as_secs() < 5);
}

#[test]
fn a_page_of_very_many_elements_is_bounded() {
    let many = format!(
        "<html><body><main>{}</main></body></html>",
        "<span>a</span>".repeat(200_000)
    );
    assert!(many.len() < MAX_PAGE_BYTES);
    assert!(matches!(
        page_text(&many, None),
        Err(PageError::TooManyElements(_) | PageError::NoMainText)
    ));
}
