//! Safety of a server on the candidate's machine: the `Host` check against
//! DNS rebinding, the `Origin` check and CSRF token on state-changing
//! requests, and the security headers on every response.
//!
//! The CSRF token is a random per-process secret put in a hidden `csrf` field
//! of every form. A page on another site cannot read it (no CORS), and with
//! the `Host` check it cannot reach this server under its own name either.

use axum::extract::{FromRequest, Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::de::DeserializeOwned;

use crate::{AppState, WebError, BODY_LIMIT};

/// 32 random bytes from the operating system, hex-encoded (CSRF tokens;
/// the team server's session, CSRF and invitation tokens).
pub fn new_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness for a token: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares without stopping at the first difference.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The `Host` values the server answers to.
pub fn allowed_hosts(port: u16) -> Vec<String> {
    let mut hosts = vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ];
    if port == 80 {
        hosts.extend(["127.0.0.1", "localhost", "[::1]"].map(String::from));
    }
    hosts
}

/// [`allowed_hosts`] without building the list (this runs on every request).
fn host_allowed(host: &str, port: u16) -> bool {
    let host = host.trim();
    ["127.0.0.1", "localhost", "[::1]"].iter().any(|name| {
        let Some(rest) = host
            .get(..name.len())
            .filter(|h| h.eq_ignore_ascii_case(name))
            .map(|_| &host[name.len()..])
        else {
            return false;
        };
        match rest.strip_prefix(':') {
            Some(p) => !p.starts_with(['0', '+']) && p.parse::<u16>() == Ok(port),
            None => rest.is_empty() && port == 80,
        }
    })
}

/// Checks a submitted token against the process's.
pub(crate) fn check_csrf(state: &AppState, submitted: &str) -> Result<(), WebError> {
    if same(submitted, state.csrf_token()) {
        Ok(())
    } else {
        Err(WebError::Csrf)
    }
}

/// Middleware on every request: refuses a foreign `Host` (and, for
/// state-changing methods, a foreign `Origin`), then adds the security
/// headers to whatever the handler answered.
pub(crate) async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let port = state.port();
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    let host_ok = !state.loopback_only() || host.is_some_and(|h| host_allowed(h, port));
    let origin_fits = if state.loopback_only() {
        origin_ok(&req, port)
    } else {
        same_origin(&req)
    };
    let response = if !host_ok {
        WebError::WrongHost {
            expected: format!("127.0.0.1:{port}"),
        }
        .into_response()
    } else if req.method() != Method::GET
        && req.method() != Method::HEAD
        && (!origin_fits || cross_site(&req))
    {
        WebError::Csrf.into_response()
    } else {
        let changes = req.method() != Method::GET && req.method() != Method::HEAD;
        let req = if changes {
            match read_body(req).await {
                Ok(req) => req,
                Err(e) => return with_headers(e.into_response()),
            }
        } else {
            req
        };
        let response = next.run(req).await;
        // Anything a POST may have changed invalidates the derived caches.
        if changes {
            state.invalidate();
        }
        response
    };
    with_headers(response)
}

/// Reads a state-changing request's body up front: one declared larger than
/// [`BODY_LIMIT`] is refused before a byte is read, and one that does not
/// arrive within [`BODY_TIMEOUT`] is dropped, so a slow or lying client
/// cannot hold a connection.
async fn read_body(req: Request) -> Result<Request, WebError> {
    let limit = crate::body_limit(req.uri().path());
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(WebError::TooLarge { limit });
    }
    let (parts, body) = req.into_parts();
    match tokio::time::timeout(crate::BODY_TIMEOUT, axum::body::to_bytes(body, limit + 1)).await {
        Err(_) => Err(WebError::SlowBody {
            seconds: crate::BODY_TIMEOUT.as_secs(),
        }),
        Ok(Err(_)) => Err(WebError::TooLarge { limit }),
        Ok(Ok(bytes)) if bytes.len() > limit => Err(WebError::TooLarge { limit }),
        Ok(Ok(bytes)) => Ok(Request::from_parts(parts, axum::body::Body::from(bytes))),
    }
}

/// A browser says where a request comes from in `Sec-Fetch-Site`: a
/// change asked for by another site (`cross-site`), or another program on
/// this machine's other ports (`same-site`), is refused even with a token.
pub fn cross_site(req: &Request) -> bool {
    req.headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            let v = v.trim();
            v.eq_ignore_ascii_case("cross-site") || v.eq_ignore_ascii_case("same-site")
        })
}

/// The security headers every response gets; HTML pages are also never
/// stored by the browser or a proxy (they hold the candidate's notes).
pub fn with_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    // A page that needs its own policy (the self-contained cheat sheet,
    // inline styles only) sets it; every other response gets the strict one.
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; \
                 form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        );
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Not `no-referrer`: with it Chromium sends `Origin: null` on our own
    // form posts, which the Origin check must refuse.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// The team server's rule: an `Origin`, when sent, names the host the
/// request was sent to (behind a TLS proxy, `https://` with the same host).
pub fn same_origin(req: &Request) -> bool {
    let Some(origin) = req.headers().get(header::ORIGIN) else {
        return true;
    };
    let (Ok(origin), Some(host)) = (
        origin.to_str(),
        req.headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok()),
    ) else {
        return false;
    };
    origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .is_some_and(|h| h.eq_ignore_ascii_case(host.trim()))
}

/// A browser sends `Origin` on a cross-site POST: when present it must be
/// this server. (`null`, from a sandboxed or file page, is refused too.)
fn origin_ok(req: &Request, port: u16) -> bool {
    let Some(origin) = req.headers().get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    origin
        .strip_prefix("http://")
        .is_some_and(|h| host_allowed(h, port))
}

/// A form with a `csrf` field.
pub trait HasCsrf {
    fn csrf(&self) -> &str;
}

/// A URL-encoded form whose CSRF token has been checked. Rejections become
/// [`WebError`]s: 403 for a wrong token, 413 for a body over the limit, 400
/// for anything else malformed.
pub(crate) struct CheckedForm<T>(pub T);

impl<T> FromRequest<AppState> for CheckedForm<T>
where
    T: DeserializeOwned + HasCsrf + Send,
{
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        match Form::<T>::from_request(req, state).await {
            Ok(Form(value)) => {
                check_csrf(state, value.csrf())?;
                Ok(CheckedForm(value))
            }
            Err(rejection) => {
                if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    Err(WebError::TooLarge { limit: BODY_LIMIT })
                } else if rejection.body_text().contains("csrf") {
                    // A form missing its token altogether.
                    Err(WebError::Csrf)
                } else {
                    Err(WebError::BadInput(format!(
                        "the form could not be read: {}",
                        rejection.body_text()
                    )))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_long() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }

    #[test]
    fn same_compares_whole_strings() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
        assert!(!same("", "a"));
    }

    #[test]
    fn only_loopback_names_with_the_port_are_hosts() {
        assert!(host_allowed("127.0.0.1:8080", 8080));
        assert!(host_allowed("LOCALHOST:8080", 8080));
        assert!(host_allowed("[::1]:8080", 8080));
        assert!(!host_allowed("127.0.0.1:8081", 8080));
        assert!(!host_allowed("evil.example:8080", 8080));
        assert!(!host_allowed("127.0.0.1", 8080));
        assert!(host_allowed("localhost", 80));
        assert!(!host_allowed("localhost", 8080));
        assert!(!host_allowed("127.0.0.1:+8080", 8080));
        assert!(!host_allowed("127.0.0.1:08080", 8080));
        assert!(!host_allowed("127.0.0.1.evil:8080", 8080));
        assert!(!host_allowed("localhost:8080x", 8080));
        assert!(!host_allowed("", 8080));
        // Every name the list gives is allowed.
        for h in allowed_hosts(8080) {
            assert!(host_allowed(&h, 8080), "{h}");
        }
    }
}
