//! round2's documents: what the candidate brings into round two and sends
//! after it. Pure rendering: values in, `String` or bytes out; the clock is
//! passed in. Every generated line carries its [`Source`] (GROUNDED).
//!
//! - [`talking_points`]: gaps to close, what round one left open, strengths.
//! - [`pitch`]: why this company, why me, introduction or recap, closing.
//! - [`memory`]: which topics and stories each interviewer has already heard.
//! - [`sheet`]: the one-page cheat sheet in Markdown, HTML and PDF.
//! - [`checklist`]: the day-of checklist (method defaults merged with the user's).
//! - [`thank_you`]: one note per interviewer, as plain text and `.eml`.
//! - [`ics`]: rounds, thank-you deadlines and practice sessions as `.ics`.
//! - [`vcard`]: the interviewers as vCard 4.0, for the address book.
//! - [`anki`]: practice questions and stories as an Anki deck (`.apkg`, or text).

pub mod anki;
pub mod checklist;
pub mod eml;
pub mod ics;
pub mod input;
pub mod memory;
pub mod pdf;
pub mod phrase;
pub mod pitch;
pub mod prose;
pub mod sheet;
pub mod source;
pub mod talking_points;
pub mod text;
pub mod thank_you;
pub mod vcard;

pub use anki::{anki_text, apkg, review_decks, AnkiDeck, AnkiError, AnkiNote, Practised};
pub use checklist::{day_of_checklist, ChecklistEntry, ChecklistOrigin};
pub use eml::draft_to_eml;
pub use ics::{calendar_ics, PracticeSession};
pub use input::{pack_from_prep, LedgerItem, SheetInput, StoryPick};
pub use memory::{interviewer_memory, plan_stories, InterviewerMemory, StoryPlan};
pub use pdf::PdfSheet;
pub use pitch::{pitch, Pitch};
pub use sheet::{build_cheat_sheet, CheatSheet};
pub use source::{Source, SourcedLine};
pub use talking_points::{talking_points, TalkingPoint, TalkingPointKind};
pub use thank_you::{thank_you_notes, validate_template, Draft};
pub use vcard::interviewers_vcf;

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// A record the document needs is missing; the message says which and what to do.
    #[error("{0}")]
    Missing(String),
    /// A thank-you template names a placeholder that does not exist.
    #[error("the template uses `{{{0}}}`, which is not a placeholder (use one of: {1})")]
    UnknownPlaceholder(String, &'static str),
    /// The embedded font could not be read or subset.
    #[error("the cheat-sheet font could not be used: {0}")]
    Font(String),
}
