//! The labelled practice answers (`../shared/data/answers/dev.yaml`, read in
//! place) and the STAR figures round2's feedback is judged by: per part,
//! whether the answer has it, by leave-one-answer-out.
//!
//! The answers are labelled per answer; the `why` of each quotes the words
//! that decide each part ("S: 'med-surg floor, nights…'; T: '…'"). A
//! sentence that holds most of a part's quoted words is that part; the
//! answer's other sentences are not. A part the labels call present but
//! whose quote cannot be found leaves that part unknown for the answer's
//! sentences (they do not train it).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context as _, Result};
use round2_coverage::Vectors;
use round2_practice::feedback::{feedback_with, Judge};
use round2_practice::star::{
    self, features, sentences, Context, Regularisation, StarModel, TrainingAnswer,
    TrainingSentence, WeightSet, PARTS,
};
use round2_practice::Kind;
use serde::Deserialize;

/// The answers file: `ROUND2_ANSWERS`, else `answers/dev.yaml` in the
/// shared data.
pub use round2_testdata::answers_path;

/// round2's own labelled answers (extra training data, never scored).
pub fn own_answers_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../practice/data/star_answers.yaml")
}

#[derive(Debug, Clone, Deserialize)]
struct RawStar {
    situation: bool,
    task: bool,
    action: bool,
    result: bool,
}

#[derive(Debug, Clone, Deserialize)]
struct RawAnswer {
    id: String,
    q: String,
    kind: String,
    a: String,
    star: RawStar,
    relevant: bool,
    #[serde(default)]
    why: String,
}

/// One labelled answer.
#[derive(Debug, Clone)]
pub struct LabelledAnswer {
    pub id: String,
    pub question: String,
    pub kind: Kind,
    pub answer: String,
    /// Situation, task, action, result present.
    pub star: [bool; 4],
    pub relevant: bool,
    pub why: String,
}

/// The question kinds of the file, as round2's [`Kind`]: motivation and
/// culture questions ask for a view, as opinion questions do.
fn kind_of(kind: &str) -> Result<Kind> {
    Ok(match kind {
        "behavioural" => Kind::Behavioural,
        "situational" => Kind::Situational,
        "motivation" | "culture" | "opinion" => Kind::Opinion,
        "curveball" => Kind::Curveball,
        other => return Err(anyhow!("unknown question kind {other:?}")),
    })
}

/// Reads the labelled answers.
pub fn load_answers(path: &Path) -> Result<Vec<LabelledAnswer>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let raw: Vec<RawAnswer> =
        serde_yaml_ng::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    raw.into_iter()
        .map(|r| {
            Ok(LabelledAnswer {
                kind: kind_of(&r.kind).with_context(|| format!("answer {}", r.id))?,
                id: r.id,
                question: r.q,
                answer: r.a,
                star: [r.star.situation, r.star.task, r.star.action, r.star.result],
                relevant: r.relevant,
                why: r.why,
            })
        })
        .collect()
}

fn content_words(text: &str) -> BTreeSet<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| w.len() >= 3)
        .map(|w| w.trim_matches('\'').to_string())
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect()
}

const STOP: &[&str] = &[
    "the", "and", "was", "were", "that", "this", "with", "for", "from", "but", "had", "have",
    "they", "their", "our", "his", "her", "she", "him", "who", "what", "which", "its", "it's",
    "about", "into", "like", "just", "really", "then", "there",
];

/// The quoted fragments of each part in a `why` (S, T, A, R).
fn quotes_by_part(why: &str) -> [Vec<String>; 4] {
    let mut out: [Vec<String>; 4] = Default::default();
    // Markers: a lone capital S/T/A/R, maybe a few words, then a colon.
    let chars: Vec<(usize, char)> = why.char_indices().collect();
    let mut markers: Vec<(usize, usize, usize)> = Vec::new(); // (part, start, after colon)
    for (i, &(pos, c)) in chars.iter().enumerate() {
        let part = match c {
            'S' => 0,
            'T' => 1,
            'A' => 2,
            'R' => 3,
            _ => continue,
        };
        let before_ok = i == 0 || !chars[i - 1].1.is_alphanumeric();
        let after_ok = chars.get(i + 1).is_none_or(|(_, n)| !n.is_alphanumeric());
        if !before_ok || !after_ok {
            continue;
        }
        // look ahead at most 40 chars for a colon, before any quote or ';'
        let mut j = i + 1;
        while j < chars.len() && j <= i + 40 {
            match chars[j].1 {
                ':' => {
                    markers.push((part, pos, chars[j].0 + 1));
                    break;
                }
                '\'' | ';' => break,
                _ => j += 1,
            }
        }
    }
    for (k, &(part, _, from)) in markers.iter().enumerate() {
        let to = markers.get(k + 1).map_or(why.len(), |m| m.1);
        let seg = &why[from..to];
        for q in quoted(seg) {
            for frag in q.split("...").flat_map(|f| f.split('…')) {
                let frag = frag.trim();
                if !frag.is_empty() {
                    out[part].push(frag.to_string());
                }
            }
        }
    }
    out
}

/// Single-quoted spans: an opening quote after a space, '(' or ':' (or at
/// the start); a closing quote before a space, punctuation or the end. An
/// apostrophe inside a word ("she'd") is neither.
fn quoted(seg: &str) -> Vec<String> {
    let chars: Vec<char> = seg.chars().collect();
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for i in 0..chars.len() {
        if chars[i] != '\'' {
            continue;
        }
        let prev = if i == 0 { ' ' } else { chars[i - 1] };
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        match open {
            None if matches!(prev, ' ' | '(' | ':' | '"') && !next.is_whitespace() => {
                open = Some(i + 1)
            }
            Some(o) if matches!(next, ' ' | ';' | ',' | '.' | ')' | '"') && prev != ' ' => {
                out.push(chars[o..i].iter().collect());
                open = None;
            }
            _ => {}
        }
    }
    out
}

/// Each sentence's label per part (see the module doc).
pub fn sentence_labels(a: &LabelledAnswer) -> Vec<[Option<bool>; 4]> {
    let sents = sentences(&a.answer);
    let sent_words: Vec<BTreeSet<String>> = sents.iter().map(|s| content_words(s)).collect();
    let quotes = quotes_by_part(&a.why);
    let mut labels = vec![[Some(false); 4]; sents.len()];
    for k in 0..4 {
        if !a.star[k] {
            continue;
        }
        let mut found = false;
        for frag in &quotes[k] {
            let fw = content_words(frag);
            if fw.is_empty() {
                continue;
            }
            let best = sent_words
                .iter()
                .enumerate()
                .map(|(i, sw)| (i, fw.intersection(sw).count() as f32 / fw.len() as f32))
                .max_by(|x, y| x.1.total_cmp(&y.1));
            if let Some((i, share)) = best {
                if share >= 0.5 {
                    labels[i][k] = Some(true);
                    found = true;
                }
            }
        }
        if !found {
            for l in &mut labels {
                l[k] = None;
            }
        }
    }
    labels
}

/// The texts whose vectors the STAR figures use: every answer's sentences
/// and questions.
pub fn texts_to_embed(answers: &[LabelledAnswer]) -> Vec<String> {
    let mut out = Vec::new();
    for a in answers {
        out.extend(sentences(&a.answer).into_iter().map(str::to_string));
        out.push(a.question.clone());
        out.push(round2_practice::relevance::topic(&a.question));
        out.push(a.answer.clone());
    }
    out.extend(
        bank_texts()
            .iter()
            .map(|q| round2_practice::relevance::topic(q)),
    );
    out.extend(
        star::PROTOTYPES
            .iter()
            .flat_map(|p| p.iter().map(|s| s.to_string())),
    );
    out
}

/// The bank's questions: what an answer is compared with besides the one
/// asked.
pub fn bank_texts() -> Vec<String> {
    round2_practice::QuestionBank::builtin()
        .questions()
        .iter()
        .map(|q| q.text.clone())
        .collect()
}

fn context(a: &LabelledAnswer) -> Context<'_> {
    Context {
        kind: a.kind,
        question: Some(&a.question),
    }
}

/// The training sentences of one answer.
pub fn training_sentences(a: &LabelledAnswer, vectors: Option<&Vectors>) -> Vec<TrainingSentence> {
    let sents = sentences(&a.answer);
    let feats = features(&sents, &context(a));
    let labels = sentence_labels(a);
    sents
        .iter()
        .zip(feats)
        .zip(labels)
        .map(|((s, f), l)| TrainingSentence {
            features: f,
            vector: vectors.and_then(|v| v.get(*s).cloned()),
            labels: l,
        })
        .collect()
}

/// Confusion of one part over answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confusion {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub tn: usize,
}

impl Confusion {
    pub fn right(&self) -> usize {
        self.tp + self.tn
    }
    pub fn total(&self) -> usize {
        self.tp + self.fp + self.fn_ + self.tn
    }
    fn add(&mut self, predicted: bool, gold: bool) {
        match (predicted, gold) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }
}

/// STAR part decisions over a set of answers.
#[derive(Debug, Clone, Default)]
pub struct StarReport {
    pub parts: [Confusion; 4],
    /// (answer id, part, predicted, gold) for every wrong decision.
    pub misses: Vec<(String, &'static str, bool, bool)>,
    /// Whether the answer addresses the question: (right, total).
    pub relevance: (usize, usize),
    /// Answers judged off the question, (id, gold relevant).
    pub relevance_misses: Vec<(String, bool)>,
}

impl StarReport {
    pub fn accuracy(&self) -> f64 {
        let right: usize = self.parts.iter().map(Confusion::right).sum();
        let total: usize = self.parts.iter().map(Confusion::total).sum();
        right as f64 / total.max(1) as f64
    }
    pub fn part_accuracy(&self, k: usize) -> f64 {
        self.parts[k].right() as f64 / self.parts[k].total().max(1) as f64
    }
    pub fn line(&self) -> String {
        let parts: Vec<String> = PARTS
            .iter()
            .enumerate()
            .map(|(k, p)| {
                format!(
                    "{} {}/{}",
                    p.as_str(),
                    self.parts[k].right(),
                    self.parts[k].total()
                )
            })
            .collect();
        format!(
            "all {:.3} ({}); addresses the question {}/{}",
            self.accuracy(),
            parts.join(", "),
            self.relevance.0,
            self.relevance.1
        )
    }
    fn record(&mut self, a: &LabelledAnswer, predicted: [bool; 4], relevant: bool) {
        self.relevance.1 += 1;
        if relevant == a.relevant {
            self.relevance.0 += 1;
        } else {
            self.relevance_misses.push((a.id.clone(), a.relevant));
        }
        for (k, p) in PARTS.iter().enumerate() {
            self.parts[k].add(predicted[k], a.star[k]);
            if predicted[k] != a.star[k] {
                self.misses
                    .push((a.id.clone(), p.as_str(), predicted[k], a.star[k]));
            }
        }
    }
}

/// What round2's feedback decides for `a` with `judge`: the STAR parts and
/// whether it addresses the question.
pub fn judged(a: &LabelledAnswer, judge: Judge) -> ([bool; 4], bool) {
    let fb = feedback_with(a.kind, Some(&a.question), &a.answer, &[], judge);
    let s = &fb.star;
    (
        [
            s.situation.present,
            s.task.present,
            s.action.present,
            s.result.present,
        ],
        fb.relevance.is_none_or(|r| r.addresses),
    )
}

/// The cue-phrase rules (the fallback without a trained model), for
/// comparison with what came before.
pub fn score_rules(answers: &[LabelledAnswer]) -> StarReport {
    let empty = StarModel::empty();
    let mut r = StarReport::default();
    for a in answers {
        let (parts, relevant) = judged(
            a,
            Judge {
                model: &empty,
                vectors: None,
            },
        );
        r.record(a, parts, relevant);
    }
    r
}

/// Trains one weight set on `answers`.
pub fn train_set(
    answers: &[&LabelledAnswer],
    vectors: Option<&Vectors>,
    reg: Regularisation,
) -> WeightSet {
    let data: Vec<TrainingAnswer> = answers
        .iter()
        .map(|a| TrainingAnswer {
            sentences: training_sentences(a, vectors),
            gold: a.star,
        })
        .collect();
    let dim = vectors.and_then(|v| v.values().next()).map_or(0, Vec::len);
    let protos: Vec<Vec<Vec<f32>>> = match vectors {
        Some(v) => star::PROTOTYPES
            .iter()
            .map(|ps| ps.iter().filter_map(|p| v.get(*p).cloned()).collect())
            .collect(),
        None => Vec::new(),
    };
    star::train_answers(&data, dim, &protos, reg)
}

/// Leave-one-answer-out: for each answer, a weight set trained on the
/// other answers judges it, through round2's own feedback.
///
/// `extra` (round2's own answers) trains every fold and scores none.
pub fn leave_one_out(
    answers: &[LabelledAnswer],
    extra: &[LabelledAnswer],
    vectors: Option<&Vectors>,
    reg: Regularisation,
) -> StarReport {
    let mut report = StarReport::default();
    for (i, a) in answers.iter().enumerate() {
        let rest: Vec<&LabelledAnswer> = answers
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, x)| x)
            .chain(extra)
            .collect();
        let set = train_set(&rest, vectors, reg);
        score_into(&mut report, set, std::slice::from_ref(a), vectors);
    }
    report
}

/// Both weight sets, trained on every answer: what `star_model.json` holds.
pub fn train_model(
    answers: &[LabelledAnswer],
    extra: &[LabelledAnswer],
    vectors: &Vectors,
    model_name: &str,
) -> StarModel {
    let all: Vec<&LabelledAnswer> = answers.iter().chain(extra).collect();
    StarModel {
        words: train_set(&all, None, Regularisation::DEFAULT),
        meaning: train_set(&all, Some(vectors), Regularisation::DEFAULT),
        vector_model: model_name.to_string(),
    }
}

/// How many parts marked present have a quoted sentence found.
pub fn label_coverage(answers: &[LabelledAnswer]) -> (usize, usize) {
    let (mut found, mut present) = (0, 0);
    for a in answers {
        let labels = sentence_labels(a);
        for k in 0..4 {
            if a.star[k] {
                present += 1;
                if labels.iter().any(|l| l[k] == Some(true)) {
                    found += 1;
                }
            }
        }
    }
    (found, present)
}

/// The model as `star_model.json` holds it: weights rounded to 6 decimals
/// so the file is stable and small.
pub fn model_json(model: &StarModel) -> Result<String> {
    let mut m = model.clone();
    let mut round = |v: &mut Vec<f32>| v.iter_mut().for_each(|x| *x = (*x * 1e6).round() / 1e6);
    for set in [&mut m.words, &mut m.meaning] {
        round(&mut set.mean);
        round(&mut set.scale);
        set.prototypes.iter_mut().flatten().for_each(&mut round);
        for p in &mut set.parts {
            round(&mut p.weights);
            p.bias = (p.bias * 1e6).round() / 1e6;
        }
    }
    Ok(serde_json::to_string(&m)? + "\n")
}

/// For each answer: (id, relevant, best topic cosine, share of bank
/// questions that outrank it).
pub fn relevance_points(
    answers: &[LabelledAnswer],
    vectors: &Vectors,
) -> Vec<(String, bool, f32, f32)> {
    let bank = bank_texts();
    answers
        .iter()
        .filter_map(|a| {
            let sents = sentences(&a.answer);
            let fit = topic_fit(&a.question, &bank, &sents, vectors)?;
            Some((a.id.clone(), a.relevant, fit.best, fit.outranked))
        })
        .collect()
}

/// Trains on `train` only and scores `test` (a check across sets).
pub fn train_then_score(
    train: &[LabelledAnswer],
    test: &[LabelledAnswer],
    vectors: Option<&Vectors>,
    reg: Regularisation,
) -> StarReport {
    let all: Vec<&LabelledAnswer> = train.iter().collect();
    let set = train_set(&all, vectors, reg);
    let mut report = StarReport::default();
    score_into(&mut report, set, test, vectors);
    report
}

/// Scores `answers` with one weight set (words or meaning, as `vectors`
/// says) through round2's feedback.
fn score_into(
    report: &mut StarReport,
    set: WeightSet,
    answers: &[LabelledAnswer],
    vectors: Option<&Vectors>,
) {
    let mut model = StarModel::empty();
    if vectors.is_some() {
        model.meaning = set;
    } else {
        model.words = set;
    }
    for a in answers {
        let (parts, relevant) = judged(
            a,
            Judge {
                model: &model,
                vectors,
            },
        );
        report.record(a, parts, relevant);
    }
}

/// What the topic test measures: the closest sentence's cosine with the
/// topic, and how that ranks against the same for other questions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TopicFit {
    /// Best cosine of the topic and one sentence of the answer.
    pub best: f32,
    /// The share of `others` whose topic is closer to the answer than this
    /// question's (0: none is; 1: all are).
    pub outranked: f32,
}

/// The topic measurement (a diagnostic: round2 does not decide by it). `vectors` must hold the topics of `question` and of
/// `others`, and each of `sentences`; `None` when one is missing.
pub fn topic_fit(
    question: &str,
    others: &[String],
    sentences: &[&str],
    vectors: &Vectors,
) -> Option<TopicFit> {
    let best_for = |q: &str| -> Option<f32> {
        let qv = vectors.get(&round2_practice::relevance::topic(q))?;
        sentences
            .iter()
            .map(|s| vectors.get(*s).map(|v| round2_coverage::cosine(qv, v)))
            .try_fold(-1.0f32, |acc, c| c.map(|c| acc.max(c)))
    };
    let best = best_for(question)?;
    if sentences.is_empty() {
        return None;
    }
    let other: Vec<f32> = others
        .iter()
        .filter(|o| o.as_str() != question)
        .filter_map(|o| best_for(o))
        .collect();
    let closer = other.iter().filter(|c| **c > best).count();
    Some(TopicFit {
        best,
        outranked: closer as f32 / other.len().max(1) as f32,
    })
}
