//! The page frame (head, skip link, navigation, footer) and the small pieces
//! every page uses: the hidden CSRF field, safe external links, dates.
//! maud escapes every interpolated string, so user text is inert here.

use chrono::{DateTime, FixedOffset};
use maud::{html, Markup, DOCTYPE};

/// Which top-level section a page belongs to, for the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Home,
    New,
    Stories,
    Practice,
    Profile,
    None,
}

/// One page of the UI: a template struct renders its title and main content.
pub trait Page {
    fn title(&self) -> String;
    fn section(&self) -> Section {
        Section::None
    }
    fn content(&self) -> Markup;
    /// Seconds after which the browser loads the page again (a page that
    /// shows work in progress), or none.
    fn refresh_seconds(&self) -> Option<u32> {
        None
    }
}

/// Where the team server puts its own links (its account, its comments,
/// log out) in the navigation of a candidate's pages; empty in the local UI.
pub const TEAM_NAV_SLOT: &str = "<!--team-nav-->";
/// At the top of a page's content: where the team server tells a
/// candidate what their coaches left on this opportunity.
pub const TEAM_NOTICE_SLOT: &str = "<!--team-notice-->";
/// Around the footer's words about where the data lives, which the team
/// server replaces with its own.
pub const FOOTER_SLOT_START: &str = "<!--where-->";
pub const FOOTER_SLOT_END: &str = "<!--/where-->";

/// The whole HTML document for a page.
pub fn render(page: &dyn Page) -> String {
    let section = page.section();
    let nav_item = |href: &str, label: &str, s: Section| {
        html! {
            li { a href=(href) aria-current=[(section == s).then_some("page")] { (label) } }
        }
    };
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                @if let Some(n) = page.refresh_seconds() { meta http-equiv="refresh" content=(n); }
                title { (page.title()) " · round2" }
                link rel="stylesheet" href="/assets/style.css";
                script src="/assets/app.js" defer {}
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.site {
                    a.brand href="/" { "round2" }
                    nav aria-label="Main" {
                        ul {
                            (nav_item("/", "Opportunities", Section::Home))
                            (nav_item("/opportunities/new", "New opportunity", Section::New))
                            (nav_item("/stories", "Stories", Section::Stories))
                            (nav_item("/practice", "Practice", Section::Practice))
                            (nav_item("/profile", "Profile", Section::Profile))
                            (maud::PreEscaped(TEAM_NAV_SLOT))
                        }
                    }
                }
                main #main tabindex="-1" {
                    (maud::PreEscaped(TEAM_NOTICE_SLOT))
                    (page.content())
                }
                footer.site {
                    p { (maud::PreEscaped(FOOTER_SLOT_START)) "round2 runs on this computer only; nothing leaves it. " (maud::PreEscaped(FOOTER_SLOT_END))
                        kbd { "?" } " shows keyboard shortcuts." }
                }
            }
        }
    }
    .into_string()
}

/// The hidden field every state-changing form carries.
pub fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name="csrf" value=(token); }
}

/// A link for a user-supplied URL, only when it is http(s): anything else
/// (`javascript:`, `data:`) is shown as plain text.
pub fn external_link(url: &str) -> Markup {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        html! { a href=(u) rel="noopener noreferrer" { (u) } }
    } else {
        html! { span { (u) } }
    }
}

/// "Tue 10 Nov 2026, 13:00 (-05:00)"
pub fn when(d: &DateTime<FixedOffset>) -> String {
    d.format("%a %-d %b %Y, %H:%M (%:z)").to_string()
}

/// A `<time>` element with a machine-readable value.
pub fn time(d: &DateTime<FixedOffset>) -> Markup {
    html! { time datetime=(d.to_rfc3339()) { (when(d)) } }
}

/// A `select` of choices with one selected.
pub fn select<'a>(
    name: &str,
    id: &str,
    options: impl IntoIterator<Item = (&'a str, &'a str)>,
    selected: Option<&str>,
) -> Markup {
    html! {
        select name=(name) id=(id) {
            @for (value, label) in options {
                option value=(value) selected[Some(value) == selected] { (label) }
            }
        }
    }
}
