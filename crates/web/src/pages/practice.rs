//! Practice: one question from the bank (by category, or role questions from
//! the posting), a countdown timer (JavaScript, optional), the answer, and
//! feedback that explains itself, with again/hard/good/easy rating buttons.
//!
//! A rated answer is saved as an attempt; for an opportunity its review card
//! is scheduled (FSRS) toward the interview date, and the page shows the
//! review plan up to that date and the practice history as a chart.

use chrono::{DateTime, FixedOffset, NaiveDate};
use maud::{html, Markup};
use round2_method::practice::Practised;
use round2_practice::spoken::{clock, Spoken};
use round2_practice::{Category, Feedback, FillerKind, Question, Rating, StarPart};

use crate::chart;
use crate::layout::{self, csrf_field, Page, Section};

/// A category's display name.
pub fn category_label(c: Category) -> String {
    c.as_str().replace('_', " ")
}

fn mmss(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The interview date (if any) and, per day, the questions due.
pub type ReviewPlan = (Option<DateTime<FixedOffset>>, Vec<(NaiveDate, Vec<String>)>);

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
    /// How long the answer took by the page's timer, when it ran.
    pub seconds: Option<u32>,
    pub feedback: Option<Feedback>,
    pub rated: Option<Rating>,
    /// After a rating for an opportunity: when the question is next due.
    pub next_due: Option<DateTime<FixedOffset>>,
    /// The review plan: the interview date and, per day, the questions due.
    pub plan: Option<ReviewPlan>,
    /// Saved attempts per day (oldest first), for the history chart.
    pub history: Vec<(NaiveDate, usize)>,
    /// Questions whose review is due now (most overdue first): id and text.
    pub due: Vec<(String, String)>,
    /// For an answer given aloud: how it was said.
    pub spoken: Option<Spoken>,
    /// Saved answers given aloud, oldest first: pace and fillers over time.
    pub spoken_history: Vec<Practised>,
    /// The transcription whose recording is kept when this answer is saved
    /// (the user ticked "Keep the recording").
    pub recording: Option<String>,
    /// Saved attempts with their recording kept: attempt, question, when.
    pub recordings: Vec<(i64, String, DateTime<FixedOffset>)>,
    pub csrf: String,
}

/// A spoken answer being transcribed: how far it got.
pub struct HearingPage {
    /// Seconds of audio heard, of all of them.
    pub done: f32,
    pub total: f32,
    /// The practice page the recording came from.
    pub back: String,
}

impl Page for HearingPage {
    fn title(&self) -> String {
        "Transcribing your answer".into()
    }

    fn section(&self) -> Section {
        Section::Practice
    }

    fn refresh_seconds(&self) -> Option<u32> {
        Some(1)
    }

    fn content(&self) -> Markup {
        html! {
            h1 { (self.title()) }
            p #hearing role="status" {
                "Transcribing on this machine: " (clock(self.done)) " of " (clock(self.total)) " heard."
            }
            progress #hearing-progress max=(format!("{:.1}", self.total.max(0.1))) value=(format!("{:.1}", self.done)) {
                (clock(self.done)) " of " (clock(self.total))
            }
            p.hint { "This page reloads itself every second and shows the transcript and its feedback when it is done; a two-minute answer takes about a minute. "
                a href=(self.back) { "Back to the question" } }
        }
    }
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

    /// How a spoken answer was said, carried to the next post (feedback
    /// again on a corrected transcript, or the rating that saves it).
    fn spoken_field(&self) -> Markup {
        let json = self
            .spoken
            .as_ref()
            .and_then(|s| serde_json::to_string(s).ok());
        html! {
            @if let Some(j) = json { input type="hidden" name="spoken" value=(j); }
            @if let Some(r) = &self.recording { input type="hidden" name="recording" value=(r); }
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
                p.hint { "Rate the answer to save it"
                    @if self.opp.is_some() { " and schedule the question for review before the interview" } "." }
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
                @if let Some(s) = &fb.spoken {
                    p { (fb.words) " words in " strong { (clock(s.delivery.speaking_seconds)) } " spoken, "
                        (format!("{:.0}", s.delivery.words_per_minute)) " words a minute (" (s.delivery.pace_words()) "). "
                        "A " (fb.kind) " answer should take about " (mmss(fb.target_seconds)) "." }
                } @else {
                p { (fb.words) " words, about " (mmss(fb.seconds_estimate)) " spoken at 150 words a minute. "
                    "A " (fb.kind) " answer should take about " (mmss(fb.target_seconds)) "."
                    @if let Some(t) = self.seconds { " By the timer you took " strong { (mmss(t)) } "." }
                    @if over { " " strong { "Too long: interviewers drift after the target." } }
                    @if under { " " strong { "Short: there is room for detail and a result." } } }
                }
                @if let Some(s) = &fb.spoken {
                    h3 { "Pauses" }
                    @if s.delivery.pause_list.is_empty() { p { "No pauses of " (round2_practice::spoken::PAUSE_SECONDS) " s or more." } }
                    @else {
                        ul.pauses { @for p in &s.delivery.pause_list {
                            li { (format!("{:.1}", p.seconds)) " s at " (clock(p.at_seconds))
                                @if p.seconds >= round2_practice::spoken::LONG_PAUSE_SECONDS { " " span.hint { "(long)" } } } } }
                    }
                }
                @if let Some(r) = &fb.relevance {
                    h3 { "Does it answer the question?" }
                    @if r.addresses { p.ok { (r.reason) } } @else { p.warn { strong { "This answers a different question. " } (r.reason) } }
                }
                h3 { "STAR structure" }
                p.hint { "Situation, task, action and result: the sentence most likely to be each part, judged "
                    (match fb.star_basis {
                        round2_practice::StarBasis::Meaning => "sentence by sentence by meaning and words.",
                        round2_practice::StarBasis::Words => "sentence by sentence by words (install the sentence model with round2 model fetch to add meaning).",
                        round2_practice::StarBasis::Rules => "by cue phrases.",
                    }) }
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
                    p.hint { "No posting terms to check: practise for an opportunity to compare your answer with its posting." }
                } @else {
                    p { "Used: " (fb.posting_terms.join(", ")) }
                    p { "Missing: " (fb.missing_terms.join(", ")) }
                }
                form #rate method="post" action="/practice/rate" {
                    (self.hidden(q))
                    input type="hidden" name="answer" value=(self.answer);
                    input type="hidden" name="seconds" value=[self.seconds];
                    (self.spoken_field())
                    fieldset.rating {
                        legend { "How did that go? " span.hint { "(keys 1–4)" } }
                        @for (i, r) in Rating::ALL.iter().enumerate() {
                            button type="submit" name="rating" value=(r.as_str()) data-key=(i + 1) { (r.as_str()) }
                        }
                    }
                }
                @if let Some(r) = self.rated {
                    p.notice role="status" { "Rated " strong { (r.as_str()) } ". Saved."
                        @if let Some(d) = &self.next_due { " Next review: " (layout::time(d)) "." } }
                }
            }
        }
    }
}

impl PracticePage {
    fn plan_section(&self) -> Markup {
        let data: Vec<(String, usize)> = self
            .history
            .iter()
            .map(|(d, n)| (d.format("%a %e %b").to_string(), *n))
            .collect();
        let total: usize = self.history.iter().map(|h| h.1).sum();
        html! {
            @if let Some((interview, days)) = &self.plan {
                section #plan aria-labelledby="plan-h" {
                    h2 #plan-h { "Review plan" }
                    @match interview {
                        Some(i) => p { "Up to the interview on " (layout::time(i)) "." },
                        None => p.hint { "No upcoming round has a date: reviews aim at two weeks from the first rating." },
                    }
                    @if days.is_empty() { p.hint { "Nothing scheduled yet: rate an answer to schedule its question." } }
                    @else {
                        ol.plan {
                            @for (d, qs) in days {
                                li { strong { (d.format("%a %e %b")) } ": " (qs.len()) " question(s)"
                                    ul { @for q in qs { li { (q) } } } }
                            }
                        }
                    }
                }
            }
            section #history aria-labelledby="history-h" {
                h2 #history-h { "Practice history" }
                @if data.is_empty() { p.hint { "No saved answers yet." } }
                @else {
                    (chart::bars("history-chart", "Answers saved per day",
                        &format!("{total} answers saved over {} days.", data.len()), &data))
                }
                @if !self.spoken_history.is_empty() { (self.spoken_section()) }
                @if !self.recordings.is_empty() { (self.recordings_section()) }
            }
        }
    }
}

impl PracticePage {
    /// The recordings kept with saved answers: listen, or delete.
    fn recordings_section(&self) -> Markup {
        let opp = self.opp.as_ref().map_or("", |o| o.0.as_str());
        html! {
            h3 #recordings-h { "Recordings kept" }
            ul.recordings aria-labelledby="recordings-h" {
                @for (id, question, at) in &self.recordings {
                    li {
                        (at.format("%e %b %H:%M")) " · " (question)
                        br;
                        audio controls preload="none" src=(format!("/recordings/{id}")) {
                            a href=(format!("/recordings/{id}")) { "Download the recording" }
                        }
                        form.inline method="post" action=(format!("/recordings/{id}/delete")) {
                            (csrf_field(&self.csrf))
                            input type="hidden" name="opp" value=(opp);
                            button.secondary type="submit" { "Delete the recording" }
                        }
                    }
                }
            }
            p.hint { "Deleting a recording keeps its transcript and feedback." }
        }
    }

    /// Pace and fillers of the answers given aloud, oldest first.
    fn spoken_section(&self) -> Markup {
        let label = |p: &Practised| p.at.format("%e %b %H:%M").to_string();
        let pace: Vec<(String, usize)> = self
            .spoken_history
            .iter()
            .filter_map(|p| {
                let s = p.spoken.as_ref()?;
                Some((label(p), s.delivery.words_per_minute.round() as usize))
            })
            .collect();
        let fillers: Vec<(String, usize)> = self
            .spoken_history
            .iter()
            .map(|p| (label(p), p.fillers_per_100.round() as usize))
            .collect();
        let n = pace.len();
        html! {
            h3 { "Answers given aloud" }
            (chart::bars("pace-chart", "Words a minute, answer by answer",
                &format!("Pace of {n} spoken answers, oldest first; 120 to 170 is easy to follow."), &pace))
            (chart::bars("fillers-chart", "Fillers and hedges per 100 words, answer by answer",
                &format!("Fillers of {n} spoken answers, oldest first; fewer is better."), &fillers))
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
            @if !self.due.is_empty() {
                section #due aria-labelledby="due-h" {
                    h2 #due-h { "Due for review now (" (self.due.len()) ")" }
                    ol {
                        @for (id, text) in &self.due {
                            li {
                                @if self.question.as_ref().is_some_and(|q| &q.id == id) {
                                    strong aria-current="true" { (text) }
                                } @else {
                                    a href=(format!("/practice?opp={}&q={id}", self.opp.as_ref().map_or("", |o| o.0.as_str()))) { (text) }
                                }
                            }
                        }
                    }
                }
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
                    input #answer-seconds type="hidden" name="seconds" value="";
                    (self.spoken_field())
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
                form #audio-form method="post" action="/practice/audio" enctype="multipart/form-data" {
                    (self.hidden(q))
                    // Shown by the page's script when the browser can record.
                    div #recorder.recorder hidden {
                        p.rec-controls {
                            button type="button" #record { "Record your answer" }
                            " "
                            output #rec-time aria-label="Recording time" { "0:00" }
                            " "
                            meter #rec-level min="0" max="1" value="0" aria-label="Microphone level" {}
                        }
                        p.hint #rec-status aria-live="polite" { "Uses your microphone; the recording is transcribed on this machine and kept only if you tick the box below." }
                    }
                    p.field {
                        label for="audio" { "Or answer aloud: a recording of your answer " span.hint { "(WAV, FLAC, MP3, Ogg or M4A; transcribed on this machine, nothing is uploaded anywhere else)" } }
                        input #audio type="file" name="audio" accept=".wav,.flac,.mp3,.ogg,.oga,.m4a,audio/*" required;
                    }
                    p.field.check {
                        input #keep type="checkbox" name="keep" value="1";
                        " "
                        label for="keep" { "Keep the recording with this answer when I save it, to listen to later" }
                        span.hint { " (otherwise only the transcript is kept; a kept recording can be deleted under Practice history)" }
                    }
                    button.secondary type="submit" { "Transcribe and get feedback" }
                }
                @if let Some(s) = &self.spoken {
                    p.spoken #spoken role="status" { (crate::speech::summary(s))
                        " The transcript is in the answer box: correct what the model misheard and get feedback again." }
                }
                @if let Some(fb) = &self.feedback { (self.feedback_section(q, fb)) }
            } @else {
                p.hint { "No questions in this category."
                    @if self.category == Category::RoleSpecific { " Role questions come from bullet lists under the posting's requirement headings." } }
            }
            (self.plan_section())
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
