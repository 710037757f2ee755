//! Talking points for the next round: gaps to close (with the best story or a
//! prompt to prepare one), what round one left open (promised follow-ups,
//! things forgotten), and strengths to highlight. Each point cites its source.

use round2_core::NoteKind;

use round2_core::{Importance, LedgerStatus};

use crate::input::SheetInput;
use crate::source::{note_source, Source, SourcedLine};
use crate::text;

/// Which group a talking point belongs to, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TalkingPointKind {
    /// Something forgotten or promised in an earlier round.
    OpenFromRound,
    /// A requirement nothing covered yet.
    Gap,
    /// A requirement round one or a story already covers.
    Strength,
}

impl TalkingPointKind {
    pub fn heading(self) -> &'static str {
        match self {
            TalkingPointKind::OpenFromRound => "Left open in earlier rounds",
            TalkingPointKind::Gap => "Gaps to close",
            TalkingPointKind::Strength => "Strengths to highlight",
        }
    }
}

/// One talking point with the records behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalkingPoint {
    pub kind: TalkingPointKind,
    pub line: SourcedLine,
    /// Lower is more important; the cheat sheet trims the highest first.
    pub priority: u32,
}

/// The talking points, grouped (open items, gaps, strengths) and in priority order.
pub fn talking_points(input: &SheetInput<'_>) -> Vec<TalkingPoint> {
    let pack = input.pack;
    let next = pack.next_round_number();
    let mut out = Vec::new();
    for n in pack.notes.iter().filter(|n| n.round < next) {
        let who = n.interviewer.as_deref().map(text::first_name);
        let text = crate::thank_you::end_sentence(&text::sentences_within(n.text.trim(), 40));
        let line = match (n.kind, who) {
            (NoteKind::Forgot, _) => {
                format!("Bring up what you forgot in round {}: {text}", n.round)
            }
            (NoteKind::FollowUp, Some(w)) => {
                format!("Promised to {w}: {text} Say it is done, or do it first.")
            }
            (NoteKind::FollowUp, None) => {
                format!("Promised follow-up: {text} Say it is done, or do it first.")
            }
            // Discussed or said in the round: nothing is left open.
            (
                NoteKind::Topic
                | NoteKind::Question
                | NoteKind::Answer
                | NoteKind::Asked
                | NoteKind::Rapport
                | NoteKind::Story,
                _,
            ) => continue,
        };
        out.push(TalkingPoint {
            kind: TalkingPointKind::OpenFromRound,
            line: SourcedLine::new(line, vec![note_source(n)]),
            priority: 10,
        });
    }
    for item in &input.ledger_items {
        let req = Source::Requirement {
            text: item.requirement.clone(),
        };
        let must = item.importance == Importance::Must;
        let label = if must { "must-have" } else { "nice-to-have" };
        let requirement = text::clause(item.requirement.trim().trim_start_matches("- "), 16);
        match item.status {
            LedgerStatus::Gap => {
                let (line, sources) = match item
                    .best_story
                    .as_deref()
                    .and_then(|t| input.story(t))
                {
                    Some(s) => (
                        format!(
                            "Close the gap on \"{requirement}\" ({label}): tell '{}' ({}).",
                            s.title,
                            text::clause(&s.result, 14)
                        ),
                        vec![req, Source::Story { title: s.title.clone() }],
                    ),
                    None => (
                        format!(
                            "Close the gap on \"{requirement}\" ({label}): prepare a short example from your own experience."
                        ),
                        vec![req],
                    ),
                };
                out.push(TalkingPoint {
                    kind: TalkingPointKind::Gap,
                    line: SourcedLine::new(line, sources),
                    priority: if must { 20 } else { 40 },
                });
            }
            LedgerStatus::Addressed | LedgerStatus::Story => {
                let story = item.best_story.as_deref().and_then(|t| input.story(t));
                let (line, mut sources) = match (item.status, story) {
                    (_, Some(s)) => (
                        format!(
                            "Highlight \"{requirement}\" with '{}': {}.",
                            s.title,
                            text::clause(&s.result, 16)
                        ),
                        vec![
                            req,
                            Source::Story {
                                title: s.title.clone(),
                            },
                        ],
                    ),
                    (LedgerStatus::Addressed, None) => (
                        format!(
                            "Build on \"{requirement}\", covered in round one: {}.",
                            text::clause(item.evidence_excerpt.trim(), 16)
                        ),
                        vec![req],
                    ),
                    _ => continue,
                };
                if item.status == LedgerStatus::Addressed {
                    sources.push(Source::Round { number: 1 });
                }
                out.push(TalkingPoint {
                    kind: TalkingPointKind::Strength,
                    line: SourcedLine::new(line, sources),
                    priority: match (item.status, must) {
                        (LedgerStatus::Story, true) => 30,
                        (LedgerStatus::Addressed, true) => 50,
                        _ => 60,
                    },
                });
            }
        }
    }
    out.sort_by_key(|p| p.kind);
    out
}

/// The talking points as Markdown, each with its sources.
pub fn talking_points_markdown(points: &[TalkingPoint]) -> String {
    let mut out = String::from("# Talking points\n");
    let mut current = None;
    for p in points {
        if current != Some(p.kind) {
            out.push_str(&format!("\n## {}\n\n", p.kind.heading()));
            current = Some(p.kind);
        }
        out.push_str(&format!(
            "- {}  \n  _from {}_\n",
            p.line.text,
            p.line.cite()
        ));
    }
    if points.is_empty() {
        out.push_str("\nNo talking points yet: add round-one notes and the posting.\n");
    }
    out
}
