//! Meaning as well as words: a [`Scorer`] that blends the lexical match with
//! the cosine of sentence vectors (from round2's sentence model; this crate
//! never runs it, the caller passes the vectors in).
//!
//! A text's similarity to a query is the best of the whole text and each of
//! its sentences, so one sentence of a long note that says the thing is
//! enough. The cosine is mapped to 0..=1 between `floor` (unrelated texts
//! score about there) and `ceil`, then blended with the lexical score:
//! `score = (1 - lexical_share) * meaning + lexical_share * lexical`.
//!
//! The blend and the ledger's thresholds were fitted on the example cases
//! by leave-one-case-out (`cargo run --release -p round2-eval`); the
//! values in [`Blend::FITTED`] are what that command prints when fitted on
//! all fifteen.

use std::collections::HashMap;

use round2_core::model::{Note, Story};
use round2_extract::Requirement;

use crate::scorer::{Match, Scorer};
use crate::text::sentences;

/// Vectors by exact text, unit length. What [`texts_to_embed`] lists must be
/// in it for the semantic path to see a text; a missing one falls back to
/// the lexical match.
pub type Vectors = HashMap<String, Vec<f32>>;

/// How meaning and words are blended, and the ledger's thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Blend {
    /// Cosine at or below which meaning counts 0.
    pub floor: f32,
    /// Cosine at or above which meaning counts 1.
    pub ceil: f32,
    /// Share of the lexical score in the blend.
    pub lexical_share: f32,
    /// A note at or above this blended score shows a requirement.
    pub note_threshold: f32,
    /// A story at or above this blended score backs a requirement.
    pub story_threshold: f32,
    /// Weight of the words' z-score beside the meaning's when stories are
    /// ranked for a question.
    pub rank_lexical_weight: f32,
    /// How much of a text's mean cosine with all of a posting's
    /// requirements is taken off its cosine with one: a note or a story
    /// close to every requirement (a career summary) shows none in
    /// particular.
    pub hub: f32,
    /// The same for ranking stories for a question: how much of a story's
    /// mean cosine with [`REFERENCE_QUESTIONS`] is taken off (a story close
    /// to every question is no answer to one in particular).
    pub rank_hub: f32,
    /// See [`crate::Rule::note_shadow`].
    pub note_shadow: f32,
    /// See [`crate::Rule::story_shadow`].
    pub story_shadow: f32,
}

/// The larger model stories may be ranked with.
pub const LARGE_RANKING_MODEL: &str = "all-mpnet-base-v2";

/// The vectors stories are ranked with, and the model that made them (its
/// blend is [`Blend::for_ranking`]).
#[derive(Debug, Clone, Default)]
pub struct RankVectors {
    pub model: String,
    pub vectors: Vectors,
}

/// Interview questions of every kind, which stories are compared with to
/// tell a story that is close to any question from one close to this one.
/// Written for round2.
pub const REFERENCE_QUESTIONS: &[&str] = &[
    "Tell me about a time you disagreed with your manager.",
    "Describe a mistake you made and what you learned from it.",
    "Tell me about a time you had to meet a tight deadline.",
    "Give an example of a time you led a team through a change.",
    "Tell me about a difficult customer or client you dealt with.",
    "Describe a time you used data to make a decision.",
    "Tell me about a conflict with a coworker and how you resolved it.",
    "Tell me about a time you had to learn something new quickly.",
    "Describe a project that failed and what you would do differently.",
    "Tell me about a time you went above and beyond for someone.",
    "How do you handle several urgent priorities at once?",
    "Tell me about a time you persuaded people to change their minds.",
    "Describe a time you improved a process.",
    "Tell me about a time you coached or mentored someone.",
    "Give an example of a time you handled a safety or compliance issue.",
    "Tell me about a time you had to deliver bad news.",
    "Describe a situation where you had to work with incomplete information.",
    "Tell me about a time you saved money or time for your organisation.",
    "Tell me about a time you built trust with a new team.",
    "Describe a time you had to say no to a senior person.",
];

impl Blend {
    /// Fitted on the fifteen example cases (see the module docs).
    pub const FITTED: Blend = Blend {
        floor: 0.0,
        ceil: 0.65,
        lexical_share: 0.4,
        note_threshold: 0.3,
        story_threshold: 0.55,
        rank_lexical_weight: 6.0,
        hub: 0.5,
        rank_hub: 1.5,
        note_shadow: 1.0,
        story_shadow: 0.5,
    };

    /// The blend for ranking stories with the vectors of `model`: the
    /// larger all-mpnet-base-v2 has its own mapping of meaning to a score,
    /// words' weight and hub term, fitted on the fifteen cases the same way
    /// (`cargo run --release -p round2-eval -- --rank-model
    /// all-mpnet-base-v2` prints it as the fitted ranking blend). The
    /// thresholds stay those of [`Blend::FITTED`] (the ranking does not
    /// use them; a story "backs" a question at the same score, not refitted
    /// for this model).
    pub fn for_ranking(model: &str) -> Blend {
        match model {
            LARGE_RANKING_MODEL => Blend {
                floor: 0.2,
                ceil: 0.7,
                lexical_share: 0.2,
                rank_lexical_weight: 8.0,
                rank_hub: 1.0,
                ..Blend::FITTED
            },
            _ => Blend::FITTED,
        }
    }

    fn meaning(&self, cosine: f32) -> f32 {
        ((cosine - self.floor) / (self.ceil - self.floor).max(1e-6)).clamp(0.0, 1.0)
    }

    fn blend(&self, meaning: f32, lexical: f32) -> f32 {
        ((1.0 - self.lexical_share) * meaning + self.lexical_share * lexical).clamp(0.0, 1.0)
    }
}

/// The cosine of two unit vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// A scorer over a lexical scorer and the texts' vectors.
pub struct SemanticScorer<'a> {
    lexical: &'a dyn Scorer,
    vectors: &'a Vectors,
    blend: Blend,
}

impl<'a> SemanticScorer<'a> {
    pub fn new(lexical: &'a dyn Scorer, vectors: &'a Vectors, blend: Blend) -> Self {
        Self {
            lexical,
            vectors,
            blend,
        }
    }
}

/// The best cosine of `query` with `text` or one of its sentences, and the
/// sentence that gave it (when it was a sentence, not the whole).
fn best_similarity<'t>(
    vectors: &Vectors,
    hub: Option<(&[&[f32]], f32)>,
    query: &str,
    text: &'t str,
) -> Option<(f32, &'t str)> {
    let q = vectors.get(query)?;
    // The cosine less `weight` times the text's mean cosine with the queries.
    let adjusted = |v: &[f32]| {
        let c = cosine(q, v);
        match hub {
            Some((queries, weight)) if !queries.is_empty() && weight > 0.0 => {
                let mean = queries.iter().map(|o| cosine(o, v)).sum::<f32>() / queries.len() as f32;
                c - weight * mean
            }
            _ => c,
        }
    };
    let mut best: Option<(f32, &str)> = vectors.get(text).map(|v| (adjusted(v), text));
    let parts = sentences(text);
    if parts.len() > 1 {
        for s in parts {
            if let Some(v) = vectors.get(s) {
                let c = adjusted(v);
                if best.is_none_or(|(b, _)| c > b) {
                    best = Some((c, s));
                }
            }
        }
    }
    best
}

/// One part of a prepared text: the whole or one sentence.
struct Part<'a> {
    vector: &'a [f32],
    /// Its mean cosine with the queries (0 without queries).
    hub_mean: f32,
    /// The sentence, when the part is not the whole text.
    sentence: Option<String>,
}

/// A text of the corpus with its parts' vectors and hub terms worked out once.
struct PreparedText<'a> {
    parts: Vec<Part<'a>>,
}

struct Fitted<'a> {
    lexical: Box<dyn Scorer + 'a>,
    vectors: &'a Vectors,
    blend: Blend,
    /// The vectors of the queries the texts are judged against.
    queries: Vec<&'a [f32]>,
    /// The vectors of [`REFERENCE_QUESTIONS`], looked up once.
    references: Vec<&'a [f32]>,
    prepared: std::collections::HashMap<String, PreparedText<'a>>,
}

impl<'a> Fitted<'a> {
    fn new(
        lexical: Box<dyn Scorer + 'a>,
        vectors: &'a Vectors,
        blend: Blend,
        queries: Vec<&'a [f32]>,
        corpus: &[&str],
    ) -> Self {
        let hub_mean = |v: &[f32]| {
            if queries.is_empty() || blend.hub <= 0.0 {
                0.0
            } else {
                queries.iter().map(|q| cosine(q, v)).sum::<f32>() / queries.len() as f32
            }
        };
        let mut prepared = std::collections::HashMap::with_capacity(corpus.len());
        for text in corpus {
            if prepared.contains_key(*text) {
                continue;
            }
            let mut parts = Vec::new();
            if let Some(v) = vectors.get(*text) {
                parts.push(Part {
                    vector: v.as_slice(),
                    hub_mean: hub_mean(v),
                    sentence: None,
                });
            }
            let sents = sentences(text);
            if sents.len() > 1 {
                for s in sents {
                    if let Some(v) = vectors.get(s) {
                        parts.push(Part {
                            vector: v.as_slice(),
                            hub_mean: hub_mean(v),
                            sentence: Some(s.to_string()),
                        });
                    }
                }
            }
            if parts.is_empty() {
                continue;
            }
            prepared.insert((*text).to_string(), PreparedText { parts });
        }
        let references = REFERENCE_QUESTIONS
            .iter()
            .filter_map(|q| vectors.get(*q).map(Vec::as_slice))
            .collect();
        Fitted {
            references,
            lexical,
            vectors,
            blend,
            queries,
            prepared,
        }
    }

    /// The best cosine (less the hub term) of `query` with `text` or one of
    /// its sentences, and that sentence.
    fn best(&self, query: &str, text: &str, hub: bool) -> Option<(f32, Option<String>)> {
        let Some(p) = self.prepared.get(text) else {
            let h = hub.then_some((self.queries.as_slice(), self.blend.hub));
            return best_similarity(self.vectors, h, query, text)
                .map(|(c, s)| (c, (s != text).then(|| s.to_string())));
        };
        let q = self.vectors.get(query)?;
        let weight = if hub { self.blend.hub } else { 0.0 };
        let mut best: Option<(f32, &Part)> = None;
        for part in &p.parts {
            let c = cosine(q, part.vector) - weight * part.hub_mean;
            if best.is_none_or(|(b, _)| c > b) {
                best = Some((c, part));
            }
        }
        best.map(|(c, part)| (c, part.sentence.clone()))
    }
}

fn blended(
    lexical: Match,
    sim: Option<(f32, Option<String>)>,
    blend: Blend,
    reason: bool,
) -> Match {
    let mut m = lexical;
    if let Some((cos, sentence)) = sim {
        m.score = blend.blend(blend.meaning(cos), m.score);
        m.similarity = Some(cos);
        if reason {
            m.closest = sentence;
        }
    }
    m
}

fn score_with(
    lexical: &dyn Scorer,
    vectors: &Vectors,
    blend: Blend,
    query: &str,
    text: &str,
    reason: bool,
) -> Match {
    let m = if reason {
        lexical.score(query, text)
    } else {
        Match {
            score: lexical.score_only(query, text),
            ..Match::default()
        }
    };
    let sim = best_similarity(vectors, None, query, text)
        .map(|(c, s)| (c, (s != text).then(|| s.to_string())));
    blended(m, sim, blend, reason)
}

impl Scorer for Fitted<'_> {
    fn score(&self, query: &str, text: &str) -> Match {
        let m = self.lexical.score(query, text);
        blended(m, self.best(query, text, true), self.blend, true)
    }
    fn score_only(&self, query: &str, text: &str) -> f32 {
        let m = Match {
            score: self.lexical.score_only(query, text),
            ..Match::default()
        };
        blended(m, self.best(query, text, true), self.blend, false).score
    }
    fn similarity(&self, query: &str, text: &str) -> Option<f32> {
        self.best(query, text, false).map(|(c, _)| c)
    }
    fn typicality(&self, text: &str) -> Option<f32> {
        let Some(p) = self.prepared.get(text) else {
            return typicality(self.vectors, text);
        };
        if self.references.is_empty() {
            return None;
        }
        let best = |r: &[f32]| {
            p.parts
                .iter()
                .map(|part| cosine(r, part.vector))
                .fold(f32::MIN, f32::max)
        };
        let sum: f32 = self.references.iter().map(|r| best(r)).sum();
        Some(sum / self.references.len() as f32)
    }
    fn blend(&self) -> Option<Blend> {
        Some(self.blend)
    }
}

/// [`Scorer::typicality`] of a text not prepared: the mean over
/// [`REFERENCE_QUESTIONS`] of their best cosine with it or one of its
/// sentences.
fn typicality(vectors: &Vectors, text: &str) -> Option<f32> {
    let sims: Vec<f32> = REFERENCE_QUESTIONS
        .iter()
        .filter_map(|r| best_similarity(vectors, None, r, text).map(|(c, _)| c))
        .collect();
    (!sims.is_empty()).then(|| sims.iter().sum::<f32>() / sims.len() as f32)
}

impl Scorer for SemanticScorer<'_> {
    fn score(&self, query: &str, text: &str) -> Match {
        score_with(self.lexical, self.vectors, self.blend, query, text, true)
    }
    fn score_only(&self, query: &str, text: &str) -> f32 {
        score_with(self.lexical, self.vectors, self.blend, query, text, false).score
    }
    fn fit<'b>(&'b self, corpus: &[&str]) -> Option<Box<dyn Scorer + 'b>> {
        self.fit_for(&[], corpus)
    }
    fn fit_for<'b>(&'b self, queries: &[&str], corpus: &[&str]) -> Option<Box<dyn Scorer + 'b>> {
        let lexical: Box<dyn Scorer + 'b> = match self.lexical.fit(corpus) {
            Some(f) => f,
            None => Box::new(Unfitted(self.lexical)),
        };
        let queries = queries
            .iter()
            .filter_map(|q| self.vectors.get(*q).map(Vec::as_slice))
            .collect();
        Some(Box::new(Fitted::new(
            lexical,
            self.vectors,
            self.blend,
            queries,
            corpus,
        )))
    }
    fn similarity(&self, query: &str, text: &str) -> Option<f32> {
        best_similarity(self.vectors, None, query, text).map(|(c, _)| c)
    }
    fn typicality(&self, text: &str) -> Option<f32> {
        typicality(self.vectors, text)
    }
    fn blend(&self) -> Option<Blend> {
        Some(self.blend)
    }
}

/// A borrowed scorer as a boxed one.
struct Unfitted<'a>(&'a dyn Scorer);

impl Scorer for Unfitted<'_> {
    fn score(&self, query: &str, text: &str) -> Match {
        self.0.score(query, text)
    }
    fn score_only(&self, query: &str, text: &str) -> f32 {
        self.0.score_only(query, text)
    }
}

/// Every text whose vector the ledger and the story ranking would look up
/// for these records and `queries` (questions): the caller embeds these
/// (or finds them cached) and passes them in as [`Vectors`].
pub fn texts_to_embed(
    requirements: &[Requirement],
    notes: &[Note],
    stories: &[Story],
    queries: &[&str],
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let push = |t: &str, out: &mut Vec<String>| {
        let t = t.trim();
        if !t.is_empty() {
            out.push(t.to_string());
        }
    };
    for r in requirements {
        push(&r.text, &mut out);
    }
    for q in REFERENCE_QUESTIONS {
        push(q, &mut out);
    }
    for q in queries {
        push(q, &mut out);
    }
    let with_sentences = |t: &str, out: &mut Vec<String>| {
        out.push(t.to_string());
        let parts = sentences(t);
        if parts.len() > 1 {
            out.extend(parts.into_iter().map(str::to_string));
        }
    };
    // The texts of each note exactly as the ledger scores them.
    for p in notes.iter().map(|n| crate::ledger::prepare(n, stories)) {
        with_sentences(&p.full, &mut out);
        with_sentences(&p.counted, &mut out);
    }
    for s in stories {
        for (_, part) in crate::rank::story_parts(s) {
            out.push(part.trim().to_string());
        }
        let (full, tags) = crate::rank::story_texts(s);
        with_sentences(&full, &mut out);
        out.push(tags);
    }
    out.retain(|t| !t.trim().is_empty());
    out.sort();
    out.dedup();
    out
}
