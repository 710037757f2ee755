//! STAR by sentence: each sentence of an answer gets a chance of being the
//! situation, the task, the action and the result, from a small logistic
//! model per part trained on labelled answers.
//!
//! Why a learned model and not cue phrases alone: a situation is often told
//! without any cue ("Our Saturday lines were forty people deep."), a result
//! can come first ("We cut returns by a third. It started when…"), a task is
//! often only implied by a role ("as the only senior on the team"), and a
//! habit ("I make a list, I do the hardest thing first") is not an action in
//! a story. What separates them is a mix of signals (who the subject is, the
//! tense, modal verbs, time and place expressions, outcome words, figures,
//! the sentence's position, what kind of question it answers), weighed
//! together. The weights are learned; every feature is one a coach would
//! name, so the model stays explainable.
//!
//! Two weight sets ship in `star_model.json`: one on these features alone,
//! one that adds the sentence model's vector of each sentence (used when
//! the vectors are passed in). Both are trained by `cargo run --release -p
//! round2-eval -- star --write` on the labelled answers in
//! `../shared/data/answers/dev.yaml`; the same command reports the
//! leave-one-answer-out figures. Training is plain full-batch gradient
//! descent, deterministic, so the file can be checked against a retrain.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::bank::Kind;
use crate::text::{content_stems, normalise_apostrophe, regex, words};

/// The four STAR parts, in order.
pub const PARTS: [Part; 4] = [Part::Situation, Part::Task, Part::Action, Part::Result];

/// One part of STAR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Situation,
    Task,
    Action,
    Result,
}

impl Part {
    /// Index in [`PARTS`].
    pub fn index(self) -> usize {
        match self {
            Part::Situation => 0,
            Part::Task => 1,
            Part::Action => 2,
            Part::Result => 3,
        }
    }

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Situation => "situation",
            Part::Task => "task",
            Part::Action => "action",
            Part::Result => "result",
        }
    }
}

/// A sentence of an answer with its chance of being each part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceRole {
    /// The sentence as written.
    pub text: String,
    /// Chance of situation, task, action, result (in [`PARTS`] order).
    pub chance: [f32; 4],
}

impl SentenceRole {
    /// The chance that this sentence is `part`.
    pub fn chance_of(&self, part: Part) -> f32 {
        self.chance[part.index()]
    }
}

/// An answer's sentences: the sentence splitter every STAR judgement uses.
pub fn sentences(text: &str) -> Vec<&str> {
    static SENTENCE: OnceLock<Regex> = OnceLock::new();
    SENTENCE
        .get_or_init(|| regex(r"[^.!?\n]+[.!?]*"))
        .find_iter(text)
        .map(|m| m.as_str().trim())
        .filter(|s| s.chars().any(char::is_alphanumeric))
        .collect()
}

// ---------------------------------------------------------------------------
// Features
// ---------------------------------------------------------------------------

/// What a sentence is judged in: the answer's other sentences, the
/// question's kind and words.
pub struct Context<'a> {
    /// The question's kind.
    pub kind: Kind,
    /// The question, when known.
    pub question: Option<&'a str>,
}

const PAST_IRREGULAR: &[&str] = &[
    "built", "wrote", "ran", "took", "made", "led", "spoke", "met", "set", "sat", "brought",
    "began", "drew", "chose", "sent", "gave", "found", "taught", "went", "rewrote", "put",
    "caught", "sought", "held", "kept", "cut", "split", "broke", "did", "got", "dug", "rebuilt",
    "redid", "won", "fought", "stood", "told", "said", "saw", "thought", "came", "paid", "left",
    "lost", "sold", "bought", "rang", "flew", "drove", "hit", "shut", "wound", "spent", "heard",
    "felt", "knew", "grew", "threw", "swapped", "stepped", "stopped", "planned", "mapped",
    "dropped", "flagged", "pulled", "pushed", "walked", "talked", "rolled", "scaled", "moved",
    "paged", "paired", "shipped", "called",
];

/// Past forms that say how someone stood or felt, not what they did.
const PAST_STATES: &[&str] = &[
    "owned",
    "needed",
    "wanted",
    "used",
    "liked",
    "loved",
    "hated",
    "supposed",
    "tasked",
    "expected",
    "assigned",
    "hired",
    "involved",
    "based",
    "interested",
    "excited",
    "worried",
    "surprised",
    "concerned",
    "frustrated",
    "tired",
    "scared",
    "stressed",
    "overwhelmed",
    "thought",
    "felt",
    "knew",
    "said",
    "seemed",
    "appeared",
    "noticed",
    "realised",
    "realized",
    "decided",
];

fn is_past_verb(w: &str) -> bool {
    PAST_IRREGULAR.contains(&w) || (w.len() > 4 && w.ends_with("ed") && !w.ends_with("eed"))
}

/// A past verb that says what someone did ("called", "rebuilt"), not how
/// they stood ("owned", "needed", "felt"). `w` is lowercase.
pub(crate) fn is_doing_verb(w: &str) -> bool {
    is_past_verb(w) && !PAST_STATES.contains(&w)
}

/// Words that may stand between a subject and its verb ("I then called").
const BETWEEN: &[&str] = &[
    "then",
    "first",
    "also",
    "quickly",
    "immediately",
    "personally",
    "finally",
    "eventually",
    "actually",
    "just",
    "and",
    "really",
    "carefully",
    "deliberately",
    "basically",
    "literally",
    "um",
    "uh",
    "like",
    "still",
    "even",
    "only",
    "never",
    "always",
    "both",
    "all",
    "went",
    "and",
    "so",
];

/// Counts of `subject` followed (maybe after [`BETWEEN`] words) by a word
/// for which `verb` holds.
fn subject_verb(tokens: &[String], subjects: &[&str], verb: impl Fn(&str) -> bool) -> usize {
    let mut n = 0;
    for (i, t) in tokens.iter().enumerate() {
        if !subjects.contains(&t.as_str()) {
            continue;
        }
        for next in tokens.iter().skip(i + 1).take(3) {
            if verb(next) {
                n += 1;
                break;
            }
            if !BETWEEN.contains(&next.as_str()) {
                break;
            }
        }
    }
    n
}

const PRESENT_HABIT: &[&str] = &[
    "make", "do", "try", "tend", "like", "love", "focus", "keep", "start", "use", "go", "check",
    "ask", "write", "put", "look", "always", "usually", "never", "find", "get", "take", "work",
    "spend", "prefer", "believe", "think", "feel", "want", "enjoy", "am", "have", "know", "see",
    "care",
];

struct Patterns {
    modal: Regex,
    want: Regex,
    habit: Regex,
    time: Regex,
    place: Regex,
    role: Regex,
    goal: Regex,
    outcome: Regex,
    from_to: Regex,
    number: Regex,
    money_pct: Regex,
    comparative: Regex,
    contrast: Regex,
    negation: Regex,
    opinion: Regex,
    state: Regex,
    existential: Regex,
    problem: Regex,
    third_past: Regex,
    lesson: Regex,
    trail_off: Regex,
    filler: Regex,
    you: Regex,
    generic: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        modal: regex(r"\b(would|i'd (?:\w+ )?(?:do|start|make|ask|go|try|look|want|set|sit|call|talk|speak|check|be|get|take|put|meet|explain|first)|will|i'll|we'll|could|should|might|going to|gonna|if i were|if i was|if that happened|my first step|the first thing i'd)\b"),
        want: regex(r"\b(want to|wanna|i'd love|would love|hope to|hoping to|plan to|in five years|see myself|the future|one day i|aspire|dream|i'm looking for|looking to)\b"),
        habit: regex(r"\b(always|usually|whenever|every time|tend to|generally|typically|normally|these days|nowadays|my approach|my rule|as a rule|in general|each time|most of the time|often)\b"),
        time: regex(r"\b(ago|last (?:year|month|week|summer|spring|autumn|fall|winter|quarter|term|christmas|season)|that (?:day|night|week|morning|year|month|summer|quarter|term|shift|season)|one (?:day|night|morning|evening|weekend|friday|monday)|back in|in (?:19|20)\d\d|(?:19|20)\d\d|at the time|year-end|q[1-4]|on (?:nights|weekends|black friday|a friday|a monday)|nights|during (?:a|the|my|our)|when i was|while i was|when we were|halfway|two weeks (?:before|out)|the week before|the night before|first (?:week|month|day|morning|night|shift|weekend)|my (?:first|second) (?:week|month|year)|january|february|march|april|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|christmas|launch day)\b"),
        place: regex(r"\b(at my (?:last|previous|old|current|first|former)|on my (?:last|previous|old|first)|in my (?:last|previous|old|current|first|former)|at (?:the|our) (?:agency|store|shop|plant|site|warehouse|hospital|ward|school|clinic|office|firm|bank|restaurant|hotel|depot|branch|practice|lab|council|charity|company|studio|bakery)|i was working (?:at|on|as|for)|i worked (?:at|on|as|for)|i was (?:a|an) [a-z-]+ (?:at|on|in|for)|i joined|i was on (?:a|the))\b"),
        role: regex(r"\b(i was (?:the|a|an|their|his|her|our) (?:[a-z-]+ ){0,3}(?:lead|manager|owner|senior|charge|named|only|head|supervisor|coordinator|rep|representative|nurse|teacher|tutor|engineer|analyst|planner|officer|assistant|director|chef|designer|developer|accountant|consultant|buyer|admin|administrator|captain|organiser|organizer|point|contact|person|one)|as (?:the|a|an) (?:[a-z-]+ ){0,3}(?:lead|manager|owner|senior|nurse|tutor|teacher|rep|engineer|analyst|planner|officer|assistant|coordinator|supervisor|one|person|chef|designer|buyer|director|head)|my (?:job|role|responsibility|area|remit|call|concept|project|patch|territory|target|goal|task|brief|decision|account|client|team|chance|shift|ward|class|store)|(?:on|up to|down to) me|i owned|i was (?:responsible|accountable|in charge|asked|tasked|given|brought in|put in charge|assigned|expected|supposed)|in charge of|i had the (?:territory|account|budget|team|shift|project)|i was leading|lead on|it was my|fell to me|my name on|was mine|mine to|(?:sat|lay|rested|stayed|fell) with me|on my plate|i was (?:the|a|an|their|his|her|our|its) (?:[a-z-]+ ){0,3}[a-z-]+(?:er|or|ist|ian|ant|ent)\b)\b"),
        goal: regex(r"\b((?:needed|had|wanted|was asked|were asked|got asked) to|the (?:goal|aim|target|ask|brief|deadline|challenge|objective|task) (?:was|is)|a target of|target|so that|in order to|make sure|to get (?:it|them|the|that|this|him|her)|my chance to|to close the gap|to fix|to sort)\b"),
        outcome: regex(r"\b(as a result|in the end|ended up|by the end|at the end of|since then|to this day|went from|came down|went down|went up|back up|back to|signed|approved|accepted|adopted|rolled out|went live|calmed|thanked|promoted|praised|renewed|passed|won|lost|missed|dropped|fell|rose|grew|doubled|halved|tripled|saved|cut|reduced|increased|improved|hit (?:the|our|my)|on (?:time|schedule|budget)|under budget|ahead of schedule|no (?:penalty|complaints?|incidents?|errors?)|the outcome|the result|which meant|that meant|it worked|didn't work|never (?:happened|came back)|stuck|still (?:use|uses|runs|run|in place)|turned (?:around|out)|finished|delivered|closed|recovered|retained|kept (?:the|all|every)|got (?:the|a|an) (?:job|offer|contract|deal|promotion|award)|feedback was|thanked me|to spare|nothing went (?:wrong|missing)|went (?:well|smoothly|fine|ahead)|apologi[sz]ed to)\b"),
        from_to: regex(r"\bfrom (?:about |around |roughly |over |under |nearly )?[\w$£€.,%-]+ (?:\w+ ){0,3}(?:to|down to|up to) (?:about |around |roughly |under |over |nearly )?[\w$£€.,%-]+"),
        number: regex(r"(\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|half|third|quarter|dozen)\b)"),
        money_pct: regex(r"([$£€]\s?\d|\d\s?%|\bper ?cent\b|\b(?:thousand|million|grand|k)\b|\ba (?:third|quarter|half)\b|\bdoubled|\bhalved|\btripled|\b\d+x\b)"),
        comparative: regex(r"\b(more|less|fewer|faster|slower|better|worse|higher|lower|quicker|cheaper|bigger|smaller|best|worst|top|bottom|first|record)\b"),
        contrast: regex(r"\b(but|although|though|however|still|even so|despite)\b"),
        negation: regex(r"\b(not|no|never|didn't|wasn't|weren't|couldn't|wouldn't|don't|doesn't|nobody|nothing|none)\b"),
        opinion: regex(r"\b(i think|i believe|i feel|honestly|to be honest|i guess|i mean|for me|i'd say|i reckon|in my view|in my opinion|i like|i love|i really like|appeal|passionate)\b"),
        state: regex(r"\b(was|were|had been|kept|wasn't|weren't)\b"),
        existential: regex(r"\b(there (?:was|were|had been)|we had (?:a|an|two|three|this|these|some|no)|i had (?:a|an|this|two|three)|they had|it had)\b"),
        problem: regex(r"\b(problem|issue|late|behind|upset|angry|complain\w*|broke|broken|down|failing|failed|outage|crisis|struggl\w*|short|shortage|missing|wrong|worst|slow|delay\w*|overdue|backlog|conflict|disagree\w*|difficult|tough|pressure|risk|stalled|stuck|error|mistake|fell over|off track|over budget|deadline|burst|leak\w*|flood\w*|fire|injur\w*|fault\w*|crash\w*|spill\w*|breach\w*|complain\w*|shouted|angry)\b"),
        third_past: regex(r"\b(she|he|they|it|the (?:client|customer|team|manager|patient|student|board|director|partner|project|store|site|numbers?|rate|score|figures?)|our (?:client|customer|team|manager|numbers?|rate|score)) (?:'d |had |then |finally |eventually |actually |all )?(\w+ed|went|got|came|grew|fell|rose|won|lost|signed|picked|made|became|began|took|kept|told|gave|wrote)\b"),
        lesson: regex(r"\b(now i|i now|these days i|since then i|i learned|i learnt|taught me|lesson|i still|going forward|next time|from then on|i've (?:always|since))\b"),
        trail_off: regex(r"\b(that's (?:kind of |sort of |basically )?(?:what|it|all|about it)|so yeah|yeah,? (?:that's|so)|anyway|and so on|stuff like that|that kind of thing)\b"),
        filler: regex(r"\b(um+|uh+|er+|erm|like|you know|i mean|sort of|kind of|basically|literally|so yeah)\b"),
        you: regex(r"\b(you|your|you're|you've)\b"),
        generic: regex(r"\b(people|anyone|everyone|someone|customers|clients|patients|students|teams|companies|a good|the best|it's important|you have to|you need to|you've got to)\b"),
    })
}

/// The names of the features, in the order [`features`] returns them.
pub const FEATURE_NAMES: &[&str] = &[
    "first sentence",
    "last sentence",
    "position",
    "one of few sentences",
    "behavioural question",
    "situational question",
    "opinion question",
    "curveball question",
    "the answer tells an event (I + past verb somewhere)",
    "I + past doing-verb",
    "I + past doing-verb, count",
    "we + past verb",
    "we + past verb and no I",
    "someone else + past verb",
    "I + present verb (a habit)",
    "habit words (always, usually, whenever)",
    "modal (would, will, I'd)",
    "wanting (want to, I'd love)",
    "time expression",
    "place expression",
    "a role (I was the…, as the…, my job)",
    "a goal (needed to, the target)",
    "outcome words",
    "from … to …",
    "a figure",
    "money, percent or multiplier",
    "comparative",
    "contrast (but, still)",
    "negation",
    "opinion (I think, honestly)",
    "past state (was, were)",
    "there was / we had",
    "a problem word",
    "a lesson (now I, I learned)",
    "trailing off (that's what I did)",
    "fillers",
    "addresses you",
    "generic (people, anyone, you have to)",
    "restates the question",
    "short sentence",
    "long sentence",
    "answer's first-person share",
    "previous sentence had a doing-verb",
    "next sentence has a doing-verb",
    "last sentence, with no sign of an outcome",
    "I + past doing-verb, with no sign of an outcome",
];

fn count(re: &Regex, s: &str) -> f32 {
    re.find_iter(s).count() as f32
}

fn capped(x: f32, cap: f32) -> f32 {
    x.min(cap) / cap
}

fn flag(b: bool) -> f32 {
    if b {
        1.0
    } else {
        0.0
    }
}

struct Prepared {
    lower: String,
    tokens: Vec<String>,
    i_doing: usize,
}

fn prepare(sentence: &str) -> Prepared {
    let lower: String = sentence
        .chars()
        .map(normalise_apostrophe)
        .collect::<String>()
        .to_lowercase();
    let tokens = words(&lower);
    let i_doing = subject_verb(&tokens, &["i"], is_doing_verb);
    Prepared {
        lower,
        tokens,
        i_doing,
    }
}

/// The features of each sentence of `sents`, in [`FEATURE_NAMES`] order.
pub fn features(sents: &[&str], ctx: &Context) -> Vec<Vec<f32>> {
    let p = patterns();
    let prepared: Vec<Prepared> = sents.iter().map(|s| prepare(s)).collect();
    let n = sents.len();
    let tells_event = prepared.iter().any(|x| x.i_doing > 0);
    let (mut i_words, mut we_words) = (0usize, 0usize);
    for x in &prepared {
        for t in &x.tokens {
            match t.as_str() {
                "i" | "me" | "my" | "i'm" | "i've" | "i'd" | "myself" => i_words += 1,
                "we" | "us" | "our" | "we're" | "we've" | "we'd" => we_words += 1,
                _ => {}
            }
        }
    }
    let i_share = i_words as f32 / (i_words + we_words).max(1) as f32;
    let q_stems: BTreeSet<String> = ctx.question.map(content_stems).unwrap_or_default();
    prepared
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let l = x.lower.as_str();
            let t = &x.tokens;
            let we_past = subject_verb(t, &["we"], is_past_verb);
            let present = subject_verb(t, &["i"], |w| PRESENT_HABIT.contains(&w));
            let fillers = count(&p.filler, l);
            let overlap = if q_stems.is_empty() {
                0.0
            } else {
                let s = content_stems(l);
                q_stems.intersection(&s).count() as f32 / q_stems.len() as f32
            };
            let len = t.len() as f32;
            let outcome_sign = p.outcome.is_match(l)
                || p.from_to.is_match(l)
                || p.money_pct.is_match(l)
                || p.third_past.is_match(l);
            vec![
                flag(i == 0),
                flag(i + 1 == n),
                if n > 1 {
                    i as f32 / (n - 1) as f32
                } else {
                    0.0
                },
                flag(n <= 3),
                flag(ctx.kind == Kind::Behavioural),
                flag(ctx.kind == Kind::Situational),
                flag(ctx.kind == Kind::Opinion),
                flag(ctx.kind == Kind::Curveball),
                flag(tells_event),
                flag(x.i_doing > 0),
                capped(x.i_doing as f32, 3.0),
                flag(we_past > 0),
                flag(we_past > 0 && x.i_doing == 0),
                flag(p.third_past.is_match(l)),
                flag(present > 0),
                flag(p.habit.is_match(l)),
                flag(p.modal.is_match(l)),
                flag(p.want.is_match(l)),
                capped(count(&p.time, l), 2.0),
                flag(p.place.is_match(l)),
                flag(p.role.is_match(l)),
                flag(p.goal.is_match(l)),
                capped(count(&p.outcome, l), 2.0),
                flag(p.from_to.is_match(l)),
                flag(p.number.is_match(l)),
                flag(p.money_pct.is_match(l)),
                flag(p.comparative.is_match(l)),
                flag(p.contrast.is_match(l)),
                flag(p.negation.is_match(l)),
                flag(p.opinion.is_match(l)),
                capped(count(&p.state, l), 2.0),
                flag(p.existential.is_match(l)),
                capped(count(&p.problem, l), 2.0),
                flag(p.lesson.is_match(l)),
                flag(p.trail_off.is_match(l)),
                capped(fillers / len.max(1.0) * 10.0, 1.0),
                flag(p.you.is_match(l)),
                flag(p.generic.is_match(l)),
                overlap,
                flag(len < 8.0),
                flag(len > 30.0),
                i_share,
                flag(i > 0 && prepared[i - 1].i_doing > 0),
                flag(i + 1 < n && prepared[i + 1].i_doing > 0),
                flag(i + 1 == n && !outcome_sign),
                flag(x.i_doing > 0 && !outcome_sign),
            ]
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------

/// One part's logistic model over standardised features (and, in the
/// meaning set, the sentence vector appended).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartModel {
    pub bias: f32,
    pub weights: Vec<f32>,
    /// A part is present when its best sentence's chance reaches this.
    pub threshold: f32,
}

/// One weight set: a model per part and the feature scaling.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeightSet {
    /// Mean of each hand feature over the training sentences.
    pub mean: Vec<f32>,
    /// Standard deviation of each (1 where constant).
    pub scale: Vec<f32>,
    /// Length of the sentence vectors, 0 for the words-only set.
    pub vector_dim: usize,
    /// Per part, the vectors of [`PROTOTYPES`]: a sentence's vector enters
    /// as its best cosine with each part's prototypes (four features; the
    /// raw 384 numbers overfit 300 training sentences).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prototypes: Vec<Vec<Vec<f32>>>,
    /// Situation, task, action, result.
    pub parts: Vec<PartModel>,
}

/// The two weight sets round2 ships.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StarModel {
    /// Features only.
    pub words: WeightSet,
    /// Features and the sentence model's vectors.
    pub meaning: WeightSet,
    /// The sentence model the vectors came from.
    pub vector_model: String,
}

impl StarModel {
    /// The model shipped in `star_model.json`.
    pub fn builtin() -> &'static StarModel {
        static MODEL: OnceLock<StarModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            // Checked by the test suite (`builtin_model_parses`); should it
            // ever fail, the model is empty and the feedback falls back to
            // its cue phrases rather than crashing.
            serde_json::from_str(include_str!("star_model.json"))
                .unwrap_or_else(|_| StarModel::empty())
        })
    }

    /// A model with no weights: the feedback then falls back to cue phrases.
    pub fn empty() -> StarModel {
        StarModel {
            words: WeightSet::empty(),
            meaning: WeightSet::empty(),
            vector_model: String::new(),
        }
    }
}

impl WeightSet {
    /// No weights.
    pub fn empty() -> Self {
        WeightSet {
            mean: Vec::new(),
            scale: Vec::new(),
            vector_dim: 0,
            prototypes: Vec::new(),
            parts: Vec::new(),
        }
    }

    /// Whether it holds a model for every part.
    pub fn is_complete(&self) -> bool {
        self.parts.len() == PARTS.len() && self.mean.len() == FEATURE_NAMES.len()
    }

    fn input(&self, feats: &[f32], vector: Option<&[f32]>) -> Vec<f32> {
        let mut x: Vec<f32> = feats
            .iter()
            .zip(self.mean.iter().zip(&self.scale))
            .map(|(f, (m, s))| (f - m) / s)
            .collect();
        if self.vector_dim > 0 {
            for protos in &self.prototypes {
                let best = match vector {
                    Some(v) if v.len() == self.vector_dim => {
                        protos.iter().map(|p| dot(p, v)).fold(0.0f32, f32::max)
                    }
                    _ => 0.0,
                };
                x.push(best * PROTOTYPE_GAIN);
            }
        }
        x
    }

    /// The chance of each part for each sentence.
    pub fn chances(&self, feats: &[Vec<f32>], vectors: &[Option<&[f32]>]) -> Vec<[f32; 4]> {
        feats
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let x = self.input(f, vectors.get(i).copied().flatten());
                let mut out = [0.0; 4];
                for (k, pm) in self.parts.iter().enumerate().take(4) {
                    out[k] = sigmoid(pm.bias + dot(&pm.weights, &x));
                }
                out
            })
            .collect()
    }
}

/// Cosines with the prototypes are scaled to the order of standardised
/// features.
const PROTOTYPE_GAIN: f32 = 5.0;

/// Plain sentences of each part, told generically (no profession's words):
/// with the sentence model, how close a sentence comes to them is a sign of
/// its part that does not depend on cue words.
pub const PROTOTYPES: [&[&str]; 4] = [
    &[
        "Last year at my previous company we had a serious problem with late deliveries.",
        "The team was behind its target and customers were complaining.",
        "It was a busy Friday night and the system went down.",
    ],
    &[
        "As the team lead, it was my responsibility to fix it.",
        "My job was to get the project back on track.",
        "I was asked to find a solution before the deadline.",
    ],
    &[
        "I called the supplier, set up a daily check-in and rewrote the schedule myself.",
        "I analysed the figures and presented a plan to my manager.",
        "I trained the new staff and changed how the work was done.",
    ],
    &[
        "As a result, complaints dropped by half within two months.",
        "We finished on time and the client renewed the contract.",
        "In the end it did not work and we lost the account.",
    ],
];

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// An answer judged sentence by sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged {
    /// Each sentence with its chances (rounded to two decimals for display).
    pub sentences: Vec<SentenceRole>,
    /// For each part (in [`PARTS`] order), the sentence that shows it: the
    /// likeliest one, when its chance reaches the part's threshold.
    pub parts: [Option<usize>; 4],
    /// Whether the meaning weights (with the sentence vectors) were used.
    pub by_meaning: bool,
}

/// Judges an answer's sentences. `vectors` holds the sentence model's
/// vector of each sentence by its text (as [`sentences`] gives it), when the
/// model is installed; without them (or with one missing) the words-only
/// weights are used. `None` when the model holds no weights.
pub fn judge(
    model: &StarModel,
    answer: &str,
    ctx: &Context,
    vectors: Option<&HashMap<String, Vec<f32>>>,
) -> Option<Judged> {
    let sents = sentences(answer);
    let feats = features(&sents, ctx);
    let (set, vecs, by_meaning): (&WeightSet, Vec<Option<&[f32]>>, bool) = match vectors {
        Some(map) if model.meaning.is_complete() && sents.iter().all(|s| map.contains_key(*s)) => (
            &model.meaning,
            sents
                .iter()
                .map(|s| map.get(*s).map(Vec::as_slice))
                .collect(),
            true,
        ),
        _ => (&model.words, vec![None; sents.len()], false),
    };
    if !set.is_complete() {
        return None;
    }
    let chances = set.chances(&feats, &vecs);
    let mut parts = [None; 4];
    for (k, (slot, pm)) in parts.iter_mut().zip(&set.parts).enumerate() {
        *slot = chances
            .iter()
            .enumerate()
            .max_by(|a, b| a.1[k].total_cmp(&b.1[k]))
            .filter(|(_, c)| c[k] >= pm.threshold)
            .map(|(i, _)| i);
    }
    let sentences = sents
        .iter()
        .zip(chances)
        .map(|(s, chance)| SentenceRole {
            text: (*s).to_string(),
            chance: chance.map(|c| (c * 100.0).round() / 100.0),
        })
        .collect();
    Some(Judged {
        sentences,
        parts,
        by_meaning,
    })
}

// ---------------------------------------------------------------------------
// Training
// ---------------------------------------------------------------------------

/// A labelled sentence for training: its features, its vector (for the
/// meaning set) and, per part, whether it is that part (`None`: unknown,
/// left out of that part's training).
#[derive(Debug, Clone)]
pub struct TrainingSentence {
    pub features: Vec<f32>,
    pub vector: Option<Vec<f32>>,
    pub labels: [Option<bool>; 4],
}

/// How hard training pulls weights to zero.
#[derive(Debug, Clone, Copy)]
pub struct Regularisation {
    /// L2 on the hand features.
    pub features: f32,
    /// L2 on the vector weights.
    pub vector: f32,
}

impl Regularisation {
    /// What `star --write` trains with (chosen by leave-one-answer-out).
    pub const DEFAULT: Regularisation = Regularisation {
        features: 0.02,
        vector: 0.05,
    };
}

/// Trains one weight set. With `vector_dim > 0` every sentence's vector
/// (or zeros) is appended to its features.
pub fn train(
    data: &[TrainingSentence],
    vector_dim: usize,
    prototypes: &[Vec<Vec<f32>>],
    reg: Regularisation,
) -> WeightSet {
    let nf = FEATURE_NAMES.len();
    let mut mean = vec![0.0f32; nf];
    let mut scale = vec![1.0f32; nf];
    if !data.is_empty() {
        for s in data {
            for (m, f) in mean.iter_mut().zip(&s.features) {
                *m += f;
            }
        }
        for m in &mut mean {
            *m /= data.len() as f32;
        }
        for (j, sc) in scale.iter_mut().enumerate() {
            let var: f32 = data
                .iter()
                .map(|s| (s.features[j] - mean[j]).powi(2))
                .sum::<f32>()
                / data.len() as f32;
            *sc = if var > 1e-6 { var.sqrt() } else { 1.0 };
        }
    }
    let mut set = WeightSet {
        mean,
        scale,
        vector_dim,
        prototypes: prototypes.to_vec(),
        parts: Vec::new(),
    };
    let xs: Vec<Vec<f32>> = data
        .iter()
        .map(|s| set.input(&s.features, s.vector.as_deref()))
        .collect();
    for k in 0..PARTS.len() {
        let rows: Vec<(&[f32], f32)> = xs
            .iter()
            .zip(data)
            .filter_map(|(x, s)| s.labels[k].map(|y| (x.as_slice(), if y { 1.0 } else { 0.0 })))
            .collect();
        let (bias, weights) = fit_logistic(&rows, nf, reg);
        set.parts.push(PartModel {
            bias,
            weights,
            threshold: 0.5,
        });
    }
    set
}

/// One training answer: its sentences and whether it has each part.
#[derive(Debug, Clone)]
pub struct TrainingAnswer {
    pub sentences: Vec<TrainingSentence>,
    pub gold: [bool; 4],
}

/// Folds of the inner cross-validation that sets the thresholds.
pub const THRESHOLD_FOLDS: usize = 5;

/// Trains a weight set on `answers` and sets each part's threshold on the
/// best sentence's chance by [`THRESHOLD_FOLDS`]-fold cross-validation
/// within them (answer `i` is in fold `i % THRESHOLD_FOLDS`): the
/// threshold that decides the most held-out answers right.
pub fn train_answers(
    answers: &[TrainingAnswer],
    vector_dim: usize,
    prototypes: &[Vec<Vec<f32>>],
    reg: Regularisation,
) -> WeightSet {
    let flat = |keep: &dyn Fn(usize) -> bool| -> Vec<TrainingSentence> {
        answers
            .iter()
            .enumerate()
            .filter(|(i, _)| keep(*i))
            .flat_map(|(_, a)| a.sentences.iter().cloned())
            .collect()
    };
    let mut held: [Vec<(f32, bool)>; 4] = Default::default();
    for fold in 0..THRESHOLD_FOLDS {
        let set = train(
            &flat(&|i| i % THRESHOLD_FOLDS != fold),
            vector_dim,
            prototypes,
            reg,
        );
        for a in answers.iter().skip(fold).step_by(THRESHOLD_FOLDS) {
            let best = best_chances(&set, &a.sentences);
            for k in 0..4 {
                held[k].push((best[k], a.gold[k]));
            }
        }
    }
    let mut set = train(&flat(&|_| true), vector_dim, prototypes, reg);
    for (k, pm) in set.parts.iter_mut().enumerate() {
        pm.threshold = best_threshold(&mut held[k]);
    }
    set
}

/// Each part's best sentence chance for one answer.
pub fn best_chances(set: &WeightSet, sentences: &[TrainingSentence]) -> [f32; 4] {
    let feats: Vec<Vec<f32>> = sentences.iter().map(|s| s.features.clone()).collect();
    let vecs: Vec<Option<&[f32]>> = sentences.iter().map(|s| s.vector.as_deref()).collect();
    let mut best = [0.0f32; 4];
    for c in set.chances(&feats, &vecs) {
        for k in 0..4 {
            best[k] = best[k].max(c[k]);
        }
    }
    best
}

/// The cut between sorted chances that decides the most right; among
/// equally good cuts, the middle one.
fn best_threshold(points: &mut [(f32, bool)]) -> f32 {
    if points.is_empty() {
        return 0.5;
    }
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut cuts = vec![points[0].0 / 2.0];
    for w in points.windows(2) {
        cuts.push((w[0].0 + w[1].0) / 2.0);
    }
    let right = |t: f32| points.iter().filter(|(p, g)| (*p >= t) == *g).count();
    let best = cuts.iter().map(|&t| right(t)).max().unwrap_or(0);
    let good: Vec<f32> = cuts.into_iter().filter(|&t| right(t) == best).collect();
    good[good.len() / 2]
}

/// Full-batch gradient descent with Adam steps on the mean log loss plus L2
/// (features and vector weights apart). Deterministic.
fn fit_logistic(rows: &[(&[f32], f32)], n_features: usize, reg: Regularisation) -> (f32, Vec<f32>) {
    let dim = rows.first().map_or(0, |r| r.0.len());
    let mut w = vec![0.0f32; dim];
    let mut b = 0.0f32;
    if rows.is_empty() {
        return (b, w);
    }
    let (mut m, mut v) = (vec![0.0f32; dim + 1], vec![0.0f32; dim + 1]);
    let (lr, b1, b2, eps) = (0.05f32, 0.9f32, 0.999f32, 1e-8f32);
    let n = rows.len() as f32;
    let mut grad = vec![0.0f32; dim + 1];
    for step in 1..=600 {
        grad.iter_mut().for_each(|g| *g = 0.0);
        for (x, y) in rows {
            let err = sigmoid(b + dot(&w, x)) - y;
            for (g, xi) in grad.iter_mut().zip(x.iter()) {
                *g += err * xi;
            }
            grad[dim] += err;
        }
        for (j, g) in grad.iter_mut().enumerate() {
            *g /= n;
            if j < dim {
                let l2 = if j < n_features {
                    reg.features
                } else {
                    reg.vector
                };
                *g += l2 * w[j];
            }
        }
        let t = step as f32;
        for j in 0..=dim {
            m[j] = b1 * m[j] + (1.0 - b1) * grad[j];
            v[j] = b2 * v[j] + (1.0 - b2) * grad[j] * grad[j];
            let mh = m[j] / (1.0 - b1.powf(t));
            let vh = v[j] / (1.0 - b2.powf(t));
            let d = lr * mh / (vh.sqrt() + eps);
            if j < dim {
                w[j] -= d;
            } else {
                b -= d;
            }
        }
    }
    (b, w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_have_their_names() {
        let sents =
            sentences("At my last job we had a backlog. I cleared it. It went from 90 to 10.");
        let f = features(
            &sents,
            &Context {
                kind: Kind::Behavioural,
                question: Some("Tell me about a backlog."),
            },
        );
        assert_eq!(f.len(), 3);
        assert!(f.iter().all(|r| r.len() == FEATURE_NAMES.len()));
    }

    #[test]
    fn builtin_model_parses() {
        let m = StarModel::builtin();
        assert!(m.words.is_complete(), "the words-only weights are complete");
        assert!(m.meaning.is_complete(), "the meaning weights are complete");
        assert_eq!(m.meaning.prototypes.len(), PARTS.len());
        assert_eq!(
            m.meaning.parts[0].weights.len(),
            FEATURE_NAMES.len() + PARTS.len()
        );
    }

    #[test]
    fn training_separates_a_simple_signal() {
        let mk = |f: f32, y: bool| TrainingSentence {
            features: (0..FEATURE_NAMES.len())
                .map(|j| if j == 9 { f } else { 0.0 })
                .collect(),
            vector: None,
            labels: [Some(y), None, Some(!y), Some(y)],
        };
        let data: Vec<_> = (0..20).map(|i| mk((i % 2) as f32, i % 2 == 1)).collect();
        let set = train(&data, 0, &[], Regularisation::DEFAULT);
        let c = set.chances(
            &[data[0].features.clone(), data[1].features.clone()],
            &[None, None],
        );
        assert!(c[1][0] > 0.8 && c[0][0] < 0.2, "{c:?}");
        assert!(c[1][2] < 0.2 && c[0][2] > 0.8, "{c:?}");
    }
}
