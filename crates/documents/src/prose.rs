//! Splice scars: the marks that show a sentence was pasted together from a
//! candidate's shorthand rather than written by a person. The documents use
//! these checks on their own output (a topic phrase that would leave a scar
//! is not used), and the tests and `round2-eval words` count them over every
//! generated sentence.
//!
//! The checks are about form, never about a profession's words: a doubled
//! word, a cut-off or an ellipsis, a lowercase "i", "about" followed by a
//! word that cannot start a topic, a sentence's first word spliced into the
//! middle of another, the person the note is written to named in the third
//! person, a note to self, and shorthand no one writes in a letter.

use std::collections::BTreeSet;
use std::fmt;

/// One mark of a splice, with the words that show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scar {
    /// The same word twice in a row ("the the").
    DoubledWord(String),
    /// An ellipsis or a sentence ending on a word that needs more after it.
    CutOff(String),
    /// Punctuation doubled or misplaced: "Ltd..", ",.", "?.", " ,".
    Punctuation(String),
    /// A lowercase "i" standing for the candidate.
    LowercaseI,
    /// "about" followed by a word that cannot start what one talks about:
    /// "about to walk through", "about Talked", "about I".
    AboutWhat(String),
    /// A word capitalised mid-sentence that only ever starts a sentence
    /// ("our conversation about Talked formularies").
    SplicedCapital(String),
    /// A person named and then a verb, where a topic should be: "about
    /// Marcus commutes by ferry".
    ClauseAsTopic(String),
    /// The reader named in the third person ("Priya asked...", in a note to Priya).
    AddresseeNamed(String),
    /// A note to self: "(check with ... first)", "lol", "TODO".
    NoteToSelf(String),
    /// Shorthand: "w/", "b/c", "->", "~40".
    Shorthand(String),
    /// An opening bracket or quote without its closing one.
    Unbalanced(char),
}

impl fmt::Display for Scar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scar::DoubledWord(w) => write!(f, "doubled word `{w}`"),
            Scar::CutOff(w) => write!(f, "cut off at `{w}`"),
            Scar::Punctuation(p) => write!(f, "punctuation `{p}`"),
            Scar::LowercaseI => f.write_str("lowercase `i`"),
            Scar::AboutWhat(w) => write!(f, "`about {w}`"),
            Scar::SplicedCapital(w) => write!(f, "`{w}` capitalised mid-sentence"),
            Scar::ClauseAsTopic(w) => write!(f, "a clause where a topic should be: `{w}`"),
            Scar::AddresseeNamed(w) => write!(f, "the reader named in the third person: `{w}`"),
            Scar::NoteToSelf(w) => write!(f, "a note to self: `{w}`"),
            Scar::Shorthand(w) => write!(f, "shorthand `{w}`"),
            Scar::Unbalanced(c) => write!(f, "unbalanced `{c}`"),
        }
    }
}

/// What a check needs to know besides the sentence.
#[derive(Debug, Clone, Default)]
pub struct Reader<'a> {
    /// The person the text is written or said to, by full name.
    pub addressee: Option<&'a str>,
    /// Names of people in the records (interviewers, colleagues).
    pub people: &'a [&'a str],
    /// Words the records capitalise in the middle of a sentence (names,
    /// products, places): they may be capitalised here too.
    pub proper: Option<&'a BTreeSet<String>>,
}

/// Words that end a sentence only when something was cut after them.
const NEEDS_MORE: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "to", "with", "for", "in", "on", "at", "by", "my", "our",
    "your", "their", "but", "so", "as", "from", "about", "that", "which", "than", "into",
];

/// Words that start a sentence and are never capitalised inside one.
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "we",
    "he",
    "she",
    "they",
    "it",
    "his",
    "her",
    "their",
    "our",
    "my",
    "this",
    "that",
    "these",
    "those",
    "there",
    "then",
    "so",
    "and",
    "but",
    "also",
    "just",
    "when",
    "if",
    "told",
    "asked",
    "said",
    "talked",
    "walked",
    "went",
    "spent",
    "got",
    "had",
    "was",
    "were",
    "did",
    "made",
    "gave",
    "showed",
    "mentioned",
    "explained",
    "described",
    "discussed",
    "forgot",
    "send",
    "email",
    "sounds",
    "seems",
    "mostly",
    "yes",
    "no",
    "about",
    "never",
];

/// Words that can follow "about" only as the start of a clause or an
/// infinitive, which "our conversation about ___" cannot take.
const NOT_AFTER_ABOUT: &[&str] = &[
    "to", "for", "i", "i'd", "i'm", "i've", "we", "he", "she", "they", "it's", "is", "was", "were",
    "are", "did", "does", "do", "said", "told", "asked", "talked", "walked", "if", "and", "but",
    "so", "of", "about",
];

/// Asides a person keeps to themselves.
const SELF_TALK: &[&str] = &[
    "lol", "ugh", "argh", "haha", "hmm", "todo", "tbd", "fyi", "btw", "omg", "idk", "imo", "tbh",
];

/// Verbs that open an instruction to oneself inside brackets.
const SELF_INSTRUCTIONS: &[&str] = &[
    "check",
    "ask",
    "remember",
    "confirm",
    "make",
    "remove",
    "double-check",
    "need",
    "don't",
    "verify",
    "find",
    "look",
    "redact",
    "get",
    "todo",
];

fn bare(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .replace('’', "'")
}

fn is_capitalised(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase) && cs.all(|c| !c.is_uppercase())
}

/// Every scar of one sentence (or of one line said aloud).
pub fn scars(sentence: &str, reader: &Reader<'_>) -> Vec<Scar> {
    let mut out = Vec::new();
    let s = sentence.trim();
    let tokens: Vec<&str> = s.split_whitespace().collect();
    let words: Vec<String> = tokens.iter().map(|t| bare(t)).collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();

    for pair in lower.windows(2) {
        if !pair[0].is_empty() && pair[0] == pair[1] && !pair[0].chars().all(|c| c.is_ascii_digit())
        {
            out.push(Scar::DoubledWord(pair[0].clone()));
        }
    }
    if s.contains('…') || s.contains("...") {
        out.push(Scar::CutOff("…".into()));
    } else if let Some(last) = lower.last() {
        let ends_sentence = s.ends_with(['.', '!', '?', ':']);
        if ends_sentence && NEEDS_MORE.contains(&last.as_str()) {
            out.push(Scar::CutOff(last.clone()));
        }
    }
    for p in ["..", ",.", "?.", "!.", " ,", " .", ";.", ":."] {
        if p == ".." && s.contains("...") {
            continue;
        }
        if s.contains(p) {
            out.push(Scar::Punctuation(p.trim().to_string()));
        }
    }
    // "a.m., then" is English; "a potassium of 6.9., and" is a splice.
    if s.match_indices(".,").any(|(i, _)| {
        s[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit())
    }) {
        out.push(Scar::Punctuation(".,".into()));
    }
    if lower
        .iter()
        .zip(&words)
        .any(|(l, w)| w.starts_with('i') && matches!(l.as_str(), "i" | "i'm" | "i'd" | "i've"))
    {
        out.push(Scar::LowercaseI);
    }
    for (i, w) in lower.iter().enumerate() {
        if w == "about" {
            if let Some(next) = lower.get(i + 1) {
                let raw = &words[i + 1];
                let spliced = raw.len() > 1
                    && is_capitalised(raw)
                    && SENTENCE_STARTERS.contains(&next.as_str());
                if NOT_AFTER_ABOUT.contains(&next.as_str()) || spliced {
                    out.push(Scar::AboutWhat(raw.clone()));
                }
            }
        }
    }
    // Capitalised mid-sentence: after a word that does not end a clause.
    for i in 1..words.len() {
        let prev = tokens[i - 1];
        if prev.ends_with([':', '.', '!', '?', '"', '“']) || tokens[i].starts_with(['"', '“']) {
            continue;
        }
        let w = &words[i];
        if w.len() < 2 || !is_capitalised(w) || w == "I" || w.starts_with("I'") {
            continue;
        }
        let l = &lower[i];
        let allowed = reader.proper.is_some_and(|p| p.contains(w.as_str()))
            || reader
                .people
                .iter()
                .any(|n| n.split_whitespace().any(|x| x == w));
        let starter = SENTENCE_STARTERS.contains(&l.as_str())
            || (l.ends_with("ed") && l.len() > 4 && reader.proper.is_some());
        if starter && !allowed {
            out.push(Scar::SplicedCapital(w.clone()));
        }
    }
    // A person's name then a finite verb, right after "about".
    for i in 0..words.len().saturating_sub(2) {
        if lower[i] != "about" {
            continue;
        }
        let name = &words[i + 1];
        let is_person = reader
            .people
            .iter()
            .any(|n| n.split_whitespace().any(|x| x == name));
        let verb = &lower[i + 2];
        let finite = (verb.ends_with("ed") || verb.ends_with('s'))
            && !verb.ends_with("'s")
            && !tokens[i + 1].ends_with([',', ':']);
        if is_person && finite {
            out.push(Scar::ClauseAsTopic(format!("{name} {}", words[i + 2])));
        }
    }
    if let Some(first) = reader
        .addressee
        .map(|a| round2_core::PersonName::parse(a).given)
    {
        for (i, w) in words.iter().enumerate() {
            let is_name = w == first || w.strip_suffix("'s") == Some(first);
            if !is_name {
                continue;
            }
            let prev = i.checked_sub(1).map(|p| tokens[p]);
            let greeting = prev.is_some_and(|p| matches!(p, "Dear" | "Hello" | "Hi"));
            let vocative =
                tokens[i].ends_with([',', '.', '!', '?']) && prev.is_none_or(|p| p.ends_with(','));
            if !(greeting || vocative) {
                out.push(Scar::AddresseeNamed(w.clone()));
            }
        }
    }
    for l in &lower {
        if SELF_TALK.contains(&l.as_str()) {
            out.push(Scar::NoteToSelf(l.clone()));
        }
    }
    let mut rest = s;
    while let Some(open) = rest.find('(') {
        let inside = &rest[open + 1..];
        let end = inside.find(')').unwrap_or(inside.len());
        let first = inside[..end]
            .split_whitespace()
            .next()
            .map(|w| w.to_lowercase())
            .unwrap_or_default();
        if SELF_INSTRUCTIONS.contains(&first.as_str()) || inside[..end].contains('?') {
            out.push(Scar::NoteToSelf(format!("({})", &inside[..end])));
        }
        rest = &inside[end.min(inside.len())..];
    }
    for t in &tokens {
        let l = t.to_lowercase();
        if l.contains("w/") || l == "b/c" || l.contains("->") || l == "+" || l.starts_with('~') {
            out.push(Scar::Shorthand((*t).to_string()));
        }
    }
    for (open, close) in [('(', ')'), ('[', ']'), ('“', '”')] {
        if s.matches(open).count() != s.matches(close).count() {
            out.push(Scar::Unbalanced(open));
        }
    }
    if s.matches('"').count() % 2 == 1 {
        out.push(Scar::Unbalanced('"'));
    }
    out
}

/// Whether a word ending in a period is an abbreviation ("a.m.", "U.S.",
/// "Dr."), not a word or a number ("6.9.") ending a sentence.
pub(crate) fn is_abbreviation(word: &str) -> bool {
    let core = word.trim_end_matches('.');
    (core.contains('.') && core.chars().any(char::is_alphabetic)) || ABBREVIATIONS.contains(&core)
}

/// The sentences of a text: split after `.`, `!` or `?` followed by a space
/// and a capital (or a digit, a currency sign or a quote), and at line breaks. Abbreviations
/// such as "Ltd." or "a.m." mid-sentence stay inside their sentence.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut start = 0;
        for (k, (i, c)) in chars.iter().enumerate() {
            if !matches!(c, '.' | '!' | '?') {
                continue;
            }
            let next = chars.get(k + 1).map(|x| x.1);
            let after = chars.get(k + 2).map(|x| x.1);
            let boundary = next == Some(' ')
                && after.is_some_and(|a| {
                    a.is_uppercase() || a.is_ascii_digit() || "\"“'‘$£€".contains(a)
                });
            let word_before = line[start..*i].split_whitespace().last().unwrap_or("");
            // "6 a.m. on Monday" and "Dr. Okafor" stay whole, but "at 3 a.m.
            // Said only..." ends a sentence: the next word only starts one.
            let next_word: String = line[i + 1..]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == '\'')
                .collect::<String>()
                .to_lowercase();
            let starts_one = SENTENCE_STARTERS.contains(&next_word.as_str()) || next_word == "i";
            let abbreviation = *c == '.'
                && (ABBREVIATIONS.contains(&word_before)
                    || (is_abbreviation(word_before) && !starts_one));
            if boundary && !abbreviation {
                out.push(line[start..=*i].trim().to_string());
                start = i + 1;
            }
        }
        let tail = line[start..].trim();
        if !tail.is_empty() {
            out.push(tail.to_string());
        }
    }
    out
}

const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "St", "Co", "Inc", "Ltd", "No", "Jr", "Sr",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn check(s: &str) -> Vec<Scar> {
        let people = ["Marcus Bell", "Elliot Marchbanks", "Priya Venkataraman"];
        scars(
            s,
            &Reader {
                addressee: Some("Priya Venkataraman"),
                people: &people,
                proper: None,
            },
        )
    }

    #[test]
    fn clean_sentences_have_no_scars() {
        for s in [
            "Thank you for taking the time to speak with me about the Store Manager role at Saltmarsh Outfitters.",
            "I especially enjoyed your question about how I help newer devs.",
            "I also appreciated hearing how you find Medicaid members for studies.",
            "Thank you again, Priya, and I look forward to hearing from you.",
            "Dear Priya,",
            "At Castleford I ran the 5:30 start-up huddles twice a week for two years.",
            "I'd like to be part of what you're building at Fernhollow Tea Co.",
        ] {
            assert_eq!(check(s), Vec::<Scar>::new(), "{s}");
        }
    }

    #[test]
    fn each_scar_of_the_issue_is_found() {
        type Want = fn(&Scar) -> bool;
        let cases: &[(&str, Want)] = &[
            (
                "I also appreciated our conversation about Marcus commutes by ferry too.",
                |s| matches!(s, Scar::ClauseAsTopic(_)),
            ),
            (
                "I especially enjoyed your question about Elliot shared the new cost-estimate screen.",
                |s| matches!(s, Scar::ClauseAsTopic(_)),
            ),
            (
                "I especially enjoyed your question about to walk through a full RFP.",
                |s| matches!(s, Scar::AboutWhat(w) if w == "to"),
            ),
            (
                "I also appreciated our conversation about Talked formularies and prior…",
                |s| matches!(s, Scar::CutOff(_)),
            ),
            (
                "I also appreciated our conversation about Talked formularies and prior auth.",
                |s| matches!(s, Scar::AboutWhat(_)),
            ),
            (
                "It was about the HR Business Partner role at Ridgeback Packaging Ltd..",
                |s| matches!(s, Scar::Punctuation(p) if p == ".."),
            ),
            (
                "As promised, I am sending the calc package for the school hall (check with Tallowwood first).",
                |s| matches!(s, Scar::NoteToSelf(_)),
            ),
            ("I think i can help.", |s| matches!(s, Scar::LowercaseI)),
            ("We talked about the the budget.", |s| {
                matches!(s, Scar::DoubledWord(_))
            }),
            ("I enjoyed hearing how Priya asked about it.", |s| {
                matches!(s, Scar::AddresseeNamed(_))
            }),
            ("We compared streaks lol.", |s| matches!(s, Scar::NoteToSelf(_))),
            ("I worked w/ the team.", |s| matches!(s, Scar::Shorthand(_))),
            ("It ended with (a bracket.", |s| {
                matches!(s, Scar::Unbalanced('('))
            }),
            ("Two things I'd bring: the budget and the.", |s| {
                matches!(s, Scar::CutOff(_))
            }),
            (
                "I enjoyed your question about a potassium of 6.9., and I am happy to discuss it.",
                |s| matches!(s, Scar::Punctuation(p) if p == ".,"),
            ),
        ];
        for (s, want) in cases {
            let found = check(s);
            assert!(found.iter().any(want), "{s}: {found:?}");
        }
    }

    #[test]
    fn sentences_keep_abbreviations_inside() {
        assert_eq!(
            sentences("She asked what should wake someone at 3 a.m. Said only when users feel it."),
            vec![
                "She asked what should wake someone at 3 a.m.",
                "Said only when users feel it."
            ]
        );
        assert_eq!(
            sentences("I met Dr. Okafor at 6 a.m. on Monday. It went well.\nBest regards,"),
            vec![
                "I met Dr. Okafor at 6 a.m. on Monday.",
                "It went well.",
                "Best regards,"
            ]
        );
        assert_eq!(
            sentences("The potassium was 6.9. Called the nurse at 6 a.m. Thursday."),
            vec![
                "The potassium was 6.9.",
                "Called the nurse at 6 a.m. Thursday."
            ]
        );
        assert!(check("We met at 6 a.m., then talked.").is_empty());
        assert_eq!(
            sentences("Asked about CE. $800 a year. 'Better than most,' he said. 5 of us went."),
            vec![
                "Asked about CE.",
                "$800 a year.",
                "'Better than most,' he said.",
                "5 of us went."
            ]
        );
        assert_eq!(
            sentences("I applied to Ridgeback Packaging Ltd. Then I waited."),
            vec!["I applied to Ridgeback Packaging Ltd. Then I waited."]
        );
    }
}
