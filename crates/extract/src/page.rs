//! A posting from a web page: the page's main text, found by readability
//! (`dom_smoothie`, a port of Mozilla's Readability) and written as plain
//! text that keeps the page's headings and bullets, so the posting reader
//! sees its sections. A page's JSON-LD `JobPosting`, which job boards embed
//! for search engines, gives the title and company when it is there.

use dom_smoothie::{Config, Readability, TextMode};

/// The largest page read: far above any posting, and bounded work.
pub const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;
/// The most elements readability looks at.
const MAX_ELEMENTS: usize = 60_000;
/// How many words a research note quotes from a page ([`quote`]).
pub const QUOTE_WORDS: usize = 60;
/// Fewer words than this is not a posting's text.
const MIN_WORDS: usize = 40;

/// Why a page gave no posting text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    #[error("the page is {0} bytes, larger than the {MAX_PAGE_BYTES} bytes a posting page holds")]
    TooLarge(usize),
    #[error("the page has no main text round2 can find (a page that builds itself with JavaScript, or a login page?); copy the posting's text from your browser and paste it instead")]
    NoMainText,
    #[error("the page has {0} elements, more than round2 reads ({MAX_ELEMENTS})")]
    TooManyElements(usize),
}

/// What a page says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageText {
    /// The page's or the posting's title.
    pub title: Option<String>,
    /// The hiring company, when the page names it in its JobPosting data.
    pub company: Option<String>,
    /// The main text, headings and bullets kept.
    pub text: String,
}

/// The main text of a saved or fetched page.
pub fn page_text(html: &str, url: Option<&str>) -> Result<PageText, PageError> {
    if html.len() > MAX_PAGE_BYTES {
        return Err(PageError::TooLarge(html.len()));
    }
    let (title, company) = job_posting(html);
    let cfg = Config {
        text_mode: TextMode::Markdown,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Default::default()
    };
    let url = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let mut r = Readability::new(html, url, Some(cfg)).map_err(|_| PageError::NoMainText)?;
    let article = r.parse().map_err(|e| match e {
        dom_smoothie::ReadabilityError::TooManyElements(n, _) => PageError::TooManyElements(n),
        _ => PageError::NoMainText,
    })?;
    let text = plain(&article.text_content);
    if text.split_whitespace().count() < MIN_WORDS {
        return Err(PageError::NoMainText);
    }
    let page_title = Some(article.title.trim().to_owned()).filter(|t| !t.is_empty());
    Ok(PageText {
        title: title.or(page_title),
        company,
        text,
    })
}

/// What a research note quotes from a page: its title, then its first
/// whole sentences of running text (headings and bullets passed over) up to
/// about `words` words, at least one.
pub fn quote(page: &PageText, words: usize) -> String {
    let mut picked: Vec<&str> = Vec::new();
    let mut used = 0;
    'lines: for line in page.text.lines() {
        let line = line.trim();
        let n = line.split_whitespace().count();
        if line.starts_with("- ") || (n < 12 && !line.ends_with(['.', '!', '?'])) {
            continue;
        }
        for sentence in line.split_inclusive(['.', '!', '?']) {
            let sentence = sentence.trim();
            let n = sentence.split_whitespace().count();
            if sentence.is_empty() {
                continue;
            }
            if !picked.is_empty() && used + n > words {
                break 'lines;
            }
            used += n;
            picked.push(sentence);
        }
    }
    let body = picked.join(" ");
    match page.title.as_deref() {
        Some(t) if !body.is_empty() => format!("{t}: {body}"),
        Some(t) => t.to_owned(),
        None => body,
    }
}

/// Markdown as the plain text a pasted posting looks like: `#` marks and
/// emphasis dropped, `*`/`+` bullets as `- `, links as their words, at
/// most one blank line in a row.
fn plain(markdown: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in markdown.lines() {
        let line = line.trim_end();
        let trimmed = line.trim_start();
        let text = if let Some(rest) = trimmed.strip_prefix('#') {
            rest.trim_start_matches('#').trim().to_owned()
        } else if let Some(rest) = trimmed
            .strip_prefix("* ")
            .or_else(|| trimmed.strip_prefix("+ "))
            .or_else(|| trimmed.strip_prefix("- "))
        {
            format!("- {}", rest.trim())
        } else {
            trimmed.to_owned()
        };
        let text = unlink(&text).replace("**", "").replace("__", "");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = text.replace("- - ", "- ");
        if text.is_empty() {
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
        } else {
            out.push(text);
        }
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out.join("\n")
}

/// `[words](address)` as `words`; images dropped.
fn unlink(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let image = rest[..open].ends_with('!');
        let before = if image {
            &rest[..open - 1]
        } else {
            &rest[..open]
        };
        let Some(close) = rest[open..].find("](") else {
            break;
        };
        let Some(end) = rest[open + close..].find(')') else {
            break;
        };
        out.push_str(before);
        if !image {
            out.push_str(&rest[open + 1..open + close]);
        }
        rest = &rest[open + close + end + 1..];
    }
    out.push_str(rest);
    out
}

/// The title and hiring company of a JSON-LD `JobPosting`, if the page has one.
fn job_posting(html: &str) -> (Option<String>, Option<String>) {
    let mut rest = html;
    while let Some(at) = rest.find("application/ld+json") {
        rest = &rest[at..];
        let Some(open) = rest.find('>') else { break };
        let Some(close) = rest[open..].find("</script") else {
            break;
        };
        let json = &rest[open + 1..open + close];
        rest = &rest[open + close..];
        let Ok(value) = serde_json::from_str::<serde_json::Value>(json.trim()) else {
            continue;
        };
        let items = match &value {
            serde_json::Value::Array(a) => a.clone(),
            serde_json::Value::Object(o) => match o.get("@graph") {
                Some(serde_json::Value::Array(g)) => g.clone(),
                _ => vec![value.clone()],
            },
            _ => continue,
        };
        for item in items {
            if item["@type"] == "JobPosting" {
                let text = |v: &serde_json::Value| {
                    v.as_str()
                        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
                        .filter(|s| !s.is_empty())
                };
                return (
                    text(&item["title"]),
                    text(&item["hiringOrganization"]["name"]),
                );
            }
        }
    }
    (None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_posting_text() {
        let md = "## What you'll do\n\n\n* Own the **P&L**\n+ See [our team](https://x.example/team) ![logo](a.png)\n";
        assert_eq!(plain(md), "What you'll do\n\n- Own the P&L\n- See our team");
    }

    #[test]
    fn a_quote_is_the_title_and_the_first_sentences() {
        let page = PageText {
            title: Some("Harbourline opens a Moncton depot".into()),
            company: None,
            text: "Harbourline opens a Moncton depot\n\nThe depot opens in March. It adds forty jobs. Hiring starts now.\n- a bullet".into(),
        };
        assert_eq!(
            quote(&page, 9),
            "Harbourline opens a Moncton depot: The depot opens in March. It adds forty jobs."
        );
    }

    #[test]
    fn a_job_posting_gives_title_and_company() {
        let html = r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"JobPosting","title":"Data  Analyst","hiringOrganization":{"@type":"Organization","name":"Acme"}}</script>"#;
        assert_eq!(
            job_posting(html),
            (Some("Data Analyst".into()), Some("Acme".into()))
        );
        assert_eq!(job_posting("<p>none</p>"), (None, None));
    }
}
