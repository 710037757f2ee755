//! The error page: status, what was wrong, and where to go next.

use maud::{html, Markup};

use crate::layout::Page;

/// Rendered by [`crate::WebError`]'s `IntoResponse`.
pub struct ErrorPage {
    pub status: u16,
    pub reason: String,
    pub message: String,
}

impl Page for ErrorPage {
    fn title(&self) -> String {
        format!("{} {}", self.status, self.reason)
    }

    fn content(&self) -> Markup {
        html! {
            section.error role="alert" {
                h1 { (self.status) " " (self.reason) }
                p.message { (self.message) }
                p {
                    "Use your browser's Back button to return to the form (what you typed is still there), or go to "
                    a href="/" { "your opportunities" } "."
                }
            }
        }
    }
}
