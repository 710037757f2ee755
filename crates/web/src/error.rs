//! The web UI's one error type: each variant is a status code and an error
//! page that says what was wrong and what to do. Internal errors are logged
//! once, here, and shown without their details.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use round2_store::StoreError;

use crate::layout;
use crate::pages::ErrorPage;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// The page or record does not exist (404).
    #[error("{0}")]
    NotFound(String),
    /// A form field or query parameter is missing or malformed (400).
    #[error("{0}")]
    BadInput(String),
    /// The change contradicts what is stored, e.g. a duplicate (409).
    #[error("{0}")]
    Conflict(String),
    /// A POST without the right CSRF token (403).
    #[error(
        "this form did not come from this round2 window, or the server restarted since it was \
         loaded; reload the page and submit again"
    )]
    Csrf,
    /// A request addressed to a host name this server does not answer to
    /// (403): protects against DNS rebinding.
    #[error("this server only answers requests addressed to {expected}; open {expected} instead")]
    WrongHost { expected: String },
    /// The request body is over [`crate::BODY_LIMIT`] (413).
    #[error("the request is larger than {limit} bytes; a prep file or posting this big is probably the wrong file")]
    TooLarge { limit: usize },
    /// The request body did not arrive within [`crate::BODY_TIMEOUT`] (408).
    #[error("the request's body did not arrive within {seconds} seconds; submit the form again")]
    SlowBody { seconds: u64 },
    /// The server is doing as much of this as it takes at once (503).
    #[error("{0}")]
    Busy(String),
    /// Something broke on our side (500); logged once when rendered.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl WebError {
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        WebError::Internal(anyhow::anyhow!(message.into()))
    }

    pub(crate) fn bad(message: impl Into<String>) -> Self {
        WebError::BadInput(message.into())
    }

    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::BadInput(_) => StatusCode::BAD_REQUEST,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::Csrf | WebError::WrongHost { .. } => StatusCode::FORBIDDEN,
            WebError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::SlowBody { .. } => StatusCode::REQUEST_TIMEOUT,
            WebError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } => WebError::NotFound(e.to_string()),
            StoreError::Conflict(message) => WebError::Conflict(message),
            StoreError::Invalid(message) => WebError::bad(message),
            other => WebError::Internal(anyhow::Error::new(other)),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = match &self {
            WebError::Internal(source) => {
                eprintln!("round2 serve: internal error: {source:#}");
                "Something went wrong on round2's side. Nothing you typed was saved by this \
                 request; go back and try again. The details are in the terminal running \
                 `round2 serve`."
                    .to_string()
            }
            other => other.to_string(),
        };
        let page = ErrorPage {
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("Error").to_string(),
            message,
        };
        (status, Html(layout::render(&page))).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_errors_map_to_statuses() {
        let nf: WebError = StoreError::not_found("opportunity", "x").into();
        assert_eq!(nf.status(), StatusCode::NOT_FOUND);
        let c: WebError = StoreError::Conflict("round 1 already exists".into()).into();
        assert_eq!(c.status(), StatusCode::CONFLICT);
        let bad: WebError = StoreError::Corrupt("stage `zz`".into()).into();
        assert_eq!(bad.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[tokio::test]
    async fn an_internal_error_page_hides_the_details() {
        let e: WebError = StoreError::Corrupt("secret detail".into()).into();
        let resp = e.into_response();
        assert_eq!(resp.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        assert!(body.contains("500 Internal Server Error"), "{body}");
        assert!(!body.contains("secret detail"), "{body}");
    }
}
