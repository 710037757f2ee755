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
use crate::text::{analyze, analyze_words, weak_factor, ConceptIndex, Doc};

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
    /// The cosine of the sentence vectors, when the sentence model scored it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub similarity: Option<f32>,
    /// The sentence of the text closest in meaning, when it is not the
    /// whole text.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub closest: Option<String>,
}

impl Match {
    /// A one-line reason: "matches 'PostgreSQL'; 'disagreed' ~ conflict".
    pub fn why(&self) -> String {
        let meaning = self.similarity.map(|c| match &self.closest {
            Some(s) => format!("close in meaning ({c:.2}) in \"{}\"", short(s, 80)),
            None => format!("close in meaning ({c:.2})"),
        });
        if self.terms.is_empty() {
            return meaning.unwrap_or_else(|| "no terms in common".to_string());
        }
        let parts: Vec<String> = self.terms.iter().take(4).map(ToString::to_string).collect();
        match meaning {
            Some(m) => format!("{m}; matches {}", parts.join("; ")),
            None => format!("matches {}", parts.join("; ")),
        }
    }
}

/// `text` cut to about `max` characters at a word boundary, with "…".
pub(crate) fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{cut}…")
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

    /// Fitted to `corpus` when the texts will be scored against each of
    /// `queries` (the requirements of a posting): a scorer may then judge a
    /// text against one query relative to the others.
    fn fit_for<'a>(&'a self, _queries: &[&str], corpus: &[&str]) -> Option<Box<dyn Scorer + 'a>> {
        self.fit(corpus)
    }

    /// Only the score of [`Scorer::score`], which a scorer may compute
    /// without building the reason.
    fn score_only(&self, query: &str, text: &str) -> f32 {
        self.score(query, text).score
    }

    /// The cosine of the sentence vectors of `query` and `text` (or its
    /// closest sentence), for a scorer that has them.
    fn similarity(&self, _query: &str, _text: &str) -> Option<f32> {
        None
    }

    /// How close `text` (a story) is to interview questions of every kind:
    /// the mean over [`crate::semantic::REFERENCE_QUESTIONS`] of their
    /// cosine with it or its closest sentence, for a scorer that has
    /// vectors. The ranking takes it off, as a story close to every
    /// question is no answer to one in particular.
    fn typicality(&self, _text: &str) -> Option<f32> {
        None
    }

    /// For a scorer that reads meaning (the sentence model): how it blends
    /// meaning with words, and the thresholds fitted with it.
    fn blend(&self) -> Option<crate::semantic::Blend> {
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
///
/// Every distinct text of the corpus is analysed once; its stems and
/// lexicon terms are interned, and the content words it would score as a
/// query (with their weights and the stems that could prefix-match them)
/// are laid out once, so scoring two texts of the corpus is a loop over
/// the query's terms with integer lookups.
pub struct FittedLexical<'a> {
    base: &'a LexicalScorer,
    /// content stem → id; ids follow the stems' sorted order
    ids: HashMap<String, u32>,
    /// IDF by stem id
    idf: Vec<f32>,
    default_idf: f32,
    /// [`text_key`] → indexes in `docs`
    index: HashMap<u64, Vec<usize>>,
    docs: Vec<Fitted>,
}

/// One analysed text of the corpus, with its interned lookups.
struct Fitted {
    text: String,
    /// From [`analyze_words`], its `lex` moved to `lex` below: not for
    /// [`score_docs`].
    doc: Doc,
    /// content stem id → index of the first word with that stem
    stems: HashMap<u32, usize>,
    /// lexicon canonical id → surface text
    lex: HashMap<u32, String>,
    /// the distinct content words, as a query
    terms: Vec<QueryTerm>,
}

/// A distinct content word of a text scored as a query.
struct QueryTerm {
    /// Index of the word in the text.
    word: usize,
    stem: u32,
    /// IDF times the aside, named and weak factors.
    weight: f32,
    /// Lexicon canonical id of the word, if any.
    lex: Option<u32>,
    /// Stems of the corpus that prefix-match this one, in the order
    /// [`prefix_match`] would try them.
    prefix: Vec<u32>,
}

impl<'a> FittedLexical<'a> {
    /// Fit IDF on `corpus` (each text one document).
    pub fn new(base: &'a LexicalScorer, corpus: &[&str]) -> Self {
        let mut df: HashMap<String, u32> = HashMap::default();
        let mut index: HashMap<u64, Vec<usize>> =
            HashMap::with_capacity_and_hasher(corpus.len(), Default::default());
        let mut docs: Vec<(&str, Doc)> = Vec::with_capacity(corpus.len());
        for text in corpus {
            let same = index.entry(text_key(text)).or_default();
            if same.iter().any(|&i| docs[i].0 == *text) {
                continue;
            }
            same.push(docs.len());
            docs.push((text, analyze_words(text, &base.lexicon, &base.concepts)));
        }
        let mut seen: HashSet<&str> = HashSet::default();
        for (_, doc) in &docs {
            seen.clear();
            for w in doc.words.iter().filter(|w| w.content) {
                if !seen.insert(&w.stem) {
                    continue;
                }
                match df.get_mut(&w.stem) {
                    Some(d) => *d += 1,
                    None => {
                        df.insert(w.stem.clone(), 1);
                    }
                }
            }
        }
        drop(seen);
        // Pseudo-documents without any term keep small corpora from
        // treating every shared word as common.
        let n = (docs.len() + PRIOR_DOCS) as f32;
        let idf_of = |d: f32| (1.0 + (n - d + 0.5) / (d + 0.5)).ln();
        let mut vocab: Vec<(String, u32)> = df.into_iter().collect();
        vocab.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let idf: Vec<f32> = vocab.iter().map(|&(_, d)| idf_of(d as f32)).collect();
        let sorted: Vec<&str> = vocab.iter().map(|(s, _)| s.as_str()).collect();
        let ids: HashMap<String, u32> = sorted
            .iter()
            .enumerate()
            .map(|(i, s)| ((*s).to_string(), i as u32))
            .collect();
        let mut lex_ids: HashMap<String, u32> = HashMap::default();
        for (_, doc) in &docs {
            for canon in doc.lex.keys() {
                let next = lex_ids.len() as u32;
                lex_ids.entry(canon.clone()).or_insert(next);
            }
        }
        let fitted = docs
            .into_iter()
            .map(|(text, doc)| fit_doc(text, doc, &ids, &idf, &sorted, &lex_ids))
            .collect();
        FittedLexical {
            base,
            ids,
            idf,
            default_idf: idf_of(1.0),
            index,
            docs: fitted,
        }
    }

    fn weight(&self, stem: &str) -> f32 {
        self.ids
            .get(stem)
            .map_or(self.default_idf, |&i| self.idf[i as usize])
    }
}

/// Intern a corpus document and lay out its query terms.
fn fit_doc(
    text: &str,
    mut doc: Doc,
    ids: &HashMap<String, u32>,
    idf: &[f32],
    sorted: &[&str],
    lex_ids: &HashMap<String, u32>,
) -> Fitted {
    let mut stems: HashMap<u32, usize> = HashMap::default();
    let mut terms = Vec::new();
    for (i, w) in doc.words.iter().enumerate() {
        if !w.content {
            continue;
        }
        // Every content stem of a corpus document is in the vocabulary.
        let Some(&id) = ids.get(&w.stem) else {
            continue;
        };
        if stems.contains_key(&id) {
            continue;
        }
        stems.insert(id, i);
        let weight = idf[id as usize]
            * if w.aside { 0.5 } else { 1.0 }
            * if doc.named_at[i] { NAMED_BOOST } else { 1.0 }
            * weak_factor(&w.stem);
        terms.push(QueryTerm {
            word: i,
            stem: id,
            weight,
            lex: doc.lex_at[i].as_ref().and_then(|c| lex_ids.get(c).copied()),
            prefix: prefix_candidates(&w.stem, ids, sorted),
        });
    }
    let lex = std::mem::take(&mut doc.lex)
        .into_iter()
        .filter_map(|(c, s)| lex_ids.get(&c).map(|&id| (id, s)))
        .collect();
    Fitted {
        text: text.to_string(),
        doc,
        stems,
        lex,
        terms,
    }
}

/// The stems of the vocabulary that [`prefix_match`] could find for `stem`,
/// in the order it tries them: shorter stems (longest first), then longer
/// ones in sorted order.
fn prefix_candidates(stem: &str, ids: &HashMap<String, u32>, sorted: &[&str]) -> Vec<u32> {
    const MIN: usize = 5;
    let mut out = Vec::new();
    if stem.len() < MIN || !stem.is_ascii() {
        return out;
    }
    for len in (MIN.max(stem.len().saturating_sub(4))..stem.len()).rev() {
        if let Some(&id) = ids.get(&stem[..len]) {
            out.push(id);
        }
    }
    let from = sorted.partition_point(|s| *s < stem);
    out.extend(
        sorted[from..]
            .iter()
            .enumerate()
            .take_while(|(_, s)| s.starts_with(stem))
            .filter(|(_, s)| s.len() > stem.len() && s.len() <= stem.len() + 4)
            .map(|(k, _)| (from + k) as u32),
    );
    out
}

impl FittedLexical<'_> {
    /// The fitted document of `text`, if it was in the corpus.
    fn fitted(&self, text: &str) -> Option<&Fitted> {
        self.index
            .get(&text_key(text))?
            .iter()
            .map(|&i| &self.docs[i])
            .find(|d| d.text == text)
    }

    /// [`score_docs`] with the fitted weights, for texts not both in the
    /// corpus (fitted documents keep no string lookups: analyse again).
    fn score_unfitted(&self, query: &str, text: &str) -> Match {
        let weight = |stem: &str| self.weight(stem);
        score_docs(&self.base.doc(query), &self.base.doc(text), &weight)
    }
}

/// A cheap key for looking a text up among the corpus: its length and a
/// few of its bytes (texts with the same key are told apart by content).
fn text_key(text: &str) -> u64 {
    let b = text.as_bytes();
    let n = b.len();
    let word = |at: usize| -> u64 {
        let mut w = [0u8; 8];
        let end = (at + 8).min(n);
        w[..end - at].copy_from_slice(&b[at..end]);
        u64::from_le_bytes(w)
    };
    let mut k = n as u64;
    if n > 0 {
        for at in [0, n / 3, n / 2, (2 * n) / 3, n.saturating_sub(8)] {
            k = (k.rotate_left(5) ^ word(at)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    k
}

impl Scorer for FittedLexical<'_> {
    fn score(&self, query: &str, text: &str) -> Match {
        match (self.fitted(query), self.fitted(text)) {
            (Some(q), Some(t)) => score_fitted::<true>(q, t),
            _ => self.score_unfitted(query, text),
        }
    }

    fn score_only(&self, query: &str, text: &str) -> f32 {
        match (self.fitted(query), self.fitted(text)) {
            (Some(q), Some(t)) => score_fitted::<false>(q, t).score,
            _ => self.score_unfitted(query, text).score,
        }
    }
}

/// How the best relation of a query term was found in the text.
enum Found<'t> {
    /// The same stem: the text word's index.
    Same(usize),
    /// The lexicon canonical in the text: its surface.
    Synonym(&'t str),
    /// A stem of the text that prefix-matches: the text word's index.
    Prefix(usize),
    /// A concept of the text: the concept and its surface in the text.
    Related(usize, &'t str),
}

/// [`score_docs`] on two fitted documents: the same computation, on the
/// interned lookups and precomputed query terms. Without `TERMS` the
/// matched terms are left out (the score is the same).
fn score_fitted<const TERMS: bool>(qf: &Fitted, tf: &Fitted) -> Match {
    let (q, t) = (&qf.doc, &tf.doc);
    let mut total = 0.0f32;
    let mut named_total = 0.0f32;
    let mut named_hit = false;
    let mut exact_hit = false;
    let mut mass = 0.0f32;
    let mut terms: Vec<(f32, MatchedTerm)> = Vec::new();
    let mut used_lex: HashSet<u32> = HashSet::default();
    let mut used_concept: HashSet<usize> = HashSet::default();
    let mut concept_used: HashMap<usize, usize> = HashMap::default();
    for qt in &qf.terms {
        let i = qt.word;
        let named = q.named_at[i];
        let weight = qt.weight;
        total += weight;
        if named {
            named_total += weight;
        }
        // The weights of the relations decrease in the order they are
        // tried, so the first one found is the best.
        let found = if let Some(&j) = tf.stems.get(&qt.stem) {
            Found::Same(j)
        } else if let Some(surface) = qt.lex.and_then(|c| tf.lex.get(&c)) {
            Found::Synonym(surface)
        } else if let Some(&j) = qt.prefix.iter().find_map(|s| tf.stems.get(s)) {
            Found::Prefix(j)
        } else if named {
            continue;
        } else {
            // A concept phrase of the text backs at most one query word: one
            // "EXPLAIN" does not show "written", "communication" and "docs".
            let related = q.concepts_at[i].iter().find_map(|ci| {
                let room = t.concept_hits.get(ci).copied().unwrap_or(0)
                    > concept_used.get(ci).copied().unwrap_or(0);
                t.concepts
                    .get(ci)
                    .filter(|_| room)
                    .map(|surface| Found::Related(*ci, surface.as_str()))
            });
            match related {
                Some(r) => r,
                None => continue,
            }
        };
        let f = match found {
            Found::Same(_) => W_SAME,
            Found::Synonym(_) => W_SYNONYM,
            Found::Prefix(_) => W_PREFIX,
            Found::Related(..) => W_RELATED,
        };
        let is_related = matches!(found, Found::Related(..));
        let concept = if is_related {
            q.concepts_at[i]
                .iter()
                .find(|ci| t.concepts.contains_key(ci))
        } else {
            None
        };
        if let Some(ci) = concept {
            *concept_used.entry(*ci).or_default() += 1;
        }
        mass += weight * f;
        named_hit |= named;
        exact_hit |= !is_related;
        if !TERMS {
            continue;
        }
        // One reason per lexicon term or concept is enough.
        let dup = match found {
            Found::Synonym(_) => !used_lex.insert(qt.lex.unwrap_or(u32::MAX)),
            Found::Related(..) => concept.is_some_and(|ci| !used_concept.insert(*ci)),
            Found::Same(_) | Found::Prefix(_) => false,
        };
        if dup {
            continue;
        }
        let w = &q.words[i];
        let m = match found {
            Found::Same(j) | Found::Prefix(j) => MatchedTerm {
                query: w.surface.clone(),
                text: t.words[j].surface.clone(),
                relation: Relation::Same,
            },
            Found::Synonym(surface) => MatchedTerm {
                query: q.lex_at[i].clone().unwrap_or_default(),
                text: surface.to_string(),
                relation: Relation::Synonym,
            },
            Found::Related(ci, surface) => MatchedTerm {
                query: q
                    .concepts
                    .get(&ci)
                    .cloned()
                    .unwrap_or_else(|| w.surface.clone()),
                text: surface.to_string(),
                relation: Relation::Related(CONCEPTS[ci].name.to_string()),
            },
        };
        terms.push((weight * f, m));
    }
    finish(total, named_total, named_hit, exact_hit, mass, terms)
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
    finish(total, named_total, named_hit, exact_hit, mass, terms)
}

/// The score from the accumulated weights, and the terms strongest first.
fn finish(
    total: f32,
    named_total: f32,
    named_hit: bool,
    exact_hit: bool,
    mut mass: f32,
    mut terms: Vec<(f32, MatchedTerm)>,
) -> Match {
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
        ..Match::default()
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
