//! Follow up after a round: a thank-you note per interviewer (edit, copy,
//! download as .eml, mark sent) and the calendar file.

use chrono::{DateTime, FixedOffset};
use maud::{html, Markup};
use round2_documents::Draft;

use crate::layout::{self, csrf_field, Page};

/// A topic round2 found for a thank-you note, from one note.
pub struct TopicChoice {
    pub note: round2_core::Id,
    /// The topic as the user may edit it ("how I help newer devs").
    pub phrase: String,
    /// As the note says it ("your question about how I help newer devs").
    pub framed: String,
    /// Whether the draft names it now.
    pub chosen: bool,
}

pub struct NoteRow {
    pub draft: Draft,
    pub topics: Vec<TopicChoice>,
    /// The interviewer's key in URLs (lowercase, dashes).
    pub key: String,
    pub sent_at: Option<DateTime<FixedOffset>>,
}

pub struct FollowUpPage {
    pub slug: String,
    pub label: String,
    /// The round thanked for, or None when no round has taken place.
    pub round: Option<u32>,
    pub notes: Vec<NoteRow>,
    pub has_email: bool,
    pub now: DateTime<FixedOffset>,
    pub csrf: String,
}

impl Page for FollowUpPage {
    fn title(&self) -> String {
        format!("Follow-up — {}", self.label)
    }

    fn content(&self) -> Markup {
        let base = format!("/o/{}", self.slug);
        html! {
            p.back { a href=(base) { "← " (self.label) } }
            h1 { "Follow-up" }
            p { a.button.secondary href=(format!("{base}/calendar.ics")) download { "Download the calendar (.ics)" }
                " " span.hint { "Rounds, thank-you deadlines and practice sessions, for your calendar app." } }
            @match self.round {
                None => { p.hint { "No round has taken place yet: thank-you notes come after a round (one with a past date, or with notes)." } }
                Some(round) => {
                    h2 { "Thank-you notes for round " (round) }
                    p { "Send each within 24 hours of the round. Every draft cites what it is built from; edit it to sound like you." }
                    @if !self.has_email {
                        p.notice role="note" { strong { "No .eml downloads: " }
                            "your profile has no email address to send from. " a href="/profile" { "Add one to your profile" }
                            ", or copy the text below into your mail app." }
                    }
                    @if self.notes.is_empty() { p.hint { "Round " (round) " has no interviewers to thank." } }
                    @for n in &self.notes {
                        @let d = &n.draft;
                        @let id = format!("thanks-{}", n.key);
                        article.thanks #(id) {
                            h3 { "To " (d.interviewer) @if let Some(e) = &d.email { " " span.email { "<" (e) ">" } } }
                            p.meta {
                                @match (&n.sent_at, &d.deadline) {
                                    (Some(at), _) => { span.ok { "Sent " (layout::time(at)) } }
                                    (None, Some(dl)) if *dl < self.now => { strong.overdue { "Overdue since " (layout::time(dl)) } }
                                    (None, Some(dl)) => { "Send by " (layout::time(dl)) }
                                    (None, None) => { "Not sent" }
                                }
                            }
                            p { "Subject: " strong.subject { (d.subject) } }
                            form.thanks-edit method="post" action=(format!("{base}/thanks/{round}/{}", n.key)) {
                                (csrf_field(&self.csrf))
                                p.field {
                                    label for=(format!("{id}-body")) { "Note to " (d.interviewer) }
                                    textarea id=(format!("{id}-body")) name="body" rows="12" required { (d.body) }
                                }
                                button type="submit" { "Save note" }
                                " " button.secondary type="button" data-copy=(format!("{id}-body")) hidden { "Copy text" }
                            }
                            @if !n.topics.is_empty() {
                                details.topics {
                                    summary { "Topics this note names (" (n.topics.iter().filter(|t| t.chosen).count()) " of " (n.topics.len()) " found)" }
                                    form method="post" action=(format!("{base}/thanks/{round}/{}/topics", n.key)) {
                                        (csrf_field(&self.csrf))
                                        p.hint { "Tick the topics to name and put them in your own words (they follow \"our conversation about\"). Rebuilding replaces the note's text above, edits included." }
                                        @for t in &n.topics {
                                            @let tid = format!("{id}-topic-{}", t.note);
                                            p.field.topic {
                                                input type="checkbox" id=(format!("{tid}-pick")) name=(format!("pick-{}", t.note)) value="on" checked[t.chosen];
                                                " " label for=(format!("{tid}-pick")) { (t.framed) }
                                                " " label.hint for=(tid) { "in your words:" }
                                                " " input type="text" id=(tid) name=(format!("topic-{}", t.note)) value=(t.phrase) maxlength="200";
                                            }
                                        }
                                        button type="submit" { "Rebuild the note from these topics" }
                                    }
                                }
                            }
                            p.sources { "Built from: "
                                @for (i, s) in d.sources.iter().enumerate() { @if i > 0 { "; " } cite { (s.to_string()) } } }
                            div.toolbar {
                                @if self.has_email {
                                    a.button.secondary href=(format!("{base}/thanks/{round}/{}.eml", n.key)) download { "Download .eml" }
                                }
                                form.inline method="post" action=(format!("{base}/thanks/{round}/{}/sent", n.key)) {
                                    (csrf_field(&self.csrf))
                                    button type="submit" { @if n.sent_at.is_some() { "Mark sent again (now)" } @else { "Mark as sent" } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
