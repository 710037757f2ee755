//! The inputs of the documents, as plain values. The coverage ledger and the
//! story ranking come from other crates; the caller maps their output into
//! [`LedgerItem`] and [`StoryPick`] so this crate depends on `round2-core` only.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};
use round2_core::prep::PrepFile;
use round2_core::{
    ChecklistItem, Importance, Interviewer, LedgerStatus, Note, Opportunity, PrepPack, Profile,
    QuestionToAsk, Research, Round, Stage, Story, ThankYouNote,
};

/// One requirement of the posting with its coverage verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerItem {
    /// The requirement as the posting states it.
    pub requirement: String,
    pub importance: Importance,
    pub status: LedgerStatus,
    /// The evidence behind the verdict (a note's words, or why it is a gap).
    pub evidence_excerpt: String,
    /// The title of the story that best backs it, when one does.
    pub best_story: Option<String>,
}

/// A story chosen for a likely question of the next round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryPick {
    pub question: String,
    pub story_title: String,
    /// The story's result, in one line.
    pub result_line: String,
}

/// Everything the cheat sheet, talking points and pitch read.
#[derive(Debug, Clone)]
pub struct SheetInput<'a> {
    pub pack: &'a PrepPack,
    pub profile: &'a Profile,
    /// The current time, passed in (rendering never reads the clock).
    pub now: DateTime<FixedOffset>,
    /// The coverage ledger, most important first.
    pub ledger_items: Vec<LedgerItem>,
    /// Stories for likely questions, best first (three to five are shown).
    pub story_picks: Vec<StoryPick>,
    /// Questions to ask as (theme, text). When empty, the pack's questions
    /// to ask that were not asked yet are used.
    pub questions_to_ask: Vec<(String, String)>,
}

impl<'a> SheetInput<'a> {
    /// An input with no ledger, no story picks and the pack's own questions.
    pub fn new(pack: &'a PrepPack, profile: &'a Profile, now: DateTime<FixedOffset>) -> Self {
        SheetInput {
            pack,
            profile,
            now,
            ledger_items: Vec::new(),
            story_picks: Vec::new(),
            questions_to_ask: Vec::new(),
        }
    }

    /// The round being prepared for.
    pub fn next_round(&self) -> Option<&'a Round> {
        self.pack.round(self.pack.next_round_number())
    }

    /// The questions to ask, with the pack's unasked ones as a fallback.
    pub fn questions(&self) -> Vec<(String, String)> {
        if !self.questions_to_ask.is_empty() {
            return self.questions_to_ask.clone();
        }
        self.pack
            .questions_to_ask
            .iter()
            .filter(|q| !q.asked)
            .map(|q| (q.theme.clone(), q.text.clone()))
            .collect()
    }

    /// A story of the pack by title.
    pub fn story(&self, title: &str) -> Option<&'a Story> {
        find_story(self.pack, title)
    }
}

/// A story of the pack by title (trimmed, case-insensitive).
pub fn find_story<'p>(pack: &'p PrepPack, title: &str) -> Option<&'p Story> {
    let t = title.trim();
    pack.stories
        .iter()
        .find(|s| s.title.trim().eq_ignore_ascii_case(t))
}

/// A [`PrepPack`] from a prep file, with fake ids numbered from 1 in file
/// order (notes in round order): what import would store, without a store.
pub fn pack_from_prep(file: &PrepFile) -> PrepPack {
    let mut next_id = 0;
    let mut id = || {
        next_id += 1;
        next_id
    };
    let opportunity = Opportunity {
        id: id(),
        slug: round2_core::slug::slugify(&file.company, &file.role),
        company: file.company.clone(),
        role: file.role.clone(),
        url: file.url.clone(),
        job_description: file.job_description.clone(),
        stage: file.stage.unwrap_or(Stage::Round2),
    };
    let research = file
        .research
        .iter()
        .map(|r| Research {
            id: id(),
            section: r.section,
            text: r.text.clone(),
            source: r.source.clone(),
        })
        .collect();
    let mut interviewers: Vec<Interviewer> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut rounds = Vec::new();
    let mut notes = Vec::new();
    for r in &file.rounds {
        let mut people = Vec::new();
        for p in &r.interviewers {
            let key = p.name.trim().to_string();
            let idx = match by_name.get(&key) {
                Some(i) => *i,
                None => {
                    interviewers.push(Interviewer {
                        id: id(),
                        name: key.clone(),
                        title: p.title.clone(),
                        email: p.email.clone(),
                    });
                    by_name.insert(key, interviewers.len() - 1);
                    interviewers.len() - 1
                }
            };
            if let Some(person) = interviewers.get_mut(idx) {
                if person.title.is_none() {
                    person.title.clone_from(&p.title);
                }
                if person.email.is_none() {
                    person.email.clone_from(&p.email);
                }
                people.push(person.clone());
            }
        }
        rounds.push(Round {
            id: id(),
            number: r.number,
            kind: r.kind.clone(),
            date: r.date,
            duration_minutes: r.duration_minutes,
            place: r.place.clone(),
            interviewers: people,
        });
        for n in &r.notes {
            notes.push(Note {
                id: id(),
                round: r.number,
                kind: n.kind,
                interviewer: n.interviewer.as_ref().map(|s| s.trim().to_string()),
                story: n.story.clone(),
                topic: n.topic.clone(),
                text: n.text.clone(),
            });
        }
    }
    let stories = file
        .stories
        .iter()
        .map(|s| Story {
            id: id(),
            title: s.title.clone(),
            situation: s.situation.clone(),
            task: s.task.clone(),
            action: s.action.clone(),
            result: s.result.clone(),
            tags: s.tags.clone(),
        })
        .collect();
    let questions_to_ask = file
        .questions_to_ask
        .iter()
        .map(|q| QuestionToAsk {
            id: id(),
            theme: q.theme.clone(),
            text: q.text.clone(),
            asked: q.asked,
        })
        .collect();
    let checklist = file
        .checklist
        .iter()
        .map(|c| ChecklistItem {
            id: id(),
            text: c.text.clone(),
            done: c.done,
        })
        .collect();
    let thank_you = file
        .thank_you
        .iter()
        .map(|t| ThankYouNote {
            id: id(),
            round: t.round,
            interviewer: t.interviewer.clone(),
            body: t.body.clone(),
            deadline: t.deadline,
            sent_at: t.sent_at,
        })
        .collect();
    PrepPack {
        opportunity,
        research,
        interviewers,
        rounds,
        notes,
        stories,
        questions_to_ask,
        checklist,
        thank_you,
    }
}
