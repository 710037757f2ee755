//! Answer feedback that explains itself, computed offline from the text of a
//! typed (or transcribed) answer.
//!
//! What it measures:
//! - length: word count and speaking time at [`WORDS_PER_MINUTE`], against
//!   the target for the question's [`Kind`];
//! - fillers ("um", "like", "you know", …) and hedges ("I think", "maybe",
//!   "just", …), each counted, with the common non-filler uses of "like",
//!   "kind of" and "you know" left out ("I'd like to", "looks like", "the kind
//!   of", "do you know");
//! - STAR structure: situation, task, action and result, each with the
//!   sentence that shows it, judged sentence by sentence by the small model
//!   in [`crate::star`] (with the sentence model's vectors when the caller
//!   passes them in);
//! - whether the answer addresses the question ([`crate::relevance`]);
//! - ownership: how often the answer says "I" against "we";
//! - concrete results: numbers, percentages, money, durations, multipliers;
//! - the posting's terms used, and the relevant ones missing.
//!
//! From these it gives at most three suggestions, most important first, each
//! with a `why` that quotes the measurement behind it.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::bank::{Kind, Question};
use crate::relevance::Relevance;
use crate::spoken::{self, Spoken};
use crate::star::{self, Part, SentenceRole, StarModel};
use crate::text::{all_stems, content_stems, excerpt, normalise_apostrophe, regex, words};

/// Speaking rate used for the time estimate.
pub const WORDS_PER_MINUTE: usize = 150;

/// At most this many suggestions are returned.
pub const MAX_SUGGESTIONS: usize = 3;

/// Whether a counted word is a filler or a hedge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FillerKind {
    /// Sound or word that fills a pause ("um", "like", "you know").
    Filler,
    /// Word that softens a claim ("I think", "maybe", "just").
    Hedge,
}

/// One filler or hedge and how often it occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FillerCount {
    /// The filler as written in the list ("um", "you know", "I think").
    pub text: String,
    /// Filler or hedge.
    pub kind: FillerKind,
    /// Occurrences in the answer.
    pub count: usize,
}

/// One part of STAR and the phrase that showed it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StarPart {
    /// Whether the part was found.
    pub present: bool,
    /// An excerpt of the sentence that showed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phrase: Option<String>,
}

/// The STAR structure found in an answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Star {
    /// The context: where, when, what was going on.
    pub situation: StarPart,
    /// The goal or the candidate's responsibility.
    pub task: StarPart,
    /// What the candidate did (or, for a situational question, would do).
    pub action: StarPart,
    /// The outcome.
    pub result: StarPart,
    /// For a situational question: the plan ("First I would…").
    #[serde(default)]
    pub plan: StarPart,
}

impl Star {
    fn part_mut(&mut self, part: Part) -> &mut StarPart {
        match part {
            Part::Situation => &mut self.situation,
            Part::Task => &mut self.task,
            Part::Action => &mut self.action,
            Part::Result => &mut self.result,
        }
    }
}

/// What judged the STAR parts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StarBasis {
    /// The sentence model's vectors and the features of each sentence.
    Meaning,
    /// The features of each sentence (no sentence model installed).
    #[default]
    Words,
    /// Cue phrases (the fallback should the trained model be missing).
    Rules,
}

/// "I" against "we".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ownership {
    /// I, me, my, mine, myself, I'm, I've, I'd, I'll.
    pub i: usize,
    /// We, us, our, ours, ourselves, we're, we've, we'd, we'll.
    pub we: usize,
}

/// What a concrete figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberKind {
    /// "$40k", "€2 million", "300 euros".
    Money,
    /// "35%", "12 percent".
    Percent,
    /// "3 weeks", "two months", "200 ms".
    Duration,
    /// "3x", "doubled", "twice as".
    Multiplier,
    /// Any other number ("14 engineers", "1,200 tickets").
    Count,
}

/// A concrete figure found in the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberFound {
    /// The figure as written.
    pub text: String,
    /// What it measures.
    pub kind: NumberKind,
}

/// One improvement, with the reason behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Stable key: `empty`, `relevance`, `fillers`, `result`, `ownership`,
    /// `action`, `too_long`, `too_short`, `numbers`, `situation`, `task`,
    /// `terms`, and for a spoken answer `pace` and `pauses`.
    pub code: String,
    /// What to do.
    pub text: String,
    /// Why: the measurement that triggered it.
    pub why: String,
}

/// The feedback on one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feedback {
    /// The question kind the answer was judged against.
    pub kind: Kind,
    /// Number of words.
    pub words: usize,
    /// Speaking time at 150 words per minute, in seconds.
    pub seconds_estimate: u32,
    /// Target speaking time for the question kind, in seconds.
    pub target_seconds: u32,
    /// Fillers and hedges found, most frequent first.
    pub fillers: Vec<FillerCount>,
    /// Total fillers and hedges.
    pub filler_total: usize,
    /// STAR structure.
    pub star: Star,
    /// "I" against "we".
    pub ownership: Ownership,
    /// Concrete figures, in order of appearance.
    pub numbers: Vec<NumberFound>,
    /// Posting terms the answer uses.
    pub posting_terms: Vec<String>,
    /// Relevant posting terms the answer does not use.
    pub missing_terms: Vec<String>,
    /// At most three suggestions, most important first.
    pub suggestions: Vec<Suggestion>,
    /// What judged the STAR parts.
    #[serde(default)]
    pub star_basis: StarBasis,
    /// Each sentence with its chance of being each STAR part.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sentences: Vec<SentenceRole>,
    /// Whether the answer addresses the question (known when the question is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relevance: Option<Relevance>,
    /// For an answer given aloud: how it was said (the words above are its
    /// transcript's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spoken: Option<Spoken>,
}

/// What an answer is judged with besides its text.
#[derive(Clone, Copy)]
pub struct Judge<'a> {
    /// The STAR model (normally [`StarModel::builtin`]).
    pub model: &'a StarModel,
    /// The sentence model's vectors of the answer's sentences (see
    /// [`texts_to_embed`]), when it is installed.
    pub vectors: Option<&'a HashMap<String, Vec<f32>>>,
}

impl Judge<'static> {
    /// The shipped STAR model, words only.
    pub fn words() -> Self {
        Judge {
            model: StarModel::builtin(),
            vectors: None,
        }
    }
}

impl<'a> Judge<'a> {
    /// The shipped STAR model with the sentence vectors, when there are any.
    pub fn shipped(vectors: Option<&'a HashMap<String, Vec<f32>>>) -> Self {
        Judge {
            model: StarModel::builtin(),
            vectors,
        }
    }
}

/// Feedback on an answer to `question` with `judge` (see [`feedback_with`]).
pub fn feedback_judged(
    question: &Question,
    answer: &str,
    posting_terms: &[String],
    judge: Judge,
) -> Feedback {
    analyse(
        question.kind,
        Some(&question.text),
        answer,
        posting_terms,
        judge,
        None,
    )
}

/// Feedback on an answer given aloud: its transcript judged as a typed
/// answer is, with the length taken from the real speaking time and advice
/// on pace and long pauses from `spoken`.
pub fn feedback_spoken(
    question: &Question,
    transcript: &str,
    posting_terms: &[String],
    judge: Judge,
    spoken: Spoken,
) -> Feedback {
    analyse(
        question.kind,
        Some(&question.text),
        transcript,
        posting_terms,
        judge,
        Some(spoken),
    )
}

/// The texts whose sentence vectors [`feedback_with`] uses: the answer's
/// sentences.
pub fn texts_to_embed(answer: &str) -> Vec<String> {
    let norm: String = answer.chars().map(normalise_apostrophe).collect();
    star::sentences(&norm)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// Feedback on an answer to a question. `posting_terms` are the skills and
/// knowledge the posting names, most important first (must-haves first).
///
/// A posting term counts as used when its words (stemmed) all appear in the
/// answer. The relevant missing terms are those the question itself names,
/// then, when the answer uses none of the posting's terms, the first three
/// unused ones.
pub fn feedback(question: &Question, answer: &str, posting_terms: &[String]) -> Feedback {
    analyse(
        question.kind,
        Some(&question.text),
        answer,
        posting_terms,
        Judge::words(),
        None,
    )
}

/// Feedback when only the question kind is known (e.g. a free practice answer).
pub fn feedback_for_kind(kind: Kind, answer: &str, posting_terms: &[String]) -> Feedback {
    analyse(kind, None, answer, posting_terms, Judge::words(), None)
}

/// Feedback with an explicit judge: the sentence model's vectors (STAR by
/// meaning), or another STAR model (as the evaluation's cross-validation
/// does). `question` is its text, when known.
pub fn feedback_with(
    kind: Kind,
    question: Option<&str>,
    answer: &str,
    posting_terms: &[String],
    judge: Judge,
) -> Feedback {
    analyse(kind, question, answer, posting_terms, judge, None)
}

fn analyse(
    kind: Kind,
    question_text: Option<&str>,
    answer: &str,
    terms: &[String],
    judge: Judge,
    spoken: Option<Spoken>,
) -> Feedback {
    let norm: String = answer.chars().map(normalise_apostrophe).collect();
    let lower = norm.to_lowercase();
    let tokens = words(&norm);
    let word_count = tokens.len();
    let seconds = (word_count * 60).div_ceil(WORDS_PER_MINUTE);
    let seconds_estimate = u32::try_from(seconds).unwrap_or(u32::MAX);
    let target_seconds = kind.target_seconds();

    let fillers = count_fillers(&lower);
    let filler_total = fillers.iter().map(|f| f.count).sum();
    let ctx = star::Context {
        kind,
        question: question_text,
    };
    let (star, star_basis, sentences) = judge_star(&norm, &ctx, judge);
    let ownership = count_ownership(&tokens);
    let numbers = find_numbers(&norm);
    let (used, missing) = match_terms(&norm, question_text, terms);

    let mut fb = Feedback {
        kind,
        words: word_count,
        seconds_estimate,
        target_seconds,
        fillers,
        filler_total,
        star,
        ownership,
        numbers,
        posting_terms: used,
        missing_terms: missing,
        suggestions: Vec::new(),
        star_basis,
        sentences,
        relevance: None,
        spoken,
    };
    fb.relevance = question_text.map(|q| crate::relevance::judge(q, kind, &norm, &fb));
    fb.suggestions = suggest(&fb, question_text, terms);
    fb
}

// ---------------------------------------------------------------------------
// Fillers and hedges
// ---------------------------------------------------------------------------

struct FillerRule {
    label: &'static str,
    kind: FillerKind,
    pattern: &'static str,
    /// Words which, right before the match, make it not a filler.
    not_after: &'static [&'static str],
}

const DETERMINERS: &[&str] = &[
    "what",
    "the",
    "a",
    "this",
    "that",
    "any",
    "some",
    "which",
    "every",
    "same",
    "one",
    "different",
    "right",
    "wrong",
    "that's",
    "what's",
    "no",
    "another",
    "whatever",
    "these",
    "those",
];

const FILLER_RULES: &[FillerRule] = &[
    FillerRule {
        label: "um",
        kind: FillerKind::Filler,
        pattern: r"\b(?:u+m+|e+r+m+|u+h+m+)\b",
        not_after: &[],
    },
    FillerRule {
        label: "uh",
        kind: FillerKind::Filler,
        pattern: r"\b(?:u+h+|e+h+)\b",
        not_after: &[],
    },
    FillerRule {
        label: "you know",
        kind: FillerKind::Filler,
        pattern: r"\byou know\b",
        not_after: &[
            "do", "did", "don't", "didn't", "if", "would", "let", "will", "whether", "can",
            "could", "should",
        ],
    },
    FillerRule {
        label: "basically",
        kind: FillerKind::Filler,
        pattern: r"\bbasically\b",
        not_after: &[],
    },
    FillerRule {
        label: "actually",
        kind: FillerKind::Filler,
        pattern: r"\bactually\b",
        not_after: &[],
    },
    FillerRule {
        label: "literally",
        kind: FillerKind::Filler,
        pattern: r"\bliterally\b",
        not_after: &[],
    },
    FillerRule {
        label: "I mean",
        kind: FillerKind::Filler,
        pattern: r"\bi mean\b",
        not_after: &[],
    },
    FillerRule {
        label: "I guess",
        kind: FillerKind::Hedge,
        pattern: r"\bi guess\b",
        not_after: &[],
    },
    FillerRule {
        label: "kind of",
        kind: FillerKind::Hedge,
        pattern: r"\bkind of\b",
        not_after: DETERMINERS,
    },
    FillerRule {
        label: "sort of",
        kind: FillerKind::Hedge,
        pattern: r"\bsort of\b",
        not_after: DETERMINERS,
    },
    FillerRule {
        label: "I think",
        kind: FillerKind::Hedge,
        pattern: r"\bi think\b",
        not_after: &[],
    },
    FillerRule {
        label: "maybe",
        kind: FillerKind::Hedge,
        pattern: r"\bmaybe\b",
        not_after: &[],
    },
    FillerRule {
        label: "probably",
        kind: FillerKind::Hedge,
        pattern: r"\bprobably\b",
        not_after: &[],
    },
    FillerRule {
        label: "just",
        kind: FillerKind::Hedge,
        pattern: r"\bjust\b",
        not_after: &[],
    },
];

fn filler_regexes() -> &'static [Regex] {
    static RES: OnceLock<Vec<Regex>> = OnceLock::new();
    RES.get_or_init(|| FILLER_RULES.iter().map(|r| regex(r.pattern)).collect())
}

fn like_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| regex(r"\blike\b"))
}

/// The word right before byte `pos` (lowercase text), if any, and whether a
/// clause boundary (punctuation) comes between it and `pos`.
fn word_before(text: &str, pos: usize) -> (Option<&str>, bool) {
    let head = text.get(..pos).unwrap_or("");
    let trimmed = head.trim_end();
    let boundary = trimmed.is_empty()
        || trimmed.ends_with(|c: char| {
            matches!(c, ',' | '.' | '!' | '?' | ';' | ':' | '-' | '…' | '"' | '(')
        });
    let start = trimmed
        .rfind(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|i| i + trimmed[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let w = trimmed.get(start..).filter(|w| !w.is_empty());
    (w, boundary)
}

/// Is this "like" a filler? Counted when it stands between commas or at the
/// start of a clause, or after a form of "be" or a conjunction ("it was like",
/// "and like"); not after verbs such as "would", "looks", "feel" or "I".
fn like_is_filler(text: &str, start: usize, end: usize) -> bool {
    let (before, boundary) = word_before(text, start);
    let after = text.get(end..).unwrap_or("").trim_start();
    if after.starts_with(',') {
        return true;
    }
    if boundary {
        // "Like I said" is still a filler-ish opener; "like" at clause start counts.
        return true;
    }
    matches!(
        before,
        Some(
            "was"
                | "were"
                | "is"
                | "are"
                | "am"
                | "it's"
                | "he's"
                | "she's"
                | "i'm"
                | "we're"
                | "they're"
                | "and"
                | "so"
                | "but"
                | "um"
                | "uh"
                | "literally"
                | "totally"
                | "be"
                | "been"
                | "or"
                | "because"
                | "then"
        )
    )
}

fn count_fillers(lower: &str) -> Vec<FillerCount> {
    let mut out = Vec::new();
    for (rule, re) in FILLER_RULES.iter().zip(filler_regexes()) {
        let count = re
            .find_iter(lower)
            .filter(|m| {
                let (before, boundary) = word_before(lower, m.start());
                boundary || !before.is_some_and(|b| rule.not_after.contains(&b))
            })
            .count();
        if count > 0 {
            out.push(FillerCount {
                text: rule.label.to_string(),
                kind: rule.kind,
                count,
            });
        }
    }
    let likes = like_regex()
        .find_iter(lower)
        .filter(|m| like_is_filler(lower, m.start(), m.end()))
        .count();
    if likes > 0 {
        out.push(FillerCount {
            text: "like".to_string(),
            kind: FillerKind::Filler,
            count: likes,
        });
    }
    // most frequent first; ties keep list order (stable sort)
    out.sort_by_key(|f| std::cmp::Reverse(f.count));
    out
}

// ---------------------------------------------------------------------------
// STAR
// ---------------------------------------------------------------------------

const SITUATION_PATTERN: &str = r"\b(when i was|while i was|when we were|at my (previous|last|former|current|old|first) (job|role|company|employer|team|position)|in my (previous|last|former|current|old|first) (job|role|position|team|company)|back in|a (few|couple of) (years|months|weeks) ago|(last|that|one|this) (year|summer|quarter|spring|autumn|fall|winter|month)|\d+ (years|months) ago|in (19|20)\d\d|we had (a|an|two|three)|there was (a|an)|our( [a-z]+){1,2} (was|were|had|kept)|the (company|team|project|product|client|customer) (was|had)|the (context|situation|background|setting) was|i was working (at|on|as|for)|i worked (at|on|as|for)|i was (a|an|the) [a-z]+ (at|on|in|for)|i joined)\b";

const TASK_PATTERN: &str = r"\b((my|our) (role|job|task|goal|responsibility|brief|mandate|objective|mission|challenge|target|remit) (was|is|became)|i was (asked|responsible|tasked|in charge|brought in|hired|supposed|expected|assigned|given)|(i|we) (needed|had|wanted|was asked|were asked) to|the (goal|task|challenge|aim|objective|ask|problem|issue|deadline) was|it was (my|up to me)|i had to|i owned|i took (on|ownership))\b";

const ACTION_LEAD: &str = r"\b(i|we)\s+(?:(?:then|first|also|quickly|immediately|personally|finally|eventually|actually|just|and|really|carefully|deliberately)\s+)?([a-z']+)\b";

const ACTION_PLAN: &str = r"\b((i'd|i would|i will|i'll|i'm going to|i would want to|my first step|the first thing i|first, i|step one)\b)";

const RESULT_PATTERN: &str = r"\b(as a result|in the end|the (result|outcome|impact|upshot|payoff) (was|is)|result(ed|s|ing)? in|which (led|meant|saved|cut|reduced|increased|brought|helped|let|allowed|gave)|(that|this) (led|meant|saved|cut|reduced|increased|brought|helped|allowed|gave) |ended up|by the end|at the end of|since then|to this day|(we|i|it|this|that|they|the team|the client|the customer|the project|the feature|the release|sales|revenue|churn|latency|costs?) (reduced|increased|cut|saved|grew|improved|delivered|shipped|launched|won|hit|exceeded|doubled|halved|tripled|raised|lowered|closed|recovered|retained|renewed|dropped|fell|rose|went live|went from|came in|finished|signed|passed|met)|(reduced|increased|cut|saved|grew|improved|dropped|rose|fell|went down|went up|brought down|brought up)\s+(\S+\s+){0,4}?(by|from|to)\s+(\$|€|£)?\d|(was|were|got) (adopted|promoted|praised|recognised|recognized|renewed|approved|accepted|rolled out)|on time|under budget|ahead of schedule)\b";

struct StarRegexes {
    situation: Regex,
    task: Regex,
    action_lead: Regex,
    action_plan: Regex,
    result: Regex,
}

fn star_regexes() -> &'static StarRegexes {
    static RES: OnceLock<StarRegexes> = OnceLock::new();
    RES.get_or_init(|| StarRegexes {
        situation: regex(&format!("(?i){SITUATION_PATTERN}")),
        task: regex(&format!("(?i){TASK_PATTERN}")),
        action_lead: regex(&format!("(?i){ACTION_LEAD}")),
        action_plan: regex(&format!("(?i){ACTION_PLAN}")),
        result: regex(&format!("(?i){RESULT_PATTERN}")),
    })
}

/// A readable excerpt of `sentence` around byte `pos`.
fn phrase_around(sentence: &str, pos: usize) -> String {
    const MAX: usize = 120;
    if sentence.chars().count() <= MAX {
        return sentence.to_string();
    }
    let mut start = pos.saturating_sub(40);
    while start > 0 && !sentence.is_char_boundary(start) {
        start -= 1;
    }
    // begin on a word
    if start > 0 {
        if let Some(i) = sentence[start..].find(' ') {
            if start + i < pos {
                start += i + 1;
            }
        }
    }
    let body = excerpt(&sentence[start..], MAX);
    if start > 0 {
        format!("…{body}")
    } else {
        body
    }
}

fn first_match(sents: &[&str], re: &Regex) -> StarPart {
    for s in sents {
        if let Some(m) = re.find(s) {
            return StarPart {
                present: true,
                phrase: Some(phrase_around(s, m.start())),
            };
        }
    }
    StarPart::default()
}

/// "At my last job…" is caught by the pattern; this is the named case: `At`
/// or `In` followed by a capitalised name ("At Crateline, …").
fn opens_on_a_place(sentence: &str) -> bool {
    let mut words = sentence.split_whitespace();
    matches!(words.next(), Some("At" | "In"))
        && words
            .next()
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
}

fn is_action_verb(verb: &str) -> bool {
    star::is_doing_verb(&verb.to_lowercase())
}

/// STAR by sentence with the trained model; each part is the sentence most
/// likely to be it, present when that chance reaches the part's threshold.
/// The cue-phrase rules stand in should the model be missing.
fn judge_star(
    text: &str,
    ctx: &star::Context,
    judge: Judge,
) -> (Star, StarBasis, Vec<SentenceRole>) {
    let Some(judged) = star::judge(judge.model, text, ctx, judge.vectors) else {
        return (find_star(text, ctx.kind), StarBasis::Rules, Vec::new());
    };
    let mut out = Star::default();
    for part in star::PARTS {
        if let Some(i) = judged.parts[part.index()] {
            *out.part_mut(part) = StarPart {
                present: true,
                phrase: Some(phrase_around(&judged.sentences[i].text, 0)),
            };
        }
    }
    if ctx.kind != Kind::Behavioural {
        let sents: Vec<&str> = judged.sentences.iter().map(|r| r.text.as_str()).collect();
        out.plan = first_match(&sents, &star_regexes().action_plan);
    }
    let basis = if judged.by_meaning {
        StarBasis::Meaning
    } else {
        StarBasis::Words
    };
    (out, basis, judged.sentences)
}

fn find_star(text: &str, kind: Kind) -> Star {
    let re = star_regexes();
    let sents = star::sentences(text);
    let mut situation = first_match(&sents, &re.situation);
    if !situation.present {
        // "At Crateline, …" / "In 2023 at Acme, …": an answer that opens on a
        // named place sets the scene.
        if let Some(first) = sents.first() {
            if opens_on_a_place(first) {
                situation = StarPart {
                    present: true,
                    phrase: Some(phrase_around(first, 0)),
                };
            }
        }
    }
    let task = first_match(&sents, &re.task);
    let mut action = StarPart::default();
    'outer: for s in &sents {
        for c in re.action_lead.captures_iter(s) {
            if let (Some(verb), Some(all)) = (c.get(2), c.get(0)) {
                if is_action_verb(verb.as_str()) {
                    action = StarPart {
                        present: true,
                        phrase: Some(phrase_around(s, all.start())),
                    };
                    break 'outer;
                }
            }
        }
    }
    let plan = if kind == Kind::Behavioural {
        StarPart::default()
    } else {
        first_match(&sents, &re.action_plan)
    };
    let mut result = first_match(&sents, &re.result);
    if !result.present {
        // A percentage, sum of money or multiplier in the second half of the
        // answer reads as a result even without a cue phrase.
        let half = sents.len() / 2;
        for s in sents.iter().skip(half) {
            if find_numbers(s).iter().any(|n| {
                matches!(
                    n.kind,
                    NumberKind::Percent | NumberKind::Money | NumberKind::Multiplier
                )
            }) {
                result = StarPart {
                    present: true,
                    phrase: Some(phrase_around(s, 0)),
                };
                break;
            }
        }
    }
    Star {
        situation,
        task,
        action,
        result,
        plan,
    }
}

// ---------------------------------------------------------------------------
// Ownership
// ---------------------------------------------------------------------------

fn count_ownership(tokens: &[String]) -> Ownership {
    let mut own = Ownership::default();
    for t in tokens {
        match t.as_str() {
            "i" | "me" | "my" | "mine" | "myself" | "i'm" | "i've" | "i'd" | "i'll" => own.i += 1,
            "we" | "us" | "our" | "ours" | "ourselves" | "we're" | "we've" | "we'd" | "we'll" => {
                own.we += 1
            }
            _ => {}
        }
    }
    own
}

// ---------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------

const NUMBER_WORDS: &str = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty|thirty|forty|fifty|sixty|ninety|a hundred";

fn number_regexes() -> &'static [(NumberKind, Regex)] {
    static RES: OnceLock<Vec<(NumberKind, Regex)>> = OnceLock::new();
    RES.get_or_init(|| {
        vec![
            (
                NumberKind::Money,
                regex(r"(?i)(?:[$€£¥]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|bn|million|billion|thousand)\b)?|\b\d[\d,]*(?:\.\d+)?\s?(?:k|m|bn|million|billion|thousand)?\s?(?:dollars|euros|pounds|usd|eur|gbp)\b)"),
            ),
            (
                NumberKind::Percent,
                regex(r"(?i)\b\d+(?:\.\d+)?\s?(?:%|percent\b|per cent\b|pct\b|percentage points?\b)"),
            ),
            (
                NumberKind::Duration,
                regex(&format!(r"(?i)\b(?:\d+(?:\.\d+)?|{NUMBER_WORDS})[\s-](?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|quarters?|years?|sprints?|ms|milliseconds?)\b")),
            ),
            (
                NumberKind::Multiplier,
                regex(r"(?i)(?:\b\d+(?:\.\d+)?\s?x\b|\b(?:doubled|tripled|quadrupled|halved|twice as|three times|four times|five times|ten times|tenfold)\b)"),
            ),
            (NumberKind::Count, regex(r"\b\d[\d,]*(?:\.\d+)?[km]?\b")),
        ]
    })
}

fn is_year(text: &str) -> bool {
    text.len() == 4
        && text
            .parse::<u32>()
            .is_ok_and(|y| (1950..=2049).contains(&y))
}

fn find_numbers(text: &str) -> Vec<NumberFound> {
    let mut taken: Vec<(usize, usize, NumberFound)> = Vec::new();
    for (kind, re) in number_regexes() {
        for m in re.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            if taken.iter().any(|(ts, te, _)| s < *te && *ts < e) {
                continue;
            }
            let t = m.as_str().trim().trim_end_matches(',').to_string();
            if *kind == NumberKind::Count && is_year(&t) {
                continue;
            }
            if t.is_empty() {
                continue;
            }
            taken.push((
                s,
                e,
                NumberFound {
                    text: t,
                    kind: *kind,
                },
            ));
        }
    }
    taken.sort_by_key(|(s, _, _)| *s);
    taken.into_iter().map(|(_, _, n)| n).collect()
}

// ---------------------------------------------------------------------------
// Posting terms
// ---------------------------------------------------------------------------

fn term_used(term: &str, answer_lower: &str, answer_stems: &BTreeSet<String>) -> bool {
    let stems = content_stems(term);
    if stems.is_empty() {
        // "C", "Go", "C++": plain case-insensitive match on word edges.
        let t = term.trim().to_lowercase();
        if t.is_empty() {
            return false;
        }
        return answer_lower.match_indices(&t).any(|(i, _)| {
            let before_ok = answer_lower[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after_ok = answer_lower[i + t.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            before_ok && after_ok
        });
    }
    stems.iter().all(|s| answer_stems.contains(s))
}

fn match_terms(
    answer: &str,
    question_text: Option<&str>,
    terms: &[String],
) -> (Vec<String>, Vec<String>) {
    let lower = answer.to_lowercase();
    let stems: BTreeSet<String> = all_stems(answer).into_iter().collect();
    let q_lower = question_text.map(str::to_lowercase).unwrap_or_default();
    let q_stems: BTreeSet<String> = question_text
        .map(all_stems)
        .unwrap_or_default()
        .into_iter()
        .collect();
    let mut used = Vec::new();
    let mut named_missing = Vec::new();
    let mut other_missing = Vec::new();
    let mut seen = BTreeSet::new();
    for term in terms {
        let t = term.trim();
        if t.is_empty() || !seen.insert(t.to_lowercase()) {
            continue;
        }
        if term_used(t, &lower, &stems) {
            used.push(t.to_string());
        } else if question_text.is_some() && term_used(t, &q_lower, &q_stems) {
            named_missing.push(t.to_string());
        } else {
            other_missing.push(t.to_string());
        }
    }
    let mut missing = named_missing;
    if used.is_empty() {
        missing.extend(other_missing.into_iter().take(3));
    }
    (used, missing)
}

// ---------------------------------------------------------------------------
// Suggestions
// ---------------------------------------------------------------------------

fn quote_list(items: &[String], max: usize) -> String {
    let shown: Vec<String> = items.iter().take(max).map(|t| format!("\"{t}\"")).collect();
    shown.join(", ")
}

fn suggest(fb: &Feedback, question_text: Option<&str>, terms: &[String]) -> Vec<Suggestion> {
    let mut cands: Vec<(u32, Suggestion)> = Vec::new();
    let mut add = |severity: u32, code: &str, text: String, why: String| {
        cands.push((
            severity,
            Suggestion {
                code: code.to_string(),
                text,
                why,
            },
        ));
    };
    if fb.words == 0 {
        add(
            100,
            "empty",
            "Write or say an answer first.".into(),
            "The answer is empty, so there is nothing to give feedback on.".into(),
        );
        return cands.into_iter().map(|(_, s)| s).collect();
    }
    let behavioural = fb.kind == Kind::Behavioural;
    let words = fb.words;

    // Relevance. An answer that tells no event for a "tell me about a time"
    // question gets that said once, not also "add a result", "add an action".
    let off_question = fb.relevance.as_ref().is_some_and(|r| !r.addresses);
    let behavioural = behavioural && !off_question;
    if let (Some(r), Some(q)) = (&fb.relevance, question_text) {
        if !r.addresses {
            add(
                90,
                "relevance",
                format!("Answer the question asked: {}.", crate::relevance::topic(q)),
                format!("This answers a different question. {}", r.reason),
            );
        }
    }
    let target = fb.target_seconds;

    // Fillers and hedges
    let per_100 = fb.filler_total as f64 * 100.0 / words as f64;
    if fb.filler_total >= 3 && per_100 >= 3.0 {
        let top: Vec<String> = fb
            .fillers
            .iter()
            .take(3)
            .map(|f| format!("\"{}\" ×{}", f.text, f.count))
            .collect();
        let severity = if per_100 >= 8.0 { 95 } else { 60 };
        add(
            severity,
            "fillers",
            "Cut the fillers and hedges: pause instead, and state things plainly.".into(),
            format!(
                "{} fillers or hedges in {} words ({:.0} per 100 words; most often {}). They make a strong answer sound unsure.",
                fb.filler_total, words, per_100, top.join(", ")
            ),
        );
    }

    // Result
    if behavioural && !fb.star.result.present {
        let why = match fb.sentences.last() {
            Some(last) if fb.sentences.len() > 1 => format!(
                "The answer ends on \"{}\" and never says how it turned out. Interviewers remember outcomes.",
                excerpt(&last.text, 90)
            ),
            _ => "No outcome was found: nothing says what changed because of what you did. Interviewers remember outcomes.".to_string(),
        };
        add(
            80,
            "result",
            "End with the result: what changed because of what you did, with a number if you have one.".into(),
            why,
        );
    }

    // Ownership
    let own = fb.ownership;
    let ownership_said =
        (behavioural || fb.kind == Kind::Situational) && own.we >= 3 && own.i * 2 < own.we;
    if ownership_said {
        add(
            70,
            "ownership",
            "Say what you did: use \"I\" for your own decisions and actions, \"we\" only for the team's.".into(),
            format!(
                "The answer says \"we\" {} times and \"I\" {} times; the interviewer is hiring you, not your team, and cannot tell what your part was.",
                own.we, own.i
            ),
        );
    }

    // Length: the real speaking time of a spoken answer, else the estimate.
    let spoken_secs = fb
        .spoken
        .as_ref()
        .map(|s| s.delivery.speaking_seconds.round() as u32);
    let secs = spoken_secs.unwrap_or(fb.seconds_estimate);
    let took = match spoken_secs {
        Some(s) => format!("You spoke for {s} seconds"),
        None => format!("{words} words is about {secs} seconds at 150 words a minute"),
    };
    if secs * 2 > target * 3 {
        add(
            75,
            "too_long",
            format!("Tighten it to about {} seconds: one situation, your key actions, the result.", target),
            format!(
                "{took}, against a target of {} s for a {} question; long answers lose the interviewer.",
                target, fb.kind
            ),
        );
    } else if secs * 5 > target * 6 {
        add(
            40,
            "too_long",
            format!("Trim it a little, towards {} seconds.", target),
            format!(
                "About {} seconds against a target of {} s for a {} question.",
                secs, target, fb.kind
            ),
        );
    } else if secs * 100 < target * 35 {
        add(
            50,
            "too_short",
            "Give more detail: the context, what you did step by step, and how it ended.".into(),
            format!(
                "{took}, well short of the {} s a {} question deserves; a short answer leaves the interviewer guessing.",
                target, fb.kind
            ),
        );
    }

    // Pace and long pauses, when the answer was spoken.
    if let Some(s) = &fb.spoken {
        let d = &s.delivery;
        let (lo, hi) = (*spoken::EASY_PACE.start(), *spoken::EASY_PACE.end());
        if d.words_per_minute > hi && d.words >= 20 {
            add(
                55,
                "pace",
                "Slow down: leave a beat after each key fact so it lands.".into(),
                format!(
                    "{} words in {:.0} seconds is {:.0} words a minute; above about {hi:.0} a listener starts to miss figures and names.",
                    d.words, d.speaking_seconds, d.words_per_minute
                ),
            );
        } else if d.words_per_minute < lo && d.words >= 20 {
            add(
                35,
                "pace",
                "Keep the story moving: fewer stops, shorter sentences.".into(),
                format!(
                    "{} words in {:.0} seconds is {:.0} words a minute, below the {lo:.0} to {hi:.0} most interviewers find easy to follow.",
                    d.words, d.speaking_seconds, d.words_per_minute
                ),
            );
        }
        let long: Vec<String> = d.long_pauses().map(|p| p.describe()).collect();
        if !long.is_empty() {
            add(
                45,
                "pauses",
                "Plan the next step before you start, so the story does not stall: a breath is fine, a long stop sounds lost.".into(),
                format!(
                    "You stopped for {} ({} of {:.0} seconds or more).",
                    long.join(", "),
                    if long.len() == 1 { "one pause".to_string() } else { format!("{} pauses", long.len()) },
                    spoken::LONG_PAUSE_SECONDS
                ),
            );
        }
    }

    // Action
    let plan_given = fb.kind == Kind::Situational && fb.star.plan.present;
    // (After "say what you did, not the team" the same advice is not repeated.)
    if (behavioural || fb.kind == Kind::Situational)
        && !fb.star.action.present
        && !plan_given
        && !ownership_said
        && words >= 25
    {
        let closest = fb
            .sentences
            .iter()
            .max_by(|a, b| {
                a.chance_of(Part::Action)
                    .total_cmp(&b.chance_of(Part::Action))
            })
            .map(|s| excerpt(&s.text, 90));
        let why = if own.we > own.i && own.we >= 2 {
            format!(
                "Every step is told as \"we\"{}, so what you did yourself is unknown.",
                closest.map(|c| format!(" (\"{c}\")")).unwrap_or_default()
            )
        } else if let Some(c) = closest {
            format!(
                "No sentence says a step you took in that event; the nearest, \"{c}\", is not one (a habit, a plan or a hope is not an action)."
            )
        } else {
            "No sentence says a step you took.".to_string()
        };
        add(
            65,
            "action",
            if behavioural {
                "Say what you did: the concrete steps you took, starting with \"I\".".into()
            } else {
                "Say what you would do, step by step (\"First I would…\").".into()
            },
            why,
        );
    }

    // Numbers
    if behavioural && fb.star.result.present && fb.numbers.is_empty() {
        add(
            45,
            "numbers",
            "Put a number on the result: a percentage, time saved, money, people affected.".into(),
            "The answer has a result but no figure; a concrete number makes it believable and memorable.".into(),
        );
    }

    // Situation
    if behavioural && !fb.star.situation.present && words >= 25 {
        let why = match fb.sentences.first() {
            Some(first) => format!(
                "The story starts with \"{}\": where and when it happened, and what was at stake, is never said.",
                excerpt(&first.text, 90)
            ),
            None => "No situation was found, so the story starts in the middle.".to_string(),
        };
        add(
            35,
            "situation",
            "Open with one sentence of context: where you were, when, and what was at stake."
                .into(),
            why,
        );
    }

    // Task
    if behavioural && fb.star.action.present && !fb.star.task.present && words >= 25 {
        let why = match &fb.star.situation.phrase {
            Some(sit) => format!(
                "Nothing says what your part was: the answer goes from \"{}\" to what was done.",
                excerpt(sit, 90)
            ),
            None => {
                "Nothing says what your part was: your role, or the goal you owned.".to_string()
            }
        };
        add(
            33,
            "task",
            "Say what was yours to do before what you did: your role, or the goal you owned (\"As the …, it was on me to…\").".into(),
            why,
        );
    }

    // Posting terms
    if !fb.missing_terms.is_empty() {
        let named: Vec<String> = question_text
            .map(|q| {
                let ql = q.to_lowercase();
                let qs: BTreeSet<String> = all_stems(q).into_iter().collect();
                fb.missing_terms
                    .iter()
                    .filter(|t| term_used(t, &ql, &qs))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let severity = if named.is_empty() { 30 } else { 55 };
        let why = if named.is_empty() {
            format!(
                "The answer uses none of the posting's terms ({} of them were given); echoing {} shows you match what they asked for.",
                terms.len(),
                quote_list(&fb.missing_terms, 3)
            )
        } else {
            format!(
                "The question asks about {} but the answer never names it.",
                quote_list(&named, 3)
            )
        };
        add(
            severity,
            "terms",
            format!(
                "Use the posting's own words where they are true for you: {}.",
                quote_list(&fb.missing_terms, 3)
            ),
            why,
        );
    }

    // Most severe first; stable for equal severity.
    cands.sort_by_key(|c| std::cmp::Reverse(c.0));
    let mut seen = BTreeSet::new();
    cands
        .into_iter()
        .filter(|(_, s)| seen.insert(s.code.clone()))
        .map(|(_, s)| s)
        .take(MAX_SUGGESTIONS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filler(text: &str, label: &str) -> usize {
        count_fillers(&text.to_lowercase())
            .into_iter()
            .find(|f| f.text == label)
            .map_or(0, |f| f.count)
    }

    #[test]
    fn a_named_place_sets_the_scene_and_owning_is_the_task() {
        let star = find_star(
            "At Crateline our nightly pipeline kept missing its 6am deadline. I owned fixing it. \
             I moved the heavy joins into Airflow tasks. As a result the run took 90 minutes.",
            Kind::Behavioural,
        );
        assert!(star.situation.present);
        assert!(star.task.phrase.as_deref().unwrap().contains("I owned"));
        assert!(
            star.action.phrase.as_deref().unwrap().contains("I moved"),
            "{:?}",
            star.action
        );
        assert!(
            !find_star("In short, I agree.", Kind::Behavioural)
                .situation
                .present
        );
        assert!(
            !find_star("at least I tried.", Kind::Behavioural)
                .situation
                .present
        );
    }

    #[test]
    fn like_as_verb_is_not_a_filler() {
        assert_eq!(filler("I'd like to lead the migration.", "like"), 0);
        assert_eq!(filler("It looks like the data was wrong.", "like"), 0);
        assert_eq!(filler("I would like to add one thing.", "like"), 0);
        assert_eq!(filler("Tools like Kafka and Flink.", "like"), 0);
        assert_eq!(
            filler("It was like, totally broken, and like nobody knew.", "like"),
            2
        );
        assert_eq!(filler("Like, we had no plan.", "like"), 1);
    }

    #[test]
    fn kind_of_after_determiner_is_not_a_hedge() {
        assert_eq!(filler("That is the kind of team I want.", "kind of"), 0);
        assert_eq!(filler("It was kind of messy.", "kind of"), 1);
        assert_eq!(filler("Do you know the answer?", "you know"), 0);
        assert_eq!(filler("It was, you know, late.", "you know"), 1);
    }

    #[test]
    fn numbers_are_classified() {
        let n = find_numbers(
            "We cut costs by $40k and 35% in 3 weeks, 2x faster, for 14 engineers in 2021.",
        );
        let kinds: Vec<(String, NumberKind)> = n.into_iter().map(|n| (n.text, n.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                ("$40k".to_string(), NumberKind::Money),
                ("35%".to_string(), NumberKind::Percent),
                ("3 weeks".to_string(), NumberKind::Duration),
                ("2x".to_string(), NumberKind::Multiplier),
                ("14".to_string(), NumberKind::Count),
            ]
        );
    }

    #[test]
    fn terms_match_by_stem() {
        let (used, missing) = match_terms(
            "I mentored two juniors and wrote our Kubernetes manifests.",
            Some("Tell me about mentoring junior engineers."),
            &[
                "Kubernetes".into(),
                "mentoring junior engineers".into(),
                "Go".into(),
            ],
        );
        assert_eq!(used, vec!["Kubernetes".to_string()]);
        assert_eq!(missing, vec!["mentoring junior engineers".to_string()]);
    }
}
