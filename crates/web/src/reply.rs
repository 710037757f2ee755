//! The answers handlers share: a page, a redirect to what changed, a
//! refused form shown again with its message, and the errors of a path key
//! or an upload. Kept apart from the route table so that no handler module
//! imports the module that routes to it.

use axum::response::{Html, IntoResponse as _, Redirect, Response};
use round2_core::Id;

use crate::layout::{self, Page};
use crate::{WebError, BODY_LIMIT};

pub(crate) type PageResult = Result<Html<String>, WebError>;

pub(crate) fn page(p: &dyn Page) -> PageResult {
    Ok(Html(layout::render(p)))
}

/// A 303 to the page that shows what was just changed.
pub(crate) fn see(url: String) -> Result<Redirect, WebError> {
    Ok(Redirect::to(&url))
}

pub(crate) fn opp_url(slug: &str, anchor: &str) -> String {
    if anchor.is_empty() {
        format!("/o/{slug}")
    } else {
        format!("/o/{slug}#{anchor}")
    }
}

/// A number in the path; anything else names no record (404).
pub(crate) fn key<T: std::str::FromStr>(what: &str, text: &str) -> Result<T, WebError> {
    text.parse()
        .map_err(|_| WebError::NotFound(format!("no {what} `{text}`")))
}

/// Checks that a record id belongs to the opportunity before changing it.
pub(crate) fn owned(found: bool, what: &str, id: Id, slug: &str) -> Result<(), WebError> {
    if found {
        Ok(())
    } else {
        Err(WebError::NotFound(format!("no {what} {id} in `{slug}`")))
    }
}

/// A refused submission (400 or 409) answered with its form again, holding
/// what was typed, and the message above it; anything else (403, 404, 500)
/// as the error page.
pub(crate) fn refused(err: WebError, form: impl FnOnce(String) -> Box<dyn Page>) -> Response {
    match err {
        WebError::BadInput(_) | WebError::Conflict(_) => {
            let status = err.status();
            (status, Html(layout::render(form(err.to_string()).as_ref()))).into_response()
        }
        other => other.into_response(),
    }
}

pub(crate) fn multipart_error(e: axum::extract::multipart::MultipartError) -> WebError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        WebError::TooLarge { limit: BODY_LIMIT }
    } else {
        WebError::bad(format!("the upload could not be read: {}", e.body_text()))
    }
}
