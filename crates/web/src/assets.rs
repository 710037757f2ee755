//! The stylesheet and the little plain JavaScript (practice timer, keyboard
//! shortcuts, the microphone recorder's worklet), embedded in the binary: no CDN, no build step.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::WebError;

const STYLE: &str = include_str!("../assets/style.css");
const APP_JS: &str = include_str!("../assets/app.js");
const RECORDER_JS: &str = include_str!("../assets/recorder.js");

pub async fn asset(Path(name): Path<String>) -> Result<Response, WebError> {
    let (body, kind) = match name.as_str() {
        "style.css" => (STYLE, "text/css; charset=utf-8"),
        "app.js" => (APP_JS, "text/javascript; charset=utf-8"),
        "recorder.js" => (RECORDER_JS, "text/javascript; charset=utf-8"),
        _ => return Err(WebError::NotFound(format!("no asset `{name}`"))),
    };
    Ok((
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response())
}
