//! Prepare for the next round: talking points (each with its sources), a
//! pitch per interviewer of the round, questions to ask, and the day-of
//! checklist (the method's defaults and the user's items, tickable).

use maud::{html, Markup};
use round2_documents::{
    ChecklistEntry, ChecklistOrigin, Pitch, SourcedLine, TalkingPoint, TalkingPointKind,
};

use crate::layout::{csrf_field, Page};

/// One checklist row: the entry, and the stored item's id for the user's own.
pub struct CheckRow {
    pub entry: ChecklistEntry,
    pub id: Option<round2_core::Id>,
}

pub struct PreparePage {
    pub slug: String,
    pub label: String,
    pub round: u32,
    pub talking_points: Vec<TalkingPoint>,
    pub pitches: Vec<Pitch>,
    pub questions: Vec<(String, String)>,
    pub checklist: Vec<CheckRow>,
    pub csrf: String,
}

/// A generated line and, under it, where it comes from.
pub fn sourced(line: &SourcedLine) -> Markup {
    html! {
        (line.text)
        @if !line.sources.is_empty() {
            " " span.sources { "Sources: "
                @for (i, s) in line.sources.iter().enumerate() {
                    @if i > 0 { "; " }
                    cite { (s.to_string()) }
                }
            }
        }
    }
}

impl PreparePage {
    fn tick(&self, row: &CheckRow, k: usize) -> Markup {
        let base = format!("/o/{}", self.slug);
        let done = row.entry.done;
        html! {
            li {
                @match row.id {
                    Some(id) => {
                        form.inline method="post" action=(format!("{base}/checklist/{id}")) {
                            (csrf_field(&self.csrf))
                            input type="hidden" name="value" value=(if done { "false" } else { "true" });
                            input type="hidden" name="back" value="prepare";
                            button.tick type="submit" aria-pressed=(done) title=(if done { "Untick" } else { "Tick" }) {
                                span aria-hidden="true" { (if done { "☑" } else { "☐" }) }
                                span.visually-hidden { (if done { "Done; untick: " } else { "Tick: " }) }
                            }
                        }
                    }
                    None => {
                        form.inline #(format!("default-{k}")) method="post" action=(format!("{base}/checklist/defaults")) {
                            (csrf_field(&self.csrf))
                            input type="hidden" name="text" value=(row.entry.text);
                            button.tick type="submit" aria-pressed="false" title="Tick" {
                                span aria-hidden="true" { "☐" }
                                span.visually-hidden { "Tick: " }
                            }
                        }
                    }
                }
                " " span class=(if done { "done" } else { "" }) { (row.entry.text) }
                @if row.entry.origin == ChecklistOrigin::Method { " " span.hint { "(the method's default)" } }
            }
        }
    }
}

impl Page for PreparePage {
    fn title(&self) -> String {
        format!("Prepare for round {} — {}", self.round, self.label)
    }

    fn content(&self) -> Markup {
        let base = format!("/o/{}", self.slug);
        html! {
            p.back { a href=(base) { "← " (self.label) } }
            h1 { "Prepare for round " (self.round) }
            p { a.button href=(format!("{base}/sheet")) { "Cheat sheet" } " "
                a.button.secondary href=(format!("{base}/sheet.pdf")) { "Cheat sheet (PDF)" } }
            section aria-labelledby="points-h" {
                h2 #points-h { "Talking points" }
                @if self.talking_points.is_empty() { p.hint { "No talking points yet: add the posting and your round-one notes." } }
                @for kind in [TalkingPointKind::OpenFromRound, TalkingPointKind::Gap, TalkingPointKind::Strength] {
                    @let points: Vec<&TalkingPoint> = self.talking_points.iter().filter(|p| p.kind == kind).collect();
                    @if !points.is_empty() {
                        h3 { (kind.heading()) }
                        ul.points { @for p in points { li { (sourced(&p.line)) } } }
                    }
                }
            }
            section aria-labelledby="pitch-h" {
                h2 #pitch-h { "Pitch" }
                @if self.pitches.is_empty() {
                    p.hint { "Round " (self.round) " has no interviewers yet: add them on the opportunity page to get a pitch for each." }
                }
                @for p in &self.pitches {
                    article.pitch {
                        h3 { "For " (p.interviewer) @if p.returning { " " span.hint { "(met before)" } } }
                        h4 { @if p.returning { "Recap" } @else { "Introduction" } }
                        ul { @for l in &p.opening { li { (sourced(l)) } } }
                        h4 { "Why this company" }
                        ul { @for l in &p.why_company { li { (sourced(l)) } } }
                        h4 { "Why me" }
                        ul { @for l in &p.why_me { li { (sourced(l)) } } }
                        h4 { "Closing" }
                        p { (sourced(&p.closing)) }
                    }
                }
            }
            section aria-labelledby="ask-h" {
                h2 #ask-h { "Questions to ask" }
                ul { @for (theme, q) in &self.questions { li { span.theme { (theme) } " " (q) } } }
                p { a href=(format!("{base}/ask")) { "More suggestions fitted to your priorities and interviewers" } }
            }
            section aria-labelledby="checklist-h" {
                h2 #checklist-h { "Day-of checklist" }
                p.hint { "Ticking one of the method's defaults keeps it as your own item." }
                ul.checks { @for (k, row) in self.checklist.iter().enumerate() { (self.tick(row, k)) } }
            }
        }
    }
}
