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
//! else matched. A topic note that walks through the candidate's career
//! ("Walked Priya through my six years: ...") shows the experience and
//! credentials a posting asks for (years, a background, a degree, a
//! licence), not each duty its words touch: against a duty it is listed as
//! named in passing and does not count. `asked` notes (the candidate's own questions), follow-ups
//! and rapport notes never address a requirement. Such a note can also
//! outweigh a weak match: when a note that does not count matches the
//! requirement more closely than the best counted note (or story), the bar
//! that note or story must reach is raised by the difference, scaled by
//! [`Rule::note_shadow`] and [`Rule::story_shadow`]. A requirement the
//! candidate asked about, or the interviewer only described, is rarely one
//! they showed in a passing sentence. Every verdict lists its evidence,
//! including the notes that matched but were not counted, and why.

use round2_core::model::{Note, NoteKind, Story};
use round2_core::{Importance, LedgerStatus};
use round2_extract::Requirement;
use serde::{Deserialize, Serialize};

use crate::rank::{best_scored, best_story_score, story_texts};
use crate::scorer::Scorer;
use crate::text::{
    asks_for_credentials, discount, forgotten_part, sentences, walks_through_career, Discount,
};

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
    /// A walk through the candidate's career ([`walks_through_career`]):
    /// it shows experience and credentials, not the duties it names.
    career: bool,
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
            career: false,
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
                career: note.kind == NoteKind::Topic && walks_through_career(&note.text),
            }
        }
        // Neither a discussion nor a forgot note: nothing in it counts.
        _ => PreparedNote {
            note,
            full: note.text.clone(),
            counted: String::new(),
            discount: None,
            career: false,
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
    let prepared = Prepared::new(requirements, notes, stories, before_round);
    let fitted = prepared.fit(scorer);
    let scorer: &dyn Scorer = fitted.as_deref().unwrap_or(scorer);
    let verdicts = requirements
        .iter()
        .map(|r| verdict(r, &prepared.prior, stories, &prepared.story_text, scorer))
        .collect();
    Ledger {
        round: before_round,
        requirements: verdicts,
    }
}

/// The texts one ledger compares, prepared once.
struct Prepared<'a> {
    requirements: &'a [Requirement],
    prior: Vec<PreparedNote<'a>>,
    story_text: Vec<(String, String)>,
}

impl<'a> Prepared<'a> {
    fn new(
        requirements: &'a [Requirement],
        notes: &'a [Note],
        stories: &[Story],
        before_round: u32,
    ) -> Self {
        Prepared {
            requirements,
            prior: notes
                .iter()
                .filter(|n| n.round < before_round)
                .map(|n| prepare(n, stories))
                .collect(),
            story_text: stories.iter().map(story_texts).collect(),
        }
    }

    /// The scorer fitted to these texts (`None`: the scorer as it is).
    fn fit<'s>(&self, scorer: &'s dyn Scorer) -> Option<Box<dyn Scorer + 's>> {
        let mut corpus: Vec<&str> = self.requirements.iter().map(|r| r.text.as_str()).collect();
        for p in &self.prior {
            corpus.push(&p.full);
            if !p.counted.is_empty() && p.counted != p.full {
                corpus.push(&p.counted);
            }
        }
        for (full, tags) in &self.story_text {
            corpus.push(full);
            corpus.push(tags);
        }
        let queries: Vec<&str> = self.requirements.iter().map(|r| r.text.as_str()).collect();
        scorer.fit_for(&queries, &corpus)
    }
}

/// What one prior note scores against a requirement.
#[derive(Debug, Clone, Copy, PartialEq)]
enum NoteSignal {
    /// A `forgot` note: the score of the part that names what was forgotten.
    Forgot(f32),
    /// A discussion note: the score of its sentences that count, and of the
    /// whole note when some sentence was left out.
    Discussion { counted: f32, whole: Option<f32> },
    /// A note that never counts (asked, follow-up, rapport): its score.
    Other(f32),
    /// A walk through the candidate's career against a duty: its score.
    /// It names the duty in passing, so it neither counts nor raises the
    /// bar for what does.
    InPassing(f32),
}

/// Every score a requirement's status is decided on: each prior note's
/// (in the order of the notes) and the best story's. The decision itself is
/// [`Rule::decide`], so the ledger and the fit that chooses its thresholds
/// (`round2-eval`) apply one rule.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signals {
    notes: Vec<NoteSignal>,
    story: f32,
}

/// The thresholds of the ledger's decision, and how much a closer match
/// among the notes that do not count raises them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub note_threshold: f32,
    pub story_threshold: f32,
    /// How much of the lead of the best note that does not count (a
    /// question the candidate asked, the interviewer's own remark, small
    /// talk) over the best counted note is added to the note threshold:
    /// when what the interviewer said matches the requirement better than
    /// anything the candidate showed, the weaker match is likely incidental.
    pub note_shadow: f32,
    /// The same for a story backing the requirement.
    pub story_shadow: f32,
}

/// What [`Rule::decide`] concludes, with the bars it applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    pub status: LedgerStatus,
    /// A forgot note about the requirement stands (no discussion note
    /// shows the requirement better).
    pub forgot: bool,
    /// The score a counted note needed (the threshold, raised by the shadow).
    pub note_bar: f32,
    /// The score a story needed.
    pub story_bar: f32,
    /// The best score of a note that does not count (0 without one).
    pub uncounted: f32,
}

impl Rule {
    /// The rule a scorer's blend fixes (the lexical scorer's constants
    /// without one).
    pub fn of(scorer: &dyn Scorer) -> Rule {
        match scorer.blend() {
            Some(b) => Rule {
                note_threshold: b.note_threshold,
                story_threshold: b.story_threshold,
                note_shadow: b.note_shadow,
                story_shadow: b.story_shadow,
            },
            None => Rule {
                note_threshold: NOTE_THRESHOLD,
                story_threshold: STORY_THRESHOLD,
                note_shadow: 0.0,
                story_shadow: 0.0,
            },
        }
    }

    /// The status of a requirement (see the module docs).
    pub fn decide(&self, s: &Signals) -> Decision {
        let t = self.note_threshold;
        let (mut shown, mut forgot, mut uncounted) = (0f32, 0f32, 0f32);
        for n in &s.notes {
            match *n {
                NoteSignal::Forgot(f) => forgot = forgot.max(f),
                NoteSignal::Discussion { counted, whole } => {
                    shown = shown.max(counted);
                    // A discounted note counts against only when what
                    // counts of it does not show the requirement.
                    if counted < t {
                        uncounted = uncounted.max(whole.unwrap_or(0.0));
                    }
                }
                NoteSignal::Other(o) => uncounted = uncounted.max(o),
                NoteSignal::InPassing(_) => {}
            }
        }
        let forgot = forgot >= t && !(shown >= t && shown > forgot);
        let note_bar = t + self.note_shadow * (uncounted - shown).max(0.0);
        let story_bar = self.story_threshold + self.story_shadow * (uncounted - s.story).max(0.0);
        let status = if !forgot && shown >= note_bar {
            LedgerStatus::Addressed
        } else if s.story >= story_bar {
            LedgerStatus::Story
        } else {
            LedgerStatus::Gap
        };
        Decision {
            status,
            forgot,
            note_bar,
            story_bar,
            uncounted,
        }
    }
}

/// The scores of `requirement` against the prior notes and the stories.
fn signals_of(
    req: &str,
    prior: &[PreparedNote],
    story_text: &[(String, String)],
    scorer: &dyn Scorer,
) -> Signals {
    let credentials = asks_for_credentials(req);
    let notes = prior
        .iter()
        .map(|p| match p.note.kind {
            _ if p.career && !credentials => NoteSignal::InPassing(scorer.score_only(req, &p.full)),
            NoteKind::Forgot => NoteSignal::Forgot(scorer.score_only(req, &p.counted)),
            k if k.shows_discussion() => NoteSignal::Discussion {
                counted: if p.counted.trim().is_empty() {
                    0.0
                } else {
                    scorer.score_only(req, &p.counted)
                },
                whole: p.discount.map(|_| scorer.score_only(req, &p.full)),
            },
            _ => NoteSignal::Other(scorer.score_only(req, &p.full)),
        })
        .collect();
    // The best-scored story: the first a verdict lists.
    let story = best_story_score(scorer, req, story_text);
    Signals { notes, story }
}

/// Every requirement's [`Signals`] for round `before_round`, as
/// [`ledger`] computes them: for a fit that tries many [`Rule`]s on one
/// scoring.
pub fn signals(
    requirements: &[Requirement],
    notes: &[Note],
    stories: &[Story],
    before_round: u32,
    scorer: &dyn Scorer,
) -> Vec<Signals> {
    let prepared = Prepared::new(requirements, notes, stories, before_round);
    let fitted = prepared.fit(scorer);
    let scorer: &dyn Scorer = fitted.as_deref().unwrap_or(scorer);
    requirements
        .iter()
        .map(|r| signals_of(&r.text, &prepared.prior, &prepared.story_text, scorer))
        .collect()
}

fn verdict(
    req: &Requirement,
    prior: &[PreparedNote],
    stories: &[Story],
    story_text: &[(String, String)],
    scorer: &dyn Scorer,
) -> Verdict {
    let signals = signals_of(&req.text, prior, story_text, scorer);
    let rule = Rule::of(scorer);
    let decision = rule.decide(&signals);
    let t = rule.note_threshold;
    // The reason of a match is only built for what is shown.
    let why = |text: &str| scorer.score(&req.text, text).why();
    let mut shown: Vec<Evidence> = Vec::new();
    let mut uncounted: Vec<Evidence> = Vec::new();
    let mut forgot: Option<Evidence> = None;
    for (p, signal) in prior.iter().zip(&signals.notes) {
        match *signal {
            NoteSignal::Forgot(score) if score >= t => {
                if forgot.as_ref().is_none_or(|f| f.score < score) {
                    forgot = Some(note_evidence(
                        p,
                        score,
                        format!("you wrote that you forgot this: {}", why(&p.counted)),
                        false,
                    ));
                }
            }
            NoteSignal::Forgot(_) => {}
            NoteSignal::Discussion { counted, .. } if counted >= t => {
                shown.push(note_evidence(
                    p,
                    counted,
                    format!(
                        "{} note from round {}: {}",
                        p.note.kind,
                        p.note.round,
                        why(&p.counted)
                    ),
                    true,
                ));
            }
            NoteSignal::Discussion { whole, .. } => {
                if let (Some(d), Some(whole)) = (p.discount, whole.filter(|w| *w >= t)) {
                    let reason = match d {
                        Discount::Negated => "you noted you had little or nothing to add",
                        Discount::InterviewerRemark => {
                            "the interviewer said it; nothing shows your part"
                        }
                    };
                    uncounted.push(note_evidence(
                        p,
                        whole,
                        format!("not counted: {reason} ({})", why(&p.full)),
                        false,
                    ));
                }
            }
            NoteSignal::Other(score) if score >= t => {
                let reason = not_counted(p.note.kind);
                uncounted.push(note_evidence(
                    p,
                    score,
                    format!("not counted: {reason} ({})", why(&p.full)),
                    false,
                ));
            }
            NoteSignal::Other(_) => {}
            NoteSignal::InPassing(score) if score >= t => {
                uncounted.push(note_evidence(
                    p,
                    score,
                    format!(
                        "not counted: a walk through your career names it in passing; nothing in it shows you doing it ({})",
                        why(&p.full)
                    ),
                    false,
                ));
            }
            NoteSignal::InPassing(_) => {}
        }
    }
    shown.sort_by(|a, b| b.score.total_cmp(&a.score));
    shown.truncate(MAX_NOTES);
    uncounted.sort_by(|a, b| b.score.total_cmp(&a.score));
    uncounted.truncate(MAX_NOTES);

    let ranked = best_scored(scorer, &req.text, stories, story_text, MAX_STORIES);
    let backing: Vec<Evidence> = ranked
        .into_iter()
        .filter(|r| r.score >= rule.story_threshold)
        .map(|r| {
            let counted = r.score >= decision.story_bar;
            Evidence {
                kind: EvidenceKind::Story,
                id: r.id,
                excerpt: r.title,
                score: r.score,
                why: if counted {
                    r.why
                } else {
                    format!(
                        "not counted: a note that does not count matches it more closely ({})",
                        r.why
                    )
                },
                counted,
                note_kind: None,
            }
        })
        .collect();

    // A forgot note about the requirement means it was not addressed, unless
    // a discussion note shows the requirement better than the forgot note
    // does (then the forgotten point was something else).
    if let Some(mut f) = forgot.take_if(|_| !decision.forgot) {
        f.why = format!("{} (but a discussion note shows it better)", f.why);
        uncounted.insert(0, f);
    }
    let best_story = backing.iter().find(|e| e.counted);
    let (status, why) = match (decision.status, &forgot, shown.first(), best_story) {
        (LedgerStatus::Addressed, _, Some(n), _) => (
            LedgerStatus::Addressed,
            format!(
                "discussed in round {}: note {}",
                round_of(prior, &n.id),
                n.id
            ),
        ),
        (LedgerStatus::Story, Some(_), _, Some(s)) => (
            LedgerStatus::Story,
            format!(
                "you noted you forgot it; story '{}' shows it: tell it next time",
                s.excerpt
            ),
        ),
        (LedgerStatus::Story, None, _, Some(s)) => (
            LedgerStatus::Story,
            format!(
                "no note shows it was discussed; story '{}' shows it: tell it next time",
                s.excerpt
            ),
        ),
        (_, Some(_), _, _) => (
            LedgerStatus::Gap,
            "you noted you forgot it, and no story shows it".to_string(),
        ),
        _ => (
            LedgerStatus::Gap,
            if uncounted.is_empty() && shown.is_empty() {
                "no note or story shows it".to_string()
            } else {
                "only notes that do not count mention it, and no story shows it".to_string()
            },
        ),
    };
    if forgot.is_some() {
        // A forgot note overrides discussion notes: keep them, but not counted.
        for e in &mut shown {
            e.counted = false;
            e.why = format!("not counted (you noted you forgot it): {}", e.why);
        }
    } else if status != LedgerStatus::Addressed {
        // A closer match among the notes that do not count outweighs them.
        for e in &mut shown {
            e.counted = false;
            e.why = format!(
                "not counted: a note that does not count matches it more closely ({:.2} against {:.2}): {}",
                decision.uncounted, e.score, e.why
            );
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

fn round_of(prior: &[PreparedNote], id: &str) -> u32 {
    prior
        .iter()
        .find(|p| p.note.id.to_string() == id)
        .map_or(0, |p| p.note.round)
}
