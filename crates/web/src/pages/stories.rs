//! The story bank: every STAR story with its tags, a chart of stories per
//! competency, the competencies with no story yet, and the add/edit form.

use std::collections::BTreeMap;

use maud::{html, Markup};
use round2_core::Story;
use round2_practice::{competencies_without_story, normalise_competency};

use crate::chart;
use crate::layout::{csrf_field, Page, Section};

/// The bank.
pub struct StoriesPage {
    pub stories: Vec<Story>,
    /// The question typed in the box, and the stories ranked for it.
    pub question: String,
    pub ranked: Vec<round2_coverage::RankedStory>,
}

impl StoriesPage {
    /// Stories per normalised competency tag, most first.
    pub fn per_competency(&self) -> Vec<(String, usize)> {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for s in &self.stories {
            let mut tags: Vec<String> = s.tags.iter().map(|t| normalise_competency(t)).collect();
            tags.sort();
            tags.dedup();
            for t in tags {
                *counts.entry(t).or_default() += 1;
            }
        }
        let mut v: Vec<(String, usize)> = counts.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }
}

impl Page for StoriesPage {
    fn title(&self) -> String {
        "Stories".into()
    }

    fn section(&self) -> Section {
        Section::Stories
    }

    fn content(&self) -> Markup {
        let tags: Vec<Vec<String>> = self.stories.iter().map(|s| s.tags.clone()).collect();
        let missing = competencies_without_story(&tags);
        let per = self.per_competency();
        html! {
            h1 { "Stories" }
            p { "Your STAR stories, shared by every opportunity. "
                a.button href="/stories/new" { "Add a story" } }
            form #story-search method="get" action="/stories" {
                p.field {
                    label for="story-q" { "Which story answers this question?" }
                    input #story-q type="search" name="q" value=(self.question)
                        placeholder="Tell me about a time you disagreed with a decision";
                }
                button type="submit" { "Rank my stories" }
            }
            @if !self.question.trim().is_empty() {
                section #ranked aria-labelledby="ranked-h" {
                    h2 #ranked-h { "Best stories for “" (self.question.trim()) "”" }
                    @if self.ranked.is_empty() { p.hint { "No story matches: add one that answers this question." } }
                    ol.ranked {
                        @for r in &self.ranked {
                            li {
                                a href=(format!("#story-{}", r.id)) { (r.title) }
                                " " span.score { "score " (format!("{:.2}", r.score)) }
                                br; span.why { (r.why) }
                            }
                        }
                    }
                }
            }
            @if self.stories.is_empty() {
                p.hint { "No stories yet. A good bank has one story per competency: leadership, conflict, failure…" }
            } @else {
                (chart::bars(
                    "competency-chart",
                    "Stories per competency",
                    &format!("How many of your {} stories are tagged with each competency; longer bars are competencies you can back with more than one story.", self.stories.len()),
                    &per,
                ))
            }
            @if !missing.is_empty() {
                section.alert aria-labelledby="missing-h" {
                    h2 #missing-h { "Competencies with no story yet" }
                    p { "Interviewers ask about these; tag a story with one or write a new one." }
                    ul.tags { @for m in &missing { li { (m) } } }
                }
            }
            @for s in &self.stories {
                article.story id=(format!("story-{}", s.id)) {
                    h2 { (s.title) }
                    dl.star {
                        dt { "Situation" } dd { (s.situation) }
                        dt { "Task" } dd { (s.task) }
                        dt { "Action" } dd { (s.action) }
                        dt { "Result" } dd { (s.result) }
                    }
                    @if !s.tags.is_empty() {
                        ul.tags aria-label="Tags" { @for t in &s.tags { li { (t) } } }
                    }
                    p { a href=(format!("/stories/{}/edit", s.id)) { "Edit " span.visually-hidden { (s.title) } } }
                }
            }
        }
    }
}

/// Add a story (`story` is `None`) or edit one.
pub struct StoryFormPage {
    pub story: Option<Story>,
    /// True when `story` is a draft being added (a refused new story), not
    /// a stored one being edited.
    pub new: bool,
    /// Why the last submission was refused.
    pub error: Option<String>,
    pub csrf: String,
}

impl Page for StoryFormPage {
    fn title(&self) -> String {
        match &self.story {
            Some(s) if !self.new => format!("Edit {}", s.title),
            _ => "New story".into(),
        }
    }

    fn section(&self) -> Section {
        Section::Stories
    }

    fn content(&self) -> Markup {
        let s = self.story.as_ref();
        let action = match s {
            Some(s) if !self.new => format!("/stories/{}", s.id),
            _ => "/stories".into(),
        };
        let field = |name: &str, label: &str, hint: &str, value: &str| {
            html! {
                p.field {
                    label for=(name) { (label) }
                    span.hint id=(format!("{name}-hint")) { (hint) }
                    textarea id=(name) name=(name) rows="3" aria-describedby=(format!("{name}-hint")) { (value) }
                }
            }
        };
        html! {
            h1 { (self.title()) }
            @if let Some(e) = &self.error {
                p.form-error role="alert" #story-error { strong { "Not saved: " } (e) }
            }
            form #story-form method="post" action=(action) {
                (csrf_field(&self.csrf))
                p.field {
                    label for="title" { "Title" }
                    input #title type="text" name="title" required value=(s.map_or("", |s| &s.title));
                }
                (field("situation", "Situation", "Where and when; what was going on.", s.map_or("", |s| &s.situation)))
                (field("task", "Task", "Your goal or responsibility.", s.map_or("", |s| &s.task)))
                (field("action", "Action", "What you did, in the first person.", s.map_or("", |s| &s.action)))
                (field("result", "Result", "What changed, with a number if you have one.", s.map_or("", |s| &s.result)))
                p.field {
                    label for="tags" { "Tags" }
                    span.hint #tags-hint { "Competencies, separated by commas: leadership, conflict, customer focus…" }
                    input #tags type="text" name="tags" aria-describedby="tags-hint" value=(s.map(|s| s.tags.join(", ")).unwrap_or_default());
                }
                button type="submit" { "Save story" }
                " " a href="/stories" { "Cancel" }
            }
            @if let (Some(story), false) = (s, self.new) {
                details.danger {
                    summary { "Delete this story…" }
                    p { "This deletes “" (story.title) "” from the bank. A story that notes say you told cannot be deleted until those notes change." }
                    form.inline.remove method="post" action=(format!("/stories/{}/delete", story.id)) {
                        (csrf_field(&self.csrf))
                        button.remove type="submit" { "Delete the story" }
                    }
                }
            }
        }
    }
}
