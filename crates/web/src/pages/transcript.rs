//! A round's notes proposed from a meeting transcript: each one kept (ticked),
//! edited in place or dropped (unticked) before anything is saved.

use maud::{html, Markup};
use round2_method::transcript::Proposal;

use crate::layout::{csrf_field, Page, Section};

pub struct TranscriptPage {
    pub slug: String,
    pub company: String,
    pub round: u32,
    /// Each speaker label with who round2 took it to be.
    pub speakers: Vec<(String, String)>,
    pub proposals: Vec<Proposal>,
    /// Why the transcript was refused, with the form to try again.
    pub error: Option<String>,
    pub csrf: String,
}

impl TranscriptPage {
    fn base(&self) -> String {
        format!("/o/{}/rounds/{}/transcript", self.slug, self.round)
    }
}

/// The upload form, on the round's section and again after a refusal.
pub fn transcript_form(slug: &str, round: u32, csrf: &str) -> Markup {
    let p = format!("round-{round}-transcript");
    html! {
        form.transcript method="post" enctype="multipart/form-data" action=(format!("/o/{slug}/rounds/{round}/transcript")) {
            (csrf_field(csrf))
            p.hint { "A transcript from Zoom, Teams or Meet (.vtt), subtitles (.srt), or text with "
                code { "Name:" } " labels. round2 proposes notes; you keep, edit or drop each before anything is saved. "
                "The transcript itself is not kept." }
            p.field { label for=(format!("{p}-file")) { "Transcript file" }
                input id=(format!("{p}-file")) type="file" name="transcript" accept=".vtt,.srt,.txt,text/vtt,text/plain"; }
            p.field { label for=(format!("{p}-text")) { "Or paste it " span.hint { "(optional)" } }
                textarea id=(format!("{p}-text")) name="transcript_text" rows="4" {} }
            p.field { label for=(format!("{p}-me")) { "Your speaker label " span.hint { "(optional: your profile's name is tried first)" } }
                input id=(format!("{p}-me")) type="text" name="me"; }
            p.field { label for=(format!("{p}-speakers")) { "Speakers round2 cannot place " span.hint { "(optional: one per line, e.g. Speaker 2=Priya Natarajan, or Speaker 3=ignore)" } }
                textarea id=(format!("{p}-speakers")) name="speakers" rows="2" {} }
            button type="submit" { "Propose notes" }
        }
    }
}

impl Page for TranscriptPage {
    fn title(&self) -> String {
        format!("Round {} from a transcript: {}", self.round, self.company)
    }

    fn section(&self) -> Section {
        Section::Home
    }

    fn content(&self) -> Markup {
        let back = format!("/o/{}#round-{}", self.slug, self.round);
        html! {
            p { a href=(back) { "← Back to " (self.company) } }
            h1 { "Round " (self.round) " from a transcript" }
            @if let Some(e) = &self.error {
                p.form-error role="alert" #transcript-error { strong { "Not read: " } (e) }
                (transcript_form(&self.slug, self.round, &self.csrf))
            } @else {
                ul.speakers {
                    @for (label, who) in &self.speakers { li { "Speaker " q { (label) } ": " (who) } }
                }
                @if self.proposals.is_empty() {
                    p { "No notes to propose: the transcript holds no question with an answer, and no remark long enough to note." }
                } @else {
                    p { "Untick what you do not want, edit any text, then save. Nothing is saved until you do." }
                    form #transcript-notes method="post" action=(format!("{}/save", self.base())) {
                        (csrf_field(&self.csrf))
                        input type="hidden" name="count" value=(self.proposals.len());
                        @for (i, p) in self.proposals.iter().enumerate() {
                            fieldset.proposal {
                                legend {
                                    input id=(format!("keep-{i}")) type="checkbox" name=(format!("keep-{i}")) value="on" checked;
                                    " "
                                    label for=(format!("keep-{i}")) { (p.kind.label()) }
                                    @if let Some(n) = &p.interviewer { " · " (n) }
                                    @if let Some(at) = &p.at { " · " (at) }
                                }
                                input type="hidden" name=(format!("kind-{i}")) value=(p.kind.as_str());
                                input type="hidden" name=(format!("interviewer-{i}")) value=(p.interviewer.as_deref().unwrap_or_default());
                                label.visually-hidden for=(format!("text-{i}")) { "Note " (i + 1) }
                                textarea id=(format!("text-{i}")) name=(format!("text-{i}")) rows="3" { (p.text) }
                            }
                        }
                        button type="submit" { "Save the ticked notes" }
                    }
                }
            }
        }
    }
}
