//! round2-extract: reads a job posting.
//!
//! [`analyze`] finds the posting's sections (about, responsibilities,
//! requirements, nice-to-have, benefits, how we work), its requirement items
//! with their importance, and the skill and knowledge mentions found by a
//! statistical sequence tagger trained on SkillSpan (Zhang et al., NAACL
//! 2022). All offsets are byte offsets into the input, end exclusive, on
//! UTF-8 character boundaries.
//!
//! The crate also exports a [`Lexicon`] of skills with synonyms, and the
//! text utilities a matcher needs: [`tokenize`], [`stem`], [`STOPWORDS`].

mod lexicon;
pub mod page;
mod posting;
pub mod tagger;
mod text;

pub use lexicon::{Lexicon, LexiconError, LexiconMatch, Term};
pub use text::{is_stopword, stem, tokenize, Token, STOPWORDS};

use round2_core::Importance;
use serde::{Deserialize, Serialize};

/// The kind of a posting section.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// About the company.
    About,
    /// What you'll do.
    Responsibilities,
    /// Requirements, qualifications, must-haves.
    Requirements,
    /// Nice to have, preferred, bonus points.
    NiceToHave,
    /// Benefits, perks, compensation.
    Benefits,
    /// How we work, culture, team.
    HowWeWork,
    /// Anything else (including text before the first heading).
    Other,
}

impl SectionKind {
    /// The snake_case name used in JSON and in [`Requirement::section`].
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::About => "about",
            SectionKind::Responsibilities => "responsibilities",
            SectionKind::Requirements => "requirements",
            SectionKind::NiceToHave => "nice_to_have",
            SectionKind::Benefits => "benefits",
            SectionKind::HowWeWork => "how_we_work",
            SectionKind::Other => "other",
        }
    }
}

/// A section of the posting: its heading line and its extent.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Section {
    /// The classified kind.
    pub kind: SectionKind,
    /// The heading text (without `:` or markdown markers); empty for the
    /// text before the first heading.
    pub heading: String,
    /// Byte offset of the heading (or of the first text).
    pub start: usize,
    /// Byte offset one past the section's last non-space character.
    pub end: usize,
}

/// A requirement item: a bullet or a sentence of a requirement-like section.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Requirement {
    /// The item text without bullet marker, trimmed: `&text[start..end]`.
    pub text: String,
    /// Byte offset of the item text.
    pub start: usize,
    /// Byte offset one past the item text.
    pub end: usize,
    /// The section kind name ("requirements", "responsibilities",
    /// "nice_to_have", or "other"/"about" for requirement-like sentences
    /// found elsewhere).
    pub section: String,
    /// Must, nice or unspecified.
    pub importance: Importance,
}

/// The kind of a mention.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// Something a person does ("communicate with stakeholders").
    Skill,
    /// Something a person knows ("Java", "CI/CD pipelines").
    Knowledge,
}

impl MentionKind {
    /// `"skill"` or `"knowledge"`.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Skill => "skill",
            MentionKind::Knowledge => "knowledge",
        }
    }
}

/// A skill or knowledge mention: `&text[start..end] == text`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Mention {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The mention text.
    pub text: String,
    /// Skill or knowledge.
    pub kind: MentionKind,
}

/// The analysis of a posting.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Analysis {
    /// Sections in text order.
    pub sections: Vec<Section>,
    /// Requirement items in text order.
    pub requirements: Vec<Requirement>,
    /// Skill and knowledge mentions in text order.
    pub mentions: Vec<Mention>,
}

/// Analyse a posting: sections, requirements and mentions. Never panics.
///
/// ```
/// let a = round2_extract::analyze("Requirements\n- 3+ years of Python and SQL\n");
/// assert_eq!(a.requirements[0].text, "3+ years of Python and SQL");
/// ```
pub fn analyze(text: &str) -> Analysis {
    let (sections, requirements) = posting::structure(text);
    let mentions = mentions(text);
    Analysis {
        sections,
        requirements,
        mentions,
    }
}

/// Only the skill and knowledge mentions of `text` (what [`analyze`]
/// returns in [`Analysis::mentions`]).
pub fn mentions(text: &str) -> Vec<Mention> {
    tagger::builtin().mentions(text)
}
