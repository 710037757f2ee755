//! Practice: one question from the bank (by category, or role questions from
//! the posting), a countdown timer (JavaScript, optional), the answer, and
//! feedback that explains itself, with again/hard/good/easy rating buttons.
//!
//! PLACE FOR attempts and reviews: the store has no table for practice
//! attempts or FSRS cards yet, so an answer and its rating are not saved;
//! the page says so. When it does, save the attempt in the answer handler
//! and `round2_practice::schedule` the card in the rate handler.

use maud::{html, Markup};
use round2_practice::{Category, Feedback, FillerKind, Question, Rating, StarPart};

use crate::layout::{csrf_field, Page, Section};

/// A category's display name.
pub fn category_label(c: Category) -> String {
    c.as_str().replace('_', " ")
}

fn mmss(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The practice page.
pub struct PracticePage {
    /// The opportunity practised for: slug and "Company — Role".
    pub opp: Option<(String, String)>,
    /// Categories offered, with their question counts.
    pub categories: Vec<(Category, usize)>,
    pub category: Category,
    /// The questions of the category: id and text.
    pub questions: Vec<(String, String)>,
    pub question: Option<Question>,
    /// The id of the question after this one in the category.
    pub next: Option<String>,
    pub answer: String,
    pub feedback: Option<Feedback>,
    pub rated: Option<Rating>,
    pub csrf: String,
}

impl PracticePage {
    fn link(&self, category: Category, q: Option<&str>) -> String {
        let mut url = format!("/practice?category={}", category.as_str());
        if let Some((slug, _)) = &self.opp {
            url.push_str("&opp=");
            url.push_str(slug);
        }
        if let Some(q) = q {
            url.push_str("&q=");
            url.push_str(q);
        }
        url
    }

    fn hidden(&self, q: &Question) -> Markup {
        html! {
            (csrf_field(&self.csrf))
            input type="hidden" name="opp" value=(self.opp.as_ref().map_or("", |o| o.0.as_str()));
            input type="hidden" name="q" value=(q.id);
        }
    }

    fn feedback_section(&self, q: &Question, fb: &Feedback) -> Markup {
        let star_row = |name: &str, part: &StarPart| {
            html! {
                tr {
                    th scope="row" { (name) }
                    td { @if part.present { span.ok { "found" } } @else { span.missing { "not found" } } }
                    td { @if let Some(p) = &part.phrase { q.quote { (p) } } }
                }
            }
        };
        let over = fb.seconds_estimate > fb.target_seconds + fb.target_seconds / 3;
        let under = fb.seconds_estimate * 2 < fb.target_seconds;
        html! {
            section #feedback aria-labelledby="feedback-h" tabindex="-1" {
                h2 #feedback-h { "Feedback" }
                p.notice { strong { "Not saved: " }
                    "round2 does not store practice attempts yet, so this answer and its rating are shown, not kept. "
                    "Copy your answer if you want it later." }
                @if fb.suggestions.is_empty() {
                    p.ok { "No suggestions: this answer meets every check below." }
                } @else {
                    h3 { "What to work on" }
                    ol.suggestions {
                        @for s in &fb.suggestions {
                            li { strong { (s.text) } br; span.why { "Why: " (s.why) } }
                        }
                    }
                }
                h3 { "Length" }
                p { (fb.words) " words, about " (mmss(fb.seconds_estimate)) " spoken at 150 words a minute. "
                    "A " (fb.kind) " answer should take about " (mmss(fb.target_seconds)) "."
                    @if over { " " strong { "Too long: interviewers drift after the target." } }
                    @if under { " " strong { "Short: there is room for detail and a result." } } }
                h3 { "STAR structure" }
                p.hint { "Situation, task, action and result: the phrase that showed each part." }
                table.star {
                    thead { tr { th scope="col" { "Part" } th scope="col" { "Found?" } th scope="col" { "Where" } } }
                    tbody {
                        (star_row("Situation", &fb.star.situation))
                        (star_row("Task", &fb.star.task))
                        (star_row("Action", &fb.star.action))
                        (star_row("Result", &fb.star.result))
                    }
                }
                h3 { "Fillers and hedges" }
                @if fb.fillers.is_empty() { p { "None found." } }
                @else {
                    p { (fb.filler_total) " in all. Fillers fill pauses; hedges soften claims you can make plainly." }
                    ul.fillers {
                        @for f in &fb.fillers {
                            li { "“" (f.text) "” × " (f.count) " "
                                span.hint { (match f.kind { FillerKind::Filler => "(filler)", FillerKind::Hedge => "(hedge)" }) } }
                        }
                    }
                }
                h3 { "Ownership" }
                p { "“I” " (fb.ownership.i) " times, “we” " (fb.ownership.we) " times. "
                    span.hint { "The interviewer is hiring you: say what you did." } }
                h3 { "Concrete results" }
                @if fb.numbers.is_empty() { p { "No figures. A number makes a result believable." } }
                @else { ul { @for n in &fb.numbers { li { (n.text) " " span.hint { "(" (format!("{:?}", n.kind).to_lowercase()) ")" } } } } }
                h3 { "The posting's terms" }
                @if fb.posting_terms.is_empty() && fb.missing_terms.is_empty() {
                    p.hint { "Not checked yet: the web UI does not read the posting's skill terms until the posting analysis is wired in." }
                } @else {
                    p { "Used: " (fb.posting_terms.join(", ")) }
                    p { "Missing: " (fb.missing_terms.join(", ")) }
                }
                form #rate method="post" action="/practice/rate" {
                    (self.hidden(q))
                    input type="hidden" name="answer" value=(self.answer);
                    fieldset.rating {
                        legend { "How did that go? " span.hint { "(keys 1–4)" } }
                        @for (i, r) in Rating::ALL.iter().enumerate() {
                            button type="submit" name="rating" value=(r.as_str()) data-key=(i + 1) { (r.as_str()) }
                        }
                    }
                }
                @if let Some(r) = self.rated {
                    p.notice role="status" { "Rated " strong { (r.as_str()) } ". Not saved: spaced repetition needs storage the store does not have yet." }
                }
            }
        }
    }
}

impl Page for PracticePage {
    fn title(&self) -> String {
        match &self.opp {
            Some((_, label)) => format!("Practice for {label}"),
            None => "Practice".into(),
        }
    }

    fn section(&self) -> Section {
        Section::Practice
    }

    fn content(&self) -> Markup {
        html! {
            h1 { (self.title()) }
            form.inline #pick method="get" action="/practice" {
                @if let Some((slug, _)) = &self.opp { input type="hidden" name="opp" value=(slug); }
                label for="category" { "Category" }
                select #category name="category" {
                    @for (c, n) in &self.categories {
                        option value=(c.as_str()) selected[*c == self.category] { (category_label(*c)) " (" (n) ")" }
                    }
                }
                button type="submit" { "Show" }
            }
            @if let Some(q) = &self.question {
                section.question aria-labelledby="question-h" {
                    p.hint { (category_label(q.category)) " · " (q.kind) " · about " (mmss(q.kind.target_seconds())) }
                    h2 #question-h { (q.text) }
                    details {
                        summary { "What they are really asking" }
                        p { (q.really_asking) }
                        @if let Some(req) = &q.requirement { p { "From the posting's requirement: " q { (req) } } }
                    }
                }
                section #timer.timer data-timer data-seconds=(q.kind.target_seconds()) hidden aria-label="Timer" {
                    output #timer-display aria-hidden="true" { (mmss(q.kind.target_seconds())) }
                    button type="button" #timer-toggle { "Start timer" }
                    button type="button" #timer-reset { "Reset" }
                    p #timer-status.visually-hidden aria-live="polite" {}
                }
                form #answer-form method="post" action="/practice" {
                    (self.hidden(q))
                    p.field {
                        label for="answer" { "Your answer" }
                        span.hint #answer-hint { "Type it as you would say it. Ctrl+Enter submits." }
                        textarea #answer name="answer" rows="10" aria-describedby="answer-hint" { (self.answer) }
                    }
                    button type="submit" { "Get feedback" }
                    @if let Some(next) = &self.next {
                        " " a.button.secondary href=(self.link(self.category, Some(next))) data-shortcut="next" { "Next question" }
                    }
                }
                @if let Some(fb) = &self.feedback { (self.feedback_section(q, fb)) }
            } @else {
                p.hint { "No questions in this category."
                    @if self.category == Category::RoleSpecific { " Role questions come from bullet lists under the posting's requirement headings." } }
            }
            details.all-questions {
                summary { "All " (self.questions.len()) " questions in " (category_label(self.category)) }
                ol {
                    @for (id, text) in &self.questions {
                        li { a href=(self.link(self.category, Some(id))) { (text) } }
                    }
                }
            }
        }
    }
}
