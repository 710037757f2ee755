//! Training and evaluation on SkillSpan-format data (JSON Lines, one
//! sentence a line, see the dataset README). Used by the `skillspan`
//! binary and the tests; the library itself never reads files.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{IdMap, Model, Tagger};
use crate::text::{token_spans, Span};
use crate::{Mention, MentionKind};

/// Errors reading SkillSpan data.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// A line is not valid JSON of the expected shape.
    #[error("line {line}: {source}")]
    Json {
        /// 1-based line number.
        line: usize,
        /// The JSON error.
        source: serde_json::Error,
    },
    /// Token and tag counts differ.
    #[error("line {line}: tokens and tags differ in length")]
    Length {
        /// 1-based line number.
        line: usize,
    },
}

/// One SkillSpan sentence.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SkSentence {
    /// Posting index within its source.
    pub idx: u64,
    /// Tokens.
    pub tokens: Vec<String>,
    /// BIO tags for skills.
    pub tags_skill: Vec<String>,
    /// BIO tags for knowledge.
    pub tags_knowledge: Vec<String>,
    /// "tech" or "house".
    #[serde(default)]
    pub source: String,
}

/// A posting: its sentences in order.
#[derive(Debug, Clone)]
pub struct SkPosting {
    /// The sentences.
    pub sentences: Vec<SkSentence>,
}

/// Parse SkillSpan JSON Lines into postings (grouped by `(source, idx)`,
/// in order of first appearance).
pub fn parse_postings(src: &str) -> Result<Vec<SkPosting>, DataError> {
    let mut postings: Vec<SkPosting> = Vec::new();
    let mut index: std::collections::HashMap<(String, u64), usize> = Default::default();
    for (i, line) in src.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let s: SkSentence = serde_json::from_str(line).map_err(|e| DataError::Json {
            line: i + 1,
            source: e,
        })?;
        if s.tokens.len() != s.tags_skill.len() || s.tokens.len() != s.tags_knowledge.len() {
            return Err(DataError::Length { line: i + 1 });
        }
        let key = (s.source.clone(), s.idx);
        let pi = *index.entry(key).or_insert_with(|| {
            postings.push(SkPosting {
                sentences: Vec::new(),
            });
            postings.len() - 1
        });
        postings[pi].sentences.push(s);
    }
    Ok(postings)
}

/// Gold spans of one tag column: `(first, end_exclusive)` token indices.
pub fn gold_spans(tags: &[String]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<usize> = None;
    for (i, t) in tags.iter().enumerate() {
        match t.as_str() {
            "B" => {
                if let Some(s) = cur.take() {
                    out.push((s, i));
                }
                cur = Some(i);
            }
            "I" => {
                if cur.is_none() {
                    cur = Some(i);
                }
            }
            _ => {
                if let Some(s) = cur.take() {
                    out.push((s, i));
                }
            }
        }
    }
    if let Some(s) = cur {
        out.push((s, tags.len()));
    }
    out
}

/// A posting rebuilt as text (tokens joined by one space, sentences by one
/// newline) with each original token's byte span and the gold spans as
/// `(first_token, last_token_inclusive, kind)` over posting-level indices.
#[derive(Debug, Clone)]
pub struct RebuiltPosting {
    /// The text.
    pub text: String,
    /// Byte span of every original token.
    pub token_spans: Vec<(usize, usize)>,
    /// Gold spans.
    pub gold: Vec<(usize, usize, MentionKind)>,
}

/// Rebuild a posting's text as the dataset README prescribes.
pub fn rebuild(p: &SkPosting) -> RebuiltPosting {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut gold = Vec::new();
    for (si, s) in p.sentences.iter().enumerate() {
        if si > 0 {
            text.push('\n');
        }
        let base = spans.len();
        for (ti, t) in s.tokens.iter().enumerate() {
            if ti > 0 {
                text.push(' ');
            }
            let a = text.len();
            text.push_str(t);
            spans.push((a, text.len()));
        }
        for (a, b) in gold_spans(&s.tags_skill) {
            gold.push((base + a, base + b - 1, MentionKind::Skill));
        }
        for (a, b) in gold_spans(&s.tags_knowledge) {
            gold.push((base + a, base + b - 1, MentionKind::Knowledge));
        }
    }
    RebuiltPosting {
        text,
        token_spans: spans,
        gold,
    }
}

/// Map a byte-offset mention to the inclusive range of original tokens it
/// overlaps.
pub fn mention_tokens(
    spans: &[(usize, usize)],
    start: usize,
    end: usize,
) -> Option<(usize, usize)> {
    // First token whose end > start.
    let first = spans.partition_point(|&(_, e)| e <= start);
    if first >= spans.len() || spans[first].0 >= end {
        return None;
    }
    let last = spans.partition_point(|&(s, _)| s < end);
    Some((first, last.saturating_sub(1).max(first)))
}

/// Counts for precision/recall.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq)]
pub struct Prf {
    /// True positives (for loose: recall-side and precision-side differ,
    /// see [`Scores`]).
    pub tp: usize,
    /// Predicted count.
    pub pred: usize,
    /// Gold count.
    pub gold: usize,
    /// Precision.
    pub p: f64,
    /// Recall.
    pub r: f64,
    /// F1.
    pub f1: f64,
}

impl Prf {
    fn finish(tp_p: usize, tp_r: usize, pred: usize, gold: usize) -> Self {
        let p = if pred == 0 {
            0.0
        } else {
            tp_p as f64 / pred as f64
        };
        let r = if gold == 0 {
            0.0
        } else {
            tp_r as f64 / gold as f64
        };
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        Prf {
            tp: tp_p,
            pred,
            gold,
            p,
            r,
            f1,
        }
    }
}

/// Scores on a data set.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Scores {
    /// Strict, skill.
    pub skill: Prf,
    /// Strict, knowledge.
    pub knowledge: Prf,
    /// Strict, micro over both kinds.
    pub micro: Prf,
    /// Loose: kind ignored, any token overlap counts.
    pub loose: Prf,
    /// Postings scored.
    pub postings: usize,
    /// Bytes of text scored.
    pub bytes: usize,
}

/// Accumulates strict and loose counts over postings.
#[derive(Debug, Default)]
pub struct Scorer {
    c: [[usize; 3]; 2], // per kind: tp, pred, gold
    loose_tp_p: usize,
    loose_tp_r: usize,
    loose_pred: usize,
    loose_gold: usize,
    postings: usize,
    bytes: usize,
}

fn kidx(k: MentionKind) -> usize {
    match k {
        MentionKind::Skill => 0,
        MentionKind::Knowledge => 1,
    }
}

impl Scorer {
    /// Add one posting's predictions.
    pub fn add(&mut self, p: &RebuiltPosting, mentions: &[Mention]) {
        self.postings += 1;
        self.bytes += p.text.len();
        let mut pred: HashSet<(usize, usize, MentionKind)> = HashSet::new();
        for m in mentions {
            if let Some((a, b)) = mention_tokens(&p.token_spans, m.start, m.end) {
                pred.insert((a, b, m.kind));
            }
        }
        let gold: HashSet<(usize, usize, MentionKind)> = p.gold.iter().copied().collect();
        for g in &gold {
            self.c[kidx(g.2)][2] += 1;
        }
        for x in &pred {
            self.c[kidx(x.2)][1] += 1;
            if gold.contains(x) {
                self.c[kidx(x.2)][0] += 1;
            }
        }
        let overlaps = |a: &(usize, usize, MentionKind), b: &(usize, usize, MentionKind)| {
            a.0 <= b.1 && b.0 <= a.1
        };
        self.loose_pred += pred.len();
        self.loose_gold += gold.len();
        self.loose_tp_p += pred
            .iter()
            .filter(|x| gold.iter().any(|g| overlaps(x, g)))
            .count();
        self.loose_tp_r += gold
            .iter()
            .filter(|g| pred.iter().any(|x| overlaps(x, g)))
            .count();
    }

    /// Final scores.
    pub fn scores(&self) -> Scores {
        let k = |i: usize| Prf::finish(self.c[i][0], self.c[i][0], self.c[i][1], self.c[i][2]);
        let tp = self.c[0][0] + self.c[1][0];
        Scores {
            skill: k(0),
            knowledge: k(1),
            micro: Prf::finish(
                tp,
                tp,
                self.c[0][1] + self.c[1][1],
                self.c[0][2] + self.c[1][2],
            ),
            loose: Prf::finish(
                self.loose_tp_p,
                self.loose_tp_r,
                self.loose_pred,
                self.loose_gold,
            ),
            postings: self.postings,
            bytes: self.bytes,
        }
    }
}

/// Score an extractor on rebuilt postings.
pub fn evaluate<F: Fn(&str) -> Vec<Mention>>(postings: &[RebuiltPosting], extract: F) -> Scores {
    let mut sc = Scorer::default();
    for p in postings {
        let m = extract(&p.text);
        sc.add(p, &m);
    }
    sc.scores()
}

/// A training sentence: features and per-model gold labels.
struct TrainSentence {
    feats: Vec<u64>,
    offsets: Vec<usize>,
    /// my-token → label per kind column (0 = O, 1 = B, 2 = I), skill first.
    tags: [Vec<u8>; 2],
}

/// Project original-token BIO tags onto the tokenizer's sub-tokens: a B
/// token's leading punctuation is O, its first word piece B, the rest I;
/// trailing punctuation at the end of a span is O.
fn project(text: &str, orig: &[(usize, usize)], mine: &[Span], tags: &[String]) -> Vec<u8> {
    let mut out = vec![0u8; mine.len()];
    let mut oi = 0;
    let mut started_in: Option<usize> = None;
    for (j, s) in mine.iter().enumerate() {
        while oi + 1 < orig.len() && orig[oi].1 <= s.start {
            oi += 1;
        }
        let t = tags.get(oi).map(String::as_str).unwrap_or("O");
        let punct = !text[s.start..s.end].chars().any(|c| c.is_alphanumeric());
        out[j] = match t {
            "B" | "I" => {
                if t == "B" && started_in != Some(oi) {
                    if punct {
                        0
                    } else {
                        started_in = Some(oi);
                        1
                    }
                } else {
                    started_in = Some(oi);
                    2
                }
            }
            _ => 0,
        };
    }
    // Fix-ups: I without a preceding B/I becomes B; trailing punctuation
    // at a span end becomes O.
    for j in 0..out.len() {
        if out[j] == 2 && (j == 0 || out[j - 1] == 0) {
            out[j] = 1;
        }
    }
    let mut j = out.len();
    while j > 0 {
        j -= 1;
        if out[j] != 0 && (j + 1 == out.len() || out[j + 1] != 2) {
            // span end at j: strip trailing punctuation
            let mut k = j;
            while out[k] == 2
                && !text[mine[k].start..mine[k].end]
                    .chars()
                    .any(|c| c.is_alphanumeric())
            {
                out[k] = 0;
                if k == 0 {
                    break;
                }
                k -= 1;
            }
        }
    }
    out
}

fn prepare(tagger: &Tagger, postings: &[SkPosting]) -> Vec<TrainSentence> {
    let mut out = Vec::new();
    for p in postings {
        for s in &p.sentences {
            let mut text = String::new();
            let mut orig = Vec::new();
            for (i, t) in s.tokens.iter().enumerate() {
                if i > 0 {
                    text.push(' ');
                }
                let a = text.len();
                text.push_str(t);
                orig.push((a, text.len()));
            }
            let mine = token_spans(&text);
            if mine.is_empty() {
                continue;
            }
            let mut feats = Vec::new();
            let mut offsets = Vec::new();
            tagger
                .featurizer()
                .features(&text, &mine, &mut feats, &mut offsets);
            let tags = [
                project(&text, &orig, &mine, &s.tags_skill),
                project(&text, &orig, &mine, &s.tags_knowledge),
            ];
            out.push(TrainSentence {
                feats,
                offsets,
                tags,
            });
        }
    }
    out
}

/// Gold labels of a sentence for a model over `kinds` (joint models give
/// the first kind priority where spans overlap).
fn gold_for(s: &TrainSentence, kinds: &[MentionKind]) -> Vec<usize> {
    let n = s.tags[0].len();
    let mut spans: Vec<(usize, usize, usize)> = Vec::new();
    for (ki, k) in kinds.iter().enumerate() {
        let col = &s.tags[kidx(*k)];
        let mut i = 0;
        while i < n {
            if col[i] == 1 || col[i] == 2 {
                let mut e = i + 1;
                while e < n && col[e] == 2 {
                    e += 1;
                }
                if !spans.iter().any(|&(a, b, _)| a < e && i < b) {
                    spans.push((i, e, ki));
                }
                i = e;
            } else {
                i += 1;
            }
        }
    }
    super::encode_spans(n, &spans)
}

/// Training options.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Shuffle seed.
    pub seed: u64,
    /// Model layout: each inner list is one model's kinds.
    pub layout: Vec<Vec<MentionKind>>,
    /// Rows whose largest absolute averaged weight is below this are pruned.
    pub prune: f32,
    /// Number of models (different shuffle seeds) whose weights are averaged.
    pub bags: usize,
    /// O-label bias stored in the model (tuned on dev: higher finds more).
    pub o_bias: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 30,
            seed: 42,
            layout: vec![vec![MentionKind::Skill], vec![MentionKind::Knowledge]],
            prune: 0.5,
            bags: 4,
            o_bias: 30.0,
        }
    }
}

struct XorShift(u64);
impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

type Trained = (IdMap<u32>, Vec<f32>, Vec<f32>);

/// One averaged-perceptron run: feature rows, averaged weights, transitions.
fn train_one(
    data: &[TrainSentence],
    golds: &[Vec<usize>],
    kinds: &[MentionKind],
    epochs: usize,
    seed: u64,
    mut progress: impl FnMut(usize),
) -> Trained {
    let m = Model::new(kinds.to_vec());
    let nl = m.nl();
    let mut rows: IdMap<u32> = IdMap::default();
    let mut w: Vec<f32> = Vec::new();
    let mut u: Vec<f64> = Vec::new();
    let mut tw = vec![0f32; (nl + 1) * nl];
    let mut tu = vec![0f64; (nl + 1) * nl];
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = XorShift(seed.wrapping_mul(2654435761).max(1));
    let mut c: f64 = 1.0;
    let mut em = Vec::new();
    let mut pred = Vec::new();
    for epoch in 0..epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        for &si in &order {
            let s = &data[si];
            let gold = &golds[si];
            let n = gold.len();
            // emissions with current weights
            em.clear();
            em.resize(n * nl, 0.0f32);
            for t in 0..n {
                for f in &s.feats[s.offsets[t]..s.offsets[t + 1]] {
                    if let Some(&r) = rows.get(f) {
                        let r = r as usize * nl;
                        for l in 0..nl {
                            em[t * nl + l] += w[r + l];
                        }
                    }
                }
            }
            m.viterbi(&em, &tw, &mut pred);
            if pred == *gold {
                c += 1.0;
                continue;
            }
            for t in 0..n {
                let (g, p) = (gold[t], pred[t]);
                if g != p {
                    for f in &s.feats[s.offsets[t]..s.offsets[t + 1]] {
                        let r = *rows.entry(*f).or_insert_with(|| {
                            w.extend(std::iter::repeat_n(0.0, nl));
                            u.extend(std::iter::repeat_n(0.0, nl));
                            (w.len() / nl - 1) as u32
                        }) as usize
                            * nl;
                        w[r + g] += 1.0;
                        u[r + g] += c;
                        w[r + p] -= 1.0;
                        u[r + p] -= c;
                    }
                }
                let pg = if t == 0 { nl } else { gold[t - 1] };
                let pp = if t == 0 { nl } else { pred[t - 1] };
                if pg != pp || g != p {
                    tw[pg * nl + g] += 1.0;
                    tu[pg * nl + g] += c;
                    tw[pp * nl + p] -= 1.0;
                    tu[pp * nl + p] -= c;
                }
            }
            c += 1.0;
        }
        progress(epoch);
    }
    // Average.
    let avg: Vec<f32> = w
        .iter()
        .zip(&u)
        .map(|(&x, &y)| (f64::from(x) - y / c) as f32)
        .collect();
    for (t, tu) in tw.iter_mut().zip(&tu) {
        *t = (f64::from(*t) - tu / c) as f32;
    }
    (rows, avg, tw)
}

/// Train a tagger on SkillSpan postings. `progress` is called after each
/// epoch with `(model_index, epoch)`.
pub fn train(
    postings: &[SkPosting],
    opts: &TrainOptions,
    mut progress: impl FnMut(usize, usize),
) -> Tagger {
    let base = Tagger::empty();
    let data = prepare(&base, postings);
    let mut models = Vec::new();
    for (mi, kinds) in opts.layout.iter().enumerate() {
        let golds: Vec<Vec<usize>> = data.iter().map(|s| gold_for(s, kinds)).collect();
        let bags = opts.bags.max(1);
        let mut sum: IdMap<Vec<f32>> = IdMap::default();
        let mut tsum: Vec<f32> = Vec::new();
        for bag in 0..bags {
            let seed = opts.seed.wrapping_add(bag as u64 * 7919);
            let (rows, w, trans) =
                train_one(&data, &golds, kinds, opts.epochs, seed, |e| progress(mi, e));
            let nl = Model::new(kinds.clone()).nl();
            for (&k, &r) in &rows {
                let r = r as usize * nl;
                let e = sum.entry(k).or_insert_with(|| vec![0.0; nl]);
                for (x, y) in e.iter_mut().zip(&w[r..r + nl]) {
                    *x += *y / bags as f32;
                }
            }
            if tsum.is_empty() {
                tsum = vec![0.0; trans.len()];
            }
            for (x, y) in tsum.iter_mut().zip(&trans) {
                *x += *y / bags as f32;
            }
        }
        let mut m = Model::new(kinds.clone());
        let nl = m.nl();
        let mut kept: IdMap<u32> = IdMap::default();
        let mut kw: Vec<f32> = Vec::new();
        let mut keys: Vec<u64> = sum.keys().copied().collect();
        keys.sort_unstable();
        for k in keys {
            let v = &sum[&k];
            if v.iter().fold(0f32, |a, &x| a.max(x.abs())) >= opts.prune {
                kept.insert(k, (kw.len() / nl) as u32);
                kw.extend_from_slice(v);
            }
        }
        m.rows = kept;
        m.w = kw;
        m.trans = tsum;
        m.o_bias = opts.o_bias;
        models.push(m);
    }
    Tagger::from_models(models)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection() {
        let text = "(Java, Python) skills.";
        let orig = vec![(0, 6), (7, 14), (15, 22)];
        let mine = token_spans(text);
        let tags = vec!["B".to_string(), "B".to_string(), "O".to_string()];
        let p = project(text, &orig, &mine, &tags);
        // ( Java , Python ) skills .
        assert_eq!(p, vec![0, 1, 0, 1, 0, 0, 0]);
    }

    #[test]
    fn token_mapping() {
        let spans = vec![(0, 4), (5, 9), (10, 12)];
        assert_eq!(mention_tokens(&spans, 0, 3), Some((0, 0)));
        assert_eq!(mention_tokens(&spans, 2, 6), Some((0, 1)));
        assert_eq!(mention_tokens(&spans, 4, 5), None);
        assert_eq!(mention_tokens(&spans, 10, 12), Some((2, 2)));
    }
}
