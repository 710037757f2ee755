//! The concepts of PRODUCT.md as plain data: what the store keeps and what
//! analysis and rendering read. Names follow the concepts table.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// A database id. Stable for the life of a record.
pub type Id = i64;

/// A value did not name one of a closed set of choices.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a valid {what} (expected one of: {expected})")]
pub struct ParseChoiceError {
    pub what: &'static str,
    pub value: String,
    pub expected: &'static str,
}

/// Declares a closed choice with its canonical spelling, accepted aliases and
/// `FromStr`/`Display`, so the CLI, prep file and store all agree on names.
macro_rules! choice {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $($variant:ident => $canon:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $canon),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ParseChoiceError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let norm: String = s.trim().to_ascii_lowercase().chars()
                    .map(|c| if c == '_' || c == ' ' { '-' } else { c }).collect();
                $(
                    if norm == $canon $(|| norm == $alias)* { return Ok($name::$variant); }
                )+
                Err(ParseChoiceError {
                    what: $what,
                    value: s.to_string(),
                    expected: concat!($($canon, " "),+),
                })
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

choice!(
    /// Where an application stands.
    Stage, "stage", {
        Applied => "applied",
        Round1 => "round-1" | "round1",
        Round2 => "round-2" | "round2",
        Offer => "offer",
        Closed => "closed",
    }
);

choice!(
    /// A section of company research.
    ResearchSection, "research section", {
        Mission => "mission",
        Products => "products" | "product",
        News => "news",
        Culture => "culture",
        People => "people",
        Competitors => "competitors" | "competition",
        Other => "other",
    }
);

choice!(
    /// What a note written after a round records.
    NoteKind, "note kind", {
        Topic => "topic",
        Question => "question",
        Answer => "answer",
        Asked => "asked",
        Forgot => "forgot",
        FollowUp => "follow-up" | "followup",
        Rapport => "rapport",
        Story => "story",
    }
);

impl NoteKind {
    /// Kinds that show a subject was discussed in the round.
    pub fn shows_discussion(self) -> bool {
        match self {
            NoteKind::Topic | NoteKind::Question | NoteKind::Answer | NoteKind::Story => true,
            NoteKind::Asked | NoteKind::Forgot | NoteKind::FollowUp | NoteKind::Rapport => false,
        }
    }

    /// Kinds whose subject needs no question to ask in a later round: what
    /// the candidate asked, answered, or talked over.
    pub fn covers_questions_to_ask(self) -> bool {
        match self {
            NoteKind::Asked | NoteKind::Answer | NoteKind::Topic => true,
            NoteKind::Question
            | NoteKind::Story
            | NoteKind::Forgot
            | NoteKind::FollowUp
            | NoteKind::Rapport => false,
        }
    }

    /// What the kind records, in the candidate's words, for pages and
    /// printed lists ("question asked of me").
    pub fn label(self) -> &'static str {
        match self {
            NoteKind::Topic => "topic discussed",
            NoteKind::Question => "question asked of me",
            NoteKind::Answer => "my answer",
            NoteKind::Asked => "question I asked",
            NoteKind::Forgot => "something I forgot",
            NoteKind::FollowUp => "promised follow-up",
            NoteKind::Rapport => "rapport detail",
            NoteKind::Story => "story told",
        }
    }
}

choice!(
    /// How much a posting insists on a requirement.
    Importance, "importance", {
        Must => "must" | "must-have" | "required" | "requirement",
        Nice => "nice" | "nice-to-have" | "preferred" | "plus" | "bonus",
        Unspecified => "unspecified",
    }
);

choice!(
    /// A coverage-ledger verdict for one requirement: round one covered it
    /// (a note shows it was discussed), a story backs it, or neither.
    LedgerStatus, "ledger status", {
        Addressed => "addressed",
        Story => "story",
        Gap => "gap",
    }
);

/// The candidate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    /// What matters most to the candidate (growth, mentorship, remote work...).
    #[serde(default)]
    pub priorities: Vec<String>,
}

/// One application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opportunity {
    pub id: Id,
    pub slug: String,
    pub company: String,
    pub role: String,
    pub url: Option<String>,
    pub job_description: String,
    pub stage: Stage,
}

/// What the store needs to create an opportunity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOpportunity {
    pub company: String,
    pub role: String,
    pub url: Option<String>,
    pub job_description: String,
    pub stage: Stage,
}

/// A note about the company, by section, with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Research {
    pub id: Id,
    pub section: ResearchSection,
    pub text: String,
    pub source: Option<String>,
}

/// A person met in a round. Belongs to one opportunity and may appear in
/// several of its rounds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interviewer {
    pub id: Id,
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
}

/// Titles a name may open with ("Dr. Hannah Lindqvist"): such a person is
/// greeted by title and surname, never by the title alone.
const HONORIFICS: &[&str] = &[
    "dr",
    "prof",
    "professor",
    "mr",
    "mrs",
    "ms",
    "mx",
    "miss",
    "rev",
    "sir",
    "dame",
    "judge",
];

/// A person's name split into its title (if it opens with one), given name
/// and surname: how letters and greetings address them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonName<'a> {
    /// "Dr." in "Dr. Hannah Lindqvist".
    pub title: Option<&'a str>,
    /// The first word after any title ("Hannah"); the whole name when it
    /// is one word.
    pub given: &'a str,
    /// The last word, when there are two or more after any title.
    pub surname: Option<&'a str>,
}

impl<'a> PersonName<'a> {
    pub fn parse(name: &'a str) -> PersonName<'a> {
        let words: Vec<&str> = name.split_whitespace().collect();
        let titled = words.len() >= 2
            && HONORIFICS.contains(&words[0].trim_end_matches('.').to_lowercase().as_str());
        let (title, rest) = if titled {
            (Some(words[0]), &words[1..])
        } else {
            (None, &words[..])
        };
        PersonName {
            title,
            given: rest.first().copied().unwrap_or(name.trim()),
            surname: (rest.len() >= 2).then(|| rest[rest.len() - 1]),
        }
    }

    /// How a note greets them: "Priya", or "Dr. Lindqvist" for a titled
    /// name (a title asks for the surname).
    pub fn greeting(&self) -> String {
        match (self.title, self.surname) {
            (Some(t), Some(s)) => format!("{t} {s}"),
            (Some(t), None) => format!("{t} {}", self.given),
            _ => self.given.to_string(),
        }
    }
}

/// One interview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub id: Id,
    pub number: u32,
    pub kind: String,
    pub date: Option<DateTime<FixedOffset>>,
    pub duration_minutes: Option<u32>,
    /// A street address or a meeting link.
    pub place: Option<String>,
    pub interviewers: Vec<Interviewer>,
}

impl Round {
    /// When its thank-you notes are due: 24 hours after it starts.
    pub fn thank_you_deadline(&self) -> Option<DateTime<FixedOffset>> {
        self.date
            .map(|d| d + chrono::Duration::hours(THANK_YOU_WITHIN_HOURS))
    }
}

/// What the candidate wrote after a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: Id,
    /// The number of the round the note belongs to.
    pub round: u32,
    pub kind: NoteKind,
    /// The interviewer the note is about, by name.
    pub interviewer: Option<String>,
    /// For a `story` note: the title of the story told.
    pub story: Option<String>,
    /// The topic as the user would name it in a thank-you note ("our
    /// conversation about ___"); when set it wins over what round2 reads
    /// from the text.
    pub topic: Option<String>,
    pub text: String,
}

/// A STAR story, global and reused across opportunities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Story {
    pub id: Id,
    pub title: String,
    pub situation: String,
    pub task: String,
    pub action: String,
    pub result: String,
    pub tags: Vec<String>,
}

impl Story {
    /// The whole story as one text, for matching.
    pub fn full_text(&self) -> String {
        format!(
            "{}. {} {} {} {} {}",
            self.title,
            self.situation,
            self.task,
            self.action,
            self.result,
            self.tags.join(", ")
        )
    }
}

/// Something the candidate will ask, by theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionToAsk {
    pub id: Id,
    pub theme: String,
    pub text: String,
    pub asked: bool,
}

/// One item of the day-of checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    pub id: Id,
    pub text: String,
    pub done: bool,
}

/// A thank-you note to one interviewer after one round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThankYouNote {
    pub id: Id,
    pub round: u32,
    pub interviewer: String,
    pub body: String,
    pub deadline: Option<DateTime<FixedOffset>>,
    pub sent_at: Option<DateTime<FixedOffset>>,
}

/// Everything stored about one opportunity: what analysis and rendering read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrepPack {
    pub opportunity: Opportunity,
    pub research: Vec<Research>,
    pub interviewers: Vec<Interviewer>,
    pub rounds: Vec<Round>,
    pub notes: Vec<Note>,
    /// The stories linked to this opportunity (imported with it or told in it).
    pub stories: Vec<Story>,
    pub questions_to_ask: Vec<QuestionToAsk>,
    pub checklist: Vec<ChecklistItem>,
    pub thank_you: Vec<ThankYouNote>,
}

/// A thank-you note not sent past its deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Overdue {
    pub interviewer: String,
    pub round: u32,
    pub deadline: DateTime<FixedOffset>,
}

/// How long after a round its thank-you notes are due.
pub const THANK_YOU_WITHIN_HOURS: i64 = 24;

impl PrepPack {
    /// Interviewers of rounds more than 24 hours past whose thank-you note
    /// is not recorded as sent.
    pub fn overdue_thank_you(&self, now: DateTime<FixedOffset>) -> Vec<Overdue> {
        let mut out = Vec::new();
        for r in &self.rounds {
            let Some(deadline) = r.thank_you_deadline() else {
                continue;
            };
            if now <= deadline {
                continue;
            }
            for i in &r.interviewers {
                let sent = self
                    .thank_you
                    .iter()
                    .any(|t| t.round == r.number && t.interviewer == i.name && t.sent_at.is_some());
                if !sent {
                    out.push(Overdue {
                        interviewer: i.name.clone(),
                        round: r.number,
                        deadline,
                    });
                }
            }
        }
        out
    }

    pub fn round(&self, number: u32) -> Option<&Round> {
        self.rounds.iter().find(|r| r.number == number)
    }

    pub fn notes_of_round(&self, number: u32) -> impl Iterator<Item = &Note> {
        self.notes.iter().filter(move |n| n.round == number)
    }

    /// The next round on the calendar: the earliest dated after `now`.
    pub fn next_scheduled_round(&self, now: DateTime<FixedOffset>) -> Option<&Round> {
        self.rounds
            .iter()
            .filter(|r| r.date.is_some_and(|d| d > now))
            .min_by_key(|r| r.date)
    }

    /// The first round with no notes yet, else one past the last: the round
    /// the candidate is preparing for.
    pub fn next_round_number(&self) -> u32 {
        let mut numbers: Vec<u32> = self.rounds.iter().map(|r| r.number).collect();
        numbers.sort_unstable();
        for n in &numbers {
            if *n > 1 && self.notes_of_round(*n).next().is_none() {
                return *n;
            }
        }
        numbers.last().map_or(1, |n| n + 1)
    }

    /// The number a round added now takes: one past the highest (not the
    /// round being prepared, which [`PrepPack::next_round_number`] finds).
    pub fn new_round_number(&self) -> u32 {
        self.rounds.iter().map(|r| r.number).max().unwrap_or(0) + 1
    }
}

/// One timed practice answer with its feedback. The feedback is kept as the
/// JSON the practice crate produced, so old attempts survive new feedback rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub id: Id,
    /// The opportunity practised for, if any.
    pub opportunity: Option<Id>,
    pub question_id: String,
    pub question: String,
    pub answer: String,
    /// Time taken to answer.
    pub seconds: u32,
    pub feedback: serde_json::Value,
    /// The self-rating: again, hard, good or easy.
    pub rating: Option<String>,
    pub at: DateTime<FixedOffset>,
}

/// The spaced-repetition schedule of one question for one opportunity. The
/// state is the practice crate's card, kept as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewCard {
    pub opportunity: Id,
    pub question_id: String,
    pub question: String,
    pub state: serde_json::Value,
}

/// A practice question the user wrote, kept beside the built-in bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserQuestion {
    pub id: String,
    pub category: String,
    pub kind: String,
    pub competencies: Vec<String>,
    pub text: String,
    pub really_asking: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(number: u32, date: Option<&str>) -> Round {
        Round {
            id: number.into(),
            number,
            kind: "panel".into(),
            date: date.map(|d| DateTime::parse_from_rfc3339(d).unwrap()),
            duration_minutes: None,
            place: None,
            interviewers: Vec::new(),
        }
    }

    #[test]
    fn a_titled_name_is_greeted_by_title_and_surname() {
        let greet = |n: &str| PersonName::parse(n).greeting();
        assert_eq!(greet("Priya Venkataraman"), "Priya");
        assert_eq!(greet("Dr. Hannah Lindqvist"), "Dr. Lindqvist");
        assert_eq!(greet("Prof Ada Byron King"), "Prof King");
        assert_eq!(greet("Dr. Okafor"), "Dr. Okafor");
        assert_eq!(greet("Pa Houa Vang"), "Pa");
        assert_eq!(greet("Cher"), "Cher");
        assert_eq!(greet("Drew Barrymore"), "Drew");
        assert_eq!(PersonName::parse("Dr. Hannah Lindqvist").given, "Hannah");
    }

    #[test]
    fn the_next_scheduled_round_is_the_earliest_still_ahead() {
        let now = DateTime::parse_from_rfc3339("2026-12-01T09:00:00-05:00").unwrap();
        let mut pack = PrepPack {
            opportunity: Opportunity {
                id: 1,
                slug: "a".into(),
                company: "A".into(),
                role: "B".into(),
                url: None,
                job_description: String::new(),
                stage: Stage::Round2,
            },
            research: vec![],
            interviewers: vec![],
            rounds: vec![
                round(1, Some("2026-11-20T10:00:00-05:00")),
                round(3, Some("2026-12-10T10:00:00-05:00")),
                round(2, Some("2026-12-03T10:00:00-05:00")),
                round(4, None),
            ],
            notes: vec![],
            stories: vec![],
            questions_to_ask: vec![],
            checklist: vec![],
            thank_you: vec![],
        };
        assert_eq!(pack.next_scheduled_round(now).map(|r| r.number), Some(2));
        pack.rounds.retain(|r| r.number != 2 && r.number != 3);
        assert!(pack.next_scheduled_round(now).is_none(), "past or undated");
    }
}
