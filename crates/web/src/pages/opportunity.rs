//! One opportunity: the posting, its rounds with interviewers and notes (add
//! and edit inline), research, questions to ask, the checklist, and a chart
//! of the notes per kind per round.

use maud::{html, Markup};
use round2_core::LedgerStatus;
use round2_core::{Note, NoteKind, PrepPack, ResearchSection, Round, Stage};
use round2_practice::Theme;

use crate::chart;
use crate::coverage_view;
use crate::layout::{self, csrf_field, external_link, Page};

/// A one-button form that posts a removal; the button's text says what
/// goes.
fn remove_button(action: &str, csrf: &str, label: &str) -> Markup {
    html! {
        form.inline.remove method="post" action=(action) {
            (csrf_field(csrf))
            button.remove type="submit" { (label) }
        }
    }
}

/// The opportunity page.
pub struct OpportunityPage {
    pub pack: PrepPack,
    /// Titles of the whole story bank, for story notes.
    pub story_titles: Vec<String>,
    /// The coverage ledger for the next round.
    /// The coverage ledger and the posting's skill and knowledge mentions.
    pub derived: std::sync::Arc<crate::cache::Derived>,
    /// `?status=`: show only the ledger rows with this status.
    pub filter: Option<LedgerStatus>,
    pub csrf: String,
}

impl OpportunityPage {
    fn base(&self) -> String {
        format!("/o/{}", self.pack.opportunity.slug)
    }

    fn kind_select(&self, id: &str, selected: Option<NoteKind>) -> Markup {
        let options = NoteKind::ALL.iter().map(|k| (k.as_str(), k.label()));
        layout::select("kind", id, options, selected.map(NoteKind::as_str))
    }

    fn interviewer_select(&self, round: &Round, id: &str, selected: Option<&str>) -> Markup {
        html! {
            select name="interviewer" id=(id) {
                option value="" selected[selected.is_none()] { "(nobody in particular)" }
                @for i in &round.interviewers {
                    option value=(i.name) selected[selected == Some(i.name.as_str())] { (i.name) }
                }
            }
        }
    }

    fn story_select(&self, id: &str, selected: Option<&str>) -> Markup {
        html! {
            select name="story" id=(id) {
                option value="" selected[selected.is_none()] { "(not a story note)" }
                @for t in &self.story_titles {
                    option value=(t) selected[selected == Some(t.as_str())] { (t) }
                }
            }
        }
    }

    fn note_item(&self, round: &Round, n: &Note) -> Markup {
        let p = format!("note-{}", n.id);
        html! {
            li.note #(p) {
                span class=(format!("kind kind-{}", n.kind.as_str())) { (n.kind.label()) }
                @if let Some(who) = &n.interviewer { " " span.who { "with " (who) } }
                @if let Some(story) = &n.story { " " span.story-ref { "story: " (story) } }
                p.note-text { (n.text) }
                @if let Some(t) = &n.topic { p.note-topic { "Topic for the thank-you note: " (t) } }
                details.edit {
                    summary { "Edit this note" }
                    form method="post" action=(format!("{}/notes/{}", self.base(), n.id)) {
                        (csrf_field(&self.csrf))
                        input type="hidden" name="round" value=(round.number);
                        p.field {
                            label for=(format!("{p}-kind")) { "Kind" }
                            (self.kind_select(&format!("{p}-kind"), Some(n.kind)))
                        }
                        p.field {
                            label for=(format!("{p}-interviewer")) { "Interviewer" }
                            (self.interviewer_select(round, &format!("{p}-interviewer"), n.interviewer.as_deref()))
                        }
                        p.field {
                            label for=(format!("{p}-story")) { "Story told" }
                            (self.story_select(&format!("{p}-story"), n.story.as_deref()))
                        }
                        p.field {
                            label for=(format!("{p}-text")) { "Note" }
                            textarea id=(format!("{p}-text")) name="text" rows="3" required { (n.text) }
                        }
                        (topic_field(&format!("{p}-topic"), n.topic.as_deref()))
                        button type="submit" { "Save note" }
                    }
                    (remove_button(&format!("{}/remove/note/{}", self.base(), n.id), &self.csrf, "Delete this note"))
                }
            }
        }
    }

    fn round_form(&self, p: &str, r: Option<&Round>) -> Markup {
        let number = r.map_or_else(|| self.pack.new_round_number(), |r| r.number);
        let date = r
            .and_then(|r| r.date)
            .map(|d| d.format("%Y-%m-%dT%H:%M").to_string());
        html! {
            div.row {
                p.field { label for=(format!("{p}-number")) { "Number" }
                    input id=(format!("{p}-number")) type="number" name="number" min="1" value=(number) required; }
                p.field { label for=(format!("{p}-kind")) { "Kind" }
                    input id=(format!("{p}-kind")) type="text" name="kind" value=(r.map_or("interview", |r| r.kind.as_str())) placeholder="phone, technical, panel…"; }
                p.field { label for=(format!("{p}-date")) { "Date and time " span.hint { "(optional)" } }
                    input id=(format!("{p}-date")) type="datetime-local" name="date" value=[date];
                    input type="hidden" name="tz" value=""; }
                p.field { label for=(format!("{p}-duration")) { "Minutes " span.hint { "(optional)" } }
                    input id=(format!("{p}-duration")) type="number" name="duration_minutes" min="1" value=[r.and_then(|r| r.duration_minutes)]; }
            }
            p.field { label for=(format!("{p}-place")) { "Place or meeting link " span.hint { "(optional)" } }
                input id=(format!("{p}-place")) type="text" name="place" value=[r.and_then(|r| r.place.as_deref())]; }
        }
    }

    fn round_section(&self, r: &Round) -> Markup {
        let p = format!("round-{}", r.number);
        let notes: Vec<&Note> = self.pack.notes_of_round(r.number).collect();
        html! {
            section.round #(p) aria-labelledby=(format!("{p}-h")) {
                h3 id=(format!("{p}-h")) { "Round " (r.number) ": " (r.kind) }
                p.meta {
                    @if let Some(d) = &r.date { (layout::time(d)) } @else { "No date set" }
                    @if let Some(m) = r.duration_minutes { ", " (m) " minutes" }
                    @if let Some(place) = &r.place { " · " (external_link(place)) }
                }
                details.edit {
                    summary { "Edit round " (r.number) }
                    form method="post" action=(format!("{}/rounds/{}", self.base(), r.number)) {
                        (csrf_field(&self.csrf))
                        (self.round_form(&format!("{p}-edit"), Some(r)))
                        button type="submit" { "Save round" }
                    }
                }
                details.danger {
                    summary { "Delete round " (r.number) "…" }
                    p { "This deletes round " (r.number) ", its " (notes.len()) " notes and its thank-you notes. It cannot be undone." }
                    (remove_button(&format!("{}/remove/round/{}", self.base(), r.id), &self.csrf, &format!("Delete round {} and its notes", r.number)))
                }
                h4 { "Interviewers" }
                @if r.interviewers.is_empty() { p.hint { "No interviewers yet." } }
                ul.interviewers {
                    @for i in &r.interviewers {
                        @let q = format!("{p}-person-{}", i.id);
                        li {
                            strong { (i.name) }
                            @if let Some(t) = &i.title { ", " (t) }
                            @if let Some(e) = &i.email { " · " span.email { (e) } }
                            details.edit {
                                summary { "Edit " (i.name) }
                                form method="post" action=(format!("{}/interviewers/{}", self.base(), i.id)) {
                                    (csrf_field(&self.csrf))
                                    p.field { label for=(format!("{q}-name")) { "Name" }
                                        input id=(format!("{q}-name")) type="text" name="name" value=(i.name) required; }
                                    p.field { label for=(format!("{q}-title")) { "Title " span.hint { "(optional)" } }
                                        input id=(format!("{q}-title")) type="text" name="title" value=[i.title.as_deref()]; }
                                    p.field { label for=(format!("{q}-email")) { "Email " span.hint { "(optional)" } }
                                        input id=(format!("{q}-email")) type="email" name="email" value=[i.email.as_deref()]; }
                                    button type="submit" { "Save interviewer" }
                                }
                                (remove_button(&format!("{}/rounds/{}/interviewers/{}/remove", self.base(), r.number, i.id), &self.csrf, &format!("Take {} off round {}", i.name, r.number)))
                                " "
                                (remove_button(&format!("{}/remove/interviewer/{}", self.base(), i.id), &self.csrf, &format!("Delete {} from every round (their thank-you notes too)", i.name)))
                            }
                        }
                    }
                }
                details.add {
                    summary { "Add an interviewer to round " (r.number) }
                    form method="post" action=(format!("{}/rounds/{}/interviewers", self.base(), r.number)) {
                        (csrf_field(&self.csrf))
                        p.field { label for=(format!("{p}-iname")) { "Name" }
                            input id=(format!("{p}-iname")) type="text" name="name" required; }
                        p.field { label for=(format!("{p}-ititle")) { "Title " span.hint { "(optional)" } }
                            input id=(format!("{p}-ititle")) type="text" name="title"; }
                        p.field { label for=(format!("{p}-iemail")) { "Email " span.hint { "(optional)" } }
                            input id=(format!("{p}-iemail")) type="email" name="email"; }
                        button type="submit" { "Add interviewer" }
                    }
                }
                h4 { "Notes" }
                @if notes.is_empty() { p.hint { "No notes for this round yet." } }
                details.add.transcript {
                    summary { "Propose notes from a transcript of round " (r.number) }
                    (crate::pages::transcript_form(&self.pack.opportunity.slug, r.number, &self.csrf))
                }
                ul.notes {
                    @for n in &notes { (self.note_item(r, n)) }
                }
                form.add-note method="post" action=(format!("{}/notes", self.base())) {
                    (csrf_field(&self.csrf))
                    input type="hidden" name="round" value=(r.number);
                    fieldset {
                        legend { "Add a note to round " (r.number) }
                        div.row {
                            p.field { label for=(format!("{p}-kind")) { "Kind" }
                                (self.kind_select(&format!("{p}-kind"), Some(NoteKind::Topic))) }
                            p.field { label for=(format!("{p}-interviewer")) { "Interviewer" }
                                (self.interviewer_select(r, &format!("{p}-interviewer"), None)) }
                            p.field { label for=(format!("{p}-story")) { "Story told" }
                                (self.story_select(&format!("{p}-story"), None)) }
                        }
                        p.field { label for=(format!("{p}-text")) { "Note" }
                            textarea id=(format!("{p}-text")) name="text" rows="3" required {} }
                        (topic_field(&format!("{p}-topic"), None))
                        button type="submit" { "Add note" }
                    }
                }
            }
        }
    }

    fn notes_chart(&self) -> Markup {
        let series: Vec<&str> = NoteKind::ALL.iter().map(|k| k.label()).collect();
        let mut rounds: Vec<&Round> = self.pack.rounds.iter().collect();
        rounds.sort_by_key(|r| r.number);
        let rows: Vec<(String, Vec<usize>)> = rounds
            .iter()
            .map(|r| {
                let counts = NoteKind::ALL
                    .iter()
                    .map(|k| {
                        self.pack
                            .notes_of_round(r.number)
                            .filter(|n| n.kind == *k)
                            .count()
                    })
                    .collect();
                (format!("Round {}", r.number), counts)
            })
            .collect();
        let total = self.pack.notes.len();
        chart::stacked(
            "notes-chart",
            "Notes per kind per round",
            &format!(
                "{total} notes across {} rounds, split by kind: what you discussed, were asked, answered, asked, forgot and promised.",
                rows.len()
            ),
            &series,
            &rows,
        )
    }
}

impl Page for OpportunityPage {
    fn title(&self) -> String {
        let o = &self.pack.opportunity;
        format!("{} — {}", o.company, o.role)
    }

    fn content(&self) -> Markup {
        let o = &self.pack.opportunity;
        let base = self.base();
        let stages = Stage::ALL.iter().map(|s| (s.as_str(), s.as_str()));
        let sections = ResearchSection::ALL
            .iter()
            .map(|s| (s.as_str(), s.as_str()));
        let themes = Theme::ALL.iter().map(|t| (t.as_str(), t.as_str()));
        let mut rounds: Vec<&Round> = self.pack.rounds.iter().collect();
        rounds.sort_by_key(|r| r.number);
        html! {
            h1 { (o.company) " — " (o.role) }
            div.toolbar {
                form.inline method="post" action=(format!("{base}/stage")) {
                    (csrf_field(&self.csrf))
                    label for="stage" { "Stage" }
                    (layout::select("stage", "stage", stages, Some(o.stage.as_str())))
                    button type="submit" { "Update stage" }
                }
                a.button href=(format!("/practice?opp={}", o.slug)) { "Practice for this role" }
                a.button href=(format!("{base}/ask")) { "Questions to ask" }
            }
            @if let Some(url) = &o.url { p { "Posting: " (external_link(url)) } }

            nav.documents aria-label="Prepare and follow up" {
                ul {
                    li { a href=(format!("{base}/prepare")) { "Prepare: talking points, pitch, checklist" } }
                    li { a href=(format!("{base}/sheet")) { "Cheat sheet" } " (" a href=(format!("{base}/sheet.pdf")) { "PDF" } ")" }
                    li { a href=(format!("{base}/follow-up")) { "Follow-up: thank-you notes" } }
                    li { a href=(format!("{base}/calendar.ics")) { "Calendar (.ics)" } }
                    li { a href=(format!("{base}/review.apkg")) { "Review deck (Anki .apkg)" } ": your practice questions with your best answers, and your stories" }
                    @if !self.pack.interviewers.is_empty() {
                        li { a href=(format!("{base}/interviewers.vcf")) { "Interviewers (.vcf)" } ": contacts for your address book" }
                    }
                    li { a href=(format!("{base}/prep.yaml")) { "Prep file (.yaml)" } ": everything about this opportunity, to keep or import elsewhere" }
                }
            }

            section #ledger aria-labelledby="ledger-h" {
                h2 #ledger-h { "Coverage for round " (self.derived.ledger.round) }
                p.readiness { "Readiness: " strong { (coverage_view::percent(&self.derived.ledger)) "%" }
                    " of must-have requirements are addressed or backed by a story. "
                    a href=(format!("{base}/ledger")) { "Ledger on its own page" } }
                (coverage_view::readiness_chart(&self.derived.ledger))
                (coverage_view::model_notice(self.derived.by_meaning))
                (coverage_view::ledger_table(&self.derived.ledger, self.filter, &|f| match f {
                    Some(s) => format!("{base}?status={}#ledger", s.as_str()),
                    None => format!("{base}#ledger"),
                }))
            }

            section aria-labelledby="rounds-h" {
                h2 #rounds-h { "Rounds" }
                @if rounds.is_empty() { p.hint { "No rounds yet: add round 1 below, then your notes from it." } }
                @for r in &rounds { (self.round_section(r)) }
                details.add open[rounds.is_empty()] {
                    summary { "Add a round" }
                    form #add-round method="post" action=(format!("{base}/rounds")) {
                        (csrf_field(&self.csrf))
                        (self.round_form("round", None))
                        button type="submit" { "Add round" }
                    }
                }
                @if !self.pack.notes.is_empty() { (self.notes_chart()) }
            }

            section aria-labelledby="research-h" {
                h2 #research-h { "Research" }
                @if self.pack.research.is_empty() { p.hint { "No research yet." } }
                dl.research {
                    @for r in &self.pack.research {
                        @let q = format!("research-{}", r.id);
                        dt #(q) { (r.section) }
                        dd {
                            (r.text)
                            @if let Some(src) = &r.source { " " span.source { "(source: " (external_link(src)) ")" } }
                            details.edit {
                                summary { "Edit this research" }
                                form method="post" action=(format!("{base}/research/{}", r.id)) {
                                    (csrf_field(&self.csrf))
                                    p.field { label for=(format!("{q}-section")) { "Section" }
                                        (layout::select("section", &format!("{q}-section"), ResearchSection::ALL.iter().map(|s| (s.as_str(), s.as_str())), Some(r.section.as_str()))) }
                                    p.field { label for=(format!("{q}-text")) { "What you found" }
                                        textarea id=(format!("{q}-text")) name="text" rows="3" required { (r.text) } }
                                    p.field { label for=(format!("{q}-source")) { "Source URL " span.hint { "(optional)" } }
                                        input id=(format!("{q}-source")) type="text" name="source" value=[r.source.as_deref()]; }
                                    button type="submit" { "Save research" }
                                }
                                (remove_button(&format!("{base}/remove/research/{}", r.id), &self.csrf, "Delete this research"))
                            }
                        }
                    }
                }
                form #add-research method="post" action=(format!("{base}/research")) {
                    (csrf_field(&self.csrf))
                    fieldset {
                        legend { "Add research" }
                        p.field { label for="research-section" { "Section" }
                            (layout::select("section", "research-section", sections, Some("mission"))) }
                        p.field { label for="research-text" { "What you found" }
                            textarea #research-text name="text" rows="3" {} }
                        p.field { label for="research-source" { "Source URL " span.hint { "(optional)" } }
                            input #research-source type="text" name="source"; }
                        p.field.check {
                            input #research-read type="checkbox" name="read_source" value="on";
                            " "
                            label for="research-read" { "Quote the page at this address (when “What you found” is empty)" }
                        }
                        button type="submit" { "Add research" }
                    }
                }
            }

            section aria-labelledby="ask-h" {
                h2 #ask-h { "Questions to ask" }
                p { a href=(format!("{base}/ask")) { "Suggestions fitted to your priorities and interviewers" } }
                @if self.pack.questions_to_ask.is_empty() { p.hint { "None saved yet." } }
                ul.checks {
                    @for q in &self.pack.questions_to_ask {
                        li {
                            form.inline method="post" action=(format!("{base}/questions/{}", q.id)) {
                                (csrf_field(&self.csrf))
                                input type="hidden" name="value" value=(if q.asked { "false" } else { "true" });
                                button.tick type="submit" aria-pressed=(q.asked) title=(if q.asked { "Mark as not asked" } else { "Mark as asked" }) {
                                    span aria-hidden="true" { (if q.asked { "☑" } else { "☐" }) }
                                    span.visually-hidden { (if q.asked { "Asked; mark as not asked: " } else { "Mark as asked: " }) }
                                }
                            }
                            " " span.theme { (q.theme) } " " span class=(if q.asked { "done" } else { "" }) { (q.text) }
                            " " (remove_button(&format!("{base}/remove/question/{}", q.id), &self.csrf, "Remove question"))
                        }
                    }
                }
                form #add-question method="post" action=(format!("{base}/questions")) {
                    (csrf_field(&self.csrf))
                    fieldset {
                        legend { "Add a question to ask" }
                        p.field { label for="question-theme" { "Theme" }
                            (layout::select("theme", "question-theme", themes, Some("culture"))) }
                        p.field { label for="question-text" { "Question" }
                            input #question-text type="text" name="text" required; }
                        button type="submit" { "Add question" }
                    }
                }
            }

            section aria-labelledby="checklist-h" {
                h2 #checklist-h { "Checklist" }
                @if self.pack.checklist.is_empty() { p.hint { "Nothing on the checklist yet." } }
                ul.checks {
                    @for c in &self.pack.checklist {
                        li {
                            form.inline method="post" action=(format!("{base}/checklist/{}", c.id)) {
                                (csrf_field(&self.csrf))
                                input type="hidden" name="value" value=(if c.done { "false" } else { "true" });
                                button.tick type="submit" aria-pressed=(c.done) title=(if c.done { "Untick" } else { "Tick" }) {
                                    span aria-hidden="true" { (if c.done { "☑" } else { "☐" }) }
                                    span.visually-hidden { (if c.done { "Done; untick: " } else { "Tick: " }) }
                                }
                            }
                            " " span class=(if c.done { "done" } else { "" }) { (c.text) }
                            " " (remove_button(&format!("{base}/remove/checklist/{}", c.id), &self.csrf, "Remove item"))
                        }
                    }
                }
                form #add-checklist method="post" action=(format!("{base}/checklist")) {
                    (csrf_field(&self.csrf))
                    p.field { label for="checklist-text" { "New item" }
                        input #checklist-text type="text" name="text" required placeholder="Print two copies of my resume"; }
                    button type="submit" { "Add item" }
                }
            }

            section aria-labelledby="posting-h" {
                h2 #posting-h { "Posting" }
                @if o.job_description.trim().is_empty() { p.hint { "No posting text." } }
                @else {
                    p.hint { "Marked: " mark.skill { "skills" } " (things you do) and " mark.knowledge { "knowledge" } " (things you know) found in the posting." }
                    (coverage_view::highlighted_posting(&o.job_description, &self.derived.mentions))
                }
            }

            section aria-labelledby="delete-h" {
                h2 #delete-h { "Delete this opportunity" }
                details.danger {
                    summary { "Delete " (o.company) " — " (o.role) "…" }
                    p { "This deletes the opportunity with its rounds, notes, research, questions, checklist and thank-you notes. Your stories stay in the bank. It cannot be undone; "
                        a href=(format!("{base}/prep.yaml")) { "download the prep file" } " first to keep a copy." }
                    (remove_button(&format!("{base}/delete"), &self.csrf, "Delete the opportunity and its records"))
                }
            }
        }
    }
}

/// The optional topic of a note, as the thank-you note names it.
fn topic_field(id: &str, value: Option<&str>) -> Markup {
    html! {
        p.field {
            label for=(id) { "Topic for the thank-you note " span.hint { "(optional: \"our conversation about ___\")" } }
            input id=(id) type="text" name="topic" maxlength="200" value=[value];
        }
    }
}
