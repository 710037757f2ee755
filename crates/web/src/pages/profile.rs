//! The candidate's profile: the name and email thank-you notes are sent
//! from, the headline the pitch opens with, and the priorities questions to
//! ask are fitted to.

use maud::{html, Markup};
use round2_core::Profile;

use crate::layout::{csrf_field, Page, Section};

pub struct ProfilePage {
    /// What is stored, or what was typed when the form was refused.
    pub profile: Profile,
    pub saved: bool,
    pub error: Option<String>,
    pub csrf: String,
}

impl Page for ProfilePage {
    fn title(&self) -> String {
        "Your profile".into()
    }

    fn section(&self) -> Section {
        Section::Profile
    }

    fn content(&self) -> Markup {
        let p = &self.profile;
        html! {
            h1 { "Your profile" }
            p { "Kept on this computer only. Thank-you notes are signed with your name and sent from your email; "
                "questions to ask are fitted to your priorities." }
            @if self.saved { p.notice role="status" { "Saved." } }
            @if let Some(e) = &self.error {
                p.form-error role="alert" #profile-error { strong { "Not saved: " } (e) }
            }
            form #profile-form method="post" action="/profile" {
                (csrf_field(&self.csrf))
                p.field { label for="name" { "Name" }
                    input #name type="text" name="name" required autocomplete="name" value=(p.name); }
                p.field { label for="email" { "Email " span.hint { "(optional)" } }
                    input #email type="email" name="email" autocomplete="email" value=[p.email.as_deref()]; }
                p.field { label for="phone" { "Phone " span.hint { "(optional)" } }
                    input #phone type="tel" name="phone" autocomplete="tel" value=[p.phone.as_deref()]; }
                p.field { label for="headline" { "Headline " span.hint { "(optional)" } }
                    span.hint #headline-hint { "One line on who you are at work, e.g. “Backend engineer, eight years in payments”." }
                    input #headline type="text" name="headline" aria-describedby="headline-hint" value=[p.headline.as_deref()]; }
                p.field { label for="priorities" { "Priorities " span.hint { "(optional)" } }
                    span.hint #priorities-hint { "What matters most in your next job, separated by commas: growth, mentorship, remote work…" }
                    input #priorities type="text" name="priorities" aria-describedby="priorities-hint" value=(p.priorities.join(", ")); }
                button type="submit" { "Save profile" }
            }
        }
    }
}
