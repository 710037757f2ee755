//! The day-of checklist: the method's defaults (resume copies, references,
//! work samples, documents asked for, directions, outfit, arriving early)
//! merged with the user's own items, without duplicates.

use round2_core::PrepPack;

use crate::text;

/// Where a checklist entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChecklistOrigin {
    /// The second-interview method's advice.
    Method,
    /// The user's own checklist.
    User,
}

/// One item of the day-of checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistEntry {
    pub text: String,
    pub done: bool,
    pub origin: ChecklistOrigin,
}

/// The method's default items.
pub const DEFAULTS: &[&str] = &[
    "Bring printed copies of your resume",
    "Bring your list of references",
    "Bring your portfolio or work samples",
    "Bring any documents they asked for",
    "Check directions and travel time (or test the meeting link)",
    "Plan your outfit: dress professionally",
    "Arrive 10-15 minutes early",
];

/// The user's items first, then each default whose key words the user's
/// items do not already cover.
pub fn day_of_checklist(pack: &PrepPack) -> Vec<ChecklistEntry> {
    let mut out: Vec<ChecklistEntry> = pack
        .checklist
        .iter()
        .map(|c| ChecklistEntry {
            text: c.text.trim().to_string(),
            done: c.done,
            origin: ChecklistOrigin::User,
        })
        .collect();
    let user_words: Vec<String> = out.iter().flat_map(|e| text::words(&e.text)).collect();
    for d in DEFAULTS {
        let key = match *d {
            s if s.contains("resume") => "resume",
            s if s.contains("references") => "references",
            s if s.contains("portfolio") => "portfolio",
            s if s.contains("documents") => "documents",
            s if s.contains("directions") => "directions",
            s if s.contains("outfit") => "outfit",
            _ => "early",
        };
        if user_words.iter().any(|w| w.starts_with(key)) {
            continue;
        }
        out.push(ChecklistEntry {
            text: d.to_string(),
            done: false,
            origin: ChecklistOrigin::Method,
        });
    }
    out
}
