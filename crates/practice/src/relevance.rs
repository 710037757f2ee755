//! Does the answer address the question asked?
//!
//! Two signs a coach would name decide it:
//! - **no event for a "tell me about a time" question**: a behavioural
//!   question asks for one specific time; an answer that tells none (views,
//!   habits, hopes) and never takes up the question's subject has not
//!   answered it, however fluent;
//! - **nothing about the company** when the question asks about it ("what
//!   do you know about us", "why us").
//!
//! With the sentence model, how close an answer's sentences come to the
//! question's [`topic`] (the question without its frame: "Tell me about a
//! time you had a conflict with a coworker" → "had a conflict with a
//! coworker") was measured against the bank's other questions
//! (`round2-eval star --relevance`): on the labelled answers it does not
//! separate answers on the wrong topic from right ones, so it decides
//! nothing here.

use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::text::regex;

/// How the answer relates to the question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relevance {
    /// Whether the answer addresses the question.
    pub addresses: bool,
    /// Why, in words that fit this answer.
    pub reason: String,
}

fn frame() -> &'static Regex {
    static FRAME: OnceLock<Regex> = OnceLock::new();
    FRAME.get_or_init(|| {
        regex(
            r"(?i)^\s*(?:(?:can you |could you |please )?(?:tell me about|tell us about|describe|give (?:me |us )?an example of|talk me through|walk me through|share|think of)\s+(?:a time|a situation|an occasion|a moment|an example|a case|an instance)?\s*(?:when|where|that|in which|of)?\s*(?:you(?:'ve| have)?\s+)?|have you ever\s+|how did you\s+)",
        )
    })
}

/// The question's topic: the question without its frame and final mark.
pub fn topic(question: &str) -> String {
    let stripped = frame().replace(question, "");
    let t = stripped.trim().trim_end_matches(['?', '.', '!']).trim();
    if t.split_whitespace().count() < 2 {
        question.trim().to_string()
    } else {
        t.to_string()
    }
}

fn about_the_company() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        regex(
            r"(?i)\b(know about (?:us|our (?:company|business|organi[sz]ation|firm|products?|mission))|why (?:do you want to|would you like to|did you apply to) (?:work|join) (?:for |with |at )?(?:us|here|our)|why (?:us|this company|our company)\b|what attracts you to (?:us|our|this company))",
        )
    })
}

fn names_the_company() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        regex(r"(?i)\b(you|your|you're|you've|the company|this company|here|the firm|the business|the team)\b")
    })
}

/// Judges `answer` against the question it answers; `fb` is its feedback
/// (already analysed: the STAR parts are used).
pub fn judge(question: &str, kind: crate::Kind, answer: &str, fb: &crate::Feedback) -> Relevance {
    let star = &fb.star;
    let sentences = crate::star::sentences(answer);
    let opening = sentences
        .first()
        .map(|s| crate::text::excerpt(s, 80))
        .unwrap_or_default();
    if fb.words == 0 {
        return Relevance {
            addresses: false,
            reason: "There is no answer yet.".into(),
        };
    }
    if kind == crate::Kind::Behavioural
        && !star.situation.present
        && !star.action.present
        && !takes_up_topic(question, &sentences)
    {
        return Relevance {
            addresses: false,
            reason: format!(
                "The question asks for one specific time ({}), and the answer tells none and never takes up its subject: it goes from \"{opening}\" to other things.",
                topic(question)
            ),
        };
    }
    if about_the_company().is_match(question) && !names_the_company().is_match(answer) {
        return Relevance {
            addresses: false,
            reason: "The question asks about the company, and the answer talks only about you: it never mentions them.".into(),
        };
    }
    let reason = if kind == crate::Kind::Behavioural {
        "It tells one specific time, as the question asks.".to_string()
    } else {
        "Nothing in it points away from the question.".to_string()
    };
    Relevance {
        addresses: true,
        reason,
    }
}

/// Words of a question's topic that name no subject on their own.
const GENERIC: &[&str] = &[
    "time", "work", "job", "handl", "deal", "situat", "exampl", "describ", "mak", "made", "took",
    "tak", "had", "hav", "get", "got", "someth", "someone", "person", "peopl", "way", "moment",
    "occas", "last", "recent",
];

/// Whether a word of the question's topic comes back in the answer, beyond
/// an opening that only repeats the question ("Hmm, failed.").
fn takes_up_topic(question: &str, sentences: &[&str]) -> bool {
    let wanted: Vec<String> = crate::text::content_stems(&topic(question))
        .into_iter()
        .filter(|w| !GENERIC.contains(&w.as_str()))
        .collect();
    if wanted.is_empty() {
        return true;
    }
    sentences
        .iter()
        .enumerate()
        .filter(|(i, s)| !(*i == 0 && s.split_whitespace().count() <= 5))
        .any(|(_, s)| {
            let have = crate::text::content_stems(s);
            wanted.iter().any(|w| have.iter().any(|h| same_word(w, h)))
        })
}

/// Stems meet when one begins the other and they share four letters or more
/// ("disagr" / "disagre"): the light stemmer does not always bring a word's
/// forms to one stem.
fn same_word(a: &str, b: &str) -> bool {
    a == b || (a.len().min(b.len()) >= 4 && (a.starts_with(b) || b.starts_with(a)))
}
