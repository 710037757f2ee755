//! Per-interviewer memory: which topics and which stories each interviewer
//! has already heard, from the notes naming them and from `story` notes, so
//! round two does not retell the same story to the same person.

use round2_core::{NoteKind, PrepPack};

use crate::phrase::{topic_of, Topic};
use crate::source::{note_source, Source};
use crate::text;

/// What one interviewer has already heard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterviewerMemory {
    pub interviewer: String,
    /// The rounds they were in.
    pub rounds: Vec<u32>,
    /// Topics discussed with them, and the note each comes from.
    pub topics: Vec<(Topic, Source)>,
    /// Stories they heard: title and why we think so (a `story` note, or a
    /// note with them that names the story's words).
    pub stories: Vec<(String, Source)>,
    /// Follow-ups promised to them.
    pub promised: Vec<(String, Source)>,
}

/// The memory of every interviewer of the pack, in order of first meeting.
pub fn interviewer_memory(pack: &PrepPack) -> Vec<InterviewerMemory> {
    let names: Vec<&str> = pack.interviewers.iter().map(|p| p.name.as_str()).collect();
    pack.interviewers
        .iter()
        .map(|person| {
            let rounds: Vec<u32> = pack
                .rounds
                .iter()
                .filter(|r| r.interviewers.iter().any(|p| p.name == person.name))
                .map(|r| r.number)
                .collect();
            let mut mem = InterviewerMemory {
                interviewer: person.name.clone(),
                rounds: rounds.clone(),
                topics: Vec::new(),
                stories: Vec::new(),
                promised: Vec::new(),
            };
            for n in &pack.notes {
                let theirs = n.interviewer.as_deref() == Some(person.name.as_str());
                let present = rounds.contains(&n.round);
                if n.kind == NoteKind::Story && (theirs || (present && n.interviewer.is_none())) {
                    if let Some(title) = &n.story {
                        if !mem.stories.iter().any(|(t, _)| t == title) {
                            mem.stories.push((title.clone(), note_source(n)));
                        }
                    }
                    continue;
                }
                if !theirs {
                    continue;
                }
                if n.kind == NoteKind::FollowUp {
                    mem.promised
                        .push((text::first_sentence(&n.text).to_string(), note_source(n)));
                    continue;
                }
                if n.kind.shows_discussion() || n.kind == NoteKind::Asked {
                    if let Some(t) = topic_of(n, &person.name, &names) {
                        mem.topics.push((t, note_source(n)));
                    }
                    for s in &pack.stories {
                        if story_named_in(&s.title, &s.action, &n.text)
                            && !mem.stories.iter().any(|(t, _)| *t == s.title)
                        {
                            mem.stories.push((s.title.clone(), note_source(n)));
                        }
                    }
                }
            }
            mem
        })
        .collect()
}

/// Whether a note tells a story: it shares at least two distinctive words
/// (five letters or more) of the story's title with the note and one more
/// with its action.
fn story_named_in(title: &str, action: &str, note: &str) -> bool {
    let note_words = text::words(note);
    let has = |w: &String| note_words.contains(w);
    let title_hits = text::words(title)
        .into_iter()
        .filter(|w| w.len() >= 5)
        .filter(has)
        .count();
    let action_hits = text::words(action)
        .into_iter()
        .filter(|w| w.len() >= 6)
        .filter(has)
        .count();
    title_hits >= 2 || (title_hits >= 1 && action_hits >= 2)
}

/// A candidate story for the next round with who already heard it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryPlan {
    pub story: String,
    /// Interviewers of the next round who already heard it (empty: fresh).
    pub already_heard_by: Vec<String>,
}

/// Orders candidate stories (best first) so that stories nobody in the next
/// round has heard come first, keeping rank order within each group.
pub fn plan_stories(
    memory: &[InterviewerMemory],
    next_round_interviewers: &[&str],
    candidates: &[&str],
) -> Vec<StoryPlan> {
    let mut plans: Vec<StoryPlan> = candidates
        .iter()
        .map(|title| StoryPlan {
            story: title.to_string(),
            already_heard_by: memory
                .iter()
                .filter(|m| next_round_interviewers.contains(&m.interviewer.as_str()))
                .filter(|m| m.stories.iter().any(|(t, _)| t.eq_ignore_ascii_case(title)))
                .map(|m| m.interviewer.clone())
                .collect(),
        })
        .collect();
    plans.sort_by_key(|p| p.already_heard_by.len());
    plans
}
