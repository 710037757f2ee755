//! Scoring how well a text (a note, a story) shows a query (a requirement, a
//! question), behind the [`Scorer`] trait so a semantic scorer can plug in
//! later. The default [`LexicalScorer`] needs no model: tokens, stopwords,
//! stems, the `round2_extract` lexicon's synonyms, and a table of related
//! terms, weighted by IDF over the texts being compared.

// Keys are short strings hashed thousands of times per ledger: FxHash,
// not SipHash (no untrusted keys reach these maps from the network).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;

use round2_extract::Lexicon;
use serde::{Deserialize, Serialize};

use crate::related::CONCEPTS;
use crate::text::{analyze, weak_factor, ConceptIndex, Doc};

/// How a query word was found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "via", content = "concept")]
pub enum Relation {
    /// The same word, or the same stem ("tests" / "testing").
    Same,
    /// Synonyms in the lexicon ("Postgres" / "PostgreSQL").
    Synonym,
    /// Both show the same concept of the related-terms table
    /// ("disagreed" / "conflict"); the concept's name.
    Related(String),
}

/// One query word or phrase found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchedTerm {
    /// As written in the query.
    pub query: String,
    /// As written in the text.
    pub text: String,
    pub relation: Relation,
}

impl fmt::Display for MatchedTerm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.relation {
            Relation::Same if self.query.eq_ignore_ascii_case(&self.text) => {
                write!(f, "'{}'", self.query)
            }
            Relation::Same | Relation::Synonym => write!(f, "'{}' = '{}'", self.query, self.text),
            Relation::Related(c) if c.eq_ignore_ascii_case(&self.text) => {
                write!(f, "'{}' ~ {}", self.query, c)
            }
            Relation::Related(c) => write!(f, "'{}' ~ '{}' ({c})", self.query, self.text),
        }
    }
}

/// The score of a text against a query, with the reason.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Match {
    /// 0 (nothing in common) to 1 (the text shows the whole query).
    pub score: f32,
    /// What was matched, strongest first.
    pub terms: Vec<MatchedTerm>,
}

impl Match {
    /// A one-line reason: "matches 'PostgreSQL'; 'disagreed' ~ conflict".
    pub fn why(&self) -> String {
        if self.terms.is_empty() {
            return "no terms in common".to_string();
        }
        let parts: Vec<String> = self.terms.iter().take(4).map(ToString::to_string).collect();
        format!("matches {}", parts.join("; "))
    }
}

/// Scores how well `text` shows `query`.
pub trait Scorer {
    /// Score `text` (a note, a story) against `query` (a requirement, a
    /// question): 0..=1 with the matched terms as the reason.
    fn score(&self, query: &str, text: &str) -> Match;

    /// A scorer fitted to the texts about to be compared (IDF weights,
    /// cached analyses). `None` means use `self` as is.
    fn fit<'a>(&'a self, _corpus: &[&str]) -> Option<Box<dyn Scorer + 'a>> {
        None
    }
}

/// The default scorer: lexical, no model. See the module docs.
pub struct LexicalScorer {
    lexicon: Lexicon,
    concepts: ConceptIndex,
}

impl Default for LexicalScorer {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for LexicalScorer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LexicalScorer")
            .field("lexicon_terms", &self.lexicon.len())
            .field("concepts", &CONCEPTS.len())
            .finish()
    }
}

/// Weight of a match by relation.
const W_SAME: f32 = 1.0;
const W_PREFIX: f32 = 0.8;
const W_SYNONYM: f32 = 0.9;
const W_RELATED: f32 = 0.6;
/// Saturation of the absolute evidence (sum of matched IDF weights).
const MASS_SCALE: f32 = 4.0;
/// Documents added to the corpus size for IDF (smoothing).
const PRIOR_DOCS: usize = 10;
/// Share of coverage (vs absolute evidence) in the score.
const COVERAGE_SHARE: f32 = 0.7;
/// A named technology or product in a query is its core: it weighs double.
const NAMED_BOOST: f32 = 2.0;
/// Share of a query's weight in named tools above which the query is "about
/// the tool".
const NAMED_CORE: f32 = 0.4;
/// Factor on the evidence when a query that is mostly named tools matches
/// none of them.
const UNMATCHED_NAMED: f32 = 0.5;

impl LexicalScorer {
    /// With the built-in lexicon of `round2_extract`.
    pub fn new() -> Self {
        Self::with_lexicon(Lexicon::builtin())
    }

    /// With a given lexicon (e.g. the built-in one plus user terms).
    pub fn with_lexicon(lexicon: Lexicon) -> Self {
        LexicalScorer {
            lexicon,
            concepts: ConceptIndex::build(),
        }
    }

    pub(crate) fn doc(&self, text: &str) -> Doc {
        analyze(text, &self.lexicon, &self.concepts)
    }
}

impl Scorer for LexicalScorer {
    fn score(&self, query: &str, text: &str) -> Match {
        score_docs(&self.doc(query), &self.doc(text), &|_| 1.0)
    }

    fn fit<'a>(&'a self, corpus: &[&str]) -> Option<Box<dyn Scorer + 'a>> {
        Some(Box::new(FittedLexical::new(self, corpus)))
    }
}

/// A [`LexicalScorer`] with IDF weights from a corpus and its analyses cached.
pub struct FittedLexical<'a> {
    base: &'a LexicalScorer,
    idf: HashMap<String, f32>,
    default_idf: f32,
    cache: HashMap<String, Doc>,
}

impl<'a> FittedLexical<'a> {
    /// Fit IDF on `corpus` (each text one document).
    pub fn new(base: &'a LexicalScorer, corpus: &[&str]) -> Self {
        let mut df: HashMap<String, u32> = HashMap::default();
        let mut cache = HashMap::with_capacity_and_hasher(corpus.len(), Default::default());
        for text in corpus {
            if cache.contains_key(*text) {
                continue;
            }
            let doc = base.doc(text);
            for s in doc.stems.keys() {
                *df.entry(s.clone()).or_default() += 1;
            }
            cache.insert((*text).to_string(), doc);
        }
        // Pseudo-documents without any term keep small corpora from
        // treating every shared word as common.
        let n = (cache.len() + PRIOR_DOCS) as f32;
        let idf_of = |d: f32| (1.0 + (n - d + 0.5) / (d + 0.5)).ln();
        let idf = df.into_iter().map(|(k, d)| (k, idf_of(d as f32))).collect();
        FittedLexical {
            base,
            idf,
            default_idf: idf_of(1.0),
            cache,
        }
    }

    fn with_doc<R>(&self, text: &str, f: impl FnOnce(&Doc) -> R) -> R {
        match self.cache.get(text) {
            Some(d) => f(d),
            None => f(&self.base.doc(text)),
        }
    }
}

impl Scorer for FittedLexical<'_> {
    fn score(&self, query: &str, text: &str) -> Match {
        let weight = |stem: &str| *self.idf.get(stem).unwrap_or(&self.default_idf);
        self.with_doc(query, |q| {
            self.with_doc(text, |t| score_docs(q, t, &weight))
        })
    }
}

/// A stem of the text that extends the query stem or that it extends by at
/// most four letters ("partner" / "partnership"), both at least 5 long.
fn prefix_match<'t>(stem: &str, doc: &'t Doc) -> Option<&'t str> {
    const MIN: usize = 5;
    if stem.len() < MIN || !stem.is_ascii() {
        return None;
    }
    // Shorter stems of the text that the query stem extends.
    for len in (MIN.max(stem.len().saturating_sub(4))..stem.len()).rev() {
        if let Some(surface) = doc.stems.get(&stem[..len]) {
            return Some(surface);
        }
    }
    // Longer stems of the text that extend the query stem.
    let from = doc.sorted.partition_point(|s| s.as_str() < stem);
    doc.sorted[from..]
        .iter()
        .take_while(|s| s.starts_with(stem))
        .find(|s| s.len() > stem.len() && s.len() <= stem.len() + 4)
        .and_then(|s| doc.stems.get(s.as_str()))
        .map(String::as_str)
}

/// Weighted overlap of the query's content words with the text: coverage of
/// the query blended with saturating absolute evidence.
fn score_docs(q: &Doc, t: &Doc, idf: &dyn Fn(&str) -> f32) -> Match {
    let mut total = 0.0f32;
    let mut named_total = 0.0f32;
    let mut named_hit = false;
    let mut exact_hit = false;
    let mut mass = 0.0f32;
    let mut seen: HashSet<&str> = HashSet::default();
    let mut terms: Vec<(f32, MatchedTerm)> = Vec::new();
    let mut used_lex: HashSet<&str> = HashSet::default();
    let mut used_concept: HashSet<usize> = HashSet::default();
    let mut concept_used: HashMap<usize, usize> = HashMap::default();
    for (i, w) in q.words.iter().enumerate() {
        if !w.content || !seen.insert(w.stem.as_str()) {
            continue;
        }
        let weight = idf(&w.stem)
            * if w.aside { 0.5 } else { 1.0 }
            * if q.named_at[i] { NAMED_BOOST } else { 1.0 }
            * weak_factor(&w.stem);
        total += weight;
        if q.named_at[i] {
            named_total += weight;
        }
        let mut best: Option<(f32, MatchedTerm)> = None;
        let mut consider = |f: f32, m: MatchedTerm| {
            if best.as_ref().is_none_or(|(b, _)| f > *b) {
                best = Some((f, m));
            }
        };
        if let Some(surface) = t.stems.get(&w.stem) {
            consider(
                W_SAME,
                MatchedTerm {
                    query: w.surface.clone(),
                    text: surface.clone(),
                    relation: Relation::Same,
                },
            );
        } else {
            if let Some(canon) = &q.lex_at[i] {
                if let Some(surface) = t.lex.get(canon) {
                    consider(
                        W_SYNONYM,
                        MatchedTerm {
                            query: canon.clone(),
                            text: surface.clone(),
                            relation: Relation::Synonym,
                        },
                    );
                }
            }
            if let Some(surface) = prefix_match(&w.stem, t) {
                consider(
                    W_PREFIX,
                    MatchedTerm {
                        query: w.surface.clone(),
                        text: surface.to_string(),
                        relation: Relation::Same,
                    },
                );
            }
            // A concept phrase of the text backs at most one query word: one
            // "EXPLAIN" does not show "written", "communication" and "docs".
            for ci in q.concepts_at[i].iter().filter(|_| !q.named_at[i]) {
                let room = t.concept_hits.get(ci).copied().unwrap_or(0)
                    > concept_used.get(ci).copied().unwrap_or(0);
                if let Some(surface) = t.concepts.get(ci).filter(|_| room) {
                    consider(
                        W_RELATED,
                        MatchedTerm {
                            query: q
                                .concepts
                                .get(ci)
                                .cloned()
                                .unwrap_or_else(|| w.surface.clone()),
                            text: surface.clone(),
                            relation: Relation::Related(CONCEPTS[*ci].name.to_string()),
                        },
                    );
                    break;
                }
            }
        }
        if let Some((f, m)) = best {
            if let Relation::Related(_) = m.relation {
                if let Some(ci) = q.concepts_at[i]
                    .iter()
                    .find(|ci| t.concepts.contains_key(ci))
                {
                    *concept_used.entry(*ci).or_default() += 1;
                }
            }
            mass += weight * f;
            named_hit |= q.named_at[i];
            exact_hit |= !matches!(m.relation, Relation::Related(_));
            // One reason per lexicon term or concept is enough.
            let dup = match &m.relation {
                Relation::Synonym => !used_lex.insert(q.lex_at[i].as_deref().unwrap_or("")),
                Relation::Related(_) => q.concepts_at[i]
                    .iter()
                    .find(|ci| t.concepts.contains_key(ci))
                    .is_some_and(|ci| !used_concept.insert(*ci)),
                Relation::Same => false,
            };
            if !dup {
                terms.push((weight * f, m));
            }
        }
    }
    if total <= 0.0 || mass <= 0.0 {
        return Match::default();
    }
    // A query that is mostly a named tool ("Kafka or another event log") is
    // not shown by loosely related words alone.
    let named_share = if total > 0.0 {
        named_total / total
    } else {
        0.0
    };
    if named_share >= NAMED_CORE && !named_hit && !exact_hit {
        mass *= UNMATCHED_NAMED;
    }
    let coverage = (mass / total).min(1.0);
    let evidence = 1.0 - (-mass / MASS_SCALE).exp();
    terms.sort_by(|a, b| b.0.total_cmp(&a.0));
    Match {
        score: COVERAGE_SHARE * coverage + (1.0 - COVERAGE_SHARE) * evidence,
        terms: terms.into_iter().map(|(_, m)| m).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_and_stems() {
        let s = LexicalScorer::new();
        let m = s.score(
            "Solid PostgreSQL and testing",
            "I tuned Postgres and wrote tests",
        );
        assert!(m.score > 0.4, "{m:?}");
        assert!(m.why().contains("PostgreSQL"), "{}", m.why());
        assert_eq!(s.score("PostgreSQL", "knitting").score, 0.0);
    }

    #[test]
    fn related_terms() {
        let s = LexicalScorer::new();
        let m = s.score(
            "Stakeholder management",
            "Walked her through how I kept the VP and finance aligned",
        );
        assert!(m.score > 0.3, "{m:?}");
        assert!(m.why().contains("stakeholders"), "{}", m.why());
    }
}
