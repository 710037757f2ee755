//! Reading the user's files at the edge, with errors that say what is wrong
//! and where: missing, a directory, too large, binary, not UTF-8, empty.

use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context, Result};
use round2_extract::page::PageText;

/// Prep files larger than this are refused before being read.
pub const MAX_PREP_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a UTF-8 text file, or standard input for `-`.
pub fn read_text(path: &Path, max_bytes: u64, what: &str) -> Result<String> {
    let shown = path.display();
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .take(max_bytes + 1)
            .read_to_end(&mut buf)
            .context("reading standard input")?;
        if buf.len() as u64 > max_bytes {
            bail!(
                "standard input: the {what} is larger than {}; is it the right file?",
                human_size(max_bytes)
            );
        }
        buf
    } else {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => anyhow::anyhow!("{shown}: no such file"),
            std::io::ErrorKind::PermissionDenied => anyhow::anyhow!("{shown}: permission denied"),
            _ => anyhow::Error::new(e).context(format!("{shown}: cannot read")),
        })?;
        if meta.is_dir() {
            bail!("{shown}: is a directory, not a {what}");
        }
        if meta.len() > max_bytes {
            bail!(
                "{shown}: the {what} is {}, larger than the {} round2 accepts; is it the right file?",
                human_size(meta.len()),
                human_size(max_bytes)
            );
        }
        std::fs::read(path).with_context(|| format!("{shown}: cannot read"))?
    };
    let name = if path == Path::new("-") {
        "standard input".to_string()
    } else {
        shown.to_string()
    };
    if bytes.contains(&0) {
        bail!("{name}: looks like a binary file (it contains NUL bytes), not a {what}");
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
        anyhow::anyhow!(
            "{name}: line {line} (byte {at}) is not valid UTF-8; save the {what} as UTF-8 text"
        )
    })?;
    if text.trim().is_empty() {
        bail!("{name}: the {what} is empty");
    }
    Ok(text)
}

pub fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

fn looks_like_html(path: &Path, text: &str) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let head = text
        .trim_start()
        .get(..15)
        .unwrap_or_default()
        .to_ascii_lowercase();
    matches!(ext.as_deref(), Some("html" | "htm" | "xhtml"))
        || head.starts_with("<!doctype html")
        || head.starts_with("<html")
}

fn from_page(html: &str, url: Option<&str>, shown: &str) -> Result<PageText> {
    let page =
        round2_extract::page::page_text(html, url).map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
    Ok(clipped(page))
}

/// A page's text within the size a posting may have.
fn clipped(page: PageText) -> PageText {
    PageText {
        text: round2_core::prep::clip_posting(page.text),
        ..page
    }
}

/// `opp add --posting FILE`: a text file, or a page saved from the browser.
pub fn posting_file(path: &Path) -> Result<PageText> {
    let text = read_text(path, round2_extract::page::MAX_PAGE_BYTES as u64, "posting")?;
    if looks_like_html(path, &text) {
        return from_page(&text, None, &path.display().to_string());
    }
    if text.len() > round2_core::prep::MAX_POSTING_BYTES {
        anyhow::bail!(
            "{}: the posting is larger than {} bytes",
            path.display(),
            round2_core::prep::MAX_POSTING_BYTES
        );
    }
    Ok(PageText {
        text,
        ..Default::default()
    })
}

/// `opp add --posting-url URL`: the page fetched, then read like a saved one.
pub fn posting_from_url(url: &str) -> Result<PageText> {
    Ok(clipped(round2_fetch::fetch_text(
        url,
        round2_fetch::Limits::configured(),
    )?))
}

/// `research add --from-url URL`: the page's title and first sentences.
pub fn quote_from_url(url: &str) -> Result<String> {
    let page = round2_fetch::fetch_text(url, round2_fetch::Limits::configured())?;
    Ok(round2_extract::page::quote(
        &page,
        round2_extract::page::QUOTE_WORDS,
    ))
}
