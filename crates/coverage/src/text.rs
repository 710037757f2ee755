//! Text analysis for matching: a text becomes its content terms (stems),
//! the lexicon terms it names (by canonical name) and the related concepts
//! it touches, each with the surface words that showed it, so a match can
//! say why. Also sentence splitting and the cues that tell a note did not
//! really show a subject (negation, "nothing to add", an interviewer's
//! remark, a forgotten point).

use std::cell::RefCell;
// Keys are short strings hashed thousands of times per ledger: FxHash,
// not SipHash (no untrusted keys reach these maps from the network).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

use round2_extract::{stem, tokenize, Lexicon, MentionKind, STOPWORDS};

use crate::related::CONCEPTS;

/// Words that carry no subject in postings and interview questions
/// ("3+ years of experience", "tell me about a time"). Lower case.
const FILLER: &[&str] = &[
    "ability",
    "able",
    "another",
    "background",
    "bring",
    "comfort",
    "comfortable",
    "describe",
    "e.g",
    "especially",
    "etc",
    "even",
    "example",
    "excellent",
    "experience",
    "experienced",
    "exposure",
    "familiarity",
    "fine",
    "give",
    "good",
    "great",
    "hands-on",
    "happy",
    "ideally",
    "including",
    "knowledge",
    "least",
    "like",
    "lot",
    "one",
    "plus",
    "preferred",
    "proven",
    "real",
    "really",
    "related",
    "similar",
    "solid",
    "something",
    "strong",
    "tell",
    "thing",
    "things",
    "think",
    "time",
    "understanding",
    "want",
    "way",
    "well",
    "year",
    "years",
    "yes",
];

fn is_filler(lower: &str) -> bool {
    FILLER.binary_search(&lower).is_ok()
}

/// Words postings and questions use around the subject ("build and run",
/// "work closely with", "take part in", "stakeholder management"): content,
/// but weak evidence.
const WEAK: &[&str] = &[
    "build",
    "create",
    "deliver",
    "develop",
    "drive",
    "ensure",
    "execute",
    "handle",
    "help",
    "improve",
    "make",
    "manage",
    "management",
    "own",
    "part",
    "run",
    "support",
    "take",
    "track",
    "use",
    "work",
    // role and group nouns: context, not a competency
    "colleague",
    "company",
    "developer",
    "engineer",
    "group",
    "job",
    "people",
    "person",
    "role",
    "someone",
    "team",
];

fn weak_stems() -> &'static HashSet<String> {
    static STEMS: OnceLock<HashSet<String>> = OnceLock::new();
    STEMS.get_or_init(|| WEAK.iter().map(|w| stem(w)).collect())
}

/// The weight factor of a stem in a query: weak words count less.
pub(crate) fn weak_factor(stem: &str) -> f32 {
    if weak_stems().contains(stem) {
        0.3
    } else {
        1.0
    }
}

/// A word of a text: its surface form, lower case, stem, and whether it is a
/// content word (not punctuation, stopword, filler or a bare number).
#[derive(Debug, Clone)]
pub(crate) struct Word {
    pub surface: String,
    pub stem: String,
    pub content: bool,
    /// Inside parentheses: an aside, weighed less in a query.
    pub aside: bool,
}

/// The analysed form of one text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Doc {
    pub words: Vec<Word>,
    /// content stem → first surface form
    pub stems: HashMap<String, String>,
    /// the content stems, sorted (for prefix search)
    pub sorted: Vec<String>,
    /// lexicon canonical → surface text, and which word indexes it covers
    pub lex: HashMap<String, String>,
    pub lex_at: Vec<Option<String>>,
    /// Words inside a named technology or product ("Kafka", "GA4"): a
    /// knowledge term of the lexicon written with a capital. Related terms
    /// do not show a named tool; only the tool or its synonyms do.
    pub named_at: Vec<bool>,
    /// concept index → first surface phrase
    pub concepts: HashMap<usize, String>,
    /// concept index → how many distinct phrases of it the text has
    pub concept_hits: HashMap<usize, usize>,
    /// for each word: the concepts whose phrase covers it
    pub concepts_at: Vec<Vec<usize>>,
}

/// Concept phrases as stem sequences, computed once.
pub(crate) struct ConceptIndex {
    /// first stem → (concept, phrase id, phrase stems)
    by_first: HashMap<String, Vec<(usize, usize, Vec<String>)>>,
}

impl ConceptIndex {
    pub fn build() -> Self {
        let mut by_first: HashMap<String, Vec<(usize, usize, Vec<String>)>> = HashMap::default();
        let mut pid = 0;
        for (ci, c) in CONCEPTS.iter().enumerate() {
            for m in c.members {
                let stems: Vec<String> = tokenize(m)
                    .iter()
                    .filter(|t| t.text.chars().any(char::is_alphanumeric))
                    .map(|t| stem(&t.text))
                    .collect();
                if let Some(first) = stems.first() {
                    by_first
                        .entry(first.clone())
                        .or_default()
                        .push((ci, pid, stems.clone()));
                    pid += 1;
                }
            }
        }
        ConceptIndex { by_first }
    }
}

/// The stem of a token and whether it is a content word (not a stopword,
/// filler, bare number or single character).
fn word_info(token: &str) -> (String, bool) {
    let lower = fold(token);
    let content = STOPWORDS.binary_search(&lower.as_str()).is_err()
        && !is_filler(&lower)
        && !lower
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '+'))
        && lower.chars().count() > 1;
    (stem(&lower), content)
}

/// Tokens repeat across the texts of one ledger and stemming allocates, so
/// keep [`word_info`] in a small per-thread cache keyed by the token as
/// written (cleared when it grows past a bound).
fn cached_word_info(token: &str) -> (String, bool) {
    thread_local! {
        static CACHE: RefCell<HashMap<String, (String, bool)>> = RefCell::new(HashMap::default());
    }
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if let Some((s, content)) = c.get(token) {
            return (s.clone(), *content);
        }
        if c.len() > 50_000 {
            c.clear();
        }
        let info = word_info(token);
        c.insert(token.to_string(), info.clone());
        info
    })
}

fn fold(s: &str) -> String {
    if !s.contains('\u{2019}') && !s.chars().any(char::is_uppercase) {
        return s.to_string();
    }
    s.replace('\u{2019}', "'").to_lowercase()
}

/// Analyse `text`: words, content stems, lexicon terms, concepts.
pub(crate) fn analyze(text: &str, lexicon: &Lexicon, concepts: &ConceptIndex) -> Doc {
    let mut doc = analyze_words(text, lexicon, concepts);
    for w in &doc.words {
        if w.content {
            doc.stems
                .entry(w.stem.clone())
                .or_insert_with(|| w.surface.clone());
        }
    }
    doc.sorted = doc.stems.keys().cloned().collect();
    doc.sorted.sort_unstable();
    doc
}

/// [`analyze`] without the content stem lookups (`stems` and `sorted` are
/// left empty), for a caller that indexes the words itself.
pub(crate) fn analyze_words(text: &str, lexicon: &Lexicon, concepts: &ConceptIndex) -> Doc {
    let mut words = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0i32;
    for t in tokenize(text) {
        match t.text.as_str() {
            "(" | "[" => depth += 1,
            ")" | "]" => depth = (depth - 1).max(0),
            _ => {}
        }
        if !t.text.chars().any(char::is_alphanumeric) {
            continue;
        }
        spans.push((t.start, t.end));
        let (stem, content) = cached_word_info(&t.text);
        words.push(Word {
            stem,
            surface: t.text,
            content,
            aside: depth > 0,
        });
    }
    let mut doc = Doc {
        lex_at: vec![None; words.len()],
        named_at: vec![false; words.len()],
        concepts_at: vec![Vec::new(); words.len()],
        ..Doc::default()
    };
    // Lexicon terms: re-find on the text and map byte spans to word indexes
    // through the surface sequence.
    let matches = lexicon.find(text);
    if !matches.is_empty() {
        for m in matches {
            for (i, &(start, end)) in spans.iter().enumerate() {
                if start >= m.start && end <= m.end {
                    if let Some(slot) = doc.lex_at.get_mut(i) {
                        *slot = Some(m.canonical.clone());
                    }
                    if m.kind == MentionKind::Knowledge && m.text.chars().any(char::is_uppercase) {
                        if let Some(slot) = doc.named_at.get_mut(i) {
                            *slot = true;
                        }
                    }
                }
            }
            doc.lex.entry(m.canonical).or_insert(m.text);
        }
    }
    // Concepts: phrase match on stems.
    let mut seen_phrases: HashSet<usize> = HashSet::default();
    let mut span_len = vec![0usize; words.len()];
    for i in 0..words.len() {
        let Some(cands) = concepts.by_first.get(&words[i].stem) else {
            continue;
        };
        for (ci, pid, phrase) in cands {
            let n = phrase.len();
            if i + n <= words.len()
                && words[i..i + n]
                    .iter()
                    .zip(phrase)
                    .all(|(w, p)| &w.stem == p)
            {
                let surface = words[i..i + n]
                    .iter()
                    .map(|w| w.surface.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                if seen_phrases.insert(*pid) {
                    *doc.concept_hits.entry(*ci).or_default() += 1;
                }
                doc.concepts.entry(*ci).or_insert(surface);
                // Longest phrase wins: "event log" is not "logs".
                for (slot, len) in doc.concepts_at[i..i + n]
                    .iter_mut()
                    .zip(&mut span_len[i..i + n])
                {
                    if n > *len {
                        slot.clear();
                        *len = n;
                    }
                    if n == *len && !slot.contains(ci) {
                        slot.push(*ci);
                    }
                }
            }
        }
    }
    doc.words = words;
    doc
}

/// Sentences of a note: split after `.`, `!`, `?` followed by a space, and
/// at line breaks and semicolons.
pub(crate) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let boundary = match c {
            '\n' | ';' => true,
            '.' | '!' | '?' => bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()),
            _ => false,
        };
        if boundary {
            let s = text[start..=i].trim();
            if s.chars().any(char::is_alphanumeric) {
                out.push(s);
            }
            start = i + c.len_utf8();
        }
    }
    let s = text[start..].trim();
    if s.chars().any(char::is_alphanumeric) {
        out.push(s);
    }
    out
}

fn lower_words(sentence: &str) -> Vec<String> {
    tokenize(sentence)
        .into_iter()
        .filter(|t| t.text.chars().any(char::is_alphanumeric))
        .map(|t| fold(&t.text))
        .collect()
}

const FIRST_PERSON: &[&str] = &["i", "i'm", "i've", "i'd", "i'll", "my", "myself", "mine"];

const NEGATIONS: &[&str] = &[
    "not", "never", "nothing", "didn't", "don't", "doesn't", "haven't", "hasn't", "hadn't",
    "couldn't", "wasn't", "weren't", "wouldn't", "can't", "cannot", "won't", "isn't", "aren't",
];

/// Phrases that say the candidate did not show the subject, wherever they are.
const NOTHING_TO_ADD: &[&str] = &[
    "nothing to add",
    "not much to add",
    "little to add",
    "much to add",
    "no idea",
    "no clue",
    "no experience",
    "drew a blank",
    "blanked",
    "wasn't sure",
    "not sure",
    "not familiar",
    "unfamiliar with",
    "couldn't answer",
    "didn't know",
    "don't know",
    "never used",
    "never worked",
    "haven't used",
    "haven't worked",
];

/// Words that count a span of years ("two years at an agency").
const COUNT_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "fifteen", "twenty", "several", "many",
];

/// Verbs a note uses for going through something in order.
const WALK_VERBS: &[&str] = &[
    "walked", "walk", "walking", "took", "take", "ran", "run", "went", "go", "talked", "talk",
];

/// What "my ___" names when it is the candidate's career as a whole.
const CAREER_WORDS: &[&str] = &[
    "path",
    "background",
    "career",
    "resume",
    "résumé",
    "cv",
    "history",
    "experience",
];

/// Whether a span of years is counted in `words` ("six years", "3 years").
fn counts_years(words: &[String]) -> bool {
    words.windows(2).any(|p| {
        (COUNT_WORDS.contains(&p[0].as_str()) || p[0].trim_end_matches('+').parse::<u32>().is_ok())
            && (p[1] == "years" || p[1] == "year" || p[1] == "yrs")
    })
}

/// Whether a note opens by going through the candidate's career: "Walked
/// Priya through my six years: ...", "Bridget went over my background:
/// ...". Such a summary names the jobs and how long, so it shows the
/// experience a posting asks for, not each duty of the role its words
/// touch in passing.
pub(crate) fn walks_through_career(note: &str) -> bool {
    let Some(first) = sentences(note).into_iter().next() else {
        return false;
    };
    let words = lower_words(first);
    let walks = words.iter().enumerate().any(|(i, w)| {
        WALK_VERBS.contains(&w.as_str())
            && words[i + 1..]
                .iter()
                .take(3)
                .any(|x| x == "through" || x == "over")
    });
    let career = words
        .windows(2)
        .any(|p| p[0] == "my" && CAREER_WORDS.contains(&p[1].as_str()));
    walks && (career || counts_years(&words))
}

/// Words that make a requirement one of experience or credentials (years,
/// a background, a degree, a licence) rather than a duty of the role.
const CREDENTIAL_WORDS: &[&str] = &[
    "experience",
    "experienced",
    "background",
    "degree",
    "licence",
    "license",
    "licensed",
    "certification",
    "certificate",
    "certified",
    "qualification",
    "qualified",
    "diploma",
    "registration",
    "registered",
    "designation",
];

/// Whose "experience" is not the candidate's ("a great guest experience").
const EXPERIENCE_OF_OTHERS: &[&str] = &[
    "guest",
    "customer",
    "user",
    "patient",
    "member",
    "employee",
    "client",
    "shopper",
    "candidate",
    "visitor",
    "player",
    "learner",
    "student",
];

/// Whether a requirement asks for experience or credentials ("5+ years of
/// UX research experience", "a law degree", "Colorado PT license") rather
/// than naming a duty ("Coach and develop your managers").
pub(crate) fn asks_for_credentials(requirement: &str) -> bool {
    let words = lower_words(requirement);
    counts_years(&words)
        || words.iter().enumerate().any(|(i, w)| {
            CREDENTIAL_WORDS.contains(&w.as_str())
                && !(w == "experience"
                    && i > 0
                    && EXPERIENCE_OF_OTHERS.contains(&words[i - 1].trim_end_matches('s')))
        })
}

/// Why a sentence of a note does not count as the candidate showing a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Discount {
    /// The candidate says they had nothing to add, did not know, never did it.
    Negated,
    /// The interviewer said it; nothing shows the candidate's part.
    InterviewerRemark,
}

const REPORT_VERBS: &[&str] = &[
    "complained",
    "vented",
    "warned",
    "said",
    "says",
    "mentioned",
    "mentions",
    "explained",
    "explains",
    "noted",
    "described",
    "shared",
    "told",
    "pointed",
    "talked",
    "spoke",
    "brought",
    "walked",
    "showed",
];

/// Whether a sentence of a note counts, and if not, why.
pub(crate) fn discount(sentence: &str, interviewer: Option<&str>) -> Option<Discount> {
    let lower = fold(sentence);
    if NOTHING_TO_ADD.iter().any(|p| contains_phrase(&lower, p)) {
        return Some(Discount::Negated);
    }
    let words = lower_words(sentence);
    let first_person = |w: &String| FIRST_PERSON.contains(&w.as_str());
    // A negation right after a first-person subject, or opening a sentence
    // with a dropped subject ("Didn't get to the testing part").
    for (i, w) in words.iter().enumerate() {
        if NEGATIONS.contains(&w.as_str()) {
            let from = i.saturating_sub(3);
            if i == 0 || words[from..i].iter().any(first_person) {
                return Some(Discount::Negated);
            }
        }
    }
    // "Imani mentioned their events all go through Kafka." The subject is
    // the interviewer and the candidate does not appear.
    let names: Vec<String> = interviewer.map(lower_words).unwrap_or_default();
    let first_tokens: Vec<&str> = tokenize(sentence)
        .into_iter()
        .filter(|t| t.text.chars().any(char::is_alphanumeric))
        .take(3)
        .map(|t| {
            if t.text.starts_with(char::is_uppercase) {
                "Cap"
            } else {
                "low"
            }
        })
        .collect();
    let subject_is_other = words.first().is_some_and(|w| {
        matches!(w.as_str(), "he" | "she" | "they" | "interviewer" | "the")
            || names.contains(w)
            || (first_tokens.first() == Some(&"Cap")
                && !FIRST_PERSON.contains(&w.as_str())
                && w != "we")
    });
    let reports = words
        .iter()
        .skip(1)
        .take(3)
        .any(|w| REPORT_VERBS.contains(&w.as_str()));
    if subject_is_other && reports && !words.iter().any(first_person) {
        return Some(Discount::InterviewerRemark);
    }
    None
}

fn contains_phrase(haystack: &str, phrase: &str) -> bool {
    let mut from = 0;
    while let Some(pos) = haystack[from..].find(phrase) {
        let s = from + pos;
        let e = s + phrase.len();
        let before_ok = haystack[..s]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = haystack[e..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return true;
        }
        from = s + 1;
        while !haystack.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// The part of a `forgot` note that names what was forgotten: what follows
/// "forgot (to mention|about)" or "didn't mention", else the whole note.
pub(crate) fn forgotten_part(text: &str) -> &str {
    let lower = fold(text);
    // `fold` keeps byte lengths except for the typographic apostrophe (3
    // bytes → 1); only cut when the lengths agree.
    if lower.len() != text.len() {
        return text;
    }
    const CUES: &[&str] = &[
        "forgot to mention",
        "forgot to bring up",
        "forgot to talk about",
        "forgot to say",
        "forgot to ask about",
        "forgot about",
        "didn't mention",
        "never mentioned",
        "did not mention",
        "forgot",
    ];
    for cue in CUES {
        if let Some(pos) = lower.find(cue) {
            let rest = text[pos + cue.len()..].trim();
            if rest.chars().filter(|c| c.is_alphanumeric()).count() >= 3 {
                return rest;
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences() {
        assert_eq!(
            sentences("Imani mentioned Kafka. I didn't have much to add there."),
            ["Imani mentioned Kafka.", "I didn't have much to add there."]
        );
        assert_eq!(sentences("v2 path vs. 1.5 ok"), ["v2 path vs.", "1.5 ok"]);
    }

    #[test]
    fn a_walk_through_the_career_is_told_from_a_discussion() {
        for note in [
            "Walked Priya through my six years: two at a ticketing startup, then four at Meadowlark.",
            "Bridget went over my background: MSW from Portland State in 2023, then three years at Riverbend.",
            "Walked Rukhsana through Pemberton Gaunt: two years as a paralegal, mostly debt recovery.",
            "Took him through my resume, then the Acme years.",
        ] {
            assert!(walks_through_career(note), "{note}");
        }
        for note in [
            "She asked me to walk through a full RFP. Did the linen one over three years.",
            "Walked her through the rota I built for the two sites.",
            "Talked about my two years of night shifts.",
            "Mateo asked how I balance hands-on work and exercise.",
        ] {
            assert!(!walks_through_career(note), "{note}");
        }
    }

    #[test]
    fn credentials_are_told_from_duties() {
        for r in [
            "5+ years of UX research experience on a product team",
            "A law degree (LLB) or equivalent",
            "Colorado PT license, or eligible by start date",
            "3 years in public-sector procurement",
            "Experience with a WMS",
            "Background in payments, invoicing or ledger systems",
        ] {
            assert!(asks_for_credentials(r), "{r}");
        }
        for r in [
            "Coach and develop your managers: two AGMs and a bar manager",
            "Manage and grow a team of two",
            "Deliver a great guest experience every shift",
            "Liaise with clients, counsel's clerks and court staff",
        ] {
            assert!(!asks_for_credentials(r), "{r}");
        }
    }

    #[test]
    fn discounts() {
        assert_eq!(
            discount("I didn't have much to add there.", None),
            Some(Discount::Negated)
        );
        assert_eq!(
            discount(
                "Imani mentioned their invoice events all go through Kafka.",
                Some("Imani Okafor")
            ),
            Some(Discount::InterviewerRemark)
        );
        assert_eq!(
            discount(
                "She said they use Kafka, and I told her about my consumers.",
                None
            ),
            None
        );
        assert_eq!(
            discount("He warned that the on-call rota is heavy.", None),
            Some(Discount::InterviewerRemark)
        );
        assert_eq!(discount("Walked him through the rate limiter.", None), None);
        assert_eq!(
            discount("We talked about their NPS push.", Some("Colette Araújo")),
            None
        );
    }

    #[test]
    fn forgotten() {
        assert_eq!(
            forgotten_part("I said merged. Totally forgot to mention the test suites I write."),
            "the test suites I write."
        );
        assert_eq!(forgotten_part("Forgot!"), "Forgot!");
    }
}

#[cfg(test)]
mod table_tests {
    use super::*;

    #[test]
    fn filler_sorted_and_weak_are_stems() {
        let mut f = FILLER.to_vec();
        f.sort_unstable();
        assert_eq!(f, FILLER);
        assert_eq!(weak_factor(&stem("managing")), 0.3);
        assert_eq!(weak_factor(&stem("Kafka")), 1.0);
    }
}
