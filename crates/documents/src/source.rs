//! Where a generated line comes from: a note, a story, research, the posting,
//! the profile, or the method's defaults. Every line of every document keeps
//! its sources so the user can check it (GROUNDED).

use std::fmt;

use round2_core::Id;
use serde::Serialize;

/// One record a generated line is built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// A note written after a round.
    Note {
        id: Id,
        round: u32,
        interviewer: Option<String>,
    },
    /// A story from the story bank, by title.
    Story { title: String },
    /// A requirement of the posting, by its text.
    Requirement { text: String },
    /// The posting itself (a sentence of it).
    Posting,
    /// A company research record.
    Research {
        id: Id,
        section: String,
        url: Option<String>,
    },
    /// The candidate's profile (name, headline, priorities).
    Profile,
    /// The opportunity: company and role.
    Opportunity,
    /// A round: its time and place.
    Round { number: u32 },
    /// A question to ask, by theme.
    QuestionToAsk { theme: String },
    /// An item of the user's checklist.
    Checklist,
    /// The second-interview method's own advice (not a fact about the user).
    Method,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Note {
                id,
                round,
                interviewer: Some(who),
            } => write!(f, "note #{id} (round {round}, {who})"),
            Source::Note { id, round, .. } => write!(f, "note #{id} (round {round})"),
            Source::Story { title } => write!(f, "story '{title}'"),
            Source::Requirement { text } => write!(f, "posting requirement \"{text}\""),
            Source::Posting => f.write_str("posting"),
            Source::Research {
                id,
                section,
                url: Some(url),
            } => write!(f, "research #{id} ({section}, {url})"),
            Source::Research { id, section, .. } => write!(f, "research #{id} ({section})"),
            Source::Profile => f.write_str("profile"),
            Source::Opportunity => f.write_str("opportunity"),
            Source::Round { number } => write!(f, "round {number}"),
            Source::QuestionToAsk { theme } => write!(f, "question to ask ({theme})"),
            Source::Checklist => f.write_str("your checklist"),
            Source::Method => f.write_str("second-interview method"),
        }
    }
}

/// A line of generated text with the records it was built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourcedLine {
    pub text: String,
    pub sources: Vec<Source>,
}

impl SourcedLine {
    pub fn new(text: impl Into<String>, sources: Vec<Source>) -> Self {
        SourcedLine {
            text: text.into(),
            sources,
        }
    }

    /// The sources as one human-readable list: "note #3 (round 1, Ana); story 'X'".
    pub fn cite(&self) -> String {
        self.sources
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The source of a note.
pub fn note_source(note: &round2_core::Note) -> Source {
    Source::Note {
        id: note.id,
        round: note.round,
        interviewer: note.interviewer.clone(),
    }
}
