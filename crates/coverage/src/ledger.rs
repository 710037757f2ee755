//! The coverage ledger: each requirement of the posting against what the
//! earlier rounds covered and which stories back it.
//!
//! - **addressed**: a note of an earlier round of a kind that shows
//!   discussion (topic, question, answer, story) shows the requirement, in a
//!   sentence where the candidate did not say they had nothing to add and
//!   that is not only the interviewer's remark;
//! - **story**: no note covers it, but a story shows it: tell it next time;
//! - **gap**: neither.
//!
//! A `forgot` note about the requirement means it was not addressed, whatever
//! else matched. `asked` notes (the candidate's own questions), follow-ups
//! and rapport notes never address a requirement. Every verdict lists its
//! evidence, including the notes that matched but were not counted, and why.

use round2_core::model::{Note, NoteKind, Story};
use round2_core::{Importance, LedgerStatus};
use round2_extract::Requirement;
use serde::{Deserialize, Serialize};

use crate::rank::{rank_with, story_texts};
use crate::scorer::{Match, Scorer};
use crate::text::{discount, forgotten_part, sentences, Discount};

/// A note at or above this score shows the requirement.
pub const NOTE_THRESHOLD: f32 = 0.3;
/// A story at or above this score backs the requirement.
pub const STORY_THRESHOLD: f32 = 0.3;
/// How many stories a verdict lists at most.
const MAX_STORIES: usize = 2;
/// How many counted notes a verdict lists at most.
const MAX_NOTES: usize = 3;

/// What a piece of evidence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    Note,
    Story,
}

/// One note or story behind a verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub kind: EvidenceKind,
    /// The note's or story's id, as a string.
    pub id: String,
    /// The note text or the story title (shortened).
    pub excerpt: String,
    /// 0..=1.
    pub score: f32,
    /// Why it matched, and why it was or was not counted.
    pub why: String,
    /// Whether it supports the status (false: shown to explain, e.g. a
    /// forgot note, an asked note, "nothing to add").
    pub counted: bool,
    /// For a note: its kind ("answer", "forgot"...).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note_kind: Option<String>,
}

/// The verdict for one requirement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub text: String,
    pub importance: Importance,
    /// The posting section the requirement came from.
    pub section: String,
    pub status: LedgerStatus,
    /// One line explaining the status.
    pub why: String,
    pub evidence: Vec<Evidence>,
}

/// The coverage ledger for one round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    /// The round being prepared for: notes of earlier rounds count.
    pub round: u32,
    pub requirements: Vec<Verdict>,
}

impl Ledger {
    /// Share of must-have requirements not in gap (0..=1). With no
    /// must-have requirement, over all requirements; with none at all, 0.
    pub fn readiness(&self) -> f32 {
        let musts: Vec<&Verdict> = self
            .requirements
            .iter()
            .filter(|v| v.importance == Importance::Must)
            .collect();
        let pool: Vec<&Verdict> = if musts.is_empty() {
            self.requirements.iter().collect()
        } else {
            musts
        };
        if pool.is_empty() {
            return 0.0;
        }
        let ok = pool
            .iter()
            .filter(|v| v.status != LedgerStatus::Gap)
            .count();
        ok as f32 / pool.len() as f32
    }

    /// Count of verdicts with `status`.
    pub fn count(&self, status: LedgerStatus) -> usize {
        self.requirements
            .iter()
            .filter(|v| v.status == status)
            .count()
    }

    /// Pretty JSON (the shape documented in the crate docs).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_string())
    }
}

/// A prior note prepared for matching.
pub(crate) struct PreparedNote<'n> {
    note: &'n Note,
    /// The whole text (plus the story told, for a story note).
    pub(crate) full: String,
    /// The sentences that count (for discussion kinds), else empty.
    pub(crate) counted: String,
    /// Why sentences were left out, if any were.
    discount: Option<Discount>,
}

pub(crate) fn prepare<'n>(note: &'n Note, stories: &[Story]) -> PreparedNote<'n> {
    let told = note
        .story
        .as_deref()
        .and_then(|t| {
            stories
                .iter()
                .find(|s| s.title.eq_ignore_ascii_case(t.trim()))
        })
        .map(Story::full_text);
    let with_story = |text: &str| match &told {
        Some(s) if note.kind == NoteKind::Story => format!("{text} {s}"),
        _ => text.to_string(),
    };
    match note.kind {
        NoteKind::Forgot => PreparedNote {
            note,
            full: note.text.clone(),
            counted: forgotten_part(&note.text).to_string(),
            discount: None,
        },
        k if k.shows_discussion() => {
            let mut kept = Vec::new();
            let mut why = None;
            for s in sentences(&note.text) {
                match discount(s, note.interviewer.as_deref()) {
                    None => kept.push(s),
                    Some(d) => why = why.or(Some(d)),
                }
            }
            PreparedNote {
                note,
                full: with_story(&note.text),
                counted: with_story(&kept.join(" ")),
                discount: why,
            }
        }
        // Neither a discussion nor a forgot note: nothing in it counts.
        _ => PreparedNote {
            note,
            full: note.text.clone(),
            counted: String::new(),
            discount: None,
        },
    }
}

fn excerpt(text: &str) -> String {
    const MAX: usize = 160;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{cut}…")
}

/// Why a note of a kind that neither shows discussion nor records a
/// forgotten point does not count as evidence. Every kind is named, so a new
/// kind cannot fall into another's reason.
fn not_counted(kind: NoteKind) -> &'static str {
    match kind {
        NoteKind::Asked => "a question you asked does not show you have it",
        NoteKind::FollowUp => "a promised follow-up, not something discussed",
        NoteKind::Rapport => "a rapport note, not a discussion of the requirement",
        NoteKind::Topic
        | NoteKind::Question
        | NoteKind::Answer
        | NoteKind::Story
        | NoteKind::Forgot => "not a discussion of the requirement",
    }
}

fn note_evidence(p: &PreparedNote, score: f32, why: String, counted: bool) -> Evidence {
    Evidence {
        kind: EvidenceKind::Note,
        id: p.note.id.to_string(),
        excerpt: excerpt(&p.note.text),
        score,
        why,
        counted,
        note_kind: Some(p.note.kind.as_str().to_string()),
    }
}

/// Build the coverage ledger for round `before_round`: notes of rounds
/// before it count. See the module docs for the rules.
pub fn ledger(
    requirements: &[Requirement],
    notes: &[Note],
    stories: &[Story],
    before_round: u32,
    scorer: &dyn Scorer,
) -> Ledger {
    let prior: Vec<PreparedNote> = notes
        .iter()
        .filter(|n| n.round < before_round)
        .map(|n| prepare(n, stories))
        .collect();
    let story_text: Vec<(String, String)> = stories.iter().map(story_texts).collect();
    let mut corpus: Vec<&str> = requirements.iter().map(|r| r.text.as_str()).collect();
    for p in &prior {
        corpus.push(&p.full);
        if !p.counted.is_empty() && p.counted != p.full {
            corpus.push(&p.counted);
        }
    }
    for (full, tags) in &story_text {
        corpus.push(full);
        corpus.push(tags);
    }
    let queries: Vec<&str> = requirements.iter().map(|r| r.text.as_str()).collect();
    let fitted = scorer.fit_for(&queries, &corpus);
    let scorer: &dyn Scorer = fitted.as_deref().unwrap_or(scorer);

    let verdicts = requirements
        .iter()
        .map(|r| verdict(r, &prior, stories, &story_text, scorer))
        .collect();
    Ledger {
        round: before_round,
        requirements: verdicts,
    }
}

fn verdict(
    req: &Requirement,
    prior: &[PreparedNote],
    stories: &[Story],
    story_text: &[(String, String)],
    scorer: &dyn Scorer,
) -> Verdict {
    let mut shown: Vec<Evidence> = Vec::new();
    let mut uncounted: Vec<Evidence> = Vec::new();
    let mut forgot: Option<Evidence> = None;
    for p in prior {
        match p.note.kind {
            NoteKind::Forgot => {
                if let Some(m) = score_at_least(scorer, &req.text, &p.counted) {
                    let e = note_evidence(
                        p,
                        m.score,
                        format!("you wrote that you forgot this: {}", m.why()),
                        false,
                    );
                    if forgot.as_ref().is_none_or(|f| f.score < e.score) {
                        forgot = Some(e);
                    }
                }
            }
            k if k.shows_discussion() => {
                let m = if p.counted.trim().is_empty() {
                    None
                } else {
                    score_at_least(scorer, &req.text, &p.counted)
                };
                if let Some(m) = m {
                    shown.push(note_evidence(
                        p,
                        m.score,
                        format!("{} note from round {}: {}", k, p.note.round, m.why()),
                        true,
                    ));
                } else if let Some(d) = p.discount {
                    if let Some(whole) = score_at_least(scorer, &req.text, &p.full) {
                        let reason = match d {
                            Discount::Negated => "you noted you had little or nothing to add",
                            Discount::InterviewerRemark => {
                                "the interviewer said it; nothing shows your part"
                            }
                        };
                        uncounted.push(note_evidence(
                            p,
                            whole.score,
                            format!("not counted: {reason} ({})", whole.why()),
                            false,
                        ));
                    }
                }
            }
            k => {
                if let Some(m) = score_at_least(scorer, &req.text, &p.full) {
                    let reason = not_counted(k);
                    uncounted.push(note_evidence(
                        p,
                        m.score,
                        format!("not counted: {reason} ({})", m.why()),
                        false,
                    ));
                }
            }
        }
    }
    shown.sort_by(|a, b| b.score.total_cmp(&a.score));
    shown.truncate(MAX_NOTES);
    uncounted.sort_by(|a, b| b.score.total_cmp(&a.score));
    uncounted.truncate(MAX_NOTES);

    let ranked = rank_with(scorer, &req.text, stories, story_text, MAX_STORIES);
    let backing: Vec<Evidence> = ranked
        .into_iter()
        .filter(|r| {
            r.score
                >= scorer
                    .blend()
                    .map_or(STORY_THRESHOLD, |b| b.story_threshold)
        })
        .map(|r| Evidence {
            kind: EvidenceKind::Story,
            id: r.id,
            excerpt: r.title,
            score: r.score,
            why: r.why,
            counted: true,
            note_kind: None,
        })
        .collect();

    // A forgot note about the requirement means it was not addressed, unless
    // a discussion note shows the requirement better than the forgot note
    // does (then the forgotten point was something else).
    let best_shown = shown.first().map_or(0.0, |e| e.score);
    if let Some(mut f) = forgot.take_if(|f| best_shown > f.score) {
        f.why = format!("{} (but a discussion note shows it better)", f.why);
        uncounted.insert(0, f);
    }
    let (status, why) = match (&forgot, shown.first(), backing.first()) {
        (None, Some(n), _) => (
            LedgerStatus::Addressed,
            format!(
                "discussed in round {}: note {}",
                round_of(prior, &n.id),
                n.id
            ),
        ),
        (Some(_), _, Some(s)) => (
            LedgerStatus::Story,
            format!(
                "you noted you forgot it; story '{}' shows it: tell it next time",
                s.excerpt
            ),
        ),
        (Some(_), _, None) => (
            LedgerStatus::Gap,
            "you noted you forgot it, and no story shows it".to_string(),
        ),
        (None, None, Some(s)) => (
            LedgerStatus::Story,
            format!(
                "no note shows it was discussed; story '{}' shows it: tell it next time",
                s.excerpt
            ),
        ),
        (None, None, None) => (
            LedgerStatus::Gap,
            if uncounted.is_empty() {
                "no note or story shows it".to_string()
            } else {
                "only notes that do not count mention it, and no story shows it".to_string()
            },
        ),
    };
    // A forgot note overrides discussion notes: keep them, but not counted.
    if forgot.is_some() {
        for e in &mut shown {
            e.counted = false;
            e.why = format!("not counted (you noted you forgot it): {}", e.why);
        }
    }
    let mut evidence = Vec::new();
    evidence.extend(forgot);
    evidence.extend(shown);
    evidence.extend(backing);
    evidence.extend(uncounted);
    Verdict {
        text: req.text.clone(),
        importance: req.importance,
        section: req.section.clone(),
        status,
        why,
        evidence,
    }
}

/// The match of `text` against `query` if it reaches the note threshold
/// (the reason is only built then).
fn score_at_least(scorer: &dyn Scorer, query: &str, text: &str) -> Option<Match> {
    (scorer.score_only(query, text) >= note_threshold(scorer)).then(|| scorer.score(query, text))
}

fn note_threshold(scorer: &dyn Scorer) -> f32 {
    scorer.blend().map_or(NOTE_THRESHOLD, |b| b.note_threshold)
}

fn round_of(prior: &[PreparedNote], id: &str) -> u32 {
    prior
        .iter()
        .find(|p| p.note.id.to_string() == id)
        .map_or(0, |p| p.note.round)
}
