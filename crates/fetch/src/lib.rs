//! round2's network edge. round2 goes to the network only when the user
//! asks: to install a model (`round2 model fetch`, in `round2-embed` and
//! `round2-speech`, through [`agent`]) or to read a posting from a link
//! ([`fetch_page`], [`fetch_text`]). Nothing else here touches the network.

use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

/// Why a page could not be fetched. Each message names the address.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("`{0}` is not a web address round2 reads: give an http:// or https:// link")]
    Scheme(String),
    #[error("{url}: the server answered {status}")]
    Status { url: String, status: u16 },
    #[error("{url}: the page is larger than {limit} bytes, more than a posting holds")]
    TooLarge { url: String, limit: u64 },
    #[error("{url}: no answer within {seconds} seconds")]
    Timeout { url: String, seconds: u64 },
    #[error("{url}: the page is {content_type}, not a web page or text")]
    NotAPage { url: String, content_type: String },
    #[error("{url}: {message} (is this machine online?)")]
    Unreachable { url: String, message: String },
}

/// A page as the server sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Where it came from after redirects.
    pub url: String,
    pub content_type: String,
    pub text: String,
}

/// How far a page fetch may go.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_bytes: u64,
    /// For the whole exchange: connecting, redirects and the body.
    pub timeout: Duration,
    pub max_redirects: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 8 * 1024 * 1024,
            timeout: Duration::from_secs(20),
            max_redirects: 5,
        }
    }
}

impl Limits {
    /// The defaults, with the timeout from `ROUND2_FETCH_TIMEOUT` (seconds,
    /// 1 to 600) when it is set.
    pub fn configured() -> Self {
        let timeout = std::env::var("ROUND2_FETCH_TIMEOUT")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|s| (1..=600).contains(s))
            .map(Duration::from_secs);
        let default = Limits::default();
        Limits {
            timeout: timeout.unwrap_or(default.timeout),
            ..default
        }
    }
}

/// The system's CA bundle (Debian's, Fedora's), so a proxy the machine
/// trusts is trusted here too; Mozilla's roots when there is no bundle.
fn root_certs() -> ureq::tls::RootCerts {
    let candidates = std::env::var_os("SSL_CERT_FILE")
        .map(PathBuf::from)
        .into_iter()
        .chain(
            [
                "/etc/ssl/certs/ca-certificates.crt",
                "/etc/pki/tls/certs/ca-bundle.crt",
                "/etc/ssl/cert.pem",
            ]
            .map(PathBuf::from),
        );
    for path in candidates {
        let Ok(pem) = std::fs::read(&path) else {
            continue;
        };
        let certs: Vec<ureq::tls::Certificate<'static>> = ureq::tls::parse_pem(&pem)
            .filter_map(|item| match item {
                Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
                _ => None,
            })
            .collect();
        if !certs.is_empty() {
            return ureq::tls::RootCerts::new_with_certs(&certs);
        }
    }
    ureq::tls::RootCerts::WebPki
}

fn tls() -> ureq::tls::TlsConfig {
    ureq::tls::TlsConfig::builder()
        .root_certs(root_certs())
        .build()
}

/// An HTTP client for downloads: the machine's certificates, 15 s to
/// connect, 30 s for the server to start answering, 5 redirects; statuses
/// are the caller's to judge.
pub fn agent() -> ureq::Agent {
    ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .tls_config(tls())
            .timeout_connect(Some(Duration::from_secs(15)))
            .timeout_recv_response(Some(Duration::from_secs(30)))
            .max_redirects(5)
            .http_status_as_error(false)
            .build(),
    )
}

/// Fetches the page at `url` (http or https only) within `limits`.
pub fn fetch_page(url: &str, limits: Limits) -> Result<Page, FetchError> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return Err(FetchError::Scheme(url.to_owned()));
    }
    let agent = ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .tls_config(tls())
            .timeout_global(Some(limits.timeout))
            .max_redirects(limits.max_redirects)
            .http_status_as_error(false)
            .user_agent("round2 (reading a job posting the user asked for)")
            .build(),
    );
    let failed = |e: ureq::Error| match e {
        ureq::Error::Timeout(_) => FetchError::Timeout {
            url: url.to_owned(),
            seconds: limits.timeout.as_secs(),
        },
        other => FetchError::Unreachable {
            url: url.to_owned(),
            message: other.to_string(),
        },
    };
    let mut response = agent
        .get(url)
        .header("Accept", "text/html,application/xhtml+xml,text/plain;q=0.8")
        .call()
        .map_err(failed)?;
    let status = response.status().as_u16();
    if !(200..300).contains(&status) {
        return Err(FetchError::Status {
            url: url.to_owned(),
            status,
        });
    }
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("text/html")
        .to_ascii_lowercase();
    if !(content_type.starts_with("text/") || content_type.contains("xhtml")) {
        return Err(FetchError::NotAPage {
            url: url.to_owned(),
            content_type,
        });
    }
    let mut bytes = Vec::new();
    response
        .body_mut()
        .as_reader()
        .take(limits.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::TimedOut => FetchError::Timeout {
                url: url.to_owned(),
                seconds: limits.timeout.as_secs(),
            },
            _ => FetchError::Unreachable {
                url: url.to_owned(),
                message: e.to_string(),
            },
        })?;
    if bytes.len() as u64 > limits.max_bytes {
        return Err(FetchError::TooLarge {
            url: url.to_owned(),
            limit: limits.max_bytes,
        });
    }
    Ok(Page {
        url: url.to_owned(),
        content_type,
        text: String::from_utf8_lossy(&bytes).into_owned(),
    })
}

/// Why a page's main text could not be read from a link.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("{url}: {error}")]
    Page {
        url: String,
        error: round2_extract::page::PageError,
    },
}

/// A page's main text from a link (a posting, a news item): the page fetched within `limits` and read for its
/// main text (a plain-text page is taken as it is).
pub fn fetch_text(url: &str, limits: Limits) -> Result<round2_extract::page::PageText, TextError> {
    let limits = Limits {
        max_bytes: limits
            .max_bytes
            .min(round2_extract::page::MAX_PAGE_BYTES as u64),
        ..limits
    };
    let page = fetch_page(url, limits)?;
    if page.content_type.starts_with("text/plain") {
        return Ok(round2_extract::page::PageText {
            title: None,
            company: None,
            text: page.text,
        });
    }
    round2_extract::page::page_text(&page.text, Some(&page.url)).map_err(|error| TextError::Page {
        url: page.url.clone(),
        error,
    })
}

/// A loopback HTTP server for tests of what reads links (`test-server`
/// feature, for dev-dependencies only): it listens on 127.0.0.1 on a port of
/// its own and answers `count` requests with `status`, `content_type` and
/// `body`, one connection at a time. Returns the address of a page on it.
#[cfg(any(test, feature = "test-server"))]
pub fn serve(
    status: &'static str,
    content_type: &'static str,
    body: String,
    count: usize,
) -> String {
    use std::io::Write;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let addr = listener.local_addr().expect("its address");
    std::thread::spawn(move || {
        for stream in listener.incoming().take(count) {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://{addr}/jobs/76")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_fetched_and_a_status_or_type_refused() {
        let url = serve(
            "200 OK",
            "text/html; charset=utf-8",
            "<p>hello</p>".into(),
            1,
        );
        let page = fetch_page(&url, Limits::default()).unwrap();
        assert_eq!(page.text, "<p>hello</p>");
        assert_eq!(page.content_type, "text/html; charset=utf-8");
        let url = serve("500 Internal Server Error", "text/html", String::new(), 1);
        assert!(matches!(
            fetch_page(&url, Limits::default()),
            Err(FetchError::Status { status: 500, .. })
        ));
        let url = serve("200 OK", "text/html", "x".repeat(2000), 1);
        let small = Limits {
            max_bytes: 1000,
            ..Limits::default()
        };
        assert!(matches!(
            fetch_page(&url, small),
            Err(FetchError::TooLarge { .. })
        ));
        assert!(matches!(
            fetch_page("ftp://example.com/x", Limits::default()),
            Err(FetchError::Scheme(_))
        ));
    }
}
