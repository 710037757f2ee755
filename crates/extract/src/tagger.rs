//! Skill and knowledge mention tagger: an averaged structured perceptron
//! with first-order Viterbi decoding over BIO labels, trained on SkillSpan.
//!
//! Features are hashed to 64-bit keys (no strings at run time). The model
//! ships as `model/tagger.bin` (a small binary format written by
//! [`Tagger::to_bytes`]) and is embedded in the library.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::lexicon::Lexicon;
use crate::text::{token_spans, Span};
use crate::{Mention, MentionKind};

const MODEL_BYTES: &[u8] = include_bytes!("../model/tagger.bin");
const MAGIC: &[u8; 4] = b"R2TG";
const VERSION: u32 = 1;

/// Errors from loading a model.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    /// The bytes are not a model of this version.
    #[error("not a round2 tagger model (bad magic or version)")]
    BadHeader,
    /// The bytes end early or hold inconsistent sizes.
    #[error("truncated or corrupt model")]
    Corrupt,
}

/// Identity hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

#[inline]
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[inline]
fn comb(a: u64, b: u64) -> u64 {
    mix(a.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ b)
}

fn hash_str(s: &str) -> u64 {
    // FNV-1a, then mixed.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

/// Per-token values computed once and combined into features.
struct TokInfo {
    word: u64,
    shape: u64,
    suf3: u64,
    flags: u64,
    lex: u64,
    stem: u64,
    esco: [u8; 6],
    suf2: u64,
    suf4: u64,
    pre3: u64,
}

const PAD_L: u64 = 0x1111;
const PAD_R: u64 = 0x2222;

fn shape_of(s: &str) -> String {
    let mut out = String::new();
    let mut last = ' ';
    for c in s.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k != last {
            out.push(k);
            last = k;
        }
        if out.len() > 8 {
            break;
        }
    }
    out
}

fn suffix(s: &str, n: usize) -> &str {
    let mut it = s.char_indices().rev();
    let mut start = 0;
    for _ in 0..n {
        match it.next() {
            Some((i, _)) => start = i,
            None => return s,
        }
    }
    &s[start..]
}

fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Feature extraction for one sentence: returns, per token, its feature
/// hashes (appended to `out`, with `offsets[i]..offsets[i+1]`).
pub(crate) struct Featurizer {
    lexicon: Lexicon,
    /// ESCO-derived word statistics (six log2 buckets per word).
    esco: IdMap<[u8; 6]>,
}

const ESCO_WORDS: &str = include_str!("../data/esco_words.tsv");

fn parse_esco_words() -> IdMap<[u8; 6]> {
    let mut m = IdMap::default();
    for line in ESCO_WORDS.lines() {
        if line.starts_with('#') {
            continue;
        }
        if let Some((w, code)) = line.split_once('\t') {
            let b = code.as_bytes();
            if b.len() == 6 {
                let mut a = [0u8; 6];
                for (x, y) in a.iter_mut().zip(b) {
                    *x = y.wrapping_sub(b'0');
                }
                m.insert(hash_str(w), a);
            }
        }
    }
    m
}

impl Featurizer {
    pub(crate) fn new() -> Self {
        Featurizer {
            lexicon: Lexicon::builtin(),
            esco: parse_esco_words(),
        }
    }

    /// `text` is the full text; `spans` the tokens of one sentence.
    pub(crate) fn features(
        &self,
        text: &str,
        spans: &[Span],
        out: &mut Vec<u64>,
        offsets: &mut Vec<usize>,
    ) {
        out.clear();
        offsets.clear();
        let n = spans.len();
        let mut lex_tag = vec![0u64; n];
        for (a, b, idx) in self.lexicon.match_spans(text, spans) {
            let kind = self.lexicon.terms()[idx].kind as u64 + 1;
            for (j, lt) in lex_tag.iter_mut().enumerate().take(b).skip(a) {
                *lt = kind * 4 + if j == a { 1 } else { 2 } + if b - a > 1 { 8 } else { 0 };
            }
        }
        let mut infos = Vec::with_capacity(n);
        let mut lower = String::new();
        for (i, s) in spans.iter().enumerate() {
            let w = &text[s.start..s.end];
            lower.clear();
            for c in w.chars() {
                if c == '\u{2019}' {
                    lower.push('\'');
                } else {
                    lower.extend(c.to_lowercase());
                }
            }
            let first_upper = w.chars().next().is_some_and(|c| c.is_uppercase());
            let all_upper =
                w.chars().any(|c| c.is_alphabetic()) && w.chars().all(|c| !c.is_lowercase());
            let has_digit = w.chars().any(|c| c.is_ascii_digit());
            let punct = !w.chars().any(|c| c.is_alphanumeric());
            let inner_upper = w.chars().skip(1).any(|c| c.is_uppercase());
            let flags = u64::from(first_upper)
                | u64::from(all_upper) << 1
                | u64::from(has_digit) << 2
                | u64::from(punct) << 3
                | u64::from(inner_upper) << 4
                | u64::from(i == 0) << 5
                | (lower.chars().count().min(12) as u64) << 8;
            let stem = if lower.len() > 3 && lower.bytes().all(|b| b.is_ascii_lowercase()) {
                hash_str(&crate::text::stem(&lower))
            } else {
                hash_str(&lower)
            };
            let word = hash_str(&lower);
            let esco = self.esco.get(&word).copied().unwrap_or([0; 6]);
            infos.push(TokInfo {
                suf2: hash_str(suffix(&lower, 2)),
                suf4: hash_str(suffix(&lower, 4)),
                pre3: hash_str(prefix(&lower, 3)),
                esco,
                word,
                shape: hash_str(&shape_of(w)),
                suf3: hash_str(suffix(&lower, 3)),
                flags,
                lex: lex_tag[i],
                stem,
            });
        }
        let first_word = infos
            .iter()
            .find(|t| t.flags & 8 == 0)
            .map_or(0, |t| t.word);
        let word = |j: isize| -> u64 {
            if j < 0 {
                PAD_L
            } else if j as usize >= n {
                PAD_R
            } else {
                infos[j as usize].word
            }
        };
        let get = |j: isize| -> Option<&TokInfo> {
            if j < 0 || j as usize >= n {
                None
            } else {
                Some(&infos[j as usize])
            }
        };
        for (i, t) in infos.iter().enumerate() {
            offsets.push(out.len());
            let ii = i as isize;
            let mut push = |tpl: u64, v: u64| out.push(comb(tpl, v));
            push(1, 0);
            push(2, t.word);
            push(3, word(ii - 1));
            push(4, word(ii + 1));
            push(5, word(ii - 2));
            push(6, word(ii + 2));
            push(7, comb(word(ii - 1), t.word));
            push(8, comb(t.word, word(ii + 1)));
            push(9, t.shape);
            push(10, t.suf3);
            push(11, t.suf2);
            push(12, t.suf4);
            push(13, t.pre3);
            push(14, t.flags);
            push(15, t.stem);
            push(16, t.lex);
            push(17, get(ii - 1).map_or(PAD_L, |p| p.lex));
            push(18, get(ii + 1).map_or(PAD_R, |p| p.lex));
            push(19, get(ii - 1).map_or(PAD_L, |p| p.suf3));
            push(20, get(ii + 1).map_or(PAD_R, |p| p.suf3));
            push(21, get(ii - 1).map_or(PAD_L, |p| p.shape));
            push(22, get(ii + 1).map_or(PAD_R, |p| p.shape));
            push(23, comb(word(ii - 2), word(ii - 1)));
            push(24, comb(word(ii + 1), word(ii + 2)));
            push(25, comb(t.shape, get(ii - 1).map_or(PAD_L, |p| p.shape)));
            push(26, get(ii - 1).map_or(PAD_L, |p| p.flags & 0xff));
            push(27, get(ii + 1).map_or(PAD_R, |p| p.flags & 0xff));
            push(28, get(ii - 1).map_or(PAD_L, |p| p.stem));
            push(29, get(ii + 1).map_or(PAD_R, |p| p.stem));
            let e = t.esco;
            push(30, u64::from(e[0]));
            push(31, u64::from(e[1]));
            push(32, u64::from(e[2]));
            push(33, u64::from(e[3]));
            push(34, u64::from(e[4]));
            push(35, u64::from(e[5]));
            push(36, u64::from(e[0]) << 8 | u64::from(e[3]));
            let pe = get(ii - 1).map_or([9; 6], |p| p.esco);
            let ne = get(ii + 1).map_or([9; 6], |p| p.esco);
            push(37, u64::from(pe[0]) << 8 | u64::from(pe[3]));
            push(38, u64::from(ne[0]) << 8 | u64::from(ne[3]));
            push(
                39,
                u64::from(pe[0]) << 16 | u64::from(e[0]) << 8 | u64::from(ne[3]),
            );
            push(40, word(ii - 3));
            push(41, word(ii + 3));
            push(42, comb(word(ii - 1), t.suf3));
            push(43, (i.min(4) as u64) << 8 | (n - i).min(3) as u64);
            push(44, first_word);
            push(45, comb(t.word, first_word));
        }
        offsets.push(out.len());
    }
}

/// One BILOU model over a set of mention kinds. Labels: 0 = O, then for
/// kind k: `1 + 4k` = B, `2 + 4k` = I, `3 + 4k` = L (last), `4 + 4k` = U
/// (single-token span).
#[derive(Debug, Clone)]
pub struct Model {
    kinds: Vec<MentionKind>,
    nl: usize,
    /// feature key → row index
    rows: IdMap<u32>,
    /// rows × nl weights
    w: Vec<f32>,
    /// (nl + 1) × nl transitions; row nl is the start state
    trans: Vec<f32>,
    /// Subtracted from the O label's emission score (recall/precision knob).
    pub(crate) o_bias: f32,
}

impl Model {
    pub(crate) fn new(kinds: Vec<MentionKind>) -> Self {
        let nl = 1 + 4 * kinds.len();
        Model {
            kinds,
            nl,
            rows: IdMap::default(),
            w: Vec::new(),
            trans: vec![0.0; (nl + 1) * nl],
            o_bias: 0.0,
        }
    }

    pub(crate) fn nl(&self) -> usize {
        self.nl
    }

    /// Whether label `cur` may follow `prev` (`prev == nl` is the start).
    pub(crate) fn allowed(&self, prev: usize, cur: usize) -> bool {
        let open = |l: usize| l != 0 && l < self.nl && (l - 1) % 4 < 2; // B or I
        if cur == 0 || matches!((cur - 1) % 4, 0 | 3) {
            // O, B, U: nothing may be open before.
            return !open(prev);
        }
        // I, L: need B or I of the same kind before.
        open(prev) && (prev - 1) / 4 == (cur - 1) / 4
    }

    /// Viterbi decode given emissions (n × nl) and transitions.
    pub(crate) fn viterbi(&self, em: &[f32], trans: &[f32], out: &mut Vec<usize>) {
        let nl = self.nl;
        let n = em.len() / nl;
        out.clear();
        if n == 0 {
            return;
        }
        let mut score = vec![f32::NEG_INFINITY; n * nl];
        let mut back = vec![0usize; n * nl];
        for c in 0..nl {
            if self.allowed(nl, c) {
                score[c] = trans[nl * nl + c] + em[c];
            }
        }
        for i in 1..n {
            for c in 0..nl {
                let mut best = f32::NEG_INFINITY;
                let mut arg = 0;
                for p in 0..nl {
                    if !self.allowed(p, c) {
                        continue;
                    }
                    let s = score[(i - 1) * nl + p] + trans[p * nl + c];
                    if s > best {
                        best = s;
                        arg = p;
                    }
                }
                score[i * nl + c] = best + em[i * nl + c];
                back[i * nl + c] = arg;
            }
        }
        let mut last = 0;
        let mut best = f32::NEG_INFINITY;
        for c in 0..nl {
            if score[(n - 1) * nl + c] > best {
                best = score[(n - 1) * nl + c];
                last = c;
            }
        }
        out.resize(n, 0);
        out[n - 1] = last;
        for i in (1..n).rev() {
            out[i - 1] = back[i * nl + out[i]];
        }
    }
}

/// The run-time weight table: open addressing over all models' features,
/// each slot holding the key and the i16 weights of every model's labels
/// (one cache line per lookup).
#[derive(Debug, Clone, Default)]
struct Table {
    mask: usize,
    /// u64 words per slot: 1 key + packed i16 weights.
    words: usize,
    /// weights per slot (sum of the models' label counts).
    nw: usize,
    data: Vec<u64>,
    scale: f32,
    /// label offset of each model within a slot
    offs: Vec<usize>,
}

impl Table {
    fn build(models: &[Model]) -> Table {
        let mut offs = Vec::with_capacity(models.len());
        let mut nw = 0;
        for m in models {
            offs.push(nw);
            nw += m.nl;
        }
        let mut union: IdMap<Vec<f32>> = IdMap::default();
        let mut maxabs = 1e-9f32;
        for (mi, m) in models.iter().enumerate() {
            for (&k, &r) in &m.rows {
                let e = union.entry(k).or_insert_with(|| vec![0.0; nw]);
                let r = r as usize * m.nl;
                for l in 0..m.nl {
                    e[offs[mi] + l] = m.w[r + l];
                    maxabs = maxabs.max(m.w[r + l].abs());
                }
            }
        }
        let scale = maxabs / 32767.0;
        let words = 1 + (nw * 2).div_ceil(8);
        let cap = (union.len() * 2).next_power_of_two().max(16);
        let mut data = vec![0u64; cap * words];
        let mask = cap - 1;
        for (k, ws) in union {
            let key = if k == 0 { 1 } else { k };
            let mut pos = (key as usize) & mask;
            while data[pos * words] != 0 {
                pos = (pos + 1) & mask;
            }
            let base = pos * words;
            data[base] = key;
            for (j, &x) in ws.iter().enumerate() {
                let q = (x / scale).round().clamp(-32767.0, 32767.0) as i16;
                data[base + 1 + j / 4] |= u64::from(q as u16) << (16 * (j % 4));
            }
        }
        Table {
            mask,
            words,
            nw,
            data,
            scale,
            offs,
        }
    }

    /// XOR of the home-slot keys of `keys` (used to warm the cache).
    #[inline]
    fn touch(&self, keys: &[u64]) -> u64 {
        if self.data.is_empty() {
            return 0;
        }
        let mut x = 0;
        for &k in keys {
            let key = if k == 0 { 1 } else { k };
            x ^= self.data[((key as usize) & self.mask) * self.words];
        }
        x
    }

    #[inline]
    fn add_into(&self, k: u64, acc: &mut [i32]) {
        if self.data.is_empty() {
            return;
        }
        let key = if k == 0 { 1 } else { k };
        let mut pos = (key as usize) & self.mask;
        loop {
            let base = pos * self.words;
            let stored = self.data[base];
            if stored == key {
                for (j, a) in acc.iter_mut().enumerate().take(self.nw) {
                    let word = self.data[base + 1 + j / 4];
                    *a += i32::from((word >> (16 * (j % 4))) as u16 as i16);
                }
                return;
            }
            if stored == 0 {
                return;
            }
            pos = (pos + 1) & self.mask;
        }
    }
}

/// The tagger: one or more BILOU models (e.g. one per kind).
#[derive(Debug, Clone)]
pub struct Tagger {
    pub(crate) models: Vec<Model>,
    table: Table,
    featurizer: std::sync::Arc<Featurizer>,
}

impl std::fmt::Debug for Featurizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Featurizer")
    }
}

/// The embedded model (loaded once). An unreadable model yields a tagger
/// that finds nothing.
pub fn builtin() -> &'static Tagger {
    static T: OnceLock<Tagger> = OnceLock::new();
    T.get_or_init(|| Tagger::from_bytes(MODEL_BYTES).unwrap_or_else(|_| Tagger::empty()))
}

/// Sentence boundaries over token spans: a new sentence starts after a
/// line break.
pub(crate) fn sentence_ranges(text: &str, spans: &[Span]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..spans.len() {
        if text[spans[i - 1].end..spans[i].start].contains('\n') {
            out.push((start, i));
            start = i;
        }
    }
    if start < spans.len() {
        out.push((start, spans.len()));
    }
    out
}

fn is_punct_token(text: &str, s: &Span) -> bool {
    !text[s.start..s.end].chars().any(|c| c.is_alphanumeric())
}

impl Tagger {
    /// A tagger without models (finds nothing).
    pub fn empty() -> Self {
        Self::from_models(Vec::new())
    }

    pub(crate) fn from_models(models: Vec<Model>) -> Self {
        Tagger {
            table: Table::build(&models),
            models,
            featurizer: std::sync::Arc::new(Featurizer::new()),
        }
    }

    pub(crate) fn featurizer(&self) -> &Featurizer {
        &self.featurizer
    }

    /// Set the O-label bias of every model (higher: more mentions).
    pub fn set_o_bias(&mut self, bias: f32) {
        for m in &mut self.models {
            m.o_bias = bias;
        }
    }

    /// Number of weight rows over all models.
    pub fn num_features(&self) -> usize {
        self.models.iter().map(|m| m.rows.len()).sum()
    }

    /// Tag `text`: skill and knowledge mentions with byte offsets.
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        let spans = token_spans(text);
        let mut out = Vec::new();
        let mut feats = Vec::new();
        let mut offsets = Vec::new();
        let mut em = Vec::new();
        let mut acc: Vec<i32> = Vec::new();
        let mut labels = Vec::new();
        let nw = self.table.nw;
        for (a, b) in sentence_ranges(text, &spans) {
            let sent = &spans[a..b];
            self.featurizer
                .features(text, sent, &mut feats, &mut offsets);
            let n = sent.len();
            acc.clear();
            acc.resize(n * nw, 0);
            for i in 0..n {
                let fs = &feats[offsets[i]..offsets[i + 1]];
                // Touch every feature's home slot first: independent loads
                // overlap their cache misses (a safe software prefetch).
                std::hint::black_box(self.table.touch(fs));
                let row = &mut acc[i * nw..(i + 1) * nw];
                for &f in fs {
                    self.table.add_into(f, row);
                }
            }
            for (mi, m) in self.models.iter().enumerate() {
                let off = self.table.offs[mi];
                em.clear();
                em.reserve(n * m.nl);
                for i in 0..n {
                    for l in 0..m.nl {
                        let mut x = acc[i * nw + off + l] as f32 * self.table.scale;
                        if l == 0 {
                            x -= m.o_bias;
                        }
                        em.push(x);
                    }
                }
                m.viterbi(&em, &m.trans, &mut labels);
                for (s, e, k) in label_spans(&labels) {
                    let (mut s, mut e) = (s, e);
                    while s < e && is_punct_token(text, &sent[s]) {
                        s += 1;
                    }
                    while e > s && is_punct_token(text, &sent[e - 1]) {
                        e -= 1;
                    }
                    if s >= e {
                        continue;
                    }
                    let (bs, be) = (sent[s].start, sent[e - 1].end);
                    out.push(Mention {
                        start: bs,
                        end: be,
                        text: text[bs..be].to_string(),
                        kind: m.kinds[k],
                    });
                }
            }
        }
        out.sort_by_key(|m| (m.start, m.end));
        out
    }

    /// Serialize the tagger.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend_from_slice(MAGIC);
        b.extend_from_slice(&VERSION.to_le_bytes());
        b.extend_from_slice(&(self.models.len() as u32).to_le_bytes());
        for m in &self.models {
            b.push(m.kinds.len() as u8);
            for k in &m.kinds {
                b.push(match k {
                    MentionKind::Skill => 0,
                    MentionKind::Knowledge => 1,
                });
            }
            for t in &m.trans {
                b.extend_from_slice(&t.to_le_bytes());
            }
            b.extend_from_slice(&m.o_bias.to_le_bytes());
            // Quantize weights to i16 with one scale per model.
            let maxabs = m.w.iter().fold(0f32, |a, &x| a.max(x.abs())).max(1e-9);
            let scale = maxabs / 32767.0;
            b.extend_from_slice(&scale.to_le_bytes());
            let mut keys: Vec<(u64, u32)> = m.rows.iter().map(|(&k, &r)| (k, r)).collect();
            keys.sort_unstable();
            b.extend_from_slice(&(keys.len() as u32).to_le_bytes());
            for (k, _) in &keys {
                b.extend_from_slice(&k.to_le_bytes());
            }
            for (_, r) in &keys {
                let r = *r as usize * m.nl;
                for &x in &m.w[r..r + m.nl] {
                    let q = (x / scale).round().clamp(-32767.0, 32767.0) as i16;
                    b.extend_from_slice(&q.to_le_bytes());
                }
            }
        }
        b
    }

    /// Load a tagger written by [`Tagger::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let mut r = Reader { b: bytes, p: 0 };
        if r.take(4)? != MAGIC || r.u32()? != VERSION {
            return Err(ModelError::BadHeader);
        }
        let nm = r.u32()? as usize;
        if nm > 16 {
            return Err(ModelError::Corrupt);
        }
        let mut models = Vec::with_capacity(nm);
        for _ in 0..nm {
            let nk = r.take(1)?[0] as usize;
            if nk == 0 || nk > 2 {
                return Err(ModelError::Corrupt);
            }
            let mut kinds = Vec::with_capacity(nk);
            for _ in 0..nk {
                kinds.push(match r.take(1)?[0] {
                    0 => MentionKind::Skill,
                    1 => MentionKind::Knowledge,
                    _ => return Err(ModelError::Corrupt),
                });
            }
            let mut m = Model::new(kinds);
            let nl = m.nl;
            for t in m.trans.iter_mut() {
                *t = r.f32()?;
            }
            m.o_bias = r.f32()?;
            let scale = r.f32()?;
            let nrows = r.u32()? as usize;
            if nrows.saturating_mul(8 + 2 * nl) > bytes.len() {
                return Err(ModelError::Corrupt);
            }
            let keys = r.take(nrows * 8)?;
            let ws = r.take(nrows * nl * 2)?;
            m.rows.reserve(nrows);
            for (i, k) in keys.chunks_exact(8).enumerate() {
                let mut a = [0u8; 8];
                a.copy_from_slice(k);
                m.rows.insert(u64::from_le_bytes(a), i as u32);
            }
            m.w = ws
                .chunks_exact(2)
                .map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) * scale)
                .collect();
            models.push(m);
        }
        Ok(Tagger::from_models(models))
    }
}

struct Reader<'a> {
    b: &'a [u8],
    p: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.p.checked_add(n).ok_or(ModelError::Corrupt)?;
        let s = self.b.get(self.p..end).ok_or(ModelError::Corrupt)?;
        self.p = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }
}

/// BILOU label sequence → `(start, end_exclusive, kind_index)` spans.
/// Tolerates ill-formed sequences (an unclosed B/I ends at the next O, B
/// or U).
pub(crate) fn label_spans(labels: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    for (i, &l) in labels.iter().enumerate() {
        if l == 0 {
            if let Some((s, k)) = cur.take() {
                out.push((s, i, k));
            }
            continue;
        }
        let (k, pos) = ((l - 1) / 4, (l - 1) % 4);
        match pos {
            0 | 3 => {
                if let Some((s, ck)) = cur.take() {
                    out.push((s, i, ck));
                }
                if pos == 3 {
                    out.push((i, i + 1, k));
                } else {
                    cur = Some((i, k));
                }
            }
            _ => {
                match cur {
                    Some((_, ck)) if ck == k => {}
                    _ => {
                        if let Some((s, ck)) = cur.take() {
                            out.push((s, i, ck));
                        }
                        cur = Some((i, k));
                    }
                }
                if pos == 2 {
                    if let Some((s, ck)) = cur.take() {
                        out.push((s, i + 1, ck));
                    }
                }
            }
        }
    }
    if let Some((s, k)) = cur {
        out.push((s, labels.len(), k));
    }
    out
}

/// Encode spans `(start, end_exclusive, kind_index)` as BILOU labels.
pub(crate) fn encode_spans(n: usize, spans: &[(usize, usize, usize)]) -> Vec<usize> {
    let mut out = vec![0usize; n];
    for &(s, e, k) in spans {
        let base = 1 + 4 * k;
        if e == s + 1 {
            out[s] = base + 3;
        } else {
            out[s] = base;
            for o in out.iter_mut().take(e - 1).skip(s + 1) {
                *o = base + 1;
            }
            out[e - 1] = base + 2;
        }
    }
    out
}

pub mod train;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bilou() {
        let spans = vec![(1, 3, 0), (4, 7, 1), (7, 8, 0)];
        let labels = encode_spans(8, &spans);
        assert_eq!(labels, vec![0, 1, 3, 0, 5, 6, 7, 4]);
        assert_eq!(label_spans(&labels), spans);
        let m = Model::new(vec![MentionKind::Skill, MentionKind::Knowledge]);
        assert!(m.allowed(9, 1) && !m.allowed(9, 2) && m.allowed(1, 3) && !m.allowed(1, 7));
    }

    #[test]
    fn roundtrip_empty_and_garbage() {
        let t = Tagger::from_models(vec![Model::new(vec![MentionKind::Skill])]);
        let b = t.to_bytes();
        let t2 = Tagger::from_bytes(&b).expect("roundtrip");
        assert_eq!(t2.models.len(), 1);
        assert!(Tagger::from_bytes(b"nope").is_err());
        assert!(Tagger::from_bytes(&b[..b.len() - 1]).is_err());
    }
}
