//! Questions to ask: suggestions by theme from the candidate's priorities and
//! the next round's interviewers, leaving out what earlier rounds' notes
//! already covered, each with why it was picked and a button to keep it.

use maud::{html, Markup};
use round2_core::Interviewer;
use round2_practice::{SuggestedQuestion, Theme};

use crate::layout::{csrf_field, Page};

/// The suggestions page for one opportunity.
pub struct AskPage {
    pub slug: String,
    pub label: String,
    /// The profile's priorities; `None` when no profile is set.
    pub priorities: Option<Vec<String>>,
    /// The round being prepared for and its interviewers.
    pub round: u32,
    pub interviewers: Vec<Interviewer>,
    /// How many earlier notes (asked, answer, topic) were used to leave
    /// covered questions out.
    pub notes_considered: usize,
    pub suggestions: Vec<SuggestedQuestion>,
    pub csrf: String,
}

impl Page for AskPage {
    fn title(&self) -> String {
        format!("Questions to ask at {}", self.label)
    }

    fn content(&self) -> Markup {
        let base = format!("/o/{}", self.slug);
        html! {
            h1 { "Questions to ask" }
            p { a href=(base) { "← " (self.label) } }
            section.inputs aria-label="What the suggestions are based on" {
                ul {
                    li { "Your priorities: "
                        @match &self.priorities {
                            Some(p) if !p.is_empty() => { strong { (p.join(", ")) } }
                            _ => { "none set (" a href="/profile" { "set them in your profile" } ")" }
                        }
                    }
                    li { "Round " (self.round) " interviewers: "
                        @if self.interviewers.is_empty() { "none listed, so questions for any interviewer" }
                        @for (i, p) in self.interviewers.iter().enumerate() {
                            @if i > 0 { ", " }
                            (p.name) @if let Some(t) = &p.title { " (" (t) ")" }
                        }
                    }
                    li { "Left out: anything covered by " (self.notes_considered)
                        " notes from earlier rounds (questions you asked, answers you gave, topics discussed)." }
                }
            }
            @if self.suggestions.is_empty() { p.hint { "No suggestions left: earlier rounds covered them all." } }
            @for theme in Theme::ALL {
                @let qs: Vec<&SuggestedQuestion> = self.suggestions.iter().filter(|s| s.theme == theme).collect();
                @if !qs.is_empty() {
                    section.ask-theme aria-labelledby=(format!("theme-{}", theme.as_str())) {
                        h2 id=(format!("theme-{}", theme.as_str())) { (theme.as_str().replace('_', " ")) }
                        ul.suggestions {
                            @for s in qs {
                                li {
                                    p.q { (s.text) }
                                    p.why { "Why: " (s.why) }
                                    form.inline method="post" action=(format!("{base}/questions")) {
                                        (csrf_field(&self.csrf))
                                        input type="hidden" name="theme" value=(s.theme.as_str());
                                        input type="hidden" name="text" value=(s.text);
                                        button.secondary type="submit" { "Keep this question" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
